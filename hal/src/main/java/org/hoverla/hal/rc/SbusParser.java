package org.hoverla.hal.rc;

import org.hoverla.hal.RcInputSample;

/**
 * Byte-stream parser for Futaba SBUS (100 000 baud, 8 data bits, even parity, 2 stop bits,
 * inverted line; the UART or an inverter undoes the inversion before bytes reach this class, see
 * docs/rc-receivers.md). A frame is 25 bytes: header 0x0F, 16 channels × 11 bits least significant
 * bit first in 22 bytes, a flags byte (bit 0 digital channel 17, bit 1 digital channel 18, bit 2
 * frame lost, bit 3 failsafe) and an end byte: 0x00 for SBUS, or 0x04, 0x14, 0x24, 0x34 for SBUS2
 * receivers, which cycle the telemetry slot in the end byte (PX4 {@code lib/rc/sbus.cpp},
 * ArduPilot {@code AP_RCProtocol_SBUS}).
 *
 * <p>Channel values become microseconds as PX4 does: raw 200 → 1000 µs and 1800 → 2000 µs,
 * {@code round(raw·0.625) + 875}; the digital channels read 1998 µs when set and 998 µs when clear.
 *
 * <p>Bad input: the parser resynchronises on header and end byte. A byte that is not a header is
 * skipped; a 25-byte candidate whose end byte is not one of the five is a format error, and the
 * search restarts one byte after its header. A header value inside channel data can still line up
 * with a valid end byte by chance; real drivers also resynchronise on the inter-frame gap (at least
 * ~3 ms of silence, the frames themselves last 3 ms every 7 or 14 ms) and call {@link #gap()} then.
 *
 * <p>Failsafe: a frame with the failsafe bit gives a sample that says failsafe and has no channels
 * ({@code channelCount == 0}); so does the time before the first frame and a silence longer than
 * the timeout given at construction. A frame with only the frame-lost bit keeps its channels (the
 * receiver holds the last good ones) and sets {@link RcInputSample#frameLost}.
 *
 * <p>Bounded buffer, cost per byte: a window of {@link #FRAME_BYTES} bytes ({@link #pendingBytes()}
 * &lt; 25); 25 × {@link #frames()} + {@link #skippedBytes()} + {@link #pendingBytes()} is every
 * byte fed. Worst case per byte: a header byte whose 25th byte is no end byte costs a shift of the
 * window (24 bytes); {@code 0F} repeated does that at every byte (docs/parser-hardening.md has it
 * measured). Fuzzed by {@code RcParsersFuzzTest}.
 *
 * <p>Threading: one thread (the receiver's reader) calls {@link #feed}, {@link #gap} and
 * {@link #checkTimeout}; all are allocation-free after construction.
 */
public final class SbusParser {
    public static final int FRAME_BYTES = 25;
    public static final int HEADER = 0x0F;
    /** 16 proportional channels plus the two digital ones. */
    public static final int CHANNELS = 18;
    public static final long DEFAULT_FAILSAFE_TIMEOUT_NS = 250_000_000L;

    private static final int PROPORTIONAL_CHANNELS = 16;
    private static final int FLAGS_INDEX = 23;
    private static final int END_INDEX = 24;
    private static final int FLAG_CH17 = 0x01;
    private static final int FLAG_CH18 = 0x02;
    private static final int FLAG_FRAME_LOST = 0x04;
    private static final int FLAG_FAILSAFE = 0x08;
    private static final int DIGITAL_ON_US = 1998;
    private static final int DIGITAL_OFF_US = 998;

    private final long failsafeTimeoutNs;
    private final byte[] window = new byte[FRAME_BYTES];
    private int windowBytes;
    private final int[] rawChannels = new int[PROPORTIONAL_CHANNELS];
    private final RcInputSample sample = new RcInputSample();

    private boolean frameSeen;
    private long lastFrameNs;
    private boolean timedOut;
    private boolean sampleChanged;

    private long frames;
    private long formatErrors;
    private long skippedBytes;
    private long lostFrames;
    private long failsafeFrames;
    private long linkLosses;

    public SbusParser() {
        this(DEFAULT_FAILSAFE_TIMEOUT_NS);
    }

    /** @param failsafeTimeoutNs frame silence that means the receiver is gone, &gt; 0 */
    public SbusParser(long failsafeTimeoutNs) {
        if (failsafeTimeoutNs <= 0) {
            throw new IllegalArgumentException("SBUS failsafe timeout must be positive, got " + failsafeTimeoutNs + " ns");
        }
        this.failsafeTimeoutNs = failsafeTimeoutNs;
        clearChannels();
        sample.failsafe = true;
    }

