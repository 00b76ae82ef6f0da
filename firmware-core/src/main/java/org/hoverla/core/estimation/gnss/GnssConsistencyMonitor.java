package org.hoverla.core.estimation.gnss;

import org.hoverla.core.math.Vec3;
import org.hoverla.hal.GnssSample;

/**
 * Flags GNSS solutions that disagree with physics or with the vehicle's own sensors in a way
 * the receiver does not report: the signature of a spoofer dragging the solution, or of a
 * receiver fault. It only says "suspect"; what to do (stop fusing GNSS, warn, fail safe) is
 * the caller's decision.
 *
 * <h2>Paths</h2>
 * Samples are averaged into fixed time buckets ({@link Config#bucketS}, 0.5 s) keyed by their
 * sample time, so white noise averages out and irregular rates or gaps need no special case.
 * When a bucket completes, each path compares it with an older bucket:
 * <ol>
 * <li>{@link #POS_VEL_MISMATCH}, horizontal position rate vs reported velocity. The residual
 * e = p - ∫v dt (trapezoid over the fixes) is constant for an honest receiver apart from
 * noise, because position and Doppler velocity come from independent observables (code and
 * carrier). A spoofer or fault that moves the position without the velocity (or the reverse)
 * makes e ramp. Flagged when |e(now) - e(now - {@link Config#horizontalWindowS})| exceeds
 * max({@link Config#horizontalFloorM}, {@link Config#horizontalEphFactor} · √(eph₁² + eph₂²)):
 * scaling with the reported eph of both buckets tolerates receivers that admit they are poor
 * (a converging receiver in the real test.ulg capture wanders at ~0.15 m/s). Defaults (5 s,
 * 3 m, 1.5) catch a 1 m/s position ramp without velocity in ~4 s; an honest u-blox-class
 * receiver (1.6 m / 100 s Gauss-Markov + 0.4 m white) gives a residual change of ~0.5 m
 * (1 sigma per axis) over 5 s. Horizontal only: vertically the real capture shows a receiver
 * climbing 1 m/s in position while reporting ~0.1 m/s, during convergence, and the baro path
 * covers the vertical axis better.
 * <li>{@link #BARO_MISMATCH}, GNSS height vs baro height. A barometer cannot be spoofed by
 * radio. d = h_gnss - h_baro (baro interpolated to the GNSS sample time) has an arbitrary
 * constant offset; its change over {@link Config#verticalWindowS} (30 s) is compared with
 * max({@link Config#verticalFloorM}, {@link Config#verticalEpvFactor} · √(epv₁² + epv₂²)).
 * The 5 m floor covers baro errors that change within a window in flight (propwash, ground
 * effect, dynamic pressure at speed: ~40 Pa ≈ 3.5 m at 15 m/s on an unshielded port) and the
 * weather (~1 hPa in hours, negligible in 30 s). Catches a vertical drag of 0.5 m/s in ~11 s
 * when the receiver reports epv ≤ 1.2 m, and any drag whose accumulated height error exceeds
 * the limit within 30 s; it does so whether or not the spoofer also drags the velocity.
 * <li>{@link #INNOVATION_BIAS}, long-window mean of normalised innovations supplied by the
 * caller (innovation / √S, signed, for up to three channels, e.g. the EKF's GNSS position
 * north/east and baro height). Each innovation may pass its gate, but a solution dragged away
 * from where the inertial prediction keeps putting the vehicle leaves a persistent sign; an
 * honest, well-tuned filter's innovations are near zero-mean. Flagged when |mean| over
 * {@link Config#innovationWindowS} (60 s; evaluated once at least half of it and
 * {@link Config#innovationMinCount} values are present) exceeds
 * {@link Config#innovationMeanLimit} (1.5). The standard error of the mean of unit-variance
 * innovations correlated over τ is about √(2τ/T): 0.26 for τ = 2 s (0.36 half-full), so 1.5
 * is 4-6 standard errors; a bias of 2 sigma is flagged after ~45 s. Both must be checked
 * against replays of the real estimator, whose innovations may be more correlated (slow GNSS
 * errors). Not yet exercised with Hoverla's EKF: the tests feed synthetic innovations.
 * </ol>
 * Plus the receiver's own view, carried through: {@link #RECEIVER_SPOOFING} (spoofingState
 * 2 indicated or 3 multiple) and {@link #RECEIVER_JAMMING} (u-blox jamInd above
 * {@link Config#jammingThreshold}, 80 of 255 by default, -1 = unknown = not jamming; or the
 * receiver's jamming state warning or critical, u-blox MON-RF / SEC-SIG). The caller may feed
 * these flags for every report, fix or not, with {@link #updateReceiverFlags}, so that a
 * receiver that says it is spoofed is flagged before any of its fixes is used.
 *
 * <h2>What it cannot catch</h2>
 * A coherent horizontal spoof that drags position and velocity together with a small enough
 * acceleration (below what the estimator's accelerometer bias states absorb) is
 * indistinguishable, with GNSS + IMU + baro alone, from the vehicle really moving: it needs an
 * independent horizontal reference (optical flow or vision, airspeed with wind, a second
 * receiver/antenna, or the receiver's own signal-level checks). A drag slower than the limit
 * per window (e.g. vertically &lt; ~0.15 m/s with defaults) is not caught by the window paths;
 * a single jump is seen only while it lies inside a window (the latch holds it
 * {@link Config#holdS} longer). Jumps across a gap longer than {@link Config#maxGapS} reset
 * the horizontal path (its integral cannot bridge the gap) but not the baro path.
 *
 * <h2>Output</h2>
 * Each reason stays latched for {@link Config#holdS} (10 s) after it was last seen, measured in
 * the latest time given to any update (or {@link #tick}). {@link #suspect()} is true while any
 * spoofing-type reason is latched ({@link #SPOOF_REASONS}: all but jamming, which degrades
 * rather than misleads and is reported by {@link #jamming()}).
 *
 * <p>Pure algorithm: all inputs SI, NED, caller-supplied times in ns. Called on the flight
 * thread; fixed rings sized at construction, allocation-free and not thread-safe afterwards.
 * Never throws on bad input: non-finite values are counted and skipped.
 */
