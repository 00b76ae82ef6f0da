package org.hoverla.core.calibration.fit;

/**
 * A six-side accelerometer fit, in the sensor's axes: {@code corrected = M · (raw − offset)}
 * where {@code M = diag(scale) · misalignment}; {@code misalignment} has a unit diagonal.
 *
 * @param offset                 m/s², 3
 * @param scale                  3
 * @param misalignment           3×3, unit diagonal; identity when not resolved
 * @param misalignmentResolved   whether the data determined the off-diagonal terms
 * @param residualMps2           RMS of |corrected| − g over the six sides
 */
public record AccelFitResult(double[] offset, double[] scale, double[][] misalignment,
                             boolean misalignmentResolved, double residualMps2) {
}
