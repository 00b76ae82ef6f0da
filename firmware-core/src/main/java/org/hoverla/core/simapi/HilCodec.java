package org.hoverla.core.simapi;

import org.hoverla.core.mavlink.link.LinkStats;
import org.hoverla.core.mavlink.link.MavlinkCrc;
import org.hoverla.core.mavlink.link.MavlinkFrame;
import org.hoverla.core.mavlink.link.MavlinkFrameParser;
import org.hoverla.core.mavlink.link.MavlinkMessageTable;

/**
 * Allocation-free MAVLink codec for the vehicle's side of PX4's simulator API: it decodes the
 * simulator's {@code HIL_SENSOR}, {@code HIL_GPS} and {@code HIL_STATE_QUATERNION} in place and
 * encodes the vehicle's {@code HIL_ACTUATOR_CONTROLS} and {@code HEARTBEAT} into one preallocated
 * transmit buffer, so the simulator link's thread (which runs the flight cycles, DESIGN §3/§5)
 * allocates nothing per step.
 *
 * <p><b>Receive:</b> {@link #feed} hands bytes to a {@link MavlinkFrameParser} (MAVLink 1 and 2,
 * checksum with CRC_EXTRA, resynchronisation after garbage, counters in {@link LinkStats}). Each
 * valid frame of the three messages is copied into a payload scratch zero-filled to the message's
 * full length (MAVLink 2 drops trailing zero bytes; a MAVLink 1 frame carries no extensions) and
 * read field by field, little-endian, at the wire offsets of common.xml (mavlink.io "Field
 * Reordering": by type size, descending; extensions last), into a reused holder handed to the
 * {@link Listener}. Valid frames of other messages are ignored; unknown ids and bad checksums are
 * the parser's counters. Decoding cannot fail: every byte pattern is a value.
 *
 * <p><b>Transmit:</b> {@link #appendActuatorControls} and {@link #appendHeartbeat} append unsigned
 * MAVLink 2 frames (trailing zeros of the payload trimmed, at least one byte kept, as PX4's
 * {@code mavlink_finalize_message} does) with one sequence counter for both; the caller writes
 * {@link #txBuffer()}[0, {@link #txLength()}) with one socket write and calls {@link #clearTx()}.
 *
 * <p>Message ids, CRC_EXTRA and wire layout: MAVLink common.xml / minimal.xml, cross-checked
 * against io.dronefleet.mavlink's {@code @MavlinkMessageInfo}/{@code @MavlinkFieldInfo} by the tests.
 *
 * <p>Not thread-safe: one instance per link, used by the link's thread only. After construction
 * nothing allocates (the parser allocates 512 bytes once per new sender system id).
 */
public final class HilCodec {

    /** Receives decoded messages; the holder is reused and valid during the call only. */
    public interface Listener {
        void onSensor(Sensor sensor);

        void onGps(Gps gps);

        void onStateQuaternion(StateQuaternion state);
    }

    public static final int HEARTBEAT_ID = 0;
    public static final int HEARTBEAT_CRC_EXTRA = 50;
    static final int HEARTBEAT_LENGTH = 9;
    public static final int HIL_ACTUATOR_CONTROLS_ID = 93;
    public static final int HIL_ACTUATOR_CONTROLS_CRC_EXTRA = 47;
    static final int HIL_ACTUATOR_CONTROLS_LENGTH = 81;
    public static final int HIL_SENSOR_ID = 107;
    public static final int HIL_SENSOR_CRC_EXTRA = 108;
    static final int HIL_SENSOR_LENGTH = 65;
    public static final int HIL_GPS_ID = 113;
    public static final int HIL_GPS_CRC_EXTRA = 124;
    static final int HIL_GPS_LENGTH = 39;
    public static final int HIL_STATE_QUATERNION_ID = 115;
    public static final int HIL_STATE_QUATERNION_CRC_EXTRA = 4;
    static final int HIL_STATE_QUATERNION_LENGTH = 64;

