package org.hoverla.hal.gnss;

import static org.hoverla.hal.gnss.UbxProtocol.i1;
import static org.hoverla.hal.gnss.UbxProtocol.i2;
import static org.hoverla.hal.gnss.UbxProtocol.i4;
import static org.hoverla.hal.gnss.UbxProtocol.u1;
import static org.hoverla.hal.gnss.UbxProtocol.u2;
import static org.hoverla.hal.gnss.UbxProtocol.u4;

import org.hoverla.hal.GnssSample;

/**
 * A u-blox UBX stream decoder: fed bytes, it finds frames, checks them and turns navigation
 * epochs into {@link GnssSample}s.
 *
 * <p><b>Framing.</b> A frame starts at {@code 0xB5 0x62}; its length must not exceed the
 * configured maximum (an absurd length is counted in {@link #lengthErrors()} and rejected at once,
 * without waiting for the bytes it claims). A candidate that fails (wrong second sync byte, absurd
 * length, bad checksum) is dropped one byte at a time: the bytes it held are searched again for
 * the next {@code 0xB5}, so a real frame hidden inside a truncated one, garbage, or a receiver's
 * boot text is still found. Every byte fed ends up in exactly one of: a good frame, {@link
 * #skippedBytes()}, or {@link #pendingBytes()} (an incomplete candidate).
 *
 * <p><b>Messages</b> (offsets from the u-blox 8 / M8 Receiver Description UBX-13003221 R24
 * §32.17 (NAV), §32.16 (MON) and the ZED-F9P Interface Description UBX-18010854 R12 §3.15
 * (SEC-SIG), cross-checked with PX4-GPSDrivers src/ubx.h structs):
 * <ul>
 *   <li>NAV-PVT (0x01 0x07, 92 bytes; 84 on u-blox 7) – one complete epoch;</li>
 *   <li>NAV-SOL (0x01 0x06) + NAV-POSLLH (0x01 0x02) + NAV-VELNED (0x01 0x12), older receivers,
 *       merged into one epoch when all three carry the same iTOW; NAV-TIMEUTC (0x01 0x21) dates
 *       them. Once NAV-PVT has been seen these are ignored, so no epoch is reported twice;</li>
 *   <li>NAV-SOL alone (u-blox 6/7 receivers configured without NAV-POSLLH, e.g. gpsd's
 *       navisys-gr701w capture): once a second NAV-SOL arrives with no NAV-POSLLH/VELNED between,
 *       every NAV-SOL is an epoch of its own: the ECEF position and velocity converted to WGS-84
 *       geodetic and NED ({@link Wgs84}), dated from its GPS week and time of week less the leap
 *       seconds of the latest valid NAV-TIMEGPS (0x01 0x20). NAV-SOL has no mean-sea-level
 *       height and there is no geoid model here: {@code altMslM} is then the ellipsoid height
 *       (off by the geoid undulation, -107..+85 m), as {@code altEllipsoidM} is;</li>
 *   <li>NAV-HPPOSLLH (0x01 0x14, protocol 20+) – the 1e-9 deg latitude and longitude,
 *       replacing NAV-PVT's 1e-7 deg ones for the epoch of the same iTOW (heights stay NAV-PVT's
 *       1 mm);</li>
 *   <li>NAV-EOE (0x01 0x61) – end of epoch: once the stream has shown one, a NAV-PVT epoch is
 *       held until the NAV-EOE of its iTOW, so the NAV-DOP and NAV-HPPOSLLH that follow it in
 *       the same epoch are part of it (a NAV-PVT arriving first publishes a held epoch whose
 *       NAV-EOE was lost);</li>
 *   <li>NAV-DOP (0x01 0x04) – hDOP/vDOP for the epoch of the same iTOW;</li>
 *   <li>NAV-SAT (0x01 0x35) – satellites visible and flagged svUsed;</li>
 *   <li>MON-RF (0x0A 0x38, protocol 27+) and MON-HW (0x0A 0x09, older) – jamInd and
 *       jammingState of the first RF block;</li>
 *   <li>SEC-SIG (0x27 0x09, versions 1 and 2+) – jamming and spoofing state.</li>
 * </ul>
 * A good frame whose payload is too short for its message counts in {@link #decodeErrors()}.
 *
 * <p><b>Implausible epochs</b> are published without a fix ({@code fixType} none, velocity not
 * valid) and counted, as the NMEA parser does: a fix at exactly 0°, 0° (a receiver's power-up
 * placeholder, {@link #allZeroFixes()}), a position off the globe (latitude beyond ±90° or
 * longitude beyond ±180°, {@link #offGlobeFixes()}), and an epoch whose UTC time went backwards or forward
 * by more than {@link NmeaParser#DEFAULT_MAX_FORWARD_STEP_MS} from the previous dated epoch
 * ({@link #timeJumps()}; the next epoch is compared with this one, so a receiver that really
 * changed its time loses one epoch).
 *
 * <p><b>Fix type</b> follows PX4 ({@code GPSDriverUBX::payloadRxDone}): no fix unless gnssFixOK;
 * else the receiver's 2-D/3-D (GNSS + dead reckoning counts as 3-D), 4 with differential
 * corrections, 5/6 for an RTK float/fixed carrier solution (MAVLink GPS_FIX_TYPE numbering).
 *
 * <p><b>Bounded buffer, cost per byte.</b> The buffer holds one candidate: at most the
 * configured maximum payload + 8 bytes ({@link #DEFAULT_MAX_PAYLOAD} + 8 = 2056), and
 * {@link #frameBytes()} + {@link #skippedBytes()} + {@link #pendingBytes()} is every byte fed.
 * Worst case per byte: a false {@code B5 62} header claiming the maximum length is held until
 * 2056 bytes have arrived, checksummed (2052 bytes) and dropped, and the rest of the buffer is
 * shifted to the next {@code B5} (up to 2055 bytes): a stream with such a header every 6 bytes
 * costs several hundred byte operations per byte fed: measured ~470 ns per byte against ~6 for
 * NAV-PVT epochs (docs/parser-hardening.md; a smaller {@code maxPayload} bounds it proportionally). Fuzzed by {@code GnssParsersFuzzTest}.
 *
 * <p><b>Threads and allocation.</b> Not thread-safe: one driver thread feeds it. Nothing is
 * allocated after construction. The listener is called on the feeding thread, from inside {@link
 * #feed}; it must not feed this parser again. The sample it gets is reused: copy what you keep.
 * {@code timestampSampleNs} is left to the caller (the parser has no clock).
 */
