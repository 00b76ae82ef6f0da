package org.hoverla.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo flight in lockstep with EST_TYPE = 1 (the EKF estimates attitude, position and
 * velocity) in a 5 m/s westerly with gusts and the default sensor noise. Asserts a safe flight
 * (landed, disarmed, intact) and the estimator bounds against truth over the armed
 * flight: roll and pitch RMS error each < 0.5°, yaw < 2°, horizontal position < 1 m,
 * velocity < 0.2 m/s.
 */
class DemoFlightEkfClosedLoopTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldFlyTheDemoSafelyOnTheEkf(long seed) {
        // Given the default vehicle in wind, estimating with the EKF
        SimConfig config = new SimConfig();
        config.seed = seed;
        config.windSpeedMps = 5.0;
        config.windFromDeg = 270.0;
        LockstepSim sim = new LockstepSim(config);
        sim.stack().params().estType.set(1);
        DemoFlight demo = new DemoFlight(sim, 10.0, 20.0, 120.0, null);

        // When the demo flight runs to its end
        while (demo.step()) {
            // lockstep
        }

        // Then it ended landed, disarmed and intact
        FlightMetrics m = demo.metrics();
        System.out.printf("EKF demo seed %d: roll %.3f pitch %.3f tilt %.3f yaw %.3f deg, horizontal position "
                        + "%.3f m, velocity %.3f m/s, hover %.3f m, failure=%s phase=%s%n",
                seed, m.rollErrRmsDeg(), m.pitchErrRmsDeg(), m.attErrRmsDeg(), m.yawErrRmsDeg(), m.posErrRmsM(),
                m.velErrRmsMps(), m.hoverPosRmsM(), demo.failure(), demo.phase());
        assertThat(demo.failure()).isEmpty();
        assertThat(demo.phase()).isEqualTo(DemoFlight.Phase.DONE);
        assertThat(sim.vehicle().crashed()).isFalse();
        assertThat(sim.vehicle().onGround()).isTrue();
        assertThat(sim.devices().motors.armed()).isFalse();
        // and the estimate stayed within the bounds
        assertThat(m.rollErrRmsDeg()).isLessThan(0.5);
        assertThat(m.pitchErrRmsDeg()).isLessThan(0.5);
        assertThat(m.attErrRmsDeg()).isLessThan(0.5);
        assertThat(m.yawErrRmsDeg()).isLessThan(2.0);
        assertThat(m.posErrRmsM()).isLessThan(1.0);
        assertThat(m.velErrRmsMps()).isLessThan(0.2);
    }
}
