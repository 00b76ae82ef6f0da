package org.hoverla.sim.scenario;

import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.failsafe.ManualControlLossFailsafe;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.rc.PilotSticks;
import org.hoverla.sim.rc.SimRcTransmitter;

/**
 * A flight flown by a simulated pilot's sticks, as a person with a joystick or RC transmitter
 * would fly it: Position mode (an RC transmitter's mode switch selects it, slot 1 =
 * COM_FLTMODE1; a joystick pilot selects it by command) and arming (RC: the arm switch when
 * RC_MAP_ARM_SW maps one, else the stick gesture, throttle low; joystick: by command), raise the
 * throttle to take off to {@link #ALTITUDE_M}, fly a square of {@link #SIDE_M} sides with the
 * pitch and roll sticks (releasing each stick when the vehicle's braking distance reaches the
 * corner); try to disarm in flight (arm switch off, or the disarm gesture: it must be refused);
 * hold with centred sticks for {@link #HOLD_S}; then the link is cut for {@link #LOSS_S}
 * (NAV_RCL_ACT as configured, Hold when it is 0 "disabled"), comes back with centred sticks (the
 * vehicle must stay in the failsafe's mode), and the pilot takes over by moving a stick (back to
 * Position); finally the throttle is held down until the vehicle lands and disarms itself
 * (COM_DISARM_LAND). Any {@link PilotSticks} can fly it; a {@link SimRcTransmitter} cuts its link
 * the way its {@link SimRcTransmitter#lossStyle() loss style} says.
 *
 * <p>Figures (truth positions): the distance from each corner where the vehicle came to rest,
 * the maximum and RMS horizontal deviation during the hold from where it began, and the
 * climb and landing times. Simulation thread only.
 */
public final class StickFlight {
    /** Phases in order; FAILED ends the flight early. */
    public enum Phase { WAIT_READY, ARMING, TAKEOFF, SETTLE, LEG, BRAKE, DISARM_TRY, RESETTLE, HOLD, LOSS, REGAINED,
        TAKEOVER, LAND, DONE, FAILED }

    public static final double ALTITUDE_M = 10.0;
    public static final double SIDE_M = 20.0;
    public static final double HOLD_S = 30.0;
    /** How long the stick link is cut. */
    public static final double LOSS_S = 3.0;
    /** Stick deflection of the square's legs (half: about 4.4 m/s after the deadzone). */
    static final double LEG_STICK = 0.5;
    /** Throttle raised for takeoff: above PX4's 65 % takeoff threshold. */
    static final double TAKEOFF_THROTTLE = 0.8;
    /** Braking the pilot expects (PX4 MPC_ACC_HOR 3 m/s^2 for the setpoint). */
    private static final double BRAKE_MPS2 = 3.0;
    /** Lag of the velocity response a pilot learns to lead the corner by, s. */
    private static final double BRAKE_LAG_S = 0.4;
    private static final double SETTLE_S = 5.0;
    private static final double REST_SPEED_MPS = 0.2;
    /** Pitch, roll of the legs in the heading frame: forward, right, back, left. */
    private static final double[][] LEGS = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
    /** Longest wait for the arm switch or gesture to arm, s. */
    private static final double ARM_TIMEOUT_S = 10.0;

