package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dronefleet.mavlink.common.ManualControl;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.math.Angles;
import io.dronefleet.mavlink.MavlinkMessage;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.manual.ManualControlService;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.vehicle.SetupParams;
import org.junit.jupiter.api.Test;

/**
 * A ground-station joystick (MAVLink MANUAL_CONTROL, as QGroundControl sends it at 25 Hz while
 * its joystick is enabled) flying Position mode, against the real flight code in lockstep. The
 * vehicle's MANUAL_CONTROL service runs on the test thread between simulation steps, as the
 * MAVLink thread would between flight cycles.
 */
class ManualControlInLoopTest {
    private static final int SYS = 1;
    /** QGC's joystick rate (Joystick: 25 Hz default axis frequency). */
    private static final int SEND_PERIOD_STEPS = (int) (40_000_000L / SimConfig.STEP_NS);
    private static final int STEPS_PER_S = (int) (1_000_000_000L / SimConfig.STEP_NS);

    private final SimDriver d = new SimDriver(northFacing());
    private final ManualControlService service = new ManualControlService(SYS, d.sim.stack().bus());
    private final MavlinkLink link = new MavlinkLink() {
        @Override
        public int id() {
            return 0;
        }

        @Override
        public String name() {
            return "udp:qgc";
        }
    };
    private final List<String> texts = new ArrayList<>();
    private final VehicleEvent event = new VehicleEvent();

    private static SimConfig northFacing() {
        SimConfig config = new SimConfig();
        config.initialYawDeg = 0.0;
        return config;
    }

    /** Sends the sticks (MAVLink units) at 25 Hz for the given time, stepping the vehicle. */
    private void sticks(int x, int y, int z, int r, double seconds) {
        sticksTo(SYS, x, y, z, r, seconds);
    }

    private void sticksTo(int target, int x, int y, int z, int r, double seconds) {
        int steps = (int) Math.round(seconds * STEPS_PER_S);
        for (int i = 0; i < steps; i++) {
            if (i % SEND_PERIOD_STEPS == 0) {
                service.onMessage(link, frame(ManualControl.builder().target(target).x(x).y(y).z(z)
                        .r(r).build()), d.sim.nowNs());
            }
            d.sim.step();
            drainTexts();
        }
        d.steps(0);
    }

    /** The payload as the vehicle receives it from QGC (system 255, component 190). */
    private static MavlinkMessage<?> frame(Object payload) {
        return GroundStationInLoop.frame(255, 190, payload);
    }

    /** Steps without any MANUAL_CONTROL. */
    private void silence(double seconds) {
        int steps = (int) Math.round(seconds * STEPS_PER_S);
        for (int i = 0; i < steps; i++) {
            d.sim.step();
            drainTexts();
        }
        d.steps(0);
    }

    private void drainTexts() {
        while (d.sim.stack().bus().events.poll(event)) {
            texts.add(event.text);
        }
    }

    private double north() {
        return d.sim.vehicle().positionNed().x;
    }

    private double east() {
        return d.sim.vehicle().positionNed().y;
    }

    private double altitude() {
        return -d.sim.vehicle().positionNed().z;
    }

    private double speedNorth() {
        return d.sim.vehicle().velocityNed().x;
    }

    private double headingRad() {
        return d.sim.vehicle().attitude().yaw();
    }

