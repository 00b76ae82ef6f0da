package org.hoverla.core.tasks;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.control.Mixer;
import org.hoverla.core.control.RateController;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.ActuatorMotors;
import org.hoverla.core.msg.VehicleAngularVelocity;
import org.hoverla.core.msg.VehicleLandDetected;
import org.hoverla.core.msg.VehicleRatesSetpoint;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.sched.FlightTask;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.ParamWatch;

/**
 * Rate control and mixing at IMU rate: body-rate setpoint vs filtered rates → normalised torque
 * → per-motor thrust. The mixer's saturation flags feed back into the rate controller's
 * anti-windup. Disarmed: integrators reset and all motors at zero thrust. Landed or in ground
 * contact: integrators frozen, so the ground holding the vehicle cannot wind them up.
 */
public final class RateControlTask implements FlightTask {
    private final Subscription<VehicleAngularVelocity> rateSub;
    private final Subscription<VehicleRatesSetpoint> setpointSub;
    private final Subscription<VehicleStatus> statusSub;
    private final Subscription<VehicleLandDetected> landSub;
    private final Publication<ActuatorMotors> motorsPub;
    private final FlightParams params;
    private final ParamWatch paramWatch;
    private final RateController controller = new RateController();
    private final Mixer mixer;

    private final VehicleAngularVelocity rates = new VehicleAngularVelocity();
    private final VehicleRatesSetpoint setpoint = new VehicleRatesSetpoint();
    private final VehicleStatus status = new VehicleStatus();
    private final VehicleLandDetected land = new VehicleLandDetected();
    private final ActuatorMotors motors = new ActuatorMotors();
    private final Vec3 torqueNorm = new Vec3();
    private final double[] motorThrust;

    private long lastSampleNs = Long.MIN_VALUE;
    private long rejectedUpdates;
    /** failure_detector_status, when this task reacts to motor failures (CA_FAILURE_MODE); else null. */
    private Subscription<org.hoverla.core.msg.FailureDetectorStatus> failureSub;
    private final org.hoverla.core.msg.FailureDetectorStatus failure = new org.hoverla.core.msg.FailureDetectorStatus();
    private int failureMode;

    public RateControlTask(Subscription<VehicleAngularVelocity> rateSub, Subscription<VehicleRatesSetpoint> setpointSub,
                           Subscription<VehicleStatus> statusSub, Subscription<VehicleLandDetected> landSub,
                           Publication<ActuatorMotors> motorsPub, Mixer mixer, FlightParams params) {
        this.rateSub = rateSub;
        this.setpointSub = setpointSub;
        this.statusSub = statusSub;
        this.landSub = landSub;
        this.motorsPub = motorsPub;
        this.mixer = mixer;
        this.params = params;
        this.paramWatch = new ParamWatch(params.store);
        this.motorThrust = new double[mixer.motorCount()];
        motors.count = mixer.motorCount();
    }

    /**
     * Lets the failure detector's motor failures reconfigure the allocation: with CA_FAILURE_MODE 1
     * the first failed motor is removed from the mixer until the detector clears it (at disarm).
     * Boot thread.
     */
    public void reactToMotorFailures(Subscription<org.hoverla.core.msg.FailureDetectorStatus> failureSub) {
        this.failureSub = failureSub;
    }

