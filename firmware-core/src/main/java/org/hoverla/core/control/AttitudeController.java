package org.hoverla.core.control;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;

/**
 * Quaternion attitude P controller that corrects tilt (roll/pitch) before heading, producing
 * the body-rate setpoint for the {@link RateController}.
 *
 * <p>Algorithm (Brescianini, Hehn, D'Andrea, "Nonlinear Quadrocopter Attitude Control",
 * ETH Zurich tech. report 2013; as used by PX4 mc_att_control AttitudeControl):
 * <ol>
 *   <li>Reduced attitude: the shortest rotation that takes the current thrust axis (body z in
 *       NED) onto the desired one, applied to the current attitude. It matches the desired
 *       tilt while keeping the current heading.</li>
 *   <li>The remaining heading error (a pure rotation about the reduced frame's z) is scaled by
 *       the yaw weight w (PX4 MC_YAW_WEIGHT) and recombined: the vehicle aims at a setpoint that
 *       is only w of the way round in yaw, so yaw never steals the rate budget needed to level.</li>
 *   <li>Error quaternion qe = q^-1 * qd (in body axes); rate = K .* 2 * vec(qe) with qe in the
 *       positive-scalar hemisphere (shortest way round). The yaw gain is divided by w to undo
 *       the weighting near the setpoint, so the small-error yaw bandwidth is kpYaw.</li>
 *   <li>The yaw-rate feed-forward, a rotation rate about NED down, is expressed in body axes
 *       and added; then each axis is clamped to its rate limit.</li>
 * </ol>
 * When the current and desired thrust axes are opposite the reduced attitude is undefined; the
 * full setpoint is used, which is safe (only roll/pitch act then).
 *
 * <p>Units: quaternions rotate FRD to NED; gains in (rad/s)/rad; rates rad/s FRD. Defaults follow
 * PX4: kp roll/pitch 6.5, yaw 2.8, yaw weight 0.4, rate limits 220 deg/s roll/pitch and
 * 200 deg/s yaw.
 *
 * <p>Called by the attitude task on the flight thread; {@link #update} allocates nothing,
 * never throws, never logs. Not thread-safe.
 */
public final class AttitudeController {

    private double kpRoll = 6.5;
    private double kpPitch = 6.5;
    private double kpYaw = 2.8;
    private double yawWeight = 0.4;
    private double rollMax = Math.toRadians(220.0);
    private double pitchMax = Math.toRadians(220.0);
    private double yawMax = Math.toRadians(200.0);

    private final Quat q = new Quat();
    private final Quat qd = new Quat();
    private final Quat qRed = new Quat();
    private final Quat qTmp = new Quat();
    private final Vec3 ez = new Vec3();
    private final Vec3 ezSp = new Vec3();
    private final Vec3 axisTmp = new Vec3();

    /** Proportional gains, (rad/s) per rad; false (old values kept) if negative or non-finite. */
    public boolean setGains(double kpRollPitch, double kpYaw) {
        return setGains(kpRollPitch, kpRollPitch, kpYaw);
    }

    /** Per-axis proportional gains (PX4 MC_ROLL_P, MC_PITCH_P, MC_YAW_P); false (old kept) if invalid. */
    public boolean setGains(double kpRoll, double kpPitch, double kpYaw) {
        if (!nonNeg(kpRoll) || !nonNeg(kpPitch) || !nonNeg(kpYaw)) {
            return false;
        }
        this.kpRoll = kpRoll;
        this.kpPitch = kpPitch;
        this.kpYaw = kpYaw;
        return true;
    }

    /** Symmetric output clamps, rad/s. */
    public boolean setRateLimits(double rollPitchMaxRadps, double yawMaxRadps) {
        return setRateLimits(rollPitchMaxRadps, rollPitchMaxRadps, yawMaxRadps);
    }

    /** Per-axis symmetric output clamps, rad/s (PX4 MC_ROLLRATE_MAX, MC_PITCHRATE_MAX, MC_YAWRATE_MAX). */
    public boolean setRateLimits(double rollMaxRadps, double pitchMaxRadps, double yawMaxRadps) {
        if (!nonNeg(rollMaxRadps) || !nonNeg(pitchMaxRadps) || !nonNeg(yawMaxRadps)) {
            return false;
        }
        rollMax = rollMaxRadps;
        pitchMax = pitchMaxRadps;
        yawMax = yawMaxRadps;
        return true;
    }

