package org.hoverla.hal.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.hal.gnss.UbxTestFrames.concat;
import static org.hoverla.hal.gnss.UbxTestFrames.pvtFrame;

import java.lang.management.ManagementFactory;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.gnss.UbxTestFrames.Payload;
import org.junit.jupiter.api.Test;

/**
 * The parser allocates nothing per frame: heap bytes of the feeding thread over 10 000 rounds of a
 * stream holding every decoded message, a checksum error and garbage, after a warm-up; the smallest
 * of three windows (the MXBean and a JIT recompilation can allocate inside one window).
 */
class UbxParserAllocationTest {

    private static long smallestWindowBytes(Runnable round) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) {
            round.run();
        }
        long smallest = Long.MAX_VALUE;
        for (int w = 0; w < 3; w++) {
            threads.getThreadAllocatedBytes(tid);
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) {
                round.run();
            }
            smallest = Math.min(smallest, threads.getThreadAllocatedBytes(tid) - before);
        }
        return smallest;
    }

    @Test
    void shouldNotAllocateWhileDecoding() {
        // Given a stream with NAV-PVT, NAV-DOP, NAV-SAT, MON-RF, SEC-SIG, a corrupted frame and garbage,
        // and one of the older receivers' NAV-SOL/POSLLH/VELNED/TIMEUTC
        byte[] bad = pvtFrame(3);
        bad[30] ^= 1;
        byte[] modern = concat(pvtFrame(1),
                new Payload(18).put(0, 1, 4).put(10, 142, 2).put(12, 87, 2).frame(1, 4),
                new Payload(8 + 24).put(5, 2, 1).put(16, 8, 4).frame(1, 0x35),
                new Payload(28).put(1, 1, 1).put(20, 40, 1).frame(0x0A, 0x38),
                new Payload(12).put(0, 1, 1).put(8, 3, 1).frame(0x27, 9),
                bad, new byte[] {1, 2, 3, (byte) 0xB5, 0x00, 9});
        byte[] older = concat(
                new Payload(20).put(0, 1, 4).put(12, 2020, 2).put(14, 1, 1).put(15, 1, 1).put(19, 7, 1).frame(1, 0x21),
                new Payload(52).put(0, 1, 4).put(10, 3, 1).put(11, 1, 1).frame(1, 6),
                new Payload(28).put(0, 1, 4).frame(1, 2),
                new Payload(36).put(0, 1, 4).frame(1, 0x12));
        long[] sink = new long[1];
        UbxParser.Listener listener = new UbxParser.Listener() {
            @Override
            public void onEpoch(GnssSample s) {
                sink[0] += s.satellitesUsed;
            }
        };
        UbxParser a = new UbxParser(listener);
        UbxParser b = new UbxParser(listener);
        // When both are fed 30 000 times
        long bytes = smallestWindowBytes(() -> {
            a.feed(modern, 0, modern.length);
            b.feed(older, 0, older.length);
        });
        // Then nothing was allocated, and the work was done
        assertThat(bytes).isZero();
        assertThat(a.epochs()).isEqualTo(50_000);
        assertThat(b.epochs()).isEqualTo(50_000);
        assertThat(a.checksumErrors()).isEqualTo(50_000);
    }
}