    /** MAV_TYPE_QUADROTOR. */
    public static final int MAV_TYPE_QUADROTOR = 2;
    /** MAV_AUTOPILOT_PX4. */
    public static final int MAV_AUTOPILOT_PX4 = 12;
    /** MAV_STATE_ACTIVE. */
    public static final int MAV_STATE_ACTIVE = 4;
    /** HEARTBEAT.mavlink_version as MAVLink 2 senders set it. */
    public static final int MAVLINK_VERSION = 3;

    private static final int V2_HEADER = 10;
    private static final int V2_OVERHEAD = V2_HEADER + 2;
    /** Room for a heartbeat and an actuator control frame, the most one step sends. */
    private static final int TX_CAPACITY = 2 * (V2_OVERHEAD + 255);

    /** HIL_SENSOR as sent; times in µs as unsigned 64-bit (negative = beyond 2^63-1). */
    public static final class Sensor {
        public long timeUsec;
        public float xacc;
        public float yacc;
        public float zacc;
        public float xgyro;
        public float ygyro;
        public float zgyro;
        public float xmag;
        public float ymag;
        public float zmag;
        public float absPressure;
        public float diffPressure;
        public float pressureAlt;
        public float temperature;
        /** HIL_SENSOR_UPDATED_FLAGS (uint32 bits). */
        public int fieldsUpdated;
        /** Sensor instance (extension; 0 when absent). */
        public int id;
    }

    /** HIL_GPS as sent (MAVLink units; unsigned fields as non-negative ints). */
    public static final class Gps {
        public long timeUsec;
        public int latDegE7;
        public int lonDegE7;
        public int altMm;
        public int eph;
        public int epv;
        public int vel;
        public int vn;
        public int ve;
        public int vd;
        public int cog;
        public int fixType;
        public int satellitesVisible;
        /** Extension; 0 when absent. */
        public int id;
        /** Extension, cdeg; 0 when absent. */
        public int yaw;
    }

    /** HIL_STATE_QUATERNION as sent (MAVLink units). */
    public static final class StateQuaternion {
        public long timeUsec;
        /** w, x, y, z. */
        public final float[] attitudeQuaternion = new float[4];
        public float rollspeed;
        public float pitchspeed;
        public float yawspeed;
        public int latDegE7;
        public int lonDegE7;
        public int altMm;
        public int vx;
        public int vy;
        public int vz;
        public int indAirspeed;
        public int trueAirspeed;
        public int xacc;
        public int yacc;
        public int zacc;
    }

    private final Listener listener;
    private final MavlinkFrameParser parser;
    private final byte[] payload = new byte[256];
    private final Sensor sensor = new Sensor();
    private final Gps gps = new Gps();
    private final StateQuaternion state = new StateQuaternion();
    private final byte[] tx = new byte[TX_CAPACITY];
    private int txLength;
    private int sequence;

    /**
     * @param table    the message table the parser checks frames with (it must know the three
     *                 HIL messages; other known ids are accepted as frames and ignored)
     * @param stats    the counters the parser writes
     * @param listener receives decoded messages on the caller's thread
     */
    public HilCodec(MavlinkMessageTable table, LinkStats stats, Listener listener) {
        this.listener = listener;
        this.parser = new MavlinkFrameParser(table, stats, this::onFrame);
    }

    /** Parses {@code len} received bytes of {@code buf} from {@code off}; decoded messages go to the listener. */
    public void feed(byte[] buf, int off, int len) {
        parser.feed(buf, off, len);
    }

