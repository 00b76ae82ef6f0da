package org.hoverla.hal.gnss;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.UartPort;

/**
 * A GNSS receiver on a UART: reads the port, feeds every byte to both a {@link UbxParser} and an
 * {@link NmeaParser} (a receiver may send either or both; each parser skips the other's bytes), and
 * hands each epoch to a sink.
 *
 * <p><b>Thread.</b> {@link #run()} is the driver thread's body: it calls {@link #pollOnce()} until
 * {@link #stop()}. {@code pollOnce} does one bounded read ({@code readTimeoutMs}) and decodes what
 * came; tests may call it directly. The getters may be read from any thread. The sink is called on
 * the driver thread with the parser's own, reused {@link GnssSample}: it must copy what it keeps (a
 * seqlock topic does).
 *
 * <p><b>Time stamp.</b> {@code timestampSampleNs} is the clock ({@code clockNs}, the vehicle clock)
 * read right after the read that delivered the epoch's bytes returned. For UBX that is the read
 * holding the end of the NAV-PVT (or the last part of an older receiver's epoch); for NMEA the
 * parser stamps the epoch with the receive time of its first sentence. Nothing is subtracted for
 * the receiver's own latency or the time the bytes spent on the wire (a 100-byte NAV-PVT takes
 * ~26 ms at 38400 baud, ~100 ms at 9600).
 *
 * <p><b>Bad input.</b> Parser errors (checksums, lengths, malformed sentences, time jumps, all-zero
 * fixes) are counted in {@link #parserErrors()} and the bytes skipped by the parsers. A failed
 * read (receiver unplugged, port vanished) is counted in {@link #readErrors()}, the port is closed,
 * and the opener is retried every {@code retryIntervalNs} (failed attempts counted in {@link
 * #openFailures()}). {@link #healthy()} is true only while the port is open, an epoch with a fix
 * came within {@code staleTimeoutNs}, and no parser error happened since that epoch (except the
 * truncated or corrupt NMEA candidates a {@code $} inside UBX binary causes in a mixed stream). Nothing is
 * thrown out of {@link #run()}: an unexpected exception (e.g. from the sink) is counted in {@link
 * #internalErrors()} and the loop goes on.
 *
 * <p><b>NMEA at the end of a burst.</b> Until the NMEA parser has learned which sentence ends a
 * receiver's cycle it publishes an epoch when the next one begins; so that a fix is not held back a
 * whole cycle, the receiver flushes the parser when the line has been quiet for {@code
 * quietFlushNs}.
 *
 * <p><b>Allocation.</b> After the port is open nothing is allocated per read: one preallocated
 * buffer, allocation-free parsers, primitive counters. Exceptions on the error path allocate; that
 * is the driver thread, never the flight thread.
 */
public final class SerialGnssReceiver implements Runnable {

    /** Opens (or reopens) the receiver's port. */
    @FunctionalInterface
    public interface PortOpener {
        UartPort open() throws BusException;
    }

    /** Tunables; {@link #defaults()} suits a 1–10 Hz receiver. */
    public record Config(int bufferBytes, int readTimeoutMs, long retryIntervalNs, long staleTimeoutNs,
            long quietFlushNs, boolean acceptMissingNmeaChecksum) {
        public Config {
            if (bufferBytes < 16 || readTimeoutMs < 1 || retryIntervalNs <= 0 || staleTimeoutNs <= 0
                    || quietFlushNs <= 0) {
                throw new IllegalArgumentException("bad receiver config: " + bufferBytes + " B, read "
                        + readTimeoutMs + " ms, retry " + retryIntervalNs + " ns, stale " + staleTimeoutNs
                        + " ns, quiet flush " + quietFlushNs + " ns");
            }
        }

        /** 1 KiB buffer, 50 ms reads, reopen every 0.5 s, stale after 2 s, NMEA flush after 0.3 s quiet. */
        public static Config defaults() {
            return new Config(1024, 50, 500_000_000L, 2_000_000_000L, 300_000_000L, false);
        }
    }

    private final PortOpener opener;
    private final Consumer<GnssSample> sink;
    private final LongSupplier clockNs;
    private final Config config;
    private final byte[] buffer;
    private final UbxParser ubx;
    private final NmeaParser nmea;

    private UartPort port;
    private long nextOpenNs = Long.MIN_VALUE;
    private long rxNs;
    private long lastByteNs;
    private boolean nmeaPending;
    private long errorsAtLastFix;
    private long lastFixNs;
    private boolean fixSeen;
    private volatile boolean stopRequested;

    private volatile long bytesRead;
    private volatile long fixes;
    private volatile long readErrors;
    private volatile long openFailures;
    private volatile long opens;
    private volatile long internalErrors;
    private volatile boolean healthy;
    private volatile long lastFixUtcMs = -1;

    public SerialGnssReceiver(PortOpener opener, Consumer<GnssSample> sink, LongSupplier clockNs) {
        this(opener, sink, clockNs, Config.defaults());
    }

