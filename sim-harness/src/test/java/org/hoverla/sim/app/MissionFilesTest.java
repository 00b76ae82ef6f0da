package org.hoverla.sim.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.hoverla.testdata.TestData;

/** Every real plan file in ../shared/data/missions either flies in the SITL or is refused with one line. */
class MissionFilesTest {
    /** A file of the real test-data set: verified, or the test is skipped without the set. */
    private static Path data(String name) {
        return TestData.file("missions/" + name);
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return HoverlaMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"qgroundcontrol_sample.plan", "qgroundcontrol_sample_with_survey.plan",
            "multicopter_mission_geofence_avoid.plan", "MissionPlanner.waypoints"})
    void shouldFlyTheRealPlanToTheEnd(String file, @TempDir Path dir) throws Exception {
        Path json = dir.resolve("out.json");
        int status = run("sim", "--mission", data(file).toString(), "--quiet", "--json", json.toString());
        assertThat(status).as(out + err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertThat(j.get("mission_complete").asBoolean()).isTrue();
        assertThat(j.get("items_reached").size()).isPositive();
        assertThat(j.get("crosstrack_rms_m").asDouble()).isLessThan(1.0);
        assertThat(j.has("fence_breaches")).isTrue();
        assertThat(j.get("landed").asBoolean()).isTrue();
        assertThat(j.get("armed").asBoolean()).isFalse();
    }

    @Test
    void shouldRefuseTheSampleWithSeaLevelAltitudesInOneLine() {
        int status = run("sim", "--mission", data("mission_planner_sample.txt").toString(), "--quiet");
        assertThat(status).isEqualTo(2);
        assertThat(err.toString().trim()).doesNotContain("\n").contains("mission item 0", "altitude");
    }

    @Test
    void shouldRefuseABrokenPlanFileInOneLine(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.plan");
        java.nio.file.Files.writeString(broken, "{\"fileType\": \"Plan\", \"mission\": {\"items\": [ {\"type\": ");
        assertThat(run("sim", "--mission", broken.toString(), "--quiet")).isEqualTo(2);
        assertThat(err.toString().trim()).doesNotContain("\n").contains("broken.plan");
    }
}
