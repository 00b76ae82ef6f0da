package org.hoverla.hal.rc;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.hoverla.hal.RcInputSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.UartPort;

/**
 * An RC receiver on a UART: CRSF (ExpressLRS, TBS Crossfire) or SBUS. Reads the port, feeds a
 * {@link CrsfParser} or {@link SbusParser}, and hands each new frame, and each change to failsafe,
 * to a sink; for CRSF it also writes telemetry back (battery, attitude, flight mode).
 *
 * <p><b>Thread.</b> {@link #run()} is the driver thread's body: {@link #pollOnce()} until {@link
 * #stop()}. Tests may call {@code pollOnce} directly. Counters may be read from any thread. The sink
 * is called on the driver thread with one reused {@link RcInputSample}: it must copy (a seqlock topic
 * does).
 *
 * <p><b>What the sink sees.</b> Nothing before the first frame. Then one sample per RC frame with
 * valid channels ({@code failsafe == false}, {@code frameLost == false}). A failsafe sample
 * ({@code failsafe == true}, {@code channelCount == 0}) once when the receiver reports failsafe (SBUS
 * failsafe bit, CRSF uplink LQ 0) and once when no valid frame came for {@code linkTimeoutNs}; then
 * nothing until a valid frame comes back. SBUS frames with only the frame-lost bit are counted
 * ({@link #lostFrames()}) and not handed on: their channels are the receiver's held ones, not new
 * sticks. For CRSF, the newest LINK_STATISTICS ride on every sample: {@code linkQualityPct}, {@code
 * rssiDbm} of the active antenna, {@code rssiPct} scaled from it as PX4's {@code crsfRssiDbmToPercent}
 * does (−130 dBm → 0 %, 0 dBm → 100 %), {@code snrDb}; they are cleared when no statistics came for
 * the link timeout.
 *
 * <p><b>Link timeout.</b> {@link #DEFAULT_LINK_TIMEOUT_NS} = 500 ms, PX4's: its {@code crsf_rc}
 * driver sets {@code rc_lost} and {@code rc_failsafe} when no RC frame came for 500 ms ({@code
 * CrsfRc.cpp}, {@code Run()}), and invalidates the link statistics after the same time.
 *
 * <p><b>SBUS resynchronisation.</b> A read that times out with nothing means the line was idle for
 * at least the read timeout (2 ms); SBUS frames are sent back to back within 3 ms every 7 or 14 ms,
 * so that is an inter-frame gap and {@link SbusParser#gap()} drops any partial frame.
 *
 * <p><b>Telemetry (CRSF).</b> As PX4's {@code crsf_rc}: right after a read that brought an RC frame,
 * when {@code telemetryPeriodNs} (100 ms) has passed since the last telemetry frame, one frame is
 * written, the types taken in turn (battery, attitude, flight mode; a type without data is skipped),
 * so each type goes out every 300 ms. Writing right after the receiver's frame keeps the FC's bytes
 * off the line while the receiver talks (needed on half-duplex receivers). The state comes from a
 * {@link TelemetrySource} read on this thread; the flight thread never waits on the port.
 *
 * <p><b>Bad input.</b> Noise and mid-frame starts: {@link #skippedBytes()}; CRSF CRC errors: {@link
 * #crcErrors()}; bad lengths (CRSF length byte out of range or wrong payload size, SBUS wrong end
 * byte): {@link #formatErrors()}; truncated frames end up as skipped bytes. None of them produces a
 * sample. A failed read (receiver unplugged) is counted in {@link #readErrors()}, the port closed and
 * reopened every {@code retryIntervalNs} ({@link #openFailures()}); the link timeout still runs while
 * it is closed, so an unplugged receiver becomes a failsafe sample. Nothing is thrown out of {@link
 * #run()}.
 *
 * <p><b>Allocation.</b> None per read after the port is open (one buffer, allocation-free parsers
 * and encoder, primitive counters); exceptions on error paths allocate, on this thread only.
 */
public final class SerialRcReceiver implements Runnable {

    /** The receiver's protocol. */
    public enum Protocol { CRSF, SBUS }

    /** Opens (or reopens) the receiver's port. */
    @FunctionalInterface
    public interface PortOpener {
        UartPort open() throws BusException;
    }

    /** Fills the flight state for CRSF telemetry; called on the driver thread, must not block. */
    @FunctionalInterface
    public interface TelemetrySource {
        void snapshot(CrsfTelemetryState dst);
    }

