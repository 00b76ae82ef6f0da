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
 * <p><b>u-blox set-up</b> (with a {@link UbxSetup}, for a board's {@code ublox} chip). Each time
 * the port opens, the receiver first finds the receiver's baud rate ({@link GnssBaudRateDetector},
 * the board's rate first; the port's rate is changed in place) and then configures it ({@link
 * UbxConfigurator}: MON-VER, then CFG-VALSET or CFG-RATE/NAV5/MSG by generation, each checked by
 * ACK), feeding the configurator every UBX frame read. A failure (no frames at any rate, ACK-NAK
 * of a required step, no answer after the configurator's attempts) is counted in {@link
 * #setupFailures()}, its reason kept in {@link #lastSetupError()}, and the whole set-up retried
 * after {@link UbxSetup#retryAfterFailureNs}; nothing waits without a bound. While configured, a
 * receiver that rebooted (it lost its RAM configuration) is recognised by any of: its boot banner
 * ({@code "u-blox AG"}, sent as NMEA TXT or UBX INF-NOTICE at power-up), UBX epochs arriving at 1 Hz
 * ({@code iTOW} steps of 1 s or more, {@link UbxSetup#slowEpochsForReboot} in a row) when it was
 * configured faster, or bytes but no UBX epoch for {@link UbxSetup#silenceForRebootNs} (the default
 * output is NMEA only). Each is counted in {@link #receiverReboots()} and the receiver is configured
 * again. The receiver is not {@link #healthy()} until configured.
 *
 * <p><b>Allocation.</b> After the port is open nothing is allocated per read: one preallocated
 * buffer, allocation-free parsers, primitive counters. The set-up allocates while it runs (start-up
 * and after a reboot), and exceptions on the error path allocate; that is the driver thread, never
 * the flight thread.
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

    /**
     * What a u-blox receiver gets at each start-up.
     *
     * @param settings             rate, dynamic model and messages to configure
     * @param baudRates            rates to try, in order (empty: no detection, the port's rate stands)
     * @param baudDwellNs          time listened at each rate
     * @param retryAfterFailureNs  wait before a failed set-up is retried
     * @param silenceForRebootNs   bytes but no UBX epoch this long after configuration = rebooted
     * @param slowEpochsForReboot  this many 1 s epoch steps in a row, when configured faster = rebooted
     */
    public record UbxSetup(UbxConfigurator.Settings settings, int[] baudRates, long baudDwellNs,
            long retryAfterFailureNs, long silenceForRebootNs, int slowEpochsForReboot) {
        public UbxSetup {
            if (settings == null || baudRates == null || baudDwellNs <= 0 || retryAfterFailureNs <= 0
                    || silenceForRebootNs <= 0 || slowEpochsForReboot < 1) {
                throw new IllegalArgumentException("bad u-blox set-up");
            }
            baudRates = baudRates.clone();
        }

        /**
         * PX4-like defaults ({@link UbxConfigurator.Settings#defaults()}: 10 Hz, airborne, UART1): the
         * board's rate tried first, then PX4's order; 1.2 s per rate; retry after 5 s; reboot
         * assumed after 3 s without a UBX epoch or 3 one-second epochs in a row.
         */
        public static UbxSetup defaults(int boardBaud) {
            int[] order = GnssBaudRateDetector.PX4_ORDER;
            int[] rates = new int[order.length + 1];
            rates[0] = boardBaud;
            int k = 1;
            for (int r : order) {
                if (r != boardBaud) {
                    rates[k++] = r;
                }
            }
            return new UbxSetup(UbxConfigurator.Settings.defaults(), java.util.Arrays.copyOf(rates, k),
                    1_200_000_000L, 5_000_000_000L, 3_000_000_000L, 3);
        }
    }

    /** Where the u-blox set-up is. */
    public enum SetupState {
        /** No set-up (NMEA receivers, or no {@link UbxSetup}). */
        NONE,
        /** Looking for the receiver's baud rate. */
        DETECTING_BAUD,
        /** Exchanging configuration messages. */
        CONFIGURING,
        /** Configured; watching for a reboot. */
        CONFIGURED,
        /** The last attempt failed; waiting to retry. */
        WAITING_TO_RETRY
    }

    private static final byte[] BOOT_BANNER = "u-blox AG".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

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

    private final UbxSetup setup;
    private volatile SetupState setupState = SetupState.NONE;
    private GnssBaudRateDetector detector;
    private UbxConfigurator configurator;
    private long retryAtNs;
    private long lastUbxEpochNs;
    private long lastUbxITowMs = -1;
    private int slowEpochs;
    private int bannerMatched;
    private volatile long setupFailures;
    private volatile long configurations;
    private volatile long receiverReboots;
    private volatile String lastSetupError = "";
    private volatile int baudRate;

    public SerialGnssReceiver(PortOpener opener, Consumer<GnssSample> sink, LongSupplier clockNs) {
        this(opener, sink, clockNs, Config.defaults());
    }

    public SerialGnssReceiver(PortOpener opener, Consumer<GnssSample> sink, LongSupplier clockNs, Config config) {
        this(opener, sink, clockNs, config, null);
    }

    /** @param setup the u-blox set-up run at each start-up and after a reboot, or null for none */
    public SerialGnssReceiver(PortOpener opener, Consumer<GnssSample> sink, LongSupplier clockNs, Config config,
                              UbxSetup setup) {
        this.setup = setup;
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
            public void onFrame(int msgClass, int msgId, byte[] payload, int offset, int length) {
                if (setupState == SetupState.CONFIGURING) {
                    configurator.onFrame(msgClass, msgId, payload, offset, length);
                }
            }

            @Override
            public void onEpoch(GnssSample sample) {
                sample.timestampSampleNs = rxNs;
                onUbxEpoch();
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
            healthy = port != null && errors == errorsAtLastFix && setupAllowsHealth();
            // The baseline moves only with fixes: an error-marked epoch without a fix (a time
            // jump, an all-zero fix) must leave the receiver unhealthy until a clean fix.
            errorsAtLastFix = errors;
        }
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
                startSetup(now, true);
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
            if (setupState == SetupState.DETECTING_BAUD) {
                detector.onBytes(buffer, 0, n);
            }
            if (setupState == SetupState.CONFIGURED) {
                scanForBootBanner(n);
            }
            ubx.feed(buffer, 0, n);
            nmea.feed(buffer, 0, n, rxNs);
        } else if (nmeaPending && rxNs - lastByteNs >= config.quietFlushNs()) {
            nmeaPending = false;
            nmea.flush();
        }
        if (setup != null && !advanceSetup(rxNs)) {
            return false;
        }
        if (healthy && (!fixSeen || rxNs - lastFixNs > config.staleTimeoutNs() || healthErrors() != errorsAtLastFix
                || !setupAllowsHealth())) {
            healthy = false;
        }
        return true;
    }

    private boolean setupAllowsHealth() {
        return setup == null || setupState == SetupState.CONFIGURED;
    }

    /** Begins the set-up: baud detection first when asked (a fresh port), else configuration. */
    private void startSetup(long nowNs, boolean detectBaud) {
        if (setup == null) {
            return;
        }
        if (detectBaud && setup.baudRates().length > 0) {
            detector = new GnssBaudRateDetector(setup.baudRates(), setup.baudDwellNs(), 2, 1);
            setupState = SetupState.DETECTING_BAUD;
        } else {
            configurator = new UbxConfigurator(setup.settings());
            setupState = SetupState.CONFIGURING;
        }
        lastUbxEpochNs = nowNs;
        slowEpochs = 0;
        lastUbxITowMs = -1;
        bannerMatched = 0;
    }

    /**
     * One step of the set-up after a read. Writes go to the port here (driver thread).
     *
     * @return false when a write failed and the port was closed
     */
    private boolean advanceSetup(long nowNs) {
        try {
            switch (setupState) {
                case DETECTING_BAUD -> {
                    if (detector.step(nowNs)) {
                        port.setBaud(detector.baudRate());
                        ubx.resetFraming();
                        byte[] probe = detector.probe();
                        port.write(probe, 0, probe.length);
                    }
                    if (detector.status() == GnssBaudRateDetector.Status.FOUND) {
                        baudRate = detector.baudRate();
                        startSetup(nowNs, false);
                    } else if (detector.status() == GnssBaudRateDetector.Status.FAILED) {
                        failSetup(nowNs, "no UBX or NMEA frame at any of " + java.util.Arrays.toString(setup.baudRates())
                                + " baud");
                    }
                }
                case CONFIGURING -> {
                    UbxConfigurator.Action a = configurator.step(nowNs);
                    switch (a.status()) {
                        case WRITE -> port.write(a.bytes(), 0, a.bytes().length);
                        case DONE -> {
                            configurations++;
                            setupState = SetupState.CONFIGURED;
                            lastUbxEpochNs = nowNs;
                        }
                        case FAILED -> failSetup(nowNs, a.reason());
                        default -> {
                        }
                    }
                }
                case CONFIGURED -> {
                    if (bytesSinceEpochWithoutUbx(nowNs)) {
                        rebooted(nowNs);
                    }
                }
                case WAITING_TO_RETRY -> {
                    if (nowNs - retryAtNs >= 0) {
                        startSetup(nowNs, true);
                    }
                }
                default -> {
                }
            }
            return true;
        } catch (BusException | RuntimeException e) {
            readErrors++;
            healthy = false;
            closePort();
            nextOpenNs = nowNs + config.retryIntervalNs();
            return false;
        }
    }

    private void failSetup(long nowNs, String reason) {
        setupFailures++;
        lastSetupError = reason;
        setupState = SetupState.WAITING_TO_RETRY;
        retryAtNs = nowNs + setup.retryAfterFailureNs();
        healthy = false;
    }

    /** Bytes keep coming but no UBX epoch has for the silence limit: the receiver lost its configuration. */
    private boolean bytesSinceEpochWithoutUbx(long nowNs) {
        return lastByteNs - lastUbxEpochNs > setup.silenceForRebootNs();
    }

    private void rebooted(long nowNs) {
        receiverReboots++;
        healthy = false;
        startSetup(nowNs, false);
    }

    /** A UBX epoch (driver thread): the reboot watch's epoch-rate test. */
    private void onUbxEpoch() {
        lastUbxEpochNs = rxNs;
        if (setupState != SetupState.CONFIGURED) {
            return;
        }
        long iTow = ubx.epochITowMs();
        if (lastUbxITowMs >= 0 && setup.settings().rateHz() > 1) {
            long step = Math.floorMod(iTow - lastUbxITowMs, 604_800_000L);
            slowEpochs = step >= 1000 ? slowEpochs + 1 : 0;
            if (slowEpochs >= setup.slowEpochsForReboot()) {
                lastUbxITowMs = -1;
                rebooted(rxNs);
                return;
            }
        }
        lastUbxITowMs = iTow;
    }

    /** Looks for the boot banner in what was just read. */
    private void scanForBootBanner(int n) {
        for (int i = 0; i < n; i++) {
            byte b = buffer[i];
            if (b == BOOT_BANNER[bannerMatched]) {
                if (++bannerMatched == BOOT_BANNER.length) {
                    bannerMatched = 0;
                    rebooted(rxNs);
                    return;
                }
            } else {
                bannerMatched = b == BOOT_BANNER[0] ? 1 : 0;
            }
        }
    }

    private void closePort() {
        UartPort p = port;
        port = null;
        healthy = false;
        if (setup != null) {
            setupState = SetupState.NONE;
        }
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
        return ubx.checksumErrors() + ubx.lengthErrors() + ubx.decodeErrors() + ubx.allZeroFixes() + ubx.timeJumps()
                + nmea.errorCount() + nmea.allZeroFixes() + nmea.timeJumps();
    }

    /**
     * The errors that make the receiver unhealthy: those of {@link #parserErrors()} that a clean
     * mixed UBX+NMEA stream cannot cause. A {@code $} inside UBX binary starts an NMEA candidate
     * that ends as a truncated or corrupt frame, so those two NMEA counters are left out here.
     */
    long healthErrors() {
        return ubx.checksumErrors() + ubx.lengthErrors() + ubx.decodeErrors() + ubx.allZeroFixes() + ubx.timeJumps()
                + nmea.checksumErrors()
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

    /** Where the u-blox set-up is ({@link SetupState#NONE} without one). */
    public SetupState setupState() {
        return setupState;
    }

    /** Set-ups that failed (no baud rate found, ACK-NAK, no answer); each is retried. */
    public long setupFailures() {
        return setupFailures;
    }

    /** Why the last set-up failure happened ("" before any); kept after a later success, for the logs. */
    public String lastSetupError() {
        return lastSetupError;
    }

    /** Completed configurations (1 + one per detected reboot). */
    public long configurations() {
        return configurations;
    }

    /** Receiver reboots recognised while configured (banner, 1 Hz epochs, UBX silence). */
    public long receiverReboots() {
        return receiverReboots;
    }

    /** The baud rate the detector found, 0 before (or without detection). */
    public int baudRate() {
        return baudRate;
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
