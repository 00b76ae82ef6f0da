package org.hoverla.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hoverla.sim.report.FlightReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failure scenarios of examples/scenarios flown in the lockstep simulator (seed 1, no wind), each
 * judged on its figures as the {@code sim --scenario --json} summary gives them.
 */
class ScenarioSitlTest {
    private static final Path SCENARIOS = Path.of("..", "examples", "scenarios");

    @TempDir
    Path dir;

    /** Flies the scenario and reads back its JSON summary. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> fly(String name) throws Exception {
        ScenarioRunner.Result r = ScenarioRunner.run(new ScenarioRunner.Request(SCENARIOS.resolve(name), 1, 0.0, 0.0,
                Map.of()));
        Path json = dir.resolve(name + ".json");
        FlightReport.writeJson(r.summary(), json);
        Map<String, Object> s = new ObjectMapper().readValue(json.toFile(), Map.class);
        assertThat(r.passed()).as(r.failure() + " / " + s.get("failsafe_actions")).isTrue();
        assertThat(s.get("result")).isEqualTo("ok");
        assertThat(s.get("scenario")).isEqualTo(name);
        for (Object check : (List<Object>) s.get("expectations")) {
            assertThat(((Map<String, Object>) check).get("passed")).as(String.valueOf(check)).isEqualTo(true);
        }
        return s;
    }

    private static double num(Map<String, Object> s, String key) {
        return ((Number) s.get(key)).doubleValue();
    }

    @Test
    void shouldReturnAndLandAtHomeWhenRcAndGcsAreLostDuringAMission() throws Exception {
        Map<String, Object> s = fly("rc-gcs-loss-mission.scenario");
        assertThat(s.get("flight")).isEqualTo("mission");
        assertThat(s.get("events_applied")).asList().containsExactly("35.0 s rc loss", "35.0 s gcs loss");
        assertThat((List<String>) s.get("modes_entered")).contains("MISSION", "RETURN");
        assertThat(s.get("failsafe_actions").toString()).contains("Failsafe: manual control lost, returning");
        assertThat(s.get("mission_complete")).isEqualTo(false);
        assertThat(s.get("crashed")).isEqualTo(false);
        assertThat(s.get("landed")).isEqualTo(true);
        assertThat(s.get("armed")).isEqualTo(false);
        assertThat(num(s, "landing_from_home_m")).isLessThan(3.0);
    }

    @Test
    void shouldReturnAndLandAtHomeWhenTheGroundStationFallsSilentInAHover() throws Exception {
        Map<String, Object> s = fly("hover-gcs-loss.scenario");
        assertThat(s.get("failsafe_actions").toString()).contains("Failsafe: ground station link lost, returning");
        assertThat((List<String>) s.get("modes_entered")).contains("RETURN");
        assertThat(num(s, "landing_from_home_m")).isLessThan(3.0);
        assertThat(s.get("armed")).isEqualTo(false);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldLandWithoutACrashWhenGnssIsLostAt50m() throws Exception {
        Map<String, Object> s = fly("gnss-loss-50m.scenario");
        // COM_POSCTL_NAVL 1: Land mode once the position estimate is gone
        assertThat(num(s, "max_alt_m")).isBetween(48.0, 53.0);
        assertThat(s.get("failsafe_actions").toString()).contains("Failsafe: position estimate lost, landing");
        assertThat((List<String>) s.get("modes_entered")).contains("LAND");
        assertThat(s.get("crashed")).isEqualTo(false);
        // landed and disarmed: the land detector does not wait for a horizontal speed it cannot know
        assertThat(s.get("landed")).isEqualTo(true);
        assertThat(s.get("armed")).isEqualTo(false);
        assertThat(num(s, "touchdown_s")).isGreaterThan(45.0);
        // in calm air, level with the last wind trim, it comes down near where the estimate ran out
        assertThat(num(s, "landing_from_failure_m")).isLessThan(10.0);
        assertThat(num(s, "max_tilt_deg")).isLessThan(20.0);
    }

    @Test
    void shouldTakeTheConfiguredActionAtTheGeofence() throws Exception {
        Map<String, Object> s = fly("geofence-breach.scenario");
        // GF_ACTION 3: return; GF_MAX_HOR_DIST 40 m against a mission leg to 80 m north
        assertThat(s.get("failsafe_actions").toString()).contains("geofence");
        assertThat((List<String>) s.get("modes_entered")).contains("RETURN");
        assertThat(s.get("fence_breaches")).isNotNull();
        assertThat(num(s, "landing_from_home_m")).isLessThan(3.0);
        assertThat(s.get("crashed")).isEqualTo(false);
    }

    @Test
    void shouldLandWhenTheBatteryIsCritical() throws Exception {
        Map<String, Object> s = fly("battery-critical.scenario");
        assertThat((List<String>) s.get("modes_entered")).contains("LAND");
        assertThat(s.get("landed")).isEqualTo(true);
    }

    @Test
    void shouldLandAHexacopterUprightWithin5mOfAMotorFailure() throws Exception {
        Map<String, Object> s = fly("hexa-motor-failure.scenario");
        assertThat(s.get("airframe")).isEqualTo(6001);
        assertThat(s.get("crashed")).isEqualTo(false);
        assertThat(num(s, "landing_from_failure_m")).isLessThan(5.0);
    }

    @Test
    void shouldApplyInjectedFailuresFromAScenario() throws Exception {
        // Given a hover whose ground station is cut by an injected mavlink_signal failure, and whose
        // GNSS receiver is then failed off, both as MAV_CMD_INJECT_FAILURE would
        java.nio.file.Files.writeString(dir.resolve("inject.scenario"), String.join("\n",
                "flight hover 15", "gcs heartbeat", "param NAV_DLL_ACT 3", "param COM_POSCTL_NAVL 1", "duration 200",
                "at 35 s fail mavlink_signal off", "at 36 s fail gps off",
                "expect text \"ground station link lost\"", "expect entered LAND", "expect on_ground", "expect no crash"));
        ScenarioRunner.Result r = ScenarioRunner.run(new ScenarioRunner.Request(dir.resolve("inject.scenario"), 1, 0.0,
                0.0, Map.of()));
        // Then both reached the flight stack: the link-loss failsafe lands, and the position estimate goes
        assertThat(r.passed()).as(r.failure() + " / " + r.summary().get("failsafe_actions")).isTrue();
        assertThat(r.summary().get("events_applied")).asList()
                .containsExactly("35.0 s fail mavlink_signal off", "36.0 s fail gps off");
        assertThat(r.summary().get("failsafe_actions").toString()).contains("Failsafe: ground station link lost");
        assertThat(r.summary().get("crashed")).isEqualTo(false);
    }

    @Test
    void shouldFlyTheDemoWithoutAScenarioFile() {
        ScenarioRunner.Result r = ScenarioRunner.run(new ScenarioRunner.Request(null, 1, 0.0, 0.0, Map.of()));
        assertThat(r.passed()).as(r.failure()).isTrue();
        assertThat(r.summary().get("scenario")).isEqualTo("demo");
    }
}
