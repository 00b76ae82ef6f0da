package org.hoverla.hal.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.hal.gnss.UbxTestFrames.concat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.gnss.UbxTestFrames.Payload;
import org.hoverla.testsupport.fuzz.Allocation;
import org.hoverla.testsupport.fuzz.ByteMutator;
import org.hoverla.testsupport.fuzz.Fuzz;
import org.hoverla.testsupport.fuzz.TextMutator;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the GNSS stream parsers ({@link UbxParser}, {@link NmeaParser}) with random bytes and
 * mutated valid frames (payloads mutated and re-checksummed half the time, so the decoders see
 * them). Each case checks: nothing escapes, every byte fed is accounted for by the parser's own
 * counters, the pending bytes stay within the documented buffer, and a published fix has finite
 * coordinates on the globe. A separate test shows neither allocates per byte on fuzzed input.
 */
class GnssParsersFuzzTest {
    private static final int[] UBX_MAGIC = {0xB5, 0x62, 0x01, 0x07, 0x35, 0x0A, 0x27};
    private static final List<byte[]> UBX_PAYLOADS = List.of(
            UbxTestFrames.pvt(1000).b,
            new Payload(18).put(0, 1000, 4).put(10, 142, 2).put(12, 87, 2).b,
            new Payload(8 + 24).put(5, 2, 1).put(16, 8, 4).b,
            new Payload(28).put(1, 1, 1).put(20, 40, 1).b,
            new Payload(12).put(0, 1, 1).put(8, 3, 1).b,
            new Payload(20).put(0, 1000, 4).put(12, 2020, 2).put(14, 1, 1).put(15, 1, 1).put(19, 7, 1).b,
            new Payload(52).put(0, 1000, 4).put(10, 3, 1).put(11, 1, 1).b,
            new Payload(28).put(0, 1000, 4).b,
            new Payload(36).put(0, 1000, 4).b,
            new Payload(36).put(0, 1000, 4).put(8, 304_567_891_2L, 4).b,
            new Payload(4).put(0, 1000, 4).b,
            new Payload(16).put(0, 1000, 4).put(8, 2300, 2).b);
    private static final int[][] UBX_IDS = {{1, 7}, {1, 4}, {1, 0x35}, {0x0A, 0x38}, {0x27, 9}, {1, 0x21}, {1, 6},
        {1, 2}, {1, 0x12}, {1, 0x14}, {1, 0x61}, {1, 0x20}, {0x0A, 9}};
    private static final ByteMutator UBX_MUTATOR = new ByteMutator(UBX_MAGIC, 6000);

    private static final String[] NMEA = {
        "GPGGA,030719.000,3747.0873,S,17518.8938,E,1,08,1.1,59.9,M,23.7,M,,0000",
        "GPGSA,A,3,17,28,06,01,30,20,26,13,,,,,1.8,1.1,1.5",
        "GPRMC,030719.000,A,3747.0873,S,17518.8938,E,0.69,181.39,311214,,,A",
        "GPGSV,3,1,12,17,72,207,32,28,59,095,31,06,35,347,25,01,29,132,23",
        "GPVTG,054.7,T,034.4,M,005.5,N,010.2,K",
        "GPGLL,4916.45,N,12311.12,W,225444,A,",
        "GPZDA,202640.000,13,04,2015,,",
        "GNGGA,202641.000,4404.1306,N,12118.8515,W,2,10,0.98,1127.7,M,-19.6,M,0000,0000",
        "GNRMC,202641.000,A,4404.1306,N,12118.8515,W,0.02,31.66,130415,,,D",
        "PUBX,00,081350.00,4717.113210,N,00833.915187,E,546.589,G3,2.1,2.0,0.007,77.52,0.007,,0.92,1.19,0.77,9,0,0"};
    private static final TextMutator NMEA_MUTATOR = new TextMutator(400);

    static byte[] ubxFrame(SplittableRandom rng) {
        int k = rng.nextInt(UBX_PAYLOADS.size());
        int[] id = UBX_IDS[rng.nextInt(UBX_IDS.length)];
        byte[] p = UBX_PAYLOADS.get(k);
        if (rng.nextBoolean()) {
            p = UBX_MUTATOR.mutate(rng, p, UBX_PAYLOADS, 4);
        }
        return UbxProtocol.frame(id[0], id[1], p.length > 1500 ? java.util.Arrays.copyOf(p, 1500) : p);
    }

