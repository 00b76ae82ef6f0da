package org.hoverla.core.calibration.fit;

/**
 * Solves the accelerometer's offsets, scales and misalignment from its mean reading on each of
 * the six sides. Pure; no threads, no I/O; called once per calibration by the calibration
 * thread.
 *
 * <p>Model (the stored one, PX4's names): {@code corrected = M · (raw − offset)} in sensor axes.
 * On side {@code i} at rest the corrected reading must equal the expected specific force
 * {@code e_i = toBodyᵀ · (g · side direction)} (sensor axes). Writing {@code c = −M·offset}
 * makes each equation linear: {@code M·mean_i + c = e_i}, 18 equations (six sides, three axes)
 * for 12 unknowns. The three rows of {@code M} (with their {@code c}) share one 6×4 design
 * matrix {@code [mean_iᵀ 1]}, so one 4×4 normal-equation system is solved for three
 * right-hand sides; then {@code offset = −M⁻¹·c}.
 *
 * <p>PX4's {@code accelerometer_calibration.cpp} instead takes each offset as the mid-point of
 * the two opposite sides and the matrix from three sides exactly; the least-squares form uses
 * all 18 equations, so noise and small placement errors average out and a residual is left to
 * judge the data by.
 */
public final class AccelSixSideFit {
    /** Below: the diagonal (scale) is implausible for a MEMS accelerometer. */
    public static final double MIN_SCALE = 0.8;
    /** Above: the diagonal (scale) is implausible for a MEMS accelerometer. */
    public static final double MAX_SCALE = 1.2;
    /**
     * Largest plausible offset per axis, m/s². MEMS zero-g offsets are specified at tens to a
     * few hundred mg (e.g. ±0.5 m/s² for the ICM-42688 and the BMI088 after soldering); 3 m/s²
     * leaves room for worn parts and still rejects a mislabelled side or a broken axis.
     */
    public static final double MAX_OFFSET_MPS2 = 3.0;
    /**
     * Largest RMS residual over the six sides, m/s². One side held off flat by α degrees leaves
     * about 0.04 m/s² per degree and moves a scale by about 0.1 % and a misalignment term by
     * about 0.0045 per degree, so 0.3 m/s² (7° on one side, or a few degrees on several) keeps
     * the scale error within the 0.5 %. More means a side was not held flat (or the
     * table is tilted) and the fit would fold that error into scale and misalignment.
     */
    public static final double MAX_RESIDUAL_MPS2 = 0.3;
    /**
     * Largest angle between a side's (mounting-rotated) mean and that side's gravity direction
     * before the side is called mislabelled. {@link AccelSideDetector} accepts up to ~30° of
     * tilt, so anything past 45° is another side.
     */
    public static final double MAX_SIDE_ANGLE_DEG = 45.0;
    /**
     * Smallest eigenvalue, relative to the largest, of the normalised 4×4 normal matrix for the
     * full (misalignment) model to be trusted. Six sides at ±g give about 1/3; sides that do not
     * span three dimensions give 0.
     */
    static final double MIN_CONDITION = 1e-3;

    private AccelSixSideFit() {
    }