public final class UbxParser {
    /** Default bound on the payload length: NAV-SAT for 64 satellites needs 776 bytes. */
    public static final int DEFAULT_MAX_PAYLOAD = 2048;

    /** What the parser hands over. Both methods default to doing nothing. */
    public interface Listener {
        /** A frame with a good checksum; {@code payload[offset, offset+length)} is valid only during the call. */
        default void onFrame(int msgClass, int msgId, byte[] payload, int offset, int length) {
        }

        /** A navigation epoch is complete; {@code sample} is reused by the parser. */
        default void onEpoch(GnssSample sample) {
        }
    }

    private static final long WEEK_MS = 604_800_000L;
    private static final long DAY_MS = 86_400_000L;
    private static final long NO_TIME = Long.MIN_VALUE;
    /** 1980-01-06T00:00:00Z, the start of GPS time, in ms since 1970. */
    private static final long GPS_EPOCH_MS = 315_964_800_000L;

    private final Listener listener;
    private final int maxPayload;
    private final byte[] buf;
    private int n;

    private long framesOk;
    private long frameBytes;
    private long checksumErrors;
    private long lengthErrors;
    private long decodeErrors;
    private long skippedBytes;
    private long epochs;
    private long allZeroFixes;
    private long offGlobeFixes;
    private long timeJumps;
    private long lastUtcMs = Long.MIN_VALUE;

    private final GnssSample sample = new GnssSample();
    private boolean utcValid;
    private long utcTimeMs;
    private int receiverFixType;
    private boolean gnssFixOk;
    private long epochITowMs = -1;
    private double groundSpeedMps;
    private double courseDeg;

    private boolean pvtSeen;
    // NAV-EOE seen: NAV-PVT epochs wait for the end of their epoch.
    private boolean eoeSeen;
    private boolean pvtHeld;
    // NAV-HPPOSLLH of hpITow (valid ones only).
    private long hpITow = -1;
    private double hpLatDeg;
    private double hpLonDeg;
    // NAV-SOL-only receivers: 0 not yet known, 1 NAV-SOL alone, 2 merged with NAV-POSLLH/VELNED.
    private static final int SOL_UNKNOWN = 0;
    private static final int SOL_ALONE = 1;
    private static final int SOL_MERGED = 2;
    private int solMode = SOL_UNKNOWN;
    private final byte[] heldSol = new byte[52];
    private boolean solHeld;
    private final double[] geo = new double[3];
    // Leap seconds (GPS - UTC) of the latest NAV-TIMEGPS with leapSValid, Integer.MIN_VALUE before.
    private int leapSeconds = Integer.MIN_VALUE;
    private double altEllipsoidM = Double.NaN;
    private boolean altMslKnown;
    // Older receivers: the three parts of one epoch, each with the iTOW it was for.
    private long solITow = -1;
    private int solFix;
    private int solFlags;
    private int solNumSv;
    private double solSAccMps;
    private long posITow = -1;
    private double posLatDeg;
    private double posLonDeg;
    private double posAltMslM;
    private double posAltEllipsoidM;
    private double posHAccM;
    private double posVAccM;
    private long velITow = -1;
    private double velN;
    private double velE;
    private double velD;
    private double velGroundSpeed;
    private double velHeadingDeg;
    // Last NAV-TIMEUTC with validUTC, to date the older receivers' epochs.
    private long timeUtcITow = -1;
    private long timeUtcMs;

