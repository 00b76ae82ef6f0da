package org.hoverla.sim.lockstep;

import org.hoverla.core.time.SystemClock;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Each SYS_AUTOSTART airframe, chosen at boot, flies in the loop with its own mixer and physics. */
class AirframeInLoopTest {

    @ParameterizedTest
    @ValueSource(ints = {FlightParams.AUTOSTART_QUAD_X, FlightParams.AUTOSTART_QUAD_PLUS, FlightParams.AUTOSTART_HEXA_X})
    void shouldTakeOffAndHoldWithTheAirframeChosenAtBoot(int autostart) {
        // Given a SITL booted with SYS_AUTOSTART = autostart
        LockstepSim sim = new LockstepSim(new SimConfig(), SystemClock.INSTANCE,
                store -> store.set("SYS_AUTOSTART", autostart));
        SimDriver d = new SimDriver(sim);
        assertThat(sim.stack().mixer().motorCount()).isEqualTo(sim.airframe().motorCount());

        // When it takes off to 5 m and holds for 10 s
        d.takeOff(5.0);
        d.steps(10_000);

        // Then it holds 5 m, level, without a crash
        assertThat(sim.vehicle().crashed()).isFalse();
        assertThat(-sim.vehicle().positionNed().z).isCloseTo(5.0, within(0.5));
        assertThat(sim.vehicle().velocityNed().norm()).isLessThan(0.5);
    }
}
