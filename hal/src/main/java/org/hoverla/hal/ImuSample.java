package org.hoverla.hal;

/** One inertial measurement, body FRD frame, already in SI units but not calibrated or rotated to the vehicle. */
public final class ImuSample {
    /** Time the sample was taken, on the vehicle clock (ns). */
    public long timestampSampleNs;
    /** Angular rate about body x, y, z (rad/s). */
    public double gyroXRadps;
    public double gyroYRadps;
    public double gyroZRadps;
    /** Specific force along body x, y, z (m/s^2); about (0, 0, -9.81) when level and still. */
    public double accelXMps2;
    public double accelYMps2;
    public double accelZMps2;
    /** Die temperature (degrees Celsius), NaN when unknown. */
    public double temperatureC = Double.NaN;
    /** Cumulative count of errors the driver saw (bus errors, bad frames); monotonic. */
    public long errorCount;

    public void copyFrom(ImuSample s) {
        timestampSampleNs = s.timestampSampleNs;
        gyroXRadps = s.gyroXRadps;
        gyroYRadps = s.gyroYRadps;
        gyroZRadps = s.gyroZRadps;
        accelXMps2 = s.accelXMps2;
        accelYMps2 = s.accelYMps2;
        accelZMps2 = s.accelZMps2;
        temperatureC = s.temperatureC;
        errorCount = s.errorCount;
    }
}
