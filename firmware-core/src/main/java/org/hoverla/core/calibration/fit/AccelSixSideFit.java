package org.hoverla.core.calibration.fit;

/**
 * Solves the accelerometer's offsets, scales and misalignment from its mean reading on each of
 * the six sides. Pure; no threads, no I/O.
 */
public final class AccelSixSideFit {
    private AccelSixSideFit() {
    }

    /**
     * @param sideMeans   mean raw reading (sensor axes, m/s²) per side, indexed by
     *                    {@link AccelSide#ordinal()}, each double[3]
     * @param toBody      sensor-to-body rotation (row-major 3×3) of the mounting, so the expected
     *                    reading per side is {@code toBodyᵀ · g·side}
     * @param gravityMps2 local gravity
     * @throws IllegalArgumentException when the data cannot give a calibration (reason in the message)
     */
    public static AccelFitResult solve(double[][] sideMeans, double[][] toBody, double gravityMps2) {
        throw new UnsupportedOperationException("AccelSixSideFit: not implemented yet");
    }
}