    private long dopITow = -1;
    private double hdop = Double.NaN;
    private double vdop = Double.NaN;

    private int satellitesVisible = -1;
    private int satellitesUsedInSat = -1;
    private int jammingIndicator = -1;
    private int jammingState = -1;
    private int spoofingState;

    public UbxParser(Listener listener) {
        this(listener, DEFAULT_MAX_PAYLOAD);
    }

    /** @param maxPayload longest payload accepted (bytes); longer lengths are counted and rejected */
    public UbxParser(Listener listener, int maxPayload) {
        if (maxPayload < 100 || maxPayload > 65535) {
            throw new IllegalArgumentException("maxPayload must be 100..65535 bytes, got " + maxPayload);
        }
        this.listener = listener == null ? new Listener() { } : listener;
        this.maxPayload = maxPayload;
        this.buf = new byte[maxPayload + UbxProtocol.OVERHEAD];
    }

    /** Feeds {@code data[off, off+len)}. */
    public void feed(byte[] data, int off, int len) {
        for (int i = off; i < off + len; i++) {
            feed(data[i]);
        }
    }

    /** Feeds one byte. */
    public void feed(byte b) {
        if (n == 0) {
            if ((b & 0xFF) == UbxProtocol.SYNC1) {
                buf[n++] = b;
            } else {
                skippedBytes++;
            }
            return;
        }
        buf[n++] = b;
        process();
    }

    /** Forgets any incomplete candidate (e.g. after the port's baud rate changed); counters stay. */
    public void resetFraming() {
        skippedBytes += n;
        n = 0;
    }

    private void process() {
        while (n > 0) {
            if (n >= 2 && (buf[1] & 0xFF) != UbxProtocol.SYNC2) {
                dropCandidate();
                continue;
            }
            if (n < 6) {
                return;
            }
            int length = u2(buf, 4);
            if (length > maxPayload) {
                lengthErrors++;
                dropCandidate();
                continue;
            }
            int total = length + UbxProtocol.OVERHEAD;
            if (n < total) {
                return;
            }
            int ck = UbxProtocol.checksum(buf, 2, length + 4);
            if ((ck & 0xFF) != (buf[total - 2] & 0xFF) || (ck >>> 8) != (buf[total - 1] & 0xFF)) {
                checksumErrors++;
                dropCandidate();
                continue;
            }
            framesOk++;
            frameBytes += total;
            dispatch(u1(buf, 2), u1(buf, 3), length);
            consume(total);
        }
    }

    /** Drops the candidate's first byte and resumes at the next 0xB5 it holds. */
    private void dropCandidate() {
        skippedBytes++;
        consume(1);
    }

    /** Removes {@code count} bytes, then skips to the next 0xB5 in what is left. */
    private void consume(int count) {
        int next = count;
        while (next < n && (buf[next] & 0xFF) != UbxProtocol.SYNC1) {
            next++;
        }
        skippedBytes += next - count;
        int remaining = n - next;
        if (remaining > 0) {
            System.arraycopy(buf, next, buf, 0, remaining);
        }
        n = remaining;
    }

    private void dispatch(int cls, int id, int length) {
        final int p = 6;
        listener.onFrame(cls, id, buf, p, length);
        switch (UbxProtocol.key(cls, id)) {
            case 0x0107 -> decodeNavPvt(p, length);
            case 0x0106 -> decodeNavSol(p, length);
            case 0x0102 -> decodeNavPosllh(p, length);
            case 0x0112 -> decodeNavVelned(p, length);
            case 0x0121 -> decodeNavTimeutc(p, length);
            case 0x0120 -> decodeNavTimegps(p, length);
            case 0x0114 -> decodeNavHpposllh(p, length);
            case 0x0161 -> decodeNavEoe(p, length);
            case 0x0104 -> decodeNavDop(p, length);
            case 0x0135 -> decodeNavSat(p, length);
            case 0x0A38 -> decodeMonRf(p, length);
            case 0x0A09 -> decodeMonHw(p, length);
            case 0x2709 -> decodeSecSig(p, length);
            default -> {
            }
        }
    }

