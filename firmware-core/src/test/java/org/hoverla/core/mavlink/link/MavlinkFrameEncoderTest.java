package org.hoverla.core.mavlink.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MavlinkFrameEncoderTest {

    private static final MavlinkMessageTable TABLE = MavlinkMessageTable.common();

    @Test
    void shouldRoundTripSeveralMessageTypesThroughOurParserAndTheLibrary() throws Exception {
        // Given
        MavlinkFrameEncoder encoder = new MavlinkFrameEncoder(TABLE);
        List<Object> sent = List.of(Frames.heartbeat(), Frames.commandLong(7), Frames.paramValue());

        // When
        byte[] stream = Frames.concat(encoder.encode(1, 1, sent.get(0)), encoder.encode(1, 1, sent.get(1)),
                encoder.encode(1, 1, sent.get(2)));
        List<MavlinkMessage<?>> ours = new ArrayList<>();
        MavlinkMessageDecoder decoder = new MavlinkMessageDecoder();
        LinkStats stats = new LinkStats();
        new MavlinkFrameParser(TABLE, stats, f -> ours.add(decoder.decode(f))).feed(stream, 0, stream.length);
        MavlinkConnection library = MavlinkConnection.create(new ByteArrayInputStream(stream), OutputStream.nullOutputStream());
        List<Object> theirs = List.of(library.next().getPayload(), library.next().getPayload(), library.next().getPayload());

        // Then
        assertThat(ours).extracting(m -> (Object) m.getPayload()).containsExactlyElementsOf(sent);
        assertThat(ours).extracting(MavlinkMessage::getSequence).containsExactly(0, 1, 2);
        assertThat(ours).allSatisfy(m -> assertThat(m.getOriginSystemId()).isEqualTo(1));
        assertThat(theirs).containsExactlyElementsOf(sent);
        assertThat(stats.crcErrors()).isZero();
        assertThat(encoder.nextSequence()).isEqualTo(3);
    }

    @Test
    void shouldTruncateTrailingZerosButKeepOneByte() {
        // Given: a PARAM_VALUE ends with its type byte; a heartbeat of all zeros
        MavlinkFrameEncoder encoder = new MavlinkFrameEncoder(TABLE);
        Object zeros = io.dronefleet.mavlink.minimal.Heartbeat.builder().build();

        // When
        MavlinkFrameEncoder.Payload p = encoder.serialize(zeros);

        // Then
        assertThat(p.bytes()).hasSize(1);
        assertThat(p.messageId()).isZero();
    }

    @Test
    void shouldWrapSequenceAfter255() {
        // Given
        MavlinkFrameEncoder encoder = new MavlinkFrameEncoder(TABLE);

        // When
        for (int i = 0; i < 256; i++) {
            encoder.encode(1, 1, Frames.heartbeat());
        }

        // Then
        assertThat(encoder.nextSequence()).isZero();
    }

    @Test
    void shouldRefuseObjectsThatAreNotMavlinkMessages() {
        // Given
        MavlinkFrameEncoder encoder = new MavlinkFrameEncoder(TABLE);

        // When / Then
        assertThatThrownBy(() -> encoder.serialize("hello")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MavlinkMessageInfo");
    }
}
