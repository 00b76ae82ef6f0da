package org.hoverla.core.control;

import org.hoverla.core.math.Angles;
import org.hoverla.core.math.Quat;

/**
 * Sticks to an attitude and collective thrust setpoint, as PX4's Stabilized mode flies them
 * (mc_att_control {@code generate_attitude_setpoint} and {@code throttle_curve}; in PX4 1.15 the
 * same mapping lives in mc_pos_control's stabilized mode, parameters in
 * {@code multicopter_stabilized_mode_params.c}):
 * <ul>
 *   <li>forward/right sticks → a tilt towards the stick direction, the stick vector's length
 *       times MPC_MAN_TILT_MAX, limited to MPC_MAN_TILT_MAX (the tilt is a rotation vector in the
 *       heading frame, so the vehicle leans where the stick points);</li>
 *   <li>yaw stick → yaw rate up to MPC_MAN_Y_MAX, integrated into a heading setpoint (with the
 *       rate as feed-forward) that may lead the heading by at most {@link #MAX_YAW_LEAD_RAD};
 *       MPC_HOLD_DZ is applied to the yaw stick only, so a resting stick does not creep;</li>
 *   <li>throttle stick → collective thrust along PX4's default curve (MPC_THR_CURVE 0):
 *       piecewise linear through MPC_MANTHR_MIN at the bottom, MPC_THR_HOVER at centre and
 *       MPC_THR_MAX at the top. No tilt compensation, as PX4.</li>
 * </ul>
 * NaN sticks read as centred (throttle: hover), values beyond the travel are clamped.
 *
 * <p>Pure, allocation-free, single-threaded (the position-control flight task). Radians, NED.
 */
public final class ManualAttitudeControl {
    /** How far the heading setpoint may run ahead of the heading. */
    public static final double MAX_YAW_LEAD_RAD = 0.5;

    /** Attitude setpoint of the last {@link #update} (FRD → NED). */
    public final Quat qSp = new Quat();
    /** Collective thrust of the last {@link #update}, 0..1. */
    public double thrustNorm;
    /** Yaw rate feed-forward of the last {@link #update}, rad/s. */
    public double yawRateRadps;

    private final Quat qTilt = new Quat();
    private final Quat qYaw = new Quat();
    private double tiltMaxRad = Math.toRadians(35.0);
    private double yawRateMaxRadps = Math.toRadians(150.0);
    private double yawDeadzone = 0.1;
    private double thrustMin = 0.08;
    private double thrustHover = 0.5;
    private double thrustMax = 1.0;
    private double yawSpRad;

    /**
     * @param tiltMaxRad tilt at full stick (MPC_MAN_TILT_MAX)
     * @param yawRateMaxRadps yaw rate at full yaw stick (MPC_MAN_Y_MAX)
     * @param yawDeadzone yaw stick deadzone (MPC_HOLD_DZ), 0..0.9
     * @param thrustMin thrust at zero throttle (MPC_MANTHR_MIN)
     * @param thrustHover thrust at centred throttle (MPC_THR_HOVER)
     * @param thrustMax thrust at full throttle (MPC_THR_MAX)
     */
    public void setLimits(double tiltMaxRad, double yawRateMaxRadps, double yawDeadzone, double thrustMin,
                          double thrustHover, double thrustMax) {
        this.tiltMaxRad = Angles.clamp(tiltMaxRad, 0.0, Math.toRadians(89.0));
        this.yawRateMaxRadps = Math.max(0.0, yawRateMaxRadps);
        this.yawDeadzone = Angles.clamp(yawDeadzone, 0.0, 0.9);
        this.thrustMax = Angles.clamp(thrustMax, 0.0, 1.0);
        this.thrustHover = Angles.clamp(thrustHover, 0.0, this.thrustMax);
        this.thrustMin = Angles.clamp(thrustMin, 0.0, this.thrustHover);
    }

    /** Starts the heading setpoint at the current heading (mode entry, on the ground). NaN reads as north. */
    public void reset(double headingRad) {
        yawSpRad = Double.isFinite(headingRad) ? headingRad : 0.0;
    }

    /**
     * One step. Sticks as {@code ManualControlSetpoint}: pitch, roll, yaw -1..1 (forward, right,
     * nose right positive), throttle 0..1 (0.5 centred).
     *
     * @param headingRad estimated heading (NaN: the heading setpoint is not limited)
     */
    public void update(double pitch, double roll, double yaw, double throttle, double headingRad, double dtS) {
        double dt = Double.isFinite(dtS) && dtS > 0.0 ? dtS : 0.0;
        double x = stick(pitch) * tiltMaxRad;
        double y = stick(roll) * tiltMaxRad;
        // Rotation vector perpendicular to the direction of flight: (roll, -pitch) tilts towards (forward, right).
        double vx = y;
        double vy = -x;
        double norm = Math.hypot(vx, vy);
        if (norm > tiltMaxRad) {
            vx *= tiltMaxRad / norm;
            vy *= tiltMaxRad / norm;
        }
        qTilt.setRotationVector(vx, vy, 0.0);

        double yawStick = deadzone(stick(yaw), yawDeadzone);
        yawRateRadps = yawStick * yawRateMaxRadps;
        double next = Angles.wrapPi(yawSpRad + yawRateRadps * dt);
        if (Double.isFinite(headingRad)) {
            double lead = Angles.wrapPi(next - headingRad);
            if (Math.abs(lead) > MAX_YAW_LEAD_RAD) {
                next = Angles.wrapPi(headingRad + Math.copySign(MAX_YAW_LEAD_RAD, lead));
            }
        }
        yawSpRad = next;
        qYaw.setEuler(0.0, 0.0, yawSpRad);
        qSp.setProduct(qYaw, qTilt).normalize();
        thrustNorm = throttleCurve(throttle);
    }

    /** The heading setpoint, rad. */
    public double yawSpRad() {
        return yawSpRad;
    }

    /** PX4's default throttle curve: MPC_MANTHR_MIN, MPC_THR_HOVER, MPC_THR_MAX at bottom, centre, top. */
    public double throttleCurve(double throttle) {
        double t = Double.isNaN(throttle) ? 0.5 : Angles.clamp(throttle, 0.0, 1.0);
        if (t <= 0.5) {
            return thrustMin + (thrustHover - thrustMin) * (t / 0.5);
        }
        return thrustHover + (thrustMax - thrustHover) * ((t - 0.5) / 0.5);
    }

    private static double stick(double v) {
        return Double.isNaN(v) ? 0.0 : Angles.clamp(v, -1.0, 1.0);
    }

    private static double deadzone(double v, double dz) {
        if (Math.abs(v) <= dz) {
            return 0.0;
        }
        return (v - Math.copySign(dz, v)) / (1.0 - dz);
    }
}
