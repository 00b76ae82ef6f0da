package org.hoverla.core.timing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.sched.LoopScheduler;
import org.hoverla.core.sched.TaskTable;
import org.hoverla.core.time.SimClock;
import org.junit.jupiter.api.Test;

/**
 * The loop timing verdicts driven by a fake clock: a "slow" task whose run takes simulated time,
 * stepped the way the dedicated runner steps (wait to the next deadline, or run at once when
 * already late), with the timing thread's one-second sample called every simulated second.
 * Nothing here reads the wall clock.
 */
class LoopTimingTest {
    private final SimClock clock = new SimClock(1_000_000_000L);
    /** Simulated execution time of the 250 Hz task, ns; raise it to overload the loop. */
    private long slowTaskNs = 20_000;
    private final LoopScheduler scheduler = new LoopScheduler(TaskTable.builder()
            .add("imu", 1000, 40, now -> clock.advance(10_000))
            .add("estimator", 250, 150, now -> clock.advance(slowTaskNs))
            .build(), clock);
    private final ParamStore store = new ParamStore();
    private final LoopTimingParams params = new LoopTimingParams(store);
    private final List<String> log = new ArrayList<>();
    private boolean enforcing = true;
    private final LoopTiming timing = new LoopTiming(scheduler, params, log::add, () -> enforcing);
    private long nextSecondNs = clock.nanoTime() + 1_000_000_000L;

    private void runSeconds(int seconds) {
        long end = clock.nanoTime() + seconds * 1_000_000_000L;
        while (clock.nanoTime() < end) {
            long now = clock.nanoTime();
            long due = scheduler.nextDeadlineNs();
            if (now < due) {
                clock.advance(due - now);
            }
            scheduler.runCycle(clock.nanoTime());
            while (clock.nanoTime() >= nextSecondNs) {
                timing.tick();
                nextSecondNs += 1_000_000_000L;
            }
        }
    }

    @Test
    void shouldRefuseArmingUntilAWholeWindowIsMeasuredThenAllowIt() {
        // Given a vehicle measuring its timing, with a healthy loop
        timing.startMeasuring();
        // When fewer seconds than LOOP_WIN_S (10) are measured
        runSeconds(5);
        // Then arming is refused because the window is not full
        assertThat(timing.preArmFailure()).isEqualTo("Preflight Fail: loop timing still measured (10 s window)");
        assertThat(timing.health()).isEqualTo(LoopTiming.HEALTH_MEASURING);
        // When the window is full
        runSeconds(6);
        // Then arming is allowed and the loop is healthy
        assertThat(timing.preArmFailure()).isEmpty();
        assertThat(timing.timingHealthy()).isTrue();
        assertThat(timing.health()).isEqualTo(LoopTiming.HEALTH_OK);
        assertThat(timing.window().cycles()).isBetween(9_900L, 10_100L);
        assertThat(timing.window().misses()).isZero();
        assertThat(timing.degradation()).isEqualTo(LoopTimingGovernor.NORMAL);
    }

    @Test
    void shouldRefuseArmingNamingTheFigureWhenOverrunsMakeTheLoopLate() {
        // Given a healthy, fully measured loop
        timing.startMeasuring();
        runSeconds(11);
        assertThat(timing.preArmFailure()).isEmpty();
        // When the estimator starts taking 2.5 ms of a 1 ms base period (overruns, late cycles)
        slowTaskNs = 2_500_000;
        runSeconds(2);
        // Then arming is refused with a STATUSTEXT naming the broken figure, its value and the limit
        assertThat(timing.preArmFailure()).startsWith("Preflight Fail: loop ")
                .matches("Preflight Fail: loop (p99 period error \\d+ us > 1000 us|deadline misses .*)");
        assertThat(timing.timingHealthy()).isFalse();
        assertThat(timing.problem()).startsWith("loop ");
        assertThat(timing.window().overruns()).isPositive();
        assertThat(log).anyMatch(l -> l.startsWith("loop timing: limit broken: loop "));

        // When the load goes away and a whole window of good timing passes
        slowTaskNs = 20_000;
        runSeconds(10);
        // Then the refusal clears
        assertThat(timing.preArmFailure()).isEmpty();
        assertThat(timing.timingHealthy()).isTrue();
        assertThat(log).anyMatch(l -> l.startsWith("loop timing: limits kept again"));
    }

