package org.hoverla.hal;

/** One magnetometer reading in body FRD axes. */
public final class MagSample {
    public long timestampSampleNs;
    /** Magnetic flux density along body x, y, z (gauss). */
    public double fieldXGauss;
    public double fieldYGauss;
    public double fieldZGauss;
    public long errorCount;

    public void copyFrom(MagSample s) {
        timestampSampleNs = s.timestampSampleNs;
        fieldXGauss = s.fieldXGauss;
        fieldYGauss = s.fieldYGauss;
        fieldZGauss = s.fieldZGauss;
        errorCount = s.errorCount;
    }
}
