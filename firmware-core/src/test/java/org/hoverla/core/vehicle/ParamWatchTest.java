package org.hoverla.core.vehicle;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.param.FloatParam;
import org.hoverla.core.param.ParamStore;
import org.junit.jupiter.api.Test;

class ParamWatchTest {
    private static final long SECOND_NS = 1_000_000_000L;

    @Test
    void shouldReportAChangeAtMostOncePerSecondOnThePeriodicCheck() {
        // Given a watch that applied the store at t = 0
        ParamStore store = new ParamStore();
        FloatParam gain = store.addFloat("MC_TEST_P", 1.0, 0.0, 10.0, "", "test gain");
        ParamWatch watch = new ParamWatch(store);
        assertThat(watch.due(0)).isTrue();
        // When the parameter changes 0.1 s later
        gain.set(2.0);
        // Then the periodic check sees it only once the second is over, and only once
        assertThat(watch.due(SECOND_NS / 10)).isFalse();
        assertThat(watch.due(SECOND_NS)).isTrue();
        assertThat(watch.due(2 * SECOND_NS)).isFalse();
    }

    @Test
    void shouldReportAChangeAtOnceWhenATaskIsAboutToActOnACommand() {
        // Given a watch that applied the store at t = 0
        ParamStore store = new ParamStore();
        FloatParam altitude = store.addFloat("MIS_TEST_ALT", 2.5, 0.5, 500.0, "m", "test altitude");
        ParamWatch watch = new ParamWatch(store);
        assertThat(watch.due(0)).isTrue();
        // When nothing changed, changed() is false; when the value changes, it is true at once, once
        assertThat(watch.changed()).isFalse();
        altitude.set(6.0);
        assertThat(watch.changed()).isTrue();
        assertThat(watch.changed()).isFalse();
        // Then the periodic check does not report the same change again
        assertThat(watch.due(SECOND_NS)).isFalse();
    }
}
