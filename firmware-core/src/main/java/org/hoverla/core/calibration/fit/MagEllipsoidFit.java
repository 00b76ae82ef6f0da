package org.hoverla.core.calibration.fit;

import java.util.Locale;

/**
 * Hard- and soft-iron magnetometer calibration by least-squares ellipsoid fit. Pure; no
 * threads, no I/O; the calibration thread calls it once per calibration.
 *
 * <p>Method: the samples are centred on their mean and scaled to unit RMS distance (so the
 * normal matrix is well conditioned), then the general quadric
 * {@code a·u² + b·v² + c·w² + 2d·uv + 2e·uw + 2f·vw + 2g·u + 2h·v + 2i·w + j = 0} (10
 * coefficients, up to scale) is fitted algebraically: the coefficient vector is the unit
 * eigenvector of {@code DᵀD} with the smallest eigenvalue, D holding one row
 * {@code [u², v², w², 2uv, 2uw, 2vw, 2u, 2v, 2w, 1]} per sample. With {@code A} the quadratic
 * part and {@code b} the linear part, the centre is {@code −A⁻¹·b} and the surface is
 * {@code (x − o)ᵀ·B·(x − o) = 1} with {@code B = A / (oᵀAo − j)}, positive definite for an
 * ellipsoid. The stored symmetric soft-iron matrix is {@code M = r·B^½} and the field strength
 * {@code r = det(B)^(−1/6)}, the geometric mean of the semi-axes, so {@code det M = 1}: the
 * correction reshapes the ellipsoid into a sphere of the same volume and leaves the magnitude to
 * the chip's sensitivity.
 *
 * <p>PX4 ({@code lm_fit.cpp}) starts from a sphere and refines offsets, diagonal and
 * off-diagonals by Levenberg-Marquardt on the geometric residual; the algebraic fit is closed
 * form (no iteration, no starting point) and, at magnetometer noise levels (about 1 % of the
 * field), its bias is of the order of the noise squared, well under the 2 % hard-iron budget.
 *
 * <p>Quality: {@code residualRms} (RMS of {@code |M·(x − o)| − r} over the samples, as a
 * fraction of r) says whether the data are an ellipsoid at all: a magnetometer near iron that
 * moves with the vehicle's position, or a field changing during the calibration, bends the
 * surface and leaves a large residual. {@code coverage} says whether the directions determine
 * it: 3 × the smallest eigenvalue of the covariance of the corrected unit directions, which is
 * 1 for directions spread evenly over the sphere (or over its six axes, as PX4's
 * rotate-on-every-side procedure produces) and 0 when all directions lie on one circle or
 * cluster on one side. (Counting hits in 26 direction bins was considered and dropped: the
 * six-side procedure at high magnetic inclination only ever visits the neighbourhood of the six
 * axes, so a bin count would fail correct calibrations depending on latitude.)
 */
public final class MagEllipsoidFit {
    /** Fewer samples than this cannot be judged (PX4 collects 240 per magnetometer). */
    public static final int MIN_SAMPLES = 50;
    /** Quality below this fails the calibration ({@code [cal] calibration failed: …}). */
    public static final double MIN_QUALITY = 0.5;
    /**
     * Residual (fraction of the field) at or below which the residual costs no quality: twice
     * what sensor noise alone leaves (the simulator's HMC5883-class 0.005 G per axis in a 0.5 G
     * field gives 1 %).
     */
    public static final double GOOD_RESIDUAL = 0.02;
    /**
     * Residual at or above which quality is 0. In simulation a disturbance that leaves 4 % of
     * residual has already moved the fitted hard iron by about 14 % of the field, so a fit this
     * bent is not trusted; with {@link #MIN_QUALITY} the pass mark is a 3.5 % residual.
     */
    public static final double BAD_RESIDUAL = 0.05;
    /**
     * Coverage at or above which coverage costs no quality: turns on all six sides give 0.98,
     * random attitudes 0.8 to 0.9.
     */
    public static final double GOOD_COVERAGE = 0.6;
    /** Coverage at or below which quality is 0: turns on two or three sides only give about 0.3. */
    public static final double BAD_COVERAGE = 0.2;
    /**
     * Smallest-to-largest eigenvalue ratio of the samples' covariance below which they lie in
     * a plane (std ratio 0.1): rotation about one axis only.
     */
    static final double PLANAR_RATIO = 0.01;
    /** λ2/λ10 of the normalised quadric system below which the second-best quadric is "small". */
    static final double UNIQUE_SMALL = 1e-3;
    /** λ1/λ2 above which the best quadric is not clearly better than the second. */
    static final double UNIQUE_CLOSE = 0.1;

    private MagEllipsoidFit() {
    }

