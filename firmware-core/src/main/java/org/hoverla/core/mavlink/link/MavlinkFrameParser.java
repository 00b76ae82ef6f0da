package org.hoverla.core.mavlink.link;

import io.netty.buffer.ByteBuf;

/**
 * Incremental MAVLink 1/2 frame parser for one link (one per UDP endpoint, TCP client or serial
 * port). Bytes may arrive in any chunking, byte by byte included.
 *
 * <p>Rules: a frame starts at 0xFE (v1) or 0xFD (v2); its length comes from the header (v2 adds
 * 13 signature bytes when incompatibility flag 0x01 is set; other incompatibility flags are
 * unsupported and rejected); its checksum covers header and payload plus the message's
 * CRC_EXTRA from the {@link MavlinkMessageTable}. On a bad checksum, an oversize payload or an
 * unsupported flag the parser skips only the start byte and rescans what followed it, so a real
 * frame hidden behind a false start is still found. Frames with an id missing from the table
 * cannot be checked: they are counted in {@code unknownIds} and treated like a false start (so
 * that counter also counts false starts in garbage that name an unknown id). Nothing here throws on bad input;
 * everything lands in {@link LinkStats}. {@link #endOfDatagram()} discards (and counts) a frame
 * cut short by the end of a UDP datagram.
 *
 * <p>Sequence gaps are tracked per (system id, component id) source. After construction the
 * parser does not allocate, except 512 bytes the first time a system id is seen.
 *
 * <p><b>Bounded buffer, cost per byte.</b> The buffer is 4096 bytes; between calls at most one
 * partial frame is pending ({@link #pendingBytes()} &lt; 280, a signed MAVLink 2 frame of 255
 * payload bytes), and every byte received is in a delivered frame, in {@code bytesDropped} or
 * pending ({@code bytesReceived = frame bytes + bytesDropped + pendingBytes}). Worst case per
 * byte: a false start (a start byte whose header names a known message) is held until its
 * claimed length has arrived, then checked and dropped, and the scan resumes at the next byte; so
 * one byte can cost a CRC over up to 265 bytes. The worst stream found (a false ENCAPSULATED_DATA
 * header every 10 bytes) costs about 26 CRC bytes per byte fed, against about one for typical
 * telemetry: measured ~140 against ~3 ns per byte (docs/parser-hardening.md). Fuzzed by
 * {@code MavlinkFrameParserFuzzTest}.
 *
 * <p>Not thread-safe: one parser is used by the MAVLink thread only.
 */
public final class MavlinkFrameParser {

    /** Receives validated frames. */
    @FunctionalInterface
    public interface FrameHandler {
        /** @param frame a view valid only during this call */
        void onFrame(MavlinkFrame frame);
    }

    static final int MAX_FRAME = 10 + 255 + 2 + MavlinkFrame.SIGNATURE_LENGTH;
    private static final int CAPACITY = 4096;

    private final MavlinkMessageTable table;
    private final LinkStats stats;
    private final FrameHandler handler;
    private final byte[] buf = new byte[CAPACITY];
    private final MavlinkFrame frame = new MavlinkFrame();
    private final short[][] lastSeq = new short[256][];
    private int start;
    private int end;
    private boolean eof;

    public MavlinkFrameParser(MavlinkMessageTable table, LinkStats stats, FrameHandler handler) {
        this.table = table;
        this.stats = stats;
        this.handler = handler;
        frame.buf = buf;
    }

    /** The statistics this parser counts into. */
    public LinkStats stats() {
        return stats;
    }

    /** Feeds {@code len} bytes of {@code data} from {@code off}. */
    public void feed(byte[] data, int off, int len) {
        stats.bytesReceived += len;
        int pos = off;
        int remaining = len;
        while (remaining > 0) {
            makeRoom();
            int n = Math.min(remaining, CAPACITY - end);
            System.arraycopy(data, pos, buf, end, n);
            end += n;
            pos += n;
            remaining -= n;
            process();
        }
    }

    /** Feeds (and consumes) the readable bytes of a Netty buffer. */
    public void feed(ByteBuf data) {
        int remaining = data.readableBytes();
        stats.bytesReceived += remaining;
        while (remaining > 0) {
            makeRoom();
            int n = Math.min(remaining, CAPACITY - end);
            data.readBytes(buf, end, n);
            end += n;
            remaining -= n;
            process();
        }
    }

    /** Feeds one byte. */
    public void feed(int b) {
        stats.bytesReceived++;
        makeRoom();
        buf[end++] = (byte) b;
        process();
    }

    /**
     * Declares the end of a datagram (or of a stream): a partial frame left in the buffer can
     * never complete. Its start is counted as truncated and dropped, and what followed it is
     * rescanned, since a false start in garbage may hide complete frames behind it.
     */
    public void endOfDatagram() {
        eof = true;
        try {
            process();
        } finally {
            eof = false;
        }
        start = 0;
        end = 0;
    }

