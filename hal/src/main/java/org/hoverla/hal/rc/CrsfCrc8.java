package org.hoverla.hal.rc;

/**
 * CRC-8 with polynomial 0xD5 (DVB-S2), initial value 0, no reflection, no final XOR: the check of
 * every CRSF frame, computed over the type byte and the payload (TBS CRSF specification, "Frame
 * structure"; ExpressLRS and Betaflight use the same table-driven form). Stateless, allocation-free,
 * safe from any thread.
 */
public final class CrsfCrc8 {
    private static final int POLY = 0xD5;
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ POLY) & 0xFF : (crc << 1) & 0xFF;
            }
            TABLE[i] = crc;
        }
    }

    private CrsfCrc8() {
    }

    /** CRC of {@code len} bytes of {@code buf} from {@code off}, 0..255. */
    public static int compute(byte[] buf, int off, int len) {
        int crc = 0;
        for (int i = off; i < off + len; i++) {
            crc = TABLE[(crc ^ buf[i]) & 0xFF];
        }
        return crc;
    }
}
