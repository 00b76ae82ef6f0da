package org.hoverla.core.tasks;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.HomePosition;
import org.hoverla.core.msg.NavigatorStatus;
import org.hoverla.core.msg.OffboardSetpoint;
import org.hoverla.core.msg.TrajectorySetpoint;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.navigation.StraightLineTrajectory;
import org.hoverla.core.sched.FlightTask;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.ParamWatch;

/**
 * Turns the commander's mode into a trajectory setpoint:
 * <ul>
 *   <li>Hold, Position, Altitude: keep the position captured when the mode began, or fly a
 *       straight line to a reposition target and keep that;</li>
 *   <li>Takeoff: climb from the current position to the takeoff altitude along an
 *       acceleration-limited profile, then report completion;</li>
 *   <li>Land: descend over the captured position, fast high up, at the landing speed below
 *       MPC_LAND_ALT1;</li>
 *   <li>Return: climb to RTL_RETURN_ALT if lower, fly a straight line home, land there;</li>
 *   <li>Offboard: pass the offboard computer's position/velocity setpoint through.</li>
 * </ul>
 * Lines are flown with position and velocity feed-forward so the position controller never
 * chases a far-away step.
 */
public final class NavigatorTask implements FlightTask {
    private static final double TAKEOFF_DONE_TOLERANCE_M = 0.5;
    private static final double HOME_REACHED_M = 1.0;

    private enum ReturnPhase { CLIMB, TRAVEL, LAND }

    private final Subscription<VehicleStatus> statusSub;
    private final Subscription<VehicleLocalPosition> positionSub;
    private final Subscription<HomePosition> homeSub;
    private final Subscription<OffboardSetpoint> offboardSub;
    private final Publication<TrajectorySetpoint> setpointPub;
    private final Publication<NavigatorStatus> navigatorPub;
    private final FlightParams params;
    private final ParamWatch paramWatch;

    private final VehicleStatus status = new VehicleStatus();
    private final VehicleLocalPosition position = new VehicleLocalPosition();
    private final HomePosition home = new HomePosition();
    private final OffboardSetpoint offboard = new OffboardSetpoint();
    private final TrajectorySetpoint setpoint = new TrajectorySetpoint();
    private final NavigatorStatus navigatorStatus = new NavigatorStatus();
    private final StraightLineTrajectory line = new StraightLineTrajectory();
    private final Vec3 holdPosNedM = new Vec3();
    private final Vec3 target = new Vec3();
    private final Vec3 linePos = new Vec3();
    private final Vec3 lineVel = new Vec3();

    private long lastRunNs = Long.MIN_VALUE;
    private long modeSequence = -1;
    private long repositionSequence;
    private FlightMode enteredMode = FlightMode.HOLD;
    private double holdYawRad;
    private double climbSpDownM;
    private double climbVelMps;
    private double takeoffTargetDownM;
    private boolean takeoffComplete;
    private boolean landing;
    private ReturnPhase returnPhase = ReturnPhase.CLIMB;
    private double takeoffSpeed;
    private double landSpeed;
    private double descentSpeed;
    private double landSlowAltM;
    private double accelMax;
    private double cruiseSpeed;
    private double returnAltM;

    public NavigatorTask(Subscription<VehicleStatus> statusSub, Subscription<VehicleLocalPosition> positionSub,
                         Subscription<HomePosition> homeSub, Subscription<OffboardSetpoint> offboardSub,
                         Publication<TrajectorySetpoint> setpointPub, Publication<NavigatorStatus> navigatorPub,
                         FlightParams params) {
        this.statusSub = statusSub;
        this.positionSub = positionSub;
        this.homeSub = homeSub;
        this.offboardSub = offboardSub;
        this.setpointPub = setpointPub;
        this.navigatorPub = navigatorPub;
        this.params = params;
        this.paramWatch = new ParamWatch(params.store);
    }

