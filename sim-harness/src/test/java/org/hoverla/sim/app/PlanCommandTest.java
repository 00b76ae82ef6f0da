package org.hoverla.sim.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hoverla.mission.plan.PlanDocument;
import org.hoverla.mission.plan.PlanFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.hoverla.testdata.TestData;

/** {@code ./hoverla plan ...} on the real files in ../shared/data/missions and on broken ones. */
class PlanCommandTest {

    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String[] full = new String[args.length + 1];
        full[0] = "plan";
        System.arraycopy(args, 0, full, 1, args.length);
        return HoverlaMain.execute(full, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** A file of the real test-data set, as a command-line argument: verified, or the test is skipped without the set. */
    private static String data(String name) {
        return TestData.file("missions/" + name).toString();
    }

    @Test
    void shouldValidateTheRealFilesHoverlaCanFly() {
        assertThat(run("validate", data("qgroundcontrol_sample.plan"))).isZero();
        assertThat(out.toString()).isEqualTo("ok: 6 mission items, 0 fence items, 0 rally points\n");
        assertThat(run("validate", data("multicopter_mission_geofence_avoid.plan"))).isZero();
        assertThat(out.toString()).isEqualTo("ok: 5 mission items, 9 fence items, 0 rally points\n");
        assertThat(run("validate", data("MissionPlanner.waypoints"))).isZero();
        assertThat(out.toString()).isEqualTo("ok: 5 mission items, 0 fence items, 0 rally points\n");
    }

    @Test
    void shouldRefuseTheRealFilesHoverlaCannotFlyWithOneLine() {
        // Given the survey: its camera items (SET_CAMERA_MODE first) are flown as events, so it validates
        assertThat(run("validate", data("qgroundcontrol_sample_with_survey.plan"))).isZero();
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);

        // Given MAVSDK's Mission Planner sample: AMSL altitudes, no home
        assertThat(run("validate", data("mission_planner_sample.txt"))).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(data("mission_planner_sample.txt") + ": mission item 0: altitude 15 m above"
                + " mean sea level (GLOBAL_INT) cannot be checked without a home position (MAV_MISSION_INVALID_PARAM7)\n");
        // And with a home it is underground
        assertThat(run("validate", "--home", "47.3977507,8.5456075,488.9", data("mission_planner_sample.txt")))
                .isEqualTo(2);
        assertThat(err.toString()).contains("mission item 0: altitude -473.9 m above home is below the minimum of 1 m");
    }

    @Test
    void shouldApplyLimitOptions() {
        assertThat(run("validate", "--max-alt", "40", data("qgroundcontrol_sample.plan"))).isEqualTo(2);
        // (QGroundControl numbers the takeoff 1: the planned home is 0)
        assertThat(err.toString()).contains("mission item 1: altitude 50 m above home is above the limit of 40 m");
        assertThat(run("validate", "--require-takeoff", "--require-land", data("qgroundcontrol_sample.plan"))).isZero();
        assertThat(run("validate", "--require-takeoff", data("MissionPlanner.waypoints"))).isEqualTo(2);
        assertThat(err.toString()).contains("the first navigation item must be NAV_TAKEOFF, not NAV_WAYPOINT");
        assertThat(run("validate", "--home", "95,8,400", data("qgroundcontrol_sample.plan"))).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("validate: --home 95,8,400 is out of range\n");
        assertThat(run("validate", "--home", "abc", data("qgroundcontrol_sample.plan"))).isEqualTo(2);
        assertThat(err.toString()).contains("--home must be LAT,LON,ALT");
    }