    @Override
    public void run(long nowNs) {
        if (paramWatch.due(nowNs)) {
            applyParams();
        }
        if (failureSub != null) {
            failureSub.update(failure);
            reactToMotorFailure();
        }
        statusSub.update(status);
        landSub.update(land);
        setpointSub.update(setpoint);
        if (!rateSub.update(rates)) {
            return;
        }
        double dtS = lastSampleNs == Long.MIN_VALUE ? 0.001 : (rates.timestampSampleNs - lastSampleNs) * 1e-9;
        lastSampleNs = rates.timestampSampleNs;

        double thrust = 0.0;
        if (!status.armed()) {
            controller.resetIntegrator();
            torqueNorm.zero();
        } else {
            thrust = setpoint.thrustNorm;
            if (mixer.failedMotor() >= 0) {
                // Without a motor the yaw torque can be made one way only (hexa: the opposite motor
                // sits at zero thrust; quad: no yaw at all). Heading control would, once the heading
                // error wraps past 180 degrees, spin the vehicle up the way it cannot brake: only
                // damp the yaw rate.
                setpoint.rateSpFrdRadps.z = 0.0;
            }
            if (!controller.update(setpoint.rateSpFrdRadps, rates.rateFrdRadps, dtS,
                    !land.landed && !land.groundContact, torqueNorm)) {
                rejectedUpdates++;
            }
        }
        mixer.mix(torqueNorm, thrust, motorThrust);
        for (int axis = 0; axis < 3; axis++) {
            controller.setSaturation(axis, mixer.saturatedPositive(axis), mixer.saturatedNegative(axis));
        }
        int flags = 0;
        for (int axis = 0; axis < 4; axis++) {
            if (mixer.saturatedPositive(axis)) {
                flags |= 1 << axis;
            }
            if (mixer.saturatedNegative(axis)) {
                flags |= 1 << (axis + 4);
            }
        }
        motors.timestampNs = nowNs;
        motors.saturationFlags = flags;
        System.arraycopy(motorThrust, 0, motors.thrustNorm, 0, motorThrust.length);
        motorsPub.publish(motors);
    }

    /**
     * CA_FAILURE_MODE 1: removes the failed motor from the allocation. Only a motor the full
     * allocation has run out on (commanded at saturation while the failure is reported) is removed: a weakened motor that the others still balance flies better
     * kept (measured in docs/motor-failure.md: a quad with one motor at 50 % thrust lands when it is
     * kept and crashes on the other three). The allocation is restored when the detector clears
     * the failure (at disarm) or the mode is set to 0.
     */
    private void reactToMotorFailure() {
        int mask = failureMode == org.hoverla.core.failure.FailureDetectorParams.FAILURE_MODE_REMOVE_MOTOR
                ? failure.motorFailureMask : 0;
        if (mask == 0) {
            if (mixer.failedMotor() >= 0) {
                mixer.setFailedMotor(-1);
            }
            return;
        }
        int motor = Integer.numberOfTrailingZeros(mask);
        if (mixer.failedMotor() != motor && motor < motorThrust.length
                && motorThrust[motor] >= REMOVE_IF_COMMANDED_ABOVE) {
            mixer.setFailedMotor(motor);
        }
    }

    /** A failed motor commanded at least this high (the allocation ran out on it) is removed. */
    static final double REMOVE_IF_COMMANDED_ABOVE = 0.98;

    /** Updates refused by the controller (non-finite setpoint or state). */
    public long rejectedUpdates() {
        return rejectedUpdates;
    }

    private void applyParams() {
        // PX4 MC_*RATE_K multiplies the whole PID output, i.e. P, I and D alike (mc_rate_control).
        double kr = params.rollRateK.get();
        double kp = params.pitchRateK.get();
        double ky = params.yawRateK.get();
        controller.setGains(0, kr * params.rollRateP.get(), kr * params.rollRateI.get(), kr * params.rollRateD.get(), 0.0);
        controller.setGains(1, kp * params.pitchRateP.get(), kp * params.pitchRateI.get(), kp * params.pitchRateD.get(), 0.0);
        controller.setGains(2, ky * params.yawRateP.get(), ky * params.yawRateI.get(), ky * params.yawRateD.get(), 0.0);
        double intLim = params.rateIntegratorLimit.get();
        for (int axis = 0; axis < 3; axis++) {
            controller.setIntegratorLimit(axis, intLim);
        }
        controller.setOutputLimit(1.0);
        failureMode = params.failureDetector.failureMode.get();
        controller.setDTermCutoffHz(params.rateDCutoffHz.get());
    }
}