    // M8 §32.17.15 NAV-PVT: iTOW 0, year 4, month 6, day 7, hour 8, min 9, sec 10, valid 11,
    // tAcc 12, nano 16, fixType 20, flags 21, flags2 22, numSV 23, lon 24, lat 28, height 32,
    // hMSL 36, hAcc 40, vAcc 44, velN 48, velE 52, velD 56, gSpeed 60, headMot 64, sAcc 68.
    private void decodeNavPvt(int p, int length) {
        if (length < 84) {
            decodeErrors++;
            return;
        }
        if (pvtHeld) {
            // The previous epoch's NAV-EOE never came: it goes out now, before this one overwrites it.
            pvtHeld = false;
            publish(epochITowMs);
        }
        pvtSeen = true;
        long iTow = u4(buf, p);
        int valid = u1(buf, p + 11);
        int flags = u1(buf, p + 21);
        receiverFixType = u1(buf, p + 20);
        gnssFixOk = (flags & 0x01) != 0;
        // validDate and validTime (bits 0, 1): the UTC date and time of day are known.
        long utc = (valid & 0x03) == 0x03
                ? utcMs(u2(buf, p + 4), u1(buf, p + 6), u1(buf, p + 7), u1(buf, p + 8), u1(buf, p + 9),
                        u1(buf, p + 10), i4(buf, p + 16))
                : NO_TIME;
        utcValid = utc != NO_TIME;
        if (utcValid) {
            utcTimeMs = utc;
        }
        GnssSample s = sample;
        s.fixType = mapFixType(receiverFixType, gnssFixOk, (flags & 0x02) != 0, (flags >>> 6) & 0x03);
        s.satellitesUsed = u1(buf, p + 23);
        s.lonDeg = i4(buf, p + 24) * 1e-7;
        s.latDeg = i4(buf, p + 28) * 1e-7;
        s.altMslM = i4(buf, p + 36) * 1e-3;
        altEllipsoidM = i4(buf, p + 32) * 1e-3;
        altMslKnown = true;
        s.ephM = u4(buf, p + 40) * 1e-3;
        s.epvM = u4(buf, p + 44) * 1e-3;
        s.velNMps = i4(buf, p + 48) * 1e-3;
        s.velEMps = i4(buf, p + 52) * 1e-3;
        s.velDMps = i4(buf, p + 56) * 1e-3;
        groundSpeedMps = i4(buf, p + 60) * 1e-3;
        courseDeg = i4(buf, p + 64) * 1e-5;
        s.sAccMps = u4(buf, p + 68) * 1e-3;
        if (eoeSeen) {
            epochITowMs = iTow;
            pvtHeld = true;
            return;
        }
        publish(iTow);
    }

    // M8 §32.17.21 NAV-SOL: iTOW 0, fTOW 4 (ns), week 8, gpsFix 10, flags 11 (bit 0 gpsFixOK, 1
    // diffSoln, 2 WKNSET, 3 TOWSET), ecefX/Y/Z 12/16/20 (cm), pAcc 24 (cm), ecefVX/VY/VZ 28/32/36
    // (cm/s), sAcc 40 (cm/s), pDOP 44 (0.01), numSV 47.
    private void decodeNavSol(int p, int length) {
        if (length < 52) {
            decodeErrors++;
            return;
        }
        if (pvtSeen) {
            return;
        }
        long iTow = u4(buf, p);
        if (solMode == SOL_UNKNOWN) {
            if (solHeld && u4(heldSol, 0) != iTow) {
                // A whole epoch went by with no NAV-POSLLH/VELNED: this receiver sends NAV-SOL alone.
                solMode = SOL_ALONE;
                solHeld = false;
                publishSol(heldSol, 0);
            } else {
                System.arraycopy(buf, p, heldSol, 0, 52);
                solHeld = true;
            }
        }
        if (solMode == SOL_ALONE) {
            publishSol(buf, p);
            return;
        }
        solITow = iTow;
        solFix = u1(buf, p + 10);
        solFlags = u1(buf, p + 11);
        solSAccMps = u4(buf, p + 40) * 1e-2;
        solNumSv = u1(buf, p + 47);
        tryLegacyEpoch();
    }

