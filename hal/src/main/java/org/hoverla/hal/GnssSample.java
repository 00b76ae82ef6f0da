package org.hoverla.hal;

/**
 * One GNSS navigation solution, WGS-84. Fields follow u-blox NAV-PVT semantics (and PX4's
 * {@code sensor_gps} for the time, velocity-valid and interference fields).
 *
 * <p>Mutable and reused; a driver thread fills it and hands a copy to the flight thread.
 */
public final class GnssSample {
    public static final int FIX_NONE = 0;
    public static final int FIX_2D = 2;
    public static final int FIX_3D = 3;

    /** {@link #utcTimeMs} when the receiver has not said what time it is. */
    public static final long UTC_UNKNOWN = -1;

    /** Receiver jamming state ({@link #jammingState}), as u-blox MON-RF/MON-HW/SEC-SIG and PX4 {@code sensor_gps}. */
    public static final int JAMMING_UNKNOWN = 0;
    public static final int JAMMING_OK = 1;
    public static final int JAMMING_WARNING = 2;
    public static final int JAMMING_CRITICAL = 3;

    /** Receiver spoofing state ({@link #spoofingState}), as u-blox SEC-SIG and PX4 {@code sensor_gps}. */
    public static final int SPOOFING_UNKNOWN = 0;
    public static final int SPOOFING_NONE = 1;
    public static final int SPOOFING_INDICATED = 2;
    public static final int SPOOFING_MULTIPLE = 3;

    /** Time the solution is valid for (vehicle clock, ns); the receiver delivers it later. */
    public long timestampSampleNs;
    /** 0 none, 2 = 2D, 3 = 3D (higher values reserved for DGNSS/RTK). */
    public int fixType;
    public int satellitesUsed;
    public double latDeg;
    public double lonDeg;
    /** Height above mean sea level (m). */
    public double altMslM;
    /** Height above the WGS-84 ellipsoid (m), NaN when the receiver does not report it. */
    public double altEllipsoidM = Double.NaN;
    public double velNMps;
    public double velEMps;
    public double velDMps;
    /**
     * Whether {@link #velNMps}/{@link #velEMps}/{@link #velDMps} are a measured velocity (PX4
     * {@code vel_ned_valid}): false without a fix, and for NMEA when the epoch gave no speed and
     * course (NMEA never gives a vertical velocity; {@code velDMps} is then 0 and still "valid"
     * horizontally only, see the NMEA parser).
     */
    public boolean velocityValid;
    /**
     * UTC time of the solution, ms since 1970-01-01 (PX4 {@code time_utc_usec} / 1000), or
     * {@link #UTC_UNKNOWN}: UBX NAV-PVT with validDate and validTime, or NAV-TIMEUTC with validUTC;
     * NMEA once an RMC or ZDA has given a date (a time of day alone is not a time).
     */
    public long utcTimeMs = UTC_UNKNOWN;
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
    /**
     * Receiver-reported jamming state, {@link #JAMMING_UNKNOWN} .. {@link #JAMMING_CRITICAL}
     * (u-blox MON-RF / MON-HW flags.jammingState, SEC-SIG jammingState).
     */
    public int jammingState;
    /** Receiver-reported spoofing state, {@link #SPOOFING_UNKNOWN} .. {@link #SPOOFING_MULTIPLE} (u-blox SEC-SIG). */
    public int spoofingState;
    public long errorCount;

    public void copyFrom(GnssSample s) {
        timestampSampleNs = s.timestampSampleNs;
        fixType = s.fixType;
        satellitesUsed = s.satellitesUsed;
        latDeg = s.latDeg;
        lonDeg = s.lonDeg;
        altMslM = s.altMslM;
        altEllipsoidM = s.altEllipsoidM;
        velNMps = s.velNMps;
        velEMps = s.velEMps;
        velDMps = s.velDMps;
        velocityValid = s.velocityValid;
        utcTimeMs = s.utcTimeMs;
        ephM = s.ephM;
        epvM = s.epvM;
        sAccMps = s.sAccMps;
        hdop = s.hdop;
        vdop = s.vdop;
        jammingIndicator = s.jammingIndicator;
        jammingState = s.jammingState;
        spoofingState = s.spoofingState;
        errorCount = s.errorCount;
    }
}