    private static byte[] ubxInput(SplittableRandom rng) {
        if (rng.nextInt(10) == 0) {
            return ByteMutator.random(rng, rng.nextInt(3000));
        }
        List<byte[]> frames = new ArrayList<>();
        int n = 1 + rng.nextInt(5);
        for (int i = 0; i < n; i++) {
            frames.add(ubxFrame(rng));
        }
        byte[] s = concat(frames.toArray(new byte[0][]));
        return rng.nextBoolean() ? s : UBX_MUTATOR.mutate(rng, s, frames, 4);
    }

    private static void assertPlausible(GnssSample s) {
        if (s.fixType >= GnssSample.FIX_2D) {
            assertThat(s.latDeg).as("lat of a fix").isBetween(-90.0, 90.0);
            assertThat(s.lonDeg).as("lon of a fix").isBetween(-180.0, 180.0);
        }
    }

    @Test
    void shouldAccountForEveryUbxByteAndKeepTheBufferBounded() {
        Fuzz.bytes("ubx", GnssParsersFuzzTest::ubxInput, in -> {
            // Given a parser fed random bytes or mutated frames of every decoded message
            UbxParser p = new UbxParser(new UbxParser.Listener() {
                @Override
                public void onEpoch(GnssSample s) {
                    assertPlausible(s);
                }
            });
            // When fed in random chunks
            SplittableRandom rng = new SplittableRandom(in.length);
            int pos = 0;
            while (pos < in.length) {
                int n = 1 + rng.nextInt(in.length - pos);
                p.feed(in, pos, n);
                pos += n;
                // Then every byte is in a good frame, skipped or pending; pending within one frame
                assertThat(p.pendingBytes()).isLessThan(UbxParser.DEFAULT_MAX_PAYLOAD + UbxProtocol.OVERHEAD);
                assertThat(p.frameBytes() + p.skippedBytes() + p.pendingBytes()).isEqualTo(pos);
            }
        });
    }

    private static String nmeaSentence(SplittableRandom rng, String body) {
        String b = rng.nextInt(3) == 0 ? body : NMEA_MUTATOR.mutate(rng, body, List.of(NMEA), 3);
        if (rng.nextInt(5) == 0) {
            return "$" + b + "\r\n"; // checksum left as mutated, or missing
        }
        int sum = 0;
        for (byte c : b.getBytes(StandardCharsets.ISO_8859_1)) {
            sum ^= c;
        }
        return "$" + b + String.format("*%02X", sum & 0xFF) + (rng.nextInt(4) == 0 ? "\n" : "\r\n");
    }