public final class GnssConsistencyMonitor {

    /** Horizontal position change disagrees with the integrated reported velocity. */
    public static final int POS_VEL_MISMATCH = 1;
    /** GNSS height change disagrees with baro height change. */
    public static final int BARO_MISMATCH = 1 << 1;
    /** Caller-supplied normalised innovations have a persistent mean. */
    public static final int INNOVATION_BIAS = 1 << 2;
    /** The receiver itself reports spoofing. */
    public static final int RECEIVER_SPOOFING = 1 << 3;
    /** The receiver reports jamming above the threshold. */
    public static final int RECEIVER_JAMMING = 1 << 4;
    public static final int REASON_COUNT = 5;
    /** Reasons that make {@link #suspect()} true. */
    public static final int SPOOF_REASONS = POS_VEL_MISMATCH | BARO_MISMATCH | INNOVATION_BIAS | RECEIVER_SPOOFING;

    public static final String REASON_NONE = "GNSS consistent";
    private static final String[] REASONS = {
        "GNSS position moves without its velocity",
        "GNSS height disagrees with baro",
        "GNSS innovations biased",
        "GNSS receiver reports spoofing",
        "GNSS receiver reports jamming",
    };

    /** Construction-time configuration (window lengths size the rings). SI units. */
    public static final class Config {
        /** Bucket length (s) over which samples are averaged. */
        public double bucketS = 0.5;
        /** Horizontal residual comparison span (s). */
        public double horizontalWindowS = 5.0;
        /** Smallest horizontal span (s) compared while the window fills. */
        public double horizontalMinSpanS = 1.0;
        public double horizontalFloorM = 3.0;
        public double horizontalEphFactor = 1.5;
        /** GNSS-baro comparison span (s). */
        public double verticalWindowS = 30.0;
        /** Smallest vertical span (s) compared while the window fills. */
        public double verticalMinSpanS = 2.0;
        public double verticalFloorM = 5.0;
        public double verticalEpvFactor = 3.0;
        /** Innovation mean window (s). */
        public double innovationWindowS = 60.0;
        public double innovationMeanLimit = 1.5;
        public int innovationMinCount = 50;
        /** Latch hold time (s). */
        public double holdS = 10.0;
        /** Gap between fixes (s) beyond which the velocity integral restarts. */
        public double maxGapS = 1.0;
        /** Baro samples older/newer than this (s) around a GNSS sample time are not used. */
        public double baroMaxAgeS = 0.3;
        /** jamInd above this (0..255) means jamming. */
        public int jammingThreshold = 80;
        /** Baro history length (samples) for interpolation at GNSS sample times. */
        public int baroHistory = 64;
    }

