package org.hoverla.hal.gnss;

import java.util.Arrays;

/**
 * Finds the baud rate a GNSS receiver talks at, as a pure strategy: it says which rate the port
 * should be at, the caller reopens the port when told and hands over every byte read, and the
 * detector decides on complete, checksummed frames: UBX (Fletcher-8) or NMEA 0183 ({@code $...*hh},
 * XOR checksum). A wrong rate turns a receiver's output into noise in which a valid frame is rare,
 * so {@link #framesNeeded} of them decide.
 *
 * <p>Rates are tried in PX4's order ({@code GPSDriverUBX::configure}, PX4-GPSDrivers src/ubx.cpp:
 * 38400, 57600, 9600, 115200, 230400, 460800, 921600 — the u-blox defaults first), restricted by
 * default to the five rates u-blox receivers ship at or are usually set to. Each rate is listened
 * to for the dwell time, and once more when it gave some valid frames but not enough (a 1 Hz
 * receiver's second sentence); after {@code rounds}
 * passes over all rates the detector fails. After each switch the caller may write {@link
 * #probe()} (a MON-VER poll), which a u-blox receiver answers even with its periodic output off.
 *
 * <p>Allocation-free after construction; not thread-safe (the driver thread owns it).
 */
public final class GnssBaudRateDetector {
    /** PX4's order of the rates u-blox receivers use: 38400 (M8+ default), 9600 (older, M10), then faster. */
    public static final int[] PX4_ORDER = {38400, 9600, 115200, 230400, 460800};

    /** What the detector has concluded. */
    public enum Status { LISTENING, FOUND, FAILED }

    /** The protocol that decided. */
    public enum Protocol { NONE, UBX, NMEA }

    private static final int NMEA_MAX = 82;

    private final int[] rates;
    private final long dwellNs;
    private final int framesNeeded;
    private final int rounds;
    private final UbxParser ubx = new UbxParser(null);
    private final byte[] probe = UbxProtocol.frame(UbxProtocol.CLASS_MON, UbxProtocol.MON_VER, new byte[0]);

    private Status status = Status.LISTENING;
    private Protocol protocol = Protocol.NONE;
    private int attempt = -1;
    private long switchedAtNs;
    private boolean extended;
    private long ubxFramesAtSwitch;
    private int nmeaFrames;
    // NMEA sentence being read: -1 outside, else characters since '$'; then checksum digits.
    private int nmeaLength = -1;
    private int nmeaXor;
    private int nmeaStarDigits = -1;
    private int nmeaGiven;

    /** PX4's order, 1.2 s per rate, 2 frames, 2 rounds. */
    public GnssBaudRateDetector() {
        this(PX4_ORDER, 1_200_000_000L, 2, 2);
    }

    public GnssBaudRateDetector(int[] rates, long dwellNs, int framesNeeded, int rounds) {
        if (rates.length == 0 || dwellNs <= 0 || framesNeeded < 1 || rounds < 1) {
            throw new IllegalArgumentException("need at least one rate, a positive dwell, frames >= 1 and rounds >= 1");
        }
        this.rates = Arrays.copyOf(rates, rates.length);
        this.dwellNs = dwellNs;
        this.framesNeeded = framesNeeded;
        this.rounds = rounds;
    }

    /**
     * Advances the strategy to {@code nowNs}. Returns true when the caller must (re)open the port at
     * {@link #baudRate()} (discarding what it had buffered) and may write {@link #probe()}.
     */
    public boolean step(long nowNs) {
        if (status != Status.LISTENING) {
            return false;
        }
        if (attempt >= 0 && validFrames() >= framesNeeded) {
            status = Status.FOUND;
            return false;
        }
        if (attempt >= 0 && nowNs - switchedAtNs < dwellNs) {
            return false;
        }
        if (attempt >= 0 && validFrames() > 0 && !extended) {
            // Some evidence but not enough (a 1 Hz receiver's second sentence): listen once more.
            extended = true;
            switchedAtNs = nowNs;
            return false;
        }
        attempt++;
        if (attempt >= rates.length * rounds) {
            status = Status.FAILED;
            attempt = rates.length * rounds - 1;
            return false;
        }
        switchedAtNs = nowNs;
        extended = false;
        ubx.resetFraming();
        ubxFramesAtSwitch = ubx.framesOk();
        nmeaFrames = 0;
        nmeaLength = -1;
        protocol = Protocol.NONE;
        return true;
    }

    /** Bytes read at the current rate. */
    public void onBytes(byte[] data, int off, int len) {
        if (status != Status.LISTENING || attempt < 0) {
            return;
        }
        for (int i = off; i < off + len; i++) {
            byte b = data[i];
            ubx.feed(b);
            nmea(b & 0xFF);
        }
        if (validFrames() >= framesNeeded) {
            protocol = ubx.framesOk() - ubxFramesAtSwitch >= nmeaFrames ? Protocol.UBX : Protocol.NMEA;
        }
    }

    private void nmea(int c) {
        if (c == '$') {
            nmeaLength = 0;
            nmeaXor = 0;
            nmeaStarDigits = -1;
            return;
        }
        if (nmeaLength < 0) {
            return;
        }
        if (nmeaStarDigits >= 0) {
            int digit = Character.digit(c, 16);
            if (digit < 0) {
                nmeaLength = -1;
                return;
            }
            nmeaGiven = nmeaGiven << 4 | digit;
            if (++nmeaStarDigits == 2) {
                if (nmeaGiven == nmeaXor && nmeaLength >= 6) {
                    nmeaFrames++;
                }
                nmeaLength = -1;
            }
            return;
        }
        if (c == '*') {
            nmeaStarDigits = 0;
            nmeaGiven = 0;
            return;
        }
        if (c < 0x20 || c > 0x7E || ++nmeaLength > NMEA_MAX) {
            nmeaLength = -1;
            return;
        }
        nmeaXor ^= c;
    }

    private long validFrames() {
        return ubx.framesOk() - ubxFramesAtSwitch + nmeaFrames;
    }

    /** The rate the port should be at now (the found one once {@link Status#FOUND}). */
    public int baudRate() {
        return rates[Math.max(attempt, 0) % rates.length];
    }

    public Status status() {
        return status;
    }

    /** The protocol whose frames decided ({@link Protocol#NONE} until found). */
    public Protocol protocol() {
        return status == Status.FOUND ? protocol : Protocol.NONE;
    }

    /** A MON-VER poll, to prompt a u-blox receiver to answer at this rate (shared array: write it, do not modify it). */
    public byte[] probe() {
        return probe;
    }
}
