package org.hoverla.core.estimation.gnss;

import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.hal.GnssSample;

/**
 * Decides whether a GNSS receiver's solutions are good enough to start using them, the
 * pre-flight GPS quality checks of PX4 ekf2 ({@code EKF::runGnssChecks}, parameters
 * {@code EKF2_GPS_CHECK} and {@code EKF2_REQ_*}).
 *
 * <p>Each sample is checked against: minimum fix type, minimum satellites used, maximum
 * reported horizontal / vertical position accuracy (eph, epv, 1 sigma) and speed accuracy
 * (sAcc), and - only while the vehicle is landed - the stationary drift checks: PX4 low-pass
 * filters (time constant {@value #DRIFT_FILTER_TIME_CONSTANT_S} s, coefficient dt/τ) the
 * position change between consecutive fixes divided by their time difference (clamped to
 * ±10x the limit so one jump cannot dominate) and the reported horizontal velocity (clamped
 * likewise); a vehicle at rest with a receiver that is still converging shows a position
 * that wanders although it reports near-zero velocity. Horizontal drift speed, vertical drift
 * speed and filtered horizontal speed are compared with their limits; the horizontal speed
 * limit is the horizontal drift limit, as in current PX4 (older releases used twice it). In flight the drift checks are
 * declared passed and their filters reset, again as in PX4 (a moving vehicle makes them
 * meaningless).
 *
 * <p>Any non-finite field that a check needs fails that check and sets {@link #NON_FINITE};
 * nothing throws. {@link #passedForRequiredTime()} becomes true only after every enabled
 * check has passed continuously for the required time (PX4 {@code EKF2_REQ_GPS_H}, 10 s); a
 * single failing sample restarts that timer, and the timer starts failed ("assume failed the
 * first time through", as PX4 does). The caller should also treat a receiver that stops
 * delivering as failed; this class sees only the samples it is given.
 *
 * <p>Which checks count is a bit mask ({@link #setCheckMask}), mirroring EKF2_GPS_CHECK;
 * the fix-type check always counts (bit layout differs from PX4's: PX4 has PDOP, which
 * {@link GnssSample} does not carry, and a GNSS-vs-EKF vertical velocity check, which belongs
 * with the estimator). Default: every check except {@link #SPOOFED}; note PX4's default
 * EKF2_GPS_CHECK = 245 also leaves out vertical accuracy, which we keep on (a
 * {@code setCheckMask(DEFAULT_CHECK_MASK & ~EPV)} mirrors PX4). The receiver's spoofing flag
 * is carried by {@link GnssConsistencyMonitor}; enable {@link #SPOOFED} here to block use of
 * GNSS while the receiver reports spoofing, as newer PX4 releases can.
 *
 * <p>Pure algorithm: no bus, clock, params or I/O; {@code nowNs} comes from the caller.
 * Called on the flight thread (estimator); allocation-free and not thread-safe. Limits may be
 * changed between updates (the parameter layer applies them at most at 1 Hz).
 */
public final class GnssQualityCheck {

    /** Fix type below the minimum (e.g. 2D or none). */
    public static final int FIX = 1;
    /** Fewer satellites used than the minimum. */
    public static final int NSATS = 1 << 1;
    /** Reported horizontal accuracy (eph) above the maximum. */
    public static final int EPH = 1 << 2;
    /** Reported vertical accuracy (epv) above the maximum. */
    public static final int EPV = 1 << 3;
    /** Reported speed accuracy (sAcc) above the maximum. */
    public static final int SACC = 1 << 4;
    /** Filtered horizontal position drift speed while landed above the maximum. */
    public static final int HDRIFT = 1 << 5;
    /** Filtered vertical position drift speed while landed above the maximum. */
    public static final int VDRIFT = 1 << 6;
    /** Filtered reported horizontal speed while landed above the horizontal drift maximum. */
    public static final int HSPEED = 1 << 7;
    /** A field a check needs is NaN or infinite. */
    public static final int NON_FINITE = 1 << 8;
    /** The receiver reports spoofing (spoofingState indicated or multiple). Opt-in. */
    public static final int SPOOFED = 1 << 9;
    /** Number of check bits. */
    public static final int CHECK_COUNT = 10;
    /** Every check. */
    public static final int ALL_CHECKS = (1 << CHECK_COUNT) - 1;
    /** Default mask: all but {@link #SPOOFED}. */
    public static final int DEFAULT_CHECK_MASK = ALL_CHECKS & ~SPOOFED;

