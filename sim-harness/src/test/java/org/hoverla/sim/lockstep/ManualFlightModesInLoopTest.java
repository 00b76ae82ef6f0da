package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.mavlink.manual.ManualControlService;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.vehicle.SetupParams;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;
import org.hoverla.sim.rc.JoystickSticks;
import org.hoverla.sim.rc.PilotSticks;
import org.hoverla.sim.rc.SimRcTransmitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stabilized and Altitude modes, the manual-control-loss failsafe (NAV_RCL_ACT, COM_RCL_EXCEPT)
 * and stick override (COM_RC_OVERRIDE, COM_RC_STICK_OV), flown by a ground-station joystick
 * (MANUAL_CONTROL at 25 Hz) against the real flight code in lockstep. The loss cases are the same
 * for every stick input and run for each: the joystick, and the simulated RC transmitter through
 * the receiver chain with its link cut both ways a receiver loses it (silent, failsafe frames).
 */
class ManualFlightModesInLoopTest {
    private final SimDriver d = new SimDriver(northFacing());
    /** The pilot's stick input; the joystick unless a test {@link #use uses} another. */
    private PilotSticks joystick = new JoystickSticks(new ManualControlService(1, d.sim.stack().bus()), 1);
    private final SetupParams setup = d.sim.stack().params().setup;
    private final List<String> texts = new ArrayList<>();
    private final VehicleEvent event = new VehicleEvent();

    private static SimConfig northFacing() {
        SimConfig config = new SimConfig();
        config.initialYawDeg = 0.0;
        return config;
    }

    static final String JOYSTICK = "joystick";
    static final String RC_SILENT = "rc, receiver silent";
    static final String RC_FAILSAFE_FRAMES = "rc, failsafe frames";

    /** Flies with the named stick input: {@link #JOYSTICK}, {@link #RC_SILENT} or {@link #RC_FAILSAFE_FRAMES}. */
    private void use(String pilot) {
        if (!JOYSTICK.equals(pilot)) {
            joystick = new SimRcTransmitter(d.sim.devices().rc).lossStyle(RC_SILENT.equals(pilot)
                    ? SimRcTransmitter.LinkLoss.RECEIVER_SILENT : SimRcTransmitter.LinkLoss.FAILSAFE_FRAMES);
        }
    }

    /** Holds the sticks (roll, pitch, yaw -1..1, throttle 0..1) for the given time, stepping the vehicle. */
    private void fly(double roll, double pitch, double yaw, double throttle, double seconds) {
        joystick.sticks(roll, pitch, yaw, throttle);
        run(seconds);
    }

    private void run(double seconds) {
        long steps = Math.round(seconds * 1e9 / SimConfig.STEP_NS);
        for (long i = 0; i < steps; i++) {
            joystick.update(d.sim.nowNs());
            d.sim.step();
            while (d.sim.stack().bus().events.poll(event)) {
                texts.add(event.text);
            }
        }
        d.steps(0);
    }

    /** Runs until the mode is no longer {@code mode} or the time is up; returns the time it took, s. */
    private double runWhileMode(FlightMode mode, double maxS) {
        double start = d.sim.timeS();
        while (d.status.mode == mode && d.sim.timeS() - start < maxS) {
            run(0.01);
        }
        return d.sim.timeS() - start;
    }

