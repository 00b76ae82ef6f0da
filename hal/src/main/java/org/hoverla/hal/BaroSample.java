package org.hoverla.hal;

/** One barometer reading: static pressure and temperature. */
public final class BaroSample {
    public long timestampSampleNs;
    /** Static pressure (Pa). */
    public double pressurePa;
    /** Sensor temperature (degrees Celsius). */
    public double temperatureC;
    public long errorCount;

    public void copyFrom(BaroSample s) {
        timestampSampleNs = s.timestampSampleNs;
        pressurePa = s.pressurePa;
        temperatureC = s.temperatureC;
        errorCount = s.errorCount;
    }
}