    private final long bucketNs;
    private final int hBuckets;
    private final int hMinBuckets;
    private final int vBuckets;
    private final int vMinBuckets;
    private final int iBuckets;
    private final long maxGapNs;
    private final long baroMaxAgeNs;

    private double horizontalFloorM;
    private double horizontalEphFactor;
    private double verticalFloorM;
    private double verticalEpvFactor;
    private double innovationMeanLimit;
    private int innovationMinCount;
    private long holdNs;
    private int jammingThreshold;

    // GNSS bucket ring: slot = index mod capacity; a slot belongs to bucket gIndex[slot].
    private final int gCap;
    private final long[] gIndex;
    private final int[] gSeg;
    private final int[] gCount;
    private final double[] gSumEN;
    private final double[] gSumEE;
    private final double[] gSumEph;
    private final int[] gCountD;
    private final double[] gSumD;
    private final double[] gSumEpv;
    private long gCurrent = Long.MIN_VALUE;

    // Innovation bucket ring.
    private final int iCap;
    private final long[] iIndex;
    private final double[][] iSum;
    private final int[][] iCount;
    private long iCurrent = Long.MIN_VALUE;
    private final double[] innovationMean = new double[3];

    // Baro history ring.
    private final long[] baroT;
    private final double[] baroH;
    private int baroHead;
    private int baroCount;

    // Velocity integral.
    private boolean haveFix;
    private boolean haveLastValid;
    private long lastValidNs;
    private long prevFixNs;
    private double prevVelN;
    private double prevVelE;
    private double intN;
    private double intE;
    private int segment;

    // Outputs.
    private int activeMask;
    private final long[] lastActiveNs = new long[REASON_COUNT];
    private int latchedMask;
    private long latestNs = Long.MIN_VALUE;
    private boolean wasSuspect;
    private double horizontalMismatchM;
    private double horizontalLimitM;
    private double verticalMismatchM;
    private double verticalLimitM;

    // Counters.
    private final long[] tripCounts = new long[REASON_COUNT];
    private long suspectEvents;
    private long gnssSamples;
    private long invalidGnssSamples;
    private long baroSamples;
    private long invalidBaroSamples;
    private long innovationSamples;
    private long gapResets;

    public GnssConsistencyMonitor() {
        this(new Config());
    }

