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
    void shouldResolveTheStringConstantsOfTheFlightClassesAndOfTheLoadedClassesTheyReach() {
        // When the preload runs with the JDK's constant pools exported (surefire's argLine, the jars' manifests)
        FlightClassPreloader.Result r = FlightClassPreloader.preload();
        // Then it walked the flight classes and beyond them (JDK, HdrHistogram), resolving their literals
        assertThat(r.strings().available()).as(r.strings().reason()).isTrue();
        assertThat(r.strings().classes()).isGreaterThan(r.loaded());
        assertThat(r.strings().strings()).isGreaterThan(1000);
        assertThat(r.summary()).contains("string constants resolved");
    }

    @Test
    void shouldWalkNothingForNoClassesAndSkipPrimitivesAndArrays() {
        // When the roots hold nothing with a constant pool of its own
        ConstantPoolStrings.Result none = ConstantPoolStrings.resolveReachable(java.util.List.of());
        ConstantPoolStrings.Result skipped = ConstantPoolStrings.resolveReachable(java.util.List.of(int.class, String[].class));
        // Then nothing is walked, and the access is still reported available
        assertThat(none.available()).isTrue();
        assertThat(none.classes()).isZero();
        assertThat(skipped.classes()).isZero();
        assertThat(skipped.strings()).isZero();
    }

    @Test
    void shouldFindNothingInAMissingRoot() {
        assertThat(FlightClassPreloader.classNames(Path.of("/nonexistent/hoverla.jar"))).isEmpty();
    }
}
