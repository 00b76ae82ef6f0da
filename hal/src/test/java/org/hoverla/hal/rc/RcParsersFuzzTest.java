package org.hoverla.hal.rc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hoverla.hal.RcInputSample;
import org.hoverla.testsupport.fuzz.Allocation;
import org.hoverla.testsupport.fuzz.ByteMutator;
import org.hoverla.testsupport.fuzz.Fuzz;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the RC receiver parsers ({@link CrsfParser}, {@link SbusParser}) with random bytes and
 * mutated valid frames (CRSF payloads mutated and re-CRC'd half the time). Each case checks:
 * nothing escapes, every byte fed is in a good frame, skipped or pending, the pending bytes stay
 * under one frame, and the sample is either failsafe with no channels or has channels within the
 * protocol's microsecond range. A separate test shows neither allocates per byte.
 */
class RcParsersFuzzTest {
    private static final ByteMutator CRSF_MUTATOR = new ByteMutator(new int[] {0xC8, 0x16, 0x14, 0x18, 0x3E}, 2000);
    private static final ByteMutator SBUS_MUTATOR = new ByteMutator(new int[] {0x0F, 0x00, 0x04, 0x14, 0x24, 0x34, 0x08,
        0x0C}, 2000);

    private static byte[] crsfFrame(SplittableRandom rng) {
        switch (rng.nextInt(4)) {
            case 0:
                return RcFrames.crsfChannels(rng.nextInt(2048), rng.nextInt(2048), rng.nextInt(2048));
            case 1:
                return RcFrames.crsfLinkStatistics(rng.nextInt(256), rng.nextInt(256), rng.nextInt(101), rng.nextInt(256),
                        rng.nextInt(2), rng.nextInt(8), rng.nextInt(9), rng.nextInt(256), rng.nextInt(101), rng.nextInt(256));
            default: {
                int type = rng.nextBoolean() ? 0x16 : rng.nextBoolean() ? 0x14 : rng.nextInt(256);
                byte[] p = ByteMutator.random(rng, rng.nextInt(61));
                return RcFrames.crsf(type, p);
            }
        }
    }

    private static byte[] crsfInput(SplittableRandom rng) {
        if (rng.nextInt(10) == 0) {
            return ByteMutator.random(rng, rng.nextInt(500));
        }
        List<byte[]> frames = new ArrayList<>();
        int n = 1 + rng.nextInt(6);
        for (int i = 0; i < n; i++) {
            frames.add(crsfFrame(rng));
        }
        byte[] s = RcFrames.concat(frames.toArray(new byte[0][]));
        return rng.nextInt(3) == 0 ? s : CRSF_MUTATOR.mutate(rng, s, frames, 4);
    }

    private static byte[] sbusInput(SplittableRandom rng) {
        if (rng.nextInt(10) == 0) {
            return ByteMutator.random(rng, rng.nextInt(500));
        }
        List<byte[]> frames = new ArrayList<>();
        int n = 1 + rng.nextInt(6);
        int[] ends = {0x00, 0x04, 0x14, 0x24, 0x34};
        for (int i = 0; i < n; i++) {
            frames.add(RcFrames.sbus(rng.nextInt(16), ends[rng.nextInt(ends.length)], rng.nextInt(2048), rng.nextInt(2048),
                    rng.nextInt(2048), rng.nextInt(2048)));
        }
        byte[] s = RcFrames.concat(frames.toArray(new byte[0][]));
        return rng.nextInt(3) == 0 ? s : SBUS_MUTATOR.mutate(rng, s, frames, 4);
    }

    private static void assertSane(RcInputSample s, int minUs, int maxUs) {
        if (s.failsafe) {
            assertThat(s.channelCount).as("failsafe channels").isZero();
        } else {
            assertThat(s.channelCount).isBetween(1, RcInputSample.MAX_CHANNELS);
            for (int i = 0; i < s.channelCount; i++) {
                assertThat(s.channelsUs[i]).as("channel %d", i).isBetween(minUs, maxUs);
            }
        }
    }

    @Test
    void shouldAccountForEveryCrsfByteAndKeepTheWindowBounded() {
        Fuzz.bytes("crsf", RcParsersFuzzTest::crsfInput, in -> {
            // Given a parser fed random bytes or mutated RC and link-statistics frames
            CrsfParser p = new CrsfParser();
            SplittableRandom rng = new SplittableRandom(in.length);
            int pos = 0;
            long now = 0;
            // When fed in random chunks at advancing times
            while (pos < in.length) {
                int n = 1 + rng.nextInt(in.length - pos);
                now += rng.nextInt(300_000_000);
                p.feed(in, pos, n, now);
                pos += n;
                // Then every byte is in a good frame, skipped or pending, within one frame; the sample is sane
                assertThat(p.pendingBytes()).isBetween(0, CrsfParser.MAX_FRAME_BYTES - 1);
                assertThat(p.frameBytes() + p.skippedBytes() + p.pendingBytes()).isEqualTo(pos);
                // 11-bit values 0..2047 map to 881..2159 µs (881 + v·1024/1639)
                assertSane(p.sample(), 881, 2160);
            }
        });
    }

    @Test
    void shouldAccountForEverySbusByteAndKeepTheWindowBounded() {
        Fuzz.bytes("sbus", RcParsersFuzzTest::sbusInput, in -> {
            // Given a parser fed random bytes or mutated SBUS/SBUS2 frames
            SbusParser p = new SbusParser();
            SplittableRandom rng = new SplittableRandom(in.length);
            int pos = 0;
            long now = 0;
            // When fed in random chunks, with inter-frame gaps now and then
            while (pos < in.length) {
                int n = 1 + rng.nextInt(in.length - pos);
                now += rng.nextInt(300_000_000);
                p.feed(in, pos, n, now);
                pos += n;
                if (rng.nextInt(8) == 0) {
                    p.gap();
                }
                // Then every byte is in a frame, skipped or pending, within one frame; the sample is sane
                assertThat(p.pendingBytes()).isBetween(0, SbusParser.FRAME_BYTES - 1);
                assertThat(p.frames() * SbusParser.FRAME_BYTES + p.skippedBytes() + p.pendingBytes()).isEqualTo(pos);
                // 11-bit values 0..2047 map to 875..2154 µs (round(raw·0.625) + 875)
                assertSane(p.sample(), 875, 2155);
            }
        });
    }

    @Test
    void shouldNotAllocatePerByteOnFuzzedRcInputAfterWarmUp() {
        // Given 200 fuzzed CRSF and SBUS inputs
        List<byte[]> crsf = new ArrayList<>();
        List<byte[]> sbus = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            crsf.add(crsfInput(Fuzz.caseRandom(Fuzz.DEFAULT_SEED, i)));
            sbus.add(sbusInput(Fuzz.caseRandom(Fuzz.DEFAULT_SEED, i)));
        }
        CrsfParser c = new CrsfParser();
        SbusParser s = new SbusParser();
        long[] now = new long[1];
        // When fed 300 times after 200 warm-up rounds
        long bytes = Allocation.smallestWindowBytes(() -> {
            for (int i = 0; i < 200; i++) {
                now[0] += 1_000_000;
                c.feed(crsf.get(i), 0, crsf.get(i).length, now[0]);
                s.feed(sbus.get(i), 0, sbus.get(i).length, now[0]);
            }
        }, 200, 100);
        // Then nothing was allocated, and frames were decoded
        assertThat(bytes).isZero();
        assertThat(c.rcFrames()).isPositive();
        assertThat(s.frames()).isPositive();
    }
}
