package org.hoverla.sim.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hoverla.core.log.LogDirectory;
import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogReader;
import org.hoverla.core.log.ulog.UlogWriter;
import org.hoverla.sim.app.HoverlaMain;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.report.FlightReport;
import org.hoverla.sim.scenario.DemoFlight;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated demo flight (lockstep, seed 1, as {@code ./hoverla sim --demo --log-dir DIR} flies it)
 * writes its log; the log replays through {@link HoverlaLogReplay} and {@code ./hoverla replay}, and
 * the estimator-vs-truth figures agree with the flight's own JSON summary ({@link FlightReport}).
 *
 * <p>Two logs: one from boot (SDLOG_MODE 1), whose replay reproduces the flight's estimator, and one
 * as the simulator writes it by default (arming to disarming), whose replayed estimator starts cold
 * at arming and so is only compared with the truth.
 */
class HoverlaLogReplayTest {
    /** The summary's figures this test compares (the sim's JSON names). */
    private static final List<String> FIGURES = List.of("att_err_rms_deg", "roll_err_rms_deg", "pitch_err_rms_deg",
            "yaw_err_rms_deg", "att_angle_err_rms_deg", "pos_err_rms_m", "pos_v_err_rms_m", "vel_err_rms_mps");

    @TempDir
    static Path dir;

    private static Path bootLog;
    private static Map<String, Object> bootSummary;
    private static Path armLog;
    private static Map<String, Object> armSummary;

    @BeforeAll
    static void flyTheDemoTwice() throws IOException {
        bootLog = fly(1, dir.resolve("boot"));
        bootSummary = lastSummary;
        armLog = fly(0, dir.resolve("arm"));
        armSummary = lastSummary;
    }

    private static Map<String, Object> lastSummary;

    /** Flies the demo as SimCommand does, logging with {@code SDLOG_MODE} = mode; returns the log. */
    private static Path fly(int sdlogMode, Path logDir) throws IOException {
        SimConfig config = new SimConfig();
        config.seed = 1;
        LockstepSim sim = new LockstepSim(config);
        sim.params().set("SDLOG_MODE", sdlogMode);
        sim.startFlightLog(new LogDirectory(logDir));
        DemoFlight demo = new DemoFlight(sim, 10.0, 20.0, 120.0, null);
        try {
            while (demo.step()) {
                // lockstep
            }
        } finally {
            sim.closeFlightLog();
        }
        assertThat(demo.phase()).as(demo.failure()).isEqualTo(DemoFlight.Phase.DONE);
        lastSummary = FlightReport.of(sim, demo, 1.0).fields();
        try (Stream<Path> files = Files.walk(logDir)) {
            List<Path> logs = files.filter(p -> p.toString().endsWith(".ulg")).toList();
            assertThat(logs).hasSize(1);
            return logs.get(0);
        }
    }

    private static double summary(Map<String, Object> s, String key) {
        return ((Number) s.get(key)).doubleValue();
    }

    /**
     * The tolerance for two RMS figures of one flight: the summary samples every 1 ms step, the log
     * holds the estimate at 50 Hz (the truth interpolated between its own 50 Hz records), and the
     * summary is rounded to 3 decimals. Measured on seed 1: every figure equal to the 3rd decimal
     * (largest difference 0.0005, the rounding); 2 % + 0.002 leaves room for sampling and no more.
     */
    private static double tolerance(double expected) {
        return 0.02 * Math.abs(expected) + 0.002;
    }

