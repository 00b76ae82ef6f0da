package org.hoverla.core.update;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Puts the A/B install back in order after a crash (SIGKILL, power loss) anywhere in an update:
 * removes the half-written {@code versions/*.partial} directories and a stray
 * {@code current.next} link, and when {@code state.json} names another version than the
 * {@code current} link (the install was killed between writing the state and switching the
 * link) the link wins: state.current becomes the link's target, committed when that is the
 * last good version. The boot check calls it first, as {@code ./hoverla update} and
 * {@code --status} do. Blocking file I/O; serialised with installs by {@code update/lock}.
 */
public final class UpdateRecovery {
    private UpdateRecovery() {
    }

    /** What reconcile did, one line each (empty when all was in order). */
    public static List<String> reconcile(UpdateLayout layout) throws IOException {
        if (!Files.isDirectory(layout.installDir()) && !Files.isDirectory(layout.updateDir())) {
            return List.of(); // nothing installed here yet
        }
        try (Lock lock = Lock.tryTake(layout)) {
            if (lock == null) {
                return List.of("an update is in progress; its files were left alone");
            }
            return reconcileLocked(layout, Instant.now());
        }
    }

    static List<String> reconcileLocked(UpdateLayout layout, Instant now) throws IOException {
        List<String> done = new ArrayList<>();
        if (Files.isDirectory(layout.versionsDir())) {
            List<Path> partials;
            try (Stream<Path> s = Files.list(layout.versionsDir())) {
                partials = s.filter(p -> p.getFileName().toString().endsWith(".partial")).sorted().toList();
            }
            for (Path p : partials) {
                deleteTree(p, null);
                done.add("removed the unfinished " + layout.installDir().relativize(p));
            }
            if (!partials.isEmpty()) {
                UpdateLayout.forceDirectory(layout.versionsDir());
            }
        }
        Path next = layout.installDir().resolve("current.next");
        if (Files.deleteIfExists(next)) {
            UpdateLayout.forceDirectory(layout.installDir());
            done.add("removed a stray current.next link");
        }
        Files.deleteIfExists(layout.stateFile().resolveSibling(layout.stateFile().getFileName() + ".tmp"));
        UpdateState state = UpdateState.read(layout.stateFile());
        String link = layout.currentVersion();
        if (!Objects.equals(state.current(), link) && !state.equals(UpdateState.EMPTY)) {
            String previous = Objects.equals(state.previous(), link) ? null : state.previous();
            String reason = "the install of " + state.current() + " was interrupted before current was switched; "
                    + (link == null ? "the package's own version" : link) + " stays";
            UpdateState fixed = new UpdateState(link, previous, Objects.equals(link, state.lastGood()), state.lastGood(), 0,
                    new UpdateState.Event("recovery", state.current(), link, null, reason, now.toString()));
            fixed.write(layout.stateFile());
            done.add(reason);
        }
        return done;
    }

    /** Deletes a tree bottom-up; {@code afterEach} runs after each entry is gone (crash tests stop there). */
    static void deleteTree(Path root, Runnable afterEach) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
            if (afterEach != null) {
                afterEach.run();
            }
        }
    }

    /** The update lock ({@code update/lock}): one installer or reconcile at a time, across processes. */
    static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        /** @return the lock, or null when another process (or thread) holds it */
        static Lock tryTake(UpdateLayout layout) throws IOException {
            Files.createDirectories(layout.updateDir());
            FileChannel ch = FileChannel.open(layout.updateDir().resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                return null;
            }
            return new Lock(ch, l);
        }

        @Override
        public void close() throws IOException {
            lock.release();
            channel.close();
        }
    }
}
