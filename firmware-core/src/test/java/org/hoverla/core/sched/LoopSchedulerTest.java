package org.hoverla.core.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import org.hoverla.core.time.SimClock;
import org.junit.jupiter.api.Test;

class LoopSchedulerTest {

    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;
    private static final FlightTask NOOP = nowNs -> { };

    /** Steps {@code scheduler} at a fixed base period from t = 0 for {@code cycles} cycles. */
    private static void step(LoopScheduler scheduler, long periodNs, long cycles) {
        for (long i = 0; i < cycles; i++) {
            scheduler.runCycle(i * periodNs);
        }
    }

    @Test
    void shouldRunEachTaskAtItsRateWhenSteppedAtBaseRateForOneSecond() {
        // Given a 1 kHz base with 250, 50 and 20 Hz tasks
        TaskTable table = TaskTable.builder()
                .add("imu", 1000, 200, NOOP)
                .add("estimator", 250, 500, NOOP)
                .add("position", 50, 500, NOOP)
                .add("navigator", 20, 500, NOOP)
                .build();
        LoopScheduler scheduler = new LoopScheduler(table, new SimClock());

        // When stepped at 1 kHz for one second (t = 0 … 999 ms)
        step(scheduler, MS, 1000);

        // Then each task ran rate × 1 s times, none slipped, and cycles were counted
        assertThat(scheduler.perf(0).runs()).isEqualTo(1000);
        assertThat(scheduler.perf(1).runs()).isEqualTo(250);
        assertThat(scheduler.perf(2).runs()).isEqualTo(50);
        assertThat(scheduler.perf(3).runs()).isEqualTo(20);
        for (int i = 0; i < scheduler.taskCount(); i++) {
            assertThat(scheduler.perf(i).slips()).as(scheduler.taskName(i)).isZero();
        }
        assertThat(scheduler.cycles()).isEqualTo(1000);
    }

    @Test
    void shouldRunTasksInTableOrderAndEveryTaskOnTheFirstCycle() {
        // Given three tasks at very different rates that record their order
        StringBuilder order = new StringBuilder();
        TaskTable table = TaskTable.builder()
                .add("a", 1000, 100, now -> order.append('a'))
                .add("b", 1, 100, now -> order.append('b'))
                .add("c", 10, 100, now -> order.append('c'))
                .build();
        LoopScheduler scheduler = new LoopScheduler(table, new SimClock());
        assertThat(scheduler.nextDeadlineNs()).isEqualTo(Long.MIN_VALUE);

        // When the first cycle runs at an arbitrary time
        scheduler.runCycle(5_000 * MS);

        // Then every task ran once, in table order, and the start time is fixed there
        assertThat(order).hasToString("abc");
        assertThat(scheduler.startNs()).isEqualTo(5_000 * MS);
        assertThat(scheduler.nextDeadlineNs()).isEqualTo(5_001 * MS);
    }

    @Test
    void shouldReportEarliestNextDeadline() {
        // Given a 250 Hz and a 1 kHz task
        TaskTable table = TaskTable.builder().add("slow", 250, 100, NOOP).add("fast", 1000, 100, NOOP).build();
        LoopScheduler scheduler = new LoopScheduler(table, new SimClock());

        // When the first cycle and then a mid-period call run
        scheduler.runCycle(0);
        long afterFirst = scheduler.nextDeadlineNs();
        scheduler.runCycle(500 * US);

        // Then the earliest deadline is the fast task's and an early call runs nothing
        assertThat(afterFirst).isEqualTo(MS);
        assertThat(scheduler.nextDeadlineNs()).isEqualTo(MS);
        assertThat(scheduler.nextDeadlineNs(0)).isEqualTo(4 * MS);
        assertThat(scheduler.perf(1).runs()).isEqualTo(1);
    }

    @Test
    void shouldNotDriftOverOneHourWhenPeriodIsNotAWholeNumberOfNanoseconds() {
        // Given 300 Hz (3 333 333.3… ns) and 7 Hz tasks on a 1 kHz base
        TaskTable table = TaskTable.builder()
                .baseRateHz(1000)
                .add("p300", 300, 100, NOOP)
                .add("p7", 7, 100, NOOP)
                .build();
        LoopScheduler scheduler = new LoopScheduler(table, new SimClock());

        // When stepped at 1 kHz for one hour of simulated time
        long cycles = 3_600_000L;
        step(scheduler, MS, cycles);

        // Then the run counts match rate × duration within one, with no slips
        assertThat(scheduler.perf(0).runs()).isCloseTo(300L * 3600, within(1L));
        assertThat(scheduler.perf(1).runs()).isCloseTo(7L * 3600, within(1L));
        assertThat(scheduler.perf(0).slips()).isZero();
        // and the next deadline sits exactly on the ideal grid start + round(k * 1e9 / rate)
        long k = scheduler.perf(0).runs();
        assertThat(scheduler.nextDeadlineNs(0)).isEqualTo(Math.round(k * 1e9 / 300.0));
        long k7 = scheduler.perf(1).runs();
        assertThat(scheduler.nextDeadlineNs(1)).isEqualTo(Math.round(k7 * 1e9 / 7.0));
    }

