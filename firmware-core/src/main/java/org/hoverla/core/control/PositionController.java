package org.hoverla.core.control;

import org.hoverla.core.math.Angles;
import org.hoverla.core.math.Vec3;

/**
 * Cascaded multicopter position controller: position P, velocity PID, then acceleration to a
 * normalised thrust vector in NED (structure of PX4 mc_pos_control PositionControl,
 * docs.px4.io "Controller Diagrams").
 *
 * <h2>Setpoint semantics (PX4 trajectory_setpoint)</h2>
 * Per axis, NaN means "not controlled":
 * <ul>
 *   <li>finite position: velocity setpoint = kpPos * (posSp - pos) + velSp, where a finite
 *       velocity setpoint acts as feed-forward (NaN counts as 0);</li>
 *   <li>NaN position, finite velocity: pure velocity control on that axis;</li>
 *   <li>both NaN: hold zero velocity on that axis;</li>
 *   <li>acceleration feed-forward: NaN counts as 0.</li>
 * </ul>
 * +-Infinity anywhere is invalid (not "uncontrolled").
 *
 * <h2>Limits</h2>
 * The horizontal velocity setpoint is limited by norm, keeping the part that comes from the
 * position error and shortening the feed-forward first; vertical by the up/down limits.
 * Acceleration is turned into thrust assuming {@code hoverThrust} balances gravity:
 * the desired body z is (-ax, -ay, g) normalised and tilted at most {@code maxTilt}; the
 * collective keeps the vertical acceleration for that tilt and is at least {@code minThrust}.
 * Then, vertical priority: the vertical thrust may use all of {@code maxThrust} except a
 * horizontal margin ({@link #setHorizontalThrustMargin}, PX4 MPC_THR_XY_MARG), horizontal
 * gets what remains of the {@code maxThrust} circle, and the tilt limit is enforced once more.
 *
 * <h2>Anti-windup</h2>
 * Vertical: the integrator does not move towards a thrust limit that is active. Horizontal:
 * tracking anti-windup (Rundqwist, "Anti-reset windup for PID controllers", 1990) feeding back
 * the acceleration that saturation removed, with gain 2/kpXy as in PX4. Integrators are kept in
 * m/s^2 and limited to g.
 *
 * <p>Units: m, m/s, m/s^2 NED; output thrust normalised (magnitude = hoverThrust in
 * unaccelerated hover; z negative = up). Defaults (PX4-like): kpXy 0.95, kpZ 1.0;
 * velocity xy 1.8/0.4/0.2, z 4.0/2.0/0.0; limits 12 m/s, 3 m/s up, 1.5 m/s down, tilt 45 deg,
 * thrust 0.12..1.0, hover 0.5, margin 0.3; velocity-derivative low-pass 5 Hz.
 *
 * <p>Called by the position task on the flight thread; {@link #update} allocates nothing,
 * never throws, never logs. Not thread-safe.
 */
public final class PositionController {

    /** Standard gravity, m/s^2. */
    public static final double G = 9.80665;
    /** Largest accepted time step, seconds. */
    public static final double MAX_DT_S = 0.5;
    /** Acceleration demands are clamped to +-this (100 g) before the thrust conversion. */
    private static final double ACC_LIMIT = 100.0 * G;

    private boolean xyVelocityControl = true;
    /** Horizontal velocity unknown: fly the held integrator (the wind trim) and the feed-forward only. */
    private boolean xyTrimHold;
    private double kpPosXy = 0.95;
    private double kpPosZ = 1.0;
    private double kpVelXy = 1.8;
    private double kiVelXy = 0.4;
    private double kdVelXy = 0.2;
    private double kpVelZ = 4.0;
    private double kiVelZ = 2.0;
    private double kdVelZ = 0.0;
    private double maxVelXy = 12.0;
    private double maxVelUp = 3.0;
    private double climbLimit = Double.POSITIVE_INFINITY;
    private double maxVelDown = 1.5;
    private double maxTilt = Math.toRadians(45.0);
    private double minThrust = 0.12;
    private double maxThrust = 1.0;
    private double hoverThrust = 0.5;
    private double xyMargin = 0.3;
    private double dCutoffHz = 5.0;

    private final Vec3 velInt = new Vec3();
    private final Vec3 velDotFilt = new Vec3();
    private final Vec3 prevVel = new Vec3();
    private boolean havePrevVel;
    private double lastAccSpZ;

    // scratch
    private final Vec3 velSp = new Vec3();
    private final Vec3 accSp = new Vec3();
    private final Vec3 err = new Vec3();
    private final Vec3 thr = new Vec3();

