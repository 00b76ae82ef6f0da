package org.hoverla.core.calibration;

import org.hoverla.core.calibration.fit.AccelSide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.msg.BatteryStatus;
import org.hoverla.hal.GnssSample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The calibration runner on synthetic raw samples (no simulator): each kind's {@code [cal]}
 * sequence (PX4's texts, which QGroundControl parses), the parameters written, and every way a
 * run ends early with nothing written.
 */
class CalibrationRunnerTest {
    private CalibrationBench bench;

    @AfterEach
    void everyLineFitsOneStatustext() {
        if (bench != null) {
            for (String line : bench.lines) {
                assertThat(line.length()).as(line).isLessThanOrEqualTo(CalibrationTexts.MAX_LENGTH);
            }
        }
    }

    @Test
    void shouldWriteEveryGyrosBiasWithDateAndTemperatureAfterTwoSecondsAtRest() {
        // Given two IMUs at rest whose gyros read a bias
        bench = new CalibrationBench();
        bench.imu = (t, out) -> {
            CalibrationBench.level(out, 0, 0);
            out[0] = 0.010;
            out[1] = -0.020;
            out[2] = 0.005;
        };
        double[] before = bench.snapshot();
        // When a gyro calibration runs
        assertThat(bench.runner.request(CalibrationKind.GYRO, bench.nowNs, false)).isEqualTo(CalibrationRunner.Start.STARTED);
        assertThat(bench.calibrating).isTrue();
        bench.runToEnd(10);
        // Then PX4's sequence is narrated and each gyro's bias lands in the slot of its device id
        List<String> expected = new ArrayList<>();
        expected.add("[cal] calibration started: 2 gyro");
        for (int p = 10; p <= 100; p += 10) {
            expected.add("[cal] progress <" + p + ">");
        }
        expected.add("[cal] calibration done: gyro");
        assertThat(bench.lines).containsExactlyElementsOf(expected);
        assertThat(bench.param("CAL_GYRO0_ID")).isEqualTo(CalibrationBench.IMU0_ID);
        assertThat(bench.param("CAL_GYRO1_ID")).isEqualTo(CalibrationBench.IMU1_ID);
        for (int slot = 0; slot < 2; slot++) {
            assertThat(bench.param("CAL_GYRO" + slot + "_XOFF")).isCloseTo(0.010, within(2e-4));
            assertThat(bench.param("CAL_GYRO" + slot + "_YOFF")).isCloseTo(-0.020, within(2e-4));
            assertThat(bench.param("CAL_GYRO" + slot + "_ZOFF")).isCloseTo(0.005, within(2e-4));
            assertThat(bench.param("CAL_GYRO" + slot + "_DATE")).isEqualTo(20261205);
            assertThat(bench.param("CAL_GYRO" + slot + "_TEMP")).isCloseTo(31.5, within(1e-9));
        }
        assertThat(bench.saves).isEqualTo(1);
        assertThat(bench.runner.lastOutcome().result()).isEqualTo(CalibrationOutcome.Result.DONE);
        assertThat(bench.runner.lastOutcome().written()).hasSize(12);
        assertThat(bench.calibrating).isFalse();
        assertThat(bench.tap.enabled()).isFalse();
        assertThat(before).isNotEqualTo(bench.snapshot());
    }

    @Test
    void shouldRetryAGyroCalibrationDisturbedByMotionAndFailAfterFiveRetriesWritingNothing() {
        // Given a vehicle being turned back and forth
        bench = new CalibrationBench();
        bench.imu = (t, out) -> {
            CalibrationBench.level(out, 0, 0);
            out[2] = 0.5 * Math.sin(t * 1e-9 * 2 * Math.PI * 2);
        };
        double[] before = bench.snapshot();
        // When a gyro calibration runs
        bench.runner.start(CalibrationKind.GYRO, bench.nowNs);
        bench.runToEnd(20);
        // Then it retries with PX4's text, then fails, and nothing changed
        assertThat(bench.lines).filteredOn(l -> l.equals(CalibrationTexts.GYRO_MOTION_RETRY)).hasSize(6);
        assertThat(bench.lines.get(bench.lines.size() - 1)).isEqualTo("[cal] calibration failed: vehicle moved");
        assertNothingWritten(before);
    }

    @Test
    void shouldWriteNothingWhenCancelled() {
        // Given a gyro calibration half way
        bench = new CalibrationBench();
        double[] before = bench.snapshot();
        bench.runner.start(CalibrationKind.GYRO, bench.nowNs);
        bench.run(1.0);
        // When the all-zero command cancels it
        bench.runner.cancel(bench.nowNs);
        bench.run(3.0);
        // Then it says so and writes nothing
        assertThat(bench.lines.get(bench.lines.size() - 1)).isEqualTo("[cal] calibration cancelled");
        assertThat(bench.runner.lastOutcome().result()).isEqualTo(CalibrationOutcome.Result.CANCELLED);
        assertNothingWritten(before);
        assertThat(bench.tap.enabled()).isFalse();
    }

    @Test
    void shouldRefuseToStartWhileArmedAndFailWhenArmedDuringARun() {
        // Given an armed vehicle
        bench = new CalibrationBench();
        bench.armed = true;
        // When a calibration is asked for
        // Then it is refused with PX4's text
        assertThat(bench.runner.request(CalibrationKind.GYRO, bench.nowNs, false)).isEqualTo(CalibrationRunner.Start.ARMED);
        assertThat(bench.lines).containsExactly("[cal] calibration failed: disarm first");
        assertThat(bench.calibrating).isFalse();
        // Given a running calibration, when the vehicle is armed anyway, then the run fails
        bench.armed = false;
        double[] before = bench.snapshot();
        bench.runner.start(CalibrationKind.GYRO, bench.nowNs);
        bench.run(0.5);
        bench.armed = true;
        bench.run(0.1);
        assertThat(bench.lines.get(bench.lines.size() - 1)).isEqualTo("[cal] calibration failed: vehicle armed");
        assertNothingWritten(before);
    }

    @Test
    void shouldDenyASecondCalibrationWhileOneRunsWithoutEndingIt() {
        // Given a running gyro calibration
        bench = new CalibrationBench();
        bench.runner.start(CalibrationKind.GYRO, bench.nowNs);
        bench.run(0.5);
        // When another is asked for
        CalibrationRunner.Start answer = bench.runner.request(CalibrationKind.ACCEL, bench.nowNs, false);
        // Then it is denied as PX4 denies it (no "[cal] … failed" that would end QGC's page), and the first goes on
        assertThat(answer).isEqualTo(CalibrationRunner.Start.BUSY);
        assertThat(bench.lines).contains(CalibrationTexts.COMMAND_DENIED);
        bench.runToEnd(5);
        assertThat(bench.lines.get(bench.lines.size() - 1)).isEqualTo("[cal] calibration done: gyro");
    }

    @Test
    void shouldFailReadingSensorWhenSamplesStop() {
        // Given IMUs that send nothing
        bench = new CalibrationBench();
        bench.imuCount = 0;
        double[] before = bench.snapshot();
        // When a gyro calibration runs
        bench.runner.start(CalibrationKind.GYRO, bench.nowNs);
        bench.runToEnd(5);
        // Then it fails with PX4's sensor error
        assertThat(bench.lines.get(bench.lines.size() - 1)).isEqualTo("[cal] calibration failed: reading sensor");
        assertNothingWritten(before);
    }

    @Test
    void shouldFailAtOnceWithoutASensorOfTheKind() {
        // Given a vehicle without barometer
        bench = new CalibrationBench(1, 1, 0);
        // When a baro calibration runs
        bench.runner.start(CalibrationKind.BARO, bench.nowNs);
        // Then it starts and fails naming what is missing
        assertThat(bench.lines).containsExactly("[cal] calibration started: 2 baro",
                "[cal] calibration failed: no baro found");
        assertThat(bench.runner.running()).isFalse();
    }

    @Test
    void shouldKeepTheOldValuesWhenTheParameterFileCannotBeSaved() {
        // Given a parameter file that cannot be written
        bench = new CalibrationBench();
        bench.failSave = true;
        double[] before = bench.snapshot();
        // When a gyro calibration completes
        bench.runner.start(CalibrationKind.GYRO, bench.nowNs);
        bench.runToEnd(5);
        // Then it fails and the values in memory are the old ones
        assertThat(bench.lines.get(bench.lines.size() - 1)).isEqualTo("[cal] calibration failed: saving parameters");
        assertThat(bench.snapshot()).isEqualTo(before);
    }

    @Test
    void shouldWriteTheLevelTrimFromTheMeanTilt() {
        // Given a vehicle standing level whose IMU board is tilted 2° in roll and -1° in pitch
        bench = new CalibrationBench();
        bench.imu = (t, out) -> CalibrationBench.level(out, Math.toRadians(2.0), Math.toRadians(-1.0));
        // When a level calibration runs
        bench.runner.start(CalibrationKind.LEVEL, bench.nowNs);
        bench.runToEnd(5);
        // Then PX4's sequence is narrated and the trim is the tilt, in degrees
        assertThat(bench.lines).containsExactly("[cal] calibration started: 2 level", "[cal] progress <20>",
                "[cal] progress <40>", "[cal] progress <60>", "[cal] progress <80>", "[cal] progress <100>",
                "[cal] calibration done: level");
        assertThat(bench.param("SENS_BOARD_X_OFF")).isCloseTo(2.0, within(0.02));
        assertThat(bench.param("SENS_BOARD_Y_OFF")).isCloseTo(-1.0, within(0.02));
    }

    @Test
    void shouldApplyTheStoredAccelCalibrationBeforeMeasuringTheLevelTrim() {
        // Given an accelerometer with a stored x offset of 0.17 m/s² (≈ 1° of pitch) on a level board
        bench = new CalibrationBench();
        bench.params.set("CAL_ACC0_ID", CalibrationBench.IMU0_ID);
        bench.params.set("CAL_ACC0_XOFF", 0.17);
        bench.imu = (t, out) -> {
            CalibrationBench.level(out, 0, 0);
            out[3] += 0.17;
        };
        // When a level calibration runs
        bench.runner.start(CalibrationKind.LEVEL, bench.nowNs);
        bench.runToEnd(5);
        // Then the offset is not taken for tilt
        assertThat(bench.param("SENS_BOARD_Y_OFF")).isCloseTo(0.0, within(0.02));
    }

    @Test
    void shouldFailTheLevelCalibrationWhenTheVehicleKeepsMovingOrIsFarFromLevel() {
        // Given a vehicle that keeps moving
        bench = new CalibrationBench();
        bench.noise = 0.5;
        double[] before = bench.snapshot();
        bench.runner.start(CalibrationKind.LEVEL, bench.nowNs);
        bench.runToEnd(30);
        assertThat(bench.lines.get(bench.lines.size() - 1)).isEqualTo("[cal] calibration failed: vehicle moved");
        assertNothingWritten(before);
        // Given a vehicle on its side
        bench.noise = 0.01;
        bench.imu = (t, out) -> CalibrationBench.level(out, Math.toRadians(60), 0);
        bench.runner.start(CalibrationKind.LEVEL, bench.nowNs);
        bench.runToEnd(5);
        assertThat(bench.lines.get(bench.lines.size() - 1)).isEqualTo("[cal] calibration failed: excess roll angle");
        assertNothingWritten(before);
    }

    @Test
    void shouldSetTheBaroOffsetSoItsAltitudeMatchesTheGnssAltitude() {
        // Given a barometer reading 150 Pa high at a GNSS altitude of 488 m
        bench = new CalibrationBench();
        double truth = BaroProcedure.standardPressurePa(488.0);
        bench.baro = (t, out) -> out[0] = truth + 150.0;
        bench.gnss = fix(488.0);
        // When a baro calibration runs
        bench.runner.start(CalibrationKind.BARO, bench.nowNs);
        bench.runToEnd(10);
        // Then the offset is the difference
        assertThat(bench.lines).containsExactly("[cal] calibration started: 2 baro", "[cal] calibration done: baro");
        assertThat(bench.param("CAL_BARO0_ID")).isEqualTo(CalibrationBench.BARO0_ID);
        assertThat(bench.param("CAL_BARO0_OFF")).isCloseTo(150.0, within(1.0));
        assertThat(bench.param("CAL_BARO0_TEMP")).isCloseTo(28.0, within(1e-9));
        assertThat(org.hoverla.core.estimation.Atmosphere.pressureToAltitudeM(truth)).isCloseTo(488.0, within(1e-6));
    }

    @Test
    void shouldFailTheBaroCalibrationWithoutAGnssFixAsPx4() {
        // Given no GNSS fix
        bench = new CalibrationBench();
        double[] before = bench.snapshot();
        // When a baro calibration runs
        bench.runner.start(CalibrationKind.BARO, bench.nowNs);
        bench.runToEnd(10);
        // Then PX4's reason
        assertThat(bench.lines).containsExactly("[cal] calibration started: 2 baro",
                "[cal] calibration failed: GNSS needed for baro cal");
        assertNothingWritten(before);
    }

    @Test
    void shouldDriveMaximumThenMinimumPulseOnceTheBatteryIsConnected() {
        // Given a disconnected battery and the props off
        bench = new CalibrationBench();
        bench.battery = new BatteryStatus();
        // When an ESC calibration runs and the battery is connected after 2 s
        assertThat(bench.runner.request(CalibrationKind.ESC, bench.nowNs, true)).isEqualTo(CalibrationRunner.Start.STARTED);
        bench.run(2.0);
        assertThat(bench.escLevels).containsExactly(CalibrationContext.EscOutput.MAX);
        bench.battery.connected = true;
        bench.run(2.9);
        assertThat(bench.escLevels).containsExactly(CalibrationContext.EscOutput.MAX);
        bench.run(0.2);
        assertThat(bench.escLevels).containsExactly(CalibrationContext.EscOutput.MAX, CalibrationContext.EscOutput.MIN);
        bench.runToEnd(10);
        // Then PX4's sequence, and the outputs are released at the end
        assertThat(bench.lines).containsExactly("[cal] calibration started: 2 esc", "[cal] Connect battery now",
                "[cal] Battery connected", "[cal] calibration done: esc");
        assertThat(bench.escLevels).containsExactly(CalibrationContext.EscOutput.MAX, CalibrationContext.EscOutput.MIN,
                CalibrationContext.EscOutput.RELEASE);
        assertThat(bench.saves).isZero();
    }

    @Test
    void shouldRefuseEscCalibrationWithoutPropsOffOrWithTheBatteryConnected() {
        // Given props not confirmed off
        bench = new CalibrationBench();
        assertThat(bench.runner.request(CalibrationKind.ESC, bench.nowNs, false)).isEqualTo(CalibrationRunner.Start.REFUSED);
        // Given a connected battery
        bench.battery = new BatteryStatus();
        bench.battery.connected = true;
        assertThat(bench.runner.request(CalibrationKind.ESC, bench.nowNs, true)).isEqualTo(CalibrationRunner.Start.REFUSED);
        // Then nothing was driven and the reasons are PX4's / explicit
        assertThat(bench.lines).containsExactly("[cal] calibration failed: props off not confirmed",
                "[cal] calibration failed: Disconnect battery first");
        assertThat(bench.escLevels).isEmpty();
    }

    @Test
    void shouldStopEscCalibrationWhenCurrentRisesOrWhenCancelled() {
        // Given ESCs that were powered all along (current rises under the maximum pulse)
        bench = new CalibrationBench();
        bench.battery = new BatteryStatus();
        bench.battery.currentA = 0.2;
        bench.runner.request(CalibrationKind.ESC, bench.nowNs, true);
        bench.run(1.5);
        bench.battery.currentA = 3.0;
        bench.run(0.1);
        // Then PX4's safety stop, outputs released
        assertThat(bench.lines.get(bench.lines.size() - 1)).isEqualTo("[cal] calibration failed: ESCs powered too early");
        assertThat(bench.escLevels).containsExactly(CalibrationContext.EscOutput.MAX, CalibrationContext.EscOutput.RELEASE);
        // Given a new run, when cancelled, then the outputs are released too
        bench.battery.currentA = 0.2;
        bench.escLevels.clear();
        bench.runner.request(CalibrationKind.ESC, bench.nowNs, true);
        bench.run(0.5);
        bench.runner.cancel(bench.nowNs);
        assertThat(bench.escLevels).containsExactly(CalibrationContext.EscOutput.MAX, CalibrationContext.EscOutput.RELEASE);
    }

    @Test
    void shouldSayASideIsDoneAlreadyAndFailWhenTheSameSideIsHeldFiveTimes() {
        // Given a technician who never turns the vehicle off its landing gear
        bench = new CalibrationBench();
        double[] before = bench.snapshot();
        // When an accelerometer calibration runs
        bench.runner.start(CalibrationKind.ACCEL, bench.nowNs);
        bench.runToEnd(60);
        // Then PX4's sequence for the first side, five "already completed", and the failure
        List<String> l = bench.lines;
        assertThat(l.subList(0, 6)).containsExactly("[cal] calibration started: 2 accel",
                "[cal] pending: back front left right up down", "[cal] hold vehicle still on a pending side",
                "[cal] detected rest position, hold still...", "[cal] down orientation detected",
                "[cal] down orientation detected");
        assertThat(l.get(6)).isEqualTo("[cal] Hold still, measuring down side");
        assertThat(l.get(7)).startsWith("[cal] down side result: [");
        assertThat(l.subList(8, 11)).containsExactly("[cal] progress <17>",
                "[cal] down side done, rotate to a different side", "[cal] down side done, rotate to a different side");
        List<String> again = List.of("[cal] pending: back front left right up", "[cal] hold vehicle still on a pending side",
                "[cal] detected rest position, hold still...", "[cal] down side already completed");
        for (int k = 0; k < 5; k++) {
            assertThat(l.subList(11 + 4 * k, 15 + 4 * k)).containsExactlyElementsOf(again);
        }
        assertThat(l.subList(31, l.size())).containsExactly("[cal] calibration failed: same side again: down");
        assertNothingWritten(before);
    }

    @Test
    void shouldFailWhenNoSideIsHeldStillWithinSixtySeconds() {
        // Given a vehicle that is never still
        bench = new CalibrationBench();
        bench.noise = 2.0;
        double[] before = bench.snapshot();
        // When an accelerometer calibration runs
        bench.runner.start(CalibrationKind.ACCEL, bench.nowNs);
        bench.run(59.5);
        assertThat(bench.runner.running()).isTrue();
        bench.runToEnd(2);
        // Then it times out with the reason
        assertThat(bench.lines.get(bench.lines.size() - 1)).isEqualTo("[cal] calibration failed: timeout: no side in 60 s");
        assertNothingWritten(before);
    }

    @Test
    void shouldAskForTheSideAgainWhenTheVehicleMovesWhileItIsMeasured() {
        // Given a technician who holds the vehicle level, then shakes it while it is measured
        bench = new CalibrationBench();
        bench.runner.start(CalibrationKind.ACCEL, bench.nowNs);
        bench.run(1.5);
        assertThat(bench.lines).contains("[cal] Hold still, measuring down side");
        bench.noise = 0.5;
        bench.run(1.0);
        bench.noise = 0.01;
        // Then the motion is said and the same sides are pending again
        int i = bench.lines.indexOf("[cal] Hold still, measuring down side");
        assertThat(bench.lines.subList(i + 1, i + 4)).containsExactly("[cal] detected motion, hold still...",
                "[cal] pending: back front left right up down", "[cal] hold vehicle still on a pending side");
        bench.runner.cancel(bench.nowNs);
    }

    @Test
    void shouldFailTheMagCalibrationWhenTheVehicleIsNotRotated() {
        // Given a technician who puts the vehicle level and never turns it
        bench = new CalibrationBench();
        double[] before = bench.snapshot();
        // When a magnetometer calibration runs
        bench.runner.start(CalibrationKind.MAG, bench.nowNs);
        bench.runToEnd(60);
        // Then PX4's side sequence, then the rotation failure
        assertThat(bench.lines).containsExactly("[cal] calibration started: 2 mag",
                "[cal] pending: back front left right up down", "[cal] hold vehicle still on a pending side",
                "[cal] detected rest position, hold still...", "[cal] down orientation detected",
                "[cal] down orientation detected", "[cal] Rotate vehicle around detected orientation",
                "[cal] Continue rotation for down 7.0 s",
                "Failed: This calibration requires rotation.", "[cal] calibration failed: vehicle not rotated");
        assertNothingWritten(before);
    }

    @Test
    void shouldRecoverAccelOffsetsAndScalesOnSixSides() {
        // Given accelerometers with known offsets and scales, and a technician who puts the vehicle
        // on the first pending side each time it is asked
        bench = new CalibrationBench();
        double[] offset = {0.12, -0.20, 0.15};
        double[] scale = {1.01, 0.99, 1.004};
        Technician tech = new Technician(bench);
        bench.imu = (t, out) -> {
            AccelSide s = tech.side;
            for (int a = 0; a < 3; a++) {
                out[a] = 0;
                out[3 + a] = CalibrationRunner.ONE_G * s.gravityBody(a) / scale[a] + offset[a];
            }
        };
        // When an accelerometer calibration runs
        bench.runner.start(CalibrationKind.ACCEL, bench.nowNs);
        bench.runToEnd(120);
        // Then it is done and recovers offsets (0.05 m/s²) and scales (0.5 %)
        assertThat(bench.lines.get(bench.lines.size() - 1)).isEqualTo("[cal] calibration done: accel");
        assertThat(bench.lines).filteredOn(l -> l.endsWith("side done, rotate to a different side")).hasSize(12);
        for (int slot = 0; slot < 2; slot++) {
            for (int a = 0; a < 3; a++) {
                String ax = Procedure.AXES[a];
                assertThat(bench.param("CAL_ACC" + slot + "_" + ax + "OFF")).isCloseTo(offset[a], within(0.05));
                assertThat(bench.param("CAL_ACC" + slot + "_" + ax + "SCALE")).isCloseTo(scale[a], within(0.005 * scale[a]));
            }
        }
    }

    @Test
    void shouldRecoverMagHardIronOnSixRotatedSides() {
        // Given a magnetometer with hard iron, and a technician who puts the vehicle on the first
        // pending side and turns it about the vertical until the side is done
        bench = new CalibrationBench();
        double[] hardIron = {0.08, -0.05, 0.12};
        Technician tech = new Technician(bench);
        bench.imu = (t, out) -> {
            for (int a = 0; a < 3; a++) {
                out[3 + a] = CalibrationRunner.ONE_G * tech.side.gravityBody(a);
                out[a] = tech.rotating ? 1.5 * tech.side.gravityBody(a) : 0.0;
            }
        };
        bench.mag = (t, out) -> {
            // field 0.2 G horizontal, 0.4 G vertical; the horizontal part turns with the vehicle
            double psi = tech.rotating ? 1.5 * (t - tech.rotatingSinceNs) * 1e-9 : 0.0;
            double[] d = {tech.side.gravityBody(0), tech.side.gravityBody(1), tech.side.gravityBody(2)};
            double[] e1 = d[0] != 0 ? new double[] {0, 1, 0} : new double[] {1, 0, 0};
            double[] e2 = {d[1] * e1[2] - d[2] * e1[1], d[2] * e1[0] - d[0] * e1[2], d[0] * e1[1] - d[1] * e1[0]};
            for (int a = 0; a < 3; a++) {
                out[a] = 0.4 * d[a] + 0.2 * (Math.cos(psi) * e1[a] + Math.sin(psi) * e2[a]) + hardIron[a];
            }
        };
        // When a magnetometer calibration runs
        bench.runner.start(CalibrationKind.MAG, bench.nowNs);
        bench.runToEnd(300);
        // Then it is done and the hard iron is within 2 % of the field
        assertThat(bench.lines.get(bench.lines.size() - 1)).isEqualTo("[cal] calibration done: mag");
        double field = Math.hypot(0.2, 0.4);
        for (int a = 0; a < 3; a++) {
            assertThat(bench.param("CAL_MAG0_" + Procedure.AXES[a] + "OFF")).isCloseTo(hardIron[a], within(0.02 * field));
        }
    }

    /** Puts the vehicle on the first pending side when asked; turns it when a magnetometer side asks. */
    private static final class Technician {
        volatile AccelSide side = AccelSide.DOWN;
        volatile boolean rotating;
        volatile long rotatingSinceNs;

        Technician(CalibrationBench bench) {
            bench.runner.addNarration((severity, text) -> {
                if (text.startsWith("[cal] pending: ")) {
                    rotating = false;
                    side = AccelSide.valueOf(text.substring("[cal] pending: ".length()).split(" ")[0].toUpperCase());
                } else if (text.startsWith("[cal] Continue rotation")) {
                    rotating = true;
                    rotatingSinceNs = bench.nowNs;
                }
            });
        }
    }

    private static GnssSample fix(double altM) {
        GnssSample g = new GnssSample();
        g.fixType = GnssSample.FIX_3D;
        g.latDeg = 47.397742;
        g.lonDeg = 8.545594;
        g.altMslM = altM;
        g.epvM = 3.0;
        g.ephM = 2.0;
        return g;
    }

    private void assertNothingWritten(double[] before) {
        assertThat(bench.snapshot()).isEqualTo(before);
        assertThat(bench.saves).isZero();
        assertThat(bench.calibrating).isFalse();
    }
}
