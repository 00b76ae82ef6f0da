package org.hoverla.core.msg;

/**
 * The EKF's latest innovation (measurement minus prediction) and test ratio (innovation² over
 * gate² × innovation variance; above 1 the measurement was rejected) per fused measurement, as
 * PX4's estimator_innovations and estimator_innovation_test_ratios carry them. NaN until that
 * measurement was first fused or gated. The estimator publishes it; the flight log and reports
 * read it.
 */
public final class EstimatorInnovations {
    public long timestampNs;
    /** GNSS horizontal position innovation, north and east (m). */
    public final double[] gpsHposM = {Double.NaN, Double.NaN};
    /** GNSS horizontal velocity innovation, north and east (m/s). */
    public final double[] gpsHvelMps = {Double.NaN, Double.NaN};
    /** GNSS vertical velocity innovation, down (m/s). */
    public double gpsVvelMps = Double.NaN;
    /** Barometric height innovation, down (m). */
    public double baroVposM = Double.NaN;
    /** Magnetometer heading innovation (rad). */
    public double headingRad = Double.NaN;
    public final double[] gpsHposRatio = {Double.NaN, Double.NaN};
    public final double[] gpsHvelRatio = {Double.NaN, Double.NaN};
    public double gpsVvelRatio = Double.NaN;
    public double baroVposRatio = Double.NaN;
    public double headingRatio = Double.NaN;

    public void copyFrom(EstimatorInnovations m) {
        timestampNs = m.timestampNs;
        gpsHposM[0] = m.gpsHposM[0];
        gpsHposM[1] = m.gpsHposM[1];
        gpsHvelMps[0] = m.gpsHvelMps[0];
        gpsHvelMps[1] = m.gpsHvelMps[1];
        gpsVvelMps = m.gpsVvelMps;
        baroVposM = m.baroVposM;
        headingRad = m.headingRad;
        gpsHposRatio[0] = m.gpsHposRatio[0];
        gpsHposRatio[1] = m.gpsHposRatio[1];
        gpsHvelRatio[0] = m.gpsHvelRatio[0];
        gpsHvelRatio[1] = m.gpsHvelRatio[1];
        gpsVvelRatio = m.gpsVvelRatio;
        baroVposRatio = m.baroVposRatio;
        headingRatio = m.headingRatio;
    }
}