    public static final long DEFAULT_LINK_TIMEOUT_NS = 500_000_000L;
    public static final long DEFAULT_TELEMETRY_PERIOD_NS = 100_000_000L;
    public static final long DEFAULT_RETRY_INTERVAL_NS = 500_000_000L;
    /** SBUS: a read that waits this long and gets nothing has seen an inter-frame gap. */
    static final int SBUS_READ_TIMEOUT_MS = 2;
    static final int CRSF_READ_TIMEOUT_MS = 10;
    private static final float RSSI_FLOOR_DBM = -130f;

    private final Protocol protocol;
    private final PortOpener opener;
    private final Consumer<RcInputSample> sink;
    private final LongSupplier clockNs;
    private final long linkTimeoutNs;
    private final long retryIntervalNs;
    private final long telemetryPeriodNs;
    private final CrsfParser crsf;
    private final SbusParser sbus;
    private final byte[] buffer = new byte[256];
    private final byte[] telemetry = new byte[CrsfParser.MAX_FRAME_BYTES];
    private final RcInputSample out = new RcInputSample();
    private final CrsfTelemetryState telemetryState = new CrsfTelemetryState();
    private volatile TelemetrySource telemetrySource;

    private UartPort port;
    private long nextOpenNs = Long.MIN_VALUE;
    private long lastValidNs;
    private boolean validSeen;
    private boolean failsafePublished = true;
    private long lastPublishedFrameNs = Long.MIN_VALUE;
    private long lastRcFrames;
    private long lastTelemetryNs = Long.MIN_VALUE;
    private int nextTelemetryType;
    private volatile boolean stopRequested;

    private volatile long bytesRead;
    private volatile long samples;
    private volatile long failsafeSamples;
    private volatile long linkLosses;
    private volatile long readErrors;
    private volatile long openFailures;
    private volatile long opens;
    private volatile long internalErrors;
    private volatile long telemetryFrames;
    private volatile long telemetryWriteErrors;
    private volatile long crcErrors;
    private volatile long formatErrors;
    private volatile long skippedBytes;
    private volatile long lostFrames;
    private volatile long receiverFailsafeFrames;
    private volatile String lastOpenError = "";

    /**
     * @param linkTimeoutNs     no valid frame for this long means RC loss, &gt; 0
     * @param telemetryPeriodNs CRSF: least time between two telemetry frames; 0 sends none
     */
    public SerialRcReceiver(Protocol protocol, PortOpener opener, Consumer<RcInputSample> sink, LongSupplier clockNs,
                            long linkTimeoutNs, long telemetryPeriodNs, long retryIntervalNs) {
        if (protocol == null || opener == null || sink == null || clockNs == null) {
            throw new IllegalArgumentException("protocol, opener, sink and clock are required");
        }
        if (linkTimeoutNs <= 0 || telemetryPeriodNs < 0 || retryIntervalNs <= 0) {
            throw new IllegalArgumentException("bad receiver timing: link timeout " + linkTimeoutNs + " ns, telemetry "
                    + telemetryPeriodNs + " ns, retry " + retryIntervalNs + " ns");
        }
        this.protocol = protocol;
        this.opener = opener;
        this.sink = sink;
        this.clockNs = clockNs;
        this.linkTimeoutNs = linkTimeoutNs;
        this.telemetryPeriodNs = protocol == Protocol.CRSF ? telemetryPeriodNs : 0;
        this.retryIntervalNs = retryIntervalNs;
        this.crsf = protocol == Protocol.CRSF ? new CrsfParser(linkTimeoutNs) : null;
        this.sbus = protocol == Protocol.SBUS ? new SbusParser(linkTimeoutNs) : null;
    }

    /** PX4's timings: 500 ms link timeout, telemetry every 100 ms, reopen every 0.5 s. */
    public SerialRcReceiver(Protocol protocol, PortOpener opener, Consumer<RcInputSample> sink, LongSupplier clockNs) {
        this(protocol, opener, sink, clockNs, DEFAULT_LINK_TIMEOUT_NS, DEFAULT_TELEMETRY_PERIOD_NS,
                DEFAULT_RETRY_INTERVAL_NS);
    }

    /** Where CRSF telemetry comes from; set at boot before the thread starts (null: none sent). */
    public void telemetrySource(TelemetrySource source) {
        this.telemetrySource = source;
    }

    /** The driver thread's loop: {@link #pollOnce()} until {@link #stop()}; never throws. */
    @Override
    public void run() {
        while (!stopRequested) {
            boolean open;
            try {
                open = pollOnce();
            } catch (RuntimeException e) {
                internalErrors++;
                open = port != null;
            }
            if (!open && !stopRequested) {
                // Waiting to reopen; short enough that the link timeout is still applied on time.
                LockSupport.parkNanos(20_000_000L);
            }
        }
        closePort();
    }

    /** Asks {@link #run()} to return after its current read (at most 10 ms). */
    public void stop() {
        stopRequested = true;
    }