    /** Drift filter time constant (s), fixed in PX4 ({@code filt_time_const}). */
    public static final double DRIFT_FILTER_TIME_CONSTANT_S = 10.0;

    /** Reason returned by {@link #firstFailReason()} when every enabled check passes. */
    public static final String REASON_NONE = "GNSS checks passing";
    private static final String[] REASONS = {
        "GNSS fix type too low",
        "GNSS too few satellites",
        "GNSS horizontal accuracy too low",
        "GNSS vertical accuracy too low",
        "GNSS speed accuracy too low",
        "GNSS horizontal drift too high",
        "GNSS vertical drift too high",
        "GNSS horizontal speed too high while landed",
        "GNSS solution not finite",
        "GNSS receiver reports spoofing",
    };

    // Limits (PX4 defaults, see the constructor).
    private int minFixType = GnssSample.FIX_3D;
    private int minSatellites = 6;
    private double maxEphM = 3.0;
    private double maxEpvM = 5.0;
    private double maxSAccMps = 0.5;
    private double maxHorizontalDriftMps = 0.1;
    private double maxVerticalDriftMps = 0.2;
    private long requiredPassNs = 10_000_000_000L;
    private int checkMask = DEFAULT_CHECK_MASK;

    // Drift filter state.
    private final GeoRef prevRef = new GeoRef();
    private final Vec3 delta = new Vec3();
    private boolean havePrev;
    private long prevSampleNs;
    private double driftN;
    private double driftE;
    private double driftD;
    private double velFiltN;
    private double velFiltE;
    private double horizontalDriftMps;
    private double verticalDriftMps;
    private double filteredHorizontalSpeedMps;
    // Drift fail flags persist between samples as PX4's do.
    private int driftFailBits;

    // Results.
    private int failMask = FIX;
    private boolean passing;
    private boolean passedForRequiredTime;
    private boolean started;
    private long lastFailNs;
    private long lastUpdateNs;

    // Counters.
    private long sampleCount;
    private long failSampleCount;
    private long passToFailCount;
    private final long[] failCounts = new long[CHECK_COUNT];

    /**
     * Creates a check with PX4's defaults: 3D fix, 6 satellites (EKF2_REQ_NSATS), eph 3 m
     * (EKF2_REQ_EPH), epv 5 m (EKF2_REQ_EPV), sAcc 0.5 m/s (EKF2_REQ_SACC), horizontal drift
     * 0.1 m/s (EKF2_REQ_HDRIFT), vertical drift 0.2 m/s (EKF2_REQ_VDRIFT), 10 s required pass
     * time (EKF2_REQ_GPS_H).
     */
    public GnssQualityCheck() {
    }

    /**
     * Checks one solution. {@code nowNs} is the caller's time for the pass timer (monotonic);
     * the drift filter uses the samples' own {@code timestampSampleNs}. {@code landed}: the
     * vehicle is on the ground and at rest (drift checks run only then). Returns
     * {@link #passing()}.
     */
    public boolean update(GnssSample s, long nowNs, boolean landed) {
        if (!started) {
            started = true;
            lastFailNs = nowNs;
        }
        lastUpdateNs = nowNs;
        sampleCount++;

        int fail = 0;
        boolean posFinite = Double.isFinite(s.latDeg) && Double.isFinite(s.lonDeg) && Double.isFinite(s.altMslM);
        boolean velFinite = Double.isFinite(s.velNMps) && Double.isFinite(s.velEMps) && Double.isFinite(s.velDMps);
        if (s.fixType < minFixType) {
            fail |= FIX;
        }
        if (s.satellitesUsed < minSatellites) {
            fail |= NSATS;
        }
        // Written as !(x <= max) so NaN fails.
        if (!(s.ephM <= maxEphM)) {
            fail |= EPH;
        }
        if (!(s.epvM <= maxEpvM)) {
            fail |= EPV;
        }
        if (!(s.sAccMps <= maxSAccMps)) {
            fail |= SACC;
        }
        if (!posFinite || !velFinite || !Double.isFinite(s.ephM) || !Double.isFinite(s.epvM)
                || !Double.isFinite(s.sAccMps)) {
            fail |= NON_FINITE;
        }
        if (s.spoofingState >= 2) {
            fail |= SPOOFED;
        }

        updateDrift(s, landed, posFinite, velFinite);
        fail |= driftFailBits;

        for (int bit = 0; bit < CHECK_COUNT; bit++) {
            if ((fail & (1 << bit)) != 0) {
                failCounts[bit]++;
            }
        }
        failMask = fail;
        boolean wasPassing = passing;
        passing = (fail & (checkMask | FIX)) == 0;
        if (!passing) {
            failSampleCount++;
            lastFailNs = nowNs;
            if (wasPassing) {
                passToFailCount++;
            }
        }
        passedForRequiredTime = passing && nowNs - lastFailNs >= requiredPassNs;
        return passing;
    }

