package org.hoverla.sim.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.hoverla.sim.replay.SyntheticLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.hoverla.testdata.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ./hoverla replay} on the real PX4 logs in ../shared/data/ulog and on broken input. */
class ReplayCommandTest {
    /** A file of the real test-data set: verified, or the test is skipped without the set. */
    private static Path data(String name) {
        return TestData.file("ulog/" + name);
    }

    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String[] full = new String[args.length + 1];
        full[0] = "replay";
        System.arraycopy(args, 0, full, 1, args.length);
        return HoverlaMain.execute(full, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private JsonNode replay(String name) throws Exception {
        Path json = dir.resolve(name + ".json");
        Path csv = dir.resolve(name + ".csv");
        int rc = run(data(name).toString(), "--json", json.toString(), "--csv", csv.toString());
        System.out.println("--- " + name + "\n" + out + err);
        assertThat(rc).as(err.toString()).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(Files.readAllLines(csv)).hasSizeGreaterThan(10);
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        System.out.println(j.toPrettyString());
        for (String key : new String[] {"roll_rms_deg", "pitch_rms_deg", "yaw_rms_deg", "pos_h_rms_m", "pos_v_rms_m",
                "samples", "problems"}) {
            assertThat(j.has(key)).as(key).isTrue();
        }
        for (String key : new String[] {"roll_rms_deg", "pitch_rms_deg", "yaw_rms_deg", "pos_v_rms_m"}) {
            assertThat(j.get(key).isNumber()).as(key).isTrue();
            assertThat(Double.isFinite(j.get(key).asDouble())).as(key).isTrue();
        }
        assertThat(j.get("samples").asInt()).isPositive();
        assertThat(j.get("problems").isArray()).isTrue();
        return j;
    }

    @Test
    void shouldReplayQuadrotorLocalAttitudeOnly() throws Exception {
        JsonNode j = replay("quadrotor_local.ulg");
        // The log has no GNSS fix (fix_type 0 throughout): attitude-only, says so, no horizontal figure.
        assertThat(j.get("attitude_only").asBoolean()).isTrue();
        assertThat(j.get("pos_h_rms_m").isNull()).isTrue();
        assertThat(out.toString()).contains("attitude-only");
        // Issue bounds met: roll/pitch RMS < 2 deg (measured 1.04 / 1.21 deg with 3-axis mag fusion).
        assertThat(j.get("roll_rms_deg").asDouble()).isLessThan(2.0);
        assertThat(j.get("pitch_rms_deg").asDouble()).isLessThan(2.0);
        // 3-axis magnetometer fusion with the earth-field and body-bias states is used from the start.
        assertThat(j.get("mag3d_fused").asLong()).isGreaterThan(150);
        assertThat(j.get("mag3d_rejected").asLong()).isZero();
        assertThat(j.get("heading_fused").asLong()).isZero();
        // Yaw < 5 deg is NOT met: measured 10.09 deg (16.05 with heading-only fusion). The log has
        // vehicle_magnetometer at 2 Hz only, and between 32 and 40 s the log's estimator turns its
        // yaw ~25 deg against both the gyro integral and the raw magnetometer heading while moving
        // its learned bias by 0.06 G. This bound guards the improvement; it is not the goal.
        assertThat(j.get("yaw_rms_deg").asDouble()).isLessThan(12.0);
    }

    @Test
    void shouldReplayTestUlgWithGnss() throws Exception {
        JsonNode j = replay("test.ulg");
        assertThat(j.get("attitude_only").asBoolean()).isFalse();
        assertThat(Double.isFinite(j.get("pos_h_rms_m").asDouble())).isTrue();
        assertThat(j.get("pos_h_rms_m").isNumber()).isTrue();
        // Issue bound met: horizontal position within 2 m (measured 0.51 m RMS).
        assertThat(j.get("pos_h_rms_m").asDouble()).isLessThan(2.0);
        // The log's declination came from PX4's world magnetic model (EKF2_DECL_TYPE bit 0, GNSS),
        // which Hoverla does not have: the earth field's direction is then not constrained, and
        // the replay says so. Yaw measured 2.88 deg RMS (6.21 with heading fusion and declination 0).
        assertThat(out.toString()).contains("earth field direction not constrained");
        assertThat(j.get("yaw_rms_deg").asDouble()).isLessThan(5.0);
    }

    @Test
    void shouldRefuseAMissingFileWithOneLine() {
        assertThat(run(dir.resolve("nope.ulg").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such file").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(err.toString().strip().lines()).hasSize(1);
    }

    @Test
    void shouldRefuseATruncatedLogWithoutDataWithOneLine() throws Exception {
        byte[] all = Files.readAllBytes(data("test.ulg"));
        Path cut = dir.resolve("cut.ulg");
        Files.write(cut, Arrays.copyOf(all, 4000));
        assertThat(run(cut.toString())).isEqualTo(2);
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(err.toString().strip().lines()).hasSize(1);
        System.out.println("truncated to 4000 bytes: " + err);
    }

    @Test
    void shouldReplayWhatIsLeftOfALogCutInTheMiddleAndListTheProblem() throws Exception {
        byte[] all = Files.readAllBytes(data("test.ulg"));
        Path cut = dir.resolve("half.ulg");
        Files.write(cut, Arrays.copyOf(all, all.length * 2 / 3 + 7));
        Path json = dir.resolve("half.json");
        int rc = run(cut.toString(), "--json", json.toString());
        System.out.println("truncated to 2/3: rc=" + rc + "\n" + out + err);
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        if (rc == 0) {
            JsonNode j = new ObjectMapper().readTree(json.toFile());
            assertThat(j.get("problems").size()).isPositive();
        } else {
            assertThat(rc).isEqualTo(2);
            assertThat(err.toString().strip().lines()).hasSize(1);
        }
    }

    @Test
    void shouldRefuseGarbageWithOneLine() throws Exception {
        Path junk = dir.resolve("junk.ulg");
        Files.write(junk, "this is not a ULog file at all".getBytes());
        assertThat(run(junk.toString())).isEqualTo(2);
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(err.toString().strip().lines()).hasSize(1);
    }

    @Test
    void shouldReportWhereQuadrotorLocalsOwnHeadingDepartsFromGyroAndMagnetometer() throws Exception {
        // Given the log whose estimator turns its heading ~+20° while gyro and magnetometer turn the other way
        // When replayed
        JsonNode j = replay("quadrotor_local.ulg");

        // Then one departure is reported, from about 137 s of log time, with the three turns
        JsonNode deps = j.get("reference_departures");
        assertThat(deps.size()).isEqualTo(1);
        JsonNode d = deps.get(0);
        System.out.println("quadrotor_local departure: " + d);
        assertThat(d.get("start_s").asDouble()).isBetween(130.0, 140.0);
        assertThat(d.get("end_s").asDouble()).isGreaterThan(d.get("start_s").asDouble());
        assertThat(d.get("reference_turn_deg").asDouble()).isGreaterThan(10.0);
        assertThat(d.get("gyro_turn_deg").asDouble()).isNegative();
        assertThat(d.get("mag_turn_deg").asDouble()).isNegative();
        assertThat(out.toString()).containsPattern("reference heading departs from gyro and magnetometer from 13\\d\\.\\d s");
    }

    @Test
    void shouldFlagNoHeadingDepartureOnTestUlgOnTheGround() throws Exception {
        // Given test.ulg, on the ground throughout
        // When replayed
        JsonNode j = replay("test.ulg");

        // Then the reference was judged and nothing was flagged
        assertThat(j.get("reference_not_judged").isNull()).isTrue();
        assertThat(j.get("reference_windows_judged").asInt()).isPositive();
        assertThat(j.get("reference_departures").size()).isZero();
        assertThat(out.toString()).contains("reference heading agrees with gyro and magnetometer");
    }

    @Test
    void shouldWithholdYawOnALogWithoutAMagnetometer() throws Exception {
        // Given sample_appended_multiple.ulg: an older PX4 log with no vehicle_magnetometer, no baro topic and no GNSS
        Path json = dir.resolve("sam.json");
        Path csv = dir.resolve("sam.csv");

        // When replayed
        int rc = run(data("sample_appended_multiple.ulg").toString(), "--json", json.toString(),
                "--csv", csv.toString());
        System.out.println("--- sample_appended_multiple.ulg\n" + out + err);

        // Then roll and pitch are compared, yaw and position are not, and problems say why
        assertThat(rc).isZero();
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertThat(j.get("roll_rms_deg").asDouble()).isLessThan(2.0);
        assertThat(j.get("pitch_rms_deg").asDouble()).isLessThan(2.0);
        assertThat(j.get("yaw_rms_deg").isNull()).isTrue();
        assertThat(j.get("pos_h_rms_m").isNull()).isTrue();
        assertThat(j.get("pos_v_rms_m").isNull()).isTrue();
        assertThat(j.get("problems").toString()).contains("no yaw figure").contains("no vertical position figure");
        assertThat(out.toString()).contains("EKF vs log estimator RMS: roll").doesNotContain("yaw 0").doesNotContain(
                "local position RMS");
        // and the CSV's yaw columns are empty
        String row = Files.readAllLines(csv).get(5);
        assertThat(row.split(",", -1)[5]).isEmpty();
        assertThat(row.split(",", -1)[6]).isEmpty();
    }

    @Test
    void shouldRefuseADecimatedLogWrittenByTheTestWithTheReason() throws Exception {
        // Given a synthetic log whose sensor_combined is at 9 Hz, each record integrating 4 ms
        Path log = new SyntheticLog().imu(9.0, 0.004).write(dir, "decimated.ulg");
        Path json = dir.resolve("decimated.json");

        // When replayed
        int rc = run(log.toString(), "--json", json.toString());
        System.out.println("decimated: rc=" + rc + " " + err);

        // Then exit 2 with one line naming the file and the reason, and no figures anywhere
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString().strip().lines()).singleElement().asString()
                .contains("decimated.ulg").contains("sensor_combined is decimated").contains("9.0 Hz");
        assertThat(out.toString()).doesNotContain("RMS");
        assertThat(json).doesNotExist();
    }

    static Stream<Arguments> unusableLogs() {
        return Stream.of(
                Arguments.of("no IMU", (UnaryOperator<SyntheticLog>) SyntheticLog::withoutImu, "no IMU"),
                Arguments.of("one IMU record", (UnaryOperator<SyntheticLog>) l -> l.imuRecords(1), "1 record"),
                Arguments.of("zero integration interval", (UnaryOperator<SyntheticLog>) l -> l.imu(250, 0.0),
                        "zero integration interval"),
                Arguments.of("no reference topics",
                        (UnaryOperator<SyntheticLog>) l -> l.withoutAttitude().withoutLocalPosition(),
                        "nothing to compare with"),
                Arguments.of("references only a 0.1 s burst",
                        (UnaryOperator<SyntheticLog>) l -> l.attitudeBetween(5.0, 5.1).localPositionBetween(5.0, 5.1),
                        "vehicle_attitude covers only 0.1 s"),
                Arguments.of("IMU timestamps repeating", (UnaryOperator<SyntheticLog>) l -> l.imuRepeatEvery(10),
                        "repeat or go back"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusableLogs")
    void shouldRefuseAnUnusableLogWithOneLineAndNoFigures(String name, UnaryOperator<SyntheticLog> damage,
                                                           String reason) throws Exception {
        // Given a synthetic log missing what a comparison needs
        Path log = damage.apply(new SyntheticLog()).write(dir, "bad.ulg");
        Path json = dir.resolve("bad.json");

        // When replayed
        int rc = run(log.toString(), "--json", json.toString());
        System.out.println(name + ": rc=" + rc + " " + err);

        // Then exit 2, one line naming the file and what is missing, no figures
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString().strip().lines()).singleElement().asString().contains("bad.ulg").contains(reason);
        assertThat(out.toString()).doesNotContain("RMS");
        assertThat(json).doesNotExist();
    }

    @Test
    void shouldWithholdYawOnASyntheticLogWithoutAMagnetometer() throws Exception {
        // Given a synthetic still log without a magnetometer
        Path log = new SyntheticLog().withoutMagnetometer().write(dir, "nomag.ulg");
        Path json = dir.resolve("nomag.json");

        // When replayed
        int rc = run(log.toString(), "--json", json.toString());

        // Then roll and pitch are reported, yaw is not, and problems say why
        assertThat(rc).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertThat(j.get("roll_rms_deg").isNumber()).isTrue();
        assertThat(j.get("yaw_rms_deg").isNull()).isTrue();
        assertThat(j.get("problems").toString()).contains("no yaw figure: no magnetometer");
        assertThat(out.toString()).contains("problem: no yaw figure").doesNotContain("yaw 0.");
    }
}
