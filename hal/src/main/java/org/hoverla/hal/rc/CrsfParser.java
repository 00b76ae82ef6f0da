package org.hoverla.hal.rc;

import org.hoverla.hal.RcInputSample;

/**
 * Byte-stream parser for CRSF, the receiver protocol of TBS Crossfire and ExpressLRS (420 000 baud
 * 8N1, not inverted). A frame is {@code [address][length][type][payload…][crc]}: {@code length}
 * counts type, payload and CRC (2..62, so a frame is at most 64 bytes), and the CRC is
 * {@link CrsfCrc8} over type and payload (TBS CRSF specification, "Frame structure").
 *
 * <p>Decoded frames: RC_CHANNELS_PACKED (0x16, 16 channels × 11 bits, least significant bit first)
 * and LINK_STATISTICS (0x14, see {@link CrsfLinkStatistics}). Frames of other types with a good CRC
 * are counted and ignored. Channel values become microseconds as Betaflight's
 * {@code crsfReadRawRC} does ({@code 881 + v·1024/1639}: 172 → 988, 992 → 1500, 1811 → 2012; the
 * same points as ExpressLRS's {@code CRSF_to_US}).
 *
 * <p>Bad input: a byte that cannot start a frame, a length outside 2..62, or a frame whose CRC
 * does not match makes the parser drop one byte and look for the next address byte from there, so
 * a stream that starts mid-frame, noise and truncated frames cost only the bytes involved
 * ({@link #skippedBytes()}, {@link #crcErrors()}, {@link #formatErrors()}).
 *
 * <p>Failsafe: the sample reports failsafe, with no channels ({@code channelCount == 0}), before
 * the first RC frame, when no RC frame came for the timeout given at construction (ExpressLRS
 * stops sending RC frames when the link is lost), and while the newest link statistics say uplink
 * LQ 0. RC frames that arrive during LQ 0 are counted in {@link #failsafeFrames()} and not used.
 *
 * <p>Bounded buffer, cost per byte: a window of {@link #MAX_FRAME_BYTES} bytes
 * ({@link #pendingBytes()} &lt; 64); {@link #frameBytes()} + {@link #skippedBytes()} +
 * {@link #pendingBytes()} is every byte fed. Worst case per byte: a false start claiming 62 bytes
 * is held until they arrive, CRC-checked (61 bytes) and dropped by shifting the window (63
 * bytes); {@code C8 3E} repeated does that every 2 bytes (docs/parser-hardening.md has it
 * measured). Fuzzed by {@code RcParsersFuzzTest}.
 *
 * <p>Threading: one thread (the receiver's reader) calls {@link #feed} and {@link #checkTimeout};
 * both are allocation-free after construction. Hand {@link #sample()} to other threads by copying.
 */
public final class CrsfParser {
    /** Address byte of frames sent to a flight controller; the only one this parser accepts. */
    public static final int ADDRESS_FLIGHT_CONTROLLER = 0xC8;
    public static final int TYPE_LINK_STATISTICS = 0x14;
    public static final int TYPE_RC_CHANNELS_PACKED = 0x16;
    /** Largest frame, address and length byte included. */
    public static final int MAX_FRAME_BYTES = 64;
    public static final int CHANNELS = 16;
    /** RC-frame silence after which the sample turns to failsafe unless the caller chooses another. */
    public static final long DEFAULT_FAILSAFE_TIMEOUT_NS = 250_000_000L;

    private static final int MIN_LENGTH = 2;
    private static final int MAX_LENGTH = MAX_FRAME_BYTES - 2;
    private static final int RC_PAYLOAD_BYTES = 22;
    private static final int LINK_STATISTICS_PAYLOAD_BYTES = 10;

    private final long failsafeTimeoutNs;
    private final byte[] window = new byte[MAX_FRAME_BYTES];
    private int windowBytes;
    private final RcInputSample sample = new RcInputSample();
    private final CrsfLinkStatistics linkStatistics = new CrsfLinkStatistics();
    private final int[] rawChannels = new int[CHANNELS];