    @Test
    void shouldGiveTheFlightsOwnFiguresForTheLoggedEstimator() throws Exception {
        // Given the log of a flight and its JSON summary
        UlogFile log = UlogReader.read(bootLog);

        // When it is replayed
        HoverlaLogReplay.Result r = HoverlaLogReplay.run(log);

        // Then the logged estimate against the logged truth gives the summary's figures
        assertThat(r.hasTruth()).isTrue();
        Map<String, Object> fromLog = r.logVsTruth().toMap();
        for (String key : FIGURES) {
            double expected = summary(bootSummary, key);
            System.out.printf("%s: flight %.4f, log %.4f, replay %.4f%n", key, expected,
                    ((Number) fromLog.get(key)).doubleValue(),
                    ((Number) r.replayVsTruth().toMap().get(key)).doubleValue());
            assertThat(((Number) fromLog.get(key)).doubleValue()).as(key).isCloseTo(expected, within(tolerance(expected)));
        }
        // over the armed flight only (armed at 12.1 s, disarmed at 56.9 s in the summary)
        double armedS = summary(bootSummary, "disarmed_at_s") - summary(bootSummary, "armed_at_s");
        assertThat(r.armedS()).isCloseTo(armedS, within(0.05));
    }

    @Test
    void shouldReproduceTheFlightsEstimatorFromALogWrittenFromBoot() throws Exception {
        // Given a log from boot (the estimator's whole life, SDLOG_MODE 1)
        UlogFile log = UlogReader.read(bootLog);

        // When the flight code's EstimatorTask replays it with the log's parameters
        HoverlaLogReplay.Result r = HoverlaLogReplay.run(log);

        // Then it reproduces the logged estimate, limited by float32 logging (measured: 0.000 deg,
        // 0.000 m RMS; the bounds are far below anything a regression would move)
        System.out.printf("replay vs log: roll %.5f pitch %.5f yaw %.5f deg, horizontal %.5f vertical %.5f m%n",
                r.rollRmsDeg(), r.pitchRmsDeg(), r.yawRmsDeg(), r.posHRmsM(), r.posVRmsM());
        assertThat(r.parametersApplied()).isEqualTo(log.parameters().size());
        assertThat(r.attitudeSamples()).isGreaterThan(2500);
        assertThat(r.positionSamples()).isGreaterThan(2000);
        assertThat(r.rollRmsDeg()).isLessThan(0.01);
        assertThat(r.pitchRmsDeg()).isLessThan(0.01);
        assertThat(r.yawRmsDeg()).isLessThan(0.01);
        assertThat(r.posHRmsM()).isLessThan(0.01);
        assertThat(r.posVRmsM()).isLessThan(0.01);
        // and the replayed estimator against the truth gives the flight's own figures
        Map<String, Object> replayed = r.replayVsTruth().toMap();
        for (String key : FIGURES) {
            double expected = summary(bootSummary, key);
            assertThat(((Number) replayed.get(key)).doubleValue()).as(key)
                    .isCloseTo(expected, within(tolerance(expected)));
        }
    }

    @Test
    void shouldSayWhyALogFromArmingReplaysDifferently() throws Exception {
        // Given the simulator's default log: from arming to disarming
        UlogFile log = UlogReader.read(armLog);

        // When it is replayed
        HoverlaLogReplay.Result r = HoverlaLogReplay.run(log);

        // Then the logged estimator's figures are still the flight's
        for (String key : FIGURES) {
            double expected = summary(armSummary, key);
            assertThat(((Number) r.logVsTruth().toMap().get(key)).doubleValue()).as(key)
                    .isCloseTo(expected, within(tolerance(expected)));
        }
        // but the replayed estimator started cold at arming (aligned mid-takeoff): it is not the
        // flight's, and the replay says so. It still converges to a usable estimate (measured on
        // seed 1: see the printed line; not asserted beyond being computed).
        System.out.println("arm-to-disarm replay vs truth: " + r.replayVsTruth().toMap());
        assertThat(r.notes()).anyMatch(n -> n.contains("starts with the vehicle armed") && n.contains("SDLOG_MODE 1"));
        assertThat(r.replayVsTruth().attitudeSamples()).isPositive();
    }

    // ---------------------------------------------------------------- ./hoverla replay

    private StringWriter out;
    private StringWriter err;

