package org.hoverla.hal.rc;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/** Test helper: builds CRSF and SBUS frames and measures allocation. */
final class RcFrames {
    private RcFrames() {
    }

    /** Bitwise CRC-8/DVB-S2, written independently of the table in {@link CrsfCrc8}. */
    static int crc8Bitwise(byte[] b, int off, int len) {
        int crc = 0;
        for (int i = off; i < off + len; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0xD5) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return crc;
    }

    static byte[] crsf(int type, byte[] payload) {
        byte[] f = new byte[payload.length + 4];
        f[0] = (byte) 0xC8;
        f[1] = (byte) (payload.length + 2);
        f[2] = (byte) type;
        System.arraycopy(payload, 0, f, 3, payload.length);
        f[f.length - 1] = (byte) crc8Bitwise(f, 2, payload.length + 1);
        return f;
    }

    static byte[] crsfChannels(int... raw) {
        int[] v = new int[16];
        Arrays.fill(v, 992);
        System.arraycopy(raw, 0, v, 0, raw.length);
        byte[] payload = new byte[22];
        RcBits.pack11(v, 16, payload, 0);
        return crsf(0x16, payload);
    }

    static byte[] crsfLinkStatistics(int rssi1, int rssi2, int lq, int snr, int antenna, int rfMode, int power,
            int downRssi, int downLq, int downSnr) {
        return crsf(0x14, new byte[] {(byte) rssi1, (byte) rssi2, (byte) lq, (byte) snr, (byte) antenna,
            (byte) rfMode, (byte) power, (byte) downRssi, (byte) downLq, (byte) downSnr});
    }

    static byte[] sbus(int flags, int end, int... raw) {
        int[] v = new int[16];
        Arrays.fill(v, 1000);
        System.arraycopy(raw, 0, v, 0, raw.length);
        byte[] f = new byte[25];
        f[0] = 0x0F;
        RcBits.pack11(v, 16, f, 1);
        f[23] = (byte) flags;
        f[24] = (byte) end;
        return f;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    interface Step {
        void run(int i);
    }

    /** Heap bytes this thread allocates in 10 000 steps, smallest of three windows after warm-up. */
    static long bytesPer10000(Step step) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        int i = 0;
        for (; i < 20_000; i++) {
            step.run(i);
        }
        long smallest = Long.MAX_VALUE;
        for (int window = 0; window < 3; window++) {
            threads.getThreadAllocatedBytes(tid);
            long before = threads.getThreadAllocatedBytes(tid);
            for (int k = 0; k < 10_000; k++, i++) {
                step.run(i);
            }
            smallest = Math.min(smallest, threads.getThreadAllocatedBytes(tid) - before);
        }
        return smallest;
    }
}