    @Override
    public void run(long nowNs) {
        if (paramWatch.due(nowNs)) {
            takeoffSpeed = params.takeoffSpeed.get();
            landSpeed = params.landSpeed.get();
            descentSpeed = params.zVelMaxDown.get();
            landSlowAltM = params.landSlowAltM.get();
            accelMax = params.accelUpMax.get();
            cruiseSpeed = params.cruiseSpeedMps.get();
            returnAltM = params.returnAltM.get();
        }
        double dtS = lastRunNs == Long.MIN_VALUE ? 0.05 : (nowNs - lastRunNs) * 1e-9;
        lastRunNs = nowNs;
        statusSub.update(status);
        positionSub.update(position);
        homeSub.update(home);
        offboardSub.update(offboard);

        if (status.modeSequence != modeSequence) {
            boolean continueFromTakeoff = enteredMode == FlightMode.TAKEOFF && takeoffComplete
                    && status.mode == FlightMode.HOLD;
            if (!continueFromTakeoff) {
                enterMode();
            }
            enteredMode = status.mode;
            modeSequence = status.modeSequence;
        }
        if (status.repositionSequence != repositionSequence) {
            repositionSequence = status.repositionSequence;
            startLine(holdPosNedM, status.repositionNedM);
            holdPosNedM.set(status.repositionNedM);
        } else if (line.isActive()) {
            line.setMaxSpeed(speed());
        }
        setpoint.clear();
        setpoint.timestampNs = nowNs;
        landing = false;
        if (status.armed()) {
            switch (status.mode) {
                case TAKEOFF:
                    takeoff(dtS);
                    break;
                case LAND:
                    land(holdPosNedM.x, holdPosNedM.y);
                    break;
                case RETURN:
                    flyReturn(dtS);
                    break;
                case OFFBOARD:
                    offboard();
                    break;
                case HOLD:
                case POSITION:
                case ALTITUDE:
                case MISSION:
                default:
                    hold(dtS);
                    break;
            }
        }
        setpointPub.publish(setpoint);
        navigatorStatus.timestampNs = nowNs;
        navigatorStatus.modeSequence = modeSequence;
        navigatorStatus.takeoffComplete = takeoffComplete;
        navigatorStatus.landing = landing;
        navigatorPub.publish(navigatorStatus);
    }

    private double speed() {
        return Double.isFinite(status.cruiseSpeedMps) && status.cruiseSpeedMps > 0.0 ? status.cruiseSpeedMps
                : cruiseSpeed;
    }

    private void enterMode() {
        holdPosNedM.set(position.posNedM);
        holdYawRad = Double.isFinite(position.headingRad) ? position.headingRad : 0.0;
        takeoffComplete = false;
        line.cancel();
        if (status.mode == FlightMode.TAKEOFF) {
            double homeDown = home.valid ? home.posNedM.z : position.posNedM.z;
            takeoffTargetDownM = homeDown - status.takeoffAltRelM;
            climbSpDownM = position.posNedM.z;
            climbVelMps = 0.0;
        } else if (status.mode == FlightMode.RETURN) {
            returnPhase = ReturnPhase.CLIMB;
            double returnDown = homeDown() - returnAltM;
            if (position.posNedM.z > returnDown) {
                target.set(position.posNedM.x, position.posNedM.y, returnDown);
                line.start(position.posNedM, target, takeoffSpeed, accelMax);
            } else {
                startTravel();
            }
        }
    }

    private double homeDown() {
        return home.valid ? home.posNedM.z : 0.0;
    }

    private void startLine(Vec3 from, Vec3 to) {
        line.start(from, to, speed(), accelMax);
    }

    private void hold(double dtS) {
        if (line.isActive()) {
            line.update(dtS, linePos, lineVel);
            setpoint.posNedM.set(linePos);
            setpoint.velNedMps.set(lineVel);
        } else {
            setpoint.posNedM.set(holdPosNedM);
        }
        setpoint.yawRad = holdYawRad;
    }

