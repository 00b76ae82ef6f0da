package org.hoverla.core.calibration.fit;

/**
 * Which {@link AccelSide} the vehicle rests on, from the mean specific force in the body frame
 * (m/s², FRD, after the mounting rotation). Pure and allocation-free; the calibration thread
 * calls it once the {@link StillnessDetector} reports rest.
 *
 * <p>PX4's {@code detect_orientation} ({@code calibration_routines.cpp}) accepts a side when the
 * axis along gravity is within {@code accel_err_thr} = 5 m/s² of ±g and both other axes are
 * within 5 m/s² of zero. That per-axis box is kept as the default (it accepts about 30° of
 * tilt: at 30° the cross axis reads g·sin30° = 4.9 m/s²). Hoverla adds a magnitude check: the
 * reading must be within {@link #DEFAULT_MAGNITUDE_TOLERANCE} of g, so a vehicle being
 * carried or swung (not at about 1 g) gives no side even when the box would match; 25 % matches
 * the six-side fit's scale window (a correction of 0.8 means the uncalibrated sensor reads 1.25 g).
 */
public final class AccelSideDetector {
    /** PX4's {@code accel_err_thr}, m/s² per axis. */
    public static final double DEFAULT_AXIS_TOLERANCE_MPS2 = 5.0;
    /** Allowed |‖f‖ − g| as a fraction of g. */
    public static final double DEFAULT_MAGNITUDE_TOLERANCE = 0.25;

    private final double gravityMps2;
    private final double axisToleranceMps2;
    private final double magnitudeToleranceMps2;

    /** PX4's per-axis tolerance and the 25 % magnitude window. */
    public AccelSideDetector(double gravityMps2) {
        this(gravityMps2, DEFAULT_AXIS_TOLERANCE_MPS2, DEFAULT_MAGNITUDE_TOLERANCE);
    }

    /**
     * @param axisToleranceMps2  per-axis window (0 < t < g/√2, so two sides can never both match)
     * @param magnitudeTolerance allowed |‖f‖ − g| / g, 0..1
     */
    public AccelSideDetector(double gravityMps2, double axisToleranceMps2, double magnitudeTolerance) {
        if (!(gravityMps2 > 0.0) || !FitMath.finite(gravityMps2)) {
            throw new IllegalArgumentException("side detector: gravity must be positive, got " + gravityMps2);
        }
        if (!(axisToleranceMps2 > 0.0) || axisToleranceMps2 >= gravityMps2 / Math.sqrt(2.0)) {
            throw new IllegalArgumentException("side detector: axis tolerance " + axisToleranceMps2
                    + " m/s² must be in (0, g/√2) so sides cannot overlap");
        }
        if (!(magnitudeTolerance > 0.0) || magnitudeTolerance >= 1.0) {
            throw new IllegalArgumentException("side detector: magnitude tolerance must be in (0, 1)");
        }
        this.gravityMps2 = gravityMps2;
        this.axisToleranceMps2 = axisToleranceMps2;
        this.magnitudeToleranceMps2 = magnitudeTolerance * gravityMps2;
    }

    /**
     * @param fx,fy,fz mean specific force, body FRD, m/s²
     * @return the side whose direction it matches, or null (between sides, not about 1 g, NaN)
     */
    public AccelSide detect(double fx, double fy, double fz) {
        if (!FitMath.finite(fx) || !FitMath.finite(fy) || !FitMath.finite(fz)) {
            return null;
        }
        double norm = Math.sqrt(fx * fx + fy * fy + fz * fz);
        if (Math.abs(norm - gravityMps2) > magnitudeToleranceMps2) {
            return null;
        }
        for (AccelSide side : AccelSide.values()) {
            if (Math.abs(fx - gravityMps2 * side.gravityBody(0)) < axisToleranceMps2
                    && Math.abs(fy - gravityMps2 * side.gravityBody(1)) < axisToleranceMps2
                    && Math.abs(fz - gravityMps2 * side.gravityBody(2)) < axisToleranceMps2) {
                return side;
            }
        }
        return null;
    }

    /** {@link #detect(double, double, double)} for a double[3]. */
    public AccelSide detect(double[] bodyMean) {
        return detect(bodyMean[0], bodyMean[1], bodyMean[2]);
    }
}