    private final LockstepSim sim;
    private final PilotSticks sticks;
    private final SimRcTransmitter rc;
    private final boolean readEvents;
    private final VehicleEvent event = new VehicleEvent();
    private final FlightMode lossMode;
    private final int lossAction;
    private final double timeoutS;
    private final Subscription<VehicleStatus> statusSub;
    private final VehicleStatus status = new VehicleStatus();
    private final VehicleCommand command = new VehicleCommand();
    private final VehicleCommandAck ack = new VehicleCommandAck();
    private final Vec3 squareStart = new Vec3();
    private final Vec3 corner = new Vec3();
    private final Vec3 holdStart = new Vec3();
    private final double[] cornerErrorsM = new double[LEGS.length];
    private Phase phase = Phase.WAIT_READY;
    private String failure = "";
    private boolean pending;
    private long steps;
    private int leg;
    private double phaseStartS;
    private double headingRad;
    private double armedAtS = Double.NaN;
    private double takeoffAtS = Double.NaN;
    private double altitudeReachedAtS = Double.NaN;
    private double landStartS = Double.NaN;
    private double landedAtS = Double.NaN;
    private double disarmedAtS = Double.NaN;
    private double holdMaxM;
    private double holdSumSq;
    private long holdSamples;
    private double maxAltM;
    private boolean wasArmed;
    private double lossCutAtS = Double.NaN;
    private double lossToActionS = Double.NaN;
    private double takeoverS = Double.NaN;
    private boolean snappedBack;
    private String armMethod = "";
    private String disarmMethod = "";
    private boolean disarmRefused;
    private String disarmRefusalText = "";
    private String lossText = "";
    private double disarmTryS;

    /** A flight that reads the vehicle's STATUSTEXT queue itself (no MAVLink link drains it). */
    public StickFlight(LockstepSim sim, PilotSticks sticks, double timeoutS) {
        this(sim, sticks, timeoutS, true);
    }

    /**
     * @param readEvents whether this flight may drain the vehicle's event queue to capture the
     *                   refusal texts (false when a MAVLink link consumes it: the texts are then
     *                   not captured, the refusals are still judged by the vehicle's state)
     */
    public StickFlight(LockstepSim sim, PilotSticks sticks, double timeoutS, boolean readEvents) {
        this.sim = sim;
        this.sticks = sticks;
        this.rc = sticks instanceof SimRcTransmitter ? (SimRcTransmitter) sticks : null;
        this.readEvents = readEvents;
        this.timeoutS = timeoutS;
        this.statusSub = sim.stack().bus().vehicleStatus.subscribe();
        if (sim.stack().params().setup.rcLossAction.get() == ManualControlLossFailsafe.ACTION_DISABLED) {
            sim.stack().params().setup.rcLossAction.set(ManualControlLossFailsafe.ACTION_HOLD);
        }
        lossAction = sim.stack().params().setup.rcLossAction.get();
        lossMode = lossAction == ManualControlLossFailsafe.ACTION_HOLD ? FlightMode.HOLD
                : lossAction == ManualControlLossFailsafe.ACTION_LAND ? FlightMode.LAND
                : lossAction == ManualControlLossFailsafe.ACTION_RETURN ? FlightMode.RETURN : null;
        // An RC pilot keeps the throttle low until armed (PX4's arming rule); a joystick rests centred.
        sticks.sticks(0.0, 0.0, 0.0, rc != null ? 0.0 : 0.5);
    }