    /** Moves the climb setpoint up with limited acceleration, braking to stop at the target. */
    private void takeoff(double dtS) {
        double remaining = climbSpDownM - takeoffTargetDownM; // > 0 while below the target
        double brakingSpeed = Math.sqrt(2.0 * accelMax * 0.5 * Math.max(remaining, 0.0));
        double wanted = Math.min(takeoffSpeed, brakingSpeed);
        if (climbVelMps < wanted) {
            climbVelMps = Math.min(wanted, climbVelMps + accelMax * dtS);
        } else {
            climbVelMps = wanted;
        }
        climbSpDownM -= climbVelMps * dtS;
        if (climbSpDownM <= takeoffTargetDownM) {
            climbSpDownM = takeoffTargetDownM;
            climbVelMps = 0.0;
        }
        setpoint.posNedM.x = holdPosNedM.x;
        setpoint.posNedM.y = holdPosNedM.y;
        setpoint.posNedM.z = climbSpDownM;
        setpoint.velNedMps.z = -climbVelMps;
        setpoint.yawRad = holdYawRad;
        if (climbSpDownM == takeoffTargetDownM
                && Math.abs(position.posNedM.z - takeoffTargetDownM) < TAKEOFF_DONE_TOLERANCE_M) {
            takeoffComplete = true;
            // Hold where the takeoff ended, at the target altitude.
            holdPosNedM.z = takeoffTargetDownM;
        }
    }

    /** Descends over (north, east): fast while high above home, slowly for the last metres. */
    private void land(double northM, double eastM) {
        landing = true;
        double heightAboveHome = homeDown() - position.posNedM.z;
        setpoint.posNedM.x = northM;
        setpoint.posNedM.y = eastM;
        setpoint.velNedMps.z = heightAboveHome > landSlowAltM ? descentSpeed : landSpeed;
        setpoint.yawRad = holdYawRad;
    }

    private void startTravel() {
        returnPhase = ReturnPhase.TRAVEL;
        target.set(home.valid ? home.posNedM.x : 0.0, home.valid ? home.posNedM.y : 0.0, position.posNedM.z);
        double dn = target.x - position.posNedM.x;
        double de = target.y - position.posNedM.y;
        if (Math.sqrt(dn * dn + de * de) < HOME_REACHED_M) {
            returnPhase = ReturnPhase.LAND;
            holdPosNedM.set(target);
            return;
        }
        holdYawRad = Math.atan2(de, dn);
        line.start(position.posNedM, target, speed(), accelMax);
    }

    private void flyReturn(double dtS) {
        switch (returnPhase) {
            case CLIMB:
                if (line.update(dtS, linePos, lineVel) && Math.abs(position.posNedM.z - linePos.z) < 1.0) {
                    startTravel();
                }
                setpoint.posNedM.set(linePos);
                setpoint.velNedMps.set(lineVel);
                setpoint.yawRad = holdYawRad;
                break;
            case TRAVEL:
                boolean arrived = line.update(dtS, linePos, lineVel);
                setpoint.posNedM.set(linePos);
                setpoint.velNedMps.set(lineVel);
                setpoint.yawRad = holdYawRad;
                if (arrived && Math.hypot(position.posNedM.x - linePos.x, position.posNedM.y - linePos.y) < HOME_REACHED_M) {
                    returnPhase = ReturnPhase.LAND;
                    holdPosNedM.set(linePos);
                }
                break;
            case LAND:
            default:
                land(holdPosNedM.x, holdPosNedM.y);
                break;
        }
    }

    private void offboard() {
        if (offboard.attitudeTarget) {
            // Attitude targets bypass the position controller; nothing to navigate.
            return;
        }
        setpoint.posNedM.set(offboard.posNedM);
        setpoint.velNedMps.set(offboard.velNedMps);
        setpoint.accNedMps2.set(offboard.accNedMps2);
        setpoint.yawRad = offboard.yawRad;
        setpoint.yawRateRadps = offboard.yawRateRadps;
        if (Double.isNaN(setpoint.yawRad) && Double.isNaN(setpoint.yawRateRadps)) {
            setpoint.yawRad = holdYawRad;
        }
    }
}