    private static byte[] nmeaInput(SplittableRandom rng) {
        if (rng.nextInt(10) == 0) {
            return ByteMutator.random(rng, rng.nextInt(600));
        }
        StringBuilder sb = new StringBuilder();
        int n = 1 + rng.nextInt(8);
        for (int i = 0; i < n; i++) {
            sb.append(nmeaSentence(rng, NMEA[rng.nextInt(NMEA.length)]));
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        return rng.nextInt(4) == 0 ? new ByteMutator(new int[] {'$', '*', ',', '\r', '\n', '#'}, 4000)
                .mutate(rng, b, List.of(b), 3) : b;
    }

    @Test
    void shouldAccountForEveryNmeaByteAndKeepTheFrameBounded() {
        Fuzz.bytes("nmea", GnssParsersFuzzTest::nmeaInput, in -> {
            // Given parsers strict and lenient (missing checksums, comment lines) fed mutated sentences
            SplittableRandom rng = new SplittableRandom(in.length);
            boolean lenient = rng.nextBoolean();
            NmeaParser p = new NmeaParser(f -> assertPlausible(f.sample), lenient, lenient, NmeaParser.DEFAULT_UERE_M,
                    NmeaParser.DEFAULT_MAX_FORWARD_STEP_MS);
            // When fed in random chunks, then flushed
            int pos = 0;
            while (pos < in.length) {
                int n = 1 + rng.nextInt(in.length - pos);
                p.feed(in, pos, n, pos * 1000L);
                pos += n;
                // Then every byte is accepted, skipped, a comment, a line end or pending; pending within one frame
                assertThat(p.pendingBytes()).isBetween(0, NmeaParser.MAX_FRAME_LENGTH + 1);
                assertThat(p.acceptedBytes() + p.skippedBytes() + p.commentBytes() + p.lineEndBytes()
                        + p.pendingBytes()).isEqualTo(pos);
            }
            p.flush();
            assertThat(p.frames()).isEqualTo(p.ignoredSentences() + p.malformedSentences()
                    + (p.frames() - p.ignoredSentences() - p.malformedSentences()));
        });
    }

    @Test
    void shouldAccountForEveryByteOfMutatedRealCaptures() throws java.io.IOException {
        // Given 4 kB slices of the data set's gpsd captures (u-blox UBX and NMEA receivers; skipped without it)
        List<byte[]> captures = new ArrayList<>();
        for (String name : List.of("ublox-neo-m8n.log", "ublox-zed-f9p-hp.log", "navisys-gr701w.log", "bu353s4.log",
                "mt3339.log", "gp-320fw-2019-04-07-coldboot.log")) {
            captures.add(java.nio.file.Files.readAllBytes(org.hoverla.testdata.TestData.file("gnss/" + name)));
        }
        ByteMutator mutator = new ByteMutator(new int[] {0xB5, 0x62, '$', '*', '\r', '\n', '#'}, 8192);
        Fuzz.bytes("gnss-captures", rng -> {
            byte[] c = captures.get(rng.nextInt(captures.size()));
            int from = rng.nextInt(Math.max(1, c.length - 4096));
            byte[] slice = java.util.Arrays.copyOfRange(c, from, Math.min(c.length, from + 4096));
            return rng.nextInt(4) == 0 ? slice : mutator.mutate(rng, slice, List.of(slice), 6);
        }, in -> {
            // When fed to both parsers in random chunks
            UbxParser u = new UbxParser(new UbxParser.Listener() {
                @Override
                public void onEpoch(GnssSample s) {
                    assertPlausible(s);
                }
            });
            NmeaParser n = new NmeaParser(f -> assertPlausible(f.sample), true, true, NmeaParser.DEFAULT_UERE_M,
                    NmeaParser.DEFAULT_MAX_FORWARD_STEP_MS);
            SplittableRandom rng = new SplittableRandom(in.length);
            int pos = 0;
            while (pos < in.length) {
                int k = 1 + rng.nextInt(in.length - pos);
                u.feed(in, pos, k);
                n.feed(in, pos, k, pos);
                pos += k;
                // Then both account for every byte within their bounded buffers
                assertThat(u.frameBytes() + u.skippedBytes() + u.pendingBytes()).isEqualTo(pos);
                assertThat(n.acceptedBytes() + n.skippedBytes() + n.commentBytes() + n.lineEndBytes()
                        + n.pendingBytes()).isEqualTo(pos);
                assertThat(u.pendingBytes()).isLessThan(UbxParser.DEFAULT_MAX_PAYLOAD + UbxProtocol.OVERHEAD);
                assertThat(n.pendingBytes()).isBetween(0, NmeaParser.MAX_FRAME_LENGTH + 1);
            }
        });
    }

    @Test
    void shouldNotAllocatePerByteOnFuzzedGnssInputAfterWarmUp() {
        // Given 200 fuzzed UBX and NMEA inputs
        List<byte[]> ubx = new ArrayList<>();
        List<byte[]> nmea = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ubx.add(ubxInput(Fuzz.caseRandom(Fuzz.DEFAULT_SEED, i)));
            nmea.add(nmeaInput(Fuzz.caseRandom(Fuzz.DEFAULT_SEED, i)));
        }
        long[] sink = new long[1];
        UbxParser u = new UbxParser(new UbxParser.Listener() {
            @Override
            public void onEpoch(GnssSample s) {
                sink[0]++;
            }
        });
        NmeaParser n = new NmeaParser(f -> sink[0]++, true, true, 4.0, 60_000);
        // When fed 300 times after 200 warm-up rounds
        long bytes = Allocation.smallestWindowBytes(() -> {
            for (int i = 0; i < 200; i++) {
                u.feed(ubx.get(i), 0, ubx.get(i).length);
                n.feed(nmea.get(i), 0, nmea.get(i).length, i);
            }
        }, 200, 100);
        // Then nothing was allocated, and epochs were decoded
        assertThat(bytes).isZero();
        assertThat(sink[0]).isPositive();
    }
}