    public GnssConsistencyMonitor(Config c) {
        double bucketS = c.bucketS > 0.0 ? c.bucketS : 0.5;
        bucketNs = Math.round(bucketS * 1e9);
        hBuckets = Math.max(1, (int) Math.round(c.horizontalWindowS / bucketS));
        hMinBuckets = Math.max(1, Math.min(hBuckets, (int) Math.round(c.horizontalMinSpanS / bucketS)));
        vBuckets = Math.max(1, (int) Math.round(c.verticalWindowS / bucketS));
        vMinBuckets = Math.max(1, Math.min(vBuckets, (int) Math.round(c.verticalMinSpanS / bucketS)));
        iBuckets = Math.max(1, (int) Math.round(c.innovationWindowS / bucketS));
        maxGapNs = Math.round(c.maxGapS * 1e9);
        baroMaxAgeNs = Math.round(c.baroMaxAgeS * 1e9);
        horizontalFloorM = c.horizontalFloorM;
        horizontalEphFactor = c.horizontalEphFactor;
        verticalFloorM = c.verticalFloorM;
        verticalEpvFactor = c.verticalEpvFactor;
        innovationMeanLimit = c.innovationMeanLimit;
        innovationMinCount = c.innovationMinCount;
        setHoldS(c.holdS);
        jammingThreshold = c.jammingThreshold;

        gCap = Math.max(hBuckets, vBuckets) + 2;
        gIndex = new long[gCap];
        gSeg = new int[gCap];
        gCount = new int[gCap];
        gSumEN = new double[gCap];
        gSumEE = new double[gCap];
        gSumEph = new double[gCap];
        gCountD = new int[gCap];
        gSumD = new double[gCap];
        gSumEpv = new double[gCap];
        java.util.Arrays.fill(gIndex, Long.MIN_VALUE);
        iCap = iBuckets + 2;
        iIndex = new long[iCap];
        java.util.Arrays.fill(iIndex, Long.MIN_VALUE);
        iSum = new double[3][iCap];
        iCount = new int[3][iCap];
        int nb = Math.max(4, c.baroHistory);
        baroT = new long[nb];
        baroH = new double[nb];
        java.util.Arrays.fill(lastActiveNs, Long.MIN_VALUE);
    }

    // ------------------------------------------------------------------ inputs

    /**
     * One GNSS solution: the caller converts lat/lon/alt to local NED (e.g. with
     * {@code GeoRef.toNed}) with the same reference for every sample. Samples must arrive in
     * sample-time order. Non-finite position/velocity counts as invalid and restarts the
     * horizontal path; the receiver flags are evaluated regardless.
     */
    public void updateGnss(long sampleNs, double posNorthM, double posEastM, double posDownM,
            double velNorthMps, double velEastMps, double velDownMps, double ephM, double epvM,
            int jammingIndicator, int spoofingState) {
        updateGnss(sampleNs, posNorthM, posEastM, posDownM, velNorthMps, velEastMps, velDownMps, ephM, epvM,
                jammingIndicator, GnssSample.JAMMING_UNKNOWN, spoofingState);
    }