    /** One epoch from a NAV-SOL payload at {@code b[p..p+52)} alone (see the class comment). */
    private void publishSol(byte[] b, int p) {
        long iTow = u4(b, p);
        int flags = u1(b, p + 11);
        receiverFixType = u1(b, p + 10);
        gnssFixOk = (flags & 0x01) != 0;
        GnssSample s = sample;
        s.fixType = mapFixType(receiverFixType, gnssFixOk, (flags & 0x02) != 0, 0);
        s.satellitesUsed = u1(b, p + 47);
        double x = i4(b, p + 12) * 1e-2;
        double y = i4(b, p + 16) * 1e-2;
        double z = i4(b, p + 20) * 1e-2;
        Wgs84.ecefToGeodetic(x, y, z, geo);
        s.latDeg = geo[0];
        s.lonDeg = geo[1];
        altEllipsoidM = geo[2];
        s.altMslM = geo[2];
        altMslKnown = false;
        // NAV-SOL gives a 3-D position accuracy only: used for both, as PX4 does for pAcc.
        double pAcc = u4(b, p + 24) * 1e-2;
        s.ephM = pAcc;
        s.epvM = pAcc;
        double vx = i4(b, p + 28) * 1e-2;
        double vy = i4(b, p + 32) * 1e-2;
        double vz = i4(b, p + 36) * 1e-2;
        double lat = Math.toRadians(geo[0]);
        double lon = Math.toRadians(geo[1]);
        double sinLat = Math.sin(lat);
        double cosLat = Math.cos(lat);
        double sinLon = Math.sin(lon);
        double cosLon = Math.cos(lon);
        s.velNMps = -sinLat * cosLon * vx - sinLat * sinLon * vy + cosLat * vz;
        s.velEMps = -sinLon * vx + cosLon * vy;
        s.velDMps = -cosLat * cosLon * vx - cosLat * sinLon * vy - sinLat * vz;
        s.sAccMps = u4(b, p + 40) * 1e-2;
        groundSpeedMps = Math.hypot(s.velNMps, s.velEMps);
        double course = Math.toDegrees(Math.atan2(s.velEMps, s.velNMps));
        courseDeg = course < 0 ? course + 360.0 : course;
        // GPS time (week and time of week both set) less the leap seconds, when they are known.
        utcValid = false;
        if ((flags & 0x0C) == 0x0C && leapSeconds != Integer.MIN_VALUE) {
            long fTowNs = i4(b, p + 4);
            utcTimeMs = GPS_EPOCH_MS + u2(b, p + 8) * WEEK_MS + iTow + Math.round(fTowNs / 1e6)
                    - leapSeconds * 1000L;
            utcValid = true;
        }
        publish(iTow);
    }

    // M8 §32.17.25 NAV-TIMEGPS: iTOW 0, fTOW 4, week 8, leapS 10 (I1, s), valid 11 (bit 2 leapSValid).
    private void decodeNavTimegps(int p, int length) {
        if (length < 16) {
            decodeErrors++;
            return;
        }
        if ((u1(buf, p + 11) & 0x04) != 0) {
            leapSeconds = i1(buf, p + 10);
        }
    }

    // F9 HPG §3.15.6 NAV-HPPOSLLH: version 0, flags 3 (bit 0 invalidLlh), iTOW 4, lon 8, lat 12
    // (1e-7 deg), height 16, hMSL 20 (mm), lonHp 24, latHp 25 (1e-9 deg), heightHp 26, hMSLHp 27
    // (0.1 mm), hAcc 28, vAcc 32 (0.1 mm).
    private void decodeNavHpposllh(int p, int length) {
        if (length < 36) {
            decodeErrors++;
            return;
        }
        if ((u1(buf, p + 3) & 0x01) != 0) {
            hpITow = -1;
            return;
        }
        hpITow = u4(buf, p + 4);
        hpLonDeg = i4(buf, p + 8) * 1e-7 + i1(buf, p + 24) * 1e-9;
        hpLatDeg = i4(buf, p + 12) * 1e-7 + i1(buf, p + 25) * 1e-9;
    }

    // F9 HPG §3.15.7 NAV-EOE: iTOW 0; the last message of the navigation epoch.
    private void decodeNavEoe(int p, int length) {
        if (length < 4) {
            decodeErrors++;
            return;
        }
        eoeSeen = true;
        if (pvtHeld && u4(buf, p) == epochITowMs) {
            pvtHeld = false;
            publish(epochITowMs);
        }
    }

    // M8 §32.17.14 NAV-POSLLH: iTOW 0, lon 4, lat 8, height 12, hMSL 16, hAcc 20, vAcc 24 (mm).
    private void decodeNavPosllh(int p, int length) {
        if (length < 28) {
            decodeErrors++;
            return;
        }
        solMode = SOL_MERGED;
        posITow = u4(buf, p);
        posLonDeg = i4(buf, p + 4) * 1e-7;
        posLatDeg = i4(buf, p + 8) * 1e-7;
        posAltMslM = i4(buf, p + 16) * 1e-3;
        posAltEllipsoidM = i4(buf, p + 12) * 1e-3;
        posHAccM = u4(buf, p + 20) * 1e-3;
        posVAccM = u4(buf, p + 24) * 1e-3;
        tryLegacyEpoch();
    }

