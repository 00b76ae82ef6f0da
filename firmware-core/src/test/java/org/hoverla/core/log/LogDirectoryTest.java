package org.hoverla.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void shouldNameLogsByUtcDayAndTimeAndNeverReuseAName() throws IOException {
        // Given a directory and a start time
        LogDirectory logs = new LogDirectory(dir);
        Instant t = Instant.parse("2026-12-05T09:21:07Z");

        // When two logs start in the same second
        Path first = logs.newLogFile(t);
        Files.write(first, new byte[10]);
        Path second = logs.newLogFile(t);

        // Then both live in the day's directory, the second with a suffix
        assertThat(dir.relativize(first).toString()).isEqualTo("2026-12-05/09_21_07.ulg");
        assertThat(dir.relativize(second).toString()).isEqualTo("2026-12-05/09_21_07_1.ulg");
    }

    @Test
    void shouldListOldestFirstNumberedFromOneAndKeepTheActiveLogOnErase() throws IOException {
        // Given three logs, one of them copied in by hand at the root, and one active
        LogDirectory logs = new LogDirectory(dir);
        Path late = logs.newLogFile(Instant.parse("2026-12-05T10:00:00Z"));
        Files.write(late, new byte[300]);
        Path early = logs.newLogFile(Instant.parse("2026-12-04T23:59:59Z"));
        Files.write(early, new byte[100]);
        Path byHand = dir.resolve("px4.ulg");
        Files.write(byHand, new byte[7]);
        Files.setLastModifiedTime(byHand, java.nio.file.attribute.FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Files.write(dir.resolve("notes.txt"), new byte[1]);
        logs.markActive(late);

        // When listed
        List<LogDirectory.Entry> list = logs.list();

        // Then oldest first, ids from 1, sizes and times as the files say
        assertThat(list).extracting(LogDirectory.Entry::path).containsExactly(byHand, early, late);
        assertThat(list).extracting(LogDirectory.Entry::id).containsExactly(1, 2, 3);
        assertThat(list).extracting(LogDirectory.Entry::sizeBytes).containsExactly(7L, 100L, 300L);
        assertThat(list.get(1).utcSeconds()).isEqualTo(Instant.parse("2026-12-04T23:59:59Z").getEpochSecond());
        assertThat(list.get(2).active()).isTrue();

        // And erase deletes all but the active log
        assertThat(logs.eraseAll()).isEqualTo(2);
        assertThat(logs.list()).extracting(LogDirectory.Entry::path).containsExactly(late);
        assertThat(early.getParent()).doesNotExist();
    }

    @Test
    void shouldListNothingForAMissingDirectoryAndRefuseToCreateUnderAFile() throws IOException {
        // Given a root that does not exist, and one that is a regular file
        LogDirectory missing = new LogDirectory(dir.resolve("nothing-here"));
        Path file = dir.resolve("a-file");
        Files.write(file, new byte[1]);
        LogDirectory blocked = new LogDirectory(file);

        // Then the first lists nothing and the second cannot hold a log
        assertThat(missing.list()).isEmpty();
        assertThatThrownBy(() -> blocked.newLogFile(Instant.EPOCH)).isInstanceOf(IOException.class);
    }
}
