package org.hoverla.sim.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Cycle intervals, deadline misses and their windows, and the comparison with GC pauses. */
class CycleIntervalLogTest {
    private static final long MS = 1_000_000L;

    @Test
    void shouldIgnoreIntervalsBeforeTheEndOfWarmup() {
        // Given a log counting from t = 100 ms
        CycleIntervalLog log = new CycleIntervalLog(2 * MS);
        log.countFrom(100 * MS);
        // When a 50 ms stall happens before it and 1 ms cycles after it
        log.record(10 * MS);
        log.record(60 * MS);
        for (long t = 100; t <= 110; t++) {
            log.record(t * MS);
        }
        // Then only the later intervals count
        assertThat(log.misses()).isZero();
        assertThat(log.maxIntervalNs()).isEqualTo(MS);
        assertThat(log.intervals()).isEqualTo(10);
    }

    @Test
    void shouldRecordAMissWithItsStartAndEnd() {
        // Given 1 ms cycles from t = 0
        CycleIntervalLog log = new CycleIntervalLog(2 * MS);
        log.countFrom(0);
        log.record(0);
        log.record(MS);
        // When one cycle starts 7 ms after the previous one, and one exactly at the threshold
        log.record(8 * MS);
        log.record(10 * MS);
        // Then one miss, from 1 ms to 8 ms, and the longest stall is 7 ms
        assertThat(log.misses()).isEqualTo(1);
        assertThat(log.keptMisses()).isEqualTo(1);
        assertThat(log.missStartNs(0)).isEqualTo(MS);
        assertThat(log.missEndNs(0)).isEqualTo(8 * MS);
        assertThat(log.maxIntervalNs()).isEqualTo(7 * MS);
        assertThat(log.maxIntervalEndNs()).isEqualTo(8 * MS);
    }

    @Test
    void shouldKeepCountingMissesBeyondItsCapacity() {
        // Given more misses than the ring keeps
        CycleIntervalLog log = new CycleIntervalLog(2 * MS);
        log.countFrom(0);
        long t = 0;
        for (int i = 0; i <= CycleIntervalLog.CAPACITY + 10; i++) {
            log.record(t);
            t += 5 * MS;
        }
        // Then every one is counted and the ring is full
        assertThat(log.misses()).isEqualTo(CycleIntervalLog.CAPACITY + 10);
        assertThat(log.keptMisses()).isEqualTo(CycleIntervalLog.CAPACITY);
    }

    @Test
    void shouldRefuseANonPositiveThreshold() {
        assertThatThrownBy(() -> new CycleIntervalLog(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldFindAMissInsideAPauseWindowWithinTheSlack() {
        // Given one pause from 10 to 12 ms
        List<GcPauseLog.Window> pauses = List.of(new GcPauseLog.Window(10 * MS, 12 * MS, "G1 Young"));
        // Then a miss from 12.5 to 14 ms is during it (1 ms slack), one from 20 to 25 ms is not
        assertThat(GcPauseLog.overlapping(pauses, 12 * MS + MS / 2, 14 * MS, MS)).isNotNull();
        assertThat(GcPauseLog.overlapping(pauses, 20 * MS, 25 * MS, MS)).isNull();
        assertThat(GcPauseLog.overlapping(pauses, 5 * MS, 8 * MS, MS)).isNull();
    }

    @Test
    void shouldTreatOnlyZgcPauseBeansAsPauses() {
        assertThat(org.hoverla.core.timing.JvmPauseMonitor.isPause("ZGC Pauses")).isTrue();
        assertThat(org.hoverla.core.timing.JvmPauseMonitor.isPause("ZGC Cycles")).isFalse();
        assertThat(org.hoverla.core.timing.JvmPauseMonitor.isPause("G1 Young Generation")).isTrue();
    }
}
