package org.hoverla.core.mavlink.mission;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.annotations.MavlinkMessageInfo;
import io.dronefleet.mavlink.common.MissionAck;
import io.dronefleet.mavlink.common.MissionCount;
import io.dronefleet.mavlink.common.MissionCurrent;
import io.dronefleet.mavlink.serialization.payload.reflection.ReflectionPayloadDeserializer;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import io.dronefleet.mavlink.MavlinkMessage;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.mavlink.link.LinkStats;
import org.hoverla.core.mavlink.link.MavlinkFrameEncoder;
import org.hoverla.core.mavlink.link.MavlinkFrameParser;
import org.hoverla.core.mavlink.link.MavlinkMessageDecoder;
import org.hoverla.core.mavlink.link.MavlinkMessageTable;
import org.junit.jupiter.api.Test;

/** The three extended messages on the wire: what the link layer frames and what receivers decode. */
class MissionMessagesTest {

    private final MavlinkFrameEncoder encoder = new MavlinkFrameEncoder(MavlinkMessageTable.common());

    private static Object libraryDecode(byte[] frame) throws Exception {
        return MavlinkConnection.create(new ByteArrayInputStream(frame), OutputStream.nullOutputStream()).next()
                .getPayload();
    }

    @Test
    void shouldUseTheLibrarysIdsAndCrcExtras() {
        // Then our classes and the library's agree on id and CRC_EXTRA (extensions do not change CRC_EXTRA)
        assertThat(info(MissionCountExt.class)).isEqualTo(info(MissionCount.class)).isEqualTo("44/221");
        assertThat(info(MissionAckExt.class)).isEqualTo(info(MissionAck.class)).isEqualTo("47/153");
        assertThat(info(MissionCurrentExt.class)).isEqualTo(info(MissionCurrent.class)).isEqualTo("42/28");
    }

    private static String info(Class<?> c) {
        MavlinkMessageInfo i = c.getAnnotation(MavlinkMessageInfo.class);
        return i.id() + "/" + i.crc();
    }

