package org.hoverla.sim.sensors;

import java.util.SplittableRandom;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.hal.GnssSample;
import org.hoverla.sim.physics.MulticopterSim;

/**
 * Simulated GNSS receiver, roughly a u-blox NEO-M8N under open sky.
 *
 * <p>A solution is computed from the true state every {@code 1 / rateHz} seconds, stamped
 * with that sample time, and delivered {@code latencyS} later through a small preallocated
 * ring buffer (a real receiver outputs a fix after computing and transmitting it).
 * Position error per axis = a first-order Gauss-Markov error (slow wander from
 * multipath, atmosphere and satellite geometry) + white noise; velocity error is white
 * (Doppler velocity has no slow wander worth modelling here). eph, epv and sAcc report the
 * configured 1-sigma totals, so an estimator's gating sees consistent numbers.
 *
 * <p>During an outage ({@link #setOutage}) the receiver keeps reporting at its rate, with
 * fixType 0, no satellites, NaN position and velocity and very large accuracies; the slow
 * error keeps evolving so the fix that follows an outage is not suspiciously perfect.
 *
 * <p>Faults for tests and scenarios, each independent of the random stream (every noise term
 * is drawn every time, fault or not, so a faulted run and a clean run with the same seed see
 * the same noise): {@link #setPositionOffset} (a glitch: a jump of the reported position),
 * {@link #setSpoofDrift} (a spoofer dragging the reported position, optionally with a
 * matching velocity) and {@link #setJamming} (the receiver's jamming indicator, with the
 * accuracy and satellite loss that come with it).
 *
 * <p>Single-threaded; the lockstep runner calls {@link #update} every physics step.
 * Allocation-free and throws nothing after construction.
 */
public final class GnssSim {

    /** GNSS parameters; mutable, read once by the constructor. */
    public static final class Params {
        /** Solution rate (Hz). 10 Hz default; 5 Hz is the other common receiver setting. */
        public double rateHz = 10.0;
        /**
         * Output latency (s). Estimate: computation plus serial transfer; PX4's EKF2 assumes
         * 110 ms by default (parameter EKF2_GPS_DELAY).
         */
        public double latencyS = 0.1;
        /**
         * Correlated horizontal error sigma per axis (m). Estimate from the NEO-M8N
         * datasheet's 2.0 m CEP (GPS + GLONASS): CEP ~ 1.18 sigma, so ~1.7 m per axis in
         * total, split into 1.6 m slow wander and {@link #horizontalWhiteSigmaM}.
         */
        public double horizontalGmSigmaM = 1.6;
        /** Correlation time of the slow error (s). Estimate: multipath/atmosphere, minutes. */
        public double gmCorrelationS = 100.0;
        /** Horizontal white noise per axis (m). Estimate: fix-to-fix jitter of ~0.4 m. */
        public double horizontalWhiteSigmaM = 0.4;
        /** Correlated vertical error sigma (m). Estimate: ~1.5x horizontal (VDOP > HDOP). */
        public double verticalGmSigmaM = 2.5;
        /** Vertical white noise (m). Estimate. */
        public double verticalWhiteSigmaM = 0.6;
        /** Horizontal velocity noise per axis (m/s): datasheet velocity accuracy 0.05 m/s. */
        public double horizontalVelSigmaMps = 0.05;
        /** Vertical velocity noise (m/s). Estimate: ~1.5x horizontal. */
        public double verticalVelSigmaMps = 0.08;
        /** Satellites used with a fix. Estimate: GPS + GLONASS open sky. */
        public int satellites = 14;
        /**
         * Dilution of precision with {@link #satellites} in view. Estimate: typical open-sky
         * GPS + GLONASS figures of a u-blox M8 (NAV-DOP hDOP ~0.8-1.0, vDOP ~1.2-1.5, VDOP above
         * HDOP because no satellite is below the horizon).
         */
        public double hdop = 0.9;
        public double vdop = 1.3;
    }

    /** Reported eph/epv (m) during an outage: "unknown", as receivers report huge hAcc. */
    public static final double OUTAGE_ACCURACY_M = 9999.0;
    /** Reported sAcc (m/s) during an outage. */
    public static final double OUTAGE_SPEED_ACCURACY_MPS = 99.0;