    /** Position P gains, (m/s) per m. */
    public boolean setPositionGains(double kpXy, double kpZ) {
        if (!nonNeg(kpXy) || !nonNeg(kpZ)) {
            return false;
        }
        kpPosXy = kpXy;
        kpPosZ = kpZ;
        return true;
    }

    /** Velocity PID gains: P in (m/s^2)/(m/s), I in (m/s^2)/m, D in (m/s^2)/(m/s^2). */
    public boolean setVelocityGains(double kpXy, double kiXy, double kdXy, double kpZ, double kiZ, double kdZ) {
        if (!nonNeg(kpXy) || !nonNeg(kiXy) || !nonNeg(kdXy) || !nonNeg(kpZ) || !nonNeg(kiZ) || !nonNeg(kdZ)) {
            return false;
        }
        kpVelXy = kpXy;
        kiVelXy = kiXy;
        kdVelXy = kdXy;
        kpVelZ = kpZ;
        kiVelZ = kiZ;
        kdVelZ = kdZ;
        return true;
    }

    /**
     * Limits: velocities m/s (all >= 0), tilt radians in [0, 89 deg], thrust normalised with
     * 0 < min <= max <= 1. Returns false and keeps the old limits if anything is out of range.
     */
    /**
     * An extra upward speed limit in m/s below the MPC_Z_VEL_MAX_UP one (a takeoff ramp);
     * +Infinity lifts it. NaN or negative values are refused (false, limit kept).
     */
    public boolean setClimbLimit(double maxUpMps) {
        if (!(maxUpMps >= 0.0)) {
            return false;
        }
        climbLimit = maxUpMps;
        return true;
    }

    public boolean setLimits(double maxVelXyMps, double maxVelUpMps, double maxVelDownMps, double maxTiltRad,
                             double minThrustNorm, double maxThrustNorm) {
        if (!nonNeg(maxVelXyMps) || !nonNeg(maxVelUpMps) || !nonNeg(maxVelDownMps) || !nonNeg(maxTiltRad)
                || maxTiltRad > Math.toRadians(89.0) || !(minThrustNorm > 0.0) || !(maxThrustNorm <= 1.0)
                || !(minThrustNorm <= maxThrustNorm)) {
            return false;
        }
        maxVelXy = maxVelXyMps;
        maxVelUp = maxVelUpMps;
        maxVelDown = maxVelDownMps;
        maxTilt = maxTiltRad;
        minThrust = minThrustNorm;
        maxThrust = maxThrustNorm;
        return true;
    }

    /** Normalised collective that balances gravity, in (0, 1). */
    public boolean setHoverThrust(double hoverThrustNorm) {
        if (!(hoverThrustNorm > 0.0 && hoverThrustNorm < 1.0)) {
            return false;
        }
        hoverThrust = hoverThrustNorm;
        return true;
    }

    /**
     * Changes the hover thrust in flight (e.g. from a hover-thrust estimator) and shifts the
     * vertical integrator so the thrust output does not jump: solves
     * (a' - g) Th' = (a - g) Th for the new acceleration a' (as PX4 updateHoverThrust does).
     */
    public boolean updateHoverThrust(double hoverThrustNorm) {
        double old = hoverThrust;
        if (!setHoverThrust(hoverThrustNorm)) {
            return false;
        }
        velInt.z += (lastAccSpZ - G) * old / hoverThrustNorm + G - lastAccSpZ;
        velInt.z = Angles.clamp(velInt.z, -G, G);
        return true;
    }

    /** Thrust kept free for horizontal control when vertical demand is saturated, in [0, 1]. */
    public boolean setHorizontalThrustMargin(double marginNorm) {
        if (!(marginNorm >= 0.0 && marginNorm <= 1.0)) {
            return false;
        }
        xyMargin = marginNorm;
        return true;
    }

    /** Cutoff of the low-pass on the velocity derivative used by the D term, Hz; 0 = unfiltered. */
    public boolean setVelocityDerivativeCutoffHz(double hz) {
        if (!nonNeg(hz)) {
            return false;
        }
        dCutoffHz = hz;
        return true;
    }

