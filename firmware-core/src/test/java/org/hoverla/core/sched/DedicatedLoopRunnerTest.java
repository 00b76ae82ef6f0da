package org.hoverla.core.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.hoverla.core.time.Clock;
import org.hoverla.core.time.SimClock;
import org.junit.jupiter.api.Test;

class DedicatedLoopRunnerTest {

    private static final long MS = 1_000_000L;

    /**
     * Idle strategy for tests: jumps the simulated clock straight to the deadline, so the
     * runner never waits on the wall clock, but never past {@code endNs}; once there it just
     * parks briefly so the thread idles until the test closes it. The number of cycles is
     * therefore exact, whatever the thread scheduling.
     */
    private static IdleStrategy advanceSimClockUpTo(SimClock sim, long endNs) {
        return (clock, deadlineNs) -> {
            if (deadlineNs <= endNs) {
                if (deadlineNs > sim.nanoTime()) {
                    sim.set(deadlineNs);
                }
            } else {
                LockSupport.parkNanos(100_000L);
            }
        };
    }

    @Test
    void shouldRunTasksOnItsOwnThreadAtTheirRatesWithoutSlips() throws Exception {
        // Given a 1 kHz and a 250 Hz task on a simulated clock, the 1 kHz one counting to 1000
        SimClock sim = new SimClock();
        int target = 1000;
        CountDownLatch done = new CountDownLatch(1);
        long[] fastRuns = new long[1];
        AtomicReference<String> threadName = new AtomicReference<>();
        TaskTable table = TaskTable.builder()
                .add("rate", 1000, 100, now -> {
                    threadName.compareAndSet(null, Thread.currentThread().getName());
                    if (++fastRuns[0] == target) {
                        done.countDown();
                    }
                })
                .add("attitude", 250, 100, now -> { })
                .build();
        LoopScheduler scheduler = new LoopScheduler(table, sim);

        // When a dedicated runner drives it over 0 … 999 ms of simulated time
        try (DedicatedLoopRunner runner =
                     new DedicatedLoopRunner(scheduler, sim, advanceSimClockUpTo(sim, 999 * MS), "flight")) {
            runner.start();
            assertThat(done.await(30, TimeUnit.SECONDS)).as("runner reached %d cycles", target).isTrue();
            assertThat(runner.isRunning()).isTrue();
        }

        // Then (after close joined the thread) the counts are exact, with no slips
        assertThat(threadName.get()).isEqualTo("flight");
        assertThat(scheduler.perf(0).runs()).isEqualTo(target);
        assertThat(scheduler.perf(1).runs()).isEqualTo(250);
        assertThat(scheduler.perf(0).slips()).isZero();
        assertThat(scheduler.perf(1).slips()).isZero();
        assertThat(scheduler.perf(0).maxLatenessNs()).isZero();
    }

    @Test
    void shouldKeepLoopingWhenATaskThrowsUnderRethrowPolicy() throws Exception {
        // Given a task that throws every 10th run and a counting task after it (RETHROW)
        SimClock sim = new SimClock();
        CountDownLatch done = new CountDownLatch(1);
        long[] runs = new long[2];
        TaskTable table = TaskTable.builder()
                .add("flaky", 1000, 100, now -> {
                    if (++runs[0] % 10 == 0) {
                        throw new IllegalStateException("flaky");
                    }
                })
                .add("counter", 1000, 100, now -> {
                    if (++runs[1] == 100) {
                        done.countDown();
                    }
                })
                .build();
        LoopScheduler scheduler = new LoopScheduler(table, sim);

        // When run for 100 cycles (0 … 99 ms)
        DedicatedLoopRunner runner =
                new DedicatedLoopRunner(scheduler, sim, advanceSimClockUpTo(sim, 99 * MS), "flight");
        try (runner) {
            runner.start();
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        }

        // Then the loop survived: 10 errors counted per task and by the runner; the task after
        // the thrower was skipped by the failing call but stayed due, so the runner's next call
        // (at the same time) ran it: it still ran every period, with no slip
        assertThat(scheduler.perf(0).runs()).isEqualTo(100);
        assertThat(scheduler.perf(0).errors()).isEqualTo(10);
        assertThat(runner.escapedErrors()).isEqualTo(10);
        assertThat(runner.lastEscapedError()).hasMessage("flaky");
        assertThat(runs[1]).isEqualTo(100);
        assertThat(scheduler.perf(1).slips()).isZero();
        assertThat(scheduler.perf(0).slips()).isZero();
    }

    @Test
    void shouldRunTheRestOfTheCycleWhenATaskThrowsUnderContainPolicy() throws Exception {
        // Given a task that always throws and a counting task after it (CONTAIN)
        SimClock sim = new SimClock();
        CountDownLatch done = new CountDownLatch(1);
        long[] counted = new long[1];
        TaskTable table = TaskTable.builder()
                .add("broken", 1000, 100, now -> { throw new IllegalStateException("broken"); })
                .add("counter", 1000, 100, now -> {
                    if (++counted[0] == 50) {
                        done.countDown();
                    }
                })
                .build();
        LoopScheduler scheduler = new LoopScheduler(table, sim, TaskErrorPolicy.CONTAIN);

        // When run for 50 cycles
        DedicatedLoopRunner runner =
                new DedicatedLoopRunner(scheduler, sim, advanceSimClockUpTo(sim, 49 * MS), "flight");
        try (runner) {
            runner.start();
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        }

        // Then every cycle completed and nothing escaped to the runner
        assertThat(counted[0]).isEqualTo(50);
        assertThat(scheduler.perf(0).errors()).isEqualTo(50);
        assertThat(runner.escapedErrors()).isZero();
    }

    @Test
    void shouldStopPromptlyWhenClosedWhileParkedFarFromTheDeadline() {
        // Given a 1 Hz task on a clock that never moves, so the runner parks toward a deadline 1 s away
        SimClock sim = new SimClock();
        LoopScheduler scheduler = new LoopScheduler(
                TaskTable.builder().add("slow", 1, 100, now -> { }).build(), sim);
        DedicatedLoopRunner runner = new DedicatedLoopRunner(
                scheduler, sim, new ParkThenSpinIdleStrategy(0), "flight");

        // When started and closed
        runner.start();
        runner.close();

        // Then the thread has ended (close unparked and joined it) and the first cycle ran at most once
        assertThat(runner.thread().isAlive()).isFalse();
        assertThat(runner.isRunning()).isFalse();
        assertThat(scheduler.perf(0).runs()).isLessThanOrEqualTo(1);
        runner.close(); // idempotent
    }

    @Test
    void shouldRefuseToStartTwice() {
        // Given a started runner
        SimClock sim = new SimClock();
        Clock frozen = sim;
        LoopScheduler scheduler = new LoopScheduler(
                TaskTable.builder().add("slow", 1, 100, now -> { }).build(), sim);
        try (DedicatedLoopRunner runner = new DedicatedLoopRunner(
                scheduler, frozen, new ParkThenSpinIdleStrategy(0), "flight")) {
            runner.start();

            // When started again / Then it refuses
            assertThatThrownBy(runner::start).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void shouldAllowCloseWithoutStart() {
        // Given a runner that was never started
        SimClock sim = new SimClock();
        DedicatedLoopRunner runner = new DedicatedLoopRunner(new LoopScheduler(
                TaskTable.builder().add("a", 1, 1, now -> { }).build(), sim), sim,
                new ParkThenSpinIdleStrategy(), "flight");

        // When closed / Then it returns at once
        runner.close();
        assertThat(runner.isRunning()).isFalse();
    }
}