    /**
     * As above, with the receiver's jamming state ({@link GnssSample#JAMMING_UNKNOWN} ..
     * {@link GnssSample#JAMMING_CRITICAL}).
     */
    public void updateGnss(long sampleNs, double posNorthM, double posEastM, double posDownM,
            double velNorthMps, double velEastMps, double velDownMps, double ephM, double epvM,
            int jammingIndicator, int jammingState, int spoofingState) {
        gnssSamples++;
        advance(sampleNs);
        setReceiverFlags(jammingIndicator, jammingState, spoofingState, sampleNs);

        boolean valid = Double.isFinite(posNorthM) && Double.isFinite(posEastM) && Double.isFinite(posDownM)
                && Double.isFinite(velNorthMps) && Double.isFinite(velEastMps);
        if (!valid) {
            invalidGnssSamples++;
            haveFix = false;
            updateLatch();
            return;
        }
        if (haveLastValid && sampleNs <= lastValidNs) {
            // Out of order or repeated: ignore the sample entirely.
            invalidGnssSamples++;
            updateLatch();
            return;
        }
        if (haveFix && sampleNs - prevFixNs > maxGapNs) {
            haveFix = false;
            gapResets++;
        }
        if (!haveFix) {
            // Restart the velocity integral: a new segment, not comparable with the old one.
            segment++;
            intN = 0.0;
            intE = 0.0;
            haveFix = true;
        } else {
            double dtS = (sampleNs - prevFixNs) * 1e-9;
            intN += 0.5 * (prevVelN + velNorthMps) * dtS;
            intE += 0.5 * (prevVelE + velEastMps) * dtS;
        }
        prevFixNs = sampleNs;
        lastValidNs = sampleNs;
        haveLastValid = true;
        prevVelN = velNorthMps;
        prevVelE = velEastMps;

        long index = Math.floorDiv(sampleNs, bucketNs);
        if (index != gCurrent) {
            if (gCurrent != Long.MIN_VALUE && index > gCurrent) {
                evaluateGnss(gCurrent);
            }
            gCurrent = index;
        }
        int slot = (int) Math.floorMod(index, (long) gCap);
        if (gIndex[slot] != index) {
            gIndex[slot] = index;
            gSeg[slot] = segment;
            gCount[slot] = 0;
            gSumEN[slot] = 0.0;
            gSumEE[slot] = 0.0;
            gSumEph[slot] = 0.0;
            gCountD[slot] = 0;
            gSumD[slot] = 0.0;
            gSumEpv[slot] = 0.0;
        }
        if (gSeg[slot] == segment) {
            double eph = Double.isFinite(ephM) && ephM > 0.0 ? ephM : 0.0;
            gCount[slot]++;
            gSumEN[slot] += posNorthM - intN;
            gSumEE[slot] += posEastM - intE;
            gSumEph[slot] += eph;
        }
        double baroHeight = baroAt(sampleNs);
        if (Double.isFinite(baroHeight)) {
            double epv = Double.isFinite(epvM) && epvM > 0.0 ? epvM : 0.0;
            gCountD[slot]++;
            gSumD[slot] += -posDownM - baroHeight;
            gSumEpv[slot] += epv;
        }
        updateLatch();
    }

    /** Convenience: flags, velocity and accuracies from {@code s}, position from {@code posNedM}. */
    public void updateGnss(GnssSample s, Vec3 posNedM) {
        if (s.fixType < GnssSample.FIX_3D) {
            updateGnss(s.timestampSampleNs, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, s.ephM, s.epvM, s.jammingIndicator, s.jammingState, s.spoofingState);
            return;
        }
        updateGnss(s.timestampSampleNs, posNedM.x, posNedM.y, posNedM.z, s.velNMps, s.velEMps, s.velDMps,
                s.ephM, s.epvM, s.jammingIndicator, s.jammingState, s.spoofingState);
    }

    /**
     * The receiver's own jamming and spoofing report alone, for any report (fix or not, before
     * the local origin exists): the position paths are untouched. {@code sampleNs} is the
     * report's time.
     */
    public void updateReceiverFlags(long sampleNs, int jammingIndicator, int jammingState, int spoofingState) {
        advance(sampleNs);
        setReceiverFlags(jammingIndicator, jammingState, spoofingState, sampleNs);
        updateLatch();
    }

    private void setReceiverFlags(int jammingIndicator, int jammingState, int spoofingState, long sampleNs) {
        setActive(RECEIVER_JAMMING, jammingIndicator > jammingThreshold
                || jammingState >= GnssSample.JAMMING_WARNING, sampleNs);
        setActive(RECEIVER_SPOOFING, spoofingState >= GnssSample.SPOOFING_INDICATED, sampleNs);
    }

    /**
     * One baro height (m, positive up, any datum: only changes matter) at its sample time.
     * Feed baro before the GNSS samples it should be compared with (baro latency is lower, so
     * feeding each sensor as it arrives does this).
     */
    public void updateBaro(long sampleNs, double baroHeightM) {
        baroSamples++;
        advance(sampleNs);
        if (!Double.isFinite(baroHeightM)) {
            invalidBaroSamples++;
            return;
        }
        if (baroCount > 0 && sampleNs <= baroT[(baroHead + baroCount - 1) % baroT.length]) {
            invalidBaroSamples++;
            return;
        }
        int slot;
        if (baroCount < baroT.length) {
            slot = (baroHead + baroCount) % baroT.length;
            baroCount++;
        } else {
            slot = baroHead;
            baroHead = (baroHead + 1) % baroT.length;
        }
        baroT[slot] = sampleNs;
        baroH[slot] = baroHeightM;
        updateLatch();
    }

