package org.hoverla.core.mavlink.link;

import io.dronefleet.mavlink.serialization.payload.MavlinkPayloadSerializer;

/**
 * Encodes payload objects ({@code io.dronefleet.mavlink} messages or our own classes with the same
 * annotations) into unsigned MAVLink 2 frames.
 *
 * <p>Two steps so one payload sent on several links is serialized once:
 * {@link #serialize(Object)} runs {@link CachedPayloadSerializer} (the library's reflection
 * serializer with its reflection done once per class) and trims trailing zero
 * bytes (MAVLink 2 payload truncation, keeping at least one byte); {@link #frame} wraps that in a
 * header with the sender's ids and the link's sequence number and appends the checksum (its own
 * CRC code, allocation-free apart from the returned array). {@link #encode} does both and keeps a
 * sequence counter per encoder, i.e. per sender: use one encoder per (link, identity).
 *
 * <p>Not thread-safe (sequence counter); MAVLink thread only.
 */
public final class MavlinkFrameEncoder {

    /** A serialized payload ready to be framed. */
    public record Payload(int messageId, int crcExtra, byte[] bytes) {
    }

    private final MavlinkMessageTable table;
    private final MavlinkPayloadSerializer serializer = new CachedPayloadSerializer();
    private int sequence;

    public MavlinkFrameEncoder(MavlinkMessageTable table) {
        this.table = table;
    }

    /**
     * Serializes a payload object.
     *
     * @throws IllegalArgumentException if its class carries no {@code @MavlinkMessageInfo}
     */
    public Payload serialize(Object payload) {
        MavlinkMessageTable.Entry e = table.get(payload.getClass());
        if (e == null) {
            e = MavlinkMessageTable.describe(payload.getClass());
        }
        byte[] full = serializer.serialize(payload);
        int len = full.length;
        while (len > 1 && full[len - 1] == 0) {
            len--;
        }
        byte[] bytes = len == full.length ? full : java.util.Arrays.copyOf(full, len);
        return new Payload(e.id(), e.crcExtra(), bytes);
    }

    /** Builds one MAVLink 2 frame (unsigned) around a serialized payload. */
    public static byte[] frame(Payload p, int systemId, int componentId, int sequence) {
        return frame(p, systemId, componentId, sequence, false);
    }

    /**
     * Builds one MAVLink 2 frame around a serialized payload; when {@code signed}, with the
     * incompatibility flag {@link MavlinkFrame#IFLAG_SIGNED} set before the CRC is computed (the
     * CRC covers the header, mavlink.io Serialization) and {@link MavlinkFrame#SIGNATURE_LENGTH}
     * zero bytes after the CRC for the signer to fill.
     */
    public static byte[] frame(Payload p, int systemId, int componentId, int sequence, boolean signed) {
        byte[] pl = p.bytes();
        byte[] f = new byte[10 + pl.length + 2 + (signed ? MavlinkFrame.SIGNATURE_LENGTH : 0)];
        f[0] = (byte) MavlinkFrame.MAGIC_V2;
        f[1] = (byte) pl.length;
        f[2] = (byte) (signed ? MavlinkFrame.IFLAG_SIGNED : 0);
        f[3] = 0;
        f[4] = (byte) sequence;
        f[5] = (byte) systemId;
        f[6] = (byte) componentId;
        f[7] = (byte) p.messageId();
        f[8] = (byte) (p.messageId() >>> 8);
        f[9] = (byte) (p.messageId() >>> 16);
        System.arraycopy(pl, 0, f, 10, pl.length);
        int crc = MavlinkCrc.frameCrc(f, 1, 9 + pl.length, p.crcExtra());
        f[10 + pl.length] = (byte) crc;
        f[11 + pl.length] = (byte) (crc >>> 8);
        return f;
    }

    /** Encodes with an explicit sequence number. */
    public byte[] encode(int systemId, int componentId, int sequence, Object payload) {
        return frame(serialize(payload), systemId, componentId, sequence);
    }

    /** Encodes with this encoder's own sequence counter (0, 1, … 255, 0, …). */
    public byte[] encode(int systemId, int componentId, Object payload) {
        int seq = sequence;
        sequence = (seq + 1) & 0xFF;
        return encode(systemId, componentId, seq, payload);
    }

    /** The sequence number the next {@link #encode(int, int, Object)} will use. */
    public int nextSequence() {
        return sequence;
    }
}
