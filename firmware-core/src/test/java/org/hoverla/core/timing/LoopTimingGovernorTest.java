package org.hoverla.core.timing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopTimingGovernorTest {
    private final LoopTimingLimits limits = LoopTimingLimits.DEFAULTS; // degrade 3, failsafe 10, recover 5

    private static int feed(LoopTimingGovernor g, LoopTimingLimits l, boolean bad, int seconds) {
        int level = g.level();
        for (int i = 0; i < seconds; i++) {
            level = g.update(bad, l);
        }
        return level;
    }

    @Test
    void shouldDropOptionalWorkAfterThreeBadSecondsAndFailsafeAfterTen() {
        // Given a governor at the default streak lengths
        LoopTimingGovernor g = new LoopTimingGovernor();
        // When bad seconds follow one another
        // Then two are tolerated, the third degrades, the tenth triggers the failsafe
        assertThat(feed(g, limits, true, 2)).isEqualTo(LoopTimingGovernor.NORMAL);
        assertThat(feed(g, limits, true, 1)).isEqualTo(LoopTimingGovernor.DEGRADED);
        assertThat(feed(g, limits, true, 6)).isEqualTo(LoopTimingGovernor.DEGRADED);
        assertThat(feed(g, limits, true, 1)).isEqualTo(LoopTimingGovernor.FAILSAFE);
    }

    @Test
    void shouldNotDegradeOnBadSecondsThatAreNotConsecutive() {
        // Given pairs of bad seconds each followed by a good one (spikes, never three in a row)
        LoopTimingGovernor g = new LoopTimingGovernor();
        for (int i = 0; i < 50; i++) {
            g.update(true, limits);
            g.update(true, limits);
            g.update(false, limits);
        }
        // Then the level never left normal
        assertThat(g.level()).isEqualTo(LoopTimingGovernor.NORMAL);
    }

    @Test
    void shouldRecoverOnlyAfterFiveConsecutiveGoodSeconds() {
        // Given a degraded governor
        LoopTimingGovernor g = new LoopTimingGovernor();
        feed(g, limits, true, 4);
        // When four good seconds pass, then one bad one
        assertThat(feed(g, limits, false, 4)).isEqualTo(LoopTimingGovernor.DEGRADED);
        // Then the bad one resets the good streak
        g.update(true, limits);
        assertThat(feed(g, limits, false, 4)).isEqualTo(LoopTimingGovernor.DEGRADED);
        // And the fifth consecutive good second recovers
        assertThat(feed(g, limits, false, 1)).isEqualTo(LoopTimingGovernor.NORMAL);
    }

    @Test
    void shouldRecoverFromTheFailsafeLevelToo() {
        LoopTimingGovernor g = new LoopTimingGovernor();
        feed(g, limits, true, 10);
        assertThat(g.level()).isEqualTo(LoopTimingGovernor.FAILSAFE);
        assertThat(feed(g, limits, false, 5)).isEqualTo(LoopTimingGovernor.NORMAL);
    }

    @Test
    void shouldNeverTriggerTheFailsafeWhenItsDelayIsZero() {
        // Given LOOP_FS_S = 0
        LoopTimingLimits noFailsafe = new LoopTimingLimits(10, 500, 50_000, 1, 5, 3, 0, 5, true);
        LoopTimingGovernor g = new LoopTimingGovernor();
        // Then a minute of bad seconds only degrades
        assertThat(feed(g, noFailsafe, true, 60)).isEqualTo(LoopTimingGovernor.DEGRADED);
    }
}
