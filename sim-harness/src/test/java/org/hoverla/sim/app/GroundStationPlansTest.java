package org.hoverla.sim.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hoverla.sim.scenario.MissionPlannerHereFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.hoverla.testdata.TestData;

/**
 * Plan files as ground stations really write them (issue 9, part 2), through the command line:
 * Mission Planner's takeoff and land at 0, 0 ("here"), QGroundControl's old rally format,
 * refusals named by the file's own numbering, and plans that cannot be flown refused before the
 * flight. Real files are read in place from the shared data; a variant the shared data lacks is
 * written to a temporary directory (derived from a real file where one fits).
 */
class GroundStationPlansTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return HoverlaMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static String vehicleHome() {
        return String.format(Locale.ROOT, "%.6f,%.6f,%.2f", MissionPlannerHereFixture.VEHICLE_LAT,
                MissionPlannerHereFixture.VEHICLE_LON, MissionPlannerHereFixture.FILE_HOME_ALT);
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** A real .plan file read in place, edited in memory, written to the temporary directory. */
    private Path variant(String realFile, String name, java.util.function.Consumer<ObjectNode> edit) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(TestData.file("missions/" + realFile).toFile());
        edit.accept(root);
        Path p = dir.resolve(name);
        JSON.writeValue(p.toFile(), root);
        return p;
    }

    // ---------------------------------------------------------------------------------------------
    // "here"

    @Test
    void shouldFlyAMissionPlannerTakeoffAtZeroZeroFromWhereTheVehicleStands() throws Exception {
        // Given a Mission Planner file with takeoff and land at 0, 0 and a vehicle 160 m from its home row
        Path file = write("here.waypoints", MissionPlannerHereFixture.missionPlannerFile());
        Path json = dir.resolve("out.json");

        // When sim --mission flies it there
        int status = run("sim", "--mission", file.toString(), "--home", vehicleHome(), "--quiet", "--json",
                json.toString());

        // Then the mission completes: every item reached, landed and disarmed
        assertThat(status).as(out + err.toString()).isZero();
        JsonNode j = JSON.readTree(json.toFile());
        assertThat(j.get("mission_complete").asBoolean()).isTrue();
        List<Integer> reached = new ArrayList<>();
        j.get("items_reached").forEach(n -> reached.add(n.asInt()));
        assertThat(reached).containsExactly(0, 1, 2, 3, 4);
        assertThat(j.get("landed").asBoolean()).isTrue();
        assertThat(j.get("armed").asBoolean()).isFalse();
    }

    @Test
    void shouldShowZeroZeroTakeoffAndLandAsHereNumberedAsTheFile() throws Exception {
        // Given the Mission Planner file
        Path file = write("here.waypoints", MissionPlannerHereFixture.missionPlannerFile());

        // When shown
        assertThat(run("plan", "show", file.toString())).isZero();

        // Then the takeoff (seq 1) and the land (seq 5) read "here", rows numbered by the file's seq
        assertThat(out.toString()).containsPattern("\n +1 +NAV_TAKEOFF +GLOBAL_RELATIVE_ALT +here +here +15 ")
                .containsPattern("\n +2 +NAV_WAYPOINT +GLOBAL_RELATIVE_ALT +-35\\.36190")
                .containsPattern("\n +5 +NAV_LAND +GLOBAL_RELATIVE_ALT +here +here +0 ");
        // And it validates against its own home row (the waypoints are 160-210 m from it)
        assertThat(run("plan", "validate", file.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("ok: 5 mission items, 0 fence items, 0 rally points\n");
    }

    @Test
    void shouldRefuseAPlainWaypointAtZeroZeroNamingFileAndSeq() throws Exception {
        // Given the Mission Planner file with its second waypoint (seq 3) at 0, 0
        String text = MissionPlannerHereFixture.missionPlannerFile();
        String[] lines = text.split("\n");
        String[] f = lines[4].split("\t");
        assertThat(f[0]).isEqualTo("3");
        f[8] = "0.000000";
        f[9] = "0.000000";
        lines[4] = String.join("\t", f);
        Path file = write("wp00.waypoints", String.join("\n", lines) + "\n");
        String expected = file + ": mission item 3: NAV_WAYPOINT at latitude 0, longitude 0 (an unset position); 0, 0"
                + " means \"here\" only on NAV_TAKEOFF, NAV_LAND and NAV_LOITER_* items (MAV_MISSION_INVALID_PARAM5_X)\n";

        // When validated, Then one line naming the file and the item by its seq, exit 2
        assertThat(run("plan", "validate", file.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(expected);
        assertThat(out.toString()).isEmpty();

        // When flown, Then the same line before any flight starts (no SITL banner, no summary)
        assertThat(run("sim", "--mission", file.toString(), "--home", vehicleHome(), "--quiet")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("sim: " + expected);
        assertThat(out.toString()).isEmpty();

        // When uploaded, Then refused before any vehicle is contacted
        assertThat(run("plan", "upload", file.toString(), "--to", "udpin:127.0.0.1:0", "--timeout", "0.1"))
                .isEqualTo(2);
        assertThat(err.toString()).isEqualTo(expected);
    }

    // ---------------------------------------------------------------------------------------------
    // rally points

    @Test
    void shouldIgnoreVersionOneRallyPointsWithAWarningAsQgroundcontrolDoes() throws Exception {
        // Given the real QGC sample with its rally section in QGroundControl's old version 1 format
        Path file = variant("qgroundcontrol_sample.plan", "rally_v1.plan", root -> {
            ObjectNode rally = root.putObject("rallyPoints");
            rally.put("version", 1);
            ArrayNode points = rally.putArray("points");
            points.addArray().add(47.3980).add(8.5460).add(30);
            points.addArray().add(47.3975).add(8.5450).add(30);
        });
        String warning = file + ": warning: rallyPoints: version 1 (QGroundControl's old rally format) is ignored, as"
                + " QGroundControl ignores it: 2 rally points not loaded\n";

        // When shown, Then the plan is shown without rally points and the warning is printed
        assertThat(run("plan", "show", file.toString())).isZero();
        assertThat(err.toString()).isEqualTo(warning);
        assertThat(out.toString()).contains("6 mission items, 0 fence items, 0 rally points").doesNotContain("rally (");

        // When validated, Then ok, with the warning
        assertThat(run("plan", "validate", file.toString())).isZero();
        assertThat(out.toString()).isEqualTo("ok: 6 mission items, 0 fence items, 0 rally points\n");
        assertThat(err.toString()).isEqualTo(warning);

        // When flown, Then it flies to the end, with the warning
        assertThat(run("sim", "--mission", file.toString(), "--quiet")).as(out + err.toString()).isZero();
        assertThat(err.toString()).isEqualTo(warning);
        assertThat(out.toString()).contains("Mission: complete true");
    }

    @Test
    void shouldRefuseRallySectionsOfUnknownVersionsNamingFileAndSection() throws Exception {
        // Given the real QGC sample with rally version 3, and with a string for the version
        Path v3 = variant("qgroundcontrol_sample.plan", "rally_v3.plan",
                root -> ((ObjectNode) root.get("rallyPoints")).put("version", 3));
        Path text = variant("qgroundcontrol_sample.plan", "rally_text.plan",
                root -> ((ObjectNode) root.get("rallyPoints")).put("version", "2"));

        // When shown or flown, Then one line naming file and section, exit 2, nothing flown
        assertThat(run("plan", "show", v3.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(v3 + ": rallyPoints: version 3 is not supported (expected 2; version 1"
                + " is ignored)\n");
        assertThat(out.toString()).isEmpty();
        assertThat(run("sim", "--mission", v3.toString(), "--quiet")).isEqualTo(2);
        assertThat(err.toString()).contains(v3 + ": rallyPoints: version 3").hasLineCount(1);
        assertThat(out.toString()).isEmpty();
        assertThat(run("plan", "validate", text.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(text + ": rallyPoints: version \"2\" is not a whole number (expected 2)\n");
    }

    // ---------------------------------------------------------------------------------------------
    // plans that cannot be flown

    @Test
    void shouldRefuseAPlanWithAnEmptyMissionBeforeTheFlight() throws Exception {
        // Given the real geofence plan with its mission items removed: fence only
        Path file = variant("multicopter_mission_geofence_avoid.plan", "fence_only.plan",
                root -> ((ObjectNode) root.get("mission")).putArray("items"));

        // When flown, Then refused at once with the reason, one line, exit 2, no flight
        assertThat(run("sim", "--mission", file.toString(), "--quiet")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("sim: " + file + ": the plan has no mission items (9 fence items,"
                + " 0 rally points): nothing to fly (MAV_MISSION_DENIED)\n");
        assertThat(out.toString()).isEmpty();
        // And as a plan to upload it is fine: a fence alone
        assertThat(run("plan", "validate", file.toString())).isZero();
        assertThat(out.toString()).isEqualTo("ok: 0 mission items, 9 fence items, 0 rally points\n");
    }

    @Test
    void shouldRefuseAPlannedHomeOutsideTheInclusionFenceBeforeTheFlight() throws Exception {
        // Given the real geofence plan with its planned home moved east, out of its inclusion polygon
        Path file = variant("multicopter_mission_geofence_avoid.plan", "home_out.plan", root -> {
            ArrayNode home = ((ObjectNode) root.get("mission")).putArray("plannedHomePosition");
            home.add(47.3990).add(8.5500).add(489.338);
        });
        String reason = file + ": home 47.3990000, 8.5500000 is outside the plan's geofence (the vehicle must be inside"
                + " every inclusion zone and outside every exclusion zone): it could not arm there (MAV_MISSION_DENIED)\n";

        // When flown (home = the planned home), Then refused with the reason, one line, exit 2
        assertThat(run("sim", "--mission", file.toString(), "--quiet")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("sim: " + reason);
        assertThat(out.toString()).isEmpty();
        // And plan validate says the same
        assertThat(run("plan", "validate", file.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(reason);
    }

    @Test
    void shouldRefuseAFirstWaypointBeyondTheFenceNamingItByQgcNumbering() throws Exception {
        // Given the real geofence plan with its first waypoint (QGC item 2, mission.items[1]) moved out of the fence
        Path file = variant("multicopter_mission_geofence_avoid.plan", "wp_out.plan", root -> {
            ArrayNode params = (ArrayNode) root.get("mission").get("items").get(1).get("params");
            params.set(4, JSON.getNodeFactory().numberNode(47.3985));
            params.set(5, JSON.getNodeFactory().numberNode(8.5500));
        });
        String reason = file + ": mission item 2: NAV_WAYPOINT at 47.3985000, 8.5500000 is outside the plan's geofence"
                + " (MAV_MISSION_DENIED)\n";

        // When flown, Then refused before the flight with the item as QGroundControl numbers it
        assertThat(run("sim", "--mission", file.toString(), "--quiet")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("sim: " + reason);
        assertThat(out.toString()).isEmpty();
        assertThat(run("plan", "validate", file.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(reason);
    }
}
