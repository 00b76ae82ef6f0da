package org.hoverla.core.simapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.annotations.MavlinkMessageInfo;
import io.dronefleet.mavlink.common.HilActuatorControls;
import io.dronefleet.mavlink.common.HilGps;
import io.dronefleet.mavlink.common.HilSensor;
import io.dronefleet.mavlink.common.HilStateQuaternion;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavModeFlag;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import io.dronefleet.mavlink.protocol.MavlinkPacket;
import io.dronefleet.mavlink.serialization.payload.reflection.ReflectionPayloadSerializer;
import io.dronefleet.mavlink.util.EnumValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hoverla.core.mavlink.link.LinkStats;
import org.hoverla.core.mavlink.link.MavlinkMessageTable;
import org.junit.jupiter.api.Test;

/**
 * {@link HilCodec} against io.dronefleet.mavlink as the independent implementation: frames the
 * library builds decode to the same field values, frames the codec builds parse in the library,
 * and one decode + encode step allocates nothing after warm-up.
 */
class HilCodecTest {

    private final LinkStats stats = new LinkStats();
    private final List<Object> decoded = new ArrayList<>();
    private final HilCodec codec = new HilCodec(MavlinkMessageTable.common(), stats, new HilCodec.Listener() {
        @Override
        public void onSensor(HilCodec.Sensor s) {
            decoded.add(copy(s));
        }

        @Override
        public void onGps(HilCodec.Gps g) {
            decoded.add(copy(g));
        }

        @Override
        public void onStateQuaternion(HilCodec.StateQuaternion q) {
            HilCodec.StateQuaternion c = new HilCodec.StateQuaternion();
            System.arraycopy(q.attitudeQuaternion, 0, c.attitudeQuaternion, 0, 4);
            c.timeUsec = q.timeUsec;
            c.rollspeed = q.rollspeed;
            c.pitchspeed = q.pitchspeed;
            c.yawspeed = q.yawspeed;
            c.latDegE7 = q.latDegE7;
            c.lonDegE7 = q.lonDegE7;
            c.altMm = q.altMm;
            c.vx = q.vx;
            c.vy = q.vy;
            c.vz = q.vz;
            c.indAirspeed = q.indAirspeed;
            c.trueAirspeed = q.trueAirspeed;
            c.xacc = q.xacc;
            c.yacc = q.yacc;
            c.zacc = q.zacc;
            decoded.add(c);
        }
    });

    private static HilCodec.Sensor copy(HilCodec.Sensor s) {
        HilCodec.Sensor c = new HilCodec.Sensor();
        c.timeUsec = s.timeUsec;
        c.xacc = s.xacc;
        c.yacc = s.yacc;
        c.zacc = s.zacc;
        c.xgyro = s.xgyro;
        c.ygyro = s.ygyro;
        c.zgyro = s.zgyro;
        c.xmag = s.xmag;
        c.ymag = s.ymag;
        c.zmag = s.zmag;
        c.absPressure = s.absPressure;
        c.diffPressure = s.diffPressure;
        c.pressureAlt = s.pressureAlt;
        c.temperature = s.temperature;
        c.fieldsUpdated = s.fieldsUpdated;
        c.id = s.id;
        return c;
    }

    private static HilCodec.Gps copy(HilCodec.Gps g) {
        HilCodec.Gps c = new HilCodec.Gps();
        c.timeUsec = g.timeUsec;
        c.latDegE7 = g.latDegE7;
        c.lonDegE7 = g.lonDegE7;
        c.altMm = g.altMm;
        c.eph = g.eph;
        c.epv = g.epv;
        c.vel = g.vel;
        c.vn = g.vn;
        c.ve = g.ve;
        c.vd = g.vd;
        c.cog = g.cog;
        c.fixType = g.fixType;
        c.satellitesVisible = g.satellitesVisible;
        c.id = g.id;
        c.yaw = g.yaw;
        return c;
    }

    // ---- frames built by the library (independent of our parser and encoder) ----

    private static MavlinkMessageInfo info(Object payload) {
        return payload.getClass().getAnnotation(MavlinkMessageInfo.class);
    }

    private static byte[] libraryPayload(Object payload) {
        return new ReflectionPayloadSerializer().serialize(payload);
    }

    private static byte[] v2(int seq, Object payload) {
        return v2(seq, payload, libraryPayload(payload));
    }

