package org.hoverla.core.calibration;

/**
 * One sensor instance's raw reading as calibration needs it: in the sensor's own axes, before
 * calibration and before the mounting rotation. A mutable holder, copied in and out of
 * {@link RawSampleTap} so nothing allocates.
 */
public final class RawSample {
    public static final int IMU = 0;
    public static final int MAG = 1;
    public static final int BARO = 2;

    /** {@link #IMU}, {@link #MAG} or {@link #BARO}. */
    public int sensor;
    /** The instance's index in its frontend (the board file's order of that role). */
    public int instance;
    /** The instance's PX4 device id. */
    public int deviceId;
    /** The sample's time (vehicle clock, ns). */
    public long timeNs;
    /**
     * IMU: gyro x, y, z (rad/s) then accel x, y, z (m/s²); MAG: field x, y, z (gauss) in
     * [0..2]; BARO: pressure (Pa) in [0].
     */
    public final double[] v = new double[6];
    /** Die temperature (°C), NaN when the chip gives none. */
    public double temperatureC = Double.NaN;

    public void copyFrom(RawSample s) {
        sensor = s.sensor;
        instance = s.instance;
        deviceId = s.deviceId;
        timeNs = s.timeNs;
        System.arraycopy(s.v, 0, v, 0, 6);
        temperatureC = s.temperatureC;
    }
}
