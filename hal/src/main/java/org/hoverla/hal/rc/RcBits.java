package org.hoverla.hal.rc;

/** The 11-bit channel packing shared by CRSF and SBUS: little-endian, least significant bit first. */
final class RcBits {
    private RcBits() {
    }

    /** Unpacks {@code count} 11-bit values from {@code buf} at {@code off} into {@code dst}. */
    static void unpack11(byte[] buf, int off, int[] dst, int count) {
        int bytes = (count * 11 + 7) / 8;
        for (int ch = 0; ch < count; ch++) {
            int bit = ch * 11;
            int at = bit >> 3;
            int word = buf[off + at] & 0xFF;
            if (at + 1 < bytes) {
                word |= (buf[off + at + 1] & 0xFF) << 8;
            }
            if (at + 2 < bytes) {
                word |= (buf[off + at + 2] & 0xFF) << 16;
            }
            dst[ch] = (word >>> (bit & 7)) & 0x7FF;
        }
    }

    /** The inverse of {@link #unpack11}: writes {@code (count·11+7)/8} bytes. */
    static void pack11(int[] values, int count, byte[] dst, int off) {
        int bytes = (count * 11 + 7) / 8;
        for (int i = 0; i < bytes; i++) {
            dst[off + i] = 0;
        }
        for (int ch = 0; ch < count; ch++) {
            int v = values[ch] & 0x7FF;
            int bit = ch * 11;
            for (int b = 0; b < 11; b++, bit++) {
                if ((v & (1 << b)) != 0) {
                    dst[off + (bit >> 3)] |= (byte) (1 << (bit & 7));
                }
            }
        }
    }
}