    private static byte[] v2(int seq, Object payload, byte[] bytes) {
        MavlinkMessageInfo i = info(payload);
        return MavlinkPacket.createUnsignedMavlink2Packet(seq, 1, 51, i.id(), i.crc(), bytes).getRawBytes();
    }

    /** MAVLink 2 with trailing zero bytes dropped, as MAVLink 2 senders do. */
    private static byte[] v2Truncated(int seq, Object payload) {
        byte[] p = libraryPayload(payload);
        int len = p.length;
        while (len > 1 && p[len - 1] == 0) {
            len--;
        }
        return v2(seq, payload, Arrays.copyOf(p, len));
    }

    /** MAVLink 1: the base fields only (no extensions). */
    private static byte[] v1(int seq, Object payload) {
        MavlinkMessageInfo i = info(payload);
        byte[] base = Arrays.copyOf(libraryPayload(payload), MavlinkMessageTable.describe(payload.getClass()).baseLength());
        return MavlinkPacket.createMavlink1Packet(seq, 1, 51, i.id(), i.crc(), base).getRawBytes();
    }

    private static HilSensor sensor(long timeUs, int id) {
        return HilSensor.builder().timeUsec(BigInteger.valueOf(timeUs))
                .xacc(0.125f).yacc(-0.25f).zacc(-9.81f)
                .xgyro(0.01f).ygyro(-0.02f).zgyro(0.03f)
                .xmag(0.21f).ymag(-0.01f).zmag(0.42f)
                .absPressure(1013.25f).diffPressure(0.5f).pressureAlt(123.5f).temperature(21.5f)
                .fieldsUpdated(EnumValue.create(0x8000_1FFF)).id(id).build();
    }

    private static void assertSensor(HilCodec.Sensor s, long timeUs, int id) {
        assertThat(s.timeUsec).isEqualTo(timeUs);
        assertThat(new float[] {s.xacc, s.yacc, s.zacc, s.xgyro, s.ygyro, s.zgyro, s.xmag, s.ymag, s.zmag})
                .containsExactly(0.125f, -0.25f, -9.81f, 0.01f, -0.02f, 0.03f, 0.21f, -0.01f, 0.42f);
        assertThat(new float[] {s.absPressure, s.diffPressure, s.pressureAlt, s.temperature})
                .containsExactly(1013.25f, 0.5f, 123.5f, 21.5f);
        assertThat(s.fieldsUpdated).isEqualTo(0x8000_1FFF);
        assertThat(s.id).isEqualTo(id);
    }

    private void feed(byte[] bytes) {
        codec.feed(bytes, 0, bytes.length);
    }

    @Test
    void shouldUseTheLibrarysIdsCrcExtrasAndPayloadLengths() {
        // Given the library's annotations (an implementation of common.xml independent of ours)
        // Then the codec's constants match them
        Object[][] expected = {
            {HilSensor.class, HilCodec.HIL_SENSOR_ID, HilCodec.HIL_SENSOR_CRC_EXTRA, HilCodec.HIL_SENSOR_LENGTH},
            {HilGps.class, HilCodec.HIL_GPS_ID, HilCodec.HIL_GPS_CRC_EXTRA, HilCodec.HIL_GPS_LENGTH},
            {HilStateQuaternion.class, HilCodec.HIL_STATE_QUATERNION_ID, HilCodec.HIL_STATE_QUATERNION_CRC_EXTRA,
                HilCodec.HIL_STATE_QUATERNION_LENGTH},
            {HilActuatorControls.class, HilCodec.HIL_ACTUATOR_CONTROLS_ID, HilCodec.HIL_ACTUATOR_CONTROLS_CRC_EXTRA,
                HilCodec.HIL_ACTUATOR_CONTROLS_LENGTH},
            {Heartbeat.class, HilCodec.HEARTBEAT_ID, HilCodec.HEARTBEAT_CRC_EXTRA, HilCodec.HEARTBEAT_LENGTH},
        };
        for (Object[] row : expected) {
            MavlinkMessageTable.Entry e = MavlinkMessageTable.describe((Class<?>) row[0]);
            assertThat(new int[] {e.id(), e.crcExtra(), e.maxLength()}).as(((Class<?>) row[0]).getSimpleName())
                    .containsExactly((int) row[1], (int) row[2], (int) row[3]);
        }
        assertThat(HilCodec.HIL_GPS_CRC_EXTRA).isEqualTo(124);
    }

