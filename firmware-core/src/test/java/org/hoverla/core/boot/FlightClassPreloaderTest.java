package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The boot-time class preload finds and initialises the flight classes, and skips what it cannot read. */
class FlightClassPreloaderTest {

    @Test
    void shouldLoadEveryFlightClassWithoutFailures() throws Exception {
        // When the preload runs in this JVM (class directories of firmware-core, hal, mission)
        FlightClassPreloader.Result r = FlightClassPreloader.preload();
        // Then it loaded the flight task classes, all of them initialisable
        assertThat(r.loaded()).isGreaterThan(300);
        assertThat(r.failed()).isZero();
        assertThat(Class.forName("org.hoverla.core.tasks.CommanderTask", false, getClass().getClassLoader())).isNotNull();
    }

    @Test
    void shouldFindNothingInAMissingRoot() {
        assertThat(FlightClassPreloader.classNames(Path.of("/nonexistent/hoverla.jar"))).isEmpty();
    }
}