    private void updateDrift(GnssSample s, boolean landed, boolean posFinite, boolean velFinite) {
        if (!landed) {
            // In flight the stationary checks mean nothing: pass them and restart the filters.
            resetDriftFilters();
            driftFailBits = 0;
            rememberPrevious(s, posFinite);
            return;
        }
        if (!posFinite || !velFinite) {
            // Keep the filters; a fix must be finite to contribute. Fail the drift checks so a
            // sequence of broken samples cannot leave them stale-passing.
            havePrev = false;
            driftFailBits = HDRIFT | VDRIFT | HSPEED;
            return;
        }
        double dtS = havePrev ? (s.timestampSampleNs - prevSampleNs) * 1e-9 : 0.0;
        dtS = Math.min(Math.max(dtS, 0.001), DRIFT_FILTER_TIME_CONSTANT_S);
        double coef = dtS / DRIFT_FILTER_TIME_CONSTANT_S;
        double dn = 0.0;
        double de = 0.0;
        double dd = 0.0;
        if (havePrev) {
            prevRef.toNed(s.latDeg, s.lonDeg, s.altMslM, delta);
            dn = delta.x;
            de = delta.y;
            dd = delta.z;
        }
        double hLim = 10.0 * maxHorizontalDriftMps;
        double vLim = 10.0 * maxVerticalDriftMps;
        driftN = clamp(dn / dtS, hLim) * coef + driftN * (1.0 - coef);
        driftE = clamp(de / dtS, hLim) * coef + driftE * (1.0 - coef);
        driftD = clamp(dd / dtS, vLim) * coef + driftD * (1.0 - coef);
        velFiltN = clamp(s.velNMps, hLim) * coef + velFiltN * (1.0 - coef);
        velFiltE = clamp(s.velEMps, hLim) * coef + velFiltE * (1.0 - coef);
        horizontalDriftMps = Math.sqrt(driftN * driftN + driftE * driftE);
        verticalDriftMps = Math.abs(driftD);
        filteredHorizontalSpeedMps = Math.sqrt(velFiltN * velFiltN + velFiltE * velFiltE);
        int bits = 0;
        if (horizontalDriftMps > maxHorizontalDriftMps) {
            bits |= HDRIFT;
        }
        if (verticalDriftMps > maxVerticalDriftMps) {
            bits |= VDRIFT;
        }
        if (filteredHorizontalSpeedMps > maxHorizontalDriftMps) {
            bits |= HSPEED;
        }
        driftFailBits = bits;
        rememberPrevious(s, true);
    }

    private void rememberPrevious(GnssSample s, boolean posFinite) {
        if (posFinite) {
            prevRef.reset(s.latDeg, s.lonDeg, s.altMslM);
            prevSampleNs = s.timestampSampleNs;
            havePrev = true;
        } else {
            havePrev = false;
        }
    }

    private void resetDriftFilters() {
        driftN = 0.0;
        driftE = 0.0;
        driftD = 0.0;
        velFiltN = 0.0;
        velFiltE = 0.0;
        horizontalDriftMps = 0.0;
        verticalDriftMps = 0.0;
        filteredHorizontalSpeedMps = 0.0;
    }

    private static double clamp(double v, double lim) {
        return v > lim ? lim : (v < -lim ? -lim : v);
    }

    /** Forgets everything (e.g. after a receiver change): the pass timer restarts failed. */
    public void reset() {
        started = false;
        havePrev = false;
        resetDriftFilters();
        driftFailBits = 0;
        failMask = FIX;
        passing = false;
        passedForRequiredTime = false;
    }

