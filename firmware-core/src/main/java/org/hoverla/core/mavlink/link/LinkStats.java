package org.hoverla.core.mavlink.link;

/**
 * Counters of one link. Written only by the MAVLink thread (single writer, so the volatile
 * read-modify-write increments are safe); readable from any thread for reports.
 */
public final class LinkStats {

    volatile long framesReceived;
    volatile long bytesReceived;
    volatile long framesSent;
    volatile long bytesSent;
    volatile long crcErrors;
    volatile long unknownIds;
    volatile long bytesDropped;
    volatile long truncatedFrames;
    volatile long sequenceGaps;
    volatile long framesLost;
    volatile long v1Frames;
    volatile long signedFrames;
    volatile long sendDrops;
    volatile long forwarded;
    volatile long decodeErrors;

    /** Valid frames (CRC checked, known id) received. */
    public long framesReceived() {
        return framesReceived;
    }

    /** Raw bytes received. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** Frames written to this link (own messages and forwarded ones). */
    public long framesSent() {
        return framesSent;
    }

    /** Bytes written to this link. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Frames whose checksum did not match (includes false starts inside garbage). */
    public long crcErrors() {
        return crcErrors;
    }

    /** Frames with a message id missing from the message table (skipped unchecked). */
    public long unknownIds() {
        return unknownIds;
    }

    /** Bytes skipped while resynchronising (garbage, bad frames, truncated datagram tails). */
    public long bytesDropped() {
        return bytesDropped;
    }

    /** Frames cut short by the end of a datagram. */
    public long truncatedFrames() {
        return truncatedFrames;
    }

    /** Sequence discontinuities, counted per (system, component) source. */
    public long sequenceGaps() {
        return sequenceGaps;
    }

    /** Frames missing according to sequence numbers (sum of gap sizes). */
    public long framesLost() {
        return framesLost;
    }

    /** Valid MAVLink 1 frames received. */
    public long v1Frames() {
        return v1Frames;
    }

    /** Valid MAVLink 2 frames received carrying a signature (not yet verified). */
    public long signedFrames() {
        return signedFrames;
    }

    /** Frames not sent: no peer known yet, channel not writable, serial queue full, or closed. */
    public long sendDrops() {
        return sendDrops;
    }

    /** Frames received here and forwarded to other links by the router. */
    public long forwarded() {
        return forwarded;
    }

    /** Valid frames whose payload the library could not deserialize. */
    public long decodeErrors() {
        return decodeErrors;
    }

    @Override
    public String toString() {
        return "rx=" + framesReceived + " tx=" + framesSent + " rxBytes=" + bytesReceived
                + " txBytes=" + bytesSent + " crcErr=" + crcErrors + " unknownId=" + unknownIds
                + " dropped=" + bytesDropped + " truncated=" + truncatedFrames
                + " seqGaps=" + sequenceGaps + " lost=" + framesLost + " v1=" + v1Frames
                + " signed=" + signedFrames + " sendDrops=" + sendDrops + " fwd=" + forwarded
                + " decodeErr=" + decodeErrors;
    }
}
