package org.hoverla.sim.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.hoverla.core.log.ulog.UlogWriter;
import org.hoverla.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./hoverla report}: the page on good logs, one line and the right exit status on bad input. */
class ReportCommandTest {
    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String[] full = new String[args.length + 1];
        full[0] = "report";
        System.arraycopy(args, 0, full, 1, args.length);
        return HoverlaMain.execute(full, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** A small valid log: one attitude topic with 50 samples, written by the test. */
    private Path smallLog(String name) throws Exception {
        UlogWriter w = new UlogWriter().header(1_000_000L);
        w.format("vehicle_attitude:uint64_t timestamp;float[4] q");
        w.add(0, 0, "vehicle_attitude");
        for (int i = 0; i < 50; i++) {
            w.sample(0, 1_000_000L + i * 20_000L, 1, 0, 0, 0);
        }
        Path f = dir.resolve(name);
        Files.write(f, w.bytes());
        return f;
    }

    private void assertOneLineWithoutStackTrace(String text) {
        assertThat(text.strip()).doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void shouldWriteThePageBesideTheLogByDefault() throws Exception {
        // Given a valid log
        Path log = smallLog("flight.ulg");

        // When the report is written without -o
        int rc = run(log.toString());

        // Then it is flight.html beside the log, readable by others
        assertThat(rc).as(err.toString()).isZero();
        Path html = dir.resolve("flight.html");
        assertThat(html).exists();
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>");
        assertThat(Files.getPosixFilePermissions(html).toString()).contains("OTHERS_READ");
        assertThat(out.toString()).contains("Report written to " + html);
        assertThat(err.toString()).isEmpty();
        assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
    }

    @Test
    void shouldWriteWhereDashOSays() throws Exception {
        Path log = smallLog("a.ulg");
        Path html = dir.resolve("report.html");

        assertThat(run(log.toString(), "-o", html.toString())).isZero();
        assertThat(html).exists();
    }

    @Test
    void shouldRefuseAMissingFileWithOneLineAndStatusTwo() {
        Path missing = dir.resolve("nope.ulg");

        assertThat(run(missing.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("report: " + missing + ": no such file");
    }

    @Test
    void shouldRefuseADirectoryAsTheLog() {
        assertThat(run(dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is a directory");
        assertOneLineWithoutStackTrace(err.toString());
    }

    @Test
    void shouldRefuseAFileThatIsNotAULog() throws Exception {
        Path text = dir.resolve("notes.ulg");
        Files.writeString(text, "these are not the bytes of a flight log\n".repeat(10));

        assertThat(run(text.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("report: " + text + ": not a ULog file");
        assertOneLineWithoutStackTrace(err.toString());
    }

    @Test
    void shouldRefuseAnEmptyFile() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.ulg"));

        assertThat(run(empty.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("empty.ulg: file is 0 bytes, shorter than the 16-byte ULog header");
        assertOneLineWithoutStackTrace(err.toString());
    }

    @Test
    void shouldRefuseALogCutBeforeItsFirstDataRecord() throws Exception {
        // Given a log cut inside its definitions
        byte[] full = Files.readAllBytes(smallLog("full.ulg"));
        Path cut = dir.resolve("cut.ulg");
        Files.write(cut, Arrays.copyOf(full, 40));

        // Then there is nothing to report: one line with the reader's reason, status 2
        assertThat(run(cut.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cut.ulg: no data to report (file truncated");
        assertOneLineWithoutStackTrace(err.toString());
        assertThat(dir.resolve("cut.html")).doesNotExist();
    }

    @Test
    void shouldReportATruncatedLogThatStillHasDataWithAVisibleWarning() throws Exception {
        // Given a log cut in the middle of its data
        byte[] full = Files.readAllBytes(smallLog("full.ulg"));
        Path cut = dir.resolve("cut.ulg");
        Files.write(cut, Arrays.copyOf(full, full.length - 7));

        // When it is reported
        int rc = run(cut.toString());

        // Then the page is written, with the damage at its top, and stderr warns in one line
        assertThat(rc).isZero();
        assertThat(err.toString()).startsWith("report: warning: " + cut + " is damaged (1 problem, first: file truncated");
        assertOneLineWithoutStackTrace(err.toString());
        assertThat(Files.readString(dir.resolve("cut.html"))).contains("class=\"warning\"").contains("file truncated");
    }

    @Test
    void shouldFailWithStatusOneWhenTheOutputCannotBeWritten() throws Exception {
        Path log = smallLog("ok.ulg");
        Path noDir = dir.resolve("missing-dir").resolve("r.html");

        // A directory that does not exist
        assertThat(run(log.toString(), "-o", noDir.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("report: cannot write " + noDir + ": directory ").contains("does not exist");
        assertOneLineWithoutStackTrace(err.toString());

        // An output that is a directory
        assertThat(run(log.toString(), "-o", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("is a directory");
        assertOneLineWithoutStackTrace(err.toString());

        // A parent that is a regular file
        Path underFile = log.resolve("r.html");
        assertThat(run(log.toString(), "-o", underFile.toString())).isEqualTo(1);
        assertOneLineWithoutStackTrace(err.toString());
    }

    @Test
    void shouldReportTheRealDamagedPx4LogWithAWarning() throws Exception {
        // Given PX4's log that ends in zero bytes and has one wrong-size topic
        Path log = TestData.file("ulog/corrupt_actuator_armed_wrong_size.ulg");
        Path html = dir.resolve("corrupt.html");

        // When it is reported
        int rc = run(log.toString(), "-o", html.toString());

        // Then it is written with a warning
        assertThat(rc).isZero();
        assertThat(err.toString()).contains("is damaged (2 problems");
        assertThat(Files.readString(html, StandardCharsets.UTF_8)).contains("actuator_armed (multi_id 0)");
    }
}
