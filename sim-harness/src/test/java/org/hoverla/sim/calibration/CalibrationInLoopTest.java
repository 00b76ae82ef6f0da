package org.hoverla.sim.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hoverla.core.calibration.CalibrationKind;
import org.hoverla.core.calibration.CalibrationOutcome;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.sensors.ImuSim;
import org.hoverla.sim.sensors.SensorErrors;
import org.junit.jupiter.api.Test;

/**
 * The "calibration on simulated sensors": the simulated IMU and magnetometer carry known
 * errors ({@link SensorErrors#demo()}), the vehicle sits in the bench fixture, the simulated
 * technician follows the calibration's {@code [cal]} lines, all in lockstep; the calibration's
 * results are read back from the parameters and compared with the errors put in. Then the bad
 * input: moving during a hold, the same side twice, iron near the magnetometer, a cancel: each
 * ends without DONE and changes no calibration parameter.
 *
 * <p>Each figure is printed in a {@code FIGURES} line for the README.
 */
class CalibrationInLoopTest {
    /** The bounds. */
    static final double ACCEL_OFFSET_BOUND_MPS2 = 0.05;
    static final double ACCEL_SCALE_BOUND = 0.005;
    static final double MAG_HARD_IRON_BOUND_OF_FIELD = 0.02;
    static final double GYRO_BIAS_BOUND_DEGPS = 0.1;

    private final SensorErrors errors = SensorErrors.demo();

    private CalibrationBench bench(CalibrationTechnician.Behaviour behaviour) {
        SimConfig config = new SimConfig();
        config.useKnownSensorErrors(errors);
        config.startOnBench = true;
        LockstepSim sim = new LockstepSim(config);
        CalibrationBench bench = new CalibrationBench(sim, behaviour);
        // Let the vehicle boot and its sensor frontends settle before the technician is asked anything.
        bench.stepFor(5.0);
        return bench;
    }

    private static double param(ParamStore store, String name) {
        Param p = store.find(name);
        assertThat(p).as("parameter %s exists", name).isNotNull();
        return p.doubleValue();
    }