    private boolean rcSeen;
    private long lastRcFrameNs;
    private boolean timedOut;
    private boolean linkQualityZero;
    private boolean sampleChanged;

    private long frames;
    private long rcFrames;
    private long linkStatisticsFrames;
    private long otherFrames;
    private long crcErrors;
    private long formatErrors;
    private long skippedBytes;
    private long goodFrameBytes;
    private long failsafeFrames;
    private long linkLosses;

    public CrsfParser() {
        this(DEFAULT_FAILSAFE_TIMEOUT_NS);
    }

    /** @param failsafeTimeoutNs RC-frame silence that means the link is lost, &gt; 0 */
    public CrsfParser(long failsafeTimeoutNs) {
        if (failsafeTimeoutNs <= 0) {
            throw new IllegalArgumentException("CRSF failsafe timeout must be positive, got " + failsafeTimeoutNs + " ns");
        }
        this.failsafeTimeoutNs = failsafeTimeoutNs;
        enterFailsafe();
    }

    /**
     * Parses {@code len} bytes received at {@code nowNs} (caller's clock, ns) and applies the
     * timeout at {@code nowNs}.
     *
     * @return true when {@link #sample()} changed: a new RC frame, or a failsafe state change
     */
    public boolean feed(byte[] buf, int off, int len, long nowNs) {
        sampleChanged = false;
        for (int i = off; i < off + len; i++) {
            window[windowBytes++] = buf[i];
            parseWindow(nowNs);
        }
        applyFailsafe(nowNs);
        return sampleChanged;
    }

    /**
     * Applies the RC-frame timeout at {@code nowNs}; call it periodically when no bytes arrive (a
     * silent receiver sends nothing to {@link #feed}).
     *
     * @return true when {@link #sample()} turned to failsafe
     */
    public boolean checkTimeout(long nowNs) {
        sampleChanged = false;
        applyFailsafe(nowNs);
        return sampleChanged;
    }

    /** The newest RC state. Read it on the parsing thread, or copy it. */
    public RcInputSample sample() {
        return sample;
    }

    /** The newest link statistics (timestamp 0 before the first). */
    public CrsfLinkStatistics linkStatistics() {
        return linkStatistics;
    }

    private void parseWindow(long nowNs) {
        while (windowBytes > 0) {
            if ((window[0] & 0xFF) != ADDRESS_FLIGHT_CONTROLLER) {
                drop(1);
                skippedBytes++;
                continue;
            }
            if (windowBytes < 2) {
                return;
            }
            int length = window[1] & 0xFF;
            if (length < MIN_LENGTH || length > MAX_LENGTH) {
                formatErrors++;
                drop(1);
                skippedBytes++;
                continue;
            }
            int frameBytes = length + 2;
            if (windowBytes < frameBytes) {
                return;
            }
            int crc = CrsfCrc8.compute(window, 2, length - 1);
            if (crc != (window[frameBytes - 1] & 0xFF)) {
                crcErrors++;
                drop(1);
                skippedBytes++;
                continue;
            }
            frames++;
            goodFrameBytes += frameBytes;
            handleFrame(window[2] & 0xFF, length - 2, nowNs);
            drop(frameBytes);
        }
    }

    private void handleFrame(int type, int payloadBytes, long nowNs) {
        if (type == TYPE_RC_CHANNELS_PACKED) {
            if (payloadBytes != RC_PAYLOAD_BYTES) {
                formatErrors++;
                return;
            }
            rcFrames++;
            handleChannels(nowNs);
        } else if (type == TYPE_LINK_STATISTICS) {
            if (payloadBytes < LINK_STATISTICS_PAYLOAD_BYTES) {
                formatErrors++;
                return;
            }
            linkStatisticsFrames++;
            handleLinkStatistics(nowNs);
        } else {
            otherFrames++;
        }
    }

