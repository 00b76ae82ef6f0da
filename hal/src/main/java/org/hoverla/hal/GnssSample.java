package org.hoverla.hal;

/** One GNSS navigation solution, WGS-84. Fields follow u-blox NAV-PVT semantics. */
public final class GnssSample {
    public static final int FIX_NONE = 0;
    public static final int FIX_2D = 2;
    public static final int FIX_3D = 3;

    /** Time the solution is valid for (vehicle clock, ns); the receiver delivers it later. */
    public long timestampSampleNs;
    /** 0 none, 2 = 2D, 3 = 3D (higher values reserved for DGNSS/RTK). */
    public int fixType;
    public int satellitesUsed;
    public double latDeg;
    public double lonDeg;
    /** Height above mean sea level (m). */
    public double altMslM;
    public double velNMps;
    public double velEMps;
    public double velDMps;
    /** Estimated horizontal / vertical position accuracy, 1 sigma (m). */
    public double ephM;
    public double epvM;
    /** Estimated speed accuracy, 1 sigma (m/s). */
    public double sAccMps;
    /**
     * Horizontal / vertical dilution of precision of the satellites used (u-blox NAV-DOP hDOP,
     * vDOP; unitless), NaN when the receiver does not report it or has no fix.
     */
    public double hdop = Double.NaN;
    public double vdop = Double.NaN;
    /** Receiver-reported jamming indicator, 0..255 (u-blox MON-HW jamInd), -1 when unknown. */
    public int jammingIndicator = -1;
    /** Receiver-reported spoofing state, 0 unknown, 1 none, 2 indicated, 3 multiple. */
    public int spoofingState;
    public long errorCount;

    public void copyFrom(GnssSample s) {
        timestampSampleNs = s.timestampSampleNs;
        fixType = s.fixType;
        satellitesUsed = s.satellitesUsed;
        latDeg = s.latDeg;
        lonDeg = s.lonDeg;
        altMslM = s.altMslM;
        velNMps = s.velNMps;
        velEMps = s.velEMps;
        velDMps = s.velDMps;
        ephM = s.ephM;
        epvM = s.epvM;
        sAccMps = s.sAccMps;
        hdop = s.hdop;
        vdop = s.vdop;
        jammingIndicator = s.jammingIndicator;
        spoofingState = s.spoofingState;
        errorCount = s.errorCount;
    }
}