    @Test
    void shouldDecodeEveryHilSensorFieldOfAMavlink2Frame() {
        // Given a HIL_SENSOR with distinct values in every field, instance 3, framed by the library
        // When the codec parses it
        feed(v2(0, sensor(1_764_800_000_123_456L, 3)));

        // Then every field reads back at its wire offset
        assertThat(decoded).hasSize(1);
        assertSensor((HilCodec.Sensor) decoded.get(0), 1_764_800_000_123_456L, 3);
        assertThat(stats.framesReceived()).isEqualTo(1);
    }

    @Test
    void shouldDecodeAMavlink1FrameWithoutTheExtensionAsInstanceZero() {
        // Given a MAVLink 1 HIL_SENSOR (base fields only, so no id extension)
        // When the codec parses it
        feed(v1(7, sensor(5_000, 3)));

        // Then the base fields decode and the missing extension reads as 0
        assertThat(decoded).hasSize(1);
        assertSensor((HilCodec.Sensor) decoded.get(0), 5_000, 0);
        assertThat(stats.v1Frames()).isEqualTo(1);
    }

    @Test
    void shouldPadTruncatedMavlink2PayloadsWithZeros() {
        // Given a HIL_SENSOR whose trailing fields are zero, sent with them trimmed off
        HilSensor m = HilSensor.builder().timeUsec(BigInteger.valueOf(42)).xacc(1f).yacc(2f).zacc(3f)
                .fieldsUpdated(EnumValue.create(0)).id(0).build();
        byte[] frame = v2Truncated(0, m);
        assertThat(frame[1] & 0xFF).isEqualTo(20);
        // and, before it, a sensor with every field set (so stale bytes would show)
        feed(v2(0, sensor(41, 2)));

        // When the codec parses the truncated one
        feed(frame);

        // Then the missing bytes read as zeros
        HilCodec.Sensor s = (HilCodec.Sensor) decoded.get(1);
        assertThat(s.timeUsec).isEqualTo(42);
        assertThat(new float[] {s.xacc, s.yacc, s.zacc, s.xgyro, s.zmag, s.absPressure, s.temperature})
                .containsExactly(1f, 2f, 3f, 0f, 0f, 0f, 0f);
        assertThat(s.fieldsUpdated).isZero();
        assertThat(s.id).isZero();
    }

    @Test
    void shouldReadTimesBeyondTwoToThe63AsNegative() {
        // Given a uint64 time_usec with its top bit set
        HilSensor m = HilSensor.builder().timeUsec(BigInteger.ONE.shiftLeft(63).add(BigInteger.TEN)).build();

        // When the codec parses it
        feed(v2(0, m));

        // Then the raw bits are kept: the link reads a negative time as out of range
        assertThat(((HilCodec.Sensor) decoded.get(0)).timeUsec).isEqualTo(Long.MIN_VALUE + 10);
    }

    @Test
    void shouldDecodeEveryHilGpsFieldIncludingExtensionsAndSignedVelocities() {
        // Given a HIL_GPS with negative velocities, unknown accuracies and both extensions
        HilGps g = HilGps.builder().timeUsec(BigInteger.valueOf(987_654_321L)).fixType(3)
                .lat(473_977_418).lon(-85_455_939).alt(-12_345).eph(65535).epv(250).vel(1234)
                .vn(-150).ve(32767).vd(-32768).cog(35999).satellitesVisible(255).id(1).yaw(36000).build();

        // When the codec parses it as MAVLink 2 and as MAVLink 1
        feed(v2(0, g));
        feed(v1(1, g));

        // Then every field decodes (the MAVLink 1 frame without its extensions)
        HilCodec.Gps a = (HilCodec.Gps) decoded.get(0);
        assertThat(new long[] {a.timeUsec, a.fixType, a.latDegE7, a.lonDegE7, a.altMm, a.eph, a.epv, a.vel, a.vn,
            a.ve, a.vd, a.cog, a.satellitesVisible, a.id, a.yaw}).containsExactly(987_654_321L, 3, 473_977_418,
                -85_455_939, -12_345, 65535, 250, 1234, -150, 32767, -32768, 35999, 255, 1, 36000);
        HilCodec.Gps b = (HilCodec.Gps) decoded.get(1);
        assertThat(new long[] {b.latDegE7, b.vd, b.satellitesVisible, b.id, b.yaw})
                .containsExactly(473_977_418, -32768, 255, 0, 0);
    }

