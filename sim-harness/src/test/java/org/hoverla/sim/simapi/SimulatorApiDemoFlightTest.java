package org.hoverla.sim.simapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.scenario.DemoFlight;
import org.hoverla.sim.scenario.FlightMetrics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo flight across a real TCP socket: Hoverla's world behind {@link SimulatorApiServer}
 * drives a Hoverla vehicle (flight stack on {@code SimulatorApiDevices}) through PX4's simulator
 * MAVLink API in lockstep, and must land within the in-process demo's bounds
 * ({@code DemoFlightClosedLoopTest#shouldTakeOffHoverLandAndDisarmInWind}, copied unchanged).
 */
class SimulatorApiDemoFlightTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldTakeOffHoverLandAndDisarmInWindAcrossTheSocket(long seed) throws Exception {
        // Given the default vehicle and sensors in a 5 m/s westerly with gusts, the vehicle
        // connected to the simulator over loopback TCP (ephemeral port)
        SimConfig config = new SimConfig();
        config.seed = seed;
        config.windSpeedMps = 5.0;
        config.windFromDeg = 270.0;
        try (SimulatorApiLockstep sim = new SimulatorApiLockstep(config, org.hoverla.core.time.SystemClock.INSTANCE,
                store -> { }, InetAddress.getLoopbackAddress(), 0, 5_000_000_000L, line -> { })) {
            DemoFlight demo = new DemoFlight(sim, 10.0, 20.0, 120.0, null);

            // When the demo flight runs to its end
            while (demo.step()) {
                // lockstep across the socket
            }

            // Then every world step was answered once, by exactly one vehicle cycle
            SimulatorApiServer server = sim.server();
            assertThat(server.answers()).isEqualTo(server.steps());
            assertThat(server.stalls()).isZero();
            assertThat(server.staleAnswers()).isZero();
            assertThat(server.badFrames()).isZero();
            assertThat(sim.vehicleCycles()).isEqualTo(server.steps());
            assertThat(sim.vehicleSide().link().droppedSamples()).isZero();
            assertThat(sim.vehicleSide().link().badFrames()).isZero();
            assertThat(server.roundTripUs().getTotalCount()).isEqualTo(server.steps());
            assertThat(server.vehicleHeartbeats()).isGreaterThan((long) (sim.timeS() - 1.0));
            // and the vehicle's clock is the simulator's
            assertThat(sim.vehicleSide().clock().nanoTime()).isEqualTo(sim.nowNs());

            // and it ended landed, disarmed and intact, within the in-process demo's bounds
            FlightMetrics m = demo.metrics();
            assertThat(demo.failure()).isEmpty();
            assertThat(demo.phase()).isEqualTo(DemoFlight.Phase.DONE);
            assertThat(sim.vehicle().crashed()).isFalse();
            assertThat(sim.vehicle().onGround()).isTrue();
            assertThat(sim.devices().motors.armed()).isFalse();
            assertThat(server.vehicleArmed()).isFalse();
            assertThat(m.maxAltM()).isGreaterThan(9.5);
            assertThat(m.maxAltOvershootM()).isLessThan(1.0);
            assertThat(m.hoverPosRmsM()).isLessThan(0.5);
            assertThat(m.hoverTrackRmsM()).isLessThan(0.3);
            System.out.printf("simulator API seed %d: landing %.2f m from takeoff (truth), GNSS error drifted %.2f m, "
                            + "net %.2f m; step round trip p50 %d us, p99 %d us, max %d us%n", seed,
                    demo.landingErrorM(), demo.landingGnssDriftM(), demo.landingErrorNetOfGnssDriftM(),
                    server.roundTripUs().getValueAtPercentile(50), server.roundTripUs().getValueAtPercentile(99),
                    server.roundTripUs().getMaxValue());
            assertThat(demo.landingErrorNetOfGnssDriftM()).isLessThan(1.0);
            // and the estimator stayed close to truth
            assertThat(m.attErrRmsDeg()).isLessThan(2.0);
            assertThat(m.velErrRmsMps()).isLessThan(0.3);
        }
    }
}