    @Test
    void shouldRunOnceAndCountSlipsWhenWholePeriodsWereMissed() {
        // Given a 100 Hz task that ran at t = 0
        int[] runs = new int[1];
        TaskTable table = TaskTable.builder().add("att", 100, 1000, now -> runs[0]++).build();
        LoopScheduler scheduler = new LoopScheduler(table, new SimClock());
        scheduler.runCycle(0);

        // When the next cycle comes 10 periods later
        scheduler.runCycle(100 * MS);

        // Then it ran once (no burst) serving the 100 ms deadline; 10..90 ms are 9 slips
        assertThat(runs[0]).isEqualTo(2);
        assertThat(scheduler.perf(0).slips()).isEqualTo(9);
        assertThat(scheduler.perf(0).runs()).isEqualTo(2);
        // and the deadlines stay on the original grid
        assertThat(scheduler.nextDeadlineNs()).isEqualTo(110 * MS);

        // When time moves on normally
        scheduler.runCycle(105 * MS);
        scheduler.runCycle(110 * MS);

        // Then it runs on the grid again without further slips
        assertThat(runs[0]).isEqualTo(3);
        assertThat(scheduler.perf(0).slips()).isEqualTo(9);
    }

    @Test
    void shouldCountSlipsOfAHugeTimeJumpWithoutLooping() {
        // Given a 1 kHz task that ran at t = 0
        TaskTable table = TaskTable.builder().add("rate", 1000, 100, NOOP).build();
        LoopScheduler scheduler = new LoopScheduler(table, new SimClock());
        scheduler.runCycle(0);

        // When the next cycle comes an hour later, between two deadlines
        scheduler.runCycle(3_600_000L * MS + 300 * US);

        // Then the task ran once and every other passed deadline is a slip
        assertThat(scheduler.perf(0).runs()).isEqualTo(2);
        assertThat(scheduler.perf(0).slips()).isEqualTo(3_600_000L - 1);
        assertThat(scheduler.nextDeadlineNs()).isEqualTo(3_600_001L * MS);
        assertThat(scheduler.perf(0).maxLatenessNs()).isEqualTo(300 * US);
    }

    @Test
    void shouldCountOverrunsAndNameTheTaskThatOverranLast() {
        // Given a fake execution timer that tasks advance to simulate their run time
        SimClock timer = new SimClock();
        long[] estimatorCostNs = {300 * US};
        TaskTable table = TaskTable.builder()
                .add("rate", 1000, 100, now -> timer.advance(100 * US))     // exactly on budget
                .add("estimator", 1000, 200, now -> timer.advance(estimatorCostNs[0]))
                .build();
        LoopScheduler scheduler = new LoopScheduler(table, timer);

        // When one cycle runs with the estimator over budget, then one within budget
        scheduler.runCycle(0);
        estimatorCostNs[0] = 100 * US;
        scheduler.runCycle(MS);

        // Then one overrun is counted, against the estimator, and on-budget is not an overrun
        assertThat(scheduler.perf(0).overruns()).isZero();
        assertThat(scheduler.perf(1).overruns()).isEqualTo(1);
        assertThat(scheduler.overruns()).isEqualTo(1);
        assertThat(scheduler.lastOverrunTaskName()).isEqualTo("estimator");
        assertThat(scheduler.lastOverrunTaskIndex()).isEqualTo(1);
        assertThat(scheduler.lastOverrunExecNs()).isEqualTo(300 * US);
        assertThat(scheduler.lastOverrunAtNs()).isZero();
        // and execution figures follow the fake timer
        assertThat(scheduler.perf(1).maxExecNs()).isEqualTo(300 * US);
        assertThat(scheduler.perf(1).lastExecNs()).isEqualTo(100 * US);
        assertThat(scheduler.perf(1).meanExecNs()).isEqualTo(200_000.0);
        assertThat(scheduler.perf(1).totalExecNs()).isEqualTo(400 * US);
        assertThat(scheduler.maxCycleExecNs()).isEqualTo(400 * US);
        assertThat(scheduler.lastCycleExecNs()).isEqualTo(200 * US);
    }