    private void onFrame(MavlinkFrame frame) {
        int length;
        switch (frame.messageId()) {
            case HIL_SENSOR_ID:
                length = HIL_SENSOR_LENGTH;
                break;
            case HIL_GPS_ID:
                length = HIL_GPS_LENGTH;
                break;
            case HIL_STATE_QUATERNION_ID:
                length = HIL_STATE_QUATERNION_LENGTH;
                break;
            default:
                return;
        }
        byte[] p = payload;
        for (int i = 0; i < length; i++) {
            p[i] = (byte) frame.payloadByte(i);
        }
        switch (frame.messageId()) {
            case HIL_SENSOR_ID:
                listener.onSensor(decodeSensor(p, sensor));
                break;
            case HIL_GPS_ID:
                listener.onGps(decodeGps(p, gps));
                break;
            default:
                listener.onStateQuaternion(decodeStateQuaternion(p, state));
                break;
        }
    }

    /** Decodes a zero-padded HIL_SENSOR payload (≥ 65 bytes) into {@code m}. */
    static Sensor decodeSensor(byte[] p, Sensor m) {
        m.timeUsec = i64(p, 0);
        m.xacc = f32(p, 8);
        m.yacc = f32(p, 12);
        m.zacc = f32(p, 16);
        m.xgyro = f32(p, 20);
        m.ygyro = f32(p, 24);
        m.zgyro = f32(p, 28);
        m.xmag = f32(p, 32);
        m.ymag = f32(p, 36);
        m.zmag = f32(p, 40);
        m.absPressure = f32(p, 44);
        m.diffPressure = f32(p, 48);
        m.pressureAlt = f32(p, 52);
        m.temperature = f32(p, 56);
        m.fieldsUpdated = i32(p, 60);
        m.id = u8(p, 64);
        return m;
    }

    /** Decodes a zero-padded HIL_GPS payload (≥ 39 bytes) into {@code m}. */
    static Gps decodeGps(byte[] p, Gps m) {
        m.timeUsec = i64(p, 0);
        m.latDegE7 = i32(p, 8);
        m.lonDegE7 = i32(p, 12);
        m.altMm = i32(p, 16);
        m.eph = u16(p, 20);
        m.epv = u16(p, 22);
        m.vel = u16(p, 24);
        m.vn = i16(p, 26);
        m.ve = i16(p, 28);
        m.vd = i16(p, 30);
        m.cog = u16(p, 32);
        m.fixType = u8(p, 34);
        m.satellitesVisible = u8(p, 35);
        m.id = u8(p, 36);
        m.yaw = u16(p, 37);
        return m;
    }

    /** Decodes a zero-padded HIL_STATE_QUATERNION payload (≥ 64 bytes) into {@code m}. */
    static StateQuaternion decodeStateQuaternion(byte[] p, StateQuaternion m) {
        m.timeUsec = i64(p, 0);
        for (int i = 0; i < 4; i++) {
            m.attitudeQuaternion[i] = f32(p, 8 + 4 * i);
        }
        m.rollspeed = f32(p, 24);
        m.pitchspeed = f32(p, 28);
        m.yawspeed = f32(p, 32);
        m.latDegE7 = i32(p, 36);
        m.lonDegE7 = i32(p, 40);
        m.altMm = i32(p, 44);
        m.vx = i16(p, 48);
        m.vy = i16(p, 50);
        m.vz = i16(p, 52);
        m.indAirspeed = u16(p, 54);
        m.trueAirspeed = u16(p, 56);
        m.xacc = i16(p, 58);
        m.yacc = i16(p, 60);
        m.zacc = i16(p, 62);
        return m;
    }

    /**
     * Appends one HIL_ACTUATOR_CONTROLS frame.
     *
     * @param timeUsec the step's time, µs (echoes the HIL_SENSOR's)
     * @param controls the first {@code count} of the 16 controls; the rest are sent as 0
     * @param count    how many of {@code controls} to send (at most 16)
     * @param mode     MAV_MODE_FLAG bits
     * @param flags    HIL_ACTUATOR_CONTROLS flags (bit 0: lockstep)
     */
    public void appendActuatorControls(int systemId, int componentId, long timeUsec, float[] controls, int count,
                                       int mode, long flags) {
        int p = beginFrame(HIL_ACTUATOR_CONTROLS_LENGTH);
        putI64(tx, p, timeUsec);
        putI64(tx, p + 8, flags);
        int n = Math.min(count, HilUnits.CONTROL_COUNT);
        for (int i = 0; i < HilUnits.CONTROL_COUNT; i++) {
            putI32(tx, p + 16 + 4 * i, i < n ? Float.floatToRawIntBits(controls[i]) : 0);
        }
        tx[p + 80] = (byte) mode;
        endFrame(systemId, componentId, HIL_ACTUATOR_CONTROLS_ID, HIL_ACTUATOR_CONTROLS_LENGTH,
                HIL_ACTUATOR_CONTROLS_CRC_EXTRA);
    }

