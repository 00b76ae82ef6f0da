package org.hoverla.sim.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.core.math.Vec3;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.MagSample;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.lockstep.SimWorld;
import org.hoverla.sim.physics.Airframe;
import org.hoverla.sim.sensors.SensorErrors;
import org.junit.jupiter.api.Test;

/**
 * The technician and the bench fixture without a calibration runner: the {@code [cal]} lines are
 * fed by hand, as PX4 writes them, and the simulated world (no flight stack) is stepped.
 */
class CalibrationTechnicianTest {
    private static final double G = Airframe.GRAVITY_MPS2;
    private static final int INFO = 6;
    /** The side the vehicle sits on (level) first, then the others in PX4's order. */
    private static final BenchSide[] ORDER = {BenchSide.DOWN, BenchSide.BACK, BenchSide.FRONT, BenchSide.LEFT,
            BenchSide.RIGHT, BenchSide.UP};

    private final SensorErrors errors = SensorErrors.demo();
    private SimWorld world;
    private CalibrationTechnician tech;

    CalibrationTechnicianTest() {
        init(CalibrationTechnician.Behaviour.NORMAL);
    }

    private void init(CalibrationTechnician.Behaviour behaviour) {
        SimConfig c = new SimConfig();
        c.useKnownSensorErrors(errors);
        c.startOnBench = true;
        world = new SimWorld(c, Airframe.defaultQuadX());
        tech = new CalibrationTechnician(world.benchFixture(), world.magSim(), behaviour);
    }

    private static CalibrationTechnicianTest with(CalibrationTechnician.Behaviour behaviour) {
        CalibrationTechnicianTest t = new CalibrationTechnicianTest();
        t.init(behaviour);
        return t;
    }

    private void step(double seconds) {
        long until = world.clock().nanoTime() + (long) (seconds * 1e9);
        while (world.clock().nanoTime() < until) {
            world.stepWorld();
            tech.act(world.clock().nanoTime());
        }
    }

    private void say(String line) {
        tech.say(INFO, line);
    }

    /** Mean IMU reading (gyro xyz, accel xyz) over {@code seconds}; also the largest accel spread. */
    private double[] meanImu(double seconds) {
        double[] sum = new double[7];
        double[] min = {1e9, 1e9, 1e9};
        double[] max = {-1e9, -1e9, -1e9};
        int n = 0;
        ImuSample s = new ImuSample();
        long until = world.clock().nanoTime() + (long) (seconds * 1e9);
        while (world.clock().nanoTime() < until) {
            world.stepWorld();
            tech.act(world.clock().nanoTime());
            world.devices().imu.poll(s);
            double[] v = {s.gyroXRadps, s.gyroYRadps, s.gyroZRadps, s.accelXMps2, s.accelYMps2, s.accelZMps2};
            for (int i = 0; i < 6; i++) {
                sum[i] += v[i];
            }
            for (int i = 0; i < 3; i++) {
                min[i] = Math.min(min[i], v[3 + i]);
                max[i] = Math.max(max[i], v[3 + i]);
            }
            n++;
        }
        for (int i = 0; i < 6; i++) {
            sum[i] /= n;
        }
        sum[6] = Math.max(max[0] - min[0], Math.max(max[1] - min[1], max[2] - min[2]));
        return sum;
    }

    private void assertReadsSideWithKnownErrors(BenchSide side, double[] imu) {
        double[][] d = errors.accelDistortion;
        for (int i = 0; i < 3; i++) {
            double expected = errors.accelOffsetMps2[i];
            for (int j = 0; j < 3; j++) {
                expected += d[i][j] * G * side.specificForceDirection(j);
            }
            // noise 70 ug/sqrt(Hz) at 1 kHz averages to ~1 mm/s^2 over 1 s; bias walk adds less
            assertThat(imu[3 + i]).as("%s accel axis %d", side, i).isCloseTo(expected, within(0.01));
            assertThat(imu[i]).as("%s gyro axis %d", side, i).isCloseTo(errors.gyroBiasRadps[i], within(2e-3));
        }
    }

    @Test
    void shouldPutTheVehicleOnEachPendingSideInPx4OrderAndHoldItStill() {
        // Given an accelerometer calibration that has started
        say("[cal] calibration started: 2 accel");
        say("[cal] pending: back front left right up down");
        say("[cal] hold vehicle still on a pending side");
        String pending = "back front left right up down";
        for (BenchSide side : ORDER) {
            // When the technician has had time to turn the vehicle (180 deg at 90 deg/s, plus reaction)
            step(3.0);
            // Then the vehicle is on the side it sat on, then on the first pending side, held still
            assertThat(tech.currentSide()).isEqualTo(side);
            assertThat(world.benchFixture().still()).isTrue();
            // And the IMU reads gravity on that side's axis through the known errors, gyro = bias
            assertReadsSideWithKnownErrors(side, meanImu(1.0));
            // When the calibration reports the side detected and done
            say("[cal] " + side.pxName + " orientation detected");
            say("[cal] " + side.pxName + " orientation detected");
            say("[cal] " + side.pxName + " side done, rotate to a different side");
            say("[cal] " + side.pxName + " side done, rotate to a different side");
            pending = pending.replace(side.pxName, "").trim().replaceAll("\\s+", " ");
            if (!pending.isEmpty()) {
                say("[cal] pending: " + pending);
                say("[cal] hold vehicle still on a pending side");
            }
        }
        say("[cal] calibration done: accel");
        step(3.0);
        // Then every side was presented once, the level one first, then in PX4's order; the vehicle is back level
        assertThat(tech.sidesPresented()).containsExactly(ORDER);
        assertThat(tech.misreadSides()).isEmpty();
        assertThat(tech.finalLine()).isEqualTo("[cal] calibration done: accel");
        assertThat(tech.phase()).isEqualTo(CalibrationTechnician.Phase.FINISHED);
        assertThat(world.vehicle().attitude().tiltRad()).isLessThan(1e-9);
    }

