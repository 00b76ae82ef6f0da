package org.hoverla.sim.scenario;

import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.rc.PilotSticks;

/**
 * A flight flown by a simulated pilot's sticks, as a person with a joystick or RC transmitter
 * would fly it: select Position mode and arm (by command), raise the throttle to take off to
 * {@link #ALTITUDE_M}, fly a square of {@link #SIDE_M} sides with the pitch and roll sticks
 * (releasing each stick when the vehicle's braking distance reaches the corner), hold with
 * centred sticks for {@link #HOLD_S}; then the link is cut for {@link #LOSS_S} (NAV_RCL_ACT is set
 * to Hold for this flight), comes back with centred sticks (the vehicle must stay in the
 * failsafe's Hold), and the pilot takes over by moving a stick (back to Position); finally the
 * throttle is held down until the vehicle lands and disarms itself (COM_DISARM_LAND). Any
 * {@link PilotSticks} can fly it.
 *
 * <p>Figures (truth positions): the distance from each corner where the vehicle came to rest,
 * the maximum and RMS horizontal deviation during the hold from where it began, and the
 * climb and landing times. Simulation thread only.
 */
public final class StickFlight {
    /** Phases in order; FAILED ends the flight early. */
    public enum Phase { WAIT_READY, ARMING, TAKEOFF, SETTLE, LEG, BRAKE, HOLD, LOSS, REGAINED, TAKEOVER, LAND, DONE, FAILED }

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

    private final LockstepSim sim;
    private final PilotSticks sticks;
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

    public StickFlight(LockstepSim sim, PilotSticks sticks, double timeoutS) {
        this.sim = sim;
        this.sticks = sticks;
        this.timeoutS = timeoutS;
        this.statusSub = sim.stack().bus().vehicleStatus.subscribe();
        sim.stack().params().setup.rcLossAction.set(1);
        sticks.sticks(0.0, 0.0, 0.0, 0.5);
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
                    send(VehicleCommand.DO_SET_MODE, 1, FlightMode.POSITION.px4MainMode());
                    phase = Phase.ARMING;
                }
                break;
            case ARMING:
                if (status.mode != FlightMode.POSITION) {
                    break;
                }
                if (!status.armed()) {
                    send(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0);
                    break;
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
                        holdStart.set(pos);
                        enter(Phase.HOLD, t);
                    }
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
                if (Double.isNaN(lossToActionS) && status.failsafe && status.mode == FlightMode.HOLD) {
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
                snappedBack |= status.mode != FlightMode.HOLD;
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

    /** Time from cutting the stick link to the failsafe's Hold, s (COM_RC_LOSS_T after the last message). */
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
}
