package org.hoverla.sim.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.gnss.NmeaFix;
import org.hoverla.hal.gnss.NmeaParser;
import org.hoverla.hal.gnss.UbxParser;
import org.hoverla.hal.gnss.UbxProtocol;

/**
 * Decodes a recorded GNSS byte stream for {@code ./hoverla gnss decode}: the same bytes go to an
 * {@link NmeaParser} and a {@link UbxParser}, so a stream may mix both protocols, and every epoch
 * either parser completes is handed on, in stream order, as one {@link Epoch}.
 *
 * <p><b>Header.</b> gpsd-style captures open with {@code #} comment lines. Only that leading block
 * is a header: lines at the very start of the stream that begin with {@code #}, hold printable
 * text (tabs and UTF-8 allowed) and end with LF within {@link #MAX_HEADER_LINE} bytes, all within
 * the first read of {@link #CHUNK} bytes. Header bytes are counted apart and given to neither
 * parser. Anything later (a {@code #} line mid-stream, or a "header" line holding a control byte,
 * i.e. binary data) goes to both parsers and, belonging to no frame, is counted as skipped.
 *
 * <p><b>Counts.</b> Each parser counts its own frames, checksum errors and skipped bytes; in a
 * mixed stream the frames of one protocol are skipped bytes of the other.
 *
 * <p><b>Order.</b> Epochs come out when their last byte has been read, so in stream order per
 * protocol. Across protocols, a UBX epoch can come out late: a false {@code 0xB5 0x62} in garbage
 * makes the UBX parser wait for the length it claims before it rescans (at the end of the stream
 * the rest is rescanned at once, so no frame is lost).
 *
 * <p><b>What an epoch says</b> (null where the stream does not say): NMEA as {@link NmeaParser}
 * assembles it, time only once RMC or ZDA gave a date, eph/epv = DOP × {@link
 * NmeaParser#DEFAULT_UERE_M}; UBX from NAV-PVT (or NAV-SOL + NAV-POSLLH + NAV-VELNED), position,
 * altitude, speed and course only with a 2-D/3-D fix (altitude only 3-D), eph/epv = hAcc/vAcc.
 * The fix is what the receiver claims; the flight stack's extra checks (a fix at 0°, 0°, a time
 * jump) are counted, not applied. Not thread-safe; allocates per epoch (a tool, not flight code).
 */
final class GnssCaptureDecoder {
    static final int CHUNK = 64 * 1024;
    static final int MAX_HEADER_LINE = 1024;

    /** One decoded epoch; boxed fields are null where the stream did not say. */
    record Epoch(String protocol, Long utcMs, int fix, Double latDeg, Double lonDeg, Double altMslM,
            Double speedMps, Double courseDeg, Integer sats, Double ephM, Double epvM) {
    }

    private final Consumer<Epoch> sink;
    private final NmeaParser nmea;
    private final UbxParser ubx;
    private long bytes;
    private long headerBytes;
    private boolean first = true;
    /** The last bytes fed, enough to hold any UBX candidate the parser may still be waiting on. */
    private final byte[] tail = new byte[UbxParser.DEFAULT_MAX_PAYLOAD + UbxProtocol.OVERHEAD];
    private int tailLength;
    /** Bytes fed to the UBX parser twice by {@link #drainUbx}, so counted twice as skipped. */
    private long ubxRefed;

    GnssCaptureDecoder(Consumer<Epoch> sink) {
        this.sink = sink;
        this.nmea = new NmeaParser(this::onNmea, false, false, NmeaParser.DEFAULT_UERE_M,
                NmeaParser.DEFAULT_MAX_FORWARD_STEP_MS);
        this.ubx = new UbxParser(new UbxParser.Listener() {
            @Override
            public void onEpoch(GnssSample sample) {
                onUbx(sample);
            }
        });
    }