    // M8 §32.17.30 NAV-VELNED: iTOW 0, velN 4, velE 8, velD 12, speed 16, gSpeed 20 (cm/s), heading 24 (1e-5 deg).
    private void decodeNavVelned(int p, int length) {
        if (length < 36) {
            decodeErrors++;
            return;
        }
        solMode = SOL_MERGED;
        velITow = u4(buf, p);
        velN = i4(buf, p + 4) * 1e-2;
        velE = i4(buf, p + 8) * 1e-2;
        velD = i4(buf, p + 12) * 1e-2;
        velGroundSpeed = u4(buf, p + 20) * 1e-2;
        velHeadingDeg = i4(buf, p + 24) * 1e-5;
        tryLegacyEpoch();
    }

    // M8 §32.17.27 NAV-TIMEUTC: iTOW 0, tAcc 4, nano 8, year 12, month 14, day 15, hour 16, min 17,
    // sec 18, valid 19 (bit 2 validUTC).
    private void decodeNavTimeutc(int p, int length) {
        if (length < 20) {
            decodeErrors++;
            return;
        }
        if ((u1(buf, p + 19) & 0x04) == 0) {
            timeUtcITow = -1;
            return;
        }
        long utc = utcMs(u2(buf, p + 12), u1(buf, p + 14), u1(buf, p + 15), u1(buf, p + 16), u1(buf, p + 17),
                u1(buf, p + 18), i4(buf, p + 8));
        timeUtcITow = utc == NO_TIME ? -1 : u4(buf, p);
        timeUtcMs = utc;
    }

    private void tryLegacyEpoch() {
        if (pvtSeen || solITow < 0 || solITow != posITow || solITow != velITow) {
            return;
        }
        long iTow = solITow;
        receiverFixType = solFix;
        gnssFixOk = (solFlags & 0x01) != 0;
        GnssSample s = sample;
        s.fixType = mapFixType(solFix, gnssFixOk, (solFlags & 0x02) != 0, 0);
        s.satellitesUsed = solNumSv;
        s.latDeg = posLatDeg;
        s.lonDeg = posLonDeg;
        s.altMslM = posAltMslM;
        altEllipsoidM = posAltEllipsoidM;
        altMslKnown = true;
        s.ephM = posHAccM;
        s.epvM = posVAccM;
        s.velNMps = velN;
        s.velEMps = velE;
        s.velDMps = velD;
        s.sAccMps = solSAccMps;
        groundSpeedMps = velGroundSpeed;
        courseDeg = velHeadingDeg;
        // Date the epoch from the latest valid NAV-TIMEUTC, carried forward by the iTOW difference
        // (NAV-TIMEUTC may come at a lower rate; a week rollover wraps iTOW).
        utcValid = false;
        if (timeUtcITow >= 0) {
            long dt = Math.floorMod(iTow - timeUtcITow, WEEK_MS);
            if (dt <= 60_000L) {
                utcTimeMs = timeUtcMs + dt;
                utcValid = true;
            }
        }
        solITow = -1;
        posITow = -1;
        velITow = -1;
        publish(iTow);
    }

    private void publish(long iTow) {
        epochITowMs = iTow;
        GnssSample s = sample;
        if (hpITow == iTow) {
            // Latitude and longitude only: NAV-PVT's heights are already at 1 mm, and its
            // 1e-7 deg (~1 cm) is what NAV-HPPOSLLH refines. gpsd does the same.
            s.latDeg = hpLatDeg;
            s.lonDeg = hpLonDeg;
        }
        s.altEllipsoidM = altEllipsoidM;
        boolean dopFits = dopITow == iTow;
        s.hdop = dopFits ? hdop : Double.NaN;
        s.vdop = dopFits ? vdop : Double.NaN;
        s.utcTimeMs = utcValid ? utcTimeMs : GnssSample.UTC_UNKNOWN;
        // A velocity is measured whenever the receiver has a 2-D/3-D (or GNSS+DR) solution;
        // dead reckoning alone (1) and time-only (5) give none.
        s.velocityValid = gnssFixOk && receiverFixType >= 2 && receiverFixType <= 4;
        s.jammingIndicator = jammingIndicator;
        s.jammingState = Math.max(jammingState, 0);
        s.spoofingState = spoofingState;
        if (s.fixType >= GnssSample.FIX_2D && s.latDeg == 0.0 && s.lonDeg == 0.0) {
            allZeroFixes++;
            s.fixType = GnssSample.FIX_NONE;
            s.velocityValid = false;
        }
        // A checksum-valid frame can still carry a position off the globe (NAV-PVT and NAV-HPPOSLLH
        // lat/lon are raw I4 fields, up to ±214.7°; found by GnssParsersFuzzTest): never a fix.
        if (s.fixType >= GnssSample.FIX_2D && !(Math.abs(s.latDeg) <= 90.0 && Math.abs(s.lonDeg) <= 180.0)) {
            offGlobeFixes++;
            s.fixType = GnssSample.FIX_NONE;
            s.velocityValid = false;
        }
        if (s.utcTimeMs != GnssSample.UTC_UNKNOWN) {
            if (lastUtcMs != Long.MIN_VALUE && (s.utcTimeMs < lastUtcMs
                    || s.utcTimeMs - lastUtcMs > NmeaParser.DEFAULT_MAX_FORWARD_STEP_MS)) {
                timeJumps++;
                s.fixType = GnssSample.FIX_NONE;
                s.velocityValid = false;
            }
            lastUtcMs = s.utcTimeMs;
        }
        s.errorCount = checksumErrors + lengthErrors + decodeErrors + allZeroFixes + offGlobeFixes + timeJumps;
        epochs++;
        listener.onEpoch(s);
    }