    public SerialGnssReceiver(PortOpener opener, Consumer<GnssSample> sink, LongSupplier clockNs, Config config) {
        if (opener == null || sink == null || clockNs == null || config == null) {
            throw new IllegalArgumentException("opener, sink, clock and config are required");
        }
        this.opener = opener;
        this.sink = sink;
        this.clockNs = clockNs;
        this.config = config;
        this.buffer = new byte[config.bufferBytes()];
        this.ubx = new UbxParser(new UbxParser.Listener() {
            @Override
            public void onEpoch(GnssSample sample) {
                sample.timestampSampleNs = rxNs;
                deliver(sample, ubx.hasUtcTime() ? ubx.utcTimeMs() : -1);
            }
        });
        this.nmea = new NmeaParser(fix -> deliver(fix.sample, fix.hasDate && fix.utcTimeOfDayMs >= 0 ? fix.utcEpochMs() : -1),
                config.acceptMissingNmeaChecksum(), false, NmeaParser.DEFAULT_UERE_M,
                NmeaParser.DEFAULT_MAX_FORWARD_STEP_MS);
    }

    private void deliver(GnssSample sample, long utcMs) {
        long errors = healthErrors();
        lastFixUtcMs = utcMs;
        if (sample.fixType >= GnssSample.FIX_2D) {
            fixSeen = true;
            lastFixNs = rxNs;
            healthy = port != null && errors == errorsAtLastFix;
        }
        errorsAtLastFix = errors;
        fixes++;
        sink.accept(sample);
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
                // Waiting to reopen: do not spin.
                LockSupport.parkNanos(Math.min(config.retryIntervalNs(), 50_000_000L));
            }
        }
        closePort();
    }

    /** Asks {@link #run()} to return after its current read (at most {@code readTimeoutMs}). */
    public void stop() {
        stopRequested = true;
    }

    /**
     * One step: opens the port if it is closed and the retry time has come, else reads once (bounded
     * by {@code readTimeoutMs}) and decodes.
     *
     * @return whether the port is open after the step
     */
    public boolean pollOnce() {
        if (port == null) {
            long now = clockNs.getAsLong();
            if (now < nextOpenNs) {
                return false;
            }
            try {
                port = opener.open();
                opens++;
                lastByteNs = now;
                ubx.resetFraming();
            } catch (BusException | RuntimeException e) {
                openFailures++;
                nextOpenNs = now + config.retryIntervalNs();
                return false;
            }
        }
        int n;
        try {
            n = port.read(buffer, 0, buffer.length, config.readTimeoutMs());
        } catch (BusException | RuntimeException e) {
            readErrors++;
            healthy = false;
            closePort();
            nextOpenNs = clockNs.getAsLong() + config.retryIntervalNs();
            return false;
        }
        rxNs = clockNs.getAsLong();
        if (n > 0) {
            bytesRead += n;
            lastByteNs = rxNs;
            nmeaPending = true;
            ubx.feed(buffer, 0, n);
            nmea.feed(buffer, 0, n, rxNs);
        } else if (nmeaPending && rxNs - lastByteNs >= config.quietFlushNs()) {
            nmeaPending = false;
            nmea.flush();
        }
        if (healthy && (!fixSeen || rxNs - lastFixNs > config.staleTimeoutNs() || healthErrors() != errorsAtLastFix)) {
            healthy = false;
        }
        return true;
    }

    private void closePort() {
        UartPort p = port;
        port = null;
        healthy = false;
        if (p != null) {
            try {
                p.close();
            } catch (RuntimeException e) {
                internalErrors++;
            }
        }
    }

    /** Bytes read from the port since construction. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Epochs handed to the sink (with or without a fix). */
    public long fixes() {
        return fixes;
    }

    /**
     * Both parsers' rejections: UBX checksum, length and decode errors, and every rejected NMEA
     * frame or sentence ({@link NmeaParser#errorCount()}) plus all-zero fixes and time jumps.
     */
    public long parserErrors() {
        return ubx.checksumErrors() + ubx.lengthErrors() + ubx.decodeErrors() + nmea.errorCount()
                + nmea.allZeroFixes() + nmea.timeJumps();
    }

    /**
     * The errors that make the receiver unhealthy: those of {@link #parserErrors()} that a clean
     * mixed UBX+NMEA stream cannot cause. A {@code $} inside UBX binary starts an NMEA candidate
     * that ends as a truncated or corrupt frame, so those two NMEA counters are left out here.
     */
    long healthErrors() {
        return ubx.checksumErrors() + ubx.lengthErrors() + ubx.decodeErrors() + nmea.checksumErrors()
                + nmea.missingChecksums() + nmea.malformedSentences() + nmea.overlongFrames()
                + nmea.allZeroFixes() + nmea.timeJumps();
    }

    /** Reads that failed (port gone); each closed the port and scheduled a reopen. */
    public long readErrors() {
        return readErrors;
    }

    /** Reopen attempts that failed. */
    public long openFailures() {
        return openFailures;
    }

    /** Successful opens (1 + reconnections). */
    public long opens() {
        return opens;
    }

    /** Unexpected exceptions caught by {@link #run()} (e.g. thrown by the sink). */
    public long internalErrors() {
        return internalErrors;
    }

    /** Port open, a fix within the stale timeout, and no parser error since it. */
    public boolean healthy() {
        return healthy;
    }

    /** UTC time of the last epoch handed to the sink, ms since 1970, or -1 when the stream did not give one. */
    public long lastFixUtcMs() {
        return lastFixUtcMs;
    }

    /** The UBX parser (its detailed counters); driver thread only. */
    public UbxParser ubxParser() {
        return ubx;
    }

    /** The NMEA parser (its detailed counters); driver thread only. */
    public NmeaParser nmeaParser() {
        return nmea;
    }
}