    /**
     * @param x,y,z raw field (sensor axes, gauss), the first {@code n} entries used
     * @return hard iron, soft iron, field strength, residual, coverage and quality
     * @throws IllegalArgumentException when the samples cannot give a fit (too few, not finite,
     *                                  in a plane, not an ellipsoid: reason in the message)
     */
    public static MagFitResult fit(double[] x, double[] y, double[] z, int n) {
        validate(x, y, z, n);
        double[] mean = new double[3];
        for (int i = 0; i < n; i++) {
            mean[0] += x[i];
            mean[1] += y[i];
            mean[2] += z[i];
        }
        mean[0] /= n;
        mean[1] /= n;
        mean[2] /= n;
        double[][] cov = new double[3][3];
        for (int i = 0; i < n; i++) {
            double[] d = {x[i] - mean[0], y[i] - mean[1], z[i] - mean[2]};
            for (int p = 0; p < 3; p++) {
                for (int q = 0; q < 3; q++) {
                    cov[p][q] += d[p] * d[q] / n;
                }
            }
        }
        double[] covValues = new double[3];
        FitMath.symmetricEigen(cov, covValues, new double[3][3]);
        double spread = Math.sqrt(covValues[0] + covValues[1] + covValues[2]);
        if (!(spread > 1e-6)) {
            throw new IllegalArgumentException("mag fit: the field does not change (the vehicle was not rotated)");
        }
        if (covValues[0] < PLANAR_RATIO * covValues[2]) {
            throw new IllegalArgumentException(
                    "mag fit: the samples lie in a plane (rotated about one axis only: rotate on every side)");
        }

        double[] q = fitQuadric(x, y, z, n, mean, spread);
        double[][] a = {{q[0], q[3], q[4]}, {q[3], q[1], q[5]}, {q[4], q[5], q[2]}};
        double[] u0 = FitMath.solve(a, new double[] {-q[6], -q[7], -q[8]});
        if (u0 == null) {
            throw new IllegalArgumentException("mag fit: the samples do not form an ellipsoid (no centre)");
        }
        double k = 0.0;
        for (int p = 0; p < 3; p++) {
            for (int r = 0; r < 3; r++) {
                k += u0[p] * a[p][r] * u0[r];
            }
        }
        k -= q[9];
        // B in the original (gauss) coordinates: the scaled coordinates are (x − mean)/spread.
        double[][] b = new double[3][3];
        for (int p = 0; p < 3; p++) {
            for (int r = 0; r < 3; r++) {
                b[p][r] = a[p][r] / (k * spread * spread);
            }
        }
        double[] bValues = new double[3];
        double[][] bVectors = new double[3][3];
        FitMath.symmetricEigen(b, bValues, bVectors);
        if (!(bValues[0] > 0.0) || !FitMath.finite(bValues[2])) {
            throw new IllegalArgumentException(
                    "mag fit: the samples do not form an ellipsoid (fitted surface is open: strong disturbance?)");
        }
        double radius = Math.pow(bValues[0] * bValues[1] * bValues[2], -1.0 / 6.0);
        double[][] matrix = new double[3][3];
        for (int p = 0; p < 3; p++) {
            for (int r = 0; r < 3; r++) {
                double s = 0.0;
                for (int j = 0; j < 3; j++) {
                    s += bVectors[p][j] * Math.sqrt(bValues[j]) * bVectors[r][j];
                }
                matrix[p][r] = radius * s;
            }
        }
        double[] offset = {mean[0] + spread * u0[0], mean[1] + spread * u0[1], mean[2] + spread * u0[2]};

        double residualRms = residual(x, y, z, n, offset, matrix, radius);
        double coverage = coverage(x, y, z, n, offset, matrix);
        double quality = quality(residualRms, coverage);
        for (int p = 0; p < 3; p++) {
            if (!FitMath.finite(offset[p])) {
                throw new IllegalArgumentException("mag fit: the fit did not converge to finite values");
            }
        }
        return new MagFitResult(offset, matrix, radius, residualRms, coverage, quality);
    }

    /** The quality figure from the residual and coverage: the product of two linear ramps. */
    public static double quality(double residualRms, double coverage) {
        return residualScore(residualRms) * coverageScore(coverage);
    }

    /** Human-readable reason for the quality figure, for the {@code [cal]} line. */
    public static String describe(MagFitResult fit) {
        String cause = residualScore(fit.residualRms()) < coverageScore(fit.coverage())
                ? "the field is not an ellipsoid: magnetic disturbance nearby?"
                : "too few directions: rotate the vehicle on every side";
        return String.format(Locale.ROOT, "mag fit quality %.2f (residual %.1f %% of the field, coverage %.2f): %s",
                fit.quality(), 100.0 * fit.residualRms(), fit.coverage(), cause);
    }

    private static double residualScore(double residualRms) {
        return clamp01((BAD_RESIDUAL - residualRms) / (BAD_RESIDUAL - GOOD_RESIDUAL));
    }

    private static double coverageScore(double coverage) {
        return clamp01((coverage - BAD_COVERAGE) / (GOOD_COVERAGE - BAD_COVERAGE));
    }