    @Test
    void shouldMoveBetweenSidesSoTheGyroSeesIt() {
        // Given the vehicle level, and the back side pending but not the level one
        say("[cal] calibration started: 2 accel");
        say("[cal] pending: back front left right up");
        step(0.2);
        // When the technician turns it there (from level, 90 deg at 90 deg/s)
        double[] imu = meanImu(0.5);
        // Then the gyro sees about 90 deg/s about the pitch axis while it moves
        assertThat(Math.toDegrees(imu[1] - errors.gyroBiasRadps[1])).isCloseTo(90.0, within(1.0));
        // And the accelerometer spread shows the motion
        assertThat(imu[6]).isGreaterThan(3.0);
    }

    @Test
    void shouldTurnAboutTheVerticalWhenTheMagnetometerCalibrationAsks() {
        // Given a magnetometer calibration with the vehicle on its first side, detected
        say("[cal] calibration started: 2 mag");
        say("[cal] pending: back front left right up");
        say("[cal] hold vehicle still on a pending side");
        step(2.0);
        assertThat(tech.currentSide()).isEqualTo(BenchSide.BACK);
        say("[cal] back orientation detected");
        // When asked to rotate around the detected orientation
        say("[cal] Rotate vehicle around the detected orientation");
        say("[cal] Continue rotation for back 20.0 s");
        step(0.1);
        double[] imu = meanImu(1.0);
        // Then it turns at 60 deg/s about the body axis that points up (x, tail down)
        assertThat(Math.toDegrees(Math.abs(imu[0] - errors.gyroBiasRadps[0]))).isCloseTo(60.0, within(0.5));
        assertThat(tech.phase()).isEqualTo(CalibrationTechnician.Phase.ROTATING);
        // And the magnetometer's horizontal components turn with it
        MagSample m = new MagSample();
        double minY = 1e9;
        double maxY = -1e9;
        for (int i = 0; i < 6000; i++) {
            world.stepWorld();
            tech.act(world.clock().nanoTime());
            if (world.devices().magnetometer.poll(m)) {
                minY = Math.min(minY, m.fieldYGauss);
                maxY = Math.max(maxY, m.fieldYGauss);
            }
        }
        assertThat(maxY - minY).isGreaterThan(0.2);
        // When that side is done
        say("[cal] back side done, rotate to a different side");
        step(3.0);
        // Then it stops and goes to the next pending side
        assertThat(tech.currentSide()).isEqualTo(BenchSide.FRONT);
        assertThat(world.benchFixture().still()).isTrue();
    }

    @Test
    void shouldSweepAllSidesWhenAskedToRotateWithoutASide() {
        // Given a magnetometer calibration that names no sides
        say("[cal] calibration started: 2 mag");
        say("[cal] Rotate vehicle");
        // When the technician has swept for a while
        step(6 * (CalibrationTechnician.SWEEP_SIDE_S + 2.5));
        // Then it has turned the vehicle on every side
        assertThat(tech.phase()).isEqualTo(CalibrationTechnician.Phase.SWEEPING);
        assertThat(world.benchFixture().still()).isFalse();
        say("[cal] calibration done: mag");
        step(3.0);
        assertThat(world.benchFixture().still()).isTrue();
        assertThat(world.vehicle().attitude().tiltRad()).isLessThan(1e-9);
    }

    @Test
    void shouldHoldLevelAndStillForTheGyro() {
        // Given a gyro calibration
        say("[cal] calibration started: 2 gyro");
        step(1.0);
        // When the IMU is read at rest
        double[] imu = meanImu(2.0);
        // Then the vehicle is level and still: the gyro reads its bias, the accel -g on z with the errors
        assertThat(world.benchFixture().still()).isTrue();
        assertReadsSideWithKnownErrors(BenchSide.DOWN, imu);
    }

