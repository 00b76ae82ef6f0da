package org.hoverla.core.boot;

import java.util.Arrays;
import org.hoverla.hal.rc.CrsfCrc8;

/** Test helper: CRSF and SBUS frames as a receiver puts them on the wire. */
final class RcWireFrames {
    private RcWireFrames() {
    }

    /** 16 values × 11 bits, least significant bit first (CRSF and SBUS channel packing). */
    static void pack11(int[] values, byte[] dst, int off) {
        int bit = 0;
        for (int v : values) {
            for (int b = 0; b < 11; b++, bit++) {
                if ((v >> b & 1) != 0) {
                    dst[off + bit / 8] |= (byte) (1 << (bit % 8));
                }
            }
        }
    }

    static byte[] crsf(int type, byte[] payload) {
        byte[] f = new byte[payload.length + 4];
        f[0] = (byte) 0xC8;
        f[1] = (byte) (payload.length + 2);
        f[2] = (byte) type;
        System.arraycopy(payload, 0, f, 3, payload.length);
        f[f.length - 1] = (byte) CrsfCrc8.compute(f, 2, payload.length + 1);
        return f;
    }

    /** RC_CHANNELS_PACKED with the first channels given (CRSF ticks, 172..1811), the rest centred (992). */
    static byte[] crsfChannels(int... raw) {
        int[] v = new int[16];
        Arrays.fill(v, 992);
        System.arraycopy(raw, 0, v, 0, raw.length);
        byte[] payload = new byte[22];
        pack11(v, payload, 0);
        return crsf(0x16, payload);
    }

    /** LINK_STATISTICS: uplink RSSI 1 and 2 (positive = −dBm), LQ, SNR, active antenna. */
    static byte[] crsfLinkStatistics(int rssi1, int rssi2, int lq, int snr, int antenna) {
        return crsf(0x14, new byte[] {(byte) rssi1, (byte) rssi2, (byte) lq, (byte) snr, (byte) antenna, 4, 3,
            (byte) 70, (byte) 100, 8});
    }

    /** A 25-byte SBUS frame: first channels given (SBUS ticks, 200..1800), the rest 1000, flags, end byte 0x00. */
    static byte[] sbus(int flags, int... raw) {
        int[] v = new int[16];
        Arrays.fill(v, 1000);
        System.arraycopy(raw, 0, v, 0, raw.length);
        byte[] f = new byte[25];
        f[0] = 0x0F;
        pack11(v, f, 1);
        f[23] = (byte) flags;
        return f;
    }
}
