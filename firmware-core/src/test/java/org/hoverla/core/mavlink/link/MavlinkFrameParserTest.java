package org.hoverla.core.mavlink.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.Mavlink2Message;
import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.ParamValue;
import io.dronefleet.mavlink.minimal.Heartbeat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MavlinkFrameParserTest {

    private static final MavlinkMessageTable TABLE = MavlinkMessageTable.common();

    private final LinkStats stats = new LinkStats();
    private final List<byte[]> frames = new ArrayList<>();
    private final List<MavlinkMessage<?>> messages = new ArrayList<>();
    private final MavlinkMessageDecoder decoder = new MavlinkMessageDecoder();
    private final MavlinkFrameParser parser = new MavlinkFrameParser(TABLE, stats, f -> {
        frames.add(f.copyBytes());
        messages.add(decoder.decode(f));
    });

    @Test
    void shouldParseV2FrameAndDecodeIntoLibraryMessage() {
        // Given
        byte[] frame = Frames.v2(255, 190, 7, Frames.commandLong(1));

        // When
        parser.feed(frame, 0, frame.length);

        // Then
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0)).isEqualTo(frame);
        MavlinkMessage<?> m = messages.get(0);
        assertThat(MavlinkMessageDecoder.isDirect()).isTrue();
        assertThat(m).isInstanceOf(Mavlink2Message.class);
        assertThat(m.getOriginSystemId()).isEqualTo(255);
        assertThat(m.getOriginComponentId()).isEqualTo(190);
        assertThat(m.getSequence()).isEqualTo(7);
        assertThat(m.getPayload()).isEqualTo(Frames.commandLong(1));
        assertThat(stats.framesReceived()).isEqualTo(1);
        assertThat(stats.v1Frames()).isZero();
        assertThat(stats.bytesDropped()).isZero();
    }

    @Test
    void shouldParseV1FrameAndCountIt() {
        // Given
        byte[] frame = Frames.v1(255, 0, 3, Frames.heartbeat());

        // When
        parser.feed(frame, 0, frame.length);

        // Then
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0)).isNotInstanceOf(Mavlink2Message.class);
        assertThat(messages.get(0).getPayload()).isEqualTo(Frames.heartbeat());
        assertThat(stats.v1Frames()).isEqualTo(1);
    }

    @Test
    void shouldKeepSignatureOfSignedV2Frame() {
        // Given
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0x42);
        byte[] frame = Frames.signedV2(255, 190, 1, Frames.paramValue(), key);

        // When
        parser.feed(frame, 0, frame.length);

        // Then
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0)).isEqualTo(frame);
        Mavlink2Message<?> m = (Mavlink2Message<?>) messages.get(0);
        assertThat(m.isSigned()).isTrue();
        assertThat(m.getSignatureLinkId()).isEqualTo(1);
        assertThat(m.getSignatureTimestamp()).isEqualTo(123456789L);
        assertThat(m.validateSignature(key)).isTrue();
        assertThat(m.getPayload()).isEqualTo(Frames.paramValue());
        assertThat(stats.signedFrames()).isEqualTo(1);
    }

    @Test
    void shouldParseFramesFedByteByByte() {
        // Given
        byte[] stream = Frames.concat(Frames.v2(1, 1, 0, Frames.heartbeat()), Frames.v1(1, 1, 1, Frames.heartbeat()),
                Frames.v2(1, 1, 2, Frames.paramValue()));

        // When
        for (byte b : stream) {
            parser.feed(b & 0xFF);
        }

        // Then
        assertThat(messages).extracting(m -> (Object) m.getPayload().getClass())
                .containsExactly(Heartbeat.class, Heartbeat.class, ParamValue.class);
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(parser.pendingBytes()).isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2024})
    void shouldResynchroniseThroughSeededGarbageInAnyChunking(long seed) {
        // Given: 50 frames with random garbage (magic bytes included) between them
        SplittableRandom rnd = new SplittableRandom(seed);
        List<byte[]> parts = new ArrayList<>();
        int expected = 50;
        for (int i = 0; i < expected; i++) {
            byte[] garbage = new byte[rnd.nextInt(0, 40)];
            for (int g = 0; g < garbage.length; g++) {
                int pick = rnd.nextInt(10);
                garbage[g] = (byte) (pick == 0 ? 0xFD : pick == 1 ? 0xFE : rnd.nextInt(256));
            }
            parts.add(garbage);
            Object payload = i % 3 == 0 ? Frames.heartbeat() : i % 3 == 1 ? Frames.commandLong(1) : Frames.paramValue();
            parts.add(i % 5 == 4 ? Frames.v1(9, 1, i, payload) : Frames.v2(9, 1, i, payload));
        }
        byte[] stream = Frames.concat(parts.toArray(new byte[0][]));

        // When: fed in random chunks of 1..300 bytes
        int pos = 0;
        while (pos < stream.length) {
            int n = Math.min(stream.length - pos, rnd.nextInt(1, 300));
            parser.feed(stream, pos, n);
            pos += n;
        }
        parser.endOfDatagram();

        // Then: garbage can hide a false frame start that swallows a real frame only if its CRC
        // matched by chance (1 in 65536 per false start); for these seeds every frame survives
        assertThat(messages).hasSize(expected);
        assertThat(messages).extracting(MavlinkMessage::getSequence)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, expected).boxed().toList());
        assertThat(stats.bytesDropped()).isPositive();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.v1Frames()).isEqualTo(10);
    }

    @Test
    void shouldCountWrongCrcAndKeepGoing() {
        // Given
        byte[] bad = Frames.v2(1, 1, 0, Frames.heartbeat());
        bad[bad.length - 1] ^= 0x5A;
        byte[] good = Frames.v2(1, 1, 1, Frames.heartbeat());
        byte[] stream = Frames.concat(bad, good);

        // When
        parser.feed(stream, 0, stream.length);

        // Then
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).getSequence()).isEqualTo(1);
        assertThat(stats.crcErrors()).isEqualTo(1);
        assertThat(stats.bytesDropped()).isEqualTo(bad.length);
    }

    @Test
    void shouldRecoverFrameFollowingTruncatedOneInStream() {
        // Given: a frame cut in the middle, then a complete one (a serial radio dropping bytes)
        byte[] cut = Arrays.copyOf(Frames.v2(1, 1, 0, Frames.paramValue()), 15);
        byte[] good = Frames.v2(1, 1, 1, Frames.commandLong(1));
        byte[] stream = Frames.concat(cut, good);

        // When
        parser.feed(stream, 0, stream.length);

        // Then
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).getPayload()).isInstanceOf(CommandLong.class);
        assertThat(stats.crcErrors()).isPositive();
    }

    @Test
    void shouldCountTruncatedFrameAtEndOfDatagram() {
        // Given
        byte[] whole = Frames.v2(1, 1, 0, Frames.paramValue());
        byte[] datagram = Frames.concat(Frames.v2(1, 1, 1, Frames.heartbeat()), Arrays.copyOf(whole, 20));

        // When
        parser.feed(datagram, 0, datagram.length);
        parser.endOfDatagram();

        // Then
        assertThat(messages).hasSize(1);
        assertThat(stats.truncatedFrames()).isEqualTo(1);
        assertThat(stats.bytesDropped()).isEqualTo(20);
        assertThat(parser.pendingBytes()).isZero();
    }

    @Test
    void shouldCountUnknownMessageIdAndSkipIt() {
        // Given: a well-formed frame with id 0xABCDE (in no dialect) followed by a heartbeat
        byte[] unknown = {(byte) 0xFD, 2, 0, 0, 0, 1, 1, (byte) 0xDE, (byte) 0xBC, 0x0A, 1, 2, 0x11, 0x22};
        byte[] stream = Frames.concat(unknown, Frames.v2(1, 1, 1, Frames.heartbeat()));

        // When
        parser.feed(stream, 0, stream.length);

        // Then: counted, its bytes skipped, the next frame found
        assertThat(stats.unknownIds()).isEqualTo(1);
        assertThat(stats.bytesDropped()).isEqualTo(unknown.length);
        assertThat(messages).hasSize(1);
        assertThat(stats.crcErrors()).isZero();
    }

    @Test
    void shouldDecodeRegisteredExtraMessageClass() {
        // Given: a table with a class the dialect lacks (our own annotated class)
        MavlinkMessageTable table = MavlinkMessageTable.common();
        table.register(TestExtraMessage.class);
        List<Object> payloads = new ArrayList<>();
        MavlinkFrameParser p = new MavlinkFrameParser(table, new LinkStats(),
                f -> payloads.add(decoder.decode(f).getPayload()));
        TestExtraMessage sent = new TestExtraMessage(3, 0x01020304L, "AUTO");
        byte[] frame = new MavlinkFrameEncoder(table).encode(1, 1, 0, sent);

        // When
        p.feed(frame, 0, frame.length);

        // Then
        assertThat(payloads).containsExactly(sent);
    }

    @Test
    void shouldCountSequenceGapsPerSource() {
        // Given: two sources interleaved; source (1,1) loses seq 1 and 2, source (2,1) loses nothing
        byte[] stream = Frames.concat(Frames.v2(1, 1, 0, Frames.heartbeat()), Frames.v2(2, 1, 10, Frames.heartbeat()),
                Frames.v2(1, 1, 3, Frames.heartbeat()), Frames.v2(2, 1, 11, Frames.heartbeat()),
                Frames.v2(2, 1, 12, Frames.heartbeat()));

        // When
        parser.feed(stream, 0, stream.length);

        // Then
        assertThat(stats.framesReceived()).isEqualTo(5);
        assertThat(stats.sequenceGaps()).isEqualTo(1);
        assertThat(stats.framesLost()).isEqualTo(2);
    }

    @Test
    void shouldReadTargetFieldsFromWireBytes() {
        // Given
        byte[] frame = Frames.v2(255, 190, 0, Frames.commandLong(42));
        int[] target = new int[3];
        MavlinkFrameParser p = new MavlinkFrameParser(TABLE, new LinkStats(), f -> {
            target[0] = f.targetSystem();
            target[1] = f.targetComponent();
        });
        MavlinkFrameParser hb = new MavlinkFrameParser(TABLE, new LinkStats(), f -> target[2] = f.targetSystem());
        byte[] heartbeat = Frames.v2(1, 1, 0, Frames.heartbeat());

        // When
        p.feed(frame, 0, frame.length);
        hb.feed(heartbeat, 0, heartbeat.length);

        // Then
        assertThat(target).containsExactly(42, 1, -1);
    }
}