    /**
     * Parses {@code len} bytes received at {@code nowNs} (caller's clock, ns) and applies the
     * timeout at {@code nowNs}.
     *
     * @return true when {@link #sample()} changed: a new frame, or the timeout turned it to failsafe
     */
    public boolean feed(byte[] buf, int off, int len, long nowNs) {
        sampleChanged = false;
        for (int i = off; i < off + len; i++) {
            window[windowBytes++] = buf[i];
            parseWindow(nowNs);
        }
        applyTimeout(nowNs);
        return sampleChanged;
    }

    /**
     * The driver saw an inter-frame gap: a frame starts with the next byte, so any partial frame
     * held now is noise and is skipped.
     */
    public void gap() {
        skippedBytes += windowBytes;
        windowBytes = 0;
    }

    /** @return true when the silence since the last frame turned the sample to failsafe */
    public boolean checkTimeout(long nowNs) {
        sampleChanged = false;
        applyTimeout(nowNs);
        return sampleChanged;
    }

    /** The newest RC state. Read it on the parsing thread, or copy it. */
    public RcInputSample sample() {
        return sample;
    }

    private void parseWindow(long nowNs) {
        while (windowBytes > 0) {
            if ((window[0] & 0xFF) != HEADER) {
                drop(1);
                skippedBytes++;
                continue;
            }
            if (windowBytes < FRAME_BYTES) {
                return;
            }
            if (!isEndByte(window[END_INDEX] & 0xFF)) {
                formatErrors++;
                drop(1);
                skippedBytes++;
                continue;
            }
            frames++;
            handleFrame(nowNs);
            windowBytes = 0;
        }
    }

    static boolean isEndByte(int b) {
        return b == 0x00 || b == 0x04 || b == 0x14 || b == 0x24 || b == 0x34;
    }

    private void handleFrame(long nowNs) {
        frameSeen = true;
        timedOut = false;
        lastFrameNs = nowNs;
        int flags = window[FLAGS_INDEX] & 0xFF;
        sample.timestampSampleNs = nowNs;
        sampleChanged = true;
        if ((flags & FLAG_FAILSAFE) != 0) {
            failsafeFrames++;
            clearChannels();
            sample.failsafe = true;
            sample.frameLost = (flags & FLAG_FRAME_LOST) != 0;
            return;
        }
        if ((flags & FLAG_FRAME_LOST) != 0) {
            lostFrames++;
        }
        RcBits.unpack11(window, 1, rawChannels, PROPORTIONAL_CHANNELS);
        for (int i = 0; i < PROPORTIONAL_CHANNELS; i++) {
            sample.channelsUs[i] = toMicroseconds(rawChannels[i]);
        }
        sample.channelsUs[16] = (flags & FLAG_CH17) != 0 ? DIGITAL_ON_US : DIGITAL_OFF_US;
        sample.channelsUs[17] = (flags & FLAG_CH18) != 0 ? DIGITAL_ON_US : DIGITAL_OFF_US;
        sample.channelCount = CHANNELS;
        sample.failsafe = false;
        sample.frameLost = (flags & FLAG_FRAME_LOST) != 0;
    }

    private void applyTimeout(long nowNs) {
        if (frameSeen && !timedOut && nowNs - lastFrameNs > failsafeTimeoutNs) {
            timedOut = true;
            linkLosses++;
            clearChannels();
            sample.failsafe = true;
            sample.frameLost = false;
            sample.timestampSampleNs = nowNs;
            sampleChanged = true;
        }
    }

    private void clearChannels() {
        sample.channelCount = 0;
        for (int i = 0; i < RcInputSample.MAX_CHANNELS; i++) {
            sample.channelsUs[i] = 0;
        }
    }

    /** PX4's SBUS scale: 200 → 1000 µs, 1800 → 2000 µs, rounded (v = 0..2047 → 875..2154 µs). */
    static int toMicroseconds(int raw) {
        return (raw * 5 + 4) / 8 + 875;
    }

    private void drop(int n) {
        System.arraycopy(window, n, window, 0, windowBytes - n);
        windowBytes -= n;
    }

    /** Frames with a header and a valid end byte, failsafe frames included. */
    public long frames() {
        return frames;
    }

    /** 25-byte candidates with a header but no valid end byte. */
    public long formatErrors() {
        return formatErrors;
    }

    /** Bytes that were not part of an accepted frame. */
    /**
     * Bytes held for a frame not yet complete: at most {@link #FRAME_BYTES} - 1; with
     * {@link #skippedBytes()} and {@link #FRAME_BYTES} × {@link #frames()}, every byte fed.
     */
    public int pendingBytes() {
        return windowBytes;
    }

    public long skippedBytes() {
        return skippedBytes;
    }

    /** Frames with the frame-lost flag and without failsafe. */
    public long lostFrames() {
        return lostFrames;
    }

    /** Frames with the failsafe flag. */
    public long failsafeFrames() {
        return failsafeFrames;
    }

    /** Times the frames stopped for longer than the timeout. */
    public long linkLosses() {
        return linkLosses;
    }
}