    /**
     * @param sideMeans   mean raw reading (sensor axes, m/s²) per side, indexed by
     *                    {@link AccelSide#ordinal()}, each double[3]; all six required
     * @param toBody      sensor-to-body rotation (row-major 3×3) of the mounting, so the expected
     *                    reading per side is {@code toBodyᵀ · g·side}
     * @param gravityMps2 local gravity
     * @return offsets, the symmetric correction matrix, whether misalignment was resolved and the residual
     * @throws IllegalArgumentException when the data cannot give a calibration (reason in the message)
     */
    public static AccelFitResult solve(double[][] sideMeans, double[][] toBody, double gravityMps2) {
        validate(sideMeans, toBody, gravityMps2);
        AccelSide[] sides = AccelSide.values();
        double[][] expected = new double[6][3];
        for (AccelSide side : sides) {
            for (int a = 0; a < 3; a++) {
                double s = 0.0;
                for (int b = 0; b < 3; b++) {
                    // toBodyᵀ[a][b] = toBody[b][a]
                    s += toBody[b][a] * gravityMps2 * side.gravityBody(b);
                }
                expected[side.ordinal()][a] = s;
            }
        }
        checkSidesPointTheRightWay(sideMeans, expected, sides);

        double[][] general = fitGeneral(sideMeans, expected, gravityMps2);
        double[][] m = {
                {general[0][0], general[0][1], general[0][2]},
                {general[1][0], general[1][1], general[1][2]},
                {general[2][0], general[2][1], general[2][2]}};
        double[] offset = FitMath.solve(m, new double[] {-general[0][3], -general[1][3], -general[2][3]});
        if (offset == null || FitMath.determinant(m) <= 0.0) {
            throw new IllegalArgumentException(
                    "accel fit: the side readings give a singular or mirrored correction (a side measured twice?)");
        }
        // The residual is the general (affine) model's: how well any calibration explains the data.
        double residual = residual(sideMeans, expected, m, offset);
        // The general M mixes a symmetric stretch with a small rotation (M = R·S). A rotation of
        // the corrected vector is the same as the vehicle sitting slightly rotated on the table,
        // which the six sides cannot tell apart, and the stored model is symmetric anyway: keep
        // S = √(MᵀM), the polar factor, and leave R to the mounting rotation and the level
        // calibration. For the small angles involved S equals (M + Mᵀ)/2 to second order; the
        // polar factor stays exact when the rotation is not small.
        double[][] matrix = FitMath.symmetricSqrt(FitMath.multiply(FitMath.transpose(m), m));
        checkPlausible(matrix, offset, residual);
        // Six sides that each pass the direction check always span three dimensions, so the
        // off-diagonals are determined whenever a result is returned at all.
        return new AccelFitResult(offset, matrix, true, residual);
    }

    private static void validate(double[][] sideMeans, double[][] toBody, double gravityMps2) {
        if (!FitMath.finite(gravityMps2) || gravityMps2 < 9.0 || gravityMps2 > 10.5) {
            throw new IllegalArgumentException("accel fit: gravity " + gravityMps2 + " m/s² is not Earth's");
        }
        if (toBody == null || toBody.length != 3) {
            throw new IllegalArgumentException("accel fit: the mounting rotation must be 3×3");
        }
        for (int i = 0; i < 3; i++) {
            if (toBody[i] == null || toBody[i].length != 3) {
                throw new IllegalArgumentException("accel fit: the mounting rotation must be 3×3");
            }
            for (int j = 0; j < 3; j++) {
                double dot = 0.0;
                for (int k = 0; k < 3; k++) {
                    if (!FitMath.finite(toBody[i][k])) {
                        throw new IllegalArgumentException("accel fit: the mounting rotation is not finite");
                    }
                    dot += toBody[i][k] * toBody[j][k];
                }
                if (Math.abs(dot - (i == j ? 1.0 : 0.0)) > 1e-6) {
                    throw new IllegalArgumentException("accel fit: the mounting matrix is not a rotation");
                }
            }
        }
        if (FitMath.determinant(toBody) < 0.0) {
            throw new IllegalArgumentException("accel fit: the mounting matrix is a reflection, not a rotation");
        }
        if (sideMeans == null || sideMeans.length != 6) {
            throw new IllegalArgumentException("accel fit: six side means expected, got "
                    + (sideMeans == null ? "none" : String.valueOf(sideMeans.length)));
        }
        for (AccelSide side : AccelSide.values()) {
            double[] mean = sideMeans[side.ordinal()];
            if (mean == null) {
                throw new IllegalArgumentException("accel fit: side '" + side.pxName + "' missing");
            }
            if (mean.length != 3) {
                throw new IllegalArgumentException("accel fit: side '" + side.pxName + "' needs three axes");
            }
            for (double v : mean) {
                if (!FitMath.finite(v)) {
                    throw new IllegalArgumentException("accel fit: side '" + side.pxName + "' reading is not finite");
                }
            }
        }
    }