    @Test
    void shouldFrameMissionAckWithTheOpaqueIdAfterTheLibrarysFields() throws Exception {
        // Given an ACK with an opaque id
        MissionAckExt ack = MissionAckExt.builder().targetSystem(255).targetComponent(190).type(0).missionType(1)
                .opaqueId(0xCAFEBABEL).build();
        // When framed by the link layer
        MavlinkFrameEncoder.Payload p = encoder.serialize(ack);
        byte[] frame = MavlinkFrameEncoder.frame(p, 1, 1, 0);
        // Then the payload is target_system, target_component, type, mission_type, opaque_id (LE)
        ByteBuffer b = ByteBuffer.wrap(p.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(p.bytes()).hasSize(8);
        assertThat(b.get(0) & 0xFF).isEqualTo(255);
        assertThat(b.get(1) & 0xFF).isEqualTo(190);
        assertThat(b.get(2)).isZero();
        assertThat(b.get(3)).isEqualTo((byte) 1);
        assertThat(b.getInt(4)).isEqualTo(0xCAFEBABE);
        // And a receiver without the extension (the library) still decodes it, CRC included
        MissionAck theirs = (MissionAck) libraryDecode(frame);
        assertThat(theirs.targetSystem()).isEqualTo(255);
        assertThat(theirs.missionType().value()).isEqualTo(1);
        // And our class decodes back to itself
        assertThat(new ReflectionPayloadDeserializer().deserialize(p.bytes(), MissionAckExt.class)).isEqualTo(ack);
    }

    @Test
    void shouldFrameMissionCountWithTheOpaqueId() throws Exception {
        // Given
        MissionCountExt c = MissionCountExt.builder().targetSystem(255).targetComponent(190).count(513)
                .missionType(2).opaqueId(0x80000001L).build();
        // When
        MavlinkFrameEncoder.Payload p = encoder.serialize(c);
        // Then count (u16) first, then the targets, mission_type and opaque_id
        ByteBuffer b = ByteBuffer.wrap(p.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(p.bytes()).hasSize(9);
        assertThat(b.getShort(0)).isEqualTo((short) 513);
        assertThat(b.get(4)).isEqualTo((byte) 2);
        assertThat(b.getInt(5)).isEqualTo(0x80000001);
        MissionCount theirs = (MissionCount) libraryDecode(MavlinkFrameEncoder.frame(p, 1, 1, 0));
        assertThat(theirs.count()).isEqualTo(513);
        assertThat(theirs.missionType().value()).isEqualTo(2);
        assertThat(new ReflectionPayloadDeserializer().deserialize(p.bytes(), MissionCountExt.class)).isEqualTo(c);
    }

    @Test
    void shouldFrameMissionCurrentWithStateAndThePlanIds() throws Exception {
        // Given
        MissionCurrentExt m = MissionCurrentExt.builder().seq(3).total(10).missionState(3).missionMode(1)
                .missionId(11).fenceId(22).rallyPointsId(0xFFFFFFFFL).build();
        // When
        MavlinkFrameEncoder.Payload p = encoder.serialize(m);
        // Then seq, total, state, mode, mission_id, fence_id, rally_points_id (18 bytes)
        ByteBuffer b = ByteBuffer.wrap(p.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(p.bytes()).hasSize(18);
        assertThat(b.getShort(0)).isEqualTo((short) 3);
        assertThat(b.getShort(2)).isEqualTo((short) 10);
        assertThat(b.get(4)).isEqualTo((byte) 3);
        assertThat(b.get(5)).isEqualTo((byte) 1);
        assertThat(b.getInt(6)).isEqualTo(11);
        assertThat(b.getInt(10)).isEqualTo(22);
        assertThat(b.getInt(14)).isEqualTo(-1);
        MissionCurrent theirs = (MissionCurrent) libraryDecode(MavlinkFrameEncoder.frame(p, 1, 1, 0));
        assertThat(theirs.seq()).isEqualTo(3);
        assertThat(theirs.total()).isEqualTo(10);
        assertThat(theirs.missionState().value()).isEqualTo(3);
        assertThat(new ReflectionPayloadDeserializer().deserialize(p.bytes(), MissionCurrentExt.class)).isEqualTo(m);
    }

    @Test
    void shouldDropExtendedFramesWithTheStockTableAndDecodeThemOnceTheClassesAreRegistered() {
        // Given a MISSION_ACK from a GCS carrying a non-zero opaque_id (8 payload bytes)
        byte[] frame = encoder.encode(255, 190, MissionAckExt.builder().targetSystem(1).targetComponent(1).type(15)
                .missionType(0).opaqueId(7).build());
        // When parsed with the stock table (the library's MISSION_ACK is at most 4 bytes)
        List<MavlinkMessage<?>> stock = parse(MavlinkMessageTable.common(), frame);
        // Then the frame is dropped as too long
        assertThat(stock).isEmpty();
        // When the integrator registers the extended classes, as for AVAILABLE_MODES
        MavlinkMessageTable table = MavlinkMessageTable.common();
        table.register(MissionAckExt.class);
        table.register(MissionCountExt.class);
        table.register(MissionCurrentExt.class);
        List<MavlinkMessage<?>> registered = parse(table, frame);
        // Then it decodes to our class, which the service understands
        assertThat(registered).singleElement().satisfies(m -> {
            assertThat(m.getPayload()).isInstanceOf(MissionAckExt.class);
            assertThat(((MissionAckExt) m.getPayload()).opaqueId()).isEqualTo(7);
        });
    }

    private static List<MavlinkMessage<?>> parse(MavlinkMessageTable table, byte[] bytes) {
        List<MavlinkMessage<?>> got = new ArrayList<>();
        MavlinkMessageDecoder decoder = new MavlinkMessageDecoder();
        new MavlinkFrameParser(table, new LinkStats(), f -> got.add(decoder.decode(f))).feed(bytes, 0, bytes.length);
        return got;
    }
}
