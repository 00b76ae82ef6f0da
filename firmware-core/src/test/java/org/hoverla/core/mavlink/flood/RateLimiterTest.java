package org.hoverla.core.mavlink.flood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long MS = 1_000_000L;

    private static int admitMany(RateLimiter l, int slot, int cls, long nowNs, int n) {
        int ok = 0;
        for (int i = 0; i < n; i++) {
            if (l.admit(slot, cls, nowNs)) {
                ok++;
            }
        }
        return ok;
    }

    @Test
    void shouldPassTheBurstThenOnlyTheRefill() {
        // Given: commands at 10/s with a burst of 5
        RateLimiter l = new RateLimiter(2);
        l.configure(MessageClass.COMMAND, 10, 5);

        // When: 8 at once, then 8 more 250 ms later
        int first = admitMany(l, 0, MessageClass.COMMAND, 0, 8);
        int later = admitMany(l, 0, MessageClass.COMMAND, 250 * MS, 8);

        // Then: the burst, then 2.5 tokens' worth (2 whole), the rest dropped and counted
        assertThat(first).isEqualTo(5);
        assertThat(later).isEqualTo(2);
        assertThat(l.admitted(0, MessageClass.COMMAND)).isEqualTo(7);
        assertThat(l.dropped(0, MessageClass.COMMAND)).isEqualTo(9);
        assertThat(l.droppedTotal(0)).isEqualTo(9);
        // ... and the half token left over is kept: 50 ms later one more passes
        assertThat(admitMany(l, 0, MessageClass.COMMAND, 300 * MS, 2)).isEqualTo(1);
    }

    @Test
    void shouldRefillOnlyUpToTheBurstAfterAQuietSpell() {
        // Given: heartbeats at 10/s, burst 3, bucket emptied
        RateLimiter l = new RateLimiter(1);
        l.configure(MessageClass.HEARTBEAT, 10, 3);
        admitMany(l, 0, MessageClass.HEARTBEAT, 0, 3);

        // When: an hour of quiet, then 10 at once
        int passed = admitMany(l, 0, MessageClass.HEARTBEAT, 3_600_000 * MS, 10);

        // Then: the burst, no more
        assertThat(passed).isEqualTo(3);
    }

    @Test
    void shouldKeepClassesAndSlotsIndependent() {
        // Given: the default 1000/s, burst 1000 per class, a large link total
        RateLimiter l = new RateLimiter(2);
        l.configure(RateLimiter.TOTAL, 10_000, 10_000);
        l.reset(0, 0);
        l.reset(1, 0);

        // When: slot 0 is flooded with parameter requests
        int params = admitMany(l, 0, MessageClass.PARAM, 0, 5000);

        // Then: its commands, and slot 1's parameters, still pass in full
        assertThat(params).isEqualTo(1000);
        assertThat(admitMany(l, 0, MessageClass.COMMAND, 0, 500)).isEqualTo(500);
        assertThat(admitMany(l, 1, MessageClass.PARAM, 0, 1000)).isEqualTo(1000);
        assertThat(l.droppedTotal(1)).isZero();
    }

    @Test
    void shouldCapTheLinkTotalWithoutTakingClassTokensForRefusedFrames() {
        // Given: classes at 1000 burst, a link total of 100/s with a burst of 100
        RateLimiter l = new RateLimiter(1);
        l.configure(RateLimiter.TOTAL, 100, 100);

        // When: 80 mission frames, then 80 setpoints at the same instant
        int mission = admitMany(l, 0, MessageClass.MISSION, 0, 80);
        int setpoints = admitMany(l, 0, MessageClass.SETPOINT, 0, 80);

        // Then: the total lets 100 through; the 60 refused setpoints are counted as refused by the total
        assertThat(mission).isEqualTo(80);
        assertThat(setpoints).isEqualTo(20);
        assertThat(l.admittedTotal(0)).isEqualTo(100);
        assertThat(l.dropped(0, MessageClass.SETPOINT)).isEqualTo(60);
        assertThat(l.droppedByTotal(0)).isEqualTo(60);
        // ... and the setpoint class still holds its 980 tokens once the total refills
        assertThat(admitMany(l, 0, MessageClass.SETPOINT, 10_000 * MS, 100)).isEqualTo(100);
    }

    @Test
    void shouldGiveNoCreditWhenTheClockStepsBack() {
        // Given: an emptied bucket at t = 10 s
        RateLimiter l = new RateLimiter(1);
        l.configure(MessageClass.OTHER, 10, 1);
        admitMany(l, 0, MessageClass.OTHER, 10_000 * MS, 1);

        // When: the clock reads 5 s, then 5.05 s
        boolean back = l.admit(0, MessageClass.OTHER, 5_000 * MS);
        boolean soon = l.admit(0, MessageClass.OTHER, 5_050 * MS);
        boolean later = l.admit(0, MessageClass.OTHER, 5_150 * MS);

        // Then: no token from the step back; refilling resumes from the new reading
        assertThat(back).isFalse();
        assertThat(soon).isFalse();
        assertThat(later).isTrue();
    }

    @Test
    void shouldResetASlotForANewLink() {
        // Given: slot 0 emptied and counted
        RateLimiter l = new RateLimiter(1);
        l.configure(MessageClass.COMMAND, 1, 1);
        admitMany(l, 0, MessageClass.COMMAND, 0, 5);

        // When
        l.reset(0, 0);

        // Then: full again, counters zero
        assertThat(l.droppedTotal(0)).isZero();
        assertThat(l.admittedTotal(0)).isZero();
        assertThat(l.admit(0, MessageClass.COMMAND, 0)).isTrue();
    }

    @Test
    void shouldMatchAnExactTokenCountOverARandomArrivalPattern() {
        // Given: 100/s, burst 10, seeded random arrivals over 10 s (~5000 frames)
        RateLimiter l = new RateLimiter(1);
        l.configure(MessageClass.SETPOINT, 100, 10);
        Random random = new Random(17);
        long t = 0;
        int passed = 0;

        // When
        while (t < 10_000 * MS) {
            t += random.nextInt(4 * (int) MS);
            if (l.admit(0, MessageClass.SETPOINT, t)) {
                passed++;
            }
        }

        // Then: never more than burst + rate·time, and close to it (arrivals far exceed the rate)
        assertThat(passed).isLessThanOrEqualTo(10 + 100 * 10).isGreaterThanOrEqualTo(990);
    }

    @Test
    void shouldRejectRatesAndBurstsOutOfRange() {
        RateLimiter l = new RateLimiter(1);
        assertThatThrownBy(() -> l.configure(MessageClass.COMMAND, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> l.configure(MessageClass.COMMAND, 10, RateLimiter.MAX_TOKENS + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> l.configure(RateLimiter.BUCKETS, 10, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNotAllocateAfterWarmUp() {
        // Given: a limiter warmed up by the JIT
        RateLimiter l = new RateLimiter(8);
        long t = 0;
        for (int i = 0; i < 50_000; i++) {
            l.admit(i & 7, i % MessageClass.COUNT, t += 1000);
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        // When: a million decisions across slots and classes
        int passed = 0;
        for (int i = 0; i < 1_000_000; i++) {
            if (l.admit(i & 7, i % MessageClass.COUNT, t += 1000)) {
                passed++;
            }
        }
        long after = threads.getCurrentThreadAllocatedBytes();

        // Then
        assertThat(after - before).isZero();
        assertThat(passed).isPositive();
    }

    @Test
    void shouldClassifyMessageIds() {
        assertThat(MessageClass.of(0)).isEqualTo(MessageClass.HEARTBEAT);
        assertThat(MessageClass.of(76)).isEqualTo(MessageClass.COMMAND);
        assertThat(MessageClass.of(75)).isEqualTo(MessageClass.COMMAND);
        assertThat(MessageClass.of(11)).isEqualTo(MessageClass.COMMAND);
        assertThat(MessageClass.of(20)).isEqualTo(MessageClass.PARAM);
        assertThat(MessageClass.of(73)).isEqualTo(MessageClass.MISSION);
        assertThat(MessageClass.of(110)).isEqualTo(MessageClass.TRANSFER);
        assertThat(MessageClass.of(119)).isEqualTo(MessageClass.TRANSFER);
        assertThat(MessageClass.of(84)).isEqualTo(MessageClass.SETPOINT);
        assertThat(MessageClass.of(69)).isEqualTo(MessageClass.SETPOINT);
        assertThat(MessageClass.of(70)).isEqualTo(MessageClass.SETPOINT);
        assertThat(MessageClass.of(82)).isEqualTo(MessageClass.SETPOINT);
        assertThat(MessageClass.of(86)).isEqualTo(MessageClass.SETPOINT);
        assertThat(MessageClass.of(253)).isEqualTo(MessageClass.OTHER); // STATUSTEXT
        assertThat(MessageClass.of(0xFFFFFF)).isEqualTo(MessageClass.OTHER);
        assertThat(MessageClass.name(MessageClass.PARAM)).isEqualTo("param");
    }
}
