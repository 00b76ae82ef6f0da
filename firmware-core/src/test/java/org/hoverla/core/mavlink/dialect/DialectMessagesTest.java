package org.hoverla.core.mavlink.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.annotations.MavlinkMessageInfo;
import io.dronefleet.mavlink.serialization.payload.reflection.ReflectionPayloadDeserializer;
import io.dronefleet.mavlink.serialization.payload.reflection.ReflectionPayloadSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.hoverla.core.mavlink.dialect.CrcExtra.Field;
import org.junit.jupiter.api.Test;

class DialectMessagesTest {

    private static final List<Field> AVAILABLE_MODES_XML = List.of(
            Field.of("uint8_t", "number_modes"),
            Field.of("uint8_t", "mode_index"),
            Field.of("uint8_t", "standard_mode"),
            Field.of("uint32_t", "custom_mode"),
            Field.of("uint32_t", "properties"),
            Field.array("char", "mode_name", 35));
    private static final List<Field> CURRENT_MODE_XML = List.of(
            Field.of("uint8_t", "standard_mode"),
            Field.of("uint32_t", "custom_mode"),
            Field.of("uint32_t", "intended_custom_mode"));

    @Test
    void shouldReproducePublishedCrcExtraOfKnownLibraryMessages() {
        // Given the XML field lists of HEARTBEAT and STATUSTEXT (published CRC_EXTRA 50 and 83)
        List<Field> heartbeat = List.of(Field.of("uint8_t", "type"), Field.of("uint8_t", "autopilot"),
                Field.of("uint8_t", "base_mode"), Field.of("uint32_t", "custom_mode"),
                Field.of("uint8_t", "system_status"), Field.of("uint8_t_mavlink_version", "mavlink_version"));
        List<Field> statustext = List.of(Field.of("uint8_t", "severity"), Field.array("char", "text", 50),
                Field.ext("uint16_t", "id"), Field.ext("uint8_t", "chunk_seq"));
        // When computed, Then they match the library's (generated) values
        assertThat(CrcExtra.compute("HEARTBEAT", heartbeat)).isEqualTo(50);
        assertThat(CrcExtra.compute("STATUSTEXT", statustext)).isEqualTo(83);
        assertThat(io.dronefleet.mavlink.common.Statustext.class.getAnnotation(MavlinkMessageInfo.class).crc())
                .isEqualTo(83);
    }

    @Test
    void shouldComputeCrcExtraOfStandardModesMessagesAsPublished() {
        // Given the common.xml field lists; published values: 134 (435), 193 (436), 30 (437)
        // (MAVLINK_MSG_ID_435_CRC / _436_CRC in the generated C headers, pymavlink, node-mavlink)
        int availableModes = CrcExtra.compute("AVAILABLE_MODES", AVAILABLE_MODES_XML);
        int currentMode = CrcExtra.compute("CURRENT_MODE", CURRENT_MODE_XML);
        int monitor = CrcExtra.compute("AVAILABLE_MODES_MONITOR", List.of(Field.of("uint8_t", "seq")));
        // Then computed, published and annotated values agree
        assertThat(availableModes).isEqualTo(134).isEqualTo(AvailableModes.CRC_EXTRA)
                .isEqualTo(AvailableModes.class.getAnnotation(MavlinkMessageInfo.class).crc());
        assertThat(currentMode).isEqualTo(193).isEqualTo(CurrentMode.CRC_EXTRA)
                .isEqualTo(CurrentMode.class.getAnnotation(MavlinkMessageInfo.class).crc());
        assertThat(monitor).isEqualTo(30).isEqualTo(AvailableModesMonitor.CRC_EXTRA)
                .isEqualTo(AvailableModesMonitor.class.getAnnotation(MavlinkMessageInfo.class).crc());
        assertThat(AvailableModes.class.getAnnotation(MavlinkMessageInfo.class).id()).isEqualTo(435);
        assertThat(CurrentMode.class.getAnnotation(MavlinkMessageInfo.class).id()).isEqualTo(436);
        assertThat(AvailableModesMonitor.class.getAnnotation(MavlinkMessageInfo.class).id()).isEqualTo(437);
    }

    @Test
    void shouldSerializeAvailableModesInWireOrderAndRoundTrip() {
        // Given
        AvailableModes m = AvailableModes.builder().numberModes(8).modeIndex(3).standardMode(1)
                .customMode(0x03040000L).properties(StandardModes.MAV_MODE_PROPERTY_AUTO_MODE)
                .modeName("Hold").build();
        // When
        byte[] bytes = new ReflectionPayloadSerializer().serialize(m);
        AvailableModes back = new ReflectionPayloadDeserializer().deserialize(bytes, AvailableModes.class);
        // Then: uint32 fields first (custom_mode, properties), then the uint8s, then the name
        assertThat(bytes).hasSize(46);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0x03040000);
        assertThat(b.getInt(4)).isEqualTo(4);
        assertThat(bytes[8]).isEqualTo((byte) 8);
        assertThat(bytes[9]).isEqualTo((byte) 3);
        assertThat(bytes[10]).isEqualTo((byte) 1);
        assertThat(new String(bytes, 11, 4)).isEqualTo("Hold");
        assertThat(bytes[15]).isZero();
        assertThat(back).isEqualTo(m);
    }

    @Test
    void shouldSerializeCurrentModeInWireOrderAndRoundTrip() {
        // Given
        CurrentMode m = CurrentMode.builder().standardMode(7).customMode(0x06040000L)
                .intendedCustomMode(0x06040000L).build();
        // When
        byte[] bytes = new ReflectionPayloadSerializer().serialize(m);
        CurrentMode back = new ReflectionPayloadDeserializer().deserialize(bytes, CurrentMode.class);
        // Then
        assertThat(bytes).hasSize(9);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0x06040000);
        assertThat(b.getInt(4)).isEqualTo(0x06040000);
        assertThat(bytes[8]).isEqualTo((byte) 7);
        assertThat(back).isEqualTo(m);
    }

    @Test
    void shouldFrameAndParseStandardModesMessagesThroughALibraryConnection() throws Exception {
        // Given a MAVLink 2 frame written by the library with our class and CRC
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MavlinkConnection.create(new ByteArrayInputStream(new byte[0]), out)
                .send2(1, 1, CurrentMode.builder().standardMode(1).customMode(0x03040000L).build());
        // When read back with the Hoverla dialect
        MavlinkConnection reader = MavlinkConnection.builder(new ByteArrayInputStream(out.toByteArray()), new ByteArrayOutputStream())
                .defaultDialect(new HoverlaDialect())
                .build();
        MavlinkMessage<?> msg = reader.next();
        // Then the payload is decoded (the frame's CRC included CRC_EXTRA 193)
        assertThat(msg.getPayload()).isEqualTo(CurrentMode.builder().standardMode(1).customMode(0x03040000L).build());
    }
}