    @Test
    void shouldRockTheVehicleWhenToldToMoveDuringTheHold() {
        // Given a technician that does not hold still
        CalibrationTechnicianTest t = with(CalibrationTechnician.Behaviour.MOVE_DURING_HOLD);
        t.say("[cal] calibration started: 2 accel");
        t.say("[cal] pending: back front left right up");
        t.step(2.0);
        // When the side is detected (the calibration is measuring)
        t.say("[cal] back orientation detected");
        double[] imu = t.meanImu(1.0);
        // Then the vehicle moves: the accelerometer swings by metres per second squared
        assertThat(t.world.benchFixture().still()).isFalse();
        assertThat(imu[6]).isGreaterThan(2.0);
        // And for the gyro it rocks once in place
        CalibrationTechnicianTest g = with(CalibrationTechnician.Behaviour.MOVE_DURING_HOLD);
        g.say("[cal] calibration started: 2 gyro");
        g.step(0.5);
        assertThat(g.meanImu(1.0)[6]).isGreaterThan(2.0);
        // And a failure stops it, level
        g.say("[cal] calibration failed: motion detected");
        g.step(1.0);
        assertThat(g.world.benchFixture().still()).isTrue();
        assertThat(g.tech.finalLine()).isEqualTo("[cal] calibration failed: motion detected");
    }

    @Test
    void shouldStayOnTheFinishedSideWhenToldToPresentItTwice() {
        // Given a technician that presents the same side twice
        CalibrationTechnicianTest t = with(CalibrationTechnician.Behaviour.SAME_SIDE_TWICE);
        t.say("[cal] calibration started: 2 accel");
        t.say("[cal] pending: back front left right up");
        t.step(2.0);
        t.say("[cal] back orientation detected");
        // When the side is done and the calibration asks for a pending one
        t.say("[cal] back side done, rotate to a different side");
        t.say("[cal] pending: front left right up");
        t.say("[cal] hold vehicle still on a pending side");
        t.step(3.0);
        // Then the vehicle is still on its back side
        assertThat(t.tech.currentSide()).isEqualTo(BenchSide.BACK);
        assertThat(t.world.benchFixture().still()).isTrue();
        t.say("[cal] back side already completed");
        t.step(3.0);
        assertThat(t.tech.currentSide()).isEqualTo(BenchSide.BACK);
        assertThat(t.tech.alreadyCompletedCount()).isEqualTo(1);
        // While a normal technician moves on after "already completed"
        say("[cal] calibration started: 2 accel");
        step(2.0);
        assertThat(tech.currentSide()).isEqualTo(BenchSide.DOWN);
        say("[cal] down side already completed");
        step(3.0);
        assertThat(tech.currentSide()).isEqualTo(BenchSide.BACK);
    }

    @Test
    void shouldPutIronNearTheMagnetometerOnlyForItsCalibration() {
        // Given a technician that leaves iron near the magnetometer
        CalibrationTechnicianTest t = with(CalibrationTechnician.Behaviour.IRON_NEAR_MAG);
        t.say("[cal] calibration started: 2 accel");
        t.step(0.1);
        assertThat(t.world.magSim().nearbyIron()).isFalse();
        t.say("[cal] calibration cancelled");
        // When a magnetometer calibration starts
        t.say("[cal] calibration started: 2 mag");
        t.step(0.1);
        // Then the iron is there, and it is gone when the calibration ends
        assertThat(t.world.magSim().nearbyIron()).isTrue();
        t.say("[cal] calibration failed: fit quality poor");
        t.step(0.1);
        assertThat(t.world.magSim().nearbyIron()).isFalse();
    }

    @Test
    void shouldNoteASideTheCalibrationNamesDifferently() {
        // Given the vehicle presented tail down ("back")
        say("[cal] calibration started: 2 accel");
        say("[cal] pending: back front left right up");
        step(2.0);
        assertThat(tech.currentSide()).isEqualTo(BenchSide.BACK);
        // When the calibration calls it the front
        say("[cal] front orientation detected");
        step(0.1);
        // Then the technician notes the mismatch, as a person would see QGC tick the wrong picture
        assertThat(tech.misreadSides()).containsExactly("front detected, back presented");
    }

    @Test
    void shouldIgnoreLinesThatAreNotCalibrationLines() {
        // Given no calibration
        say("Preflight Fail: Accel uncalibrated");
        say("[cal] back side done, rotate to a different side");
        step(1.0);
        // Then nothing moves
        assertThat(tech.phase()).isEqualTo(CalibrationTechnician.Phase.IDLE);
        assertThat(world.benchFixture().still()).isTrue();
        assertThat(tech.heard()).hasSize(2);
        Vec3 f = world.vehicle().specificForceFrd();
        assertThat(f.z).isCloseTo(-G, within(1e-9));
    }

    @Test
    void shouldUnderstandASideDoneLineCutToOneTextChunk() {
        // Given the vehicle on its first pending side
        say("[cal] calibration started: 2 accel");
        say("[cal] pending: back front left right up");
        step(2.0);
        // When the "side done" line arrives cut at 40 characters
        say("[cal] back side done, rotate to a differ");
        step(3.0);
        // Then the technician still moves on
        assertThat(tech.currentSide()).isEqualTo(BenchSide.FRONT);
    }

    @Test
    void shouldFollowProgress() {
        say("[cal] calibration started: 2 gyro");
        say("[cal] progress <40>");
        step(0.01);
        assertThat(tech.progressPct()).isEqualTo(40);
        assertThat(tech.kind()).isEqualTo("gyro");
    }
}