    // M8 §32.17.5 NAV-DOP: iTOW 0, gDOP 4, pDOP 6, tDOP 8, vDOP 10, hDOP 12 (0.01).
    private void decodeNavDop(int p, int length) {
        if (length < 18) {
            decodeErrors++;
            return;
        }
        dopITow = u4(buf, p);
        vdop = u2(buf, p + 10) * 0.01;
        hdop = u2(buf, p + 12) * 0.01;
        // NAV-DOP usually follows NAV-PVT of its epoch: patch the sample just published.
        if (dopITow == epochITowMs) {
            sample.hdop = hdop;
            sample.vdop = vdop;
        }
    }

    // M8 §32.17.19 NAV-SAT: iTOW 0, version 4, numSvs 5, then 12-byte blocks at 8 + 12 i with
    // flags (X4) at +8, bit 3 svUsed.
    private void decodeNavSat(int p, int length) {
        if (length < 8) {
            decodeErrors++;
            return;
        }
        int numSvs = u1(buf, p + 5);
        if (8 + 12 * numSvs > length) {
            decodeErrors++;
            return;
        }
        int used = 0;
        for (int i = 0; i < numSvs; i++) {
            if ((u1(buf, p + 8 + 12 * i + 8) & 0x08) != 0) {
                used++;
            }
        }
        satellitesVisible = numSvs;
        satellitesUsedInSat = used;
    }

    // F9 §3.14.8 MON-RF: version 0, nBlocks 1, then 24-byte blocks at 4 + 24 i: flags +1 (bits 1..0
    // jammingState), jamInd +16.
    private void decodeMonRf(int p, int length) {
        if (length < 4) {
            decodeErrors++;
            return;
        }
        int blocks = u1(buf, p + 1);
        if (blocks == 0 || 4 + 24 * blocks > length) {
            decodeErrors++;
            return;
        }
        jammingState = u1(buf, p + 4 + 1) & 0x03;
        jammingIndicator = u1(buf, p + 4 + 16);
    }

    // M8 §32.16.4 MON-HW: flags 22 (bits 3..2 jammingState); jamInd 45 (60-byte u-blox 7/8 form)
    // or 53 (68-byte u-blox 6 form, VP[25]), as PX4's ubx_payload_rx_mon_hw_ubx6/7_t.
    private void decodeMonHw(int p, int length) {
        int jamOffset;
        if (length == 68) {
            jamOffset = 53;
        } else if (length == 60) {
            jamOffset = 45;
        } else {
            decodeErrors++;
            return;
        }
        jammingState = (u1(buf, p + 22) >>> 2) & 0x03;
        jammingIndicator = u1(buf, p + jamOffset);
    }

    // F9 HPG 1.32 UBX-22008968 §3.16.2 SEC-SIG. Version 1: jamFlags at 4 (bits 2..1 jammingState),
    // spfFlags at 8 (bits 3..1 spoofingState). Version 2+: sigSecFlags at 1 (bits 2..1
    // jammingState, bits 6..4 spoofingState).
    private void decodeSecSig(int p, int length) {
        if (length < 2) {
            decodeErrors++;
            return;
        }
        int version = u1(buf, p);
        if (version == 1) {
            if (length < 9) {
                decodeErrors++;
                return;
            }
            secSigJamming((u1(buf, p + 4) >>> 1) & 0x03);
            spoofingState = (u1(buf, p + 8) >>> 1) & 0x07;
        } else {
            int f = u1(buf, p + 1);
            secSigJamming((f >>> 1) & 0x03);
            spoofingState = (f >>> 4) & 0x07;
        }
    }

    /** SEC-SIG's "unknown" (its jamming detection off) does not erase what MON-RF/MON-HW said. */
    private void secSigJamming(int state) {
        if (state != 0 || jammingState < 0) {
            jammingState = state;
        }
    }

