package org.hoverla.sim.sensors;

import java.util.SplittableRandom;
import org.hoverla.hal.BaroSample;
import org.hoverla.sim.physics.MulticopterSim;

/**
 * Simulated barometer: ISA standard-atmosphere static pressure at the vehicle's altitude
 * above mean sea level ({@code homeAltMslM - z}), plus white noise and a slowly drifting
 * offset (random walk) standing in for weather and temperature effects.
 *
 * <p>The ISA troposphere (ICAO Doc 7488 / ISO 2533, valid below 11 km):
 * {@code p = p0 (1 - L h / T0)^(g M / (R L))}, p0 = 101325 Pa, T0 = 288.15 K,
 * L = 0.0065 K/m, exponent g M / (R L) = 5.25588; temperature T0 - L h.
 *
 * <p>Single-threaded; the lockstep runner calls {@link #update} every physics step and the
 * simulator delivers at its own rate. Allocation-free, no throws.
 */
public final class BaroSim {
    /** ISA sea-level pressure (Pa). */
    public static final double P0_PA = 101325.0;
    /** ISA sea-level temperature (K). */
    public static final double T0_K = 288.15;
    /** ISA tropospheric lapse rate (K/m). */
    public static final double LAPSE_K_PER_M = 0.0065;
    /** g0 M / (R L) for dry air (dimensionless). */
    public static final double EXPONENT = 5.25588;

    /**
     * Barometer parameters. Defaults describe a TE MS5611-01BA03 at OSR 4096: resolution
     * 0.012 mbar RMS = 1.2 Pa (datasheet, "Operating pressure range / Resolution RMS"
     * table). Mutable; read once by the constructor.
     */
    public static final class Params {
        /** Delivery rate (Hz). Estimate: a 50 Hz driver loop is common for MS5611. */
        public double rateHz = 50.0;
        /** Home (ground at NED origin) altitude above mean sea level (m). */
        public double homeAltMslM = 0.0;
        /** White pressure noise per sample (Pa): 1.2 Pa RMS, datasheet at OSR 4096. */
        public double noiseSigmaPa = 1.2;
        /**
         * Offset random walk (Pa/sqrt(s)). Estimate: weather moves pressure ~1 hPa in
         * hours; 0.1 Pa/sqrt(s) gives ~2.4 Pa (~0.2 m) of drift in 10 minutes.
         */
        public double driftPaPerSqrtS = 0.1;
        /** Sensor self-heating above ambient (K). Estimate. */
        public double temperatureOffsetK = 5.0;
    }

    private final SplittableRandom rng;
    private final double homeAltMslM;
    private final double noiseSigmaPa;
    private final double driftStepPa;
    private final double tempOffsetK;
    private final long periodNs;
    private long nextDueNs = Long.MIN_VALUE;
    private double driftPa;
    private final double offsetErrorPa;

    public BaroSim(long seed, Params params) {
        this(seed, params, SensorErrors.none());
    }

    /** @param errors known errors: the pressure offset {@link SensorErrors#baroOffsetPa} */
    public BaroSim(long seed, Params params, SensorErrors errors) {
        offsetErrorPa = errors.baroOffsetPa;
        rng = new SplittableRandom(seed);
        homeAltMslM = params.homeAltMslM;
        noiseSigmaPa = params.noiseSigmaPa;
        double rate = params.rateHz > 0.0 ? params.rateHz : 50.0;
        periodNs = Math.round(1.0e9 / rate);
        driftStepPa = params.driftPaPerSqrtS * Math.sqrt(1.0 / rate);
        tempOffsetK = params.temperatureOffsetK;
    }

    /** ISA static pressure (Pa) at {@code altMslM} metres above mean sea level. */
    public static double pressureAtAltitudePa(double altMslM) {
        return P0_PA * Math.pow(1.0 - LAPSE_K_PER_M * altMslM / T0_K, EXPONENT);
    }

    /** Inverse of {@link #pressureAtAltitudePa}: ISA altitude (m MSL) of a pressure. */
    public static double altitudeAtPressureM(double pressurePa) {
        return T0_K / LAPSE_K_PER_M * (1.0 - Math.pow(pressurePa / P0_PA, 1.0 / EXPONENT));
    }

    /** ISA temperature (deg C) at {@code altMslM}. */
    public static double temperatureAtAltitudeC(double altMslM) {
        return T0_K - LAPSE_K_PER_M * altMslM - 273.15;
    }

    /** Current drift offset (Pa), for tests. */
    public double driftPa() {
        return driftPa;
    }

    /**
     * Writes a sample and returns true when one is due at {@code nowNs} (the first call is
     * always due); otherwise leaves {@code out} untouched and returns false. Deadlines
     * advance by whole periods, skipping missed ones rather than bursting.
     */
    public boolean update(MulticopterSim sim, long nowNs, BaroSample out) {
        if (nextDueNs != Long.MIN_VALUE && nowNs < nextDueNs) {
            return false;
        }
        if (nextDueNs == Long.MIN_VALUE || nowNs - nextDueNs >= periodNs) {
            nextDueNs = nowNs + periodNs;
        } else {
            nextDueNs += periodNs;
        }
        driftPa += driftStepPa * rng.nextGaussian();
        double alt = homeAltMslM - sim.positionNed().z;
        out.timestampSampleNs = nowNs;
        double truePa = pressureAtAltitudePa(alt);
        if (offsetErrorPa != 0.0) {
            truePa += offsetErrorPa;
        }
        out.pressurePa = truePa + driftPa + noiseSigmaPa * rng.nextGaussian();
        out.temperatureC = temperatureAtAltitudeC(alt) + tempOffsetK;
        return true;
    }
}