    /**
     * Signed normalised innovations (innovation / √S) of up to three channels that should be
     * zero-mean while GNSS is honest (e.g. EKF GNSS position north, east, and baro height);
     * NaN = channel not measured this time.
     */
    public void updateInnovations(long sampleNs, double normInnov0, double normInnov1, double normInnov2) {
        innovationSamples++;
        advance(sampleNs);
        long index = Math.floorDiv(sampleNs, bucketNs);
        if (index != iCurrent) {
            if (iCurrent != Long.MIN_VALUE && index > iCurrent) {
                evaluateInnovations(iCurrent, sampleNs);
            }
            iCurrent = index;
        }
        int slot = (int) Math.floorMod(index, (long) iCap);
        if (iIndex[slot] != index) {
            iIndex[slot] = index;
            for (int c = 0; c < 3; c++) {
                iSum[c][slot] = 0.0;
                iCount[c][slot] = 0;
            }
        }
        add(0, slot, normInnov0);
        add(1, slot, normInnov1);
        add(2, slot, normInnov2);
        updateLatch();
    }

    private void add(int c, int slot, double v) {
        if (Double.isFinite(v)) {
            iSum[c][slot] += v;
            iCount[c][slot]++;
        }
    }

    /** Advances time without data, so latches expire when inputs stop. */
    public void tick(long nowNs) {
        advance(nowNs);
        updateLatch();
    }

    /** Forgets all history, latches and flags (counters are kept). */
    public void reset() {
        java.util.Arrays.fill(gIndex, Long.MIN_VALUE);
        java.util.Arrays.fill(iIndex, Long.MIN_VALUE);
        java.util.Arrays.fill(lastActiveNs, Long.MIN_VALUE);
        gCurrent = Long.MIN_VALUE;
        iCurrent = Long.MIN_VALUE;
        baroCount = 0;
        baroHead = 0;
        haveFix = false;
        haveLastValid = false;
        activeMask = 0;
        latchedMask = 0;
        wasSuspect = false;
        horizontalMismatchM = 0.0;
        verticalMismatchM = 0.0;
        innovationMean[0] = 0.0;
        innovationMean[1] = 0.0;
        innovationMean[2] = 0.0;
    }

    // ------------------------------------------------------------------ evaluation

    private void advance(long tNs) {
        if (tNs > latestNs) {
            latestNs = tNs;
        }
    }

    private double baroAt(long tNs) {
        if (baroCount == 0) {
            return Double.NaN;
        }
        int n = baroT.length;
        // Walk back from the newest to the first sample at or before tNs.
        for (int k = baroCount - 1; k >= 0; k--) {
            int slot = (baroHead + k) % n;
            long t = baroT[slot];
            if (t <= tNs) {
                if (k == baroCount - 1) {
                    return tNs - t <= baroMaxAgeNs ? baroH[slot] : Double.NaN;
                }
                int next = (slot + 1) % n;
                long t1 = baroT[next];
                if (tNs - t > baroMaxAgeNs && t1 - tNs > baroMaxAgeNs) {
                    return Double.NaN;
                }
                double f = (double) (tNs - t) / (double) (t1 - t);
                return baroH[slot] + f * (baroH[next] - baroH[slot]);
            }
        }
        // Older than all history: use the oldest if close enough.
        int oldest = baroHead;
        return baroT[oldest] - tNs <= baroMaxAgeNs ? baroH[oldest] : Double.NaN;
    }