    @Test
    void shouldDecodeEveryHilStateQuaternionField() {
        // Given a truth message with distinct values
        HilStateQuaternion q = HilStateQuaternion.builder().timeUsec(BigInteger.valueOf(77))
                .attitudeQuaternion(List.of(0.5f, -0.5f, 0.25f, -0.75f)).rollspeed(0.1f).pitchspeed(-0.2f)
                .yawspeed(0.3f).lat(-1).lon(2).alt(-3).vx(-4).vy(5).vz(-6).indAirspeed(65000).trueAirspeed(7)
                .xacc(-8).yacc(9).zacc(-1000).build();

        // When the codec parses it
        feed(v2Truncated(0, q));

        // Then every field decodes
        HilCodec.StateQuaternion s = (HilCodec.StateQuaternion) decoded.get(0);
        assertThat(s.attitudeQuaternion).containsExactly(0.5f, -0.5f, 0.25f, -0.75f);
        assertThat(new float[] {s.rollspeed, s.pitchspeed, s.yawspeed}).containsExactly(0.1f, -0.2f, 0.3f);
        assertThat(new long[] {s.timeUsec, s.latDegE7, s.lonDegE7, s.altMm, s.vx, s.vy, s.vz, s.indAirspeed,
            s.trueAirspeed, s.xacc, s.yacc, s.zacc}).containsExactly(77, -1, 2, -3, -4, 5, -6, 65000, 7, -8, 9, -1000);
    }

