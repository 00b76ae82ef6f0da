package org.hoverla.core.tasks;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.control.ManualAttitudeControl;
import org.hoverla.core.control.PositionController;
import org.hoverla.core.control.ThrustAttitude;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.ManualControlSetpoint;
import org.hoverla.core.msg.MissionStatus;
import org.hoverla.core.msg.OffboardSetpoint;
import org.hoverla.core.msg.TrajectorySetpoint;
import org.hoverla.core.msg.VehicleAttitudeSetpoint;
import org.hoverla.core.msg.VehicleLandDetected;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.sched.FlightTask;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.ParamWatch;

/**
 * Trajectory setpoint vs estimated position and velocity → thrust vector → attitude and
 * collective thrust setpoint. On the ground (armed, landed, not taking off) it idles: level,
 * zero collective thrust, integrators reset, so nothing winds up before takeoff.
 *
 * <p>Stabilized mode bypasses the position controller: the pilot's sticks become the attitude
 * and thrust setpoint here ({@link ManualAttitudeControl}), as PX4 1.15's mc_pos_control flies
 * its stabilized mode, so the attitude and rate stages stay unchanged. In Altitude mode a
 * horizontal acceleration setpoint without horizontal position or velocity (the navigator's
 * stick tilt) is flown open loop horizontally, as PX4's PositionControl does with NaN velocity.
 */
public final class PositionControlTask implements FlightTask {
    private final Subscription<VehicleLocalPosition> positionSub;
    private final Subscription<TrajectorySetpoint> setpointSub;
    private final Subscription<VehicleStatus> statusSub;
    private final Subscription<VehicleLandDetected> landSub;
    private final Subscription<OffboardSetpoint> offboardSub;
    private final OffboardSetpoint offboard = new OffboardSetpoint();
    private final Subscription<MissionStatus> missionSub;
    private final MissionStatus mission = new MissionStatus();
    private final Publication<VehicleAttitudeSetpoint> attitudeSpPub;
    private final Subscription<ManualControlSetpoint> manualSub;
    private final ManualControlSetpoint manualInput = new ManualControlSetpoint();
    private final ManualAttitudeControl manualAttitude = new ManualAttitudeControl();
    private long manualLossNs = 500_000_000L;
    private FlightMode lastMode = FlightMode.HOLD;
    private final FlightParams params;
    private final ParamWatch paramWatch;
    /** How fast collective thrust falls after touchdown (normalised per second). */
    private static final double TOUCHDOWN_THRUST_RAMP_PER_S = 0.5;
    /**
     * An offboard takeoff's climb limit grows from 0 to MPC_Z_VEL_MAX_UP over this time, as PX4's
     * TakeoffHandling ramps a takeoff over MPC_TKO_RAMP_T (default 3 s): a setpoint step from the
     * ground would otherwise overshoot (lockstep, 2 m/s step: 2.62 m/s peak).
     */
    static final double OFFBOARD_TAKEOFF_RAMP_S = 3.0;

    private final PositionController controller = new PositionController();

    private final VehicleLocalPosition position = new VehicleLocalPosition();
    private final TrajectorySetpoint setpoint = new TrajectorySetpoint();
    private final VehicleStatus status = new VehicleStatus();
    private final VehicleLandDetected land = new VehicleLandDetected();
    private final VehicleAttitudeSetpoint attitudeSp = new VehicleAttitudeSetpoint();
    private final Vec3 posSp = new Vec3();
    private final Vec3 velSp = new Vec3();
    private final Vec3 thrustSpNed = new Vec3();

    private long lastRunNs = Long.MIN_VALUE;
    private double heldYawRad = Double.NaN;
    private long rejectedUpdates;
    private double thrustMax = 1.0;
    private double climbRampMps = Double.POSITIVE_INFINITY;

    public PositionControlTask(Subscription<VehicleLocalPosition> positionSub, Subscription<TrajectorySetpoint> setpointSub,
                               Subscription<VehicleStatus> statusSub, Subscription<VehicleLandDetected> landSub,
                               Subscription<OffboardSetpoint> offboardSub, Subscription<MissionStatus> missionSub,
                               Publication<VehicleAttitudeSetpoint> attitudeSpPub,
                               Subscription<ManualControlSetpoint> manualSub, FlightParams params) {
        this.manualSub = manualSub;
        this.offboardSub = offboardSub;
        this.missionSub = missionSub;
        this.positionSub = positionSub;
        this.setpointSub = setpointSub;
        this.statusSub = statusSub;
        this.landSub = landSub;
        this.attitudeSpPub = attitudeSpPub;
        this.params = params;
        this.paramWatch = new ParamWatch(params.store);
    }

