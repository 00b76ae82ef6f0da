package org.hoverla.core.msg;

/**
 * Health of the sensors and the estimator, for pre-arm checks, mode availability, failsafes
 * and reports (PX4 {@code estimator_status} and {@code estimator_status_flags} in one).
 * Written by the estimator task on the flight thread; every field is a primitive or a
 * reference to one of the constant strings below, so copying it allocates nothing.
 */
public final class EstimatorStatus {
    /** Reason for a flag being false: none (the flag is true). */
    public static final String REASON_NONE = "";
    public static final String REASON_NOT_ALIGNED = "attitude not aligned";
    public static final String REASON_IMU = "IMU data stale";
    public static final String REASON_BARO = "barometer not healthy";
    public static final String REASON_NO_ORIGIN = "no GNSS origin yet";
    public static final String REASON_SETTLING = "position settling";
    public static final String REASON_NO_GNSS = "GNSS not healthy";
    public static final String REASON_NOAID_TIMEOUT = "dead reckoning longer than EST_NOAID_TOUT";

    public long timestampNs;
    /** Which estimator produced this: 0 complementary filters, 1 EKF (EST_TYPE latched at alignment). */
    public int estimatorType;
    public boolean imuHealthy;
    public boolean baroHealthy;
    public boolean magHealthy;
    public boolean gnssHealthy;
    /** The attitude filter has aligned and settled. */
    public boolean attitudeValid;
    /** Horizontal and vertical position usable for position control (all four flags below). */
    public boolean positionValid;
    /** Horizontal position usable (GNSS-aided, or dead reckoning within EST_NOAID_TOUT). */
    public boolean xyValid;
    /** Horizontal velocity usable; same conditions as {@link #xyValid}. */
    public boolean vxyValid;
    /** Vertical position (height above the takeoff ground) usable. */
    public boolean zValid;
    /** Vertical velocity usable. */
    public boolean vzValid;
    /**
     * The horizontal solution is inertial only: GNSS has not been fused for over a second
     * (outage, or every sample failing the gate) while {@link #xyValid} still holds.
     */
    public boolean deadReckoning;
    /** Time since GNSS was last fused into the horizontal solution (s); NaN before the first. */
    public double noAidS;
    /** Why {@link #xyValid} is false: one of the REASON_* constants ({@link #REASON_NONE} when valid). */
    public String xyInvalidReason = REASON_NONE;
    /** Why {@link #zValid} is false: one of the REASON_* constants. */
    public String zInvalidReason = REASON_NONE;
    public int gnssFixType;
    public int gnssSatellites;
    public double gnssEphM;
    /** Samples rejected because they were non-finite or out of range, all sensors. */
    public long rejectedSamples;
    /** GNSS measurements refused by the innovation gate. */
    public long gnssRejected;

    // EKF innovation monitoring (EST_TYPE 1; NaN test ratios and zero counts otherwise). A
    // test ratio is y²/(γ² S), the largest over the components of the last fusion of that
    // source; above 1 the measurement was rejected.
    public double gnssPosTestRatio = Double.NaN;
    public double gnssVelTestRatio = Double.NaN;
    public double heightTestRatio = Double.NaN;
    public double magTestRatio = Double.NaN;
    public long gnssPosFused;
    public long gnssPosRejected;
    public long gnssVelFused;
    public long gnssVelRejected;
    public long heightFused;
    public long heightRejected;
    public long magFused;
    public long magRejected;
    /** Times the EKF horizontal position and velocity were reset to GNSS after a long rejection. */
    public long gnssResets;

    // GNSS quality checks (GnssQualityCheck) and consistency monitor (GnssConsistencyMonitor).
    /** The receiver's quality checks have passed continuously for EST_GPS_CHK_T. */
    public boolean gnssChecksPassed;
    /** GnssQualityCheck bits failing on the last sample (0 when all pass). */
    public int gnssCheckFailMask;
    /** The first failing check, a constant string from GnssQualityCheck. */
    public String gnssCheckReason = "";
    /** GNSS disagrees with the inertial and baro data (or the receiver reports spoofing). */
    public boolean gnssSuspect;
    /** GnssConsistencyMonitor reason bits currently latched. */
    public int gnssSuspectMask;
    /** The first latched monitor reason, a constant string from GnssConsistencyMonitor. */
    public String gnssSuspectReason = "";
    /** The receiver reports jamming (jamming indicator above the threshold). */
    public boolean gnssJamming;
    /** The receiver itself reports spoofing. */
    public boolean gnssReceiverSpoofing;
    /** The receiver's jamming indicator, 0..255, -1 unknown. */
    public int gnssJammingIndicator = -1;
    /** GNSS samples not fused because the monitor flagged them (EST_GPS_MON = 2). */
    public long gnssSuspectSkipped;

    public void copyFrom(EstimatorStatus m) {
        timestampNs = m.timestampNs;
        estimatorType = m.estimatorType;
        imuHealthy = m.imuHealthy;
        baroHealthy = m.baroHealthy;
        magHealthy = m.magHealthy;
        gnssHealthy = m.gnssHealthy;
        attitudeValid = m.attitudeValid;
        positionValid = m.positionValid;
        xyValid = m.xyValid;
        vxyValid = m.vxyValid;
        zValid = m.zValid;
        vzValid = m.vzValid;
        deadReckoning = m.deadReckoning;
        noAidS = m.noAidS;
        xyInvalidReason = m.xyInvalidReason;
        zInvalidReason = m.zInvalidReason;
        gnssFixType = m.gnssFixType;
        gnssSatellites = m.gnssSatellites;
        gnssEphM = m.gnssEphM;
        rejectedSamples = m.rejectedSamples;
        gnssRejected = m.gnssRejected;
        gnssPosTestRatio = m.gnssPosTestRatio;
        gnssVelTestRatio = m.gnssVelTestRatio;
        heightTestRatio = m.heightTestRatio;
        magTestRatio = m.magTestRatio;
        gnssPosFused = m.gnssPosFused;
        gnssPosRejected = m.gnssPosRejected;
        gnssVelFused = m.gnssVelFused;
        gnssVelRejected = m.gnssVelRejected;
        heightFused = m.heightFused;
        heightRejected = m.heightRejected;
        magFused = m.magFused;
        magRejected = m.magRejected;
        gnssResets = m.gnssResets;
        gnssChecksPassed = m.gnssChecksPassed;
        gnssCheckFailMask = m.gnssCheckFailMask;
        gnssCheckReason = m.gnssCheckReason;
        gnssSuspect = m.gnssSuspect;
        gnssSuspectMask = m.gnssSuspectMask;
        gnssSuspectReason = m.gnssSuspectReason;
        gnssJamming = m.gnssJamming;
        gnssReceiverSpoofing = m.gnssReceiverSpoofing;
        gnssJammingIndicator = m.gnssJammingIndicator;
        gnssSuspectSkipped = m.gnssSuspectSkipped;
    }
}
