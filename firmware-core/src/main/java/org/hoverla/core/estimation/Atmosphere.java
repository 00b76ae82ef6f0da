package org.hoverla.core.estimation;

/**
 * International Standard Atmosphere, troposphere (ISO 2533:1975 / ICAO Doc 7488): converts
 * static pressure to geopotential altitude. Only differences of altitude matter to the
 * estimator, so the standard sea-level reference is good enough.
 */
public final class Atmosphere {
    public static final double SEA_LEVEL_PRESSURE_PA = 101_325.0;
    public static final double SEA_LEVEL_TEMPERATURE_K = 288.15;
    public static final double LAPSE_RATE_K_PER_M = 0.0065;
    /** g0 * M / (R * L): the exponent of the barometric formula, dimensionless. */
    public static final double EXPONENT = 9.80665 * 0.0289644 / (8.3144598 * 0.0065);

    private Atmosphere() {
    }

    /** Altitude (m) above the standard sea level for a static pressure (Pa); NaN for non-positive input. */
    public static double pressureToAltitudeM(double pressurePa) {
        if (!(pressurePa > 0.0)) {
            return Double.NaN;
        }
        return SEA_LEVEL_TEMPERATURE_K / LAPSE_RATE_K_PER_M
                * (1.0 - Math.pow(pressurePa / SEA_LEVEL_PRESSURE_PA, 1.0 / EXPONENT));
    }
}