    /** Bytes waiting for the rest of their frame. */
    public int pendingBytes() {
        return end - start;
    }

    private void makeRoom() {
        if (end == CAPACITY) {
            // Everything before start is consumed; at most one partial frame (< MAX_FRAME) remains.
            int pending = end - start;
            System.arraycopy(buf, start, buf, 0, pending);
            start = 0;
            end = pending;
        }
    }

    private void process() {
        while (start < end) {
            int magic = buf[start] & 0xFF;
            if (magic != MavlinkFrame.MAGIC_V2 && magic != MavlinkFrame.MAGIC_V1) {
                skipGarbage();
                continue;
            }
            boolean v2 = magic == MavlinkFrame.MAGIC_V2;
            int header = v2 ? 10 : 6;
            int available = end - start;
            if (available < 2) {
                if (incomplete()) {
                    continue;
                }
                return;
            }
            int payloadLen = buf[start + 1] & 0xFF;
            int frameLen = header + payloadLen + 2;
            boolean signed = false;
            if (v2) {
                if (available < 3) {
                    if (incomplete()) {
                        continue;
                    }
                    return;
                }
                int incompat = buf[start + 2] & 0xFF;
                if ((incompat & ~MavlinkFrame.IFLAG_SIGNED) != 0) {
                    rejectStart();
                    continue;
                }
                signed = (incompat & MavlinkFrame.IFLAG_SIGNED) != 0;
                if (signed) {
                    frameLen += MavlinkFrame.SIGNATURE_LENGTH;
                }
            }
            if (available < header) {
                if (incomplete()) {
                    continue;
                }
                return;
            }
            int msgId = v2
                    ? (buf[start + 7] & 0xFF) | (buf[start + 8] & 0xFF) << 8 | (buf[start + 9] & 0xFF) << 16
                    : buf[start + 5] & 0xFF;
            MavlinkMessageTable.Entry entry = table.get(msgId);
            if (entry != null && payloadLen > entry.maxLength()) {
                // Longer than the message can be: not a frame start (or a corrupt one).
                stats.crcErrors++;
                rejectStart();
                continue;
            }
            if (available < frameLen) {
                if (incomplete()) {
                    continue;
                }
                return;
            }
            if (entry == null) {
                // Cannot be checked without CRC_EXTRA. Skipping the whole claimed length would let
                // a false start in garbage swallow real frames, so rescan from the next byte.
                stats.unknownIds++;
                rejectStart();
                continue;
            }
            int crcPos = start + header + payloadLen;
            int crc = MavlinkCrc.frameCrc(buf, start + 1, header - 1 + payloadLen, entry.crcExtra());
            int wireCrc = (buf[crcPos] & 0xFF) | (buf[crcPos + 1] & 0xFF) << 8;
            if (crc != wireCrc) {
                stats.crcErrors++;
                rejectStart();
                continue;
            }
            MavlinkFrame f = frame;
            f.offset = start;
            f.length = frameLen;
            f.v2 = v2;
            f.signed = signed;
            f.authenticated = false;
            f.sequence = buf[start + (v2 ? 4 : 2)] & 0xFF;
            f.systemId = buf[start + (v2 ? 5 : 3)] & 0xFF;
            f.componentId = buf[start + (v2 ? 6 : 4)] & 0xFF;
            f.messageId = msgId;
            f.payloadOffset = start + header;
            f.payloadLength = payloadLen;
            f.entry = entry;
            start += frameLen;
            stats.framesReceived++;
            if (!v2) {
                stats.v1Frames++;
            }
            if (signed) {
                stats.signedFrames++;
            }
            trackSequence(f.systemId, f.componentId, f.sequence);
            handler.onFrame(f);
        }
        start = 0;
        end = 0;
    }

    /** At end of datagram a partial frame is truncated: drop its start and rescan (true). */
    private boolean incomplete() {
        if (!eof) {
            return false;
        }
        stats.truncatedFrames++;
        rejectStart();
        return true;
    }

    /** Drops the start byte of a false or corrupt frame and rescans from the next byte. */
    private void rejectStart() {
        start++;
        stats.bytesDropped++;
    }

    private void skipGarbage() {
        int i = start;
        while (i < end) {
            int b = buf[i] & 0xFF;
            if (b == MavlinkFrame.MAGIC_V2 || b == MavlinkFrame.MAGIC_V1) {
                break;
            }
            i++;
        }
        stats.bytesDropped += i - start;
        start = i;
    }

    private void trackSequence(int sysId, int compId, int seq) {
        short[] row = lastSeq[sysId];
        if (row == null) {
            row = new short[256];
            java.util.Arrays.fill(row, (short) -1);
            lastSeq[sysId] = row;
        }
        int last = row[compId];
        if (last >= 0) {
            int gap = (seq - last - 1) & 0xFF;
            if (gap != 0) {
                stats.sequenceGaps++;
                stats.framesLost += gap;
            }
        }
        row[compId] = (short) seq;
    }
}