    private void evaluateGnss(long newest) {
        int sNew = slotOf(newest);
        long t = (newest + 1) * bucketNs;
        boolean hActive = false;
        boolean vActive = false;
        if (sNew >= 0) {
            // Horizontal: oldest bucket of the same segment within the window.
            if (gCount[sNew] > 0) {
                int sOld = -1;
                for (int k = hBuckets; k >= hMinBuckets; k--) {
                    int s = slotOf(newest - k);
                    if (s >= 0 && gCount[s] > 0 && gSeg[s] == gSeg[sNew]) {
                        sOld = s;
                        break;
                    }
                }
                if (sOld >= 0) {
                    double dn = gSumEN[sNew] / gCount[sNew] - gSumEN[sOld] / gCount[sOld];
                    double de = gSumEE[sNew] / gCount[sNew] - gSumEE[sOld] / gCount[sOld];
                    double ephNew = gSumEph[sNew] / gCount[sNew];
                    double ephOld = gSumEph[sOld] / gCount[sOld];
                    horizontalMismatchM = Math.sqrt(dn * dn + de * de);
                    horizontalLimitM = Math.max(horizontalFloorM,
                            horizontalEphFactor * Math.sqrt(ephNew * ephNew + ephOld * ephOld));
                    hActive = horizontalMismatchM > horizontalLimitM;
                }
            }
            // Vertical: oldest bucket with a baro comparison within the window.
            if (gCountD[sNew] > 0) {
                int sOld = -1;
                for (int k = vBuckets; k >= vMinBuckets; k--) {
                    int s = slotOf(newest - k);
                    if (s >= 0 && gCountD[s] > 0) {
                        sOld = s;
                        break;
                    }
                }
                if (sOld >= 0) {
                    double dd = gSumD[sNew] / gCountD[sNew] - gSumD[sOld] / gCountD[sOld];
                    double epvNew = gSumEpv[sNew] / gCountD[sNew];
                    double epvOld = gSumEpv[sOld] / gCountD[sOld];
                    verticalMismatchM = Math.abs(dd);
                    verticalLimitM = Math.max(verticalFloorM,
                            verticalEpvFactor * Math.sqrt(epvNew * epvNew + epvOld * epvOld));
                    vActive = verticalMismatchM > verticalLimitM;
                }
            }
        }
        setActive(POS_VEL_MISMATCH, hActive, t);
        setActive(BARO_MISMATCH, vActive, t);
    }

    private int slotOf(long index) {
        int s = (int) Math.floorMod(index, (long) gCap);
        return gIndex[s] == index ? s : -1;
    }

    private void evaluateInnovations(long newest, long tNs) {
        boolean active = false;
        for (int c = 0; c < 3; c++) {
            double sum = 0.0;
            int count = 0;
            int buckets = 0;
            for (int k = 0; k < iBuckets; k++) {
                long index = newest - k;
                int s = (int) Math.floorMod(index, (long) iCap);
                if (iIndex[s] == index && iCount[c][s] > 0) {
                    sum += iSum[c][s];
                    count += iCount[c][s];
                    buckets++;
                }
            }
            // A short window's mean is too noisy: require half the window covered.
            if (count >= innovationMinCount && 2 * buckets >= iBuckets) {
                innovationMean[c] = sum / count;
                active |= Math.abs(innovationMean[c]) > innovationMeanLimit;
            } else {
                innovationMean[c] = Double.NaN;
            }
        }
        setActive(INNOVATION_BIAS, active, tNs);
    }

    private void setActive(int bit, boolean on, long tNs) {
        int i = Integer.numberOfTrailingZeros(bit);
        if (on) {
            if ((activeMask & bit) == 0) {
                tripCounts[i]++;
            }
            activeMask |= bit;
            if (tNs > lastActiveNs[i]) {
                lastActiveNs[i] = tNs;
            }
        } else {
            activeMask &= ~bit;
        }
    }

