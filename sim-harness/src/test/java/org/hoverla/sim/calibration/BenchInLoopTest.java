package org.hoverla.sim.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.bus.Subscription;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.sensors.SensorErrors;
import org.junit.jupiter.api.Test;

/**
 * The whole flight stack stepped in lockstep while the technician turns the vehicle through every
 * side and spins it (driven by the scripted PX4-style narration, no runner): the flight code
 * copes with a vehicle held upside down and turned about, and the bench lets go when it is done.
 */
class BenchInLoopTest {
    @Test
    void shouldRunTheFlightStackWhileTheVehicleIsTurnedOnTheBench() {
        // Given the simulated vehicle booted on the bench with the demo errors
        SimConfig config = new SimConfig();
        config.useKnownSensorErrors(SensorErrors.demo());
        config.startOnBench = true;
        LockstepSim sim = new LockstepSim(config);
        CalibrationTechnician tech = new CalibrationTechnician(sim.world().benchFixture(), sim.world().magSim(),
                CalibrationTechnician.Behaviour.NORMAL);
        Px4NarrationScript script = new Px4NarrationScript(tech);
        Subscription<VehicleAttitude> attSub = sim.stack().bus().attitude.subscribe();
        VehicleAttitude att = new VehicleAttitude();
        for (int i = 0; i < 5000; i++) {
            sim.step();
        }
        // When the technician works through an accelerometer and a magnetometer conversation
        for (String kind : new String[] {"accel", "mag"}) {
            script.start(kind);
            long deadline = sim.nowNs() + 300_000_000_000L;
            while (!script.finished() && sim.nowNs() < deadline) {
                sim.step();
                script.onImu(sim.devices().imu.sample);
                tech.act(sim.nowNs());
            }
            assertThat(tech.finalLine()).isEqualTo("[cal] calibration done: " + kind);
            for (int i = 0; i < 3000; i++) {
                sim.step();
                tech.act(sim.nowNs());
            }
        }
        // Then the flight code ran throughout (its attitude estimate stayed finite) and the
        // vehicle sits level, unharmed, disarmed
        attSub.update(att);
        assertThat(att.q.isFinite()).isTrue();
        assertThat(sim.vehicle().attitude().tiltRad()).isLessThan(1e-9);
        assertThat(sim.vehicle().crashed()).isFalse();
        assertThat(sim.devices().motors.armed()).isFalse();
        // And released, the vehicle rests level on the ground under its own dynamics
        sim.world().benchFixture().release();
        for (int i = 0; i < 2000; i++) {
            sim.step();
        }
        assertThat(sim.vehicle().onGround()).isTrue();
        assertThat(sim.vehicle().attitude().tiltRad()).isLessThan(1e-6);
        assertThat(sim.vehicle().velocityNed().norm()).isLessThan(1e-9);
    }
}
