package org.hoverla.core.navigation;

import org.hoverla.core.math.Angles;
import org.hoverla.core.math.Vec3;

/**
 * Sticks to a trajectory setpoint, as PX4's Position mode flies a joystick
 * ({@code FlightTaskManualPosition}, {@code StickAccelerationXY}, {@code StickYaw},
 * {@code FlightTaskManualAltitude}):
 * <ul>
 *   <li>forward/right sticks → horizontal velocity in the heading frame, up to the manual speed
 *       (MPC_VEL_MANUAL) at full deflection (the stick vector's length is limited to 1), reached
 *       and left with a bounded acceleration;</li>
 *   <li>throttle stick (0..1, 0.5 centred) → climb rate up to MPC_Z_VEL_MAX_UP above centre,
 *       descent rate up to MPC_Z_VEL_MAX_DN below;</li>
 *   <li>yaw stick → yaw rate up to MPC_MAN_Y_MAX, flown as a moving heading setpoint with the
 *       rate as feed-forward;</li>
 *   <li>a deadzone (MPC_HOLD_DZ) around each centre, the rest of the travel rescaled to 0..1, so
 *       full deflection still gives the full rate. PX4's stick expo (MPC_*_MAN_EXPO) is not
 *       applied: the response is linear;</li>
 *   <li>centred sticks: the velocity setpoint ramps to zero (brake); once the vehicle is slower
 *       than {@link #LOCK_SPEED_MPS} (or {@link #BRAKE_TIMEOUT_S} after the setpoint reached zero) the axis holds the
 *       position reached. Each axis (horizontal, vertical, heading) is released on its own.</li>
 * </ul>
 * While an axis moves its position setpoint is NaN (velocity control); while it holds, its
 * velocity setpoint is NaN. Inputs are sanitised: NaN reads as centred, values beyond the stick
 * range are clamped.
 *
 * <p>Pure, allocation-free, single-threaded (the navigator's flight thread). SI units, NED.
 */
public final class ManualPositionControl {
    /** Below this horizontal or vertical speed a braking axis locks its position. */
    public static final double LOCK_SPEED_MPS = 0.3;
    /** A braking axis locks its position this long after its setpoint reached zero, even if still moving (strong wind). */
    public static final double BRAKE_TIMEOUT_S = 3.0;
    /** How far the heading setpoint may run ahead of the heading before it waits for it. */
    public static final double MAX_YAW_LEAD_RAD = 0.5;

    /** Setpoint outputs of the last {@link #update}; NaN = not controlled. */
    public final Vec3 posSpNedM = new Vec3(Double.NaN, Double.NaN, Double.NaN);
    public final Vec3 velSpNedMps = new Vec3(Double.NaN, Double.NaN, Double.NaN);
    public double yawSpRad = Double.NaN;
    public double yawRateSpRadps = Double.NaN;

    private double velManualMps = 10.0;
    private double climbMaxMps = 3.0;
    private double descentMaxMps = 1.5;
    private double yawRateMaxRadps = Math.toRadians(150.0);
    private double deadzone = 0.1;
    private double accelHorMps2 = 3.0;
    private double accelVertMps2 = 3.0;

    private boolean xyMoving;
    private boolean zMoving;
    private boolean yawMoving;
    private double xyBrakeS;
    private double zBrakeS;
    private double heldNorthM;
    private double heldEastM;
    private double heldDownM;
    private double heldYawRad;
    private double velNorthSp;
    private double velEastSp;
    private double velDownSp;