    @Test
    void shouldSkipBadChecksumsAndGarbageBetweenFramesInAnyChunking() {
        // Given garbage (with false start bytes), a frame with a bad checksum, valid frames between
        // them, and a valid frame of another message
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(new byte[] {0x00, 0x55, (byte) 0xFD, 0x03, (byte) 0xFE, 0x12});
        stream.writeBytes(v2(0, sensor(1_000, 0)));
        byte[] corrupt = v2(1, sensor(2_000, 0));
        corrupt[corrupt.length - 1] ^= 0x5A;
        stream.writeBytes(corrupt);
        stream.writeBytes(new byte[] {(byte) 0xFE, (byte) 0xFD, 0x7F});
        stream.writeBytes(v1(2, sensor(3_000, 0)));
        stream.writeBytes(v2(3, Heartbeat.builder().type(MavType.MAV_TYPE_GENERIC).build()));
        stream.writeBytes(v2Truncated(4, sensor(4_000, 0)));
        byte[] bytes = stream.toByteArray();

        for (int chunk : new int[] {bytes.length, 1, 7}) {
            decoded.clear();
            long framesBefore = stats.framesReceived();
            long crcErrorsBefore = stats.crcErrors();
            // When it arrives in chunks of that size
            for (int off = 0; off < bytes.length; off += chunk) {
                codec.feed(bytes, off, Math.min(chunk, bytes.length - off));
            }

            // Then exactly the three valid sensor frames decode, the heartbeat is ignored and the
            // corrupt one is counted
            assertThat(decoded).as("chunk %d", chunk).hasSize(3);
            assertThat(decoded).extracting(o -> ((HilCodec.Sensor) o).timeUsec).containsExactly(1_000L, 3_000L, 4_000L);
            assertThat(stats.framesReceived() - framesBefore).isEqualTo(4);
            assertThat(stats.crcErrors() - crcErrorsBefore).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void shouldEncodeActuatorControlsAndHeartbeatsTheLibraryDecodes() throws IOException {
        // Given an armed step's outputs
        float[] controls = {0.1f, 0.2f, 0.3f, 0.4f, 0.9f};

        // When the codec appends a heartbeat and the answer, then an unarmed answer with all zeros
        codec.appendHeartbeat(7, 1, HilCodec.MAV_TYPE_QUADROTOR, HilCodec.MAV_AUTOPILOT_PX4,
                HilUnits.MODE_FLAG_CUSTOM | HilUnits.MODE_FLAG_ARMED, HilCodec.MAV_STATE_ACTIVE);
        codec.appendActuatorControls(7, 1, 1_764_800_000_000_000L, controls, 4,
                HilUnits.MODE_FLAG_CUSTOM | HilUnits.MODE_FLAG_ARMED, HilUnits.FLAG_LOCKSTEP);
        codec.appendActuatorControls(7, 1, 0L, controls, 0, 0, 0);
        byte[] wire = Arrays.copyOf(codec.txBuffer(), codec.txLength());

        // Then the library reads three MAVLink 2 frames with consecutive sequence numbers
        MavlinkConnection in = MavlinkConnection.create(new ByteArrayInputStream(wire), OutputStream.nullOutputStream());
        MavlinkMessage<?> hb = in.next();
        MavlinkMessage<?> armed = in.next();
        MavlinkMessage<?> idle = in.next();
        assertThat(new int[] {hb.getSequence(), armed.getSequence(), idle.getSequence()}).containsExactly(0, 1, 2);
        assertThat(new int[] {hb.getOriginSystemId(), hb.getOriginComponentId()}).containsExactly(7, 1);

        Heartbeat h = (Heartbeat) hb.getPayload();
        assertThat(h.type().entry()).isEqualTo(MavType.MAV_TYPE_QUADROTOR);
        assertThat(h.autopilot().entry()).isEqualTo(MavAutopilot.MAV_AUTOPILOT_PX4);
        assertThat(h.systemStatus().entry()).isEqualTo(MavState.MAV_STATE_ACTIVE);
        assertThat(h.baseMode().flagsEnabled(MavModeFlag.MAV_MODE_FLAG_SAFETY_ARMED)).isTrue();
        assertThat(h.mavlinkVersion()).isEqualTo(3);
        assertThat(h.customMode()).isZero();

        HilActuatorControls a = (HilActuatorControls) armed.getPayload();
        assertThat(a.timeUsec()).isEqualTo(BigInteger.valueOf(1_764_800_000_000_000L));
        assertThat(a.controls()).hasSize(16);
        assertThat(a.controls().subList(0, 6)).containsExactly(0.1f, 0.2f, 0.3f, 0.4f, 0f, 0f);
        assertThat(a.mode().value()).isEqualTo(HilUnits.MODE_FLAG_CUSTOM | HilUnits.MODE_FLAG_ARMED);
        assertThat(a.flags()).isEqualTo(BigInteger.ONE);

        // and the all-zero answer went out truncated to one byte, read back as zeros
        HilActuatorControls z = (HilActuatorControls) idle.getPayload();
        assertThat(z.timeUsec()).isEqualTo(BigInteger.ZERO);
        assertThat(z.controls()).containsOnly(0f);
        assertThat(z.mode().value()).isZero();
        assertThat(wire.length).isEqualTo((12 + 9) + (12 + 81) + (12 + 1));
    }

    @Test
    void shouldStartTheTransmitBufferOverAfterClear() {
        // Given one appended frame
        codec.appendHeartbeat(1, 1, 2, 12, 1, 4);
        int one = codec.txLength();

        // When it is cleared and another appended
        codec.clearTx();
        codec.appendHeartbeat(1, 1, 2, 12, 1, 4);

        // Then the buffer holds just the new frame, with the next sequence number
        assertThat(codec.txLength()).isEqualTo(one);
        assertThat(codec.txBuffer()[4]).isEqualTo((byte) 1);
    }

    @Test
    void shouldAllocateNothingPerDecodeAndEncodeStep() {
        // Given a HIL_SENSOR frame as a simulator sends it and a step's outputs
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        byte[] frame = v2(0, sensor(1_000, 0));
        float[] controls = {0.1f, 0.2f, 0.3f, 0.4f};
        float[] sink = new float[1];
        HilCodec quiet = new HilCodec(MavlinkMessageTable.common(), new LinkStats(), new HilCodec.Listener() {
            @Override
            public void onSensor(HilCodec.Sensor s) {
                sink[0] += s.zacc;
            }

            @Override
            public void onGps(HilCodec.Gps g) {
            }

            @Override
            public void onStateQuaternion(HilCodec.StateQuaternion q) {
            }
        });
        int steps = 20_000;
        // When it is stepped past warm-up (JIT), then over three measured windows
        for (int i = 0; i < steps; i++) {
            step(quiet, frame, controls, i);
        }
        long fewest = Long.MAX_VALUE;
        for (int w = 0; w < 3; w++) {
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < steps; i++) {
                step(quiet, frame, controls, i);
            }
            fewest = Math.min(fewest, mx.getThreadAllocatedBytes(tid) - before);
        }

        // Then a window allocates nothing (the smallest of three: the JIT makes one-off noise)
        assertThat(fewest).isZero();
        assertThat(sink[0]).isNotZero();
    }

    private static void step(HilCodec codec, byte[] frame, float[] controls, int i) {
        codec.feed(frame, 0, frame.length);
        codec.appendActuatorControls(1, 1, 1_000L + i, controls, controls.length, HilUnits.MODE_FLAG_CUSTOM,
                HilUnits.FLAG_LOCKSTEP);
        codec.clearTx();
    }
}