    @Test
    void shouldDegradeThenFailsafeUnderSustainedOverrunsAndRecoverAfterward() {
        // Given a healthy, fully measured loop
        timing.startMeasuring();
        runSeconds(11);
        // When the loop is overloaded for 3 s
        slowTaskNs = 2_500_000;
        runSeconds(3);
        // Then optional work is dropped
        assertThat(timing.degradation()).isEqualTo(LoopTimingGovernor.DEGRADED);
        // When the overload lasts 10 s in all
        runSeconds(7);
        // Then the failsafe level is reached
        assertThat(timing.degradation()).isEqualTo(LoopTimingGovernor.FAILSAFE);
        assertThat(log).anyMatch(l -> l.startsWith("loop timing: degraded (optional work dropped) -> failure (failsafe)"));
        // When the load goes away for 5 s
        slowTaskNs = 20_000;
        runSeconds(5);
        // Then the degradation is lifted
        assertThat(timing.degradation()).isEqualTo(LoopTimingGovernor.NORMAL);
        assertThat(log).anyMatch(l -> l.startsWith("loop timing: failure (failsafe) -> normal"));
    }

    @Test
    void shouldSlowTelemetryStreamsToAQuarterWhileDegraded() {
        // Given the link conditions wrapping the radio's, on a degraded loop
        timing.startMeasuring();
        runSeconds(11);
        org.hoverla.core.mavlink.telemetry.LinkConditions conditions =
                new LoopTimingLinkConditions(org.hoverla.core.mavlink.telemetry.LinkConditions.NONE, timing);
        assertThat(conditions.rateMultiplier(null, 0)).isEqualTo(1.0);
        slowTaskNs = 2_500_000;
        runSeconds(3);
        // Then every stream runs at a quarter of its rate
        assertThat(conditions.rateMultiplier(null, 0)).isEqualTo(LoopTimingLinkConditions.DEGRADED_RATE);
    }

    @Test
    void shouldNeitherRefuseNorDegradeWhenNotEnforcing() {
        // Given timing measured on a loop that is not in dedicated mode (lockstep simulation)
        enforcing = false;
        timing.startMeasuring();
        // When it is overloaded for 15 s
        slowTaskNs = 2_500_000;
        runSeconds(15);
        // Then the figures show it but nothing is refused or degraded
        assertThat(timing.window().overruns()).isPositive();
        assertThat(timing.preArmFailure()).isEmpty();
        assertThat(timing.degradation()).isEqualTo(LoopTimingGovernor.NORMAL);
        assertThat(timing.health()).isEqualTo(LoopTiming.HEALTH_NOT_MEASURED);
    }

    @Test
    void shouldFollowTheLimitParametersWithinASecond() {
        // Given a fully measured, overloaded loop
        timing.startMeasuring();
        slowTaskNs = 2_500_000;
        runSeconds(11);
        assertThat(timing.preArmFailure()).isNotEmpty();
        // When the operator turns the check off, or loosens every limit
        store.set("LOOP_ARM_CHK", 0);
        runSeconds(1);
        // Then arming is no longer refused on timing
        assertThat(timing.preArmFailure()).isEmpty();
        store.set("LOOP_ARM_CHK", 1);
        store.set("LOOP_P99_MAX", 0);
        store.set("LOOP_STALL_MAX", 0);
        store.set("LOOP_MISS_PCT", 0);
        store.set("LOOP_OVR_PCT", 0);
        runSeconds(1);
        assertThat(timing.preArmFailure()).isEmpty();
    }

    @Test
    void shouldNotRefuseAnythingBeforeMeasuringStarts() {
        // Given a vehicle that never started measuring (lockstep, tests)
        runSeconds(3);
        // Then the verdicts are neutral and health reports cycles only
        assertThat(timing.measuring()).isFalse();
        assertThat(timing.preArmFailure()).isEmpty();
        assertThat(timing.timingHealthy()).isTrue();
        assertThat(timing.cycles()).isPositive();
    }
}
