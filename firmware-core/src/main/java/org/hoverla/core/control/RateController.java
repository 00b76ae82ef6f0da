package org.hoverla.core.control;

import org.hoverla.core.math.Angles;
import org.hoverla.core.math.Vec3;

/**
 * Body-rate PID controller, one independent loop per axis (0 roll, 1 pitch, 2 yaw), producing
 * the normalised torque demand for the {@link Mixer}.
 *
 * <p>Per axis, with e = sp - measured (rad/s):
 * <pre>
 *   torque = kp*e + I + kd*(-d(measured)/dt, low-passed) + kff*sp,  clamped to +-outputLimit
 *   I     += ki*e*dt,                                                clamped to +-integratorLimit
 * </pre>
 * The derivative acts on the measurement only, so a setpoint step gives no derivative kick
 * (the structure of PX4's mc_rate_control RateControl, docs.px4.io "Controller Diagrams").
 * The integrator is stored in output units, so changing ki in flight does not jump the output.
 * It is not advanced in a direction in which the output is clamped or the mixer reports
 * saturation ({@link #setSaturation}): conditional-integration anti-windup (Astrom and
 * Hagglund, "Advanced PID Control", 2006, ch. 3.5).
 *
 * <p>Units: rates in rad/s (FRD), dt in seconds, output normalised torque (see {@link Mixer}),
 * gains in normalised torque per rad/s (kp, kff), per rad (ki), per rad/s^2 (kd).
 * All gains default to 0 (the controller outputs zero until configured), output limit 1,
 * integrator limit 0.3, D-term cutoff 30 Hz.
 *
 * <p>Called by the rate-control task on the flight thread. {@link #update} allocates nothing,
 * never throws and never logs. Setters are meant to be applied between updates (parameter
 * changes at most at 1 Hz) on the same thread. Not thread-safe.
 */
public final class RateController {

    /** Largest accepted time step, seconds: beyond it the derivative and integral are meaningless. */
    public static final double MAX_DT_S = 0.1;

    private final double[] kp = new double[3];
    private final double[] ki = new double[3];
    private final double[] kd = new double[3];
    private final double[] kff = new double[3];
    private final double[] iLimit = {0.3, 0.3, 0.3};
    private double outLimit = 1.0;
    private double dCutoffHz = 30.0;

    private final double[] integ = new double[3];
    private final double[] dFilt = new double[3];
    private final double[] prevRate = new double[3];
    private boolean havePrev;
    private final boolean[] satPos = new boolean[3];
    private final boolean[] satNeg = new boolean[3];

    /** Sets the gains of one axis; returns false (and keeps the old gains) if any is negative or non-finite. */
    public boolean setGains(int axis, double kp, double ki, double kd, double kff) {
        if (!validAxis(axis) || !nonNeg(kp) || !nonNeg(ki) || !nonNeg(kd) || !nonNeg(kff)) {
            return false;
        }
        this.kp[axis] = kp;
        this.ki[axis] = ki;
        this.kd[axis] = kd;
        this.kff[axis] = kff;
        return true;
    }

    /** Symmetric integrator clamp for one axis, normalised torque (PX4 MC_*R_INT_LIM). */
    public boolean setIntegratorLimit(int axis, double limitNorm) {
        if (!validAxis(axis) || !nonNeg(limitNorm)) {
            return false;
        }
        iLimit[axis] = limitNorm;
        integ[axis] = Angles.clamp(integ[axis], -limitNorm, limitNorm);
        return true;
    }

    /** Symmetric per-axis output clamp, normalised torque. */
    public boolean setOutputLimit(double limitNorm) {
        if (!nonNeg(limitNorm)) {
            return false;
        }
        outLimit = limitNorm;
        return true;
    }

    /** Cutoff of the first-order low-pass on the derivative term, Hz; 0 disables filtering. */
    public boolean setDTermCutoffHz(double hz) {
        if (!nonNeg(hz)) {
            return false;
        }
        dCutoffHz = hz;
        return true;
    }

    /**
     * Mixer feedback for anti-windup: the mixer could not produce more ({@code positive}) or
     * less ({@code negative}) torque on {@code axis} at the last mix. Typically fed from
     * {@link Mixer#saturatedPositive}/{@link Mixer#saturatedNegative} every cycle.
     */
    public void setSaturation(int axis, boolean positive, boolean negative) {
        if (validAxis(axis)) {
            satPos[axis] = positive;
            satNeg[axis] = negative;
        }
    }

    /**
     * Runs one step.
     *
     * @param rateSpFrdRadps body-rate setpoint, rad/s FRD
     * @param rateFrdRadps   measured body rate, rad/s FRD
     * @param dtS            time since the previous call, seconds, in (0, {@value #MAX_DT_S}]
     * @param integrate      false freezes the integrator (e.g. while landed)
     * @param torqueOutNorm  receives the normalised torque demand (may not alias the inputs)
     * @return false if an input is non-finite or dtS is out of range: the output is then zero
     *         and no state (integrator, derivative filter) changes
     */
    public boolean update(Vec3 rateSpFrdRadps, Vec3 rateFrdRadps, double dtS, boolean integrate, Vec3 torqueOutNorm) {
        if (!(dtS > 0.0 && dtS <= MAX_DT_S) || !rateSpFrdRadps.isFinite() || !rateFrdRadps.isFinite()) {
            torqueOutNorm.zero();
            return false;
        }
        double alpha = Angles.lowPassAlpha(dCutoffHz, dtS);
        for (int a = 0; a < 3; a++) {
            double sp = rateSpFrdRadps.get(a);
            double meas = rateFrdRadps.get(a);
            double dRaw = havePrev ? (meas - prevRate[a]) / dtS : 0.0;
            prevRate[a] = meas;
            dFilt[a] += alpha * (dRaw - dFilt[a]);

            double e = sp - meas;
            double u = kp[a] * e + integ[a] - kd[a] * dFilt[a] + kff[a] * sp;
            boolean clampedPos = u > outLimit;
            boolean clampedNeg = u < -outLimit;
            torqueOutNorm.set(a, Angles.clamp(u, -outLimit, outLimit));

            if (integrate) {
                double di = ki[a] * e * dtS;
                if ((di > 0.0 && (clampedPos || satPos[a])) || (di < 0.0 && (clampedNeg || satNeg[a]))) {
                    di = 0.0;
                }
                integ[a] = Angles.clamp(integ[a] + di, -iLimit[a], iLimit[a]);
            }
        }
        havePrev = true;
        return true;
    }

    /** Zeroes the integrator (e.g. on arming or takeoff). */
    public void resetIntegrator() {
        integ[0] = 0.0;
        integ[1] = 0.0;
        integ[2] = 0.0;
    }

    /** Writes the integrator state (normalised torque) into {@code out}, for logging. */
    public void integrator(Vec3 out) {
        out.set(integ[0], integ[1], integ[2]);
    }

    private static boolean validAxis(int axis) {
        return axis >= 0 && axis < 3;
    }

    private static boolean nonNeg(double v) {
        return v >= 0.0 && Double.isFinite(v);
    }
}
