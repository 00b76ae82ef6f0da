package org.hoverla.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hoverla.core.boot.app.FsyncBenchCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The fsync bench measures and cleans up; it asserts no timing (the machine decides those). */
class FsyncBenchTest {
    @TempDir
    Path dir;

    @Test
    void shouldMeasureEveryOperationAtEverySizeAndLeaveNothingBehind() throws IOException {
        // When two sizes are measured three times each
        List<FsyncBench.Row> rows = FsyncBench.run(dir, new int[] {100, 4096}, 3, 1);

        // Then there is a row per operation and size, with ordered percentiles, and the directory is empty
        assertThat(rows).extracting(FsyncBench.Row::operation, FsyncBench.Row::sizeBytes).containsExactly(
                org.assertj.core.groups.Tuple.tuple("append + force", 100), org.assertj.core.groups.Tuple.tuple("atomic replace", 100),
                org.assertj.core.groups.Tuple.tuple("append + force", 4096), org.assertj.core.groups.Tuple.tuple("atomic replace", 4096));
        for (FsyncBench.Row r : rows) {
            assertThat(r.count()).isEqualTo(3);
            assertThat(r.p50Us()).isPositive().isLessThanOrEqualTo(r.p99Us());
            assertThat(r.p99Us()).isLessThanOrEqualTo(r.maxUs());
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).isEmpty();
        }
        assertThat(FsyncBench.table(rows)).contains("atomic replace", "4 KiB", "100 B", "p99 us");
    }

    @Test
    void shouldTakeNearestRankPercentiles() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(FsyncBench.percentile(sorted, 0.5)).isEqualTo(5);
        assertThat(FsyncBench.percentile(sorted, 0.99)).isEqualTo(10);
        assertThat(FsyncBench.percentile(new long[] {7}, 0.99)).isEqualTo(7);
    }

    @Test
    void shouldRefuseSizesAndCountsOutOfRange() {
        assertThatThrownBy(() -> FsyncBench.run(dir, new int[] {0}, 3, 0)).hasMessageContaining("size 0");
        assertThatThrownBy(() -> FsyncBench.run(dir, new int[] {100}, 0, 0)).hasMessageContaining("count must be");
    }

    @Test
    void shouldPrintATableFromTheCommandAndNameABadDirectory() {
        // Given the command writing to a string
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new FsyncBenchCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));

        // When run on the test directory, Then it prints the file system and the table, and cleans up
        assertThat(cl.execute("--dir", dir.toString(), "--count", "2", "--warmup", "0", "--size", "512")).isZero();
        assertThat(out.toString()).contains("fsync bench in " + dir, "file system", "append + force", "atomic replace", "512 B");
        assertThat(dir.toFile().list()).isEmpty();

        // And a directory that does not exist is a usage error naming it
        assertThat(cl.execute("--dir", dir.resolve("nope").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope: not a directory");
    }
}