    private int replay(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String[] full = new String[args.length + 1];
        full[0] = "replay";
        System.arraycopy(args, 0, full, 1, args.length);
        return HoverlaMain.execute(full, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void shouldPrintAndWriteTheSummaryFiguresEndToEnd() throws Exception {
        // Given the log from boot
        Path json = dir.resolve("replay.json");

        // When ./hoverla replay runs on it
        int rc = replay(bootLog.toString(), "--json", json.toString());

        // Then it succeeds, keeps the EKF-vs-log lines and adds both truth lines
        System.out.println(out);
        assertThat(rc).as(err.toString()).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).contains("(Hoverla log) through EstimatorTask", "EKF vs log estimator RMS: roll ",
                "EKF vs log local position RMS: horizontal ", "Log estimator vs truth: roll/pitch RMS ",
                "Replayed estimator vs truth: roll/pitch RMS ");
        // and the JSON holds the summary's figures under its names, for both estimators
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertThat(j.get("log").asText()).isEqualTo("hoverla");
        for (String key : FIGURES) {
            double expected = summary(bootSummary, key);
            assertThat(j.get("log_vs_truth").get(key).asDouble()).as(key).isCloseTo(expected, within(tolerance(expected)));
            assertThat(j.get("replay_vs_truth").get(key).asDouble()).as(key)
                    .isCloseTo(expected, within(tolerance(expected)));
        }
    }

    @Test
    void shouldRefuseALogTruncatedBeforeItsData() throws Exception {
        // Given the flight's log cut inside its definitions (a power cut right after the log opened)
        byte[] whole = Files.readAllBytes(bootLog);
        Path cut = Files.write(dir.resolve("cut-early.ulg"), java.util.Arrays.copyOf(whole, 3000));

        // When it is replayed
        int rc = replay(cut.toString());

        // Then exit 2 with one line naming the problem
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).startsWith("replay: " + cut + ": ").contains("cut-early.ulg");
        assertThat(err.toString().lines().count()).isEqualTo(1);
        System.out.println(err);
    }

    @Test
    void shouldReplayWhatALogTruncatedInFlightHoldsAndNameTheDamage() throws Exception {
        // Given the flight's log cut in the middle of the flight (the last flush before a crash)
        byte[] whole = Files.readAllBytes(bootLog);
        Path cut = Files.write(dir.resolve("cut-late.ulg"), java.util.Arrays.copyOf(whole, whole.length / 2 + 7));

        // When it is replayed
        int rc = replay(cut.toString());

        // Then the part that was written replays (exit 0) and the damage is named
        assertThat(rc).as(err.toString()).isZero();
        assertThat(out.toString()).contains("EKF vs log estimator RMS: roll 0.000 deg, pitch 0.000 deg, yaw 0.000 deg")
                .contains("problem: ");
    }

    @Test
    void shouldRefuseAHoverlaLogWithoutSensorCombined() throws Exception {
        // Given a Hoverla log with parameters and an attitude but no IMU records
        Path file = Files.write(dir.resolve("no-imu.ulg"), hoverlaLog(false, "EST_TYPE"));

        // When it is replayed
        int rc = replay(file.toString());

        // Then exit 2: nothing drives the estimator
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("no sensor_combined records");
        assertThatThrownBy(() -> HoverlaLogReplay.run(UlogReader.read(file)))
                .isInstanceOf(LogReplay.UnusableLogException.class);
    }

    @Test
    void shouldRefuseAHoverlaLogWhoseParametersThisBuildDoesNotKnow() throws Exception {
        // Given a Hoverla log whose parameter is unknown to this build (another version wrote it)
        Path file = Files.write(dir.resolve("unknown-params.ulg"), hoverlaLog(true, "EST_OLD_GAIN"));

        // When it is replayed
        int rc = replay(file.toString());

        // Then exit 2 naming the parameter: this build's estimator is not the one that flew
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("unknown to this build", "EST_OLD_GAIN", "another Hoverla version");
    }

