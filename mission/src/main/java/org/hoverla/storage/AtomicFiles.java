package org.hoverla.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Whole-file replacement that a kill or a power cut at any instant leaves as either the complete
 * old file or the complete new one: every Hoverla writer of state (parameters, plans and missions,
 * calibration, unit identity, reports, exports) saves through here.
 *
 * <h2>How</h2>
 * <ol>
 *   <li>Stale temporary files of earlier, interrupted saves of the same target are removed
 *       (those another writer still holds locked are left alone).</li>
 *   <li>The content goes to a new temporary file in the target's directory, named
 *       {@code NAME.<16 hex>.tmp}, held under an exclusive lock while it is written, then forced to
 *       the device ({@code fsync}: {@link FileChannel#force}).</li>
 *   <li>It is renamed over the target with {@code ATOMIC_MOVE} ({@code rename(2)}: atomic
 *       replacement on POSIX). A file system that cannot rename atomically is an error, never a
 *       silent copy.</li>
 *   <li>The directory is forced, so the rename itself survives a power cut: without it the
 *       directory entry may still name the old inode after a reboot, or on some file systems
 *       name a zero-length file (ext4 {@code data=writeback}, XFS before delayed-allocation
 *       fixes).</li>
 * </ol>
 * On any failure the temporary file is removed and the target is untouched; the exception names
 * the target and the cause ("No space left on device", "is a directory", …) and says the previous
 * version is unchanged.
 *
 * <p>Readers open only the target name: a temporary file ends in {@code .tmp}, so directory
 * listings by extension ({@code *.plan}, {@code *.ulg}) never see it; {@link #leftovers} lists
 * the ones a kill left behind, for a warning.
 *
 * <p>Threads: any thread except the flight thread (it blocks on the disk and allocates). One
 * writer per target at a time is the callers' contract (a second concurrent writer of the same
 * target does not corrupt it; the last rename wins).
 *
 * <p>Lives in the {@code mission} module because that is the lowest module every writer can
 * depend on ({@code mission} is a leaf imported by {@code firmware-core}, which
 * {@code sim-harness} imports); the package is neutral so it can move to its own module later.
 */
public final class AtomicFiles {
    /** The suffix of every temporary file. */
    public static final String TEMP_SUFFIX = ".tmp";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** How a save opens its temporary file: a seam for tests (a channel over /dev/full, …). */
    @FunctionalInterface
    public interface ChannelOpener {
        FileChannel open(Path file, OpenOption... options) throws IOException;
    }

    /**
     * A save that failed: {@link #getMessage()} names the target and the cause; {@link #reason()}
     * is the cause alone, for callers that name the file their own way.
     */
    public static final class SaveException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Path target;
        private final String reason;

        SaveException(Path target, String message, String reason, Throwable cause) {
            super(message, cause);
            this.target = target;
            this.reason = reason;
        }

        /** @return the file the save was for */
        public Path target() {
            return target;
        }

        /** @return why, in words ("No space left on device", "it is a directory", …) */
        public String reason() {
            return reason;
        }
    }

    private AtomicFiles() {
    }

    /** {@link #write(Path, byte[])} of {@code text} as UTF-8. */
    public static void writeString(Path target, String text) throws SaveException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Replaces {@code target} with {@code content} durably and atomically (see the class comment).
     * Creates missing parent directories (and forces their parents).
     *
     * @throws SaveException naming the target and the cause; the target is then unchanged and no
     *                       temporary file is left
     */
    public static void write(Path target, byte[] content) throws SaveException {
        write(target, content, FileChannel::open);
    }

    /** As {@link #write(Path, byte[])}, opening the temporary file through {@code opener}. */
    public static void write(Path target, byte[] content, ChannelOpener opener) throws SaveException {
        Path file = target.toAbsolutePath().normalize();
        Path dir = file.getParent();
        if (dir == null) {
            throw fail(target, "it has no parent directory", null);
        }
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw fail(target, "it is a directory", null);
        }
        createDirectories(target, dir);
        removeLeftovers(file);
        Path temp = dir.resolve(file.getFileName() + "." + HexFormat.of().toHexDigits(RANDOM.nextLong()) + TEMP_SUFFIX);
        boolean renamed = false;
        try {
            try (FileChannel ch = opener.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 FileLock ignored = lockQuietly(ch)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            renamed = true;
        } catch (AtomicMoveNotSupportedException e) {
            throw fail(target, "the file system cannot rename atomically", e);
        } catch (IOException e) {
            throw fail(target, describe(e), e);
        } finally {
            if (!renamed) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The write's error is the one to report; the next save removes the leftover.
                }
            }
        }
        try {
            forceDirectory(dir);
        } catch (IOException e) {
            String reason = "the directory could not be synced (" + describe(e) + ")";
            throw new SaveException(target, target + ": saved, but " + reason + ", so the new version may not survive"
                    + " a power cut", reason, e);
        }
    }

    /**
     * Forces a directory's entries to the device, which makes a rename or a new file in it
     * durable (POSIX {@code fsync} of the directory). A no-op where the platform cannot open a
     * directory (Windows, where a rename is durable by itself).
     */
    public static void forceDirectory(Path dir) throws IOException {
        if (!POSIX) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * The temporary files interrupted saves of {@code target} left in its directory: its own
     * ({@code NAME.<16 hex>.tmp}) and the fixed {@code NAME.tmp} earlier Hoverla versions used.
     * Readers ignore them; the next {@link #write} removes them.
     */
    public static List<Path> leftovers(Path target) {
        Path file = target.toAbsolutePath().normalize();
        Path dir = file.getParent();
        List<Path> found = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return found;
        }
        Pattern temp = tempPattern(file);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, file.getFileName() + ".*")) {
            for (Path p : s) {
                if (temp.matcher(p.getFileName().toString()).matches()) {
                    found.add(p);
                }
            }
        } catch (IOException e) {
            // Nothing listed: a leftover only costs disk space.
        }
        return found;
    }

    /** Whether {@code name} is a temporary file name of {@code target}'s saves. */
    public static boolean isTemporaryOf(Path target, Path candidate) {
        Path file = target.toAbsolutePath().normalize();
        return candidate.getFileName() != null && tempPattern(file).matcher(candidate.getFileName().toString()).matches();
    }

    private static Pattern tempPattern(Path file) {
        return Pattern.compile(Pattern.quote(file.getFileName().toString()) + "(\\.[0-9a-f]{16})?" + Pattern.quote(TEMP_SUFFIX));
    }

    /**
     * Marks the temporary file as being written, so a concurrent save's clean-up leaves it alone;
     * a file system without locks (some network mounts) still saves, unmarked.
     */
    private static FileLock lockQuietly(FileChannel ch) {
        try {
            return ch.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            return null;
        }
    }

    /** Removes leftovers no other writer holds locked. */
    private static void removeLeftovers(Path file) {
        for (Path p : leftovers(file)) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    continue; // a save in this process is writing it
                }
                if (lock == null) {
                    continue; // another process is writing it
                }
                try (lock) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // Left for the next save; it is never read as the real file.
            }
        }
    }

    private static void createDirectories(Path target, Path dir) throws SaveException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            createDirectories(target, parent);
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw fail(target, dir + " is not a directory", e);
            }
            return;
        } catch (IOException e) {
            throw fail(target, "cannot create the directory " + dir + ": " + describe(e), e);
        }
        if (parent != null) {
            try {
                forceDirectory(parent);
            } catch (IOException e) {
                throw fail(target, "cannot sync the directory " + parent + ": " + describe(e), e);
            }
        }
    }

    private static SaveException fail(Path target, String cause, Exception e) {
        return new SaveException(target, target + ": cannot save: " + cause + " (the previous version is unchanged)",
                cause, e);
    }

    /** The cause in words: the OS reason where there is one ("No space left on device"). */
    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        if (e instanceof NotDirectoryException n) {
            return n.getFile() + " is not a directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