    private static void validate(double[] x, double[] y, double[] z, int n) {
        if (x == null || y == null || z == null) {
            throw new IllegalArgumentException("mag fit: no samples");
        }
        if (n < MIN_SAMPLES) {
            throw new IllegalArgumentException("mag fit: " + n + " samples, at least " + MIN_SAMPLES + " needed");
        }
        if (x.length < n || y.length < n || z.length < n) {
            throw new IllegalArgumentException("mag fit: fewer than " + n + " entries in the sample arrays");
        }
        for (int i = 0; i < n; i++) {
            if (!FitMath.finite(x[i]) || !FitMath.finite(y[i]) || !FitMath.finite(z[i])) {
                throw new IllegalArgumentException("mag fit: sample " + i + " is not finite");
            }
        }
    }

    /** Unit coefficient vector (a, b, c, d, e, f, g, h, i, j) of the quadric in scaled coordinates. */
    private static double[] fitQuadric(double[] x, double[] y, double[] z, int n, double[] mean, double spread) {
        double[][] dtd = new double[10][10];
        double[] row = new double[10];
        for (int s = 0; s < n; s++) {
            double u = (x[s] - mean[0]) / spread;
            double v = (y[s] - mean[1]) / spread;
            double w = (z[s] - mean[2]) / spread;
            row[0] = u * u;
            row[1] = v * v;
            row[2] = w * w;
            row[3] = 2 * u * v;
            row[4] = 2 * u * w;
            row[5] = 2 * v * w;
            row[6] = 2 * u;
            row[7] = 2 * v;
            row[8] = 2 * w;
            row[9] = 1.0;
            for (int p = 0; p < 10; p++) {
                for (int r = p; r < 10; r++) {
                    dtd[p][r] += row[p] * row[r];
                }
            }
        }
        for (int p = 0; p < 10; p++) {
            for (int r = 0; r < p; r++) {
                dtd[p][r] = dtd[r][p];
            }
        }
        double[] values = new double[10];
        double[][] vectors = new double[10][10];
        FitMath.symmetricEigen(dtd, values, vectors);
        // A second eigenvalue both small and nearly as small as the first means a family of
        // quadrics fits the data about equally well: the directions visited do not pin the
        // ellipsoid down (the vehicle held still on each side instead of turned: six clusters
        // give λ2/λ10 ≈ 1e-4 and λ1/λ2 ≈ 0.8, a six-side turn 2e-2 and 1e-3). A disturbed field
        // raises λ1 but leaves λ2 large, and is left to the residual.
        if (values[1] <= UNIQUE_SMALL * values[9] && values[0] >= UNIQUE_CLOSE * values[1]) {
            throw new IllegalArgumentException(
                    "mag fit: the samples do not determine the ellipsoid (too few directions: rotate on every side)");
        }
        double[] q = new double[10];
        for (int p = 0; p < 10; p++) {
            q[p] = vectors[p][0];
        }
        return q;
    }

    private static double residual(double[] x, double[] y, double[] z, int n, double[] o, double[][] m, double r) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - o[0];
            double dy = y[i] - o[1];
            double dz = z[i] - o[2];
            double cx = m[0][0] * dx + m[0][1] * dy + m[0][2] * dz;
            double cy = m[1][0] * dx + m[1][1] * dy + m[1][2] * dz;
            double cz = m[2][0] * dx + m[2][1] * dy + m[2][2] * dz;
            double e = Math.sqrt(cx * cx + cy * cy + cz * cz) - r;
            sum += e * e;
        }
        return Math.sqrt(sum / n) / r;
    }

    private static double coverage(double[] x, double[] y, double[] z, int n, double[] o, double[][] m) {
        double[] mean = new double[3];
        double[][] second = new double[3][3];
        double[] d = new double[3];
        for (int i = 0; i < n; i++) {
            double dx = x[i] - o[0];
            double dy = y[i] - o[1];
            double dz = z[i] - o[2];
            d[0] = m[0][0] * dx + m[0][1] * dy + m[0][2] * dz;
            d[1] = m[1][0] * dx + m[1][1] * dy + m[1][2] * dz;
            d[2] = m[2][0] * dx + m[2][1] * dy + m[2][2] * dz;
            double norm = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
            if (norm == 0.0) {
                continue;
            }
            for (int p = 0; p < 3; p++) {
                d[p] /= norm;
                mean[p] += d[p] / n;
            }
            for (int p = 0; p < 3; p++) {
                for (int q = 0; q < 3; q++) {
                    second[p][q] += d[p] * d[q] / n;
                }
            }
        }
        for (int p = 0; p < 3; p++) {
            for (int q = 0; q < 3; q++) {
                second[p][q] -= mean[p] * mean[q];
            }
        }
        double[] values = new double[3];
        FitMath.symmetricEigen(second, values, new double[3][3]);
        return clamp01(3.0 * values[0]);
    }

    private static double clamp01(double v) {
        return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
    }
}