    private void setMode(FlightMode m) {
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_MODE, 1, m.px4MainMode(), m.px4SubMode(),
                Double.NaN, Double.NaN, Double.NaN, Double.NaN));
    }

    private double altitude() {
        return -d.sim.vehicle().positionNed().z;
    }

    /** At 10 m in Position mode with the joystick sending centred sticks. */
    private void positionAt10m() {
        d.takeOff(10.0);
        fly(0, 0, 0, 0.5, 1.0);
        setMode(FlightMode.POSITION);
        fly(0, 0, 0, 0.5, 2.0);
    }

    @Test
    void shouldHoldLevelWithCentredSticksAndTiltToTheCommandedAngleInStabilized() {
        // Given Stabilized mode at 10 m with centred sticks
        positionAt10m();
        setMode(FlightMode.STABILIZED);
        fly(0, 0, 0, 0.5, 3.0);
        // Then it stays level
        assertThat(Math.toDegrees(d.sim.vehicle().attitude().tiltRad())).isLessThan(2.0);
        assertThat(d.status.mode).isEqualTo(FlightMode.STABILIZED);
        // When half right stick is held for 1 s
        fly(0.5, 0, 0, 0.5, 1.0);
        // Then it rolls right to half MPC_MAN_TILT_MAX (17.5 deg)
        double rollDeg = Math.toDegrees(d.sim.vehicle().attitude().roll());
        // When half forward stick instead
        fly(0, 0.5, 0, 0.5, 1.0);
        double pitchDeg = Math.toDegrees(d.sim.vehicle().attitude().pitch());
        fly(0, 0, 0, 0.5, 1.0);
        double levelDeg = Math.toDegrees(d.sim.vehicle().attitude().tiltRad());
        System.out.printf("stabilized: roll %.1f deg, pitch %.1f deg at half stick (17.5 expected), level %.2f deg%n",
                rollDeg, pitchDeg, levelDeg);
        assertThat(rollDeg).isCloseTo(17.5, within(1.5));
        assertThat(pitchDeg).isCloseTo(-17.5, within(1.5));
        assertThat(levelDeg).isLessThan(2.0);
        assertThat(d.sim.vehicle().crashed()).isFalse();
        // When Position is selected again, Then it brakes and holds above the ground
        setMode(FlightMode.POSITION);
        fly(0, 0, 0, 0.5, 8.0);
        assertThat(d.sim.vehicle().velocityNed().normXy()).isLessThan(0.5);
        assertThat(altitude()).isGreaterThan(5.0);
    }

    @Test
    void shouldRefuseStabilizedWithoutManualInput() {
        // Given a vehicle at 10 m that has never heard a joystick
        d.takeOff(10.0);
        // When Stabilized is asked for
        var ack = d.command(VehicleCommand.DO_SET_MODE, 1, FlightMode.STABILIZED.px4MainMode(), 0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        // Then it is refused with the reason, and the vehicle keeps holding
        assertThat(ack.result).isEqualTo(org.hoverla.core.msg.VehicleCommandAck.DENIED);
        assertThat(ack.reason).contains("no manual control input");
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
    }

    @Test
    void shouldHoldAltitudeWithCentredThrottleAndFlyTheTiltInAltitudeMode() {
        // Given Altitude mode at 10 m
        positionAt10m();
        setMode(FlightMode.ALTITUDE);
        double alt0 = altitude();
        // When the sticks stay centred for 5 s, Then the altitude holds
        fly(0, 0, 0, 0.5, 5.0);
        assertThat(altitude()).isCloseTo(alt0, within(0.3));
        // When half forward stick is held for 2 s
        double north0 = d.sim.vehicle().positionNed().x;
        fly(0, 0.5, 0, 0.5, 2.0);
        // Then it tilts nose down by the stick's share of MPC_MAN_TILT_MAX (deadzone-rescaled: 15.6 deg)
        // and accelerates north, keeping its altitude
        double pitchDeg = Math.toDegrees(d.sim.vehicle().attitude().pitch());
        System.out.printf("altitude mode: pitch %.1f deg at half stick (-15.6 expected), %.1f m/s after 2 s%n",
                pitchDeg, d.sim.vehicle().velocityNed().x);
        assertThat(pitchDeg).isCloseTo(-15.6, within(2.0));
        assertThat(d.sim.vehicle().velocityNed().x).isGreaterThan(3.0);
        assertThat(d.sim.vehicle().positionNed().x - north0).isGreaterThan(3.0);
        assertThat(altitude()).isCloseTo(alt0, within(1.0));
    }

    @Test
    void shouldHoldWhereTheAltitudeModeInputWasLostNotWhereTheModeBegan() {
        // Given Altitude mode at 10 m, flown 4 s forward by tilt (NAV_RCL_ACT 0: no failsafe action)
        positionAt10m();
        setMode(FlightMode.ALTITUDE);
        fly(0, 0, 0, 0.5, 1.0);
        double north0 = d.sim.vehicle().positionNed().x;
        fly(0, 0.5, 0, 0.5, 4.0);
        fly(0, 0, 0, 0.5, 1.0);
        // When the joystick goes silent
        joystick.link(false);
        double northAtLoss = d.sim.vehicle().positionNed().x;
        run(12.0);
        // Then it brakes and holds where the input was lost, far from where the mode began
        double north = d.sim.vehicle().positionNed().x;
        System.out.printf("altitude mode input lost %.1f m from the mode's start: held %.1f m further%n",
                northAtLoss - north0, north - northAtLoss);
        assertThat(d.sim.vehicle().velocityNed().normXy()).isLessThan(0.3);
        // (within its braking distance: the stick controller's stale hold point lay 4.7 m on)
        assertThat(north - northAtLoss).isBetween(-1.0, 3.5);
        assertThat(north - north0).isGreaterThan(10.0);
        assertThat(d.status.mode).isEqualTo(FlightMode.ALTITUDE);
    }

    @ParameterizedTest
    @ValueSource(strings = {JOYSTICK, RC_SILENT, RC_FAILSAFE_FRAMES})
    void shouldReturnWhenTheJoystickIsLostInPositionModeAndNotSnapBackWhenItReturns(String pilot) {
        // Given NAV_RCL_ACT Return, Position mode at 10 m, 15 m north of home
        use(pilot);
        setup.rcLossAction.set(2);
        positionAt10m();
        fly(0, 0.5, 0, 0.5, 5.0);
        fly(0, 0, 0, 0.5, 5.0);
        // When the joystick goes silent
        joystick.link(false);
        double delay = runWhileMode(FlightMode.POSITION, 5.0);
        // Then after COM_RC_LOSS_T (0.5 s) it returns, and says so
        System.out.printf("manual control loss (%s) to Return: %.3f s (COM_RC_LOSS_T 0.5 s)%n", pilot, delay);
        assertThat(d.status.mode).isEqualTo(FlightMode.RETURN);
        assertThat(d.status.failsafe).isTrue();
        assertThat(delay).isBetween(0.45, 0.6);
        assertThat(texts).contains("Failsafe: manual control lost, returning");
        // When the joystick comes back with centred sticks
        run(2.0);
        joystick.link(true);
        fly(0, 0, 0, 0.5, 3.0);
        // Then it keeps returning (no snap back to Position)
        assertThat(d.status.mode).isEqualTo(FlightMode.RETURN);
        assertThat(texts).contains("Manual control regained: failsafe mode kept until a mode is selected");
        // When the pilot moves the sticks beyond COM_RC_STICK_OV (30 %)
        fly(0, 0.5, 0, 0.5, 0.2);
        // Then the pilot has it, in Position mode
        assertThat(d.status.mode).isEqualTo(FlightMode.POSITION);
        assertThat(d.status.failsafe).isFalse();
        assertThat(texts).contains("Sticks moved: pilot takes over in Position mode");
    }

    @ParameterizedTest
    @ValueSource(strings = {JOYSTICK, RC_SILENT, RC_FAILSAFE_FRAMES})
    void shouldLandWhenTheJoystickIsLostWithNavRclActLand(String pilot) {
        // Given NAV_RCL_ACT Land, Position mode at 10 m
        use(pilot);
        setup.rcLossAction.set(3);
        positionAt10m();
        // When the joystick goes silent
        joystick.link(false);
        double delay = runWhileMode(FlightMode.POSITION, 5.0);
        // Then it lands where it is and disarms
        assertThat(d.status.mode).isEqualTo(FlightMode.LAND);
        assertThat(delay).isBetween(0.45, 0.6);
        assertThat(texts).contains("Failsafe: manual control lost, landing");
        run(30.0);
        assertThat(d.sim.vehicle().onGround()).isTrue();
        assertThat(d.status.armed()).isFalse();
        assertThat(d.sim.vehicle().crashed()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {JOYSTICK, RC_SILENT, RC_FAILSAFE_FRAMES})
    void shouldContinueTheMissionWhenTheJoystickIsLostWithTheMissionException(String pilot) {
        use(pilot);
        missionLoss(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {JOYSTICK, RC_SILENT, RC_FAILSAFE_FRAMES})
    void shouldReturnWhenTheJoystickIsLostInAMissionWithoutTheException(String pilot) {
        use(pilot);
        missionLoss(0);
    }

    private void missionLoss(int exceptions) {
        // Given NAV_RCL_ACT Return and COM_RCL_EXCEPT as given, a mission 300 m north under way,
        // flown with the joystick connected and centred
        setup.rcLossAction.set(2);
        setup.rcLossExceptions.set(exceptions);
        startMission();
        fly(0, 0, 0, 0.5, 15.0);
        assertThat(d.status.mode).isEqualTo(FlightMode.MISSION);
        // When the joystick goes silent
        joystick.link(false);
        run(5.0);
        // Then with the Mission exception the mission continues; without it the vehicle returns
        if (exceptions == 1) {
            assertThat(d.status.mode).isEqualTo(FlightMode.MISSION);
            assertThat(texts).contains("Manual control lost: mode continues (COM_RCL_EXCEPT)");
            assertThat(texts).doesNotContain("Failsafe: manual control lost, returning");
        } else {
            assertThat(d.status.mode).isEqualTo(FlightMode.RETURN);
            assertThat(texts).contains("Failsafe: manual control lost, returning");
        }
    }

    @Test
    void shouldHandMissionAndHoldToThePilotWhenTheSticksMove() {
        // Given a mission under way with the joystick centred
        startMission();
        fly(0, 0, 0, 0.5, 15.0);
        assertThat(d.status.mode).isEqualTo(FlightMode.MISSION);
        // When the pilot pushes the pitch stick past COM_RC_STICK_OV
        fly(0, -0.5, 0, 0.5, 0.2);
        // Then Position mode takes over
        assertThat(d.status.mode).isEqualTo(FlightMode.POSITION);
        assertThat(texts).contains("Sticks moved: pilot takes over in Position mode");
        // When Hold is selected and the sticks are centred, then moved again (yaw)
        fly(0, 0, 0, 0.5, 3.0);
        setMode(FlightMode.HOLD);
        fly(0, 0, 0, 0.5, 2.0);
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
        fly(0, 0, 0.6, 0.5, 0.2);
        // Then Position again
        assertThat(d.status.mode).isEqualTo(FlightMode.POSITION);
    }

    @Test
    void shouldNotOverrideWithStickOverrideDisabled() {
        // Given COM_RC_OVERRIDE 0 and a mission under way with the joystick centred
        setup.stickOverrideModes.set(0);
        startMission();
        fly(0, 0, 0, 0.5, 15.0);
        // When the pilot moves the sticks
        fly(0, 0.8, 0, 0.5, 1.0);
        // Then the mission goes on
        assertThat(d.status.mode).isEqualTo(FlightMode.MISSION);
    }

    private void startMission() {
        SimConfig config = d.sim.config();
        GeoRef home = new GeoRef(config.homeLatDeg, config.homeLonDeg, config.homeAltM);
        List<MissionItem> items = new ArrayList<>();
        items.add(item(home, 0, MavCmd.NAV_TAKEOFF, 0, 0));
        items.add(item(home, 1, MavCmd.NAV_WAYPOINT, 300, 0));
        items.add(item(home, 2, MavCmd.NAV_LAND, 300, 0));
        d.sim.stack().bus().missionPlan.set(new MissionPlan(items, List.of(), List.of()));
        d.stepUntilReady(30.0);
        fly(0, 0, 0, 0.5, 1.0);
        setMode(FlightMode.MISSION);
        SimDriver.expectAccepted(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN));
    }

    private static MissionItem item(GeoRef home, int seq, int cmd, double north, double east) {
        Vec3 geo = home.toGeodetic(north, east, 0.0, new Vec3());
        return new MissionItem(seq, MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT, cmd, false, true, 0f, 0f, 0f,
                Float.NaN, (int) Math.round(geo.x * 1e7), (int) Math.round(geo.y * 1e7), 10f, MissionType.MISSION);
    }
}