    /** PX4's mapping (see class comment); {@code carrSoln} 1 float, 2 fixed. */
    static int mapFixType(int receiverFix, boolean fixOk, boolean diffSoln, int carrSoln) {
        if (!fixOk) {
            return GnssSample.FIX_NONE;
        }
        int fix = switch (receiverFix) {
            case 2 -> GnssSample.FIX_2D;
            case 3, 4 -> GnssSample.FIX_3D;
            default -> GnssSample.FIX_NONE;
        };
        if (fix == GnssSample.FIX_3D) {
            if (carrSoln == 1) {
                return 5;
            }
            if (carrSoln == 2) {
                return 6;
            }
            if (diffSoln) {
                return 4;
            }
        }
        return fix;
    }

    /** UTC ms since 1970 of a receiver date and time; {@link #NO_TIME} when a field is out of range. */
    static long utcMs(int year, int month, int day, int hour, int min, int sec, int nano) {
        if (year < 1980 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60
                || nano <= -1_000_000_000 || nano >= 1_000_000_000) {
            return NO_TIME;
        }
        return daysFromCivil(year, month, day) * DAY_MS + hour * 3_600_000L + min * 60_000L + sec * 1000L
                + Math.round(nano / 1e6);
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /** The latest epoch (reused; also handed to {@link Listener#onEpoch}). */
    public GnssSample sample() {
        return sample;
    }

    /** Whether the latest epoch's UTC time is known (NAV-PVT validDate+validTime, or a recent NAV-TIMEUTC). */
    public boolean hasUtcTime() {
        return utcValid;
    }

    /** UTC time of the latest epoch, ms since 1970-01-01; meaningful only when {@link #hasUtcTime()}. */
    public long utcTimeMs() {
        return utcTimeMs;
    }

    /**
     * Whether the latest epoch's {@code altMslM} is a mean-sea-level height the receiver sent
     * (false for a NAV-SOL-only epoch, whose altMslM is the ellipsoid height).
     */
    public boolean altitudeMslKnown() {
        return altMslKnown;
    }

    /** GPS time of week of the latest epoch (ms), -1 before the first. */
    public long epochITowMs() {
        return epochITowMs;
    }

    /** The receiver's own fix type of the latest epoch (0 none, 1 DR, 2 2-D, 3 3-D, 4 GNSS+DR, 5 time). */
    public int receiverFixType() {
        return receiverFixType;
    }

    public boolean gnssFixOk() {
        return gnssFixOk;
    }

    /** 2-D ground speed of the latest epoch (m/s). */
    public double groundSpeedMps() {
        return groundSpeedMps;
    }

    /** Heading of motion of the latest epoch (deg, 0..360). */
    public double courseDeg() {
        return courseDeg;
    }

    /** Satellites in the latest NAV-SAT, -1 before one. */
    public int satellitesVisible() {
        return satellitesVisible;
    }

    /** Satellites the latest NAV-SAT flags svUsed, -1 before one. */
    public int satellitesUsedInNavSat() {
        return satellitesUsedInSat;
    }

    /** Latest jamming state (MON-RF, MON-HW or SEC-SIG): 0 unknown, 1 none, 2 warning, 3 critical; -1 never reported. */
    public int jammingState() {
        return jammingState;
    }

    /** Latest jamming indicator 0..255 (MON-RF / MON-HW jamInd), -1 never reported. */
    public int jammingIndicator() {
        return jammingIndicator;
    }

    /** Latest SEC-SIG spoofing state: 0 unknown, 1 none, 2 indicated, 3 multiple indications. */
    public int spoofingState() {
        return spoofingState;
    }

    public long framesOk() {
        return framesOk;
    }

    /** Bytes of good frames (sync to checksum): with {@link #skippedBytes()} and {@link #pendingBytes()}, every byte fed. */
    public long frameBytes() {
        return frameBytes;
    }

    public long checksumErrors() {
        return checksumErrors;
    }

    /** Candidates rejected because their length exceeded the bound. */
    public long lengthErrors() {
        return lengthErrors;
    }

    /** Good frames whose payload was too short for their message. */
    public long decodeErrors() {
        return decodeErrors;
    }

    /** Bytes that belonged to no good frame. */
    public long skippedBytes() {
        return skippedBytes;
    }

    /** Bytes held for a frame not yet complete. */
    public int pendingBytes() {
        return n;
    }

    public long epochs() {
        return epochs;
    }

    /** Epochs that claimed a fix at exactly 0°, 0°, published without one. */
    public long allZeroFixes() {
        return allZeroFixes;
    }

    /** Epochs whose latitude/longitude was outside ±90°/±180° (or not a number), published without a fix. */
    public long offGlobeFixes() {
        return offGlobeFixes;
    }

    /** Dated epochs whose time went backwards or jumped forward too far, published without a fix. */
    public long timeJumps() {
        return timeJumps;
    }
}
