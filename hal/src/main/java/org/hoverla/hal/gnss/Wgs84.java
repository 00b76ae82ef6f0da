package org.hoverla.hal.gnss;

/**
 * WGS-84 Earth-centred Earth-fixed (ECEF) to geodetic conversion, for receivers that report their
 * solution in ECEF only (u-blox NAV-SOL).
 *
 * <p>Ellipsoid: a = 6378137 m, 1/f = 298.257223563 (NIMA TR8350.2, 3rd ed., table 3.1). Latitude
 * by fixed-point iteration on tan φ = z / (p (1 - e² N / (N + h))), starting from the spherical
 * guess corrected by (1 - e²); height from h = p cos φ + z sin φ - a² / N, which stays well
 * conditioned at the poles, where p / cos φ - N does not. Six iterations converge far below
 * the centimetre resolution of the ECEF input from the ground to orbital heights (checked
 * against the closed-form inverse in the tests).
 *
 * <p>Pure, allocation-free, thread-safe.
 */
public final class Wgs84 {
    /** Semi-major axis (m). */
    public static final double A = 6_378_137.0;
    /** Flattening. */
    public static final double F = 1.0 / 298.257223563;
    /** First eccentricity squared. */
    public static final double E2 = F * (2.0 - F);

    private static final int ITERATIONS = 6;

    private Wgs84() {
    }

    /**
     * Converts ECEF (m) to geodetic latitude (deg), longitude (deg, -180..180) and height above
     * the ellipsoid (m), written to {@code out[0..2]}. A point within 100 km of the Earth's centre
     * (no receiver is there; a zeroed solution is) gives NaN.
     */
    public static void ecefToGeodetic(double x, double y, double z, double[] out) {
        double p = Math.hypot(x, y);
        if (Math.hypot(p, z) < 100_000.0) {
            out[0] = Double.NaN;
            out[1] = Double.NaN;
            out[2] = Double.NaN;
            return;
        }
        double lat = Math.atan2(z, p * (1.0 - E2));
        double h = 0.0;
        for (int i = 0; i < ITERATIONS; i++) {
            double sin = Math.sin(lat);
            double n = A / Math.sqrt(1.0 - E2 * sin * sin);
            h = p * Math.cos(lat) + z * sin - A * A / n;
            lat = Math.atan2(z, p * (1.0 - E2 * n / (n + h)));
        }
        double sin = Math.sin(lat);
        double n = A / Math.sqrt(1.0 - E2 * sin * sin);
        h = p * Math.cos(lat) + z * sin - A * A / n;
        out[0] = Math.toDegrees(lat);
        out[1] = Math.toDegrees(Math.atan2(y, x));
        out[2] = h;
    }

    /** Geodetic (deg, deg, m above the ellipsoid) to ECEF (m), written to {@code out[0..2]}; the inverse, for tests. */
    public static void geodeticToEcef(double latDeg, double lonDeg, double heightM, double[] out) {
        double lat = Math.toRadians(latDeg);
        double lon = Math.toRadians(lonDeg);
        double sin = Math.sin(lat);
        double n = A / Math.sqrt(1.0 - E2 * sin * sin);
        out[0] = (n + heightM) * Math.cos(lat) * Math.cos(lon);
        out[1] = (n + heightM) * Math.cos(lat) * Math.sin(lon);
        out[2] = (n * (1.0 - E2) + heightM) * sin;
    }
}