    @Test
    void shouldReportNoOverrunBeforeAnyTaskOverran() {
        // Given a fresh scheduler
        LoopScheduler scheduler = new LoopScheduler(
                TaskTable.builder().add("a", 10, 1, NOOP).build(), new SimClock());

        // When nothing ran
        // Then there is no overrun to name
        assertThat(scheduler.lastOverrunTaskName()).isNull();
        assertThat(scheduler.lastOverrunTaskIndex()).isEqualTo(-1);
    }

    @Test
    void shouldMeasureStartToStartJitterAgainstNominalPeriod() {
        // Given a 1 kHz task
        LoopScheduler scheduler = new LoopScheduler(
                TaskTable.builder().add("rate", 1000, 100, NOOP).build(), new SimClock());

        // When cycles come at 0, 1.00, 2.05, 3.00, 4.00 ms (one late by 50 µs)
        long[] times = {0, MS, 2 * MS + 50 * US, 3 * MS, 4 * MS};
        for (long t : times) {
            scheduler.runCycle(t);
        }

        // Then intervals 1.00, 1.05, 0.95, 1.00 ms give jitter 0, +50, -50, 0 µs
        TaskPerf perf = scheduler.perf(0);
        assertThat(perf.jitterSamples()).isEqualTo(4);
        assertThat(perf.maxAbsJitterNs()).isEqualTo(50 * US);
        assertThat(perf.rmsJitterNs()).isCloseTo(Math.sqrt(2.0 * 50_000 * 50_000 / 4), within(1e-6));
        assertThat(perf.maxLatenessNs()).isEqualTo(50 * US);
        assertThat(perf.slips()).isZero();
    }

    @Test
    void shouldIncludeBasePeriodQuantisationInJitterOfANonDividingRate() {
        // Given a 300 Hz task on a 1 kHz base
        LoopScheduler scheduler = new LoopScheduler(
                TaskTable.builder().baseRateHz(1000).add("p300", 300, 100, NOOP).build(), new SimClock());

        // When stepped at 1 kHz for one second
        step(scheduler, MS, 1000);

        // Then intervals are 3 or 4 ms around the nominal 3.333 ms
        TaskPerf perf = scheduler.perf(0);
        assertThat(perf.maxAbsJitterNs()).isEqualTo(4 * MS - 3_333_333L);
        assertThat(perf.rmsJitterNs()).isBetween(333_333.0, 666_667.0);
        assertThat(perf.maxLatenessNs()).isLessThan(MS);
    }

    @Test
    void shouldNotSampleJitterAcrossASlip() {
        // Given a 100 Hz task
        LoopScheduler scheduler = new LoopScheduler(
                TaskTable.builder().add("a", 100, 100, NOOP).build(), new SimClock());

        // When it runs on time, then after a gap of 5 periods, then on time
        scheduler.runCycle(0);
        scheduler.runCycle(50 * MS);
        scheduler.runCycle(60 * MS);

        // Then only the last interval is a jitter sample (the gap is counted as 4 slips)
        assertThat(scheduler.perf(0).jitterSamples()).isEqualTo(1);
        assertThat(scheduler.perf(0).maxAbsJitterNs()).isZero();
        assertThat(scheduler.perf(0).slips()).isEqualTo(4);
    }

    @Test
    void shouldRunNothingWhenTimeGoesBackwards() {
        // Given a scheduler that ran at 10 ms
        LoopScheduler scheduler = new LoopScheduler(
                TaskTable.builder().add("a", 1000, 100, NOOP).build(), new SimClock());
        scheduler.runCycle(10 * MS);

        // When a cycle is stepped with an earlier time
        scheduler.runCycle(5 * MS);

        // Then nothing ran and the deadline is unchanged
        assertThat(scheduler.perf(0).runs()).isEqualTo(1);
        assertThat(scheduler.nextDeadlineNs()).isEqualTo(11 * MS);
    }