    /**
     * @param velManualMps horizontal speed at full stick (m/s)
     * @param climbMaxMps climb rate at full throttle (m/s, positive)
     * @param descentMaxMps descent rate at zero throttle (m/s, positive)
     * @param yawRateMaxRadps yaw rate at full yaw stick (rad/s)
     * @param deadzone stick deadzone around centre, 0..0.9 of the half travel
     * @param accelHorMps2 horizontal acceleration/braking limit of the velocity setpoint
     * @param accelVertMps2 vertical acceleration limit of the velocity setpoint
     */
    public void setLimits(double velManualMps, double climbMaxMps, double descentMaxMps, double yawRateMaxRadps,
                          double deadzone, double accelHorMps2, double accelVertMps2) {
        this.velManualMps = Math.max(0.0, velManualMps);
        this.climbMaxMps = Math.max(0.0, climbMaxMps);
        this.descentMaxMps = Math.max(0.0, descentMaxMps);
        this.yawRateMaxRadps = Math.max(0.0, yawRateMaxRadps);
        this.deadzone = Angles.clamp(deadzone, 0.0, 0.9);
        this.accelHorMps2 = Math.max(0.1, accelHorMps2);
        this.accelVertMps2 = Math.max(0.1, accelVertMps2);
    }

    /** Starts from a held position and heading (the navigator's hold target); nothing moves yet. */
    public void begin(Vec3 holdPosNedM, double holdYawRad) {
        xyMoving = false;
        zMoving = false;
        yawMoving = false;
        heldNorthM = holdPosNedM.x;
        heldEastM = holdPosNedM.y;
        heldDownM = holdPosNedM.z;
        heldYawRad = holdYawRad;
        velNorthSp = 0.0;
        velEastSp = 0.0;
        velDownSp = 0.0;
    }

    /**
     * One step. Stick values as {@code ManualControlSetpoint}: pitch, roll, yaw -1..1 (forward,
     * right, nose right positive), throttle 0..1.
     *
     * @param posNedM estimated position
     * @param velNedMps estimated velocity
     * @param headingRad estimated heading (NaN reads as north)
     * @return whether any axis is still moving or braking (false: everything holds, and
     *     {@link #posSpNedM}/{@link #yawSpRad} are the position and heading to keep)
     */
    public boolean update(double pitch, double roll, double yaw, double throttle, Vec3 posNedM, Vec3 velNedMps,
                          double headingRad, double dtS) {
        double forward = deadzone(stick(pitch), deadzone);
        double right = deadzone(stick(roll), deadzone);
        double yawStick = deadzone(stick(yaw), deadzone);
        double vertical = deadzone(2.0 * throttle(throttle) - 1.0, deadzone);
        double heading = Double.isFinite(headingRad) ? headingRad : 0.0;
        double dt = Double.isFinite(dtS) && dtS > 0.0 ? dtS : 0.0;
        horizontal(forward, right, heading, posNedM, velNedMps, dt);
        vertical(vertical, posNedM, velNedMps, dt);
        heading(yawStick, heading, dt);
        return xyMoving || zMoving || yawMoving;
    }

    /** Whether any stick is outside the deadzone (NaN and out-of-range values sanitised as in {@link #update}). */
    public boolean deflected(double pitch, double roll, double yaw, double throttle) {
        return deadzone(stick(pitch), deadzone) != 0.0 || deadzone(stick(roll), deadzone) != 0.0
                || deadzone(stick(yaw), deadzone) != 0.0 || deadzone(2.0 * throttle(throttle) - 1.0, deadzone) != 0.0;
    }

