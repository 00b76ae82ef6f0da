package org.hoverla.core.tasks;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.HomePosition;
import org.hoverla.core.msg.NavigatorStatus;
import org.hoverla.core.msg.TrajectorySetpoint;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.sched.FlightTask;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.ParamWatch;

/**
 * Turns the commander's mode into a trajectory setpoint: Hold keeps the position captured when
 * the mode began; Takeoff climbs from the current position to the takeoff altitude along an
 * acceleration-limited velocity profile (so the position controller sees a reachable target
 * and does not overshoot), then reports completion; Land descends at the landing speed over
 * the captured horizontal position.
 */
public final class NavigatorTask implements FlightTask {
    private static final double TAKEOFF_DONE_TOLERANCE_M = 0.5;

    private final Subscription<VehicleStatus> statusSub;
    private final Subscription<VehicleLocalPosition> positionSub;
    private final Subscription<HomePosition> homeSub;
    private final Publication<TrajectorySetpoint> setpointPub;
    private final Publication<NavigatorStatus> navigatorPub;
    private final FlightParams params;
    private final ParamWatch paramWatch;

    private final VehicleStatus status = new VehicleStatus();
    private final VehicleLocalPosition position = new VehicleLocalPosition();
    private final HomePosition home = new HomePosition();
    private final TrajectorySetpoint setpoint = new TrajectorySetpoint();
    private final NavigatorStatus navigatorStatus = new NavigatorStatus();
    private final Vec3 holdPosNedM = new Vec3();

    private long lastRunNs = Long.MIN_VALUE;
    private long modeSequence = -1;
    private FlightMode enteredMode = FlightMode.HOLD;
    private double holdYawRad;
    private double climbSpDownM;
    private double climbVelMps;
    private double takeoffTargetDownM;
    private boolean takeoffComplete;
    private double takeoffSpeed;
    private double landSpeed;
    private double accelMax;

    public NavigatorTask(Subscription<VehicleStatus> statusSub, Subscription<VehicleLocalPosition> positionSub,
                         Subscription<HomePosition> homeSub, Publication<TrajectorySetpoint> setpointPub,
                         Publication<NavigatorStatus> navigatorPub, FlightParams params) {
        this.statusSub = statusSub;
        this.positionSub = positionSub;
        this.homeSub = homeSub;
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
            accelMax = params.accelUpMax.get();
        }
        double dtS = lastRunNs == Long.MIN_VALUE ? 0.05 : (nowNs - lastRunNs) * 1e-9;
        lastRunNs = nowNs;
        statusSub.update(status);
        positionSub.update(position);
        homeSub.update(home);

        if (status.modeSequence != modeSequence) {
            boolean continueFromTakeoff = enteredMode == FlightMode.TAKEOFF && takeoffComplete
                    && status.mode == FlightMode.HOLD;
            if (!continueFromTakeoff) {
                enterMode();
            }
            enteredMode = status.mode;
            modeSequence = status.modeSequence;
        }
        setpoint.clear();
        setpoint.timestampNs = nowNs;
        if (status.armed()) {
            switch (status.mode) {
                case TAKEOFF:
                    takeoff(dtS);
                    break;
                case LAND:
                    setpoint.posNedM.x = holdPosNedM.x;
                    setpoint.posNedM.y = holdPosNedM.y;
                    setpoint.velNedMps.z = landSpeed;
                    setpoint.yawRad = holdYawRad;
                    break;
                case HOLD:
                default:
                    setpoint.posNedM.set(holdPosNedM);
                    setpoint.yawRad = holdYawRad;
                    break;
            }
        }
        setpointPub.publish(setpoint);
        navigatorStatus.timestampNs = nowNs;
        navigatorStatus.modeSequence = modeSequence;
        navigatorStatus.takeoffComplete = takeoffComplete;
        navigatorPub.publish(navigatorStatus);
    }

    private void enterMode() {
        holdPosNedM.set(position.posNedM);
        holdYawRad = Double.isFinite(position.headingRad) ? position.headingRad : 0.0;
        takeoffComplete = false;
        if (status.mode == FlightMode.TAKEOFF) {
            double homeDown = home.valid ? home.posNedM.z : position.posNedM.z;
            takeoffTargetDownM = homeDown - status.takeoffAltRelM;
            climbSpDownM = position.posNedM.z;
            climbVelMps = 0.0;
        }
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
}