    @Test
    void shouldRefuseBrokenFilesWithOneLineNamingFileItemAndReason() throws Exception {
        Path json = dir.resolve("broken.plan");
        Files.writeString(json, "{\"fileType\": \"Plan\", \"mission\": [");
        assertThat(run("validate", json.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith(json + ": malformed JSON at line 1").hasLineCount(1);

        Path gap = dir.resolve("gap.waypoints");
        Files.writeString(gap, "QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t47.1\t8.1\t500\t1\n"
                + "1\t0\t3\t22\t0\t0\t0\t0\t47.1\t8.1\t10\t1\n3\t0\t3\t16\t0\t0\t0\t0\t47.1\t8.1\t10\t1\n");
        assertThat(run("validate", gap.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(gap + ": line 4: index 3 where 2 was expected (gap in the sequence)\n");

        Path nan = dir.resolve("nan.txt");
        Files.writeString(nan, "QGC WPL 110\n0\t1\t0\t22\t0\t0\t0\t0\tnan\t8.1\t10\t1");
        assertThat(run("validate", nan.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(nan + ": line 2: latitude is NaN\n");

        Path loop = dir.resolve("loop.waypoints");
        Files.writeString(loop, "QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t47.1\t8.1\t500\t1\n"
                + "1\t0\t3\t22\t0\t0\t0\t0\t47.1\t8.1\t10\t1\n2\t0\t3\t16\t0\t0\t0\t0\t47.1001\t8.1\t10\t1\n"
                + "3\t0\t2\t177\t2\t-1\t0\t0\t0\t0\t0\t1\n");
        assertThat(run("validate", loop.toString())).isEqualTo(2);
        // (named by the file's seq column: the DO_JUMP is row 3)
        assertThat(err.toString()).isEqualTo(loop + ": mission item 3: DO_JUMP repeats forever (-1): the mission would"
                + " loop with no exit (MAV_MISSION_INVALID_PARAM2)\n");

        assertThat(run("validate", dir.resolve("missing.plan").toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(dir.resolve("missing.plan") + ": no such file\n");
    }

    @Test
    void shouldShowATableOfItems() {
        assertThat(run("show", data("qgroundcontrol_sample.plan"))).isZero();
        String s = out.toString();
        assertThat(s).contains("6 mission items, 0 fence items, 0 rally points")
                .contains("planned home: 47.3977507, 8.5456075, 488.93103 m AMSL")
                .contains("SEQ", "COMMAND", "FRAME", "LAT", "LON", "ALT", "P1")
                // mission rows numbered as QGroundControl numbers them (the planned home is 0)
                .containsPattern("1\\* +NAV_TAKEOFF +GLOBAL_RELATIVE_ALT +47\\.3977507 +8\\.5456075 +50 +15 +0 +0 +NaN")
                .containsPattern("3 +IMAGE_START_CAPTURE +MISSION +0 +0 +0 +0 +0 +1 +0");

        assertThat(run("show", data("multicopter_mission_geofence_avoid.plan"))).isZero();
        assertThat(out.toString()).contains("fence (9 items)")
                .containsPattern("8 +NAV_FENCE_CIRCLE_EXCLUSION +GLOBAL +47\\.3953064 +8\\.5428678 +0 +111\\.05361");
    }

    @Test
    void shouldConvertBetweenFormatsByExtension() throws Exception {
        Path wpl = dir.resolve("sample.waypoints");
        assertThat(run("convert", data("qgroundcontrol_sample.plan"), wpl.toString())).isZero();
        assertThat(out.toString()).isEqualTo("wrote " + wpl + ": 6 mission items, 0 fence items, 0 rally points\n");
        assertThat(Files.readString(wpl)).startsWith("QGC WPL 110\n0\t1\t0\t16\t");

        Path back = dir.resolve("back.plan");
        assertThat(run("convert", wpl.toString(), back.toString())).isZero();
        PlanDocument original = PlanFiles.read(Path.of(data("qgroundcontrol_sample.plan")));
        assertThat(PlanFiles.read(back)).isEqualTo(original);
        assertThat(run("validate", back.toString())).isZero();

        // fence and rally cannot go into WPL: a warning, not silence
        Path fenced = dir.resolve("fenced.txt");
        assertThat(run("convert", data("multicopter_mission_geofence_avoid.plan"), fenced.toString())).isZero();
        assertThat(err.toString()).contains("warning").contains("9 fence items and 0 rally points not written");
        assertThat(out.toString()).contains("5 mission items, 0 fence items");

        assertThat(run("convert", data("qgroundcontrol_sample.plan"), dir.resolve("x.kml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("unknown plan file type");
    }

    @Test
    void shouldListUploadInHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("validate", "show", "convert", "upload").doesNotContain("not available yet");
        assertThat(run("upload", "--help")).isZero();
        assertThat(out.toString()).contains("udpin:127.0.0.1:14550");
    }
}
