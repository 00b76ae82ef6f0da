package org.hoverla.sim.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.hal.ImuSample;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.lockstep.SimWorld;
import org.hoverla.sim.physics.Airframe;
import org.hoverla.sim.sensors.SensorErrors;
import org.junit.jupiter.api.Test;

/**
 * The technician against a scripted PX4-style narration ({@link Px4NarrationScript}) that
 * watches the simulated IMU: the whole conversation runs in lockstep, with no calibration runner,
 * and ends as PX4's would.
 */
class TechnicianProtocolTest {
    /** The side the vehicle sits on (level) first, then the others in PX4's order. */
    private static final BenchSide[] ORDER = {BenchSide.DOWN, BenchSide.BACK, BenchSide.FRONT, BenchSide.LEFT,
            BenchSide.RIGHT, BenchSide.UP};
    private SimWorld world;
    private CalibrationTechnician tech;
    private Px4NarrationScript script;

    private void setUp(CalibrationTechnician.Behaviour behaviour) {
        SimConfig c = new SimConfig();
        c.useKnownSensorErrors(SensorErrors.demo());
        c.startOnBench = true;
        world = new SimWorld(c, Airframe.defaultQuadX());
        tech = new CalibrationTechnician(world.benchFixture(), world.magSim(), behaviour);
        script = new Px4NarrationScript(tech);
    }

    /** Runs {@code kind} until the script ends; returns the simulated seconds it took. */
    private double run(String kind, double timeoutS) {
        ImuSample s = new ImuSample();
        long start = world.clock().nanoTime();
        script.start(kind);
        long deadline = start + (long) (timeoutS * 1e9);
        while (!script.finished() && world.clock().nanoTime() < deadline) {
            world.stepWorld();
            if (world.devices().imu.poll(s)) {
                script.onImu(s);
            }
            tech.act(world.clock().nanoTime());
        }
        for (int i = 0; i < 3000; i++) {
            world.stepWorld();
            tech.act(world.clock().nanoTime());
        }
        return (world.clock().nanoTime() - start) * 1e-9 - 3.0;
    }

    @Test
    void shouldCompleteSixSidesInOrder() {
        // Given a technician following a PX4-style accelerometer calibration
        setUp(CalibrationTechnician.Behaviour.NORMAL);
        // When it runs
        double seconds = run("accel", 120.0);
        // Then every side was detected as the side presented, once, and the calibration is done
        assertThat(tech.finalLine()).isEqualTo("[cal] calibration done: accel");
        assertThat(tech.sidesPresented()).containsExactly(ORDER);
        assertThat(tech.misreadSides()).isEmpty();
        assertThat(tech.alreadyCompletedCount()).isZero();
        assertThat(tech.progressPct()).isEqualTo(100);
        assertThat(seconds).isLessThan(30.0);
        // And the vehicle is back level and still
        assertThat(world.vehicle().attitude().tiltRad()).isLessThan(1e-9);
        assertThat(world.benchFixture().still()).isTrue();
    }

    @Test
    void shouldRotateEverySideForTheMagnetometer() {
        setUp(CalibrationTechnician.Behaviour.NORMAL);
        double seconds = run("mag", 300.0);
        assertThat(tech.finalLine()).isEqualTo("[cal] calibration done: mag");
        assertThat(tech.sidesPresented()).containsExactly(ORDER);
        // six turns at 60 deg/s, plus placing
        assertThat(seconds).isBetween(36.0, 80.0);
    }

    @Test
    void shouldHoldStillForTheGyro() {
        setUp(CalibrationTechnician.Behaviour.NORMAL);
        run("gyro", 60.0);
        assertThat(tech.finalLine()).isEqualTo("[cal] calibration done: gyro");
    }

    @Test
    void shouldMakeTheCalibrationFailWhenMovingDuringTheHold() {
        setUp(CalibrationTechnician.Behaviour.MOVE_DURING_HOLD);
        run("accel", 120.0);
        assertThat(tech.finalLine()).isEqualTo("[cal] calibration failed: motion while measuring");
        setUp(CalibrationTechnician.Behaviour.MOVE_DURING_HOLD);
        run("gyro", 60.0);
        // the gyro's rest is never reached: the script waits for stillness, times out here
        assertThat(tech.finalLine()).isNull();
        assertThat(world.benchFixture().still()).isFalse();
    }

    @Test
    void shouldHearAlreadyCompletedWhenPresentingTheSameSideTwice() {
        setUp(CalibrationTechnician.Behaviour.SAME_SIDE_TWICE);
        run("accel", 120.0);
        assertThat(tech.alreadyCompletedCount()).isEqualTo(5);
        assertThat(tech.sidesPresented()).containsExactly(BenchSide.DOWN);
        assertThat(tech.finalLine()).isEqualTo("[cal] calibration failed: timeout: no motion");
    }
}
