package org.hoverla.core.control;

import org.hoverla.core.math.Vec3;

/**
 * Control allocation for flat multirotors: turns a normalised body torque and collective
 * thrust demand into per-motor normalised thrust in [0, 1].
 *
 * <h2>Model</h2>
 * Motor {@code i} at FRD position (x_i, y_i) produces thrust T_i along body -z, so the body
 * wrench is (cross product r x F with F = (0, 0, -T)):
 * <pre>
 *   roll torque  = sum(-y_i * T_i)          (positive = right wing down)
 *   pitch torque = sum( x_i * T_i)          (positive = nose up)
 *   yaw torque   = sum(spin_i * kM * T_i)   (positive = nose right; CCW rotors push +yaw)
 *   thrust       = sum(T_i)
 * </pre>
 * This 4 x n effectiveness matrix B is inverted once at construction with the Moore-Penrose
 * pseudo-inverse P = B^T (B B^T)^-1, the minimum-norm allocation used by PX4's control
 * allocator (PX4 docs, "Control Allocation"; Johansen and Fossen, "Control allocation - a
 * survey", Automatica 2013).
 *
 * <h2>Normalisation</h2>
 * Motor outputs are thrust as a fraction of one motor's maximum thrust Tmax. The columns of
 * P are rescaled so commands are dimensionless:
 * <ul>
 *   <li>thrust column scaled so its largest entry is 1: {@code thrustNorm = 1} puts every
 *       motor at 1 on a symmetric frame (total thrust n * Tmax);</li>
 *   <li>roll and pitch columns scaled by one common factor so the largest entry of either is 1:
 *       {@code torqueNorm.x = 1} moves the most-affected motor by a full +-1 around the
 *       collective. Keeping one factor for both keeps the torque direction in the roll/pitch
 *       plane physically meaningful on asymmetric frames;</li>
 *   <li>yaw column scaled so its largest entry is 1.</li>
 * </ul>
 * {@link #axisScale(int)} returns the physical wrench per unit command, in units of Tmax*m
 * (torques) and Tmax (thrust). For quad X with arm L: roll/pitch 1 = 2*sqrt(2)*L*Tmax N m
 * (4 motors at +-Tmax on lever L/sqrt(2)), yaw 1 = 4*kM*Tmax N m, thrust 1 = 4*Tmax N.
 *
 * <h2>Saturation (priority: roll/pitch, then yaw, then collective)</h2>
 * <ol>
 *   <li>If the roll/pitch demand alone spans more than the [0, 1] range of some motor pair,
 *       roll/pitch are scaled down together (direction kept) until the spread is exactly 1 -
 *       the last resort, only when no collective could make room.</li>
 *   <li>Yaw is added at the largest fraction k in [0, 1] that keeps the spread within 1
 *       (exact: the spread is piecewise linear in k, checked over motor pairs).</li>
 *   <li>The collective is shifted as little as possible (up or down, equally on all motors)
 *       so every motor is in [0, 1]. Shifting up at low thrust is "airmode" in PX4 terms:
 *       roll/pitch authority is kept even at zero throttle, so the caller must zero the motors
 *       itself while disarmed.</li>
 * </ol>
 * The equal collective shift is exact for frames whose thrust column is uniform (every
 * symmetric frame, all factories of {@link MotorGeometry}).
 *
 * <p>After each {@link #mix} the saturation flags say, per axis, whether a small increase
 * (positive) or decrease (negative) of that command could be produced without giving up a
 * higher-priority axis. The {@link RateController} uses them for anti-windup (as PX4 feeds
 * {@code control_allocator_status} saturation back to the rate controller).
 *
 * <h2>A failed motor</h2>
 * {@link #setFailedMotor} switches to an allocation without that motor, computed for every motor at
 * construction (PX4's CA_FAILURE_MODE 1); see {@code mixWithoutFailed} for its priorities and
 * docs/motor-failure.md for what it does in flight.
 *
 * <p>Flight thread only; {@link #mix} allocates nothing and never throws. Not thread-safe.
 */
public final class Mixer {

    private static final double EPS = 1e-9;
    /** Torque commands beyond this are clamped first so no intermediate overflows to Inf. */
    private static final double MAX_CMD = 1e6;

