package org.hoverla.core.calibration.fit;

/**
 * A magnetometer ellipsoid fit, sensor axes, PX4's model: {@code corrected = matrix · (raw − offset)}
 * with {@code matrix} symmetric (soft iron; diagonal CAL_MAGn_{X,Y,Z}SCALE, off-diagonals
 * CAL_MAGn_{X,Y,Z}ODIAG = (0,1), (0,2), (1,2)).
 *
 * @param offset        hard iron, gauss, 3
 * @param matrix        3×3 symmetric with determinant 1, so the corrected field's magnitude is {@code radiusGauss}
 * @param radiusGauss   the fitted field strength: the geometric mean of the ellipsoid's semi-axes
 * @param residualRms   RMS of |corrected| − radius over the samples, as a fraction of the radius
 * @param coverage      0..1: 3 × the smallest eigenvalue of the covariance of the corrected unit
 *                      directions (1 = spread over the whole sphere or its six axes, 0 = one circle)
 * @param quality       0 (unusable) .. 1 (ideal), from residual and coverage
 *                      ({@link MagEllipsoidFit#quality}); below {@link MagEllipsoidFit#MIN_QUALITY} the calibration fails
 */
public record MagFitResult(double[] offset, double[][] matrix, double radiusGauss,
                           double residualRms, double coverage, double quality) {
}
