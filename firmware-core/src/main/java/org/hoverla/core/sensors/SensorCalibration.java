package org.hoverla.core.sensors;

/**
 * The calibration of one sensor instance in its own (sensor) axes, PX4's
 * {@code sensor_calibration} model: {@code corrected = (raw − offset) ⊙ scale}, applied before
 * the mounting rotation. A gyro has offsets only (scale 1); a barometer uses {@link #offset(int)
 * offset(0)} in pascals. Identity (offset 0, scale 1) until {@link CalibrationParams} loads a
 * slot whose device id matches the instance.
 *
 * <p>Flight thread; allocation-free.
 */
public final class SensorCalibration {
    private final double[] offset = new double[3];
    private final double[] scale = {1.0, 1.0, 1.0};
    private int slot = -1;
    private boolean identity = true;

    /** Back to no calibration. */
    public void clear() {
        for (int i = 0; i < 3; i++) {
            offset[i] = 0.0;
            scale[i] = 1.0;
        }
        slot = -1;
        identity = true;
    }

    /** Sets one axis; non-finite values leave the axis uncalibrated. */
    void set(int axis, double axisOffset, double axisScale) {
        offset[axis] = Double.isFinite(axisOffset) ? axisOffset : 0.0;
        scale[axis] = Double.isFinite(axisScale) && axisScale > 0.0 ? axisScale : 1.0;
        identity = true;
        for (int i = 0; i < 3; i++) {
            identity &= offset[i] == 0.0 && scale[i] == 1.0;
        }
    }

    void setSlot(int slot) {
        this.slot = slot;
    }

    /** The PX4 calibration slot (CAL_*n_ID) that matched, -1 when none. */
    public int slot() {
        return slot;
    }

    /** True when applying it would change nothing (the frontend then skips the arithmetic). */
    public boolean isIdentity() {
        return identity;
    }

    public double offset(int axis) {
        return offset[axis];
    }

    public double scale(int axis) {
        return scale[axis];
    }

    /** The corrected value of {@code raw} on {@code axis}. */
    public double apply(int axis, double raw) {
        return (raw - offset[axis]) * scale[axis];
    }

    /** Corrects the three-axis vector {@code v[at..at+2]} in place; nothing to do when identity. */
    public void applyInPlace(double[] v, int at) {
        if (!identity) {
            for (int a = 0; a < 3; a++) {
                v[at + a] = apply(a, v[at + a]);
            }
        }
    }
}