    /** Heading-error weight in [0, 1] (PX4 MC_YAW_WEIGHT): 0 ignores heading, 1 is full quaternion control. */
    public boolean setYawWeight(double weight01) {
        if (!(weight01 >= 0.0 && weight01 <= 1.0)) {
            return false;
        }
        yawWeight = weight01;
        return true;
    }

    /**
     * Computes the body-rate setpoint.
     *
     * @param attitude         current attitude, FRD to NED (normalised internally)
     * @param attitudeSp       desired attitude, FRD to NED (normalised internally)
     * @param yawRateFfRadps   feed-forward rotation rate about NED down, rad/s; NaN means 0
     * @param rateSpOutFrdRadps receives the rate setpoint, rad/s FRD
     * @return false (and zero rates) if a quaternion is non-finite or zero
     */
    public boolean update(Quat attitude, Quat attitudeSp, double yawRateFfRadps, Vec3 rateSpOutFrdRadps) {
        if (!attitude.isFinite() || !attitudeSp.isFinite()
                || !(attitude.norm() > 1e-6) || !(attitudeSp.norm() > 1e-6)) {
            rateSpOutFrdRadps.zero();
            return false;
        }
        q.set(attitude).normalize();
        qd.set(attitudeSp).normalize();

        // 1. thrust axes (body +z) in NED, and the shortest rotation between them:
        // (1 + u.v, u x v) normalised is the half-angle quaternion from u to v.
        ez.set(0.0, 0.0, 1.0);
        q.rotate(ez, ez);
        ezSp.set(0.0, 0.0, 1.0);
        qd.rotate(ezSp, ezSp);
        double cosTilt = ez.dot(ezSp);
        if (cosTilt < -1.0 + 1e-9) {
            qRed.set(qd);
        } else {
            axisTmp.setCross(ez, ezSp);
            qRed.set(1.0 + cosTilt, axisTmp.x, axisTmp.y, axisTmp.z).normalize();
            // world-frame tilt correction applied on the left of the current attitude
            qRed.setProduct(qRed, q);
        }

        // 2. heading error left over: qd = qRed * dyaw with dyaw = (cos(psi/2), 0, 0, sin(psi/2)).
        qTmp.setConjProduct(qRed, qd).canonicalize();
        double half = Math.atan2(qTmp.z, qTmp.w); // psi/2 in [-pi/2, pi/2] since w >= 0
        double weightedHalf = yawWeight * half;
        qTmp.set(Math.cos(weightedHalf), 0.0, 0.0, Math.sin(weightedHalf));
        qd.setProduct(qRed, qTmp);

        // 3. error in body axes, shortest way round
        qTmp.setConjProduct(q, qd).canonicalize();
        double kYaw = yawWeight > 1e-4 ? kpYaw / yawWeight : kpYaw;
        double rx = 2.0 * qTmp.x * kpRoll;
        double ry = 2.0 * qTmp.y * kpPitch;
        double rz = 2.0 * qTmp.z * kYaw;

        // 4. yaw-rate feed-forward about NED down, expressed in body axes
        if (Double.isFinite(yawRateFfRadps)) {
            axisTmp.set(0.0, 0.0, 1.0);
            q.rotateInverse(axisTmp, axisTmp);
            rx += axisTmp.x * yawRateFfRadps;
            ry += axisTmp.y * yawRateFfRadps;
            rz += axisTmp.z * yawRateFfRadps;
        }
        rateSpOutFrdRadps.set(
                clamp(rx, rollMax),
                clamp(ry, pitchMax),
                clamp(rz, yawMax));
        return true;
    }

    private static double clamp(double v, double lim) {
        return v < -lim ? -lim : (v > lim ? lim : v);
    }

    private static boolean nonNeg(double v) {
        return v >= 0.0 && Double.isFinite(v);
    }
}
