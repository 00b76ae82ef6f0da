package org.hoverla.core.mavlink.link;

import java.util.Arrays;

/**
 * A validated frame as the parser hands it over: a reusable view into the parser's buffer,
 * valid only during the {@link MavlinkFrameParser.FrameHandler#onFrame} call (copy what you keep
 * with {@link #copyBytes()}). Signed frames keep their 13-byte signature in the raw bytes.
 */
public final class MavlinkFrame {

    /** MAVLink 1 start byte. */
    public static final int MAGIC_V1 = 0xFE;
    /** MAVLink 2 start byte. */
    public static final int MAGIC_V2 = 0xFD;
    /** MAVLink 2 incompatibility flag: the frame is signed. */
    public static final int IFLAG_SIGNED = 0x01;
    /** Signature length (link id, 48-bit timestamp, 48-bit signature). */
    public static final int SIGNATURE_LENGTH = 13;

    byte[] buf;
    int offset;
    int length;
    boolean v2;
    boolean signed;
    int sequence;
    int systemId;
    int componentId;
    int messageId;
    int payloadOffset;
    int payloadLength;
    MavlinkMessageTable.Entry entry;
    boolean authenticated;

    /** @return true for MAVLink 2 (0xFD), false for MAVLink 1 (0xFE) */
    public boolean isV2() {
        return v2;
    }

    /** @return true if the frame carries a signature (MAVLink 2 only; not verified here) */
    public boolean isSigned() {
        return signed;
    }

    /**
     * Marks the frame's signature as verified against an installed key (by an
     * {@link InboundFilter}); reset for every new frame.
     */
    public void markAuthenticated() {
        authenticated = true;
    }

    /** @return true once an {@link InboundFilter} verified this frame's signature */
    public boolean isAuthenticated() {
        return authenticated;
    }

    public int sequence() {
        return sequence;
    }

    public int systemId() {
        return systemId;
    }

    public int componentId() {
        return componentId;
    }

    public int messageId() {
        return messageId;
    }

    /** The message table entry of this frame's id (never null for a delivered frame). */
    public MavlinkMessageTable.Entry entry() {
        return entry;
    }

    /** Length of the whole frame, signature included. */
    public int length() {
        return length;
    }

    /** Payload length on the wire (MAVLink 2 may truncate trailing zeros). */
    public int payloadLength() {
        return payloadLength;
    }

    /** Payload byte {@code i}, 0 past the truncated end (as MAVLink 2 defines). */
    public int payloadByte(int i) {
        return i < payloadLength ? buf[payloadOffset + i] & 0xFF : 0;
    }

    /** @return target_system of the message, or -1 if it has none */
    public int targetSystem() {
        int off = entry == null ? -1 : entry.targetSystemOffset();
        return off < 0 ? -1 : payloadByte(off);
    }

    /** @return target_component of the message, or -1 if it has none */
    public int targetComponent() {
        int off = entry == null ? -1 : entry.targetComponentOffset();
        return off < 0 ? -1 : payloadByte(off);
    }

    /** Copies the raw frame bytes (signature included). Allocates. */
    public byte[] copyBytes() {
        return Arrays.copyOfRange(buf, offset, offset + length);
    }

    /** Copies the payload, zero-extended to the message's full length. Allocates. */
    public byte[] copyPayloadPadded() {
        int full = Math.max(entry == null ? 0 : entry.maxLength(), payloadLength);
        byte[] p = new byte[full];
        System.arraycopy(buf, payloadOffset, p, 0, payloadLength);
        return p;
    }

    /** Copies the signature (13 bytes), or returns null for an unsigned frame. Allocates. */
    public byte[] copySignature() {
        if (!signed) {
            return null;
        }
        int s = offset + length - SIGNATURE_LENGTH;
        return Arrays.copyOfRange(buf, s, s + SIGNATURE_LENGTH);
    }

    /** The backing array (valid during the callback only). */
    public byte[] array() {
        return buf;
    }

    /** Offset of the frame's first byte in {@link #array()}. */
    public int arrayOffset() {
        return offset;
    }

    @Override
    public String toString() {
        return (v2 ? "v2" : "v1") + (signed ? " signed" : "") + " msg=" + messageId + " sys=" + systemId
                + " comp=" + componentId + " seq=" + sequence + " len=" + payloadLength;
    }
}
