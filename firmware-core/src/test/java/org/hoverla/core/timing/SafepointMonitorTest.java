package org.hoverla.core.timing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Against this JVM's own JFR: a full collection is a safepoint, and the monitor reports it with its
 * operation and a time on the {@code System.nanoTime()} clock. JFR delivers its events on its own
 * flush (about once a second), so the test polls for them with a bound; it measures no timing.
 */
class SafepointMonitorTest {

    @Test
    void shouldReportTheSafepointOfAFullCollectionOnTheNanoTimeClock() throws Exception {
        CopyOnWriteArrayList<long[]> heard = new CopyOnWriteArrayList<>();
        try (SafepointMonitor m = SafepointMonitor.start((start, end, op) -> heard.add(new long[] {start, end}))) {
            assertThat(m.available()).as(m.unavailableReason()).isTrue();
            long before = System.nanoTime();
            // When the JVM stops every thread for a collection
            System.gc();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (m.pauses().pauses() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // Then it was heard, timed and named
            assertThat(m.pauses().pauses()).isPositive();
            assertThat(m.pauses().maxPauseNs()).isPositive();
            assertThat(m.pauses().longestOperation()).isNotEmpty();
            long[] any = heard.get(heard.size() - 1);
            assertThat(any[1]).isGreaterThanOrEqualTo(any[0]);
            assertThat(any[1]).isBetween(before - TimeUnit.SECONDS.toNanos(2), System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
        }
    }
}