    /**
     * Each side's mean, taken to the body frame, must point roughly along that side's gravity
     * direction; otherwise the side was mislabelled (the same side measured twice under two
     * names) or the mounting rotation is wrong, and no scale or misalignment could explain it.
     */
    private static void checkSidesPointTheRightWay(double[][] sideMeans, double[][] expected, AccelSide[] sides) {
        double cosLimit = Math.cos(Math.toRadians(MAX_SIDE_ANGLE_DEG));
        for (AccelSide side : sides) {
            double[] m = sideMeans[side.ordinal()];
            double[] e = expected[side.ordinal()];
            double dot = m[0] * e[0] + m[1] * e[1] + m[2] * e[2];
            double nm = Math.sqrt(m[0] * m[0] + m[1] * m[1] + m[2] * m[2]);
            double ne = Math.sqrt(e[0] * e[0] + e[1] * e[1] + e[2] * e[2]);
            if (nm < 1e-9 || dot < cosLimit * nm * ne) {
                double angle = nm < 1e-9 ? 180.0 : Math.toDegrees(Math.acos(Math.max(-1.0, Math.min(1.0, dot / (nm * ne)))));
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "accel fit: side '%s' reads %.0f° away from its direction (the same side twice, or the wrong mounting rotation?)",
                        side.pxName, angle));
            }
        }
    }

    /**
     * Least squares for {@code [M | c]} (3×4) from {@code M·mean_i + c = e_i}.
     */
    private static double[][] fitGeneral(double[][] means, double[][] expected, double g) {
        // Normalise the means by g so the 4×4 normal matrix is well scaled (≈ diag(2,2,2,6)).
        double[][] ata = new double[4][4];
        double[][] atb = new double[4][3];
        double[] row = new double[4];
        for (int i = 0; i < 6; i++) {
            row[0] = means[i][0] / g;
            row[1] = means[i][1] / g;
            row[2] = means[i][2] / g;
            row[3] = 1.0;
            for (int p = 0; p < 4; p++) {
                for (int q = 0; q < 4; q++) {
                    ata[p][q] += row[p] * row[q];
                }
                for (int r = 0; r < 3; r++) {
                    atb[p][r] += row[p] * expected[i][r];
                }
            }
        }
        double[] values = new double[4];
        double[][] vectors = new double[4][4];
        FitMath.symmetricEigen(ata, values, vectors);
        if (!(values[0] > MIN_CONDITION * values[3])) {
            throw new IllegalArgumentException(
                    "accel fit: the six side readings do not span three dimensions (a side measured twice?)");
        }
        double[][] result = new double[3][4];
        for (int r = 0; r < 3; r++) {
            double[] rhs = {atb[0][r], atb[1][r], atb[2][r], atb[3][r]};
            double[] x = FitMath.solve(ata, rhs);
            if (x == null) {
                throw new IllegalArgumentException("accel fit: the side readings give a singular system");
            }
            result[r][0] = x[0] / g;
            result[r][1] = x[1] / g;
            result[r][2] = x[2] / g;
            result[r][3] = x[3];
        }
        return result;
    }

    private static double residual(double[][] means, double[][] expected, double[][] m, double[] offset) {
        double sum = 0.0;
        for (int i = 0; i < 6; i++) {
            for (int a = 0; a < 3; a++) {
                double v = 0.0;
                for (int b = 0; b < 3; b++) {
                    v += m[a][b] * (means[i][b] - offset[b]);
                }
                double d = v - expected[i][a];
                sum += d * d;
            }
        }
        return Math.sqrt(sum / 6.0);
    }

    private static void checkPlausible(double[][] m, double[] offset, double residual) {
        for (int a = 0; a < 3; a++) {
            if (!FitMath.finite(m[a][a]) || m[a][a] < MIN_SCALE || m[a][a] > MAX_SCALE) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "accel fit: %c scale %.3f outside %.1f..%.1f", "xyz".charAt(a), m[a][a], MIN_SCALE, MAX_SCALE));
            }
            if (!FitMath.finite(offset[a]) || Math.abs(offset[a]) > MAX_OFFSET_MPS2) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "accel fit: %c offset %.2f m/s² beyond ±%.1f", "xyz".charAt(a), offset[a], MAX_OFFSET_MPS2));
            }
        }
        if (!FitMath.finite(residual) || residual > MAX_RESIDUAL_MPS2) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "accel fit: residual %.2f m/s² above %.2f (a side was not held flat?)", residual, MAX_RESIDUAL_MPS2));
        }
    }
}