    /** Decodes everything {@code in} holds, then flushes the epoch NMEA was still assembling. */
    void decode(InputStream in) throws IOException {
        byte[] buf = new byte[CHUNK];
        int n;
        while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
            feed(buf, n);
        }
        nmea.flush();
        drainUbx();
    }

    /**
     * At the end of the stream the UBX parser may still wait for the bytes a false {@code 0xB5 0x62}
     * claimed, with real frames inside them. Those bytes are the stream's last ones: drop the
     * candidate's first byte and feed the rest again, until nothing is pending.
     */
    private void drainUbx() {
        int pending;
        while ((pending = ubx.pendingBytes()) > 0 && pending <= tailLength) {
            ubx.resetFraming();
            ubx.feed(tail, tailLength - pending + 1, pending - 1);
            ubxRefed += pending - 1;
        }
    }

    void feed(byte[] buf, int len) {
        bytes += len;
        int start = 0;
        if (first) {
            first = false;
            start = headerLength(buf, len);
            headerBytes = start;
        }
        nmea.feed(buf, start, len - start);
        ubx.feed(buf, start, len - start);
        keepTail(buf, start, len - start);
    }

    private void keepTail(byte[] buf, int off, int len) {
        if (len >= tail.length) {
            System.arraycopy(buf, off + len - tail.length, tail, 0, tail.length);
            tailLength = tail.length;
            return;
        }
        int keep = Math.min(tailLength, tail.length - len);
        System.arraycopy(tail, tailLength - keep, tail, 0, keep);
        System.arraycopy(buf, off, tail, keep, len);
        tailLength = keep + len;
    }

    /** Length of the leading {@code #} comment block (see the class comment). */
    static int headerLength(byte[] b, int len) {
        int end = 0;
        while (end < len && b[end] == '#') {
            int i = end;
            int limit = Math.min(len, end + MAX_HEADER_LINE);
            while (i < limit && b[i] != '\n' && isText(b[i])) {
                i++;
            }
            if (i >= limit || b[i] != '\n') {
                break;
            }
            end = i + 1;
        }
        return end;
    }

    private static boolean isText(byte c) {
        return c == '\t' || c == '\r' || (c & 0xFF) >= 0x20 && c != 0x7F;
    }

    private void onNmea(NmeaFix f) {
        GnssSample s = f.sample;
        Long time = f.hasDate && f.utcTimeOfDayMs >= 0 ? f.utcEpochMs() : null;
        sink.accept(new Epoch("nmea", time, f.mode,
                f.hasPosition ? s.latDeg : null, f.hasPosition ? s.lonDeg : null,
                f.hasAltitude && f.hasPosition ? s.altMslM : null,
                number(f.speedMps), number(f.courseDeg),
                f.hasSatellitesUsed ? s.satellitesUsed : null, number(s.ephM), number(s.epvM)));
    }

    private void onUbx(GnssSample s) {
        // gpsd's mode: no fix unless gnssFixOK (the parser's fixType is FIX_NONE then), else 2-D/3-D
        int mode = s.fixType >= GnssSample.FIX_3D ? 3 : s.fixType == GnssSample.FIX_2D ? 2 : 1;
        boolean pos = mode >= 2;
        sink.accept(new Epoch("ubx", ubx.hasUtcTime() ? ubx.utcTimeMs() : null, mode,
                pos ? s.latDeg : null, pos ? s.lonDeg : null, mode == 3 && ubx.altitudeMslKnown() ? s.altMslM : null,
                pos ? number(ubx.groundSpeedMps()) : null, pos ? number(ubx.courseDeg()) : null,
                s.satellitesUsed, number(s.ephM), number(s.epvM)));
    }

    private static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }

    NmeaParser nmea() {
        return nmea;
    }

    UbxParser ubx() {
        return ubx;
    }

    long bytes() {
        return bytes;
    }

    long headerBytes() {
        return headerBytes;
    }

    /** Bytes in no good UBX frame, each counted once. */
    long ubxSkippedBytes() {
        return ubx.skippedBytes() - ubxRefed + ubx.pendingBytes();
    }

    /** Whether either parser found at least one good frame. */
    boolean anyFrame() {
        return nmea.frames() > 0 || ubx.framesOk() > 0;
    }

    /** The end-of-file counts, one line. */
    String summary() {
        return String.format("bytes %d (header %d); nmea: frames %d, checksum errors %d, skipped bytes %d, epochs %d"
                        + " (missing checksums %d, truncated %d, time jumps %d, at 0,0 %d);"
                        + " ubx: frames %d, checksum errors %d, skipped bytes %d, epochs %d (length errors %d, short payloads %d)",
                bytes, headerBytes, nmea.frames(), nmea.checksumErrors(), nmea.skippedBytes(), nmea.epochs(),
                nmea.missingChecksums(), nmea.truncatedFrames(), nmea.timeJumps(), nmea.allZeroFixes(),
                ubx.framesOk(), ubx.checksumErrors(), ubxSkippedBytes(), ubx.epochs(),
                ubx.lengthErrors(), ubx.decodeErrors());
    }
}