    private void updateLatch() {
        int m = 0;
        for (int i = 0; i < REASON_COUNT; i++) {
            int bit = 1 << i;
            if ((activeMask & bit) != 0
                    || (lastActiveNs[i] != Long.MIN_VALUE && latestNs - lastActiveNs[i] < holdNs)) {
                m |= bit;
            }
        }
        latchedMask = m;
        boolean s = (m & SPOOF_REASONS) != 0;
        if (s && !wasSuspect) {
            suspectEvents++;
        }
        wasSuspect = s;
    }

    // ------------------------------------------------------------------ outputs

    /** GNSS is suspected of being spoofed or faulty (a spoofing-type reason is latched). */
    public boolean suspect() {
        return wasSuspect;
    }

    /** Latched reasons (bits {@link #POS_VEL_MISMATCH} … {@link #RECEIVER_JAMMING}). */
    public int reasonMask() {
        return latchedMask;
    }

    /** Reasons true at their latest evaluation, without the hold. */
    public int activeMask() {
        return activeMask;
    }

    /** The receiver reports jamming above the threshold (latched). */
    public boolean jamming() {
        return (latchedMask & RECEIVER_JAMMING) != 0;
    }

    /** The receiver reports spoofing (latched). */
    public boolean receiverSpoofing() {
        return (latchedMask & RECEIVER_SPOOFING) != 0;
    }

    /** Constant one-line reason for the lowest latched reason, or {@link #REASON_NONE}. */
    public String firstReason() {
        return reason(latchedMask);
    }

    /** Constant reason String for the lowest bit of {@code mask}. */
    public static String reason(int mask) {
        int m = mask & ((1 << REASON_COUNT) - 1);
        return m == 0 ? REASON_NONE : REASONS[Integer.numberOfTrailingZeros(m)];
    }

    /** Last horizontal residual change (m) and the limit it was compared with (m). */
    public double horizontalMismatchM() {
        return horizontalMismatchM;
    }

    public double horizontalLimitM() {
        return horizontalLimitM;
    }

    /** Last |change of GNSS height - baro height| (m) and its limit (m). */
    public double verticalMismatchM() {
        return verticalMismatchM;
    }

    public double verticalLimitM() {
        return verticalLimitM;
    }

    /** Last window mean of innovation channel {@code c} (0..2); NaN with too few values. */
    public double innovationMean(int c) {
        return innovationMean[c];
    }

    /** Times reason {@code bit} became active. */
    public long tripCount(int bit) {
        return bit == 0 ? 0 : tripCounts[Integer.numberOfTrailingZeros(bit) % REASON_COUNT];
    }

    /** Times {@link #suspect()} became true. */
    public long suspectEvents() {
        return suspectEvents;
    }

    public long gnssSamples() {
        return gnssSamples;
    }

    public long invalidGnssSamples() {
        return invalidGnssSamples;
    }

    public long baroSamples() {
        return baroSamples;
    }

    public long invalidBaroSamples() {
        return invalidBaroSamples;
    }

    public long innovationSamples() {
        return innovationSamples;
    }

    /** Times a gap between fixes restarted the horizontal path. */
    public long gapResets() {
        return gapResets;
    }

    // ------------------------------------------------------------------ limits (≤ 1 Hz)

    public void setHorizontalLimits(double floorM, double ephFactor) {
        horizontalFloorM = floorM;
        horizontalEphFactor = ephFactor;
    }

    public void setVerticalLimits(double floorM, double epvFactor) {
        verticalFloorM = floorM;
        verticalEpvFactor = epvFactor;
    }

    public void setInnovationLimits(double meanLimit, int minCount) {
        innovationMeanLimit = meanLimit;
        innovationMinCount = minCount;
    }

    public void setHoldS(double s) {
        holdNs = Double.isFinite(s) && s > 0.0 ? Math.round(s * 1e9) : 0L;
    }

    public void setJammingThreshold(int jamInd) {
        jammingThreshold = jamInd;
    }
}