    @Test
    void shouldRefuseAHoverlaLogWithTheImuLoggedBelowItsRate() throws Exception {
        // Given a Hoverla log whose sensor_combined was logged at 50 Hz, each record 4 ms of IMU
        Path file = Files.write(dir.resolve("imu-50hz.ulg"), hoverlaLog(true, "EST_TYPE"));

        // When it is replayed
        int rc = replay(file.toString());

        // Then exit 2 naming the logging profile that would have made it replayable
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("sensor_combined covers 20%", "SDLOG_PROFILE");
    }

    @Test
    void shouldApplyInFlightParameterChangesAndSayWhenThereIsNoTruth() throws Exception {
        // Given a Hoverla log of 2 s standing still, with the IMU at every sample, a magnetometer, and
        // two parameter changes after the data began: one this build knows, one it does not
        UlogWriter w = new UlogWriter().header(1000);
        w.msg('I', keyValue("char[7] sys_name", "Hoverla".getBytes(StandardCharsets.US_ASCII)));
        w.msg('P', keyValue("int32_t EST_TYPE", le4(1)));
        w.format("sensor_combined:uint64_t timestamp;float[3] gyro_rad;uint32_t gyro_integral_dt;"
                + "float[3] accelerometer_m_s2;uint32_t accelerometer_integral_dt;");
        w.format("vehicle_magnetometer:uint64_t timestamp;float[3] magnetometer_ga;");
        w.add(0, 1, "sensor_combined").add(0, 2, "vehicle_magnetometer");
        for (long t = 4000; t <= 2_000_000; t += 4000) {
            w.sample(1, t, 0, 0, 0, 4000, 0, 0, -9.81, 4000);
            if (t % 20_000 == 0) {
                w.sample(2, t, 0.2, 0.0, 0.4);
            }
            if (t == 1_000_000) {
                w.msg('P', keyValue("float EST_MAG_DECL", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                        .putFloat(10f).array()));
                w.msg('P', keyValue("int32_t EST_GONE", le4(3)));
            }
        }
        UlogFile log = UlogReader.read(w.bytes());

        // When it is replayed
        HoverlaLogReplay.Result r = HoverlaLogReplay.run(log);

        // Then the known change is applied at its time, the unknown one is named, and the absent truth,
        // barometer and GNSS are said, not guessed
        assertThat(log.parameterChanges()).hasSize(2);
        assertThat(r.parameterChanges()).isEqualTo(1);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("in-flight change EST_GONE=3 unknown"));
        assertThat(r.hasTruth()).isFalse();
        assertThat(r.notes()).anyMatch(n -> n.startsWith("no ground truth"))
                .anyMatch(n -> n.startsWith("no vehicle_air_data")).anyMatch(n -> n.startsWith("no sensor_gps"));
    }

    private static byte[] le4(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    /**
     * A small Hoverla log (info sys_name, one int32 parameter named {@code param}, 1 s of level
     * attitude, and with {@code imu} sensor_combined at 50 Hz with 4 ms integrals).
     */
    private static byte[] hoverlaLog(boolean imu, String param) {
        UlogWriter w = new UlogWriter().header(1000);
        w.msg('I', keyValue("char[7] sys_name", "Hoverla".getBytes(StandardCharsets.US_ASCII)));
        w.msg('P', keyValue("int32_t " + param, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(1).array()));
        w.format("sensor_combined:uint64_t timestamp;float[3] gyro_rad;uint32_t gyro_integral_dt;"
                + "float[3] accelerometer_m_s2;uint32_t accelerometer_integral_dt;");
        w.format("vehicle_attitude:uint64_t timestamp;float[4] q;");
        w.add(0, 1, "vehicle_attitude");
        if (imu) {
            w.add(0, 2, "sensor_combined");
        }
        for (long t = 1000; t <= 1_001_000; t += 20_000) {
            w.sample(1, t, 1, 0, 0, 0);
            if (imu) {
                w.sample(2, t, 0, 0, 0, 4000, 0, 0, -9.81, 4000);
            }
        }
        return w.bytes();
    }

    private static byte[] keyValue(String key, byte[] value) {
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(1 + k.length + value.length).put((byte) k.length).put(k).put(value).array();
    }
}
