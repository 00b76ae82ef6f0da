package org.hoverla.core.calibration.fit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The Earth's main field at a place and date from the World Magnetic Model WMM2025 (NOAA NCEI
 * and the British Geological Survey; epoch 2025.0, valid 2025.0 to 2030.0), to check a
 * magnetometer calibration's fitted field strength against the field expected where it was made.
 *
 * <p>The coefficients are NOAA's {@code WMM.COF} of WMM2025 (header
 * {@code 2025.0 WMM-2025 11/13/2024}), embedded unchanged as the resource {@code WMM2025.COF}
 * next to this class; WMM is a work of the US government, public domain, free to use (NOAA's
 * WMM product page and geomagnetism FAQ). The evaluation follows the WMM2025 technical report:
 * WGS-84 geodetic position to geocentric spherical, Gauss coefficients moved to the date by
 * their secular variation, Schmidt semi-normalised associated Legendre functions to degree and
 * order 12, field components in the spherical frame rotated back to the geodetic vertical. It
 * reproduces NOAA's published WMM2025 test values to their printed 0.1 nT. The model describes
 * the core field only: crustal anomalies (typically up to a few hundred nT, locally more) and
 * magnetic storms are not in it, which is why {@link #isStrengthConsistent} is generous.
 *
 * <p>Thread-safe: the model is immutable after loading (on first use); each call allocates a
 * few small scratch arrays. Not for the flight thread.
 */
public final class ExpectedMagField {
    /** The coefficient resource, next to this class. */
    public static final String RESOURCE = "WMM2025.COF";
    /** Allowed |fitted − expected| as a fraction of the expected strength. */
    public static final double STRENGTH_TOLERANCE = 0.25;

    private static final int N_MAX = 12;
    private static final double WGS84_A_KM = 6378.137;
    private static final double WGS84_F = 1.0 / 298.257223563;
    private static final double WGS84_E2 = WGS84_F * (2.0 - WGS84_F);
    /** Geomagnetic reference radius, km. */
    private static final double REFERENCE_RADIUS_KM = 6371.2;
    private static final double NANOTESLA_PER_GAUSS = 1e5;
    /** Closest approach to a geographic pole, where the east component divides by cos(latitude). */
    private static final double MAX_LATITUDE_DEG = 90.0 - 1e-7;

    private ExpectedMagField() {
    }

    /**
     * Total field strength, gauss.
     *
     * @param latDeg      geodetic latitude, −90..90
     * @param lonDeg      longitude, east positive
     * @param altM        height above the WGS-84 ellipsoid, m
     * @param yearDecimal decimal year, e.g. 2026.5 (outside 2025..2030 the secular variation is
     *                    extrapolated and the accuracy degrades)
     * @throws IllegalArgumentException for non-finite input or a latitude outside ±90°
     */
    public static double strengthGauss(double latDeg, double lonDeg, double altM, double yearDecimal) {
        double[] ned = new double[3];
        fieldNedGauss(latDeg, lonDeg, altM, yearDecimal, ned);
        return Math.sqrt(ned[0] * ned[0] + ned[1] * ned[1] + ned[2] * ned[2]);
    }

    /**
     * The field vector in the local North-East-Down frame, gauss.
     *
     * @param outNed out: north, east, down
     */
    public static void fieldNedGauss(double latDeg, double lonDeg, double altM, double yearDecimal, double[] outNed) {
        if (!FitMath.finite(latDeg) || !FitMath.finite(lonDeg) || !FitMath.finite(altM) || !FitMath.finite(yearDecimal)) {
            throw new IllegalArgumentException("expected field: position and date must be finite");
        }
        if (Math.abs(latDeg) > 90.0) {
            throw new IllegalArgumentException("expected field: latitude " + latDeg + "° outside ±90°");
        }
        Model.INSTANCE.field(Math.max(-MAX_LATITUDE_DEG, Math.min(MAX_LATITUDE_DEG, latDeg)), lonDeg,
                altM / 1000.0, yearDecimal, outNed);
        for (int i = 0; i < 3; i++) {
            outNed[i] /= NANOTESLA_PER_GAUSS;
        }
    }

    /**
     * Whether a fitted field strength is plausible for the expected one: within
     * {@link #STRENGTH_TOLERANCE} (25 %). PX4's estimator rejects magnetometer data whose
     * strength is more than EKF2_MAG_CHK_STR = 0.2 gauss from the WMM value, i.e. 30 % to 80 %
     * of the Earth's 0.25 to 0.65 gauss; on the ground, at rest, after a calibration, 25 % is
     * tighter where the field is weak and still covers a chip's sensitivity tolerance (about
     * ±10 % typical), crustal anomalies and the steel of a workshop.
     */
    public static boolean isStrengthConsistent(double fittedGauss, double expectedGauss) {
        return FitMath.finite(fittedGauss) && expectedGauss > 0.0
                && Math.abs(fittedGauss - expectedGauss) <= STRENGTH_TOLERANCE * expectedGauss;
    }

    /** The epoch of the embedded model (2025.0). */
    public static double epoch() {
        return Model.INSTANCE.epoch;
    }

    /** The Gauss coefficients and their Schmidt recursion constants, loaded once. */
    private static final class Model {
        static final Model INSTANCE = load();

        final double epoch;
        /** g, h, ġ, ḣ indexed [n][m], nT and nT/year. */
        final double[][] g = new double[N_MAX + 1][N_MAX + 1];
        final double[][] h = new double[N_MAX + 1][N_MAX + 1];
        final double[][] gDot = new double[N_MAX + 1][N_MAX + 1];
        final double[][] hDot = new double[N_MAX + 1][N_MAX + 1];

        private Model(double epoch) {
            this.epoch = epoch;
        }

        private static Model load() {
            try (InputStream in = ExpectedMagField.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("expected field: resource " + RESOURCE + " missing from the build");
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
                String header = reader.readLine();
                if (header == null || !header.contains("WMM-2025")) {
                    throw new IllegalStateException("expected field: " + RESOURCE + " is not the WMM2025 coefficient file");
                }
                Model model = new Model(Double.parseDouble(header.trim().split("\\s+")[0]));
                int rows = 0;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    String t = line.trim();
                    if (t.isEmpty() || t.startsWith("9999")) {
                        break;
                    }
                    String[] f = t.split("\\s+");
                    int n = Integer.parseInt(f[0]);
                    int m = Integer.parseInt(f[1]);
                    if (n < 1 || n > N_MAX || m < 0 || m > n || f.length != 6) {
                        throw new IllegalStateException("expected field: bad coefficient row '" + t + "'");
                    }
                    model.g[n][m] = Double.parseDouble(f[2]);
                    model.h[n][m] = Double.parseDouble(f[3]);
                    model.gDot[n][m] = Double.parseDouble(f[4]);
                    model.hDot[n][m] = Double.parseDouble(f[5]);
                    rows++;
                }
                // Degree 12: n from 1 to 12, m from 0 to n.
                int expectedRows = (N_MAX + 1) * (N_MAX + 2) / 2 - 1;
                if (rows != expectedRows) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "expected field: %d coefficient rows in %s, %d expected", rows, RESOURCE, expectedRows));
                }
                return model;
            } catch (IOException e) {
                throw new UncheckedIOException("expected field: cannot read " + RESOURCE, e);
            }
        }

        /** Field north, east, down in nT at geodetic latitude/longitude (deg), height (km), date. */
        void field(double latDeg, double lonDeg, double heightKm, double year, double[] out) {
            double lat = Math.toRadians(latDeg);
            double lon = Math.toRadians(lonDeg);
            double sinLat = Math.sin(lat);
            double cosLat = Math.cos(lat);
            // Geodetic to geocentric spherical (WGS-84).
            double rc = WGS84_A_KM / Math.sqrt(1.0 - WGS84_E2 * sinLat * sinLat);
            double px = (rc + heightKm) * cosLat;
            double pz = (rc * (1.0 - WGS84_E2) + heightKm) * sinLat;
            double r = Math.sqrt(px * px + pz * pz);
            double sinPhi = pz / r;
            double cosPhi = px / r;
            double phi = Math.atan2(pz, px);

            double[][] p = new double[N_MAX + 1][N_MAX + 1];
            double[][] dp = new double[N_MAX + 1][N_MAX + 1];
            schmidtLegendre(sinPhi, cosPhi, p, dp);

            double dt = year - epoch;
            double ratio = REFERENCE_RADIUS_KM / r;
            double radial = ratio * ratio;
            double north = 0.0;
            double east = 0.0;
            double down = 0.0;
            for (int n = 1; n <= N_MAX; n++) {
                radial *= ratio; // (a/r)^(n+2)
                for (int m = 0; m <= n; m++) {
                    double gnm = g[n][m] + dt * gDot[n][m];
                    double hnm = h[n][m] + dt * hDot[n][m];
                    double cosMl = Math.cos(m * lon);
                    double sinMl = Math.sin(m * lon);
                    double term = gnm * cosMl + hnm * sinMl;
                    north -= radial * term * dp[n][m];
                    east += radial * m * (gnm * sinMl - hnm * cosMl) * p[n][m];
                    down -= radial * (n + 1) * term * p[n][m];
                }
            }
            east /= cosPhi;
            // Rotate from the geocentric to the geodetic vertical.
            double psi = phi - lat;
            out[0] = north * Math.cos(psi) - down * Math.sin(psi);
            out[1] = east;
            out[2] = north * Math.sin(psi) + down * Math.cos(psi);
        }

        /**
         * Schmidt semi-normalised P_n^m(sin φ') and dP_n^m/dφ' by the standard recursions:
         * sectoral P_n^n = √((2n−1)/(2n))·cos φ'·P_(n−1)^(n−1) (P_1^1 = cos φ'), then
         * P_n^m = ((2n−1)·sin φ'·P_(n−1)^m − √((n−1)²−m²)·P_(n−2)^m) / √(n²−m²),
         * each differentiated term by term.
         */
        private static void schmidtLegendre(double s, double c, double[][] p, double[][] dp) {
            p[0][0] = 1.0;
            dp[0][0] = 0.0;
            for (int n = 1; n <= N_MAX; n++) {
                double k = n == 1 ? 1.0 : Math.sqrt((2.0 * n - 1.0) / (2.0 * n));
                p[n][n] = k * c * p[n - 1][n - 1];
                dp[n][n] = k * (c * dp[n - 1][n - 1] - s * p[n - 1][n - 1]);
                for (int m = 0; m < n; m++) {
                    double a = (2.0 * n - 1.0) / Math.sqrt((double) n * n - (double) m * m);
                    double b = n >= 2 ? Math.sqrt(((double) (n - 1) * (n - 1) - (double) m * m) / ((double) n * n - (double) m * m)) : 0.0;
                    double p2 = n >= 2 && m <= n - 2 ? p[n - 2][m] : 0.0;
                    double dp2 = n >= 2 && m <= n - 2 ? dp[n - 2][m] : 0.0;
                    p[n][m] = a * s * p[n - 1][m] - b * p2;
                    dp[n][m] = a * (c * p[n - 1][m] + s * dp[n - 1][m]) - b * dp2;
                }
            }
        }
    }
}