    private void handleChannels(long nowNs) {
        rcSeen = true;
        lastRcFrameNs = nowNs;
        timedOut = false;
        if (linkQualityZero) {
            failsafeFrames++;
            return;
        }
        RcBits.unpack11(window, 3, rawChannels, CHANNELS);
        for (int i = 0; i < CHANNELS; i++) {
            sample.channelsUs[i] = toMicroseconds(rawChannels[i]);
        }
        for (int i = CHANNELS; i < RcInputSample.MAX_CHANNELS; i++) {
            sample.channelsUs[i] = 0;
        }
        sample.channelCount = CHANNELS;
        sample.failsafe = false;
        sample.frameLost = false;
        sample.timestampSampleNs = nowNs;
        sampleChanged = true;
    }

    private void handleLinkStatistics(long nowNs) {
        CrsfLinkStatistics s = linkStatistics;
        s.uplinkRssiAnt1Dbm = -(window[3] & 0xFF);
        s.uplinkRssiAnt2Dbm = -(window[4] & 0xFF);
        s.uplinkLinkQualityPct = window[5] & 0xFF;
        s.uplinkSnrDb = window[6];
        s.activeAntenna = window[7] & 0xFF;
        s.rfMode = window[8] & 0xFF;
        s.uplinkTxPowerIndex = window[9] & 0xFF;
        s.downlinkRssiDbm = -(window[10] & 0xFF);
        s.downlinkLinkQualityPct = window[11] & 0xFF;
        s.downlinkSnrDb = window[12];
        s.timestampNs = nowNs;
        linkQualityZero = s.uplinkLinkQualityPct == 0;
        if (sample.linkQualityPct != s.uplinkLinkQualityPct) {
            sample.linkQualityPct = s.uplinkLinkQualityPct;
            sampleChanged = true;
        }
    }

    private void applyFailsafe(long nowNs) {
        if (rcSeen && !timedOut && nowNs - lastRcFrameNs > failsafeTimeoutNs) {
            timedOut = true;
            linkLosses++;
        }
        boolean failsafe = !rcSeen || timedOut || linkQualityZero;
        if (failsafe && (!sample.failsafe || sample.channelCount != 0)) {
            enterFailsafe();
            sample.timestampSampleNs = nowNs;
            sampleChanged = true;
        }
    }

    private void enterFailsafe() {
        sample.failsafe = true;
        sample.frameLost = false;
        sample.channelCount = 0;
        for (int i = 0; i < RcInputSample.MAX_CHANNELS; i++) {
            sample.channelsUs[i] = 0;
        }
    }

    /** Betaflight's CRSF scale, in integers: 881 + v × 1024 / 1639 (v = 0..2047 → 881..2159 µs). */
    static int toMicroseconds(int raw) {
        return 881 + raw * 1024 / 1639;
    }

    private void drop(int n) {
        System.arraycopy(window, n, window, 0, windowBytes - n);
        windowBytes -= n;
    }

    /** Frames with a good CRC, of any type. */
    public long frames() {
        return frames;
    }

    public long rcFrames() {
        return rcFrames;
    }

    public long linkStatisticsFrames() {
        return linkStatisticsFrames;
    }

    /** Frames with a good CRC of types this parser does not decode. */
    public long otherFrames() {
        return otherFrames;
    }

    public long crcErrors() {
        return crcErrors;
    }

    /** Lengths outside 2..62, and RC or link-statistics frames with the wrong payload size. */
    public long formatErrors() {
        return formatErrors;
    }

    /** Bytes that were not part of a frame with a good CRC. */
    /** Bytes of frames with a good CRC; with {@link #skippedBytes()} and {@link #pendingBytes()}, every byte fed. */
    public long frameBytes() {
        return goodFrameBytes;
    }

    /** Bytes held for a frame not yet complete: at most {@link #MAX_FRAME_BYTES} - 1. */
    public int pendingBytes() {
        return windowBytes;
    }

    public long skippedBytes() {
        return skippedBytes;
    }

    /** RC frames received while the link statistics said LQ 0, not used as sticks. */
    public long failsafeFrames() {
        return failsafeFrames;
    }

    /** Times the RC frames stopped for longer than the timeout (CRSF has no per-frame lost flag). */
    public long linkLosses() {
        return linkLosses;
    }
}
