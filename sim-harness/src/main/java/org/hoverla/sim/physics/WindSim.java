package org.hoverla.sim.physics;

import java.util.SplittableRandom;
import org.hoverla.core.math.Vec3;

/**
 * Wind at the vehicle: a steady mean wind plus gusts.
 *
 * <p>The mean wind is given the meteorological way: speed (m/s) and the direction it blows
 * <em>from</em> (degrees clockwise from true north), so a 5 m/s wind "from 270" moves air
 * towards the east: NED (0, +5, 0). Gusts are three independent first-order Gauss-Markov
 * processes, a Dryden-like spectrum with one pole per axis. Following the low-altitude
 * Dryden model of MIL-F-8785C / MIL-HDBK-1797 near 10 m above ground, where the
 * horizontal turbulence intensity is about twice the vertical (sigma_u = sigma_w /
 * (0.177 + 0.000823 h)^0.4 ~ 1.96 sigma_w at h = 10 m), the vertical sigma is half the
 * horizontal one. Correlation times: 3 s horizontal, 1.5 s vertical (estimate: Dryden length
 * scale over airspeed shrinks to a few seconds near the ground at a few m/s; chosen so the
 * controller sees gusts it can reject, as the brief asks).
 *
 * <p>The process is discretised exactly: g' = a g + sigma sqrt(1 - a^2) n, a = exp(-dt/tau),
 * so its variance is sigma^2 at any step size. A mean speed of 0 means calm air: no gusts.
 *
 * <p>Single-threaded; {@link #update} allocates nothing and throws nothing.
 */
public final class WindSim {
    /** Horizontal gust correlation time (s); estimate, see class comment. */
    public static final double HORIZONTAL_CORRELATION_S = 3.0;
    /** Vertical gust correlation time (s); estimate, see class comment. */
    public static final double VERTICAL_CORRELATION_S = 1.5;
    /** Vertical gust sigma over horizontal sigma; low-altitude Dryden ratio near 10 m. */
    public static final double VERTICAL_SIGMA_RATIO = 0.5;

    private final SplittableRandom rng;
    private double meanN;
    private double meanE;
    private double sigmaH;
    private double sigmaV;
    private boolean calm;
    private double gustN;
    private double gustE;
    private double gustD;
    private double lastDt = Double.NaN;
    private double aH;
    private double bH;
    private double aV;
    private double bV;

    /**
     * @param seed              seed of the gust noise
     * @param meanSpeedMps      mean wind speed (m/s); 0 or less = calm, no gusts
     * @param fromDirectionDeg  direction the wind comes from, degrees clockwise from north
     * @param gustSigmaMps      horizontal gust standard deviation per axis (m/s)
     */
    public WindSim(long seed, double meanSpeedMps, double fromDirectionDeg, double gustSigmaMps) {
        rng = new SplittableRandom(seed);
        calm = !(meanSpeedMps > 0.0);
        double speed = calm ? 0.0 : meanSpeedMps;
        double dir = Math.toRadians(Double.isFinite(fromDirectionDeg) ? fromDirectionDeg : 0.0);
        // Air moves towards (from + 180 deg).
        meanN = -speed * Math.cos(dir);
        meanE = -speed * Math.sin(dir);
        double sh = gustSigmaMps > 0.0 && !calm ? gustSigmaMps : 0.0;
        sigmaH = sh;
        sigmaV = sh * VERTICAL_SIGMA_RATIO;
        // Start from the stationary distribution so statistics hold from the first sample.
        gustN = sigmaH * rng.nextGaussian();
        gustE = sigmaH * rng.nextGaussian();
        gustD = sigmaV * rng.nextGaussian();
    }

    /**
     * Changes the weather from now on (a scenario's wind event): the new mean, and gusts of
     * {@code gustSigmaMps}; the gusts continue from their current value, so the change is a step in
     * the mean only.
     */
    public void setWind(double meanSpeedMps, double fromDirectionDeg, double gustSigmaMps) {
        calm = !(meanSpeedMps > 0.0);
        double speed = calm ? 0.0 : meanSpeedMps;
        double dir = Math.toRadians(Double.isFinite(fromDirectionDeg) ? fromDirectionDeg : 0.0);
        meanN = -speed * Math.cos(dir);
        meanE = -speed * Math.sin(dir);
        sigmaH = gustSigmaMps > 0.0 && !calm ? gustSigmaMps : 0.0;
        sigmaV = sigmaH * VERTICAL_SIGMA_RATIO;
        lastDt = Double.NaN;
    }

    /** Advances the gusts by {@code dtS} and writes the wind velocity NED (m/s) into out. */
    public void update(double dtS, Vec3 windNedOut) {
        if (dtS > 0.0 && dtS < Double.POSITIVE_INFINITY && !calm) {
            if (dtS != lastDt) {
                lastDt = dtS;
                aH = Math.exp(-dtS / HORIZONTAL_CORRELATION_S);
                bH = sigmaH * Math.sqrt(1.0 - aH * aH);
                aV = Math.exp(-dtS / VERTICAL_CORRELATION_S);
                bV = sigmaV * Math.sqrt(1.0 - aV * aV);
            }
            gustN = aH * gustN + bH * rng.nextGaussian();
            gustE = aH * gustE + bH * rng.nextGaussian();
            gustD = aV * gustD + bV * rng.nextGaussian();
        }
        if (calm) {
            windNedOut.zero();
        } else {
            windNedOut.set(meanN + gustN, meanE + gustE, gustD);
        }
    }

    /** Mean wind north component (m/s). */
    public double meanNorthMps() {
        return meanN;
    }

    /** Mean wind east component (m/s). */
    public double meanEastMps() {
        return meanE;
    }

    /** Horizontal gust sigma per axis (m/s). */
    public double gustSigmaHorizontalMps() {
        return sigmaH;
    }

    /** Vertical gust sigma (m/s). */
    public double gustSigmaVerticalMps() {
        return sigmaV;
    }
}