    /**
     * One step: opens the port when it is closed and the retry time has come, else reads once
     * (bounded: 10 ms CRSF, 2 ms SBUS), decodes, hands on what changed, and sends telemetry.
     *
     * @return whether the port is open after the step
     */
    public boolean pollOnce() {
        if (port == null) {
            long now = clockNs.getAsLong();
            if (now >= nextOpenNs) {
                try {
                    port = opener.open();
                    opens++;
                    if (sbus != null) {
                        sbus.gap();
                    }
                } catch (BusException | RuntimeException e) {
                    openFailures++;
                    lastOpenError = String.valueOf(e.getMessage());
                    nextOpenNs = now + retryIntervalNs;
                }
            }
            if (port == null) {
                checkTimeouts(now);
                updateCounters();
                return false;
            }
        }
        int n;
        try {
            n = port.read(buffer, 0, buffer.length, sbus != null ? SBUS_READ_TIMEOUT_MS : CRSF_READ_TIMEOUT_MS);
        } catch (BusException | RuntimeException e) {
            readErrors++;
            closePort();
            long now = clockNs.getAsLong();
            nextOpenNs = now + retryIntervalNs;
            checkTimeouts(now);
            updateCounters();
            return false;
        }
        long now = clockNs.getAsLong();
        boolean rcFrame = false;
        if (n > 0) {
            bytesRead += n;
            if (crsf != null) {
                crsf.feed(buffer, 0, n, now);
                rcFrame = crsf.rcFrames() != lastRcFrames;
                lastRcFrames = crsf.rcFrames();
                offer(crsf.sample(), now);
            } else {
                sbus.feed(buffer, 0, n, now);
                offer(sbus.sample(), now);
            }
        } else if (sbus != null) {
            sbus.gap();
        }
        checkTimeouts(now);
        if (rcFrame && !failsafePublished) {
            sendTelemetry(now);
        }
        updateCounters();
        return true;
    }

    /** Hands on the parser's sample when it is a new frame or a new failsafe. */
    private void offer(RcInputSample parsed, long now) {
        if (parsed.timestampSampleNs == lastPublishedFrameNs) {
            return; // unchanged, or only the link statistics moved: they ride on the next frame
        }
        lastPublishedFrameNs = parsed.timestampSampleNs;
        if (parsed.failsafe) {
            if (!failsafePublished) {
                if (validSeen && now - lastValidNs > linkTimeoutNs) {
                    linkLosses++; // the parser's own timeout fired first (bytes kept coming, but no RC frame)
                }
                publishFailsafe(now, parsed.timestampSampleNs);
            }
            return;
        }
        if (parsed.frameLost) {
            return; // held channels, counted by the parser: not new sticks
        }
        out.copyFrom(parsed);
        fillLinkStatistics(now);
        validSeen = true;
        lastValidNs = now;
        failsafePublished = false;
        samples++;
        sink.accept(out);
    }

    private void checkTimeouts(long now) {
        if (crsf != null) {
            crsf.checkTimeout(now);
        } else {
            sbus.checkTimeout(now);
        }
        if (validSeen && !failsafePublished && now - lastValidNs > linkTimeoutNs) {
            linkLosses++;
            publishFailsafe(now, now);
        }
    }

    private void publishFailsafe(long now, long timestampNs) {
        out.channelCount = 0;
        for (int i = 0; i < RcInputSample.MAX_CHANNELS; i++) {
            out.channelsUs[i] = 0;
        }
        out.failsafe = true;
        out.frameLost = false;
        out.timestampSampleNs = timestampNs;
        fillLinkStatistics(now);
        failsafePublished = true;
        failsafeSamples++;
        sink.accept(out);
    }

    private void fillLinkStatistics(long now) {
        out.rssiPct = -1;
        out.linkQualityPct = -1;
        out.rssiDbm = Float.NaN;
        out.snrDb = Float.NaN;
        if (crsf == null) {
            return;
        }
        CrsfLinkStatistics s = crsf.linkStatistics();
        if (s.timestampNs == 0 || now - s.timestampNs > linkTimeoutNs) {
            return;
        }
        float dbm = s.activeAntenna != 0 ? s.uplinkRssiAnt2Dbm : s.uplinkRssiAnt1Dbm;
        out.rssiDbm = dbm;
        out.rssiPct = rssiPercent(dbm);
        out.linkQualityPct = s.uplinkLinkQualityPct;
        out.snrDb = s.uplinkSnrDb;
    }

    /** PX4 {@code crsfRssiDbmToPercent}: linear from −130 dBm (0 %) to 0 dBm (100 %), truncated. */
    static int rssiPercent(float dbm) {
        float pct = (1f - dbm / RSSI_FLOOR_DBM) * 100f;
        if (!(pct > 0f)) {
            return 0;
        }
        return pct >= 100f ? 100 : (int) pct;
    }