    /** At 10 m in Position mode, heading north, with the joystick centred for a while. */
    private void positionModeAt10m() {
        d.takeOff(10.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_MODE, 1, FlightMode.POSITION.px4MainMode(), 0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        sticks(0, 0, 500, 0, 2.0);
        assertThat(d.status.mode).isEqualTo(FlightMode.POSITION);
        assertThat(Math.abs(Angles.wrapPi(headingRad()))).isLessThan(0.05);
    }

    @Test
    void shouldFlyForwardAtTheManualSpeedThenBrakeAndHold() {
        // Given Position mode at 10 m, heading north
        positionModeAt10m();
        double north0 = north();
        double east0 = east();
        // When full forward stick is held for 8 s
        sticks(1000, 0, 500, 0, 8.0);
        // Then it flies north at about MPC_VEL_MANUAL (10 m/s), keeping its altitude and track
        double manual = d.sim.stack().params().manualVelMps.get();
        double speedAfter8s = speedNorth();
        assertThat(speedAfter8s).isCloseTo(manual, within(1.0));
        assertThat(north() - north0).isGreaterThan(50.0);
        assertThat(east() - east0).isCloseTo(0.0, within(2.0));
        assertThat(altitude()).isCloseTo(10.0, within(1.5));
        // When the stick is released (centred, still sent)
        sticks(0, 0, 500, 0, 8.0);
        double stoppedAt = north();
        // Then it has braked, and holds where it stopped
        assertThat(Math.abs(speedNorth())).isLessThan(0.3);
        sticks(0, 0, 500, 0, 5.0);
        assertThat(north()).isCloseTo(stoppedAt, within(0.5));
        assertThat(altitude()).isCloseTo(10.0, within(1.0));
        System.out.printf("manual forward: %.2f m/s after 8 s full stick (MPC_VEL_MANUAL %.1f), stopped %.1f m north%n",
                speedAfter8s, manual, stoppedAt - north0);
    }

    @Test
    void shouldTurnAtTheManualYawRate() {
        // Given Position mode at 10 m heading north
        positionModeAt10m();
        // When full yaw right is held for 3 s
        sticks(0, 0, 500, 1000, 1.0); // spin-up
        double turnedRad = 0.0;
        double previous = headingRad();
        for (int i = 0; i < 20; i++) {
            sticks(0, 0, 500, 1000, 0.1);
            turnedRad += Angles.wrapPi(headingRad() - previous);
            previous = headingRad();
        }
        // Then over the last 2 s it turned right at about MPC_MAN_Y_MAX (150 deg/s)
        double rateDegps = Math.toDegrees(turnedRad) / 2.0;
        System.out.printf("manual yaw rate: %.1f deg/s over 2 s (MPC_MAN_Y_MAX 150)%n", rateDegps);
        assertThat(rateDegps).isCloseTo(150.0, within(15.0));
        // When released, Then the heading stays
        sticks(0, 0, 500, 0, 2.0);
        double h3 = headingRad();
        sticks(0, 0, 500, 0, 3.0);
        assertThat(Math.toDegrees(Angles.wrapPi(headingRad() - h3))).isCloseTo(0.0, within(3.0));
    }

    @Test
    void shouldClimbWithThrottleUpAndHoldTheNewAltitude() {
        // Given Position mode at 10 m
        positionModeAt10m();
        // When the throttle is full up (z 1000) for 4 s
        sticks(0, 0, 1000, 0, 4.0);
        // Then it climbs at about MPC_Z_VEL_MAX_UP (3 m/s)
        double climb = -d.sim.vehicle().velocityNed().z;
        System.out.printf("manual climb: %.2f m/s at full throttle (MPC_Z_VEL_MAX_UP 3)%n", climb);
        assertThat(climb).isCloseTo(3.0, within(0.5));
        // When centred again, Then it holds the altitude it reached
        sticks(0, 0, 500, 0, 4.0);
        double reached = altitude();
        assertThat(reached).isGreaterThan(18.0);
        sticks(0, 0, 500, 0, 4.0);
        assertThat(altitude()).isCloseTo(reached, within(0.5));
    }

    @Test
    void shouldBrakeAndHoldWhenTheJoystickGoesSilentAndSaySo() {
        // Given Position mode at 10 m, flying north at full stick
        positionModeAt10m();
        sticks(1000, 0, 500, 0, 4.0);
        assertThat(speedNorth()).isGreaterThan(5.0);
        // When the ground station stops sending (COM_RC_LOSS_T 0.5 s)
        silence(10.0);
        double stoppedAt = north();
        // Then it brakes and holds, and the operator read it once
        assertThat(Math.abs(speedNorth())).isLessThan(0.3);
        silence(4.0);
        assertThat(north()).isCloseTo(stoppedAt, within(0.5));
        assertThat(d.status.mode).isEqualTo(FlightMode.POSITION);
        assertThat(texts).containsOnlyOnce("Manual control lost");
        assertThat(texts).doesNotContain("Manual control regained");
        // When the joystick comes back centred
        sticks(0, 0, 500, 0, 1.0);
        // Then that is said too, and it still holds
        assertThat(texts).containsOnlyOnce("Manual control regained");
        assertThat(north()).isCloseTo(stoppedAt, within(0.5));
    }

    @Test
    void shouldIgnoreTheJoystickWithManualControlDisabledOrAddressedElsewhere() {
        // Given Position mode at 10 m
        positionModeAt10m();
        double north0 = north();
        // When full forward stick is addressed to system 2
        sticksTo(2, 1000, 0, 500, 0, 3.0);
        // Then nothing moves, and the message was counted
        assertThat(north()).isCloseTo(north0, within(0.5));
        assertThat(service.otherTarget()).isGreaterThan(0);
        // (and for this vehicle the joystick went silent: said once)
        assertThat(texts).containsOnlyOnce("Manual control lost");
        // When COM_RC_IN_MODE is 4 "Disable manual control" (parameters apply within 1 s)
        d.sim.stack().params().setup.rcInMode.set(SetupParams.RC_IN_MODE_DISABLED);
        silence(1.5);
        texts.clear();
        // and full forward, climb and yaw stick arrive for us
        sticks(1000, 0, 1000, 1000, 4.0);
        // Then the vehicle keeps its position, altitude and heading, and nothing is said about it
        assertThat(north()).isCloseTo(north0, within(0.5));
        assertThat(altitude()).isCloseTo(10.0, within(0.5));
        assertThat(Math.abs(Angles.wrapPi(headingRad()))).isLessThan(0.05);
        assertThat(texts).doesNotContain("Manual control lost", "Manual control regained");
    }

    @Test
    void shouldFlyAltitudeModeByStickTiltAndClimbRate() {
        // Given Altitude mode at 10 m, heading north
        d.takeOff(10.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_MODE, 1, FlightMode.ALTITUDE.px4MainMode(), 0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        sticks(0, 0, 500, 0, 1.0);
        assertThat(d.status.mode).isEqualTo(FlightMode.ALTITUDE);
        double north0 = north();
        // When half forward stick and full throttle for 4 s
        sticks(500, 0, 1000, 0, 4.0);
        // Then it flies north (the stick tilts it, as PX4's Altitude mode: no speed limit from the
        // stick, unlike Position) and climbs
        assertThat(speedNorth()).isGreaterThan(10.0 * (0.5 - 0.1) / 0.9);
        assertThat(north() - north0).isGreaterThan(10.0);
        assertThat(altitude()).isGreaterThan(18.0);
    }

    @Test
    void shouldTakeOffFromTheGroundWithTheThrottleStickAndLandWithItDown() {
        // Given an armed vehicle on the ground in Position mode
        d.stepUntilReady(30.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_MODE, 1, FlightMode.POSITION.px4MainMode(), 0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        SimDriver.expectAccepted(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN));
        // When the throttle stick is only a little above centre (below PX4's 65 % takeoff threshold)
        sticks(0, 0, 600, 0, 2.0);
        // Then it stays on the ground
        assertThat(d.sim.vehicle().onGround()).isTrue();
        // When the throttle stick is full up for 3 s
        sticks(0, 0, 1000, 0, 3.0);
        // Then it has taken off and climbs (PX4: throttle above 65 % takes off in Position/Altitude)
        assertThat(d.sim.vehicle().onGround()).isFalse();
        assertThat(altitude()).isGreaterThan(2.0);
        // When the throttle is held down
        sticks(0, 0, 0, 0, 15.0);
        // Then it lands and disarms itself (COM_DISARM_LAND)
        assertThat(d.sim.vehicle().onGround()).isTrue();
        assertThat(d.status.armed()).isFalse();
        assertThat(d.sim.vehicle().crashed()).isFalse();
    }
}
