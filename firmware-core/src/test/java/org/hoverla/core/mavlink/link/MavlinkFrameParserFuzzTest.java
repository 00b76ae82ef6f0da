package org.hoverla.core.mavlink.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hoverla.testsupport.fuzz.Allocation;
import org.hoverla.testsupport.fuzz.ByteMutator;
import org.hoverla.testsupport.fuzz.Fuzz;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link MavlinkFrameParser}: random bytes, mutated v1/v2/signed frames of every common
 * message, fed byte by byte, in random chunks or as datagrams. Every case checks the parser's
 * documented invariants: nothing escapes, every byte received is in a delivered frame, dropped or
 * pending ({@code bytesReceived = frame bytes + bytesDropped + pendingBytes}), the pending bytes
 * stay under one maximum frame (280 bytes), every delivered frame carries a good CRC, and a stream
 * of valid frames with garbage between them loses none of them.
 */
class MavlinkFrameParserFuzzTest {
    private static final MavlinkMessageTable TABLE = MavlinkMessageTable.common();
    private static final ByteMutator MUTATOR = new ByteMutator(FuzzFrames.MAGIC, 4096);

    /** Records what the parser delivered and checks each frame's CRC as it arrives. */
    private static final class Sink implements MavlinkFrameParser.FrameHandler {
        long frameBytes;
        final List<byte[]> frames = new ArrayList<>();

        @Override
        public void onFrame(MavlinkFrame f) {
            byte[] b = f.copyBytes();
            assertThat(f.entry()).isNotNull();
            int header = f.isV2() ? 10 : 6;
            int crcPos = header + f.payloadLength();
            int crc = MavlinkCrc.frameCrc(b, 1, crcPos - 1, f.entry().crcExtra());
            assertThat((b[crcPos] & 0xFF) | (b[crcPos + 1] & 0xFF) << 8).as("wire CRC").isEqualTo(crc);
            assertThat(f.payloadLength()).isLessThanOrEqualTo(f.entry().maxLength());
            assertThat(f.length()).isEqualTo(crcPos + 2 + (f.isSigned() ? MavlinkFrame.SIGNATURE_LENGTH : 0));
            frameBytes += f.length();
            frames.add(b);
        }
    }

    private static void assertAccounted(LinkStats stats, Sink sink, MavlinkFrameParser p) {
        assertThat(p.pendingBytes()).as("pending").isBetween(0, MavlinkFrameParser.MAX_FRAME - 1);
        assertThat(stats.bytesReceived()).as("received = frames + dropped + pending")
                .isEqualTo(sink.frameBytes + stats.bytesDropped() + p.pendingBytes());
    }

    /** Feeds {@code in} byte by byte, in random chunks, or whole; as a stream or as datagrams. */
    private static void feed(SplittableRandom rng, byte[] in, MavlinkFrameParser p, LinkStats stats, Sink sink,
                             boolean datagrams) {
        int mode = rng.nextInt(3);
        int pos = 0;
        while (pos < in.length) {
            int n = mode == 0 ? 1 : mode == 1 ? 1 + rng.nextInt(Math.min(in.length - pos, 300)) : in.length - pos;
            if (mode == 0) {
                p.feed(in[pos]);
            } else {
                p.feed(in, pos, n);
            }
            pos += n;
            assertAccounted(stats, sink, p);
            if (datagrams && rng.nextInt(4) == 0) {
                p.endOfDatagram();
                assertThat(p.pendingBytes()).isZero();
                assertAccounted(stats, sink, p);
            }
        }
        p.endOfDatagram();
        assertThat(p.pendingBytes()).isZero();
        assertAccounted(stats, sink, p);
    }