    private void sendTelemetry(long now) {
        TelemetrySource source = telemetrySource;
        if (telemetryPeriodNs == 0 || source == null
                || (lastTelemetryNs != Long.MIN_VALUE && now - lastTelemetryNs < telemetryPeriodNs)) {
            return;
        }
        source.snapshot(telemetryState);
        CrsfTelemetryState t = telemetryState;
        int len = 0;
        for (int tries = 0; tries < 3 && len == 0; tries++) {
            int type = nextTelemetryType;
            nextTelemetryType = (nextTelemetryType + 1) % 3;
            if (type == 0 && t.batteryValid) {
                len = CrsfTelemetryEncoder.battery(telemetry, 0, t.voltageV, t.currentA, t.capacityUsedMah,
                        t.remainingPct);
            } else if (type == 1 && t.attitudeValid) {
                len = CrsfTelemetryEncoder.attitude(telemetry, 0, t.rollRad, t.pitchRad, t.yawRad);
            } else if (type == 2 && t.flightMode != null) {
                len = CrsfTelemetryEncoder.flightMode(telemetry, 0, t.flightMode);
            }
        }
        lastTelemetryNs = now;
        if (len == 0) {
            return;
        }
        try {
            port.write(telemetry, 0, len);
            telemetryFrames++;
        } catch (BusException | RuntimeException e) {
            telemetryWriteErrors++;
        }
    }

    private void updateCounters() {
        if (crsf != null) {
            crcErrors = crsf.crcErrors();
            formatErrors = crsf.formatErrors();
            skippedBytes = crsf.skippedBytes();
            receiverFailsafeFrames = crsf.failsafeFrames();
        } else {
            formatErrors = sbus.formatErrors();
            skippedBytes = sbus.skippedBytes();
            lostFrames = sbus.lostFrames();
            receiverFailsafeFrames = sbus.failsafeFrames();
        }
    }

    private void closePort() {
        UartPort p = port;
        port = null;
        if (p != null) {
            try {
                p.close();
            } catch (RuntimeException e) {
                internalErrors++;
            }
        }
    }

    public Protocol protocol() {
        return protocol;
    }

    public long bytesRead() {
        return bytesRead;
    }

    /** Valid-frame samples handed to the sink. */
    public long samples() {
        return samples;
    }

    /** Failsafe samples handed to the sink (receiver failsafe, link timeout). */
    public long failsafeSamples() {
        return failsafeSamples;
    }

    /** Times no valid frame came for the link timeout. */
    public long linkLosses() {
        return linkLosses;
    }

    /** CRSF frames whose CRC did not match (0 for SBUS, which has no checksum). */
    public long crcErrors() {
        return crcErrors;
    }

    /** Bad lengths: CRSF length byte out of range or wrong payload size; SBUS wrong end byte. */
    public long formatErrors() {
        return formatErrors;
    }

    /** Bytes that were not part of an accepted frame: noise, truncated frames, mid-frame starts. */
    public long skippedBytes() {
        return skippedBytes;
    }

    /** SBUS frames with the frame-lost bit (and no failsafe), not handed on. */
    public long lostFrames() {
        return lostFrames;
    }

    /** Frames in which the receiver itself said failsafe (SBUS failsafe bit; CRSF RC frames during LQ 0). */
    public long receiverFailsafeFrames() {
        return receiverFailsafeFrames;
    }

    public long readErrors() {
        return readErrors;
    }

    public long openFailures() {
        return openFailures;
    }

    public long opens() {
        return opens;
    }

    /** Why the last open failed ("" before any failure). */
    public String lastOpenError() {
        return lastOpenError;
    }

    public long internalErrors() {
        return internalErrors;
    }

    /** CRSF telemetry frames written. */
    public long telemetryFrames() {
        return telemetryFrames;
    }

    public long telemetryWriteErrors() {
        return telemetryWriteErrors;
    }

    /** One status line of every counter (allocates: for status commands and logs, not the flight thread). */
    public String status() {
        return protocol.name().toLowerCase(java.util.Locale.ROOT) + ": " + samples + " frames, " + failsafeSamples
                + " failsafe, " + linkLosses + " link losses, " + crcErrors + " bad CRC, " + formatErrors
                + " bad length, " + skippedBytes + " skipped bytes, " + lostFrames + " lost frames, "
                + receiverFailsafeFrames + " receiver failsafe frames, " + readErrors + " read errors, "
                + openFailures + " open failures, " + telemetryFrames + " telemetry frames";
    }
}
