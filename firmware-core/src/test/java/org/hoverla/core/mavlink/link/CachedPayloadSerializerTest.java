package org.hoverla.core.mavlink.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommonDialect;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.Statustext;
import io.dronefleet.mavlink.serialization.payload.reflection.ReflectionPayloadDeserializer;
import io.dronefleet.mavlink.serialization.payload.reflection.ReflectionPayloadSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hoverla.core.mavlink.dialect.AvailableModes;
import org.hoverla.core.mavlink.dialect.CurrentMode;
import org.hoverla.core.mavlink.mission.MissionAckExt;
import org.hoverla.core.mavlink.mission.MissionCountExt;
import org.hoverla.core.mavlink.mission.MissionCurrentExt;
import org.junit.jupiter.api.Test;

/** The cached serializer writes exactly the bytes the library's reflection serializer writes. */
class CachedPayloadSerializerTest {

    private final ReflectionPayloadSerializer library = new ReflectionPayloadSerializer();
    private final CachedPayloadSerializer cached = new CachedPayloadSerializer();

    @Test
    void shouldWriteEveryCommonMessageAsTheLibraryDoesForSeededRandomMessages() {
        // Given: every message class of the common dialect and Hoverla's own, decoded from 20 seeded random payloads
        Random random = new Random(7);
        ReflectionPayloadDeserializer decode = new ReflectionPayloadDeserializer();
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> t : new CommonDialect().messageTypes()) {
            types.add(t);
        }
        types.addAll(List.of(AvailableModes.class, CurrentMode.class, MissionAckExt.class, MissionCountExt.class,
                MissionCurrentExt.class));
        int compared = 0;
        for (Class<?> type : types) {
            int length = MavlinkMessageTable.describe(type).maxLength();
            for (int n = 0; n < 20; n++) {
                byte[] payload = new byte[length];
                random.nextBytes(payload);
                if (n == 0) {
                    java.util.Arrays.fill(payload, (byte) 0);
                }
                Object message = decode.deserialize(payload, type);

                // When / Then
                assertThat(cached.serialize(message)).as("%s message %d", type.getSimpleName(), n)
                        .isEqualTo(library.serialize(message));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(3000);
    }

    @Test
    void shouldWriteMessagesBuiltWithEnumEntriesAndMissingFields() {
        // Given: a COMMAND_ACK built from enum entries, a STATUSTEXT with unset extension fields
        CommandAck ack = CommandAck.builder().command(MavCmd.MAV_CMD_DO_CHANGE_SPEED)
                .result(MavResult.MAV_RESULT_DENIED).targetSystem(255).targetComponent(190).build();
        Statustext text = Statustext.builder().text("Hello").build();

        // When / Then
        assertThat(cached.serialize(ack)).isEqualTo(library.serialize(ack));
        assertThat(cached.serialize(text)).isEqualTo(library.serialize(text));
    }
}