    private final int n;
    /** Normalised allocation, [motor][axis] with axis 0 roll, 1 pitch, 2 yaw, 3 thrust. */
    private final double[][] alloc;
    /** Effectiveness, [axis][motor], in Tmax*m and Tmax units. */
    private final double[][] effect;
    private final double[] scale = new double[4];

    private final double[] rp;
    private final double[] yw;
    private final double[] out;
    private final boolean[] satPos = new boolean[4];
    private final boolean[] satNeg = new boolean[4];

    /**
     * Per possible failed motor f: the allocation of the remaining motors, [f][motor][axis], in
     * the same normalised units as {@link #alloc} (row f all zero); null where the remaining
     * motors cannot produce roll, pitch and thrust. Precomputed at construction.
     */
    private final double[][][] failedAlloc;
    /** Per possible failed motor: whether the remaining motors still control yaw. */
    private final boolean[] failedKeepsYaw;
    /** The motor removed from the allocation (CA_FAILURE_MODE 1), or -1 when all are used. */
    private int failedMotor = -1;

    /**
     * Builds the allocation for a geometry.
     *
     * @throws IllegalArgumentException when the geometry cannot produce all four of roll,
     *         pitch, yaw and thrust independently (singular effectiveness).
     */
    public Mixer(MotorGeometry geometry) {
        n = geometry.motorCount();
        effect = new double[4][n];
        for (int i = 0; i < n; i++) {
            effect[0][i] = -geometry.yM(i);
            effect[1][i] = geometry.xM(i);
            effect[2][i] = geometry.spinDir(i) * geometry.kM();
            effect[3][i] = 1.0;
        }
        // B B^T (4x4), inverted by Gauss-Jordan with partial pivoting.
        double[][] bbt = new double[4][4];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                double s = 0.0;
                for (int i = 0; i < n; i++) {
                    s += effect[r][i] * effect[c][i];
                }
                bbt[r][c] = s;
            }
        }
        double[][] inv = invert4(bbt);
        alloc = new double[n][4];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 4; c++) {
                double s = 0.0;
                for (int r = 0; r < 4; r++) {
                    s += effect[r][i] * inv[r][c];
                }
                alloc[i][c] = s;
            }
        }
        double maxRp = Math.max(maxAbsColumn(0), maxAbsColumn(1));
        double maxYaw = maxAbsColumn(2);
        double maxThr = maxAbsColumn(3);
        scale[0] = 1.0 / maxRp;
        scale[1] = 1.0 / maxRp;
        scale[2] = 1.0 / maxYaw;
        scale[3] = 1.0 / maxThr;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 4; c++) {
                alloc[i][c] *= scale[c];
            }
        }
        rp = new double[n];
        yw = new double[n];
        out = new double[n];
        failedAlloc = new double[n][][];
        failedKeepsYaw = new boolean[n];
        for (int f = 0; f < n; f++) {
            failedAlloc[f] = allocationWithout(f, true);
            failedKeepsYaw[f] = failedAlloc[f] != null;
            if (failedAlloc[f] == null) {
                failedAlloc[f] = allocationWithout(f, false);
            }
        }
    }

    /**
     * The minimum-norm allocation of the motors other than {@code failed}: the pseudo-inverse of
     * the effectiveness with that motor's column removed, over roll, pitch, thrust and, when
     * {@code withYaw} and the rest can still produce it, yaw (PX4 CA_FAILURE_MODE 1 removes the
     * failed motor from the effectiveness the same way). Columns keep the healthy scaling, so a
     * command means the same physical torque before and after a failure. Null when singular.
     */
    private double[][] allocationWithout(int failed, boolean withYaw) {
        int[] axes = withYaw ? new int[] {0, 1, 2, 3} : new int[] {0, 1, 3};
        int k = axes.length;
        double[][] bbt = new double[k][k];
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                double s = 0.0;
                for (int i = 0; i < n; i++) {
                    if (i != failed) {
                        s += effect[axes[r]][i] * effect[axes[c]][i];
                    }
                }
                bbt[r][c] = s;
            }
        }
        double[][] inv = invert(bbt);
        if (inv == null) {
            return null;
        }
        double[][] a = new double[n][4];
        for (int i = 0; i < n; i++) {
            if (i == failed) {
                continue;
            }
            for (int c = 0; c < k; c++) {
                double s = 0.0;
                for (int r = 0; r < k; r++) {
                    s += effect[axes[r]][i] * inv[r][c];
                }
                a[i][axes[c]] = s * scale[axes[c]];
            }
        }
        if (n - 1 > k) {
            centreThrustColumn(a, failed, axes, inv);
        }
        return a;
    }

    /**
     * With more remaining motors than controlled axes the thrust column may move along the
     * effectiveness' null space without changing any torque. The minimum-norm column can put a
     * motor at exactly zero thrust (on a hexa, the one opposite the failed motor), where it could
     * only ever push one way; this moves the column along one null direction to the point where its
     * smallest entry is largest, so every remaining motor hovers with room both ways.
     */
    private void centreThrustColumn(double[][] a, int failed, int[] axes, double[][] inv) {
        // Null direction: a column of (I - P B) over the remaining motors, the largest.
        double[] nullDir = new double[n];
        double best = 0.0;
        for (int col = 0; col < n; col++) {
            if (col == failed) {
                continue;
            }
            double[] v = new double[n];
            double norm = 0.0;
            for (int i = 0; i < n; i++) {
                if (i == failed) {
                    continue;
                }
                double pb = 0.0; // (P B)[i][col], P unscaled = B^T inv
                for (int r = 0; r < axes.length; r++) {
                    double pir = 0.0;
                    for (int c = 0; c < axes.length; c++) {
                        pir += effect[axes[c]][i] * inv[c][r];
                    }
                    pb += pir * effect[axes[r]][col];
                }
                v[i] = (i == col ? 1.0 : 0.0) - pb;
                norm += v[i] * v[i];
            }
            if (norm > best) {
                best = norm;
                nullDir = v;
            }
        }
        if (!(best > 1e-12)) {
            return;
        }
        // Maximise min_i (a_i + s n_i): concave and piecewise linear in s; ternary search.
        double lo = -100.0;
        double hi = 100.0;
        for (int it = 0; it < 200; it++) {
            double m1 = lo + (hi - lo) / 3.0;
            double m2 = hi - (hi - lo) / 3.0;
            if (smallestThrustEntry(a, failed, nullDir, m1) < smallestThrustEntry(a, failed, nullDir, m2)) {
                lo = m1;
            } else {
                hi = m2;
            }
        }
        double s = 0.5 * (lo + hi);
        for (int i = 0; i < n; i++) {
            if (i != failed) {
                a[i][3] += s * nullDir[i];
            }
        }
    }

    private double smallestThrustEntry(double[][] a, int failed, double[] nullDir, double s) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            // A motor the null space does not move cannot be helped: leave it out, or the objective
            // is flat at its value and the search wanders off to an arbitrary edge.
            if (i != failed && Math.abs(nullDir[i]) > 1e-9) {
                m = Math.min(m, a[i][3] + s * nullDir[i]);
            }
        }
        return m;
    }

    /**
     * Removes motor {@code motor} from the allocation (a failed motor, PX4 CA_FAILURE_MODE 1), or
     * restores all motors with -1. The remaining motors keep roll, pitch and thrust, and yaw where
     * they can (a hexacopter); a quadcopter's three give up yaw. An index out of range, or a motor
     * whose loss leaves roll, pitch and thrust uncontrollable, restores all motors. Flight thread;
     * allocation-free (the allocations were computed at construction).
     *
     * @return whether the motor is now removed
     */
    public boolean setFailedMotor(int motor) {
        if (motor < 0 || motor >= n || failedAlloc[motor] == null) {
            failedMotor = -1;
            return false;
        }
        failedMotor = motor;
        return true;
    }

    /** The motor removed from the allocation, or -1. */
    public int failedMotor() {
        return failedMotor;
    }

    /** Whether yaw is still allocated: always with all motors; after a failure only if the rest can produce it. */
    public boolean yawControlled() {
        return failedMotor < 0 || failedKeepsYaw[failedMotor];
    }

    /**
     * The allocation with motor {@code failed} removed: motor {@code motor}'s output per unit
     * command on {@code axis}, or NaN when no reconfiguration exists for that failure. For tests.
     */
    public double failedAllocation(int failed, int motor, int axis) {
        double[][] a = failedAlloc[failed];
        return a == null ? Double.NaN : a[motor][axis];
    }

    public int motorCount() {
        return n;
    }

    /**
     * Physical wrench per unit normalised command on {@code axis} (0 roll, 1 pitch, 2 yaw,
     * 3 thrust): torque in units of Tmax*metres (multiply by one motor's maximum thrust in N to
     * get N m), thrust in units of Tmax.
     */
    public double axisScale(int axis) {
        return scale[axis];
    }

    /** Normalised allocation entry: motor {@code i} output per unit command on {@code axis}. */
    public double allocation(int motor, int axis) {
        return alloc[motor][axis];
    }

    /**
     * Maps motor thrusts back to the normalised command they produce (B applied, divided by
     * {@link #axisScale}): the exact inverse of an unsaturated {@link #mix}. For tests and the
     * simulator; allocation-free.
     *
     * @param motorThrustNorm per-motor thrust, fraction of Tmax
     * @param wrenchNormOut   length >= 4: roll, pitch, yaw, thrust commands
     */
    public void effectiveness(double[] motorThrustNorm, double[] wrenchNormOut) {
        for (int a = 0; a < 4; a++) {
            double s = 0.0;
            for (int i = 0; i < n; i++) {
                s += effect[a][i] * motorThrustNorm[i];
            }
            wrenchNormOut[a] = s / scale[a];
        }
    }

    /**
     * Allocates a normalised torque and collective thrust to the motors.
     *
     * @param torqueNorm          roll, pitch, yaw torque commands (normalised, see class doc);
     *                            non-finite components count as 0
     * @param thrustNorm          collective thrust in [0, 1]; clamped, non-finite counts as 0
     * @param motorThrustNormOut  length >= {@link #motorCount()}: per-motor thrust as a fraction of
     *                            Tmax, always finite and in [0, 1]. Convert to an ESC command with
     *                            {@link ThrustCurve#thrustToCommand}.
     */
    public void mix(Vec3 torqueNorm, double thrustNorm, double[] motorThrustNormOut) {
        double r = sanitize(torqueNorm.x);
        double p = sanitize(torqueNorm.y);
        double yCmd = sanitize(torqueNorm.z);
        double t = Double.isFinite(thrustNorm) ? (thrustNorm < 0.0 ? 0.0 : (thrustNorm > 1.0 ? 1.0 : thrustNorm)) : 0.0;
        if (failedMotor >= 0) {
            mixWithoutFailed(failedAlloc[failedMotor], failedKeepsYaw[failedMotor], r, p, yCmd, t, motorThrustNormOut);
            return;
        }

        // 1. roll/pitch spread; scale down only if no collective could make it fit.
        double rpMin = Double.POSITIVE_INFINITY;
        double rpMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = alloc[i][0] * r + alloc[i][1] * p;
            rp[i] = v;
            yw[i] = alloc[i][2] * yCmd;
            rpMin = Math.min(rpMin, v);
            rpMax = Math.max(rpMax, v);
        }
        double spread = rpMax - rpMin;
        if (spread > 1.0) {
            double k = 1.0 / spread;
            for (int i = 0; i < n; i++) {
                rp[i] *= k;
            }
        }

        // 2. largest yaw fraction k with spread(rp + k*yaw) <= 1: for every motor pair (i, j)
        // with yaw[i] > yaw[j], (rp_i - rp_j) + k (yaw_i - yaw_j) <= 1.
        double kYaw = 1.0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dy = yw[i] - yw[j];
                if (dy > EPS) {
                    double lim = (1.0 - (rp[i] - rp[j])) / dy;
                    if (lim < kYaw) {
                        kYaw = lim;
                    }
                }
            }
        }
        if (kYaw < 0.0) {
            kYaw = 0.0;
        }

        // 3. smallest equal collective shift that brings every motor into [0, 1].
        double needUp = Double.NEGATIVE_INFINITY; // shift >= needUp
        double roomUp = Double.POSITIVE_INFINITY; // shift <= roomUp
        for (int i = 0; i < n; i++) {
            double v = alloc[i][3] * t + rp[i] + kYaw * yw[i];
            out[i] = v;
            needUp = Math.max(needUp, -v);
            roomUp = Math.min(roomUp, 1.0 - v);
        }
        double shift = 0.0;
        if (shift < needUp) {
            shift = needUp;
        }
        if (shift > roomUp) {
            shift = roomUp;
        }
        for (int i = 0; i < n; i++) {
            double v = out[i] + shift;
            v = v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
            out[i] = v;
            motorThrustNormOut[i] = v;
        }
        updateSaturation();
    }

    /**
     * Mixing with a motor removed. The remaining motors' thrust column is no longer uniform, so
     * the collective is moved along that column (which leaves the torques untouched) instead of
     * equally on every motor. Yaw becomes a free variable: on a hexa-X without one motor, any
     * pure thrust leaves the opposite motor at exactly zero (roll, pitch and yaw balance force it),
     * so roll/pitch towards that side can only be made by letting the yaw torque go. Priorities:
     * roll/pitch (scaled down together only if no yaw and collective fit them), then the thrust
     * closest to the demand that fits, then the yaw closest to the demand that fits (below thrust
     * here, unlike the healthy mix: a yaw that five or three motors can only make by lifting the
     * collective must not hold up a vehicle that has landed). Each "fits" is a feasibility
     * question over the (yaw, collective) plane, a convex set: the smallest motor margin to
     * [0, 1] is concave in both, maximised by ternary search; fractions and boundaries by
     * bisection. The failed motor gets 0. Allocation-free; a few hundred passes over the motors when nothing
     * saturates, some thousands when roll/pitch must be scaled.
     */
    private void mixWithoutFailed(double[][] a, boolean yawAllocated, double r, double p, double yCmd, double t,
                                  double[] motorThrustNormOut) {
        for (int i = 0; i < n; i++) {
            rp[i] = a[i][0] * r + a[i][1] * p;
            yw[i] = yawAllocated ? a[i][2] : 0.0; // per unit yaw command
        }
        double yDemand = yawAllocated ? yCmd : 0.0;
        if (margin(a, 1.0, yDemand, t) >= 0.0) {
            // The common case, no search: everything asked for fits.
            finishWithoutFailed(a, yawAllocated, r, p, yDemand, t, 1.0, yDemand, t, motorThrustNormOut);
            return;
        }
        double kRp = 1.0;
        double fit = bestMargin(a, 1.0, t); // yaw free, the collective as asked
        double yawAtFit = bestYaw;
        if (fit < 0.0 && bestSlack(a, 1.0) < 0.0) {
            double lo = 0.0;
            double hi = 1.0;
            for (int it = 0; it < 14; it++) { // 1e-4 of the demand
                double mid = 0.5 * (lo + hi);
                if (bestSlack(a, mid) >= 0.0) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            kRp = lo;
            fit = bestMargin(a, kRp, t);
            yawAtFit = bestYaw;
        }
        // Collective before yaw: a yaw the remaining motors can only make by lifting the collective
        // (on the ground, after a landing with the yaw lost) must not hold the vehicle up.
        double tOut = t;
        if (fit < 0.0) {
            double good = bestThrust(a, kRp);
            double bad = t;
            for (int it = 0; it < 20; it++) {
                double mid = 0.5 * (good + bad);
                if (bestMargin(a, kRp, mid) >= 0.0) {
                    good = mid;
                } else {
                    bad = mid;
                }
            }
            tOut = good;
            bestMargin(a, kRp, tOut);
            yawAtFit = bestYaw;
        }
        double yOut = yDemand;
        if (margin(a, kRp, yDemand, tOut) < 0.0) {
            double good = yawAtFit;
            double bad = yDemand;
            for (int it = 0; it < 20; it++) {
                double mid = 0.5 * (good + bad);
                if (margin(a, kRp, mid, tOut) >= 0.0) {
                    good = mid;
                } else {
                    bad = mid;
                }
            }
            yOut = good;
        }
        finishWithoutFailed(a, yawAllocated, r, p, yDemand, t, kRp, yOut, tOut, motorThrustNormOut);
    }

    private void finishWithoutFailed(double[][] a, boolean yawAllocated, double r, double p, double yDemand, double t,
                                     double kRp, double yOut, double tOut, double[] motorThrustNormOut) {
        for (int i = 0; i < n; i++) {
            double v = i == failedMotor ? 0.0 : kRp * rp[i] + yOut * yw[i] + tOut * a[i][3];
            v = v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
            out[i] = v;
            motorThrustNormOut[i] = v;
        }
        boolean rpLimited = kRp < 1.0 - 1e-6;
        satPos[0] = rpLimited && r > 0.0;
        satNeg[0] = rpLimited && r < 0.0;
        satPos[1] = rpLimited && p > 0.0;
        satNeg[1] = rpLimited && p < 0.0;
        satPos[2] = !yawAllocated || yOut < yDemand - 1e-6;
        satNeg[2] = !yawAllocated || yOut > yDemand + 1e-6;
        satPos[3] = tOut < t - 1e-6;
        satNeg[3] = tOut > t + 1e-6;
    }

    /**
     * The smallest margin of any remaining motor to [0, 1] for these roll/pitch fraction, yaw and
     * collective (negative: some motor out of range). Concave in yaw and collective jointly.
     */
    private double margin(double[][] a, double kRp, double yaw, double collective) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (i != failedMotor) {
                double v = kRp * rp[i] + yaw * yw[i] + collective * a[i][3];
                m = Math.min(m, Math.min(v, 1.0 - v));
            }
        }
        return m;
    }

    /** The largest {@link #margin} over yaw in +-YAW_FREE_RANGE (ternary search); its yaw in bestYaw. */
    private double bestMargin(double[][] a, double kRp, double collective) {
        double lo = -YAW_FREE_RANGE;
        double hi = YAW_FREE_RANGE;
        for (int it = 0; it < 20; it++) { // (2/3)^20: 3e-4 of the range; bisections refine after
            double m1 = lo + (hi - lo) / 3.0;
            double m2 = hi - (hi - lo) / 3.0;
            if (margin(a, kRp, m1, collective) < margin(a, kRp, m2, collective)) {
                lo = m1;
            } else {
                hi = m2;
            }
        }
        bestYaw = 0.5 * (lo + hi);
        return margin(a, kRp, bestYaw, collective);
    }

    /** The collective in [0, 1] with the largest {@link #bestMargin} (ternary search; concave). */
    private double bestThrust(double[][] a, double kRp) {
        double lo = 0.0;
        double hi = 1.0;
        for (int it = 0; it < 25; it++) {
            double m1 = lo + (hi - lo) / 3.0;
            double m2 = hi - (hi - lo) / 3.0;
            if (bestMargin(a, kRp, m1) < bestMargin(a, kRp, m2)) {
                lo = m1;
            } else {
                hi = m2;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** Yaw range searched as a free variable (normalised yaw command). */
    private static final double YAW_FREE_RANGE = 1.0;
    private double bestYaw;

    /** The widest collective interval over yaw in +-YAW_FREE_RANGE for this roll/pitch fraction; its yaw in bestYaw. */
    private double bestSlack(double[][] a, double kRp) {
        double lo = -YAW_FREE_RANGE;
        double hi = YAW_FREE_RANGE;
        for (int it = 0; it < 30; it++) { // (2/3)^30: 1e-5 of the range
            double m1 = lo + (hi - lo) / 3.0;
            double m2 = hi - (hi - lo) / 3.0;
            if (slack(a, kRp, m1) < slack(a, kRp, m2)) {
                lo = m1;
            } else {
                hi = m2;
            }
        }
        bestYaw = 0.5 * (lo + hi);
        return slack(a, kRp, bestYaw);
    }

    /**
     * Width of the interval of collectives c >= 0 that put every remaining motor's
     * kRp*rp + yaw*yw + c*a_thrust in [0, 1] (negative: none).
     */
    private double slack(double[][] a, double kRp, double yaw) {
        double lo = 0.0;
        double hi = Double.POSITIVE_INFINITY;
        double worst = 0.0;
        for (int i = 0; i < n; i++) {
            if (i == failedMotor) {
                continue;
            }
            double w = kRp * rp[i] + yaw * yw[i];
            double at = a[i][3];
            if (at > EPS) {
                lo = Math.max(lo, -w / at);
                hi = Math.min(hi, (1.0 - w) / at);
            } else if (at < -EPS) {
                lo = Math.max(lo, (1.0 - w) / at);
                hi = Math.min(hi, -w / at);
            } else {
                // A motor the collective does not move: its own margin to [0, 1] bounds the slack.
                worst = Math.min(worst, Math.min(w, 1.0 - w));
            }
        }
        double width = hi - lo;
        return worst < 0.0 ? Math.min(worst, width) : width;
    }

    /** True when the last mix could not have produced more of {@code axis} (0..3). */
    public boolean saturatedPositive(int axis) {
        return satPos[axis];
    }

    /** True when the last mix could not have produced less of {@code axis} (0..3). */
    public boolean saturatedNegative(int axis) {
        return satNeg[axis];
    }

    /**
     * Torque axes: with the collective free to move, a small step c along the axis column is
     * feasible unless the outputs already span the full [0, 1] range and the step widens the
     * spread, i.e. unless some motor at 1 gains more than some motor at 0 (or loses less).
     * Thrust: the collective is shifted equally, so it cannot rise when any motor is at 1 and
     * cannot fall when any motor is at 0.
     */
    private void updateSaturation() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            lo = Math.min(lo, out[i]);
            hi = Math.max(hi, out[i]);
        }
        boolean fullSpread = hi - lo >= 1.0 - 1e-6;
        for (int a = 0; a < 3; a++) {
            boolean pos = false;
            boolean neg = false;
            if (fullSpread) {
                double topMax = Double.NEGATIVE_INFINITY;
                double topMin = Double.POSITIVE_INFINITY;
                double botMax = Double.NEGATIVE_INFINITY;
                double botMin = Double.POSITIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double c = alloc[i][a];
                    if (out[i] >= 1.0 - 1e-6) {
                        topMax = Math.max(topMax, c);
                        topMin = Math.min(topMin, c);
                    }
                    if (out[i] <= 1e-6) {
                        botMax = Math.max(botMax, c);
                        botMin = Math.min(botMin, c);
                    }
                }
                pos = topMax - botMin > EPS;
                neg = botMax - topMin > EPS;
            }
            satPos[a] = pos;
            satNeg[a] = neg;
        }
        satPos[3] = hi >= 1.0 - 1e-6;
        satNeg[3] = lo <= 1e-6;
    }

    private static double sanitize(double v) {
        if (!Double.isFinite(v)) {
            return 0.0;
        }
        return v < -MAX_CMD ? -MAX_CMD : (v > MAX_CMD ? MAX_CMD : v);
    }

    private double maxAbsColumn(int c) {
        double m = 0.0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(alloc[i][c]));
        }
        if (!(m > EPS)) {
            throw new IllegalArgumentException("geometry has no authority on axis " + c);
        }
        return m;
    }

    private static double[][] invert4(double[][] m) {
        double[][] inv = invert(m);
        if (inv == null) {
            throw new IllegalArgumentException("singular effectiveness matrix: geometry cannot control all axes");
        }
        return inv;
    }

    /** Gauss-Jordan inverse with partial pivoting of a square matrix; null when singular. */
    private static double[][] invert(double[][] m) {
        int k = m.length;
        double[][] a = new double[k][2 * k];
        for (int r = 0; r < k; r++) {
            System.arraycopy(m[r], 0, a[r], 0, k);
            a[r][k + r] = 1.0;
        }
        double norm = 0.0;
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                norm = Math.max(norm, Math.abs(m[r][c]));
            }
        }
        for (int col = 0; col < k; col++) {
            int piv = col;
            for (int r = col + 1; r < k; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
                    piv = r;
                }
            }
            if (!(Math.abs(a[piv][col]) > 1e-12 * norm)) {
                return null;
            }
            double[] tmp = a[piv];
            a[piv] = a[col];
            a[col] = tmp;
            double d = a[col][col];
            for (int c = 0; c < 2 * k; c++) {
                a[col][c] /= d;
            }
            for (int r = 0; r < k; r++) {
                if (r != col) {
                    double f = a[r][col];
                    for (int c = 0; c < 2 * k; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[][] inv = new double[k][k];
        for (int r = 0; r < k; r++) {
            System.arraycopy(a[r], k, inv[r], 0, k);
        }
        return inv;
    }
}