    private void horizontal(double forward, double right, double heading, Vec3 pos, Vec3 vel, double dt) {
        double length = Math.hypot(forward, right);
        if (length > 1.0) {
            forward /= length;
            right /= length;
        }
        boolean deflected = forward != 0.0 || right != 0.0;
        if (deflected && !xyMoving) {
            xyMoving = true;
            velNorthSp = finiteOr(vel.x, 0.0);
            velEastSp = finiteOr(vel.y, 0.0);
        }
        if (xyMoving) {
            double cos = Math.cos(heading);
            double sin = Math.sin(heading);
            double wantNorth = (forward * cos - right * sin) * velManualMps;
            double wantEast = (forward * sin + right * cos) * velManualMps;
            double dn = wantNorth - velNorthSp;
            double de = wantEast - velEastSp;
            double step = Math.hypot(dn, de);
            double maxStep = accelHorMps2 * dt;
            if (step > maxStep) {
                dn *= maxStep / step;
                de *= maxStep / step;
            }
            velNorthSp += dn;
            velEastSp += de;
            xyBrakeS = velNorthSp == 0.0 && velEastSp == 0.0 ? xyBrakeS + dt : 0.0;
            boolean stopped = velNorthSp == 0.0 && velEastSp == 0.0
                    && (Math.hypot(finiteOr(vel.x, 0.0), finiteOr(vel.y, 0.0)) < LOCK_SPEED_MPS
                    || xyBrakeS >= BRAKE_TIMEOUT_S);
            if (!deflected && stopped) {
                xyMoving = false;
                heldNorthM = pos.x;
                heldEastM = pos.y;
            }
        }
        if (xyMoving) {
            posSpNedM.x = Double.NaN;
            posSpNedM.y = Double.NaN;
            velSpNedMps.x = velNorthSp;
            velSpNedMps.y = velEastSp;
        } else {
            posSpNedM.x = heldNorthM;
            posSpNedM.y = heldEastM;
            velSpNedMps.x = Double.NaN;
            velSpNedMps.y = Double.NaN;
        }
    }

    private void vertical(double stick, Vec3 pos, Vec3 vel, double dt) {
        boolean deflected = stick != 0.0;
        if (deflected && !zMoving) {
            zMoving = true;
            velDownSp = finiteOr(vel.z, 0.0);
        }
        if (zMoving) {
            double want = stick > 0.0 ? -stick * climbMaxMps : -stick * descentMaxMps;
            velDownSp += Angles.clamp(want - velDownSp, -accelVertMps2 * dt, accelVertMps2 * dt);
            zBrakeS = velDownSp == 0.0 ? zBrakeS + dt : 0.0;
            boolean stopped = velDownSp == 0.0
                    && (Math.abs(finiteOr(vel.z, 0.0)) < LOCK_SPEED_MPS || zBrakeS >= BRAKE_TIMEOUT_S);
            if (!deflected && stopped) {
                zMoving = false;
                heldDownM = pos.z;
            }
        }
        if (zMoving) {
            posSpNedM.z = Double.NaN;
            velSpNedMps.z = velDownSp;
        } else {
            posSpNedM.z = heldDownM;
            velSpNedMps.z = Double.NaN;
        }
    }

    private void heading(double stick, double heading, double dt) {
        yawMoving = stick != 0.0;
        if (!yawMoving) {
            yawSpRad = heldYawRad;
            yawRateSpRadps = Double.NaN;
            return;
        }
        double rate = stick * yawRateMaxRadps;
        double next = Angles.wrapPi(heldYawRad + rate * dt);
        // The heading setpoint may not run away from a vehicle that turns slower than asked.
        double lead = Angles.wrapPi(next - heading);
        if (Math.abs(lead) > MAX_YAW_LEAD_RAD) {
            next = Angles.wrapPi(heading + Math.copySign(MAX_YAW_LEAD_RAD, lead));
        }
        heldYawRad = next;
        yawSpRad = next;
        yawRateSpRadps = rate;
    }

    /** A symmetric stick: NaN → centred, clamped to -1..1. */
    static double stick(double v) {
        return Double.isNaN(v) ? 0.0 : Angles.clamp(v, -1.0, 1.0);
    }

    /** The throttle stick: NaN → centred (0.5, hold altitude), clamped to 0..1. */
    static double throttle(double v) {
        return Double.isNaN(v) ? 0.5 : Angles.clamp(v, 0.0, 1.0);
    }

    /**
     * Zero within {@code ±dz} of centre, the remaining travel rescaled so ±1 stays ±1 (PX4
     * {@code math::deadzone}).
     */
    public static double deadzone(double v, double dz) {
        if (Math.abs(v) <= dz) {
            return 0.0;
        }
        return (v - Math.copySign(dz, v)) / (1.0 - dz);
    }

    private static double finiteOr(double v, double fallback) {
        return Double.isFinite(v) ? v : fallback;
    }
}
