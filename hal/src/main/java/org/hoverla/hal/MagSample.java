package org.hoverla.hal;

/** One magnetometer reading in body FRD axes. */
public final class MagSample {
    public long timestampSampleNs;
    /** Magnetic flux density along body x, y, z (gauss). */
    public double fieldXGauss;
    public double fieldYGauss;
    public double fieldZGauss;
    /** Die temperature (°C) where the chip reports one; NaN otherwise. */
    public double temperatureC = Double.NaN;
    public long errorCount;

    public void copyFrom(MagSample s) {
        timestampSampleNs = s.timestampSampleNs;
        fieldXGauss = s.fieldXGauss;
        fieldYGauss = s.fieldYGauss;
        fieldZGauss = s.fieldZGauss;
        temperatureC = s.temperatureC;
        errorCount = s.errorCount;
    }
}
