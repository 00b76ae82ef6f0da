package org.hoverla.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.core.time.SystemClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The demo flight at every supported base rate (IMU_GYRO_RATEMAX), in lockstep: the loop rate is
 * a boot-time parameter, and the simulated world steps once per flight cycle at that rate.
 */
class DemoFlightLoopRateTest {

    @ParameterizedTest(name = "IMU_GYRO_RATEMAX {0} Hz, IMU_INTEG_RATE {1} Hz")
    @CsvSource({"1000, 250", "800, 200", "500, 250", "400, 200"})
    void shouldTakeOffHoverLandAndDisarmAtEachSupportedLoopRate(int baseHz, int integHz) {
        // Given a vehicle booted with this base and estimator rate, in a 5 m/s wind
        SimConfig config = new SimConfig();
        config.seed = 1;
        config.windSpeedMps = 5.0;
        config.windFromDeg = 270.0;
        LockstepSim sim = new LockstepSim(config, SystemClock.INSTANCE, store -> {
            store.set("IMU_INTEG_RATE", integHz);
            store.set("IMU_GYRO_RATEMAX", baseHz);
        });
        DemoFlight demo = new DemoFlight(sim, 10.0, 20.0, 120.0, null);

        // When the demo flight runs to its end
        while (demo.step()) {
            // lockstep
        }

        // Then the stack and the world ran at that rate, and the flight ended landed and disarmed
        assertThat(sim.stack().rates().baseHz()).isEqualTo(baseHz);
        assertThat(sim.stack().taskTable().baseRateHz()).isEqualTo(baseHz);
        assertThat(sim.world().stepNs()).isEqualTo(1_000_000_000L / baseHz);
        double flownS = sim.timeS();
        assertThat(sim.steps()).isBetween((long) (flownS * baseHz) - 2, (long) (flownS * baseHz) + 2);
        assertThat(demo.failure()).isEmpty();
        assertThat(demo.phase()).isEqualTo(DemoFlight.Phase.DONE);
        assertThat(sim.vehicle().crashed()).isFalse();
        assertThat(sim.vehicle().onGround()).isTrue();
        assertThat(sim.devices().motors.armed()).isFalse();
        assertThat(demo.metrics().maxAltM()).isGreaterThan(9.5);
        assertThat(demo.metrics().hoverTrackRmsM()).isLessThan(0.3);
    }

    @Test
    void shouldBootAtTheDefaultRatesWhenTheParameterFileHoldsACombinationThatDoesNotDivide() {
        // Given parameters whose estimator rate does not divide the base rate (400 / 250)
        SimConfig config = new SimConfig();
        LockstepSim sim = new LockstepSim(config, SystemClock.INSTANCE, store -> {
            store.set("IMU_GYRO_RATEMAX", 400);
        });

        // Then the stack runs at the defaults, the parameter says so, and the world steps at 1 kHz
        assertThat(sim.stack().rates().baseHz()).isEqualTo(1000);
        assertThat(sim.stack().rates().note()).contains("IMU_INTEG_RATE 250 Hz does not divide IMU_GYRO_RATEMAX 400 Hz");
        assertThat(sim.stack().params().loopRates.baseHz.get()).isEqualTo(1000);
        assertThat(sim.world().stepNs()).isEqualTo(1_000_000L);
    }
}