    /** Appends one HEARTBEAT frame (custom_mode 0, MAVLink version 3). */
    public void appendHeartbeat(int systemId, int componentId, int type, int autopilot, int baseMode,
                                int systemStatus) {
        int p = beginFrame(HEARTBEAT_LENGTH);
        putI32(tx, p, 0);
        tx[p + 4] = (byte) type;
        tx[p + 5] = (byte) autopilot;
        tx[p + 6] = (byte) baseMode;
        tx[p + 7] = (byte) systemStatus;
        tx[p + 8] = (byte) MAVLINK_VERSION;
        endFrame(systemId, componentId, HEARTBEAT_ID, HEARTBEAT_LENGTH, HEARTBEAT_CRC_EXTRA);
    }

    /** Payload offset of the frame being built; starts over when the buffer is full (never expected). */
    private int beginFrame(int payloadLength) {
        if (txLength + V2_OVERHEAD + payloadLength > tx.length) {
            txLength = 0;
        }
        return txLength + V2_HEADER;
    }

    private void endFrame(int systemId, int componentId, int messageId, int payloadLength, int crcExtra) {
        int f = txLength;
        int len = payloadLength;
        while (len > 1 && tx[f + V2_HEADER + len - 1] == 0) {
            len--;
        }
        tx[f] = (byte) MavlinkFrame.MAGIC_V2;
        tx[f + 1] = (byte) len;
        tx[f + 2] = 0;
        tx[f + 3] = 0;
        tx[f + 4] = (byte) sequence;
        tx[f + 5] = (byte) systemId;
        tx[f + 6] = (byte) componentId;
        tx[f + 7] = (byte) messageId;
        tx[f + 8] = (byte) (messageId >>> 8);
        tx[f + 9] = (byte) (messageId >>> 16);
        int crc = MavlinkCrc.frameCrc(tx, f + 1, V2_HEADER - 1 + len, crcExtra);
        tx[f + V2_HEADER + len] = (byte) crc;
        tx[f + V2_HEADER + len + 1] = (byte) (crc >>> 8);
        txLength = f + V2_OVERHEAD + len;
        sequence = (sequence + 1) & 0xFF;
    }

    /** The transmit buffer; bytes [0, {@link #txLength()}) are the frames appended since {@link #clearTx()}. */
    public byte[] txBuffer() {
        return tx;
    }

    public int txLength() {
        return txLength;
    }

    /** Forgets the appended frames (after writing them, or when they cannot be written). */
    public void clearTx() {
        txLength = 0;
    }

    private static int u8(byte[] b, int o) {
        return b[o] & 0xFF;
    }

    private static int u16(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8;
    }

    private static int i16(byte[] b, int o) {
        return (short) u16(b, o);
    }

    private static int i32(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
    }

    private static long i64(byte[] b, int o) {
        return (i32(b, o) & 0xFFFF_FFFFL) | (long) i32(b, o + 4) << 32;
    }

    private static float f32(byte[] b, int o) {
        return Float.intBitsToFloat(i32(b, o));
    }

    private static void putI32(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
        b[o + 2] = (byte) (v >>> 16);
        b[o + 3] = (byte) (v >>> 24);
    }

    private static void putI64(byte[] b, int o, long v) {
        putI32(b, o, (int) v);
        putI32(b, o + 4, (int) (v >>> 32));
    }
}
