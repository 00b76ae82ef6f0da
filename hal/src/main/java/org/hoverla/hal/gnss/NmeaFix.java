package org.hoverla.hal.gnss;

import org.hoverla.hal.GnssSample;

/**
 * One navigation epoch assembled by {@link NmeaParser} from the NMEA sentences that share one UTC
 * time: the {@link GnssSample} the vehicle uses, plus what NMEA says about time and how the epoch
 * was judged.
 *
 * <p>Owned by the parser and overwritten at every epoch; a listener that keeps it copies it
 * ({@link #copyFrom}). Thread: the thread that feeds the parser.
 */
public final class NmeaFix {
    /** Fix quality in gpsd's {@code mode} terms: 0 the stream did not say, 1 no fix, 2 2-D, 3 3-D. */
    public static final int MODE_UNKNOWN = 0;
    public static final int MODE_NO_FIX = 1;
    public static final int MODE_2D = 2;
    public static final int MODE_3D = 3;

    /**
     * The solution in vehicle units: lat/lon (deg), altitude MSL (m), NED velocity (m/s; NMEA has
     * no vertical speed, so {@code velDMps} is 0; north/east are 0 when the epoch gave no speed,
     * see {@link #speedMps}, and NaN when it gave a non-zero speed without a course), eph/epv (m, 1 sigma, from DOP × UERE), hdop and
     * vdop (NaN when not sent). {@code fixType} is {@link GnssSample#FIX_NONE} unless
     * {@link #valid}. {@code timestampSampleNs} is the receive time the feeder gave for the first
     * byte of the epoch's first sentence.
     */
    public final GnssSample sample = new GnssSample();
    /** gpsd-style mode (see the {@code MODE_} constants), before the all-zero and time-jump checks. */
    public int mode;
    /** UTC time of day of the epoch (ms since midnight), -1 when no sentence of the epoch carried one. */
    public long utcTimeOfDayMs = -1;
    /** True once an RMC or ZDA (of this or an earlier epoch) gave a date; {@link #utcEpochDay} is then set. */
    public boolean hasDate;
    /** UTC date as days since 1970-01-01, meaningful only when {@link #hasDate}. */
    public long utcEpochDay;
    /** True when the epoch carried latitude and longitude from a sentence that claimed them valid. */
    public boolean hasPosition;
    /** True when GGA gave an altitude (MSL). */
    public boolean hasAltitude;
    /** Speed over ground (m/s) and true course (deg, 0..360), NaN when not sent. */
    public double speedMps = Double.NaN;
    public double courseDeg = Double.NaN;
    /** True when GGA or GSA said how many satellites the fix used ({@code sample.satellitesUsed}). */
    public boolean hasSatellitesUsed;
    /** Satellites in view from GSV, -1 when no GSV was seen in the epoch. */
    public int satellitesInView = -1;
    /** Position DOP from GSA, NaN when not sent. */
    public double pdop = Double.NaN;
    /** Valid sentences that made up the epoch. */
    public int sentences;
    /** The position claimed a fix but was exactly 0°, 0° (a receiver's power-up placeholder). */
    public boolean allZero;
    /** The epoch's UTC time went backwards, or forward more than the parser's limit. */
    public boolean timeJump;
    /** A 2-D or 3-D fix with a position, neither all-zero nor after a time jump: fit to use. */
    public boolean valid;

    /** UTC time (ms since 1970), meaningful only when {@link #hasDate} and the time of day is known. */
    public long utcEpochMs() {
        return utcEpochDay * 86_400_000L + utcTimeOfDayMs;
    }

    void clear() {
        GnssSample s = sample;
        s.timestampSampleNs = 0;
        s.fixType = GnssSample.FIX_NONE;
        s.satellitesUsed = 0;
        s.latDeg = 0;
        s.lonDeg = 0;
        s.altMslM = 0;
        s.velNMps = 0;
        s.velEMps = 0;
        s.velDMps = 0;
        s.ephM = Double.NaN;
        s.epvM = Double.NaN;
        s.sAccMps = Double.NaN;
        s.hdop = Double.NaN;
        s.vdop = Double.NaN;
        s.velocityValid = false;
        s.utcTimeMs = GnssSample.UTC_UNKNOWN;
        mode = MODE_UNKNOWN;
        utcTimeOfDayMs = -1;
        hasDate = false;
        utcEpochDay = 0;
        hasPosition = false;
        hasAltitude = false;
        speedMps = Double.NaN;
        courseDeg = Double.NaN;
        hasSatellitesUsed = false;
        satellitesInView = -1;
        pdop = Double.NaN;
        sentences = 0;
        allZero = false;
        timeJump = false;
        valid = false;
    }

    /** Copies every field of {@code f}; allocation-free. */
    public void copyFrom(NmeaFix f) {
        sample.copyFrom(f.sample);
        mode = f.mode;
        utcTimeOfDayMs = f.utcTimeOfDayMs;
        hasDate = f.hasDate;
        utcEpochDay = f.utcEpochDay;
        hasPosition = f.hasPosition;
        hasAltitude = f.hasAltitude;
        speedMps = f.speedMps;
        courseDeg = f.courseDeg;
        hasSatellitesUsed = f.hasSatellitesUsed;
        satellitesInView = f.satellitesInView;
        pdop = f.pdop;
        sentences = f.sentences;
        allZero = f.allZero;
        timeJump = f.timeJump;
        valid = f.valid;
    }
}
