package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.rc.RcArmingSwitches;
import org.hoverla.sim.rc.SimRcTransmitter;
import org.junit.jupiter.api.Test;

/**
 * A pilot with an RC transmitter ({@link SimRcTransmitter}: AETR, mode switch ch5, arm switch
 * ch6, kill switch ch7, 50 Hz frames into the simulated receiver) against the real flight code
 * in lockstep: arming by gesture and switch with PX4's safety rules, the kill switch, the mode
 * switch, and a receiver in failsafe.
 */
class RcTransmitterInLoopTest {
    private static final int STEPS_PER_S = (int) (1_000_000_000L / SimConfig.STEP_NS);

    private final SimDriver d = new SimDriver(northFacing());
    private final SimRcTransmitter tx = new SimRcTransmitter(d.sim.devices().rc);
    private final List<String> texts = new ArrayList<>();
    private final VehicleEvent event = new VehicleEvent();

    private static SimConfig northFacing() {
        SimConfig config = new SimConfig();
        config.initialYawDeg = 0.0;
        return config;
    }

    /** Steps the vehicle with the transmitter sending, for the given time. */
    private void fly(double seconds) {
        int steps = (int) Math.round(seconds * STEPS_PER_S);
        for (int i = 0; i < steps; i++) {
            step();
        }
        d.steps(0);
    }

    private void step() {
        tx.update(d.sim.nowNs());
        d.sim.step();
        while (d.sim.stack().bus().events.poll(event)) {
            texts.add(event.text);
        }
    }

    private boolean motorsStopped() {
        for (double c : d.sim.devices().motors.commands()) {
            if (c != 0.0) {
                return false;
            }
        }
        return true;
    }

    private double altitude() {
        return -d.sim.vehicle().positionNed().z;
    }

    /** Ready to arm on the ground, transmitter on: throttle low, mode switch up (Position). */
    private void readyOnTheGround() {
        tx.sticks(0, 0, 0, 0);
        d.stepUntilReady(30.0);
        fly(0.5);
        assertThat(d.status.mode).as("mode switch slot 1 = COM_FLTMODE1").isEqualTo(FlightMode.POSITION);
        assertThat(d.status.armed()).isFalse();
    }