    /**
     * Runs one step.
     *
     * @param posNedM         estimated position, m NED (may be NaN on axes with NaN position setpoint)
     * @param velNedMps       estimated velocity, m/s NED (must be finite)
     * @param posSpNedM       position setpoint; NaN component = not controlled
     * @param velSpNedMps     velocity setpoint or feed-forward; NaN component = none
     * @param accelFfNedMps2  acceleration feed-forward; NaN component = 0
     * @param dtS             time since the previous call, seconds, in (0, {@value #MAX_DT_S}]
     * @param thrustSpNedNorm receives the normalised thrust vector, NED
     * @return false on invalid input: output (0, 0, -hover), integrators untouched
     */
    public boolean update(Vec3 posNedM, Vec3 velNedMps, Vec3 posSpNedM, Vec3 velSpNedMps, Vec3 accelFfNedMps2,
                          double dtS, Vec3 thrustSpNedNorm) {
        if (!inputValid(posNedM, velNedMps, posSpNedM, velSpNedMps, accelFfNedMps2, dtS)) {
            thrustSpNedNorm.set(0.0, 0.0, -hoverThrust);
            return false;
        }

        // --- position P + velocity feed-forward ---
        double vpx = Double.isNaN(posSpNedM.x) ? 0.0 : kpPosXy * (posSpNedM.x - posNedM.x);
        double vpy = Double.isNaN(posSpNedM.y) ? 0.0 : kpPosXy * (posSpNedM.y - posNedM.y);
        double vpz = Double.isNaN(posSpNedM.z) ? 0.0 : kpPosZ * (posSpNedM.z - posNedM.z);
        double vfx = nanToZero(velSpNedMps.x);
        double vfy = nanToZero(velSpNedMps.y);
        double vfz = nanToZero(velSpNedMps.z);
        constrainXy(vpx, vpy, vfx, vfy, maxVelXy, velSp);
        velSp.z = Angles.clamp(vpz + vfz, -Math.min(maxVelUp, climbLimit), maxVelDown);

        // --- velocity derivative on measurement (no kick on setpoint steps) ---
        double alpha = Angles.lowPassAlpha(dCutoffHz, dtS);
        if (havePrevVel) {
            velDotFilt.x += alpha * ((velNedMps.x - prevVel.x) / dtS - velDotFilt.x);
            velDotFilt.y += alpha * ((velNedMps.y - prevVel.y) / dtS - velDotFilt.y);
            velDotFilt.z += alpha * ((velNedMps.z - prevVel.z) / dtS - velDotFilt.z);
        }
        prevVel.set(velNedMps);
        havePrevVel = true;

        // --- velocity PID -> acceleration ---
        err.setSub(velSp, velNedMps);
        double kdXy = kdVelXy;
        if (!xyVelocityControl || xyTrimHold) {
            err.x = 0.0;
            err.y = 0.0;
            kdXy = 0.0;
        }
        accSp.x = kpVelXy * err.x + velInt.x - kdXy * velDotFilt.x + nanToZero(accelFfNedMps2.x);
        accSp.y = kpVelXy * err.y + velInt.y - kdXy * velDotFilt.y + nanToZero(accelFfNedMps2.y);
        accSp.z = kpVelZ * err.z + velInt.z - kdVelZ * velDotFilt.z + nanToZero(accelFfNedMps2.z);
        // bound absurd demands (e.g. a huge feed-forward) so the squares below cannot overflow
        accSp.x = Angles.clamp(accSp.x, -ACC_LIMIT, ACC_LIMIT);
        accSp.y = Angles.clamp(accSp.y, -ACC_LIMIT, ACC_LIMIT);
        accSp.z = Angles.clamp(accSp.z, -ACC_LIMIT, ACC_LIMIT);
        lastAccSpZ = accSp.z;

        // --- acceleration -> thrust (hover thrust balances g) ---
        double bx = -accSp.x;
        double by = -accSp.y;
        double bz = G;
        double bn = Math.sqrt(bx * bx + by * by + bz * bz);
        bx /= bn;
        by /= bn;
        bz /= bn;
        double bxy = Math.sqrt(bx * bx + by * by);
        double sinMax = Math.sin(maxTilt);
        if (bxy > sinMax) {
            // rotate body z back towards vertical, keeping its azimuth
            double k = sinMax / bxy;
            bx *= k;
            by *= k;
            bz = Math.cos(maxTilt);
        }
        double collective = (accSp.z * (hoverThrust / G) - hoverThrust) / bz;
        boolean atMin = collective >= -minThrust;
        if (atMin) {
            collective = -minThrust;
        }
        thr.set(bx * collective, by * collective, bz * collective);

        // --- vertical priority with a horizontal margin ---
        double thrXy = thr.normXy();
        double maxSq = maxThrust * maxThrust;
        double alloc = Math.min(thrXy, xyMargin);
        double zMax = Math.sqrt(Math.max(0.0, maxSq - alloc * alloc));
        boolean atMax = thr.z <= -zMax;
        if (atMax) {
            thr.z = -zMax;
        }
        double xyMax = Math.sqrt(Math.max(0.0, maxSq - thr.z * thr.z));
        // never exceed the tilt limit after the vertical clamp shortened z
        xyMax = Math.min(xyMax, -thr.z * Math.tan(maxTilt));
        if (thrXy > xyMax) {
            double k = xyMax / thrXy;
            thr.x *= k;
            thr.y *= k;
        }

        // --- anti-windup ---
        if ((atMin && err.z >= 0.0) || (atMax && err.z <= 0.0)) {
            err.z = 0.0;
        }
        if (kpVelXy > 0.0) {
            double arw = 2.0 / kpVelXy;
            double prodX = thr.x * (G / hoverThrust);
            double prodY = thr.y * (G / hoverThrust);
            double wantSq = accSp.x * accSp.x + accSp.y * accSp.y;
            if (wantSq > prodX * prodX + prodY * prodY) {
                err.x -= arw * (accSp.x - prodX);
                err.y -= arw * (accSp.y - prodY);
            }
        }
        if (!xyTrimHold) {
            velInt.x += kiVelXy * err.x * dtS;
            velInt.y += kiVelXy * err.y * dtS;
        }
        velInt.z = Angles.clamp(velInt.z + kiVelZ * err.z * dtS, -G, G);
        if (!xyVelocityControl) {
            velInt.x = 0.0;
            velInt.y = 0.0;
        }
        double intXy = velInt.normXy();
        if (intXy > G) {
            velInt.x *= G / intXy;
            velInt.y *= G / intXy;
        }

        if (!thr.isFinite()) {
            thrustSpNedNorm.set(0.0, 0.0, -hoverThrust);
            return false;
        }
        thrustSpNedNorm.set(thr);
        return true;
    }

