package org.hoverla.core.simapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hoverla.core.mavlink.link.FuzzFrames;
import org.hoverla.core.mavlink.link.LinkStats;
import org.hoverla.core.mavlink.link.MavlinkMessageTable;
import org.hoverla.testsupport.fuzz.Allocation;
import org.hoverla.testsupport.fuzz.ByteMutator;
import org.hoverla.testsupport.fuzz.Fuzz;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the simulator API's receive side ({@link HilCodec#feed}): valid HIL_SENSOR, HIL_GPS and
 * HIL_STATE_QUATERNION frames with random payloads of any length (v1, v2, signed), other messages,
 * all mutated most of the time. Checks: nothing escapes, unmutated streams decode every HIL frame,
 * and the codec allocates nothing per byte on fuzzed input.
 */
class HilCodecFuzzTest {
    private static final MavlinkMessageTable TABLE = MavlinkMessageTable.common();
    private static final int[] HIL = {HilCodec.HIL_SENSOR_ID, HilCodec.HIL_GPS_ID, HilCodec.HIL_STATE_QUATERNION_ID};
    private static final ByteMutator MUTATOR = new ByteMutator(FuzzFrames.MAGIC, 4096);

    private static final class Counter implements HilCodec.Listener {
        long decoded;

        @Override
        public void onSensor(HilCodec.Sensor sensor) {
            decoded++;
        }

        @Override
        public void onGps(HilCodec.Gps gps) {
            decoded++;
        }

        @Override
        public void onStateQuaternion(HilCodec.StateQuaternion state) {
            decoded++;
        }
    }

    /** First byte: 1 when the rest is an unmutated stream, then the HIL frame count; then the stream. */
    private static byte[] generate(SplittableRandom rng) {
        List<byte[]> frames = new ArrayList<>();
        int hil = 0;
        int n = 1 + rng.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (rng.nextInt(4) == 0) {
                frames.add(FuzzFrames.randomFrame(rng));
                if (java.util.Arrays.stream(HIL).anyMatch(id -> id == frameId(frames.get(frames.size() - 1)))) {
                    hil++;
                }
                continue;
            }
            MavlinkMessageTable.Entry e = TABLE.get(HIL[rng.nextInt(HIL.length)]);
            int len = rng.nextInt(e.maxLength() + 1);
            frames.add(FuzzFrames.frame(e, ByteMutator.random(rng, len), rng.nextInt(256), rng.nextInt(256),
                    rng.nextInt(256), rng.nextInt(3) == 0, rng.nextInt(3) == 0));
            hil++;
        }
        byte[] s = FuzzFrames.concat(frames);
        boolean clean = rng.nextInt(3) == 0;
        byte[] body = clean ? s : MUTATOR.mutate(rng, s, frames, 6);
        byte[] out = new byte[body.length + 2];
        out[0] = (byte) (clean ? 1 : 0);
        out[1] = (byte) hil;
        System.arraycopy(body, 0, out, 2, body.length);
        return out;
    }

    private static int frameId(byte[] f) {
        return (f[0] & 0xFF) == 0xFE ? f[5] & 0xFF : (f[7] & 0xFF) | (f[8] & 0xFF) << 8 | (f[9] & 0xFF) << 16;
    }

    @Test
    void shouldDecodeOrSkipMutatedHilStreams() {
        Fuzz.bytes("hil-codec", HilCodecFuzzTest::generate, in -> {
            // Given a codec
            Counter c = new Counter();
            LinkStats stats = new LinkStats();
            HilCodec codec = new HilCodec(TABLE, stats, c);
            // When fed the stream in random chunks
            SplittableRandom rng = new SplittableRandom(in.length);
            int pos = 2;
            while (pos < in.length) {
                int n = 1 + rng.nextInt(in.length - pos);
                codec.feed(in, pos, n);
                pos += n;
            }
            // Then nothing escaped, every byte was counted, and a clean stream decoded every HIL frame
            assertThat(stats.bytesReceived()).isEqualTo(in.length - 2);
            if (in[0] == 1) {
                assertThat(c.decoded).isEqualTo(in[1]);
            }
        });
    }

    @Test
    void shouldNotAllocatePerByteOnFuzzedHilInputAfterWarmUp() {
        // Given 200 fuzzed streams
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            inputs.add(generate(Fuzz.caseRandom(Fuzz.DEFAULT_SEED, i)));
        }
        Counter c = new Counter();
        HilCodec codec = new HilCodec(TABLE, new LinkStats(), c);
        // When fed 300 times after 200 warm-up rounds
        long bytes = Allocation.smallestWindowBytes(() -> {
            for (int i = 0; i < inputs.size(); i++) { // indexed: an iterator would be the test's own allocation
                byte[] in = inputs.get(i);
                codec.feed(in, 2, in.length - 2);
            }
        }, 200, 100);
        // Then nothing was allocated, and messages were decoded
        assertThat(bytes).isZero();
        assertThat(c.decoded).isPositive();
    }
}
