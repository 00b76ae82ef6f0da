package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.hoverla.core.mavlink.manual.ManualControlService;
import org.hoverla.sim.rc.JoystickSticks;
import org.hoverla.sim.scenario.StickFlight;
import org.junit.jupiter.api.Test;

/**
 * The stick-flown flight ({@link StickFlight}) with a ground-station joystick (MANUAL_CONTROL at
 * 25 Hz), in 5 m/s wind, against the real flight code in lockstep.
 */
class StickFlightInLoopTest {

    @Test
    void shouldTakeOffFlyASquareHoldInWindLandAndDisarmByStick() {
        // Given a vehicle on the ground, facing north, in 5 m/s wind from the west
        SimConfig config = new SimConfig();
        config.initialYawDeg = 0.0;
        config.windSpeedMps = 5.0;
        config.windFromDeg = 270.0;
        LockstepSim sim = new LockstepSim(config);
        JoystickSticks joystick = new JoystickSticks(new ManualControlService(1, sim.stack().bus()), 1);
        StickFlight flight = new StickFlight(sim, joystick, 400.0);
        // When the pilot flies it
        while (flight.step()) {
            // stepping
        }
        // Then it took off, flew the square, held, landed and disarmed itself
        System.out.printf("stick flight: climb %.1f s, corners %s m, hold max %.3f m rms %.3f m, descent %.1f s, "
                        + "touchdown to disarm %.1f s, %d MANUAL_CONTROL%n", flight.climbTimeS(),
                Arrays.toString(Arrays.stream(flight.cornerErrorsM()).map(v -> Math.round(v * 100) / 100.0).toArray()),
                flight.holdMaxDeviationM(), flight.holdRmsDeviationM(), flight.descentTimeS(),
                flight.touchdownToDisarmS(), joystick.sent());
        assertThat(flight.phase()).as(flight.failure()).isEqualTo(StickFlight.Phase.DONE);
        assertThat(sim.vehicle().crashed()).isFalse();
        assertThat(sim.vehicle().onGround()).isTrue();
        assertThat(sim.devices().motors.armed()).isFalse();
        assertThat(flight.maxAltM()).isBetween(9.0, 11.5);
        assertThat(flight.holdMaxDeviationM()).isLessThanOrEqualTo(0.5);
        // and the cut link brought the failsafe's Hold after COM_RC_LOSS_T, kept when it came back,
        // until the pilot moved a stick
        System.out.printf("stick flight: link loss to Hold %.3f s, takeover %.3f s%n", flight.lossToActionS(),
                flight.takeoverS());
        assertThat(flight.lossToActionS()).isBetween(0.45, 0.6);
        assertThat(flight.snappedBack()).isFalse();
        assertThat(flight.takeoverS()).isLessThan(0.5);
        for (double e : flight.cornerErrorsM()) {
            assertThat(e).isLessThan(1.5);
        }
    }
}