    /**
     * With false, the horizontal axes fly the acceleration feed-forward alone (no velocity error,
     * no D term, integrator held at zero), as PX4's PositionControl does when the horizontal
     * position and velocity setpoints are NaN: Altitude mode's stick tilt. Default true.
     */
    /**
     * With true, the horizontal axes fly the velocity integrator as it stood (the steady tilt that
     * held the vehicle against the wind) plus the acceleration feed-forward, with no velocity error
     * and no D term: for when the horizontal velocity estimate is no longer valid. Default false.
     */
    public void setHorizontalTrimHold(boolean on) {
        xyTrimHold = on;
    }

    public void setHorizontalVelocityControl(boolean on) {
        xyVelocityControl = on;
        if (!on) {
            velInt.x = 0.0;
            velInt.y = 0.0;
        }
    }

    /** Zeroes the velocity integrators (e.g. at takeoff). */
    public void resetIntegrator() {
        velInt.zero();
    }

    /** Writes the velocity setpoint of the last valid update, m/s NED, into {@code out} (for logging). */
    public void velocitySetpoint(Vec3 out) {
        out.set(velSp);
    }

    /** Writes the velocity integrator, m/s^2 NED, into {@code out} (for logging). */
    public void integrator(Vec3 out) {
        out.set(velInt);
    }

    private boolean inputValid(Vec3 pos, Vec3 vel, Vec3 posSp, Vec3 velSp, Vec3 accFf, double dtS) {
        if (!(dtS > 0.0 && dtS <= MAX_DT_S) || !vel.isFinite()) {
            return false;
        }
        for (int a = 0; a < 3; a++) {
            double ps = posSp.get(a);
            if (Double.isInfinite(ps) || Double.isInfinite(velSp.get(a)) || Double.isInfinite(accFf.get(a))) {
                return false;
            }
            if (!Double.isNaN(ps) && !Double.isFinite(pos.get(a))) {
                return false;
            }
        }
        return true;
    }

    /**
     * out.xy = v0 + s*v1 with the largest s in [0, 1] such that |out| <= max; if v0 alone
     * exceeds max, v0 scaled to max. Keeps the position-error part over the feed-forward.
     */
    private static void constrainXy(double v0x, double v0y, double v1x, double v1y, double max, Vec3 out) {
        double sx = v0x + v1x;
        double sy = v0y + v1y;
        // hypot, not sqrt(x*x + y*y): a huge but finite position error must not overflow to Inf
        if (Math.hypot(sx, sy) <= max) {
            out.x = sx;
            out.y = sy;
            return;
        }
        double n0 = Math.hypot(v0x, v0y);
        if (n0 >= max) {
            double k = n0 > 0.0 ? max / n0 : 0.0;
            out.x = v0x * k;
            out.y = v0y * k;
            return;
        }
        // |v0 + s v1|^2 = max^2: a s^2 + b s + c = 0 with a > 0, c < 0 -> one positive root
        double a = v1x * v1x + v1y * v1y;
        double b = 2.0 * (v0x * v1x + v0y * v1y);
        double c = n0 * n0 - max * max;
        double s = (-b + Math.sqrt(b * b - 4.0 * a * c)) / (2.0 * a);
        s = Angles.clamp(s, 0.0, 1.0);
        out.x = v0x + s * v1x;
        out.y = v0y + s * v1y;
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0.0 : v;
    }

    private static boolean nonNeg(double v) {
        return v >= 0.0 && Double.isFinite(v);
    }
}
