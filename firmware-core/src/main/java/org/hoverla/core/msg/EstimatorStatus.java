package org.hoverla.core.msg;

/** Health of the sensors and the estimator, for pre-arm checks and reports. */
public final class EstimatorStatus {
    public long timestampNs;
    public boolean imuHealthy;
    public boolean baroHealthy;
    public boolean magHealthy;
    public boolean gnssHealthy;
    /** The attitude filter has aligned and settled. */
    public boolean attitudeValid;
    /** Horizontal and vertical position usable for position control. */
    public boolean positionValid;
    public int gnssFixType;
    public int gnssSatellites;
    public double gnssEphM;
    /** Samples rejected because they were non-finite or out of range, all sensors. */
    public long rejectedSamples;
    /** GNSS measurements refused by the innovation gate. */
    public long gnssRejected;

    public void copyFrom(EstimatorStatus m) {
        timestampNs = m.timestampNs;
        imuHealthy = m.imuHealthy;
        baroHealthy = m.baroHealthy;
        magHealthy = m.magHealthy;
        gnssHealthy = m.gnssHealthy;
        attitudeValid = m.attitudeValid;
        positionValid = m.positionValid;
        gnssFixType = m.gnssFixType;
        gnssSatellites = m.gnssSatellites;
        gnssEphM = m.gnssEphM;
        rejectedSamples = m.rejectedSamples;
        gnssRejected = m.gnssRejected;
    }
}
