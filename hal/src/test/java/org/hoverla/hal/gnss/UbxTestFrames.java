package org.hoverla.hal.gnss;

import java.io.ByteArrayOutputStream;

/** Test helper: hand-built UBX payloads and frames (offsets as in UbxParser's comments). */
final class UbxTestFrames {
    private UbxTestFrames() {
    }

    /** A little-endian payload writer. */
    static final class Payload {
        final byte[] b;

        Payload(int length) {
            b = new byte[length];
        }

        Payload put(int off, long value, int size) {
            UbxProtocol.putLe(b, off, value, size);
            return this;
        }

        byte[] frame(int cls, int id) {
            return UbxProtocol.frame(cls, id, b);
        }
    }

    /** The NAV-PVT every decode test uses: Kyiv-ish, 3-D fix, 14 SVs, 2026-12-04T19:30:15.250Z. */
    static Payload pvt(long iTow) {
        return new Payload(92)
                .put(0, iTow, 4)
                .put(4, 2026, 2).put(6, 12, 1).put(7, 4, 1)
                .put(8, 19, 1).put(9, 30, 1).put(10, 15, 1)
                .put(11, 0x07, 1)              // validDate, validTime, fullyResolved
                .put(12, 40, 4)                 // tAcc ns
                .put(16, 250_000_000, 4)        // nano
                .put(20, 3, 1)                  // fixType 3-D
                .put(21, 0x01, 1)               // gnssFixOK
                .put(23, 14, 1)                 // numSV
                .put(24, 304_567_891, 4)        // lon 1e-7 deg
                .put(28, 504_501_234, 4)        // lat 1e-7 deg
                .put(32, 200_000, 4)            // height (ellipsoid) mm
                .put(36, 180_500, 4)            // hMSL mm
                .put(40, 1_500, 4)              // hAcc mm
                .put(44, 2_500, 4)              // vAcc mm
                .put(48, 1_234, 4)              // velN mm/s
                .put(52, -567, 4)               // velE
                .put(56, 89, 4)                 // velD
                .put(60, 1_358, 4)              // gSpeed
                .put(64, 33_000_000, 4)         // headMot 1e-5 deg
                .put(68, 300, 4)                // sAcc mm/s
                .put(76, 123, 2);               // pDOP
    }

    static byte[] pvtFrame(long iTow) {
        return pvt(iTow).frame(UbxProtocol.CLASS_NAV, UbxProtocol.NAV_PVT);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