    /** @return false when the flight is over */
    public boolean step() {
        if (phase == Phase.DONE || phase == Phase.FAILED) {
            return false;
        }
        sticks.update(sim.nowNs());
        sim.step();
        steps++;
        if (steps % 10 != 0) {
            return true;
        }
        statusSub.update(status);
        if (readEvents) {
            while (sim.stack().bus().events.poll(event)) {
                onEvent(event.text);
            }
        }
        double t = sim.timeS();
        Vec3 pos = sim.vehicle().positionNed();
        maxAltM = Math.max(maxAltM, -pos.z);
        if (sim.vehicle().crashed()) {
            return fail("crashed: " + sim.vehicle().crashReason());
        }
        if (t > timeoutS) {
            return fail("gave up after " + timeoutS + " s simulated in phase " + phase);
        }
        if (pending) {
            if (!sim.pollAck(ack)) {
                return true;
            }
            if (ack.result != VehicleCommandAck.ACCEPTED) {
                return fail("command " + ack.command + " refused: " + ack.reason);
            }
            pending = false;
        }
        if (status.armed()) {
            wasArmed = true;
        } else if (wasArmed && phase != Phase.LAND) {
            return fail("disarmed in phase " + phase);
        }
        switch (phase) {
            case WAIT_READY:
                if (status.armingState == ArmingState.STANDBY) {
                    if (rc == null) {
                        send(VehicleCommand.DO_SET_MODE, 1, FlightMode.POSITION.px4MainMode());
                    }
                    // (an RC pilot's mode switch, on since boot, selects COM_FLTMODE1 Position
                    // once the position is valid)
                    enter(Phase.ARMING, t);
                }
                break;
            case ARMING:
                if (status.mode != FlightMode.POSITION) {
                    if (t - phaseStartS > ARM_TIMEOUT_S) {
                        return fail("not in Position " + ARM_TIMEOUT_S + " s after ready to arm (mode " + status.mode + ")");
                    }
                    break;
                }
                if (!status.armed()) {
                    if (rc == null) {
                        armMethod = "command";
                        send(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0);
                    } else if (armMethod.isEmpty()) {
                        phaseStartS = t;
                        if (SimRcTransmitter.armSwitchMapped(sim.stack().params())) {
                            armMethod = "switch";
                            rc.armSwitch(true);
                        } else {
                            armMethod = "gesture";
                            sticks.sticks(0.0, 0.0, 1.0, 0.0);
                        }
                    } else if (t - phaseStartS > ARM_TIMEOUT_S) {
                        return fail("not armed " + ARM_TIMEOUT_S + " s after the arm " + armMethod);
                    }
                    break;
                }
                if (rc != null) {
                    sticks.sticks(0.0, 0.0, 0.0, 0.0);
                }
                armedAtS = t;
                takeoffAtS = t + 1.0;
                enter(Phase.TAKEOFF, t);
                break;
            case TAKEOFF: {
                if (t < takeoffAtS) {
                    break; // a pilot's second between arming and raising the throttle
                }
                double climb = -sim.vehicle().velocityNed().z;
                double brake = climb > 0.0 ? climb * climb / (2.0 * BRAKE_MPS2) : 0.0;
                if (-pos.z + brake < ALTITUDE_M) {
                    sticks.sticks(0.0, 0.0, 0.0, TAKEOFF_THROTTLE);
                } else {
                    sticks.sticks(0.0, 0.0, 0.0, 0.5);
                    altitudeReachedAtS = t;
                    enter(Phase.SETTLE, t);
                }
                break;
            }
            case SETTLE:
                if (t - phaseStartS >= SETTLE_S) {
                    squareStart.set(pos);
                    corner.set(pos);
                    headingRad = sim.vehicle().attitude().yaw();
                    leg = 0;
                    startLeg(t);
                }
                break;
            case LEG: {
                double f = LEGS[leg][0];
                double r = LEGS[leg][1];
                double dirN = f * Math.cos(headingRad) - r * Math.sin(headingRad);
                double dirE = f * Math.sin(headingRad) + r * Math.cos(headingRad);
                Vec3 vel = sim.vehicle().velocityNed();
                double remaining = (corner.x - pos.x) * dirN + (corner.y - pos.y) * dirE;
                double along = vel.x * dirN + vel.y * dirE;
                // Braking distance plus what the setpoint chain covers before braking bites.
                double brake = along > 0.0 ? along * along / (2.0 * BRAKE_MPS2) + along * BRAKE_LAG_S : 0.0;
                if (remaining <= brake) {
                    sticks.sticks(0.0, 0.0, 0.0, 0.5);
                    enter(Phase.BRAKE, t);
                }
                break;
            }
            case BRAKE:
                if (t - phaseStartS >= SETTLE_S && sim.vehicle().velocityNed().normXy() < REST_SPEED_MPS) {
                    cornerErrorsM[leg] = Math.hypot(pos.x - corner.x, pos.y - corner.y);
                    leg++;
                    if (leg < LEGS.length) {
                        startLeg(t);
                    } else {
                        startDisarmTry(t);
                    }
                }
                break;
            case DISARM_TRY:
                if (t - phaseStartS >= disarmTryS) {
                    disarmRefused = status.armed();
                    if ("switch".equals(disarmMethod)) {
                        rc.armSwitch(true); // back on: a change to ON while armed does nothing
                    }
                    sticks.sticks(0.0, 0.0, 0.0, 0.5);
                    enter(Phase.RESETTLE, t);
                }
                break;
            case RESETTLE:
                if (t - phaseStartS >= SETTLE_S && sim.vehicle().velocityNed().normXy() < REST_SPEED_MPS) {
                    holdStart.set(pos);
                    enter(Phase.HOLD, t);
                }
                break;
            case HOLD: {
                double dev = Math.hypot(pos.x - holdStart.x, pos.y - holdStart.y);
                holdMaxM = Math.max(holdMaxM, dev);
                holdSumSq += dev * dev;
                holdSamples++;
                if (t - phaseStartS >= HOLD_S) {
                    sticks.link(false);
                    lossCutAtS = t;
                    enter(Phase.LOSS, t);
                }
                break;
            }
            case LOSS:
                if (Double.isNaN(lossToActionS) && status.failsafe && status.mode == lossMode) {
                    lossToActionS = t - lossCutAtS;
                }
                if (t - phaseStartS >= LOSS_S) {
                    if (Double.isNaN(lossToActionS)) {
                        return fail("no failsafe action " + LOSS_S + " s after the stick link was cut");
                    }
                    sticks.link(true);
                    enter(Phase.REGAINED, t);
                }
                break;
            case REGAINED:
                snappedBack |= status.mode != lossMode;
                if (t - phaseStartS >= SETTLE_S) {
                    sticks.sticks(0.0, LEG_STICK, 0.0, 0.5);
                    enter(Phase.TAKEOVER, t);
                }
                break;
            case TAKEOVER:
                if (Double.isNaN(takeoverS) && status.mode == FlightMode.POSITION) {
                    takeoverS = t - phaseStartS;
                    sticks.sticks(0.0, 0.0, 0.0, 0.5);
                }
                if (t - phaseStartS >= SETTLE_S) {
                    if (Double.isNaN(takeoverS)) {
                        return fail("the sticks did not take over from the failsafe");
                    }
                    sticks.sticks(0.0, 0.0, 0.0, 0.0);
                    landStartS = t;
                    enter(Phase.LAND, t);
                }
                break;
            case LAND:
                if (Double.isNaN(landedAtS) && sim.vehicle().onGround()) {
                    landedAtS = t;
                }
                if (!status.armed()) {
                    disarmedAtS = t;
                    sticks.sticks(0.0, 0.0, 0.0, 0.0);
                    phase = Phase.DONE;
                    return false;
                }
                break;
            default:
                break;
        }
        return true;
    }

