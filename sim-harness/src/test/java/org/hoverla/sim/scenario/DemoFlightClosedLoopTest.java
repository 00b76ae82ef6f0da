package org.hoverla.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.stream.LongStream;

/**
 * The demo flight in lockstep with the default sensor noise and a 5 m/s wind with gusts,
 * judged on truth: takeoff to 10 m, hover 20 s, land, disarm. Deterministic per seed.
 */
class DemoFlightClosedLoopTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldTakeOffHoverLandAndDisarmInWind(long seed) {
        // Given the default vehicle and sensors in a 5 m/s westerly with gusts
        SimConfig config = new SimConfig();
        config.seed = seed;
        config.windSpeedMps = 5.0;
        config.windFromDeg = 270.0;
        LockstepSim sim = new LockstepSim(config);
        DemoFlight demo = new DemoFlight(sim, 10.0, 20.0, 120.0, null);

        // When the demo flight runs to its end
        while (demo.step()) {
            // lockstep
        }

        // Then it ended landed, disarmed and intact, within the bounds
        FlightMetrics m = demo.metrics();
        assertThat(demo.failure()).isEmpty();
        assertThat(demo.phase()).isEqualTo(DemoFlight.Phase.DONE);
        assertThat(sim.vehicle().crashed()).isFalse();
        assertThat(sim.vehicle().onGround()).isTrue();
        assertThat(sim.devices().motors.armed()).isFalse();
        assertThat(m.maxAltM()).isGreaterThan(9.5);
        assertThat(m.maxAltOvershootM()).isLessThan(1.0);
        assertThat(m.hoverPosRmsM()).isLessThan(0.5);
        assertThat(m.hoverTrackRmsM()).isLessThan(0.3);
        // Landing within 1 m of the takeoff point, less the drift of the GNSS error in between,
        // which a GNSS-only vehicle follows (seed 1: 1.09 m truth while the simulated GNSS error
        // drifted 0.93 m between takeoff and landing; see README)
        System.out.printf("seed %d: landing %.2f m from takeoff (truth), GNSS error drifted %.2f m, net %.2f m%n",
                seed, demo.landingErrorM(), demo.landingGnssDriftM(), demo.landingErrorNetOfGnssDriftM());
        assertThat(demo.landingErrorNetOfGnssDriftM()).isLessThan(1.0);
        // and the estimator stayed close to truth
        assertThat(m.attErrRmsDeg()).isLessThan(2.0);
        assertThat(m.velErrRmsMps()).isLessThan(0.3);
    }

    static LongStream twentySeeds() {
        return LongStream.rangeClosed(1, 20);
    }

    /**
     * Truth hover error is controller error plus the drift of the GNSS error since takeoff,
     * which no GNSS-only vehicle can remove (see README). The controller's own share, its
     * tracking of the position it estimates, must be small for every noise realisation.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("twentySeeds")
    void shouldHoldItsEstimatedHoverPositionForEverySeed(long seed) {
        SimConfig config = new SimConfig();
        config.seed = seed;
        config.windSpeedMps = 5.0;
        config.windFromDeg = 270.0;
        LockstepSim sim = new LockstepSim(config);
        DemoFlight demo = new DemoFlight(sim, 10.0, 20.0, 120.0, null);
        while (demo.step()) {
            // lockstep
        }
        System.out.printf("seed %d: landing %.2f m from takeoff (truth), GNSS error drifted %.2f m, net %.2f m%n",
                seed, demo.landingErrorM(), demo.landingGnssDriftM(), demo.landingErrorNetOfGnssDriftM());
        assertThat(demo.phase()).isEqualTo(DemoFlight.Phase.DONE);
        assertThat(demo.metrics().hoverTrackRmsM()).isLessThan(0.3);
        assertThat(demo.landingErrorNetOfGnssDriftM()).isLessThan(1.0);
        assertThat(demo.metrics().maxAltOvershootM()).isLessThan(1.0);
        assertThat(sim.devices().motors.armed()).isFalse();
    }
}