    private static byte[] validStream(SplittableRandom rng, List<byte[]> frames, boolean garbage) {
        List<byte[]> parts = new ArrayList<>();
        int n = 1 + rng.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (garbage) {
                // garbage holding no start byte cannot hide a frame (MAGIC_V1/V2 excluded)
                byte[] g = ByteMutator.random(rng, rng.nextInt(20));
                for (int j = 0; j < g.length; j++) {
                    if ((g[j] & 0xFF) >= 0xFD) {
                        g[j] = 0x55;
                    }
                }
                parts.add(g);
            }
            byte[] f = FuzzFrames.randomFrame(rng);
            frames.add(f);
            parts.add(f);
        }
        return FuzzFrames.concat(parts);
    }

    private static byte[] generate(SplittableRandom rng) {
        int kind = rng.nextInt(10);
        if (kind < 2) {
            return ByteMutator.random(rng, rng.nextInt(600));
        }
        List<byte[]> corpus = new ArrayList<>();
        byte[] valid = validStream(rng, corpus, false);
        corpus.add(valid);
        return MUTATOR.mutate(rng, valid, corpus, 6);
    }

    @Test
    void shouldAccountForEveryByteOfRandomAndMutatedFrames() {
        // Given random bytes and mutated valid v1/v2/signed frames of every message
        Fuzz.bytes("mavlink-frames", MavlinkFrameParserFuzzTest::generate, in -> {
            LinkStats stats = new LinkStats();
            Sink sink = new Sink();
            MavlinkFrameParser p = new MavlinkFrameParser(TABLE, stats, sink);
            // When fed in any chunking, as a stream or as datagrams
            SplittableRandom rng = new SplittableRandom(in.length);
            // Then every byte is accounted for and the buffer stays under one frame (checked inside)
            feed(rng, in, p, stats, sink, rng.nextBoolean());
        });
    }

    @Test
    void shouldDeliverEveryValidFrameBetweenGarbageInAnyChunking() {
        // Given valid frames of random messages with start-byte-free garbage between them
        List<List<byte[]>> expected = new ArrayList<>();
        Fuzz.bytes("mavlink-frames-valid", rng -> {
            List<byte[]> frames = new ArrayList<>();
            byte[] s = validStream(rng, frames, true);
            expected.clear();
            expected.add(frames);
            return s;
        }, in -> {
            LinkStats stats = new LinkStats();
            Sink sink = new Sink();
            MavlinkFrameParser p = new MavlinkFrameParser(TABLE, stats, sink);
            // When fed as a stream in any chunking
            feed(new SplittableRandom(in.length), in, p, stats, sink, false);
            // Then every frame arrives, byte for byte, in order
            List<byte[]> want = expected.get(0);
            assertThat(sink.frames).hasSameSizeAs(want);
            for (int i = 0; i < want.size(); i++) {
                assertThat(sink.frames.get(i)).isEqualTo(want.get(i));
            }
            assertThat(stats.framesReceived()).isEqualTo(want.size());
        });
    }

    @Test
    void shouldNotAllocatePerByteOnFuzzedInputAfterWarmUp() {
        // Given 200 fuzz inputs (the sources they name seen once in the warm-up)
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            inputs.add(generate(Fuzz.caseRandom(Fuzz.DEFAULT_SEED, i)));
        }
        LinkStats stats = new LinkStats();
        long[] frames = new long[1];
        MavlinkFrameParser p = new MavlinkFrameParser(TABLE, stats, f -> frames[0]++);
        long total = inputs.stream().mapToLong(b -> b.length).sum();
        // When each is fed byte by byte, then in one piece, 300 times after 200 warm-up rounds
        long bytes = Allocation.smallestWindowBytes(() -> {
            for (int i = 0; i < inputs.size(); i++) { // indexed: an iterator would be the test's own allocation
                byte[] in = inputs.get(i);
                for (byte b : in) {
                    p.feed(b);
                }
                p.endOfDatagram();
                p.feed(in, 0, in.length);
                p.endOfDatagram();
            }
        }, 200, 100);
        // Then nothing was allocated, and the bytes were parsed
        assertThat(bytes).isZero();
        assertThat(stats.bytesReceived()).isEqualTo(total * 2 * 500);
        assertThat(frames[0]).isPositive();
    }
}
