package org.hoverla.core.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hoverla.core.time.Clock;
import org.junit.jupiter.api.Test;

class ParkThenSpinIdleStrategyTest {

    /** A fake clock that moves 1 µs per reading and counts readings. */
    private static final class SteppingClock implements Clock {
        long nowNs;
        long reads;

        @Override
        public long nanoTime() {
            reads++;
            long t = nowNs;
            nowNs += 1_000L;
            return t;
        }
    }

    @Test
    void shouldReturnAtOnceWhenDeadlineHasPassed() {
        // Given a clock at 10 µs
        SteppingClock clock = new SteppingClock();
        clock.nowNs = 10_000L;

        // When idling until 5 µs
        new ParkThenSpinIdleStrategy(100_000L).idleUntil(clock, 5_000L);

        // Then it read the clock once and returned
        assertThat(clock.reads).isEqualTo(1);
    }

    @Test
    void shouldSpinUntilTheDeadlineWhenWithinTheMargin() {
        // Given a deadline 50 µs ahead and a 100 µs margin
        SteppingClock clock = new SteppingClock();

        // When idling
        new ParkThenSpinIdleStrategy(100_000L).idleUntil(clock, 50_000L);

        // Then it spun (reading the clock) until the deadline was reached, and no further
        assertThat(clock.nowNs).isEqualTo(51_000L);
        assertThat(clock.reads).isEqualTo(51);
    }

    @Test
    void shouldParkOnceAndReturnWhenFartherThanTheMargin() {
        // Given a deadline 2 µs beyond a 100 µs margin on a clock that only moves when read
        SteppingClock clock = new SteppingClock();

        // When idling
        new ParkThenSpinIdleStrategy(100_000L).idleUntil(clock, 102_000L);

        // Then it parked (about 2 µs) and handed control back without spinning
        assertThat(clock.reads).isEqualTo(1);
    }

    @Test
    void shouldRejectNegativeMargin() {
        assertThatThrownBy(() -> new ParkThenSpinIdleStrategy(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ParkThenSpinIdleStrategy().spinMarginNs())
                .isEqualTo(ParkThenSpinIdleStrategy.DEFAULT_SPIN_MARGIN_NS);
    }

    @Test
    void shouldSpinLongOnlyOnACpuOfItsOwn() {
        // A pinned flight thread spins 300 us (measured, docs/realtime.md section 2); a shared one 100 us,
        // so it does not starve the threads that feed it; the no-argument default is the shared one
        assertThat(ParkThenSpinIdleStrategy.marginFor(true)).isEqualTo(300_000L);
        assertThat(ParkThenSpinIdleStrategy.marginFor(false)).isEqualTo(100_000L);
        assertThat(ParkThenSpinIdleStrategy.DEFAULT_SPIN_MARGIN_NS).isEqualTo(ParkThenSpinIdleStrategy.marginFor(false));
    }
}
