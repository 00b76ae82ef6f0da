package org.hoverla.core.mavlink.link;

/**
 * CRC-16/MCRF4XX ("X.25" in the MAVLink documentation) as MAVLink uses it: seed 0xFFFF, no final
 * XOR, the message's CRC_EXTRA byte accumulated after the payload (mavlink.io, "Packet
 * Serialization", checksum). Allocation-free, stateless.
 */
public final class MavlinkCrc {

    private MavlinkCrc() {
    }

    /** Seed value of the checksum. */
    public static final int SEED = 0xFFFF;

    /** Accumulates one byte into {@code crc} and returns the new 16-bit value. */
    public static int accumulate(int crc, int b) {
        int tmp = (b ^ crc) & 0xFF;
        tmp = (tmp ^ (tmp << 4)) & 0xFF;
        return ((crc >>> 8) ^ (tmp << 8) ^ (tmp << 3) ^ (tmp >>> 4)) & 0xFFFF;
    }

    /** Accumulates {@code len} bytes of {@code buf} from {@code off} into {@code crc}. */
    public static int accumulate(int crc, byte[] buf, int off, int len) {
        int c = crc;
        for (int i = off, end = off + len; i < end; i++) {
            c = accumulate(c, buf[i]);
        }
        return c;
    }

    /**
     * The frame checksum: bytes {@code [off, off+len)} (everything after the magic byte up to the
     * end of the payload) followed by {@code crcExtra}.
     */
    public static int frameCrc(byte[] buf, int off, int len, int crcExtra) {
        return accumulate(accumulate(SEED, buf, off, len), crcExtra);
    }
}