    @Override
    public void run(long nowNs) {
        statusSub.update(status);
        // Read-your-writes: a command accepted after a PARAM_SET was echoed (MPC_XY_VEL_MAX then a
        // fast reposition) is flown within the new limits at once; gains otherwise follow at 1 Hz.
        boolean newCommand = status.modeSequence != seenModeSequence
                || status.repositionSequence != seenRepositionSequence || status.orbitSequence != seenOrbitSequence;
        seenModeSequence = status.modeSequence;
        seenRepositionSequence = status.repositionSequence;
        seenOrbitSequence = status.orbitSequence;
        if (paramWatch.due(nowNs) || (newCommand && paramWatch.changed())) {
            applyParams();
        }
        double dtS = lastRunNs == Long.MIN_VALUE ? 0.02 : (nowNs - lastRunNs) * 1e-9;
        lastRunNs = nowNs;
        landSub.update(land);
        positionSub.update(position);
        setpointSub.update(setpoint);
        offboardSub.update(offboard);

        attitudeSp.timestampNs = nowNs;
        missionSub.update(mission);
        boolean takingOff = status.mode == FlightMode.TAKEOFF
                || (status.mode == FlightMode.MISSION && mission.takingOff);
        manualSub.update(manualInput);
        if (status.mode == FlightMode.STABILIZED && status.mode != lastMode) {
            manualAttitude.reset(position.headingRad);
        }
        lastMode = status.mode;
        if (status.mode == FlightMode.STABILIZED && status.armed()) {
            stabilized(nowNs, dtS);
        } else if (!status.armed() || (land.landed && !takingOff)) {
            idle();
        } else if (land.groundContact && (status.mode == FlightMode.LAND || status.mode == FlightMode.RETURN
                || status.mode == FlightMode.MISSION)) {
            touchdown(dtS);
        } else if (status.mode == FlightMode.OFFBOARD && offboard.attitudeTarget) {
            offboardAttitude();
        } else {
            fly(dtS);
        }
        attitudeSpPub.publish(attitudeSp);
    }

    private void idle() {
        controller.resetIntegrator();
        climbRampMps = 0.0;
        heldYawRad = position.headingRad;
        double yaw = Double.isFinite(heldYawRad) ? heldYawRad : 0.0;
        attitudeSp.qSp.setEuler(0.0, 0.0, yaw);
        attitudeSp.thrustNorm = 0.0;
        attitudeSp.yawRateFfRadps = Double.NaN;
    }

    /**
     * Touched down while landing: level, no horizontal thrust (which would slide the vehicle),
     * collective ramped down so the land detector can confirm.
     */
    private void touchdown(double dtS) {
        controller.resetIntegrator();
        double yaw = Double.isFinite(heldYawRad) ? heldYawRad : 0.0;
        attitudeSp.qSp.setEuler(0.0, 0.0, yaw);
        double thrust = attitudeSp.thrustNorm - TOUCHDOWN_THRUST_RAMP_PER_S * dtS;
        attitudeSp.thrustNorm = Math.max(thrust, 0.0);
        attitudeSp.yawRateFfRadps = Double.NaN;
    }

    /** Offboard attitude target: straight to the attitude controller, thrust clamped to limits. */
    private void offboardAttitude() {
        controller.resetIntegrator();
        if (offboard.qSp.isFinite() && Double.isFinite(offboard.thrustNorm)) {
            attitudeSp.qSp.set(offboard.qSp).normalize();
            attitudeSp.thrustNorm = Math.max(0.0, Math.min(offboard.thrustNorm, thrustMax));
        }
        attitudeSp.yawRateFfRadps = offboard.yawRateRadps;
    }

    /**
     * Stabilized: sticks → attitude and thrust. Input older than COM_RC_LOSS_T reads as centred
     * (level, hover thrust) in the air until the loss failsafe acts; on the ground it reads as
     * throttle low, since the loss failsafe does not act there and hover thrust would lift an
     * armed vehicle whose pilot just lost the link (lockstep: 17.8 m in 5 s). On the ground with
     * the throttle low the heading setpoint follows the vehicle so it does not twist at takeoff.
     */
    private void stabilized(long nowNs, double dtS) {
        controller.resetIntegrator();
        boolean fresh = manualInput.count > 0 && nowNs - manualInput.timestampNs < manualLossNs;
        double pitch = fresh ? manualInput.pitchNorm : 0.0;
        double roll = fresh ? manualInput.rollNorm : 0.0;
        double yaw = fresh ? manualInput.yawNorm : 0.0;
        double throttle = fresh ? manualInput.throttleNorm : land.landed ? 0.0 : 0.5;
        if (land.landed) {
            manualAttitude.reset(position.headingRad);
        }
        manualAttitude.update(pitch, roll, yaw, throttle, position.headingRad, dtS);
        attitudeSp.qSp.set(manualAttitude.qSp);
        attitudeSp.thrustNorm = manualAttitude.thrustNorm;
        attitudeSp.yawRateFfRadps = manualAttitude.yawRateRadps;
        heldYawRad = manualAttitude.yawSpRad();
    }

