package org.hoverla.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;
    private Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", mount.toString());
        }
    }

    private List<Path> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    @Test
    void shouldReplaceTheWholeFileAndLeaveNoTemporaryFile() throws IOException {
        // Given an existing file
        Path file = dir.resolve("params.txt");
        Files.writeString(file, "old content that is longer than the new");

        // When it is saved twice
        AtomicFiles.writeString(file, "first");
        AtomicFiles.writeString(file, "second");

        // Then it holds exactly the last content and nothing else is in the directory
        assertThat(Files.readString(file)).isEqualTo("second");
        assertThat(listing(dir)).containsExactly(file);
    }

    @Test
    void shouldCreateMissingDirectories() throws IOException {
        // Given a target two directories down that do not exist yet
        Path file = dir.resolve("a/b/mission.plan");

        // When saved, Then the directories and the file are there
        AtomicFiles.write(file, new byte[] {1, 2, 3});
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
    }

    @Test
    void shouldKeepTheOldVersionAndCleanUpWhenTheDiskIsFull() throws IOException {
        // Given a saved file, and a disk that answers every write with ENOSPC (/dev/full)
        assumeTrue(Files.isWritable(Path.of("/dev/full")), "/dev/full is Linux's");
        Path file = dir.resolve("params.txt");
        AtomicFiles.writeString(file, "good");
        AtomicFiles.ChannelOpener fullDisk = (p, options) -> {
            FileChannel.open(p, options).close(); // the temporary file exists, as on a real disk
            return FileChannel.open(Path.of("/dev/full"), StandardOpenOption.WRITE);
        };

        // When a save runs out of space, Then the error names the file and the cause
        assertThatThrownBy(() -> AtomicFiles.write(file, "new".getBytes(), fullDisk)).isInstanceOf(IOException.class)
                .hasMessage(file + ": cannot save: No space left on device (the previous version is unchanged)");

        // And the old version is intact and the temporary file is gone
        assertThat(Files.readString(file)).isEqualTo("good");
        assertThat(listing(dir)).containsExactly(file);
    }

    @Test
    void shouldNameTheParentWhenItIsARegularFile() throws IOException {
        // Given a path whose parent is a plain file (root writes through permissions, this does not)
        Path plain = dir.resolve("plain");
        Files.writeString(plain, "x");

        // Then the save fails naming the parent, and nothing changes
        assertThatThrownBy(() -> AtomicFiles.writeString(plain.resolve("params.txt"), "v")).isInstanceOf(IOException.class)
                .hasMessage(plain.resolve("params.txt") + ": cannot save: " + plain
                        + " is not a directory (the previous version is unchanged)");
        assertThat(Files.readString(plain)).isEqualTo("x");
        assertThat(listing(dir)).containsExactly(plain);
    }

    @Test
    void shouldRefuseATargetThatIsADirectory() throws IOException {
        // Given a directory where the file should be
        Path target = Files.createDirectory(dir.resolve("mission.plan"));

        // Then the save fails saying so, and the directory is as it was
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "v")).isInstanceOf(IOException.class)
                .hasMessage(target + ": cannot save: it is a directory (the previous version is unchanged)");
        assertThat(Files.isDirectory(target)).isTrue();
        assertThat(listing(dir)).containsExactly(target);
    }

    @Test
    void shouldIgnoreLeftoversOfAKilledSaveAndRemoveThemAtTheNextSave() throws IOException {
        // Given a saved file and the partial temporary files two killed saves left (today's and the old fixed name)
        Path file = dir.resolve("params.txt");
        AtomicFiles.writeString(file, "good");
        Path leftover = dir.resolve("params.txt.0123456789abcdef.tmp");
        Path legacy = dir.resolve("params.txt.tmp");
        Files.writeString(leftover, "par");
        Files.writeString(legacy, "pa");
        Path unrelated = dir.resolve("params.txt.bak.0123456789abcdef.tmp");
        Files.writeString(unrelated, "b");

        // Then they are listed as leftovers of this file only, and the file still reads whole
        assertThat(AtomicFiles.leftovers(file)).containsExactlyInAnyOrder(leftover, legacy);
        assertThat(AtomicFiles.isTemporaryOf(file, leftover)).isTrue();
        assertThat(AtomicFiles.isTemporaryOf(file, file)).isFalse();
        assertThat(Files.readString(file)).isEqualTo("good");

        // When the next save runs, Then they are gone (the other file's leftover is not this save's to remove)
        AtomicFiles.writeString(file, "next");
        assertThat(listing(dir)).containsExactly(file, unrelated);
    }

    @Test
    void shouldLeaveATemporaryFileAnotherWriterIsWritingAlone() throws IOException {
        // Given a temporary file a concurrent save holds locked
        Path file = dir.resolve("params.txt");
        Path busy = dir.resolve("params.txt.fedcba9876543210.tmp");
        try (FileChannel ch = FileChannel.open(busy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             FileLock lock = ch.tryLock()) {
            assertThat(lock).isNotNull();
            // When this save runs, Then it saves and leaves the other writer's file in place
            AtomicFiles.writeString(file, "mine");
            assertThat(Files.exists(busy)).isTrue();
        }
        assertThat(Files.readString(file)).isEqualTo("mine");
    }

    @Test
    void shouldFailCleanlyOnARealFullAndARealReadOnlyFileSystem() throws Exception {
        // Given a 64 KB tmpfs holding a saved file (mounting needs root; skipped elsewhere)
        Path small = Files.createDirectory(dir.resolve("small"));
        assumeTrue("root".equals(System.getProperty("user.name"))
                && run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small.toString()), "mounting a tmpfs needs root");
        mount = small;
        Path file = small.resolve("plan.plan");
        AtomicFiles.writeString(file, "good");

        // When a save does not fit, Then ENOSPC is named, the old version is intact and no temporary file is left
        assertThatThrownBy(() -> AtomicFiles.write(file, new byte[1 << 20])).isInstanceOf(IOException.class)
                .hasMessage(file + ": cannot save: No space left on device (the previous version is unchanged)");
        assertThat(Files.readString(file)).isEqualTo("good");
        assertThat(listing(small)).containsExactly(file);

        // When the file system is remounted read-only, Then a save names that cause and changes nothing
        assumeTrue(run("mount", "-o", "remount,ro", small.toString()), "remount read-only");
        assertThatThrownBy(() -> AtomicFiles.writeString(file, "new")).isInstanceOf(IOException.class)
                .hasMessage(file + ": cannot save: Read-only file system (the previous version is unchanged)");
        assertThat(Files.readString(file)).isEqualTo("good");
        assertThat(listing(small)).containsExactly(file);
    }

    private static boolean run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
