package org.hoverla.core.calibration.fit;

/**
 * A magnetometer ellipsoid fit, sensor axes: {@code corrected = softIron · (raw − offset)}.
 *
 * @param offset        hard iron, gauss, 3
 * @param softIron      3×3 symmetric, scaled so the corrected field's magnitude is {@code radiusGauss}
 * @param radiusGauss   the fitted field strength
 * @param residualRms   RMS of |corrected| − radius over the samples, as a fraction of the radius
 * @param coverage      share (0..1) of directions covered by the samples
 * @param quality       0 (unusable) .. 1 (ideal), from residual and coverage
 */
public record MagFitResult(double[] offset, double[][] softIron, double radiusGauss,
                           double residualRms, double coverage, double quality) {
}