    /**
     * The pilot tries to disarm in flight: the arm switch off when the transmitter has one, else
     * the disarm gesture (throttle low, yaw full left) held past COM_RC_ARM_HYST.
     */
    private void startDisarmTry(double t) {
        double holdS = sim.stack().params().rc.armHysteresisMs.get() * 1e-3;
        if (rc != null && SimRcTransmitter.armSwitchMapped(sim.stack().params())) {
            disarmMethod = "switch";
            rc.armSwitch(false);
            disarmTryS = 1.0;
        } else if (sim.stack().params().rc.armGesture.get() == 1 && !SimRcTransmitter.armSwitchMapped(sim.stack().params())) {
            disarmMethod = "gesture";
            sticks.sticks(0.0, 0.0, -1.0, 0.0);
            disarmTryS = holdS + 0.5;
        } else {
            // No way to try: the gesture is off (MAN_ARM_GESTURE 0, or an arm switch is mapped, as
            // PX4 forces it) and this pilot has no arm switch.
            disarmMethod = "none";
            disarmTryS = 0.0;
        }
        enter(Phase.DISARM_TRY, t);
    }

    private void onEvent(String text) {
        if (text == null) {
            return;
        }
        if (phase == Phase.DISARM_TRY && disarmRefusalText.isEmpty() && text.startsWith("Disarming denied")) {
            disarmRefusalText = text;
        }
        if (phase == Phase.LOSS && lossText.isEmpty() && text.startsWith("Failsafe: manual control lost")) {
            lossText = text;
        }
    }

