package org.hoverla.core.sensors;

import org.hoverla.core.math.Angles;

/**
 * Accelerometer vibration per body axis and clipping counts, for the VIBRATION message.
 *
 * <p><b>Metric.</b> Per axis, the RMS of the accelerometer's high-frequency content (m/s²): a
 * 5 Hz low-pass "floor" follows gravity and manoeuvres, and the square of the sample minus the
 * floor is low-passed at 2 Hz; the metric is its square root. These are the vibration levels
 * per axis that mavlink.io defines for {@code VIBRATION.vibration_x/y/z} and that ArduPilot
 * computes the same way ({@code AP_InertialSensor::calc_vibration_and_clipping}); QGroundControl
 * draws them per axis against 30 (caution) and 60 m/s² (bad) ({@code FlyViewVibrationStatus.qml}).
 * PX4 instead puts three different metrics in x/y/z (coning, gyro and accel vibration; its
 * {@code VIBRATION.hpp} notes this is "not to mavlink spec"); Hoverla follows the specification
 * so the operator reads what the widget says.
 *
 * <p><b>Clipping.</b> A sample at or beyond {@code clipLimitMps2} in magnitude on an axis counts
 * one clip on that axis (PX4 {@code vehicle_imu_status.accel_clipping}); counts are cumulative
 * since construction and saturate at {@link Long#MAX_VALUE}.
 *
 * <p>Flight thread (called by the IMU task for every accepted sample); allocation-free, no
 * exceptions; a non-finite sample or step is ignored.
 */
public final class AccelVibrationMetric {
    /** Cut-off of the floor (gravity + motion) filter (Hz). */
    public static final double FLOOR_CUTOFF_HZ = 5.0;
    /** Cut-off of the mean-square filter (Hz). */
    public static final double VIBRATION_CUTOFF_HZ = 2.0;

    private final double clipLimitMps2;
    private final double[] floor = new double[3];
    private final double[] meanSquare = new double[3];
    private final long[] clipping = new long[3];
    private boolean initialised;

    /** @param clipLimitMps2 magnitude at which a sample is counted as clipped (the sensor's range) */
    public AccelVibrationMetric(double clipLimitMps2) {
        this.clipLimitMps2 = clipLimitMps2;
    }

    /** Adds one accelerometer sample (FRD, m/s²) taken {@code dtS} after the previous one. */
    public void update(double axMps2, double ayMps2, double azMps2, double dtS) {
        if (!(Double.isFinite(axMps2) && Double.isFinite(ayMps2) && Double.isFinite(azMps2))
                || !(dtS > 0.0) || !Double.isFinite(dtS)) {
            return;
        }
        countClip(0, axMps2);
        countClip(1, ayMps2);
        countClip(2, azMps2);
        if (!initialised) {
            floor[0] = axMps2;
            floor[1] = ayMps2;
            floor[2] = azMps2;
            initialised = true;
            return;
        }
        double floorAlpha = Angles.lowPassAlpha(FLOOR_CUTOFF_HZ, dtS);
        double vibeAlpha = Angles.lowPassAlpha(VIBRATION_CUTOFF_HZ, dtS);
        axis(0, axMps2, floorAlpha, vibeAlpha);
        axis(1, ayMps2, floorAlpha, vibeAlpha);
        axis(2, azMps2, floorAlpha, vibeAlpha);
    }

    private void axis(int i, double a, double floorAlpha, double vibeAlpha) {
        floor[i] += floorAlpha * (a - floor[i]);
        double d = a - floor[i];
        meanSquare[i] += vibeAlpha * (d * d - meanSquare[i]);
    }

    private void countClip(int i, double a) {
        if (Math.abs(a) >= clipLimitMps2 && clipping[i] < Long.MAX_VALUE) {
            clipping[i]++;
        }
    }

    /** Vibration level on an axis (0 x, 1 y, 2 z), m/s² RMS; 0 before two samples. */
    public double vibrationMps2(int axis) {
        return Math.sqrt(meanSquare[axis]);
    }

    /** Samples clipped on an axis (0 x, 1 y, 2 z) so far. */
    public long clipping(int axis) {
        return clipping[axis];
    }
}
