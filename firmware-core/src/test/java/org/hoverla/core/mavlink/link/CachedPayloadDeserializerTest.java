package org.hoverla.core.mavlink.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.CommonDialect;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.MissionItemInt;
import io.dronefleet.mavlink.serialization.payload.reflection.ReflectionPayloadDeserializer;
import io.dronefleet.mavlink.serialization.payload.reflection.ReflectionPayloadSerializer;
import io.dronefleet.mavlink.util.EnumValue;
import java.util.Random;
import org.hoverla.core.mavlink.dialect.AvailableModes;
import org.hoverla.core.mavlink.dialect.CurrentMode;
import org.hoverla.core.mavlink.mission.MissionAckExt;
import org.hoverla.core.mavlink.mission.MissionCountExt;
import org.hoverla.core.mavlink.mission.MissionCurrentExt;
import org.junit.jupiter.api.Test;

/** The cached deserializer decodes exactly what the library's reflection deserializer decodes. */
class CachedPayloadDeserializerTest {

    private final ReflectionPayloadDeserializer library = new ReflectionPayloadDeserializer();
    private final ReflectionPayloadSerializer serializer = new ReflectionPayloadSerializer();
    private final CachedPayloadDeserializer cached = new CachedPayloadDeserializer();

    @Test
    void shouldDecodeEveryCommonMessageAsTheLibraryDoesForSeededRandomPayloads() {
        // Given: every message class of the common dialect and Hoverla's own, 20 seeded random payloads each
        Random random = new Random(42);
        java.util.List<Class<?>> types = new java.util.ArrayList<>();
        for (Class<?> t : new CommonDialect().messageTypes()) {
            types.add(t);
        }
        types.addAll(java.util.List.of(AvailableModes.class, CurrentMode.class, MissionAckExt.class,
                MissionCountExt.class, MissionCurrentExt.class));
        int compared = 0;
        for (Class<?> type : types) {
            int length = MavlinkMessageTable.describe(type).maxLength();
            for (int n = 0; n < 20; n++) {
                byte[] payload = new byte[length];
                random.nextBytes(payload);
                if (n == 0) {
                    java.util.Arrays.fill(payload, (byte) 0); // the all-zero case
                }

                // When
                Object expected = library.deserialize(payload.clone(), type);
                Object actual = cached.deserialize(payload.clone(), type);

                // Then: the same object, field by field, and the same bytes when written again
                assertThat(actual).as("%s payload %d", type.getSimpleName(), n)
                        .usingRecursiveComparison()
                        .withEqualsForType((a, b) -> Float.floatToRawIntBits(a) == Float.floatToRawIntBits(b), Float.class)
                        .withEqualsForType((a, b) -> Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b),
                                Double.class)
                        .isEqualTo(expected);
                assertThat(serializer.serialize(actual)).as("%s payload %d", type.getSimpleName(), n)
                        .isEqualTo(serializer.serialize(expected));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(3000);
    }

    @Test
    void shouldKeepEnumEntriesAndUnknownValues() {
        // Given: a COMMAND_LONG for DO_CHANGE_SPEED and a MISSION_ITEM_INT with a command no entry carries
        byte[] command = serializer.serialize(CommandLong.builder().targetSystem(1).targetComponent(1)
                .command(MavCmd.MAV_CMD_DO_CHANGE_SPEED).param1(1).param2(-1).build());
        byte[] item = serializer.serialize(MissionItemInt.builder().seq(3).frame(MavFrame.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT)
                .command(EnumValue.create(MavCmd.class, 65_000)).x(1).y(2).z(3f).build());

        // When
        CommandLong c = cached.deserialize(pad(command, CommandLong.class), CommandLong.class);
        MissionItemInt m = cached.deserialize(pad(item, MissionItemInt.class), MissionItemInt.class);

        // Then
        assertThat(c.command().entry()).isEqualTo(MavCmd.MAV_CMD_DO_CHANGE_SPEED);
        assertThat(c.param2()).isEqualTo(-1f);
        assertThat(m.command().value()).isEqualTo(65_000);
        assertThat(m.command().entry()).isNull();
        assertThat(m.frame().entry()).isEqualTo(MavFrame.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT);
        assertThat(EnumValues.of(MavCmd.MAV_CMD_DO_CHANGE_SPEED)).isEqualTo(EnumValue.of(MavCmd.MAV_CMD_DO_CHANGE_SPEED));
        assertThat(EnumValues.value(MavCmd.MAV_CMD_DO_CHANGE_SPEED)).isEqualTo(178);
    }

    private static byte[] pad(byte[] payload, Class<?> type) {
        return java.util.Arrays.copyOf(payload, MavlinkMessageTable.describe(type).maxLength());
    }
}