    private void fly(double dtS) {
        posSp.set(setpoint.posNedM);
        velSp.set(setpoint.velNedMps);
        if (!position.xyValid || position.deadReckoning) {
            // No horizontal position: do not chase a stale one; hold horizontal velocity at zero.
            // Dead reckoning: the position drifts by metres and every height or heading fusion
            // moves it through the grown cross-covariances; chasing those steps with the position
            // gain shakes the vehicle (lockstep 30 s outage on the EKF: tilt 36° after 24 s).
            // Hold the velocity (feed-forward kept) instead.
            posSp.x = Double.NaN;
            posSp.y = Double.NaN;
        }
        // The ramp grows in every mode, so only an Offboard entered on the ground is limited by it.
        double maxUp = params.zVelMaxUp.get();
        climbRampMps = climbRampMps >= maxUp ? Double.POSITIVE_INFINITY
                : climbRampMps + maxUp / OFFBOARD_TAKEOFF_RAMP_S * dtS;
        controller.setClimbLimit(status.mode == FlightMode.OFFBOARD ? climbRampMps : Double.POSITIVE_INFINITY);
        // Altitude mode's stick tilt: acceleration only, no horizontal velocity loop (PX4 semantics).
        // No valid horizontal velocity either (dead reckoning timed out, EST_NOAID_TOUT): the estimate
        // drifts freely, and holding it at zero flies the vehicle away at the drift's speed (lockstep,
        // GNSS lost at 50 m in calm air: 50 m from where it began to land). Keep the tilt that held
        // the vehicle against the wind when the velocity was last known (the integrator) instead.
        boolean altitudeSticks = status.mode == FlightMode.ALTITUDE && Double.isNaN(posSp.x)
                && Double.isNaN(velSp.x) && Double.isFinite(setpoint.accNedMps2.x);
        controller.setHorizontalVelocityControl(!altitudeSticks);
        controller.setHorizontalTrimHold(!position.vxyValid);
        if (!controller.update(position.posNedM, position.velNedMps, posSp, velSp, setpoint.accNedMps2, dtS,
                thrustSpNed)) {
            rejectedUpdates++;
        }
        if (Double.isFinite(setpoint.yawRad)) {
            heldYawRad = setpoint.yawRad;
        } else if (!Double.isFinite(heldYawRad)) {
            heldYawRad = Double.isFinite(position.headingRad) ? position.headingRad : 0.0;
        }
        attitudeSp.thrustNorm = ThrustAttitude.toAttitude(thrustSpNed, heldYawRad, attitudeSp.qSp);
        attitudeSp.yawRateFfRadps = setpoint.yawRateRadps;
    }

    public long rejectedUpdates() {
        return rejectedUpdates;
    }

    private long seenModeSequence;
    private long seenRepositionSequence;
    private long seenOrbitSequence;

    private void applyParams() {
        controller.setPositionGains(params.xyP.get(), params.zP.get());
        controller.setVelocityGains(params.xyVelP.get(), params.xyVelI.get(), params.xyVelD.get(),
                params.zVelP.get(), params.zVelI.get(), params.zVelD.get());
        controller.setLimits(params.xyVelMax.get(), params.zVelMaxUp.get(), params.zVelMaxDown.get(),
                Math.toRadians(params.tiltMaxDeg.get()), params.thrustMin.get(), params.thrustMax.get());
        controller.setHoverThrust(params.thrustHover.get());
        thrustMax = params.thrustMax.get();
        manualAttitude.setLimits(Math.toRadians(params.manualTiltMaxDeg.get()),
                Math.toRadians(params.manualYawRateMaxDegps.get()), params.manualDeadzone.get(),
                params.manualThrustMin.get(), params.thrustHover.get(), params.thrustMax.get());
        manualLossNs = (long) (params.setup.rcLossTimeoutS.get() * 1e9);
    }
}