    /** Every calibration parameter (CAL_*, SENS_BOARD_*) and its value. */
    private static Map<String, Double> calibrationParams(ParamStore store) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < store.count(); i++) {
            Param p = store.get(i);
            if (p.name().startsWith("CAL_") || p.name().startsWith("SENS_BOARD_")) {
                out.put(p.name(), p.doubleValue());
            }
        }
        return out;
    }

    private static void figure(String format, Object... args) {
        System.out.println("FIGURES " + String.format(Locale.ROOT, format, args));
    }

    @Test
    void shouldRecoverKnownAccelOffsetsScalesAndMisalignment() {
        // Given the IMU with known offsets, scales and misalignment, on the bench
        CalibrationBench b = bench(CalibrationTechnician.Behaviour.NORMAL);
        double t0 = b.sim().timeS();
        // When the six-side calibration runs with the technician turning the vehicle
        CalibrationOutcome outcome = b.run(CalibrationKind.ACCEL, 300.0);
        // Then it is done, every side presented once and named as presented
        assertThat(outcome.result()).as("outcome %s, lines %s", outcome, b.technician().heard())
                .isEqualTo(CalibrationOutcome.Result.DONE);
        assertThat(b.technician().misreadSides()).as("sides named as PX4 names them").isEmpty();
        assertThat(b.technician().sidesPresented()).containsExactlyInAnyOrder(BenchSide.values());
        // And the parameters hold the errors put in
        ParamStore store = b.sim().params();
        ImuSim imu = b.sim().world().imuSim();
        String[] axis = {"X", "Y", "Z"};
        double[][] m = errors.expectedAccelCorrection();
        double worstOffset = 0.0;
        double worstScale = 0.0;
        double worstOdiag = 0.0;
        for (int i = 0; i < 3; i++) {
            double expectedOffset = errors.accelOffsetMps2[i] + imu.accelBiasMps2(i);
            double offsetErr = Math.abs(param(store, "CAL_ACC0_" + axis[i] + "OFF") - expectedOffset);
            double scaleErr = Math.abs(param(store, "CAL_ACC0_" + axis[i] + "SCALE") / m[i][i] - 1.0);
            worstOffset = Math.max(worstOffset, offsetErr);
            worstScale = Math.max(worstScale, scaleErr);
            assertThat(offsetErr).as("accel %s offset error (m/s^2)", axis[i]).isLessThan(ACCEL_OFFSET_BOUND_MPS2);
            assertThat(scaleErr).as("accel %s scale error", axis[i]).isLessThan(ACCEL_SCALE_BOUND);
        }
        int[][] off = {{0, 1}, {0, 2}, {1, 2}};
        for (int k = 0; k < 3; k++) {
            worstOdiag = Math.max(worstOdiag,
                    Math.abs(param(store, "CAL_ACC0_" + axis[k] + "ODIAG") - m[off[k][0]][off[k][1]]));
        }
        figure("calibration accel (demo errors, seed 1): worst offset error %.4f m/s2 (bound %.2f), worst scale error "
                        + "%.3f %% (bound %.1f %%), worst misalignment (ODIAG) error %.5f, %.1f s simulated, %d sides presented",
                worstOffset, ACCEL_OFFSET_BOUND_MPS2, 100 * worstScale, 100 * ACCEL_SCALE_BOUND, worstOdiag,
                b.sim().timeS() - t0, b.technician().sidesPresented().size());
    }

    @Test
    void shouldRecoverKnownGyroBias() {
        // Given the gyro with known biases, held still and level
        CalibrationBench b = bench(CalibrationTechnician.Behaviour.NORMAL);
        double t0 = b.sim().timeS();
        // When the gyro calibration runs
        CalibrationOutcome outcome = b.run(CalibrationKind.GYRO, 120.0);
        // Then the offsets are the biases (put in plus the slow random walk since)
        assertThat(outcome.result()).as("outcome %s, lines %s", outcome, b.technician().heard())
                .isEqualTo(CalibrationOutcome.Result.DONE);
        ParamStore store = b.sim().params();
        ImuSim imu = b.sim().world().imuSim();
        String[] axis = {"X", "Y", "Z"};
        double worst = 0.0;
        for (int i = 0; i < 3; i++) {
            double expected = errors.gyroBiasRadps[i] + imu.gyroBiasRadps(i);
            double errDegps = Math.toDegrees(Math.abs(param(store, "CAL_GYRO0_" + axis[i] + "OFF") - expected));
            worst = Math.max(worst, errDegps);
            assertThat(errDegps).as("gyro %s bias error (deg/s)", axis[i]).isLessThan(GYRO_BIAS_BOUND_DEGPS);
        }
        figure("calibration gyro (demo errors, seed 1): worst bias error %.4f deg/s (bound %.1f), %.1f s simulated",
                worst, GYRO_BIAS_BOUND_DEGPS, b.sim().timeS() - t0);
    }

    @Test
    void shouldRecoverKnownMagHardIron() {
        // Given the magnetometer with known hard and soft iron
        CalibrationBench b = bench(CalibrationTechnician.Behaviour.NORMAL);
        double t0 = b.sim().timeS();
        // When the magnetometer calibration runs with the technician turning the vehicle
        CalibrationOutcome outcome = b.run(CalibrationKind.MAG, 900.0);
        // Then the offsets are the hard iron, within 2 % of the field
        assertThat(outcome.result()).as("outcome %s, lines %s", outcome, b.technician().heard())
                .isEqualTo(CalibrationOutcome.Result.DONE);
        ParamStore store = b.sim().params();
        double field = b.sim().world().magSim().fieldNedGauss().norm();
        String[] axis = {"X", "Y", "Z"};
        double worst = 0.0;
        for (int i = 0; i < 3; i++) {
            double err = Math.abs(param(store, "CAL_MAG0_" + axis[i] + "OFF") - errors.magHardIronGauss[i]);
            worst = Math.max(worst, err);
            assertThat(err / field).as("mag %s hard-iron error over the field", axis[i])
                    .isLessThan(MAG_HARD_IRON_BOUND_OF_FIELD);
        }
        figure("calibration mag (demo errors, seed 1): worst hard-iron error %.4f G = %.2f %% of the %.3f G field "
                        + "(bound %.0f %%), %.1f s simulated, sides %s",
                worst, 100 * worst / field, field, 100 * MAG_HARD_IRON_BOUND_OF_FIELD, b.sim().timeS() - t0,
                b.technician().sidesPresented());
    }

    /** A bad-input run: not DONE, nothing written, the old calibration untouched. */
    private static void assertNothingWritten(CalibrationBench b, Map<String, Double> before, CalibrationOutcome outcome) {
        assertThat(outcome).as("an outcome").isNotNull();
        assertThat(outcome.result()).as("lines %s", b.technician().heard()).isNotEqualTo(CalibrationOutcome.Result.DONE);
        assertThat(outcome.written()).isEmpty();
        assertThat(calibrationParams(b.sim().params())).isEqualTo(before);
    }

    private static String failedLine(CalibrationBench b) {
        List<String> heard = b.technician().heard();
        return heard.stream().filter(l -> l.startsWith("[cal] calibration failed:")).findFirst().orElse(null);
    }

    @Test
    void shouldFailAndWriteNothingWhenMovedDuringTheAccelHold() {
        // Given a technician who rocks the vehicle while a side is measured
        CalibrationBench b = bench(CalibrationTechnician.Behaviour.MOVE_DURING_HOLD);
        Map<String, Double> before = calibrationParams(b.sim().params());
        // When the accelerometer calibration runs
        CalibrationOutcome outcome = b.run(CalibrationKind.ACCEL, 300.0);
        // Then it fails, saying why, and writes nothing
        assertThat(outcome.result()).as("lines %s", b.technician().heard()).isEqualTo(CalibrationOutcome.Result.FAILED);
        assertThat(failedLine(b)).isNotNull();
        assertNothingWritten(b, before, outcome);
        figure("calibration bad input, accel moved during hold: '%s'", failedLine(b));
    }

    @Test
    void shouldFailAndWriteNothingWhenMovedDuringTheGyroHold() {
        // Given a technician who cannot hold the vehicle still
        CalibrationBench b = bench(CalibrationTechnician.Behaviour.MOVE_DURING_HOLD);
        Map<String, Double> before = calibrationParams(b.sim().params());
        // When the gyro calibration runs
        CalibrationOutcome outcome = b.run(CalibrationKind.GYRO, 120.0);
        // Then it fails and writes nothing
        assertThat(outcome.result()).as("lines %s", b.technician().heard()).isEqualTo(CalibrationOutcome.Result.FAILED);
        assertThat(failedLine(b)).isNotNull();
        assertNothingWritten(b, before, outcome);
        figure("calibration bad input, gyro moved during hold: '%s'", failedLine(b));
    }

    @Test
    void shouldRefuseTheSameSideTwiceAndWriteNothing() {
        // Given a technician who leaves the vehicle on the side just finished
        CalibrationBench b = bench(CalibrationTechnician.Behaviour.SAME_SIDE_TWICE);
        Map<String, Double> before = calibrationParams(b.sim().params());
        // When the accelerometer calibration runs (cancelled after 200 s if it waits on)
        CalibrationOutcome outcome = b.run(CalibrationKind.ACCEL, 200.0);
        // Then the side is refused as already completed, and nothing is written
        assertThat(b.technician().heard()).anyMatch(l -> l.startsWith("[cal] ") && l.endsWith("side already completed"));
        assertNothingWritten(b, before, outcome);
        figure("calibration bad input, same side twice: %d 'already completed', ended %s",
                b.technician().alreadyCompletedCount(), outcome.result());
    }

    @Test
    void shouldFailAndWriteNothingWithIronNearTheMagnetometer() {
        // Given a technician who leaves iron near the magnetometer
        CalibrationBench b = bench(CalibrationTechnician.Behaviour.IRON_NEAR_MAG);
        Map<String, Double> before = calibrationParams(b.sim().params());
        // When the magnetometer calibration runs
        CalibrationOutcome outcome = b.run(CalibrationKind.MAG, 900.0);
        // Then the fit is refused (poor quality), and nothing is written
        assertThat(outcome.result()).as("lines %s", b.technician().heard()).isEqualTo(CalibrationOutcome.Result.FAILED);
        assertThat(failedLine(b)).isNotNull();
        assertNothingWritten(b, before, outcome);
        figure("calibration bad input, iron near the magnetometer: '%s'", failedLine(b));
    }

    @Test
    void shouldWriteNothingWhenCancelled() {
        // Given an accelerometer calibration some sides in
        CalibrationBench b = bench(CalibrationTechnician.Behaviour.NORMAL);
        Map<String, Double> before = calibrationParams(b.sim().params());
        b.step();
        assertThat(b.runner().start(CalibrationKind.ACCEL, b.sim().nowNs())).isTrue();
        b.stepFor(12.0);
        assertThat(b.runner().running()).isTrue();
        // When it is cancelled
        b.runner().cancel(b.sim().nowNs());
        b.stepFor(2.0);
        // Then it says so, ends CANCELLED and writes nothing
        CalibrationOutcome outcome = b.runner().lastOutcome();
        assertThat(outcome.result()).isEqualTo(CalibrationOutcome.Result.CANCELLED);
        assertThat(b.technician().finalLine()).isEqualTo("[cal] calibration cancelled");
        assertNothingWritten(b, before, outcome);
    }
}