    /** The last sample passed every enabled check. */
    public boolean passing() {
        return passing;
    }

    /** Every enabled check has passed continuously for the required time, as of the last update. */
    public boolean passedForRequiredTime() {
        return passedForRequiredTime;
    }

    /** Checks the last sample failed (all checks, enabled or not): bits {@link #FIX} … {@link #SPOOFED}. */
    public int failMask() {
        return failMask;
    }

    /** Failing checks that count ({@link #failMask()} restricted to the check mask). */
    public int enabledFailMask() {
        return failMask & (checkMask | FIX);
    }

    /**
     * One-line reason for the lowest-numbered failing enabled check, or {@link #REASON_NONE};
     * a constant String (no allocation), suitable for a status text.
     */
    public String firstFailReason() {
        int m = enabledFailMask();
        return m == 0 ? REASON_NONE : REASONS[Integer.numberOfTrailingZeros(m)];
    }

    /** Constant reason String for one check bit (e.g. {@link #EPH}); {@link #REASON_NONE} for 0. */
    public static String reason(int checkBit) {
        if (checkBit == 0) {
            return REASON_NONE;
        }
        return REASONS[Integer.numberOfTrailingZeros(checkBit) % CHECK_COUNT];
    }

    /** Time (ns) since the last failing sample, as of the last update; 0 when the last one failed. */
    public long passDurationNs() {
        return started ? lastUpdateNs - lastFailNs : 0L;
    }

    /** Filtered horizontal position drift speed while landed (m/s); 0 in flight. */
    public double horizontalDriftMps() {
        return horizontalDriftMps;
    }

    /** Filtered vertical position drift speed while landed (m/s); 0 in flight. */
    public double verticalDriftMps() {
        return verticalDriftMps;
    }

    /** Filtered reported horizontal speed while landed (m/s); 0 in flight. */
    public double filteredHorizontalSpeedMps() {
        return filteredHorizontalSpeedMps;
    }

    public long sampleCount() {
        return sampleCount;
    }

    /** Samples that failed an enabled check. */
    public long failSampleCount() {
        return failSampleCount;
    }

    /** Times a passing receiver started failing. */
    public long passToFailCount() {
        return passToFailCount;
    }

    /** Samples on which the given check bit failed (counted whether enabled or not). */
    public long failCount(int checkBit) {
        return checkBit == 0 ? 0 : failCounts[Integer.numberOfTrailingZeros(checkBit) % CHECK_COUNT];
    }

    // --- limits (SI units); call from the parameter layer, at most ~1 Hz -----------------

    public void setMinFixType(int fixType) {
        minFixType = fixType;
    }

    public void setMinSatellites(int satellites) {
        minSatellites = satellites;
    }

    public void setMaxEphM(double m) {
        maxEphM = m;
    }

    public void setMaxEpvM(double m) {
        maxEpvM = m;
    }

    public void setMaxSAccMps(double mps) {
        maxSAccMps = mps;
    }

    /** Horizontal drift limit (m/s), also the landed filtered horizontal speed limit. */
    public void setMaxHorizontalDriftMps(double mps) {
        maxHorizontalDriftMps = mps;
    }

    public void setMaxVerticalDriftMps(double mps) {
        maxVerticalDriftMps = mps;
    }

    /** Continuous pass time required by {@link #passedForRequiredTime()} (s, ≥ 0). */
    public void setRequiredPassTimeS(double s) {
        requiredPassNs = Double.isFinite(s) && s > 0.0 ? Math.round(s * 1e9) : 0L;
    }

    /** Which checks count (bits {@link #FIX} … {@link #SPOOFED}); {@link #FIX} always counts. */
    public void setCheckMask(int mask) {
        checkMask = mask & ALL_CHECKS;
    }

    public int minFixType() {
        return minFixType;
    }

    public int minSatellites() {
        return minSatellites;
    }

    public double maxEphM() {
        return maxEphM;
    }

    public double maxEpvM() {
        return maxEpvM;
    }

    public double maxSAccMps() {
        return maxSAccMps;
    }

    public double maxHorizontalDriftMps() {
        return maxHorizontalDriftMps;
    }

    public double maxVerticalDriftMps() {
        return maxVerticalDriftMps;
    }

    public double requiredPassTimeS() {
        return requiredPassNs * 1e-9;
    }

    public int checkMask() {
        return checkMask;
    }
}