    private final SplittableRandom rng;
    private final GeoRef home;
    private final long periodNs;
    private final long latencyNs;
    private final double gmA;
    private final double gmBh;
    private final double gmBv;
    private final double whiteH;
    private final double whiteV;
    private final double velH;
    private final double velV;
    private final int satellites;
    private final double hdop;
    private final double vdop;
    private final double eph;
    private final double epv;
    private final double sAcc;

    private final GnssSample[] ring;
    private final long[] deliverNs;
    private int head;
    private int count;
    private long nextSampleNs = Long.MIN_VALUE;
    private boolean outage;
    private double errN;
    private double errE;
    private double errD;
    private final Vec3 geo = new Vec3();

    private double offsetN;
    private double offsetE;
    private double offsetD;
    private double spoofVelN;
    private double spoofVelE;
    private double spoofVelD;
    private boolean spoofDragVelocity;
    private boolean spoofStartPending;
    private long spoofStartNs;
    /** Drag accumulated by earlier {@link #setSpoofDrift} calls, NED (m). */
    private double spoofBaseN;
    private double spoofBaseE;
    private double spoofBaseD;
    private long lastProduceNs;
    private int jammingIndicator = -1;

    public GnssSim(long seed, Params params, GeoRef home) {
        rng = new SplittableRandom(seed);
        this.home = new GeoRef(home.refLatDeg(), home.refLonDeg(), home.refAltM());
        double rate = params.rateHz > 0.0 ? params.rateHz : 10.0;
        periodNs = Math.round(1.0e9 / rate);
        latencyNs = Math.round(Math.max(0.0, params.latencyS) * 1.0e9);
        double period = 1.0 / rate;
        gmA = params.gmCorrelationS > 0.0 ? Math.exp(-period / params.gmCorrelationS) : 0.0;
        double b = Math.sqrt(1.0 - gmA * gmA);
        gmBh = params.horizontalGmSigmaM * b;
        gmBv = params.verticalGmSigmaM * b;
        whiteH = params.horizontalWhiteSigmaM;
        whiteV = params.verticalWhiteSigmaM;
        velH = params.horizontalVelSigmaMps;
        velV = params.verticalVelSigmaMps;
        satellites = params.satellites;
        hdop = params.hdop;
        vdop = params.vdop;
        eph = Math.sqrt(params.horizontalGmSigmaM * params.horizontalGmSigmaM + whiteH * whiteH);
        epv = Math.sqrt(params.verticalGmSigmaM * params.verticalGmSigmaM + whiteV * whiteV);
        sAcc = velH;
        int capacity = (int) (latencyNs / periodNs) + 3;
        ring = new GnssSample[capacity];
        deliverNs = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            ring[i] = new GnssSample();
        }
        // Start the slow error from its stationary distribution.
        errN = params.horizontalGmSigmaM * rng.nextGaussian();
        errE = params.horizontalGmSigmaM * rng.nextGaussian();
        errD = params.verticalGmSigmaM * rng.nextGaussian();
    }

    /** Simulates loss of all satellites (true) or their return (false). */
    public void setOutage(boolean lost) {
        outage = lost;
    }

    public boolean outage() {
        return outage;
    }

    /**
     * The slowly varying (Gauss-Markov) part of the position error, NED (m), excluding white
     * noise and injected faults: what a vehicle navigating on this receiver follows.
     */
    public Vec3 slowErrorNed(Vec3 out) {
        return out.set(errN, errE, errD);
    }

    /**
     * Adds a constant offset (NED, m) to every reported position from the next solution on:
     * a glitch, e.g. a multipath jump. Velocity is not affected. Zeros remove it.
     */
    public void setPositionOffset(double northM, double eastM, double downM) {
        offsetN = northM;
        offsetE = eastM;
        offsetD = downM;
    }

    /**
     * Starts dragging the reported position at this velocity (NED, m/s) from the next
     * solution on, as a spoofer walking the solution away does. With {@code dragVelocity}
     * the reported velocity includes the drag too (a coherent spoof); without it only the
     * position moves (a naive one). A new call keeps the drag accumulated so far and
     * continues at the new rate; zeros freeze it. {@link #clearSpoof} removes it.
     */
    public void setSpoofDrift(double velNorthMps, double velEastMps, double velDownMps, boolean dragVelocity) {
        if (!spoofStartPending) {
            // Fold the drag so far into the base so the position stays continuous.
            double dt = spoofElapsedS(lastProduceNs);
            spoofBaseN += spoofVelN * dt;
            spoofBaseE += spoofVelE * dt;
            spoofBaseD += spoofVelD * dt;
        }
        spoofVelN = velNorthMps;
        spoofVelE = velEastMps;
        spoofVelD = velDownMps;
        spoofDragVelocity = dragVelocity;
        spoofStartPending = true;
    }

    /** Ends a spoof: the reported position returns to the receiver's honest solution. */
    public void clearSpoof() {
        spoofVelN = 0;
        spoofVelE = 0;
        spoofVelD = 0;
        spoofBaseN = 0;
        spoofBaseE = 0;
        spoofBaseD = 0;
        spoofDragVelocity = false;
        spoofStartPending = false;
        spoofStartNs = 0;
    }

    /** Current spoof drag of the reported position, NED (m), at the last solution; for tests. */
    public Vec3 spoofOffsetNed(Vec3 out) {
        double dt = spoofElapsedS(lastProduceNs);
        return out.set(spoofBaseN + spoofVelN * dt, spoofBaseE + spoofVelE * dt, spoofBaseD + spoofVelD * dt);
    }

    private double spoofElapsedS(long nowNs) {
        return spoofStartPending ? 0.0 : Math.max(0L, nowNs - spoofStartNs) * 1e-9;
    }

    /**
     * Sets the reported jamming indicator (u-blox MON-HW jamInd, 0..255; -1 unknown, the
     * default). Above {@value #JAMMING_ONSET} the receiver degrades in proportion
     * f = (jamInd - onset) / (255 - onset): satellites used drop to (1 - 0.6 f) of nominal
     * (weak satellites are lost first), eph/epv grow by (1 + 4 f), sAcc by (1 + 9 f), and the
     * actual white position and velocity noise grow by the same factors, so the reported
     * accuracies stay honest (eph/epv conservative: the slow error is not scaled), and DOP grows as
     * sqrt(nominal / used satellites). Estimates,
     * shaped on u-blox jamming reports (C/N0 loss, fewer tracked satellites);
     * {@link #setOutage} models total loss.
     */
    public void setJamming(int jamInd) {
        jammingIndicator = Math.max(-1, Math.min(255, jamInd));
    }

    /**
     * Sets the receiver's own interference report, as u-blox MON-RF / SEC-SIG give it: jamming
     * state ({@link GnssSample#JAMMING_UNKNOWN} .. {@link GnssSample#JAMMING_CRITICAL}) and
     * spoofing state ({@link GnssSample#SPOOFING_UNKNOWN} .. {@link GnssSample#SPOOFING_MULTIPLE}).
     * Flags only: the solution is unchanged (a spoofer that also moves it is {@link #setSpoofDrift}).
     */
    public void setReceiverInterference(int jammingState, int spoofingState) {
        reportedJammingState = jammingState;
        reportedSpoofingState = spoofingState;
    }

    private int reportedJammingState;
    private int reportedSpoofingState;

    /** Indicator above which {@link #setJamming} degrades the solution. */
    public static final int JAMMING_ONSET = 80;

    /** Reported 1-sigma horizontal accuracy with a fix (m). */
    public double ephM() {
        return eph;
    }

    /** Reported 1-sigma vertical accuracy with a fix (m). */
    public double epvM() {
        return epv;
    }

    /** Current slow (Gauss-Markov) position error, NED (m), written into out; for tests. */
    public Vec3 correlatedErrorNed(Vec3 out) {
        return out.set(errN, errE, errD);
    }

    /**
     * Computes a solution when one is due and delivers, into {@code out}, the oldest solution
     * whose latency has elapsed. Returns true when {@code out} was written.
     */
    public boolean update(MulticopterSim sim, long nowNs, GnssSample out) {
        if (nextSampleNs == Long.MIN_VALUE || nowNs >= nextSampleNs) {
            if (nextSampleNs == Long.MIN_VALUE || nowNs - nextSampleNs >= periodNs) {
                nextSampleNs = nowNs + periodNs;
            } else {
                nextSampleNs += periodNs;
            }
            produce(sim, nowNs);
        }
        if (count > 0 && deliverNs[head] <= nowNs) {
            out.copyFrom(ring[head]);
            head = (head + 1) % ring.length;
            count--;
            return true;
        }
        return false;
    }

    private void produce(MulticopterSim sim, long nowNs) {
        if (count == ring.length) {
            // Consumer fell far behind: drop the oldest rather than allocate.
            head = (head + 1) % ring.length;
            count--;
        }
        int slot = (head + count) % ring.length;
        GnssSample s = ring[slot];
        deliverNs[slot] = nowNs + latencyNs;
        count++;

        errN = gmA * errN + gmBh * rng.nextGaussian();
        errE = gmA * errE + gmBh * rng.nextGaussian();
        errD = gmA * errD + gmBv * rng.nextGaussian();
        // Draw every noise term every time so the random stream does not depend on outages.
        double wn = whiteH * rng.nextGaussian();
        double we = whiteH * rng.nextGaussian();
        double wd = whiteV * rng.nextGaussian();
        double vn = velH * rng.nextGaussian();
        double ve = velH * rng.nextGaussian();
        double vd = velV * rng.nextGaussian();

        if (spoofStartPending) {
            spoofStartPending = false;
            spoofStartNs = nowNs;
        }
        lastProduceNs = nowNs;
        double jam = jammingIndicator > JAMMING_ONSET
                ? (jammingIndicator - JAMMING_ONSET) / (255.0 - JAMMING_ONSET) : 0.0;
        double posScale = 1.0 + 4.0 * jam;
        double velScale = 1.0 + 9.0 * jam;

        s.timestampSampleNs = nowNs;
        s.jammingIndicator = jammingIndicator;
        s.jammingState = reportedJammingState;
        s.spoofingState = reportedSpoofingState;
        if (outage) {
            s.fixType = GnssSample.FIX_NONE;
            s.satellitesUsed = 0;
            s.latDeg = Double.NaN;
            s.lonDeg = Double.NaN;
            s.altMslM = Double.NaN;
            s.velNMps = Double.NaN;
            s.velEMps = Double.NaN;
            s.velDMps = Double.NaN;
            s.ephM = OUTAGE_ACCURACY_M;
            s.epvM = OUTAGE_ACCURACY_M;
            s.sAccMps = OUTAGE_SPEED_ACCURACY_MPS;
            s.hdop = Double.NaN;
            s.vdop = Double.NaN;
            s.velocityValid = false;
            return;
        }
        Vec3 p = sim.positionNed();
        Vec3 v = sim.velocityNed();
        double dragS = spoofElapsedS(nowNs);
        double dragN = spoofBaseN + spoofVelN * dragS;
        double dragE = spoofBaseE + spoofVelE * dragS;
        double dragD = spoofBaseD + spoofVelD * dragS;
        home.toGeodetic(p.x + errN + posScale * wn + offsetN + dragN,
                p.y + errE + posScale * we + offsetE + dragE,
                p.z + errD + posScale * wd + offsetD + dragD, geo);
        s.fixType = GnssSample.FIX_3D;
        s.satellitesUsed = (int) Math.round(satellites * (1.0 - 0.6 * jam));
        // DOP grows roughly as 1/sqrt(satellites used) when satellites are lost.
        double dopScale = s.satellitesUsed > 0 ? Math.sqrt((double) satellites / s.satellitesUsed) : 1.0;
        s.hdop = hdop * dopScale;
        s.vdop = vdop * dopScale;
        s.latDeg = geo.x;
        s.lonDeg = geo.y;
        s.altMslM = geo.z;
        boolean dragVel = spoofDragVelocity && !spoofStartPending;
        s.velNMps = v.x + velScale * vn + (dragVel ? spoofVelN : 0.0);
        s.velEMps = v.y + velScale * ve + (dragVel ? spoofVelE : 0.0);
        s.velDMps = v.z + velScale * vd + (dragVel ? spoofVelD : 0.0);
        s.ephM = eph * posScale;
        s.epvM = epv * posScale;
        s.sAccMps = sAcc * velScale;
        s.velocityValid = true;
    }
}
