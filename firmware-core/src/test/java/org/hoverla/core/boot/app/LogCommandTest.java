package org.hoverla.core.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hoverla.core.log.LogDirectory;
import org.hoverla.core.log.LogInfo;
import org.hoverla.core.log.ulog.SyntheticFlightLog;
import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoverla log list|info|export} through the vehicle artifact's entry point. */
class LogCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final ObjectMapper json = new ObjectMapper();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return VehicleMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path logDirWithTwoLogs() throws IOException {
        LogDirectory dir = new LogDirectory(tmp.resolve("logs"));
        Path older = dir.newLogFile(Instant.parse("2026-12-04T18:30:05Z"));
        Files.write(older, SyntheticFlightLog.bytes());
        Path newer = dir.newLogFile(Instant.parse("2026-12-05T09:12:40Z"));
        Files.write(newer, Arrays.copyOf(SyntheticFlightLog.bytes(), 1500));
        return dir.root();
    }

    private Path syntheticLog() throws IOException {
        Path f = tmp.resolve("flight.ulg");
        Files.write(f, SyntheticFlightLog.bytes());
        return f;
    }

    @Test
    void shouldListLogsOldestFirstWithIdsAndJson() throws IOException {
        // Given a log directory in PX4's layout with two logs
        Path root = logDirWithTwoLogs();

        // When listed
        assertThat(run("log", "list", "--log-dir", root.toString())).as(err.toString()).isZero();

        // Then one line per log, numbered oldest first, with start time, size and path
        String text = out.toString();
        assertThat(text).containsPattern("\\s1  2026-12-04T18:30:05Z\\s+\\d+ B\\s+.*2026-12-04/18_30_05\\.ulg")
                .containsPattern("\\s2  2026-12-05T09:12:40Z\\s+1500 B\\s+.*2026-12-05/09_12_40\\.ulg")
                .contains("2 logs in " + root);

        // And --json gives the same entries
        assertThat(run("log", "list", "--log-dir", root.toString(), "--json")).isZero();
        JsonNode j = json.readTree(out.toString());
        assertThat(j.get("logs")).hasSize(2);
        assertThat(j.at("/logs/1/id").asInt()).isEqualTo(2);
        assertThat(j.at("/logs/1/size_bytes").asLong()).isEqualTo(1500);
        assertThat(j.at("/logs/0/start_utc").asText()).isEqualTo("2026-12-04T18:30:05Z");
        assertThat(j.at("/logs/0/active").asBoolean()).isFalse();
    }

    @Test
    void shouldMarkTheActiveLogWhenListedInProcess() throws IOException {
        // Given the logger's LogDirectory with the newer log marked active
        LogDirectory dir = new LogDirectory(logDirWithTwoLogs());
        dir.markActive(dir.list().get(1).path());

        // When rendered as 'log list' does
        String text = LogCommand.listText(dir.root(), dir.list());

        // Then the active one is marked
        assertThat(text.lines().filter(l -> l.contains("(active)")).collect(Collectors.toList()))
                .singleElement().asString().contains("09_12_40.ulg");
    }

    @Test
    void shouldSaySoForAnEmptyOrMissingLogDirectory() {
        assertThat(run("log", "list", "--log-dir", tmp.resolve("none").toString())).isZero();
        assertThat(out.toString()).contains("no logs in");
    }

    @Test
    void shouldDescribeALogInTextAndJson() throws IOException {
        // Given a log in Hoverla's schema
        Path f = syntheticLog();

        // When described
        assertThat(run("log", "info", f.toString())).as(err.toString()).isZero();

        // Then header, flags, info, parameters and changes, topics, dropouts, messages and problems are shown
        String text = out.toString();
        assertThat(text).contains("ULog version 1").contains("1.0 s of flight data").contains("start         5000000 us")
                .contains("compat 0000000000000000").contains("incompat 0000000000000000")
                .containsPattern("info +sys_name +Hoverla").containsPattern("info +ver_sw +1a2b3")
                .containsPattern("info +sys_uuid +000021356dda").containsPattern("info +time_ref_utc +-3600")
                .contains("info multiple perf (1)")
                .contains("parameters    3, 1 changed in flight").containsPattern("changed +MC_ROLL_P = 7.0 at 0.500")
                .containsPattern("sensor_combined\\[0] +101 +100.00 +0.000 +1.000")
                .containsPattern("battery_status\\[1] +6 ")
                .contains("dropouts      1, 35 ms in total")
                .contains("messages      4 logged (1 ERROR, 1 WARNING, 2 INFO)")
                .contains("problems      none");

        // And --json carries the same facts
        assertThat(run("log", "info", f.toString(), "--json")).isZero();
        JsonNode j = json.readTree(out.toString());
        assertThat(j.get("version").asInt()).isEqualTo(1);
        assertThat(j.get("start_timestamp_us").asLong()).isEqualTo(SyntheticFlightLog.START_US);
        assertThat(j.at("/info/sys_name").asText()).isEqualTo("Hoverla");
        assertThat(j.at("/info/ver_sw_release").asLong()).isEqualTo(0x000F00FF);
        assertThat(j.at("/info/sys_load").asDouble()).isEqualTo(0.25);
        assertThat(j.at("/parameters/count").asInt()).isEqualTo(3);
        assertThat(j.at("/parameters/changes/0/name").asText()).isEqualTo("MC_ROLL_P");
        assertThat(j.at("/parameters/changes/0/value").asDouble()).isEqualTo(7.0);
        assertThat(j.get("topics")).hasSize(6);
        assertThat(j.at("/topics/0/name").asText()).isEqualTo("sensor_combined");
        assertThat(j.at("/topics/0/samples").asInt()).isEqualTo(101);
        assertThat(j.at("/topics/0/mean_rate_hz").asDouble()).isEqualTo(100.0);
        assertThat(j.at("/topics/0/last_timestamp_us").asLong()).isEqualTo(SyntheticFlightLog.START_US + 1_000_000);
        assertThat(j.at("/topics/3/multi_id").asInt()).isEqualTo(1);
        assertThat(j.at("/dropouts/total_ms").asInt()).isEqualTo(35);
        assertThat(j.at("/messages/by_level/ERROR").asInt()).isEqualTo(1);
        assertThat(j.get("problems")).isEmpty();
        assertThat(j.get("duration_s").asDouble()).isEqualTo(1.0);
    }

    @Test
    void shouldNameALogByItsIdFromTheListing() throws IOException {
        // Given two logs
        Path root = logDirWithTwoLogs();

        // When log 1 is described by id
        assertThat(run("log", "info", "1", "--log-dir", root.toString())).as(err.toString()).isZero();

        // Then it is the older log
        assertThat(out.toString()).contains("18_30_05.ulg").contains("problems      none");

        // And an id that is not there is bad input
        assertThat(run("log", "info", "7", "--log-dir", root.toString())).isEqualTo(2);
        assertThat(err.toString().trim()).isEqualTo("log info: no log with id 7 in " + root + " (ids 1..2; see 'log list')");
    }

    @Test
    void shouldAnswerBadInputWithOneLineAndExit2() throws IOException {
        // A missing file
        assertThat(run("log", "info", tmp.resolve("nope.ulg").toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("log info: " + tmp.resolve("nope.ulg") + ": no such file" + System.lineSeparator());

        // Not a ULog (wrong magic)
        Path csv = Files.writeString(tmp.resolve("notes.ulg"), "time,value\n1,2\n");
        assertThat(run("log", "info", csv.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("not a ULog file (it starts with 0x74696d652c7661").doesNotContain("Exception")
                .hasLineCount(1);

        // An empty file
        Path empty = Files.write(tmp.resolve("empty.ulg"), new byte[0]);
        assertThat(run("log", "info", empty.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("not a ULog file (it starts with nothing, it is empty").hasLineCount(1);

        // A directory
        assertThat(run("log", "info", tmp.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is a directory").hasLineCount(1);

        // A missing FILE|ID
        assertThat(run("log", "info")).isEqualTo(2);
        assertThat(err.toString()).hasLineCount(1);
    }

    @Test
    void shouldDescribeATruncatedLogAtEveryCutWithoutThrowing() throws IOException {
        // Given the log cut at every offset of its header and definitions and every 3rd after (read at
        // each, rendered at every 7th, the command at the first 40 and every 61st)
        byte[] whole = SyntheticFlightLog.bytes();
        Path cut = tmp.resolve("cut.ulg");
        for (int n = 0; n < whole.length; n += n < 1200 ? 1 : 3) {
            byte[] part = Arrays.copyOf(whole, n);
            UlogFile f = UlogReader.read(part);
            if (n >= 16) {
                // Then every cut inside a message is reported as truncation (a cut between messages reads cleanly)
                assertThat(f.problems()).as("cut at %d", n).allMatch(p -> p.startsWith("file truncated"));
            }
            if (n % 7 == 0) {
                String text = LogInfo.text(f, "cut.ulg", n);
                assertThat(LogInfo.json(f, "cut.ulg", n).get("problems")).hasSize(f.problems().size());
                assertThat(text).contains(f.problems().isEmpty() ? "problems      none" : "problems      1");
            }
            if (n < 40 || n % 61 == 0) {
                Files.write(cut, part);
                int status = run("log", "info", cut.toString());
                // And the command exits 2 only when even the 7-byte magic is incomplete, else 0
                assertThat(status).as("cut at %d: %s", n, err).isEqualTo(n < 7 ? 2 : 0);
                assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
                if (n >= 7 && n < 16) {
                    assertThat(out.toString()).contains("shorter than the 16-byte ULog header");
                }
            }
        }
    }

    @Test
    void shouldDescribeALogWithCorruptMessageSizes() throws IOException {
        // Given the log with the size field of a message near the middle overwritten with 0xFFFF and 0x0000
        byte[] whole = SyntheticFlightLog.bytes();
        for (int at : new int[] {16, 16 + 43, whole.length / 2, whole.length - 40}) {
            for (int value : new int[] {0xFFFF, 0x0000, 0x0101}) {
                byte[] bad = whole.clone();
                bad[at] = (byte) value;
                bad[at + 1] = (byte) (value >> 8);
                Path f = Files.write(tmp.resolve("bad.ulg"), bad);

                // When described
                int status = run("log", "info", f.toString());

                // Then it is described with its damage listed, no trace
                assertThat(status).as(err.toString()).isZero();
                assertThat(out.toString()).contains("problems");
                assertThat(err.toString()).isEmpty();
            }
        }
    }

    @Test
    void shouldExportOneCsvPerTopicInstanceWithMessagesAndParams() throws IOException {
        // Given a log
        Path f = syntheticLog();
        Path dir = tmp.resolve("csv/out");

        // When exported
        assertThat(run("log", "export", f.toString(), "--out", dir.toString())).as(err.toString()).isZero();

        // Then one CSV per topic instance plus messages.csv and params.csv, no temporary files left
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                    "battery_status_0.csv", "battery_status_1.csv", "loop_timing_0.csv", "messages.csv", "params.csv",
                    "position_setpoint_triplet_0.csv", "sensor_combined_0.csv", "vehicle_attitude_0.csv");
        }
        assertThat(out.toString()).contains("exported 6 topic instances").contains("8 files written");

        // And the header names array elements name[i] with timestamp (us) first
        List<String> imu = Files.readAllLines(dir.resolve("sensor_combined_0.csv"));
        assertThat(imu).hasSize(1 + SyntheticFlightLog.IMU_SAMPLES);
        assertThat(imu.get(0)).isEqualTo("timestamp,gyro_rad[0],gyro_rad[1],gyro_rad[2],gyro_integral_dt,"
                + "accelerometer_timestamp_relative,accelerometer_m_s2[0],accelerometer_m_s2[1],accelerometer_m_s2[2],"
                + "accelerometer_integral_dt,accelerometer_clipping");
        assertThat(imu.get(2)).isEqualTo("5010000,0.01,-0.02,0.003,4000,0,0.1,-0.2,-9.81,4000,0");
        assertThat(Files.readAllLines(dir.resolve("position_setpoint_triplet_0.csv")).get(0))
                .startsWith("timestamp,previous.timestamp,previous.lat,previous.lon,previous.alt,previous.valid,current.timestamp");
        assertThat(Files.readAllLines(dir.resolve("position_setpoint_triplet_0.csv")).get(1))
                .startsWith("5000000,5000000,50.45,30.52,120.0,1,5000000,50.4501,30.52,121.0,1");
        assertThat(Files.readAllLines(dir.resolve("loop_timing_0.csv")).get(0))
                .isEqualTo("timestamp,cycles,deadline_misses,overruns,lateness_max_us,lateness_hist_us[0],lateness_hist_us[1],"
                        + "lateness_hist_us[2],lateness_hist_us[3]");

        // And the logged strings and parameters, a comma in a text quoted
        List<String> messages = Files.readAllLines(dir.resolve("messages.csv"));
        assertThat(messages).containsExactly("timestamp,level,level_name,tag,text",
                "5001000,6,INFO,,[commander] Takeoff detected",
                "5500000,4,WARNING,3,\"Low battery, return advised\"",
                "6000000,3,ERROR,,Failsafe: lost GCS link",
                "6000000,6,INFO,,Disarmed by landing");
        assertThat(Files.readAllLines(dir.resolve("params.csv"))).containsExactly("timestamp,name,value,kind",
                "5000000,MC_ROLL_P,6.5,initial", "5000000,SDLOG_MODE,0,initial", "5000000,MPC_XY_VEL_MAX,12.0,initial",
                "5500000,MC_ROLL_P,7.0,changed");
    }

    @Test
    void shouldExportOnlyTheNamedTopicsAndRefuseUnknownOnes() throws IOException {
        Path f = syntheticLog();
        Path dir = tmp.resolve("some");

        // When two topics are named
        assertThat(run("log", "export", f.toString(), "--out", dir.toString(), "--topics", "battery_status,loop_timing"))
                .as(err.toString()).isZero();

        // Then all instances of those and nothing else
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                    "battery_status_0.csv", "battery_status_1.csv", "loop_timing_0.csv", "messages.csv", "params.csv");
        }

        // And an unknown topic is bad input, with nothing written
        Path other = tmp.resolve("other");
        assertThat(run("log", "export", f.toString(), "--out", other.toString(), "--topics", "sensor_combined,vehicle_gps"))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("log export: unknown topic vehicle_gps; the log has: sensor_combined, vehicle_attitude")
                .hasLineCount(1);
        assertThat(other).doesNotExist();
    }

    @Test
    void shouldExit1WhenTheExportDirectoryCannotBeCreatedOrWritten() throws IOException {
        Path f = syntheticLog();

        // A regular file where the directory should be
        Path blocker = Files.writeString(tmp.resolve("blocker"), "x");
        assertThat(run("log", "export", f.toString(), "--out", blocker.resolve("csv").toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("log export: cannot write " + blocker.resolve("csv")).hasLineCount(1)
                .doesNotContain("Exception");

        // A directory in place of one of the output files
        Path dir = Files.createDirectories(tmp.resolve("out"));
        Files.createDirectories(dir.resolve("messages.csv"));
        Files.writeString(dir.resolve("messages.csv").resolve("keep"), "x");
        assertThat(run("log", "export", f.toString(), "--out", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("log export: cannot write " + dir).hasLineCount(1);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void shouldBeRegisteredInTheVehicleArtifactWithHelp() {
        assertThat(run("log", "--help")).isZero();
        assertThat(out.toString()).contains("list").contains("info").contains("export");
        assertThat(run("log", "export", "--help")).isZero();
        assertThat(out.toString()).contains("--topics").contains("--out");
        assertThat(LogCommand.defaultLogDir().toString()).endsWith("logs");
    }
}
