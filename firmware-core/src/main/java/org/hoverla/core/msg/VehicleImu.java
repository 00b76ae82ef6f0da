package org.hoverla.core.msg;

import org.hoverla.core.math.Vec3;

/**
 * IMU data integrated over one estimator interval (PX4 vehicle_imu): coning-free enough at
 * 1 kHz sampling for a 250 Hz estimator.
 */
public final class VehicleImu {
    public long timestampNs;
    /** Time of the last sample in the interval. */
    public long timestampSampleNs;
    /** Integrated angular rate over the interval, FRD (rad). */
    public final Vec3 deltaAngleFrdRad = new Vec3();
    /** Integrated specific force over the interval, FRD (m/s). */
    public final Vec3 deltaVelocityFrdMps = new Vec3();
    /** Length of the interval (s). */
    public double dtS;
    /** IMU samples rejected so far (non-finite, out of range, time not increasing). */
    public long rejectedSamples;
    /** Sample intervals longer than the integration clamp (lost samples), so far. */
    public long gapCount;
    /** Samples that repeated the previous raw reading on all six axes past the stuck limit, so far. */
    public long stuckSamples;
    /** The sensor is stuck now: the last samples all repeated one raw reading. */
    public boolean stuck;
    /**
     * Accelerometer vibration per body axis, FRD (m/s² RMS of the content above ~5 Hz; see
     * {@link org.hoverla.core.sensors.AccelVibrationMetric}).
     */
    public final Vec3 accelVibrationFrdMps2 = new Vec3();
    /** Accelerometer samples clipped (at the end of the sensor's range) so far, per axis x, y, z. */
    public long accelClippingX;
    public long accelClippingY;
    public long accelClippingZ;

    public void copyFrom(VehicleImu m) {
        timestampNs = m.timestampNs;
        timestampSampleNs = m.timestampSampleNs;
        deltaAngleFrdRad.set(m.deltaAngleFrdRad);
        deltaVelocityFrdMps.set(m.deltaVelocityFrdMps);
        dtS = m.dtS;
        rejectedSamples = m.rejectedSamples;
        gapCount = m.gapCount;
        stuckSamples = m.stuckSamples;
        stuck = m.stuck;
        accelVibrationFrdMps2.set(m.accelVibrationFrdMps2);
        accelClippingX = m.accelClippingX;
        accelClippingY = m.accelClippingY;
        accelClippingZ = m.accelClippingZ;
    }
}
