package org.hoverla.hal.gnss;

/**
 * u-blox UBX framing: constants, the Fletcher-8 checksum, little-endian field readers and a frame
 * builder.
 *
 * <p>Frame layout (u-blox 8 / M8 Receiver Description and Protocol Specification UBX-13003221,
 * §32.2 "UBX Frame Structure"; the same in the F9 HPG Interface Description UBX-18010854 §3.1):
 * {@code 0xB5 0x62 class id lengthLo lengthHi payload[length] ckA ckB}; the checksum (§32.4, an
 * 8-bit Fletcher over class, id, length and payload) is checked the same way as PX4's
 * {@code GPSDriverUBX::calcChecksum} in PX4-GPSDrivers src/ubx.cpp.
 *
 * <p>Readers are static and allocation-free; {@link #frame} allocates and is meant for start-up
 * configuration only.
 */
public final class UbxProtocol {
    public static final int SYNC1 = 0xB5;
    public static final int SYNC2 = 0x62;
    /** Bytes around the payload: two sync, class, id, two length, two checksum. */
    public static final int OVERHEAD = 8;

    public static final int CLASS_NAV = 0x01;
    public static final int CLASS_ACK = 0x05;
    public static final int CLASS_CFG = 0x06;
    public static final int CLASS_MON = 0x0A;
    public static final int CLASS_SEC = 0x27;

    public static final int NAV_POSLLH = 0x02;
    public static final int NAV_DOP = 0x04;
    public static final int NAV_SOL = 0x06;
    public static final int NAV_PVT = 0x07;
    public static final int NAV_VELNED = 0x12;
    public static final int NAV_TIMEUTC = 0x21;
    public static final int NAV_SAT = 0x35;
    public static final int ACK_NAK = 0x00;
    public static final int ACK_ACK = 0x01;
    public static final int CFG_MSG = 0x01;
    public static final int CFG_RATE = 0x08;
    public static final int CFG_NAV5 = 0x24;
    public static final int CFG_VALSET = 0x8A;
    public static final int MON_VER = 0x04;
    public static final int MON_HW = 0x09;
    public static final int MON_RF = 0x38;
    public static final int SEC_SIG = 0x09;

    private UbxProtocol() {
    }

    /** {@code class << 8 | id}, the key the parser reports frames by. */
    public static int key(int msgClass, int msgId) {
        return (msgClass & 0xFF) << 8 | (msgId & 0xFF);
    }

    /** Fletcher-8 over {@code buf[off, off+len)}: {@code ckA | ckB << 8}. */
    public static int checksum(byte[] buf, int off, int len) {
        int a = 0;
        int b = 0;
        for (int i = off; i < off + len; i++) {
            a = (a + (buf[i] & 0xFF)) & 0xFF;
            b = (b + a) & 0xFF;
        }
        return a | b << 8;
    }

    public static int u1(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    public static int i1(byte[] b, int off) {
        return b[off];
    }

    public static int u2(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    public static int i2(byte[] b, int off) {
        return (short) u2(b, off);
    }

    public static int i4(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    public static long u4(byte[] b, int off) {
        return i4(b, off) & 0xFFFF_FFFFL;
    }

    /** Writes {@code value} little-endian in {@code size} bytes. */
    public static void putLe(byte[] b, int off, long value, int size) {
        for (int i = 0; i < size; i++) {
            b[off + i] = (byte) (value >>> (8 * i));
        }
    }

    /** A complete frame around {@code payload} (allocates: configuration only). */
    public static byte[] frame(int msgClass, int msgId, byte[] payload) {
        byte[] f = new byte[payload.length + OVERHEAD];
        f[0] = (byte) SYNC1;
        f[1] = (byte) SYNC2;
        f[2] = (byte) msgClass;
        f[3] = (byte) msgId;
        putLe(f, 4, payload.length, 2);
        System.arraycopy(payload, 0, f, 6, payload.length);
        int ck = checksum(f, 2, payload.length + 4);
        f[f.length - 2] = (byte) ck;
        f[f.length - 1] = (byte) (ck >>> 8);
        return f;
    }
}
