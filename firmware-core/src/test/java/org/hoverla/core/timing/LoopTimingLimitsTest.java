package org.hoverla.core.timing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopTimingLimitsTest {
    private static LoopTimingFigures figures(long p99Us, long maxUs, long misses, long overruns) {
        return new LoopTimingFigures(10, 10, 10_000, 5, p99Us, p99Us, maxUs, misses, 40_000, overruns, 0, 0, 50, "", 0);
    }

    @Test
    void shouldNameTheBrokenFigureItsValueAndItsLimit() {
        LoopTimingLimits l = new LoopTimingLimits(10, 200, 50_000, 1.0, 5.0, 3, 10, 5, true);
        assertThat(l.broken(figures(312, 900, 0, 0))).isEqualTo("loop p99 period error 312 us > 200 us");
        assertThat(l.broken(figures(100, 61_000, 0, 0))).isEqualTo("loop stall 61000 us > 50000 us");
        assertThat(l.broken(figures(100, 900, 230, 0))).isEqualTo("loop deadline misses 2.3% > 1.0%");
        assertThat(l.broken(figures(100, 900, 0, 2_840))).isEqualTo("loop overruns 7.1% > 5.0%");
        assertThat(l.broken(figures(100, 900, 50, 100))).isEmpty();
    }

    @Test
    void shouldNotCheckALimitSetToZeroNorJudgeAnEmptySpan() {
        LoopTimingLimits off = new LoopTimingLimits(10, 0, 0, 0, 0, 3, 10, 5, true);
        assertThat(off.broken(figures(99_999, 9_999_999, 10_000, 40_000))).isEmpty();
        assertThat(LoopTimingLimits.DEFAULTS.broken(LoopTimingFigures.NONE)).isEmpty();
    }
}
