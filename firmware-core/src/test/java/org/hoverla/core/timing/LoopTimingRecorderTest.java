package org.hoverla.core.timing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.hoverla.core.sched.LoopScheduler;
import org.hoverla.core.sched.TaskTable;
import org.hoverla.core.time.SimClock;
import org.junit.jupiter.api.Test;

class LoopTimingRecorderTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldCountAMissOnlyForACycleLateByAWholeBasePeriod() {
        // Given a recorder for a 1 kHz base rate
        LoopTimingRecorder r = new LoopTimingRecorder(new String[] {"imu"}, 1_000_000L);
        // When cycles are 0, 999 us, 1000 us and 2500 us late
        r.cycleRan(0, 0, 10_000);
        r.cycleRan(0, 999_000, 10_000);
        r.cycleRan(0, 1_000_000, 10_000);
        r.cycleRan(0, 2_500_000, 10_000);
        LoopTimingRecorder.Interval i = r.newInterval();
        r.drainInto(i);
        // Then two are misses, and the figures are in microseconds
        assertThat(i.cycles()).isEqualTo(4);
        assertThat(i.misses()).isEqualTo(2);
        assertThat(i.maxCyclePeriodErrorNs()).isEqualTo(2_500_000L);
        assertThat(i.cyclePeriodErrorUs().getMaxValue()).isBetween(2_475L, 2_525L);
    }

    @Test
    void shouldClampValuesBeyondTheTrackableRangeInsteadOfThrowing() {
        // Given a recorder
        LoopTimingRecorder r = new LoopTimingRecorder(new String[] {"imu"}, 1_000_000L);
        // When a task is an hour late, runs a negative time (clock step) and overruns
        r.taskRan(0, 3_600_000_000_000L, -5, true);
        LoopTimingRecorder.Interval i = r.newInterval();
        r.drainInto(i);
        // Then both are recorded, clamped to [0, max]
        assertThat(i.taskPeriodErrorUs(0).getMaxValue())
                .isGreaterThanOrEqualTo(LoopTimingRecorder.MAX_TRACKABLE_US * 99 / 100);
        assertThat(i.taskExecUs(0).getTotalCount()).isEqualTo(1);
        assertThat(i.taskExecUs(0).getMaxValue()).isZero();
        assertThat(i.overruns()).isEqualTo(1);
        assertThat(i.taskOverruns(0)).isEqualTo(1);
    }

    @Test
    void shouldStartEachIntervalAfreshWhenDrained() {
        // Given a recorder that recorded and was drained once
        LoopTimingRecorder r = new LoopTimingRecorder(new String[] {"a", "b"}, 1_000_000L);
        r.taskRan(1, 5_000, 7_000, false);
        r.cycleRan(0, 5_000, 7_000);
        LoopTimingRecorder.Interval first = r.newInterval();
        r.drainInto(first);
        // When the next interval records nothing and is drained
        LoopTimingRecorder.Interval second = r.newInterval();
        r.drainInto(second);
        // Then the first has the records and the second none
        assertThat(first.runs()).isEqualTo(1);
        assertThat(first.taskRuns(1)).isEqualTo(1);
        assertThat(second.runs()).isZero();
        assertThat(second.cycles()).isZero();
        assertThat(second.cyclePeriodErrorUs().getTotalCount()).isZero();
    }

    @Test
    void shouldAllocateNothingOnTheFlightThreadWhileRecordingThroughTheScheduler() {
        // Given a scheduler with a recorder hooked in, on a fake clock, each task taking 30 us
        SimClock clock = new SimClock(1_000_000_000L);
        TaskTable table = TaskTable.builder()
                .add("fast", 1000, 20, now -> clock.advance(30_000))
                .add("slow", 250, 100, now -> clock.advance(30_000))
                .build();
        LoopScheduler s = new LoopScheduler(table, clock);
        LoopTimingRecorder r = new LoopTimingRecorder(new String[] {"fast", "slow"}, 1_000_000L);
        s.observe(r);
        LoopTimingRecorder.Interval drained = r.newInterval();
        runCycles(s, clock, 20_000); // warm-up: JIT, class loading
        r.drainInto(drained);
        THREADS.setThreadAllocatedMemoryEnabled(true);
        long tid = Thread.currentThread().getId();

        // When 100 000 cycles run, with late ones (every 97th cycle starts 3 ms late) and overruns
        long before = THREADS.getThreadAllocatedBytes(tid);
        runCycles(s, clock, 100_000);
        long allocated = THREADS.getThreadAllocatedBytes(tid) - before;

        // Then the flight thread allocated nothing, and everything was recorded
        assertThat(allocated).isZero();
        drained.reset();
        r.drainInto(drained);
        assertThat(drained.cycles()).isEqualTo(100_000);
        assertThat(drained.misses()).isGreaterThan(1000);
        assertThat(drained.overruns()).isEqualTo(drained.taskRuns(0));
    }

    private static void runCycles(LoopScheduler s, SimClock clock, int n) {
        for (int i = 0; i < n; i++) {
            long now = clock.nanoTime();
            long due = s.nextDeadlineNs();
            if (now < due) {
                clock.advance(due - now);
            }
            if (i % 97 == 0) {
                clock.advance(3_000_000L);
            }
            s.runCycle(clock.nanoTime());
        }
    }
}