    @Test
    void shouldCountAndRethrowTaskErrorByDefault() {
        // Given a throwing task before a healthy one, default (RETHROW) policy
        int[] healthyRuns = new int[1];
        TaskTable table = TaskTable.builder()
                .add("broken", 1000, 100, now -> { throw new IllegalStateException("boom"); })
                .add("healthy", 1000, 100, now -> healthyRuns[0]++)
                .build();
        LoopScheduler scheduler = new LoopScheduler(table, new SimClock());

        // When a cycle runs
        // Then the error surfaces, is counted against the task and later tasks did not run
        assertThatThrownBy(() -> scheduler.runCycle(0)).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(scheduler.perf(0).errors()).isEqualTo(1);
        assertThat(scheduler.perf(0).runs()).isEqualTo(1);
        assertThat(scheduler.lastErrorTaskIndex()).isZero();
        assertThat(healthyRuns[0]).isZero();
        // and the throwing task's deadline still advanced (no tight retry loop)
        assertThat(scheduler.nextDeadlineNs(0)).isEqualTo(MS);
        assertThat(scheduler.nextDeadlineNs()).isEqualTo(0);
    }

    @Test
    void shouldContainTaskErrorsAndRunTheRestOfTheCycle() {
        // Given a throwing task before a healthy one, CONTAIN policy
        int[] healthyRuns = new int[1];
        TaskTable table = TaskTable.builder()
                .add("broken", 1000, 100, now -> { throw new IllegalStateException("boom"); })
                .add("healthy", 1000, 100, now -> healthyRuns[0]++)
                .build();
        LoopScheduler scheduler = new LoopScheduler(table, new SimClock(), TaskErrorPolicy.CONTAIN);

        // When ten cycles run
        step(scheduler, MS, 10);

        // Then each error is counted and the healthy task ran every cycle
        assertThat(scheduler.perf(0).errors()).isEqualTo(10);
        assertThat(scheduler.perf(1).errors()).isZero();
        assertThat(healthyRuns[0]).isEqualTo(10);
        assertThat(scheduler.lastError()).hasMessage("boom");
    }

    @Test
    void shouldApplyARequestedPerfResetOnTheNextCycle() {
        // Given a scheduler with counts
        LoopScheduler scheduler = new LoopScheduler(
                TaskTable.builder().add("a", 1000, 100, NOOP).build(), new SimClock());
        step(scheduler, MS, 10);

        // When a reset is requested (as from a telemetry thread) and one more cycle runs
        scheduler.requestPerfReset();
        assertThat(scheduler.perf(0).runs()).isEqualTo(10);
        scheduler.runCycle(10 * MS);

        // Then the counters restarted at that cycle and the deadlines were kept
        assertThat(scheduler.perf(0).runs()).isEqualTo(1);
        assertThat(scheduler.perf(0).jitterSamples()).isZero();
        assertThat(scheduler.nextDeadlineNs()).isEqualTo(11 * MS);
        assertThat(scheduler.cycles()).isEqualTo(11);
    }

    @Test
    void shouldNotAllocateInRunCycleAfterWarmUp() {
        // Given a realistic table (non-capturing and pre-built capturing tasks) and a real timer
        long[] sink = new long[1];
        SimClock timer = new SimClock();
        TaskTable table = TaskTable.builder()
                .add("imu", 1000, 200, now -> sink[0] += now)
                .add("rate", 1000, 100, now -> timer.advance(10 * US))
                .add("motors", 1000, 100, NOOP)
                .add("estimator", 250, 500, now -> timer.advance(600 * US))  // overruns every run
                .add("attitude", 250, 200, NOOP)
                .add("position", 50, 300, NOOP)
                .add("commander", 50, 300, NOOP)
                .add("navigator", 20, 500, NOOP)
                .add("p300", 300, 100, NOOP)
                .build();
        LoopScheduler scheduler = new LoopScheduler(table, timer, TaskErrorPolicy.CONTAIN);
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long t = 0;
        for (int i = 0; i < 50_000; i++) {            // warm-up: let the JIT compile runCycle
            scheduler.runCycle(t);
            t += (i % 97 == 0) ? 7 * MS : MS;          // include slips
        }
        // When 5 × 10 000 more cycles run
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                scheduler.runCycle(t);
                t += (i % 97 == 0) ? 7 * MS : MS;
            }
            fewest = Math.min(fewest, mx.getCurrentThreadAllocatedBytes() - before);
        }

        // Then nothing was allocated
        // Fewest over windows: an allocation per cycle shows in every window, the JIT's one-off
        // deoptimisation (rematerialising eliminated objects) in one at most.
        assertThat(fewest).isZero();
        assertThat(scheduler.perf(3).overruns()).isPositive();
        assertThat(scheduler.perf(0).slips()).isPositive();
    }
}
