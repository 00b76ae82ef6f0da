package org.hoverla.core.boot.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hoverla.storage.AtomicFiles;

/**
 * Writes an {@link InstallPlan} under a root directory so that a failure leaves nothing
 * half-written: every file is first written in full beside its target (a hidden temporary name in
 * the same directory, so the rename cannot cross file systems), flushed to disk and given its mode;
 * only when all of them are written are they renamed over their targets. A failure while writing
 * (full disk, unwritable directory) removes every temporary file and every directory this run
 * created and reports the path and the cause; the system is as it was. Thread: the caller's.
 */
public final class Installer {
    private static final String TEMP_PREFIX = ".hoverla-install-";

    /** An installation that could not be completed; nothing of it was left behind. */
    public static final class InstallException extends Exception {
        private static final long serialVersionUID = 1L;

        InstallException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path root;

    /** @param root the installed system's root ({@code /}, or a scratch directory) */
    public Installer(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** @return where a target path of the plan lands under this installer's root */
    public Path under(Path target) {
        return root.resolve(root.getRoot().relativize(target.toAbsolutePath()));
    }

    /**
     * Writes the plan.
     *
     * @throws InstallException naming the path that failed and why; nothing of the plan is left
     */
    public void install(InstallPlan plan) throws InstallException {
        Deque<Path> createdDirs = new ArrayDeque<>();
        Map<Path, Path> temps = new LinkedHashMap<>();
        List<Path> renamedNew = new ArrayList<>();
        Path current = root;
        try {
            if (!Files.isDirectory(root)) {
                throw new IOException("the root directory does not exist");
            }
            for (InstallPlan.PlannedDirectory d : plan.directories()) {
                current = under(d.target());
                createDirectories(current, d.mode(), createdDirs);
            }
            for (PlannedFile f : plan.files()) {
                current = under(f.target());
                createDirectories(current.getParent(), 0755, createdDirs);
                Path temp = current.resolveSibling(TEMP_PREFIX + current.getFileName());
                temps.put(current, temp);
                write(f, temp);
            }
            // Every byte is on disk: put the files in place. A rename within a directory needs no space.
            for (Map.Entry<Path, Path> e : temps.entrySet()) {
                current = e.getKey();
                boolean existed = Files.exists(current);
                Files.move(e.getValue(), current, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                if (!existed) {
                    renamedNew.add(current);
                }
            }
            for (Path removed : plan.removals()) {
                current = under(removed);
                Files.deleteIfExists(current);
            }
            // The renames (and new directories) survive a power cut only once their directories are synced.
            java.util.Set<Path> dirs = new java.util.LinkedHashSet<>();
            for (Path target : temps.keySet()) {
                for (Path d = target.getParent(); d != null && d.startsWith(root); d = d.getParent()) {
                    dirs.add(d);
                }
            }
            for (Path d : dirs) {
                current = d;
                AtomicFiles.forceDirectory(d);
            }
        } catch (IOException | RuntimeException e) {
            for (Path temp : temps.values()) {
                deleteQuietly(temp);
            }
            for (Path p : renamedNew) {
                deleteQuietly(p);
            }
            while (!createdDirs.isEmpty()) {
                deleteQuietly(createdDirs.pop());
            }
            throw new InstallException(current + ": " + describe(e), e);
        }
    }

    private static void write(PlannedFile f, Path temp) throws IOException {
        try (InputStream in = f.open();
             FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                     StandardOpenOption.WRITE);
             OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
            in.transferTo(out);
            out.flush();
            ch.force(true);
        }
        Files.setPosixFilePermissions(temp, permissions(f.mode()));
    }

    private static void createDirectories(Path dir, int mode, Deque<Path> created) throws IOException {
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        createDirectories(dir.getParent(), 0755, created);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(dir)) {
                return;
            }
            throw e;
        }
        created.push(dir);
        Files.setPosixFilePermissions(dir, permissions(mode));
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE};
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }

    private static String describe(Exception e) {
        String cause = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (cause != null && cause.contains("No space left on device")) {
            return "no space left on device";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return cause == null ? e.getClass().getSimpleName() : cause;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: the original failure is what the user must see
        }
    }
}