    /** Armed by the arm switch, taken off to 10 m by NAV_TAKEOFF, holding. */
    private void flyingAt10m() {
        readyOnTheGround();
        tx.armSwitch(true);
        fly(0.2);
        assertThat(d.status.armed()).isTrue();
        d.sim.stack().params().takeoffAltM.set(10.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.NAV_TAKEOFF, Double.NaN, Double.NaN, Double.NaN));
        for (int i = 0; i < 30 && d.status.mode != FlightMode.HOLD; i++) {
            fly(1.0);
        }
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
        tx.sticks(0, 0, 0, 0.5);
        fly(1.0);
    }

    @Test
    void shouldArmByTheStickGestureWithThrottleLowAndDisarmByItOnTheGround() {
        // Given no arm switch (the gesture is off while one is mapped, as PX4 forces it)
        d.sim.stack().params().rc.mapArmSwitch.set(0);
        readyOnTheGround();
        // When throttle high and yaw right are held 2 s, Then nothing
        tx.sticks(0, 0, 1, 0.8);
        fly(2.0);
        assertThat(d.status.armed()).isFalse();
        // When throttle low and yaw right are held 0.5 s, Then not yet (COM_RC_ARM_HYST 1 s)
        tx.sticks(0, 0, 1, 0);
        fly(0.5);
        assertThat(d.status.armed()).isFalse();
        // and after 1.1 s it is armed
        fly(0.6);
        assertThat(d.status.armed()).isTrue();
        // When yaw left is held 1.1 s on the ground, Then disarmed
        tx.sticks(0, 0, -1, 0);
        fly(1.1);
        assertThat(d.status.armed()).isFalse();
        assertThat(texts).noneMatch(t -> t.startsWith("Arming denied"));
    }

    @Test
    void shouldRefuseTheArmSwitchWithThrottleHighAndSaySo() {
        // Given a ready vehicle, throttle at 80 %
        readyOnTheGround();
        tx.sticks(0, 0, 0, 0.8);
        fly(0.3);
        // When the arm switch goes on, Then refused, with PX4's text
        tx.armSwitch(true);
        fly(0.5);
        assertThat(d.status.armed()).isFalse();
        assertThat(texts).containsOnlyOnce(RcArmingSwitches.ARM_HIGH_THROTTLE);
        // When the throttle comes down with the switch still on, Then nothing (only a change arms)
        tx.sticks(0, 0, 0, 0);
        fly(0.5);
        assertThat(d.status.armed()).isFalse();
        // When the switch is cycled with the throttle low, Then armed
        tx.armSwitch(false);
        fly(0.2);
        tx.armSwitch(true);
        fly(0.2);
        assertThat(d.status.armed()).isTrue();
    }

    @Test
    void shouldRefuseAStickOrSwitchDisarmInFlightAndAllowItAfterLanding() {
        // Given a vehicle at 10 m, armed by the switch; no auto-disarm after landing
        d.sim.stack().params().disarmLandS.set(0.0);
        flyingAt10m();
        // When the arm switch goes off in flight, Then refused and said, still flying
        tx.armSwitch(false);
        fly(1.0);
        assertThat(d.status.armed()).isTrue();
        assertThat(texts).contains(RcArmingSwitches.DISARM_NOT_LANDED);
        assertThat(altitude()).isCloseTo(10.0, within(1.0));
        // When it lands
        SimDriver.expectAccepted(d.command(VehicleCommand.NAV_LAND, Double.NaN, Double.NaN, Double.NaN));
        for (int i = 0; i < 40 && !d.sim.vehicle().onGround(); i++) {
            fly(1.0);
        }
        fly(3.0);
        assertThat(d.sim.vehicle().onGround()).isTrue();
        assertThat(d.status.armed()).isTrue();
        // and the switch is cycled on and off, Then disarmed
        tx.armSwitch(true);
        fly(0.2);
        tx.armSwitch(false);
        fly(0.2);
        assertThat(d.status.armed()).isFalse();
    }

    @Test
    void shouldStopTheMotorsOnTheKillSwitchRestoreThemAndDisarmAfterComKillDisarm() {
        // Given a vehicle holding at 10 m
        flyingAt10m();
        assertThat(motorsStopped()).isFalse();
        // When the kill switch goes on
        tx.killSwitch(true);
        int cycles = 0;
        boolean lockdownSeen = false;
        int cyclesAfterLockdown = -1;
        while (cycles < 200 && !motorsStopped()) {
            step();
            cycles++;
            d.statusSub.update(d.status);
            if (d.status.lockdown && !lockdownSeen) {
                lockdownSeen = true;
                cyclesAfterLockdown = 0;
            } else if (lockdownSeen) {
                cyclesAfterLockdown++;
            }
        }
        // Then the motors stop within one cycle of the commander's lockdown (one RC frame, one
        // rc_input and one commander period at most after the switch), the vehicle still armed
        System.out.printf("kill switch: motors stopped %d ms after the switch, %d cycle(s) after lockdown%n",
                cycles, cyclesAfterLockdown);
        assertThat(motorsStopped()).isTrue();
        assertThat(cyclesAfterLockdown).isBetween(0, 1);
        assertThat(cycles).isLessThanOrEqualTo(60);
        assertThat(d.status.armed()).isTrue();
        assertThat(texts).contains(RcArmingSwitches.EVENT_KILL);
        // When switched back within COM_KILL_DISARM, Then the motors run again and it recovers
        fly(0.25);
        tx.killSwitch(false);
        fly(5.0);
        assertThat(d.status.armed()).isTrue();
        assertThat(motorsStopped()).isFalse();
        assertThat(d.sim.vehicle().onGround()).isFalse();
        assertThat(texts).contains(RcArmingSwitches.EVENT_UNKILL);
        // When the kill switch stays on, Then disarmed after COM_KILL_DISARM (5 s)
        tx.killSwitch(true);
        fly(4.8);
        assertThat(d.status.armed()).isTrue();
        assertThat(motorsStopped()).isTrue();
        fly(0.4);
        assertThat(d.status.armed()).isFalse();
        assertThat(texts).contains(RcArmingSwitches.EVENT_KILL_DISARM);
    }

    @Test
    void shouldSelectComFltmodesModeOnlyWhenTheSwitchMoves() {
        // Given a vehicle holding at 10 m, mode switch up (slot 1, Position), sticks centred
        flyingAt10m();
        // When the switch goes to the middle (slot 4 = Altitude), then down (slot 6 = Hold), then up
        tx.modeSwitch(1);
        fly(0.3);
        assertThat(d.status.mode).isEqualTo(FlightMode.ALTITUDE);
        tx.modeSwitch(2);
        fly(0.3);
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
        tx.modeSwitch(0);
        fly(0.3);
        assertThat(d.status.mode).isEqualTo(FlightMode.POSITION);
        // When the ground station selects Return while the switch stays up, Then Return stays
        SimDriver.expectAccepted(d.command(VehicleCommand.NAV_RETURN_TO_LAUNCH, Double.NaN, Double.NaN, Double.NaN));
        fly(2.0);
        assertThat(d.status.mode).isEqualTo(FlightMode.RETURN);
        // and an unassigned slot (COM_FLTMODE4 -1) leaves the mode alone
        d.sim.stack().params().rc.flightModes[3].set(-1);
        fly(1.1);
        tx.modeSwitch(1);
        fly(0.3);
        assertThat(d.status.mode).isEqualTo(FlightMode.RETURN);
    }

    @Test
    void shouldNeverFlyFailsafeFramesAndHoldWhenTheReceiverFailsSafe() {
        // Given Position mode at 10 m, flying north at full pitch with the throttle up
        flyingAt10m();
        tx.modeSwitch(1);
        fly(0.2);
        tx.modeSwitch(0);
        fly(0.2);
        assertThat(d.status.mode).isEqualTo(FlightMode.POSITION);
        tx.sticks(0, 1, 0, 0.9);
        fly(3.0);
        assertThat(d.sim.vehicle().velocityNed().x).isGreaterThan(4.0);
        // When the receiver fails safe, holding those channels in frames flagged failsafe
        tx.cut(SimRcTransmitter.LinkLoss.FAILSAFE_FRAMES);
        long framesBefore = tx.frames();
        fly(8.0);
        double stoppedNorth = d.sim.vehicle().positionNed().x;
        double stoppedAlt = altitude();
        fly(4.0);
        // Then the frames kept coming but flew nothing: the vehicle braked and holds position and height
        assertThat(tx.frames() - framesBefore).isGreaterThan(500);
        assertThat(Math.abs(d.sim.vehicle().velocityNed().x)).isLessThan(0.3);
        assertThat(d.sim.vehicle().positionNed().x).isCloseTo(stoppedNorth, within(0.5));
        assertThat(altitude()).isCloseTo(stoppedAlt, within(0.5));
        assertThat(texts).containsOnlyOnce("Manual control lost");
    }

    @Test
    void shouldNotArmFromAnArmGestureHeldInFailsafeFramesNorFromASilentReceiver() {
        // Given a ready vehicle without an arm switch, the receiver failing safe with the arm
        // gesture in its held channels
        d.sim.stack().params().rc.mapArmSwitch.set(0);
        readyOnTheGround();
        tx.sticks(0, 0, 1, 0);
        tx.cut(SimRcTransmitter.LinkLoss.FAILSAFE_FRAMES);
        fly(3.0);
        // Then it does not arm
        assertThat(d.status.armed()).isFalse();
        // and a silent receiver arms nothing either
        tx.cut(SimRcTransmitter.LinkLoss.RECEIVER_SILENT);
        fly(3.0);
        assertThat(d.status.armed()).isFalse();
        // When the link comes back with the gesture held, Then it arms after the hold time
        tx.link(true);
        fly(1.5);
        assertThat(d.status.armed()).isTrue();
    }

    /** Steps with the transmitter and a 25 Hz ground-station joystick (full forward) both sending. */
    private void flyWithJoystick(org.hoverla.core.mavlink.manual.ManualControlService joystick, double seconds) {
        int steps = (int) Math.round(seconds * STEPS_PER_S);
        for (int i = 0; i < steps; i++) {
            if (i % 40 == 0) {
                joystick.onMessage(null, GroundStationInLoop.frame(255, 190,
                        io.dronefleet.mavlink.common.ManualControl.builder().target(1).x(1000).y(0).z(500).r(0).build()),
                        d.sim.nowNs());
            }
            step();
        }
        d.steps(0);
    }

    @Test
    void shouldKeepRcOverTheJoystickAndFallBackToItOnRcLossOnlyInModeTwo() {
        // Given Position mode at 10 m flown by RC (centred), COM_RC_IN_MODE 2, a joystick pushing full forward
        flyingAt10m();
        tx.modeSwitch(1);
        fly(0.2);
        tx.modeSwitch(0);
        fly(0.2);
        d.sim.stack().params().setup.rcInMode.set(org.hoverla.core.vehicle.SetupParams.RC_IN_MODE_FALLBACK);
        fly(1.1);
        var joystick = new org.hoverla.core.mavlink.manual.ManualControlService(1, d.sim.stack().bus());
        double north0 = d.sim.vehicle().positionNed().x;
        flyWithJoystick(joystick, 3.0);
        // Then RC keeps control: the vehicle holds
        assertThat(d.sim.vehicle().positionNed().x).isCloseTo(north0, within(0.5));
        // When the RC link is cut, Then after COM_RC_LOSS_T the joystick flies it north
        tx.cut(SimRcTransmitter.LinkLoss.RECEIVER_SILENT);
        flyWithJoystick(joystick, 4.0);
        assertThat(d.sim.vehicle().velocityNed().x).isGreaterThan(5.0);
        assertThat(d.status.mode).isEqualTo(FlightMode.POSITION);
    }

    @Test
    void shouldNeverHandRcToTheJoystickInTheDefaultModeThree() {
        // Given Position mode at 10 m, RC the first source (COM_RC_IN_MODE 3, the default)
        flyingAt10m();
        tx.modeSwitch(1);
        fly(0.2);
        tx.modeSwitch(0);
        fly(0.2);
        var joystick = new org.hoverla.core.mavlink.manual.ManualControlService(1, d.sim.stack().bus());
        double north0 = d.sim.vehicle().positionNed().x;
        // When the RC link is cut and a joystick pushes full forward
        tx.cut(SimRcTransmitter.LinkLoss.RECEIVER_SILENT);
        flyWithJoystick(joystick, 4.0);
        // Then the joystick flies nothing: manual control is lost, the vehicle holds
        assertThat(d.sim.vehicle().positionNed().x).isCloseTo(north0, within(1.0));
        assertThat(texts).contains("Manual control lost");
    }

    @Test
    void shouldRefuseTheDisarmGestureInFlightAndSayIt() {
        // Given no arm switch (the gesture is on) and a vehicle holding at 10 m, armed by the gesture
        d.sim.stack().params().rc.mapArmSwitch.set(0);
        d.sim.stack().params().disarmLandS.set(0.0);
        readyOnTheGround();
        tx.sticks(0, 0, 1, 0);
        fly(1.2);
        assertThat(d.status.armed()).isTrue();
        tx.sticks(0, 0, 0, 0);
        d.sim.stack().params().takeoffAltM.set(10.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.NAV_TAKEOFF, Double.NaN, Double.NaN, Double.NaN));
        for (int i = 0; i < 30 && d.status.mode != FlightMode.HOLD; i++) {
            fly(1.0);
        }
        tx.sticks(0, 0, 0, 0.5);
        fly(2.0);
        assertThat(altitude()).isGreaterThan(8.0);
        // When the disarm gesture (throttle low, yaw full left) is held 1.5 s in flight
        tx.sticks(0, 0, -1, 0);
        fly(1.5);
        tx.sticks(0, 0, 0, 0.5);
        fly(1.0);
        // Then it is refused with PX4's text, and the vehicle flies on
        assertThat(d.status.armed()).isTrue();
        assertThat(texts).contains(RcArmingSwitches.DISARM_NOT_LANDED);
        assertThat(d.sim.vehicle().onGround()).isFalse();
        assertThat(motorsStopped()).isFalse();
    }

    @Test
    void shouldSwitchToStabilizedFromAModeSlotAndBack() {
        // Given COM_FLTMODE4 Stabilized (PX4's 8, as QGC's Flight Modes page writes it) and a
        // vehicle holding at 10 m in Position, sticks centred
        d.sim.stack().params().rc.flightModes[3].set(org.hoverla.core.vehicle.RcParams.FLTMODE_STABILIZED);
        flyingAt10m();
        tx.modeSwitch(2);
        fly(0.3);
        tx.modeSwitch(0);
        fly(1.0);
        assertThat(d.status.mode).isEqualTo(FlightMode.POSITION);
        // When the switch goes to the middle
        tx.modeSwitch(1);
        fly(2.0);
        // Then Stabilized flies it, level at the centred sticks
        assertThat(d.status.mode).isEqualTo(FlightMode.STABILIZED);
        assertThat(Math.toDegrees(d.sim.vehicle().attitude().tiltRad())).isLessThan(3.0);
        // When the switch goes back up, Then Position brakes and holds it in the air
        tx.modeSwitch(0);
        fly(6.0);
        assertThat(d.status.mode).isEqualTo(FlightMode.POSITION);
        assertThat(d.sim.vehicle().velocityNed().normXy()).isLessThan(0.5);
        assertThat(altitude()).isGreaterThan(5.0);
        assertThat(d.sim.vehicle().crashed()).isFalse();
    }

    @Test
    void shouldRefuseACommandArmingThatTheSticksWouldMakeUnsafe() {
        // Given COM_FLTMODE4 Stabilized and a ready vehicle in Position, RC throttle at 80 %
        d.sim.stack().params().rc.flightModes[3].set(org.hoverla.core.vehicle.RcParams.FLTMODE_STABILIZED);
        readyOnTheGround();
        tx.sticks(0, 0, 0, 0.8);
        fly(0.3);
        // When the ground station arms, Then refused: the stick takeoff would start at once
        var ack = d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN);
        assertThat(ack.result).isEqualTo(org.hoverla.core.msg.VehicleCommandAck.DENIED);
        assertThat(ack.reason).isEqualTo(RcArmingSwitches.ARM_THROTTLE_ABOVE_CENTRE);
        // When the mode switch selects Stabilized with the throttle at centre, Then refused: the
        // motors would jump to hover thrust
        tx.modeSwitch(1);
        tx.sticks(0, 0, 0, 0.5);
        fly(0.3);
        assertThat(d.status.mode).isEqualTo(FlightMode.STABILIZED);
        ack = d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN);
        assertThat(ack.reason).isEqualTo(RcArmingSwitches.ARM_HIGH_THROTTLE);
        // When QGC's radio calibration runs (RC sticks unused), Then refused even with the throttle low
        tx.sticks(0, 0, 0, 0);
        d.sim.stack().bus().rcCalibrating.set(true);
        fly(1.0);
        ack = d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN);
        assertThat(ack.reason).isEqualTo(RcArmingSwitches.ARM_STABILIZED_NO_INPUT);
        assertThat(d.status.armed()).isFalse();
        // When the calibration ends, Then the arming is accepted
        d.sim.stack().bus().rcCalibrating.set(false);
        fly(0.5);
        SimDriver.expectAccepted(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN));
        assertThat(d.status.armed()).isTrue();
    }

    @Test
    void shouldNotTakeOverAnAutoModeFromAThrottleRestingLowButFromAStickThatMoves() {
        // Given a vehicle holding at 10 m in Hold, the RC throttle resting low since the mode began
        d.sim.stack().params().rc.mapArmSwitch.set(6);
        readyOnTheGround();
        tx.armSwitch(true);
        fly(0.2);
        d.sim.stack().params().takeoffAltM.set(10.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.NAV_TAKEOFF, Double.NaN, Double.NaN, Double.NaN));
        for (int i = 0; i < 30 && d.status.mode != FlightMode.HOLD; i++) {
            fly(1.0);
        }
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
        // When the throttle stays low for 5 s
        fly(5.0);
        // Then Hold keeps the vehicle at its height (a low throttle is not an override)
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
        assertThat(altitude()).isCloseTo(10.0, within(1.0));
        // When the roll stick moves past COM_RC_STICK_OV, Then the pilot has it in Position
        tx.sticks(0.5, 0, 0, 0);
        fly(0.3);
        assertThat(d.status.mode).isEqualTo(FlightMode.POSITION);
        assertThat(texts).contains("Sticks moved: pilot takes over in Position mode");
    }

    @Test
    void shouldArmByTheSwitchInStabilizedWithThrottleLowAsInAnyStickFlownMode() {
        // Given COM_FLTMODE4 Stabilized selected by the mode switch on the ground, throttle low
        d.sim.stack().params().rc.flightModes[3].set(org.hoverla.core.vehicle.RcParams.FLTMODE_STABILIZED);
        readyOnTheGround();
        tx.modeSwitch(1);
        fly(0.3);
        assertThat(d.status.mode).isEqualTo(FlightMode.STABILIZED);
        // When the arm switch goes on, Then armed (Stabilized is a manual mode: no "switch to manual mode first")
        tx.armSwitch(true);
        fly(0.3);
        assertThat(d.status.armed()).isTrue();
        assertThat(texts).doesNotContain(RcArmingSwitches.ARM_NOT_MANUAL);
        // and with the throttle low it stays on the ground; the switch disarms it there
        fly(2.0);
        assertThat(d.sim.vehicle().onGround()).isTrue();
        tx.armSwitch(false);
        fly(0.3);
        assertThat(d.status.armed()).isFalse();
    }

    @Test
    void shouldKeepAVehicleArmedInStabilizedOnTheGroundWhenTheRcLinkIsLost() {
        // Given a vehicle armed by the switch in Stabilized on the ground, throttle low, no auto-disarm
        d.sim.stack().params().rc.flightModes[3].set(org.hoverla.core.vehicle.RcParams.FLTMODE_STABILIZED);
        d.sim.stack().params().disarmPreflightS.set(0.0);
        readyOnTheGround();
        tx.modeSwitch(1);
        fly(0.3);
        tx.armSwitch(true);
        fly(1.0);
        assertThat(d.status.armed()).isTrue();
        assertThat(d.status.mode).isEqualTo(FlightMode.STABILIZED);
        // When the receiver goes silent for 5 s
        tx.cut(SimRcTransmitter.LinkLoss.RECEIVER_SILENT);
        fly(5.0);
        // Then the lost throttle reads as low, not as hover thrust: the vehicle stays on the ground
        System.out.printf("stabilized on the ground, link lost: highest point %.2f m%n", altitude());
        assertThat(d.sim.vehicle().onGround()).isTrue();
        assertThat(altitude()).isLessThan(0.2);
    }

    @Test
    void shouldHoldWhenTheRcLinkIsLostInStabilizedEvenWithNavRclActDisabled() {
        // Given NAV_RCL_ACT 0 (Hoverla's default) and Stabilized at 10 m from the mode switch
        d.sim.stack().params().setup.rcLossAction.set(0);
        d.sim.stack().params().rc.flightModes[3].set(org.hoverla.core.vehicle.RcParams.FLTMODE_STABILIZED);
        flyingAt10m();
        tx.modeSwitch(2);
        fly(0.3);
        tx.modeSwitch(1);
        fly(2.0);
        assertThat(d.status.mode).isEqualTo(FlightMode.STABILIZED);
        double alt0 = altitude();
        // When the receiver goes silent
        tx.cut(SimRcTransmitter.LinkLoss.RECEIVER_SILENT);
        fly(1.0);
        // Then Hold takes the vehicle (nothing but the sticks flies Stabilized), and it stays put
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
        assertThat(d.status.failsafe).isTrue();
        assertThat(texts).contains("Failsafe: manual control lost, holding");
        double altAtHold = altitude();
        fly(8.0);
        System.out.printf("stabilized link loss: %.2f m at the switch, %.2f m at Hold, %.2f m 8 s later%n", alt0,
                altAtHold, altitude());
        assertThat(d.sim.vehicle().velocityNed().normXy()).isLessThan(0.5);
        // (Stabilized climbed at centre throttle, MPC_THR_HOVER below this airframe's hover thrust;
        // Hold brakes that climb and settles near where it began)
        assertThat(Math.abs(d.sim.vehicle().velocityNed().z)).isLessThan(0.3);
        assertThat(altitude()).isCloseTo(altAtHold, within(2.0));
        assertThat(altitude()).isGreaterThan(5.0);
    }

    @Test
    void shouldSelectTheSwitchsModeOnceItCanWhenTheTransmitterWasOnFromBoot() {
        // Given a transmitter switched on before the vehicle (mode switch up: COM_FLTMODE1 Position),
        // sending while the estimator has no position yet
        tx.sticks(0, 0, 0, 0);
        for (int i = 0; i < 120 && d.status.armingState != org.hoverla.core.msg.ArmingState.STANDBY; i++) {
            fly(0.25);
        }
        fly(0.5);
        // Then Position, refused at first, is selected once the position is valid, without a flick
        assertThat(d.status.armingState).isEqualTo(org.hoverla.core.msg.ArmingState.STANDBY);
        assertThat(d.status.mode).isEqualTo(FlightMode.POSITION);
        // and a ground station's choice afterwards stands
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_MODE, 1, FlightMode.HOLD.px4MainMode(),
                FlightMode.HOLD.px4SubMode(), Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        fly(2.0);
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
    }
}
