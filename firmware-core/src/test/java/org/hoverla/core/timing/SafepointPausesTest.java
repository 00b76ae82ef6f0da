package org.hoverla.core.timing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Begin, operation and end records become pauses; strays are dropped; the interval maximum drains. */
class SafepointPausesTest {

    @Test
    void shouldPairABeginWithItsEndIntoOnePauseNamedByItsOperation() {
        // Given a listener and two safepoints, the second longer
        List<String> heard = new ArrayList<>();
        SafepointPauses p = new SafepointPauses((start, end, op) -> heard.add(start + "-" + end + " " + op));
        p.begin(7, 1_000);
        p.operation(7, "Cleanup");
        p.end(7, 1_250);
        p.begin(8, 5_000);
        p.operation(8, "ZMarkStart");
        p.end(8, 5_900);
        // Then each became one pause, with its request-to-end time and its operation
        assertThat(heard).containsExactly("1000-1250 Cleanup", "5000-5900 ZMarkStart");
        assertThat(p.pauses()).isEqualTo(2);
        assertThat(p.maxPauseNs()).isEqualTo(900);
        assertThat(p.totalPauseNs()).isEqualTo(1_150);
        assertThat(p.longestOperation()).isEqualTo("ZMarkStart");
    }

    @Test
    void shouldDropAnEndWithoutItsBeginAndAnOperationOfAnotherSafepoint() {
        // Given an end whose begin was never seen (the stream started mid-safepoint) and a stray operation
        SafepointPauses p = new SafepointPauses((start, end, op) -> { });
        p.end(3, 2_000);
        p.begin(4, 3_000);
        p.operation(5, "not ours");
        p.end(4, 3_100);
        // Then only the complete safepoint counts, and without the stray's name
        assertThat(p.pauses()).isEqualTo(1);
        assertThat(p.maxPauseNs()).isEqualTo(100);
        assertThat(p.longestOperation()).isEmpty();
    }

    @Test
    void shouldReportTheLongestPauseOfEachIntervalOnce() {
        SafepointPauses p = new SafepointPauses((start, end, op) -> { });
        p.begin(1, 0);
        p.end(1, 400);
        p.begin(2, 1_000);
        p.end(2, 1_300);
        // When the interval is drained twice
        long first = p.drainIntervalMaxPauseNs();
        long second = p.drainIntervalMaxPauseNs();
        // Then the first read has the interval's longest, the second nothing
        assertThat(first).isEqualTo(400);
        assertThat(second).isZero();
        assertThat(p.maxPauseNs()).isEqualTo(400);
    }
}
