package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;
import org.hoverla.core.mavlink.manual.ManualControlService;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.rc.RcArmingSwitches;
import org.hoverla.sim.rc.JoystickSticks;
import org.hoverla.sim.rc.PilotSticks;
import org.hoverla.sim.rc.SimRcTransmitter;
import org.hoverla.sim.scenario.StickFlight;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stick-flown flight ({@link StickFlight}) in 5 m/s wind against the real flight code in
 * lockstep, flown by each kind of stick input: a ground-station joystick (MANUAL_CONTROL at
 * 25 Hz, Position and arming by command) and the simulated RC transmitter through the receiver
 * chain (calibration, mapping, selection; the mode switch selects Position, the arm switch or,
 * with no arm switch mapped, the stick gesture arms), its link cut silent or in failsafe frames.
 */
class StickFlightInLoopTest {

    static Stream<Arguments> pilots() {
        Function<LockstepSim, PilotSticks> joystick = sim -> {
            sim.stack().params().rc.mapArmSwitch.set(0); // no transmitter: the disarm gesture is on
            return new JoystickSticks(new ManualControlService(1, sim.stack().bus()), 1);
        };
        Function<LockstepSim, PilotSticks> rcSwitch = sim -> new SimRcTransmitter(sim.devices().rc);
        Function<LockstepSim, PilotSticks> rcGesture = sim -> {
            sim.stack().params().rc.mapArmSwitch.set(0);
            return new SimRcTransmitter(sim.devices().rc).lossStyle(SimRcTransmitter.LinkLoss.FAILSAFE_FRAMES);
        };
        return Stream.of(
                Arguments.of("joystick", joystick, "command", "gesture"),
                Arguments.of("rc, arm switch, receiver silent", rcSwitch, "switch", "switch"),
                Arguments.of("rc, gesture, failsafe frames", rcGesture, "gesture", "gesture"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pilots")
    void shouldTakeOffFlyASquareRefuseDisarmHoldInWindSurviveLinkLossLandAndDisarmByStick(
            String name, Function<LockstepSim, PilotSticks> pilot, String armMethod, String disarmMethod) {
        // Given a vehicle on the ground, facing north, in 5 m/s wind from the west
        SimConfig config = new SimConfig();
        config.initialYawDeg = 0.0;
        config.windSpeedMps = 5.0;
        config.windFromDeg = 270.0;
        LockstepSim sim = new LockstepSim(config);
        PilotSticks sticks = pilot.apply(sim);
        StickFlight flight = new StickFlight(sim, sticks, 400.0);
        // When the pilot flies it
        while (flight.step()) {
            // stepping
        }
        // Then it armed the pilot's way, took off, flew the square, held, landed and disarmed itself
        System.out.printf("stick flight (%s): armed by %s, climb %.1f s, corners %s m, hold max %.3f m rms %.3f m, "
                        + "descent %.1f s, touchdown to disarm %.1f s%n", name, flight.armMethod(), flight.climbTimeS(),
                Arrays.toString(Arrays.stream(flight.cornerErrorsM()).map(v -> Math.round(v * 100) / 100.0).toArray()),
                flight.holdMaxDeviationM(), flight.holdRmsDeviationM(), flight.descentTimeS(),
                flight.touchdownToDisarmS());
        assertThat(flight.phase()).as(flight.failure()).isEqualTo(StickFlight.Phase.DONE);
        assertThat(flight.source()).isEqualTo(sticks instanceof SimRcTransmitter ? "rc" : "joystick");
        assertThat(flight.armMethod()).isEqualTo(armMethod);
        assertThat(sim.vehicle().crashed()).isFalse();
        assertThat(sim.vehicle().onGround()).isTrue();
        assertThat(sim.devices().motors.armed()).isFalse();
        assertThat(flight.maxAltM()).isBetween(9.0, 11.5);
        assertThat(flight.holdMaxDeviationM()).isLessThanOrEqualTo(0.5);
        // and the disarm tried in flight was refused, with PX4's text
        assertThat(flight.disarmMethod()).isEqualTo(disarmMethod);
        assertThat(flight.disarmRefused()).isTrue();
        assertThat(flight.disarmRefusalText()).isEqualTo(RcArmingSwitches.DISARM_NOT_LANDED);
        // and the cut link brought the failsafe's Hold after COM_RC_LOSS_T, kept when it came back,
        // until the pilot moved a stick
        System.out.printf("stick flight (%s): link loss to %s %.3f s (%s), takeover %.3f s%n", name, flight.lossMode(),
                flight.lossToActionS(), flight.lossText(), flight.takeoverS());
        assertThat(flight.lossMode()).isEqualTo(FlightMode.HOLD);
        assertThat(flight.lossText()).isEqualTo("Failsafe: manual control lost, holding");
        assertThat(flight.lossToActionS()).isBetween(0.45, 0.6);
        assertThat(flight.snappedBack()).isFalse();
        assertThat(flight.takeoverS()).isLessThan(0.5);
        for (double e : flight.cornerErrorsM()) {
            assertThat(e).isLessThan(1.5);
        }
    }
}
