package org.hoverla.core.calibration.fit;

/**
 * A six-side accelerometer fit, in the sensor's axes, in the model the parameters store (PX4's
 * magnetometer model, used for the accelerometer too): {@code corrected = matrix · (raw − offset)},
 * with {@code matrix} symmetric: its diagonal is the scale (CAL_ACCn_{X,Y,Z}SCALE) and its
 * off-diagonals the misalignment (CAL_ACCn_{X,Y,Z}ODIAG = (0,1), (0,2), (1,2)). The
 * antisymmetric part of a general 3×3 correction is a small rotation, which the six-side data
 * cannot tell from how the vehicle sat on the table; it is left to the mounting rotation and
 * level calibration.
 *
 * <p>{@link AccelSixSideFit} returns {@code matrix = √(MᵀM)} of the general least-squares
 * correction M (its polar factor) and needs all six sides, which always determine the
 * off-diagonals, so {@code misalignmentResolved} is true for every result it returns; the flag
 * stays for a solver that accepts fewer sides and fits the diagonal only.
 *
 * @param offset               m/s², 3
 * @param matrix               3×3 symmetric correction; off-diagonals 0 when not resolved
 * @param misalignmentResolved whether the data determined the off-diagonal terms
 * @param residualMps2         RMS over the six sides of |M·(mean − offset) − expected| for the
 *                             general (affine) fit: how well any calibration explains the data
 */
public record AccelFitResult(double[] offset, double[][] matrix, boolean misalignmentResolved, double residualMps2) {
}