    private void startLeg(double t) {
        double f = LEGS[leg][0];
        double r = LEGS[leg][1];
        corner.x += SIDE_M * (f * Math.cos(headingRad) - r * Math.sin(headingRad));
        corner.y += SIDE_M * (f * Math.sin(headingRad) + r * Math.cos(headingRad));
        sticks.sticks(r * LEG_STICK, f * LEG_STICK, 0.0, 0.5);
        enter(Phase.LEG, t);
    }

    private void enter(Phase p, double t) {
        phase = p;
        phaseStartS = t;
    }

    private void send(int cmd, double p1, double p2) {
        command.clear(cmd);
        command.param1 = p1;
        command.param2 = p2;
        command.sequence = steps;
        if (sim.send(command)) {
            pending = true;
        }
    }

    private boolean fail(String why) {
        failure = why;
        phase = Phase.FAILED;
        return false;
    }

    public Phase phase() {
        return phase;
    }

    public String failure() {
        return failure;
    }

    /** Horizontal distance from each of the square's four corners where the vehicle came to rest, m. */
    public double[] cornerErrorsM() {
        return cornerErrorsM.clone();
    }

    public double holdMaxDeviationM() {
        return holdMaxM;
    }

    public double holdRmsDeviationM() {
        return holdSamples == 0 ? Double.NaN : Math.sqrt(holdSumSq / holdSamples);
    }

    public double armedAtS() {
        return armedAtS;
    }

    /** Time from raising the throttle to reaching {@link #ALTITUDE_M}, s. */
    public double climbTimeS() {
        return altitudeReachedAtS - takeoffAtS;
    }

    /** Time from lowering the throttle to touchdown, s. */
    public double descentTimeS() {
        return landedAtS - landStartS;
    }

    public double disarmedAtS() {
        return disarmedAtS;
    }

    /** Time from touchdown to the automatic disarm, s. */
    public double touchdownToDisarmS() {
        return disarmedAtS - landedAtS;
    }

    /** Time from cutting the stick link to the failsafe's mode (NAV_RCL_ACT), s (COM_RC_LOSS_T after the last input). */
    public double lossToActionS() {
        return lossToActionS;
    }

    /** Whether the mode left the failsafe's Hold when the link came back with centred sticks (it must not). */
    public boolean snappedBack() {
        return snappedBack;
    }

    /** Time from moving a stick past COM_RC_STICK_OV to Position mode, s. */
    public double takeoverS() {
        return takeoverS;
    }

    public double maxAltM() {
        return maxAltM;
    }

    /** "rc" for a {@link SimRcTransmitter}, "joystick" otherwise. */
    public String source() {
        return rc != null ? "rc" : "joystick";
    }

    /** How it was armed: "switch" or "gesture" (RC), "command" (joystick). */
    public String armMethod() {
        return armMethod;
    }

    /** How the in-flight disarm was tried: "switch", "gesture", or "none" (the gesture is off and there is no switch). */
    public String disarmMethod() {
        return disarmMethod;
    }

    /** Whether the in-flight disarm attempt was refused (the vehicle stayed armed). */
    public boolean disarmRefused() {
        return disarmRefused;
    }

    /** The refusal's STATUSTEXT, empty when none was seen (or the events were not read). */
    public String disarmRefusalText() {
        return disarmRefusalText;
    }

    /** NAV_RCL_ACT flown at the link cut. */
    public int lossAction() {
        return lossAction;
    }

    /** The mode NAV_RCL_ACT leads to, null for an action without one (terminate, disarm). */
    public FlightMode lossMode() {
        return lossMode;
    }

    /** The failsafe's STATUSTEXT at the link cut, empty when none was seen (or the events were not read). */
    public String lossText() {
        return lossText;
    }

    /** How the RC link was cut ("silent", "failsafe_frames"), empty for a joystick. */
    public String linkLossStyle() {
        if (rc == null) {
            return "";
        }
        return rc.lossStyle() == SimRcTransmitter.LinkLoss.FAILSAFE_FRAMES ? "failsafe_frames" : "silent";
    }
}
