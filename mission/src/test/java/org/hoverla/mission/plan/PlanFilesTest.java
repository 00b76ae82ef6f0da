package org.hoverla.mission.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.hoverla.testdata.TestData;

/** Plan files against the real files in ../shared/data/missions (read in place, never copied). */
class PlanFilesTest {
    /** A file of the real test-data set: verified, or the test is skipped without the set. */
    private static Path data(String name) {
        return TestData.file("missions/" + name);
    }
    private static final float NAN = Float.NaN;
    private static final int REL = MissionItem.FRAME_GLOBAL_RELATIVE_ALT;
    private static final int MIS = MissionItem.FRAME_MISSION;
    private static final int GINT = MissionItem.FRAME_GLOBAL_INT;

    @TempDir
    Path dir;

    private static MissionItem m(int seq, int frame, int cmd, boolean current, float p1, float p2, float p3, float p4,
                                 int x, int y, float z) {
        return new MissionItem(seq, frame, cmd, current, true, p1, p2, p3, p4, x, y, z, MissionType.MISSION);
    }

    static Stream<String> realFiles() {
        return Stream.of("qgroundcontrol_sample.plan", "qgroundcontrol_sample_with_survey.plan",
                "multicopter_mission_geofence_avoid.plan", "mission_planner_sample.txt", "MissionPlanner.waypoints");
    }

    @Test
    void shouldImportQgcSamplePlanAsMavsdkDoes() throws Exception {
        // Given MAVSDK's reference items (mission_import_test.cpp, ImportSamplePlanSuccessfully)
        List<MissionItem> expected = List.of(
                m(0, REL, MavCmd.NAV_TAKEOFF, true, 15, 0, 0, NAN, 473977507, 85456075, 50),
                m(1, REL, MavCmd.NAV_WAYPOINT, false, 0, 0, 0, NAN, 473977711, 85466122, 50),
                m(2, MIS, MavCmd.IMAGE_START_CAPTURE, false, 0, 0, 1, 0, 0, 0, 0),
                m(3, REL, MavCmd.NAV_WAYPOINT, false, 0, 0, 0, NAN, 473982738, 85466053, 50),
                m(4, REL, MavCmd.NAV_WAYPOINT, false, 0, 0, 0, NAN, 473982784, 85456082, 50),
                m(5, MIS, MavCmd.NAV_RETURN_TO_LAUNCH, false, 0, 0, 0, 0, 0, 0, 0));

        // When reading the file
        PlanDocument doc = PlanFiles.read(data("qgroundcontrol_sample.plan"));

        // Then the items match and the home is the planned home, not an item
        assertThat(doc.plan().mission()).containsExactlyElementsOf(expected);
        assertThat(doc.plan().fence()).isEmpty();
        assertThat(doc.plan().rally()).isEmpty();
        assertThat(doc.plannedHome()).isEqualTo(new HomePosition(473977507, 85456075, 488.93101752001763f));
    }

    @Test
    void shouldImportSurveyAsItsPrecomputedItems() throws Exception {
        // Given MAVSDK's reference (ImportSamplePlanWithComplexMissionSurvey)
        int lat1 = 473977060;
        int lat2 = 473974811;
        List<MissionItem> expected = List.of(
                m(0, MIS, 530, true, 0, 2, NAN, NAN, 0, 0, NAN),
                m(1, REL, 16, false, 0, 0, 0, NAN, lat1, 85463397, 50),
                m(2, MIS, 206, false, 25, 0, 1, 0, 0, 0, 0),
                m(3, REL, 16, false, 0, 0, 0, NAN, lat1, 85462068, 50),
                m(4, MIS, 206, false, 25, 0, 1, 0, 0, 0, 0),
                m(5, REL, 16, false, 0, 0, 0, NAN, lat1, 85457443, 50),
                m(6, REL, 16, false, 0, 0, 0, NAN, lat1, 85456115, 50),
                m(7, REL, 16, false, 0, 0, 0, NAN, lat2, 85456316, 50),
                m(8, REL, 16, false, 0, 0, 0, NAN, lat2, 85457645, 50),
                m(9, MIS, 206, false, 25, 0, 1, 0, 0, 0, 0),
                m(10, REL, 16, false, 0, 0, 0, NAN, lat2, 85462092, 50),
                m(11, REL, 16, false, 0, 0, 0, NAN, lat2, 85463421, 50),
                m(12, MIS, 206, false, 0, 0, 1, 0, 0, 0, 0));

        PlanDocument doc = PlanFiles.read(data("qgroundcontrol_sample_with_survey.plan"));

        assertThat(doc.plan().mission()).containsExactlyElementsOf(expected);
        assertThat(doc.plan().fence()).isEmpty();
        assertThat(doc.plan().rally()).isEmpty();
    }

    @Test
    void shouldImportGeofencePolygonsThenCircles() throws Exception {
        PlanDocument doc = PlanFiles.read(data("multicopter_mission_geofence_avoid.plan"));

        // Then 5 mission items, 4 + 4 polygon vertices and one circle
        assertThat(doc.plan().mission()).hasSize(5);
        assertThat(doc.plan().mission().get(0).command()).isEqualTo(MavCmd.NAV_TAKEOFF);
        assertThat(doc.plan().mission().get(4).command()).isEqualTo(MavCmd.NAV_RETURN_TO_LAUNCH);
        List<MissionItem> fence = doc.plan().fence();
        assertThat(fence).hasSize(9);
        for (int i = 0; i < 4; i++) {
            assertThat(fence.get(i).command()).isEqualTo(MavCmd.NAV_FENCE_POLYGON_VERTEX_EXCLUSION);
            assertThat(fence.get(i).param1()).isEqualTo(4f);
            assertThat(fence.get(4 + i).command()).isEqualTo(MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION);
        }
        assertThat(fence.get(0).x()).isEqualTo(473991036);
        assertThat(fence.get(1).y()).isEqualTo(85434353); // 8.543435299999999
        MissionItem circle = fence.get(8);
        assertThat(circle.command()).isEqualTo(MavCmd.NAV_FENCE_CIRCLE_EXCLUSION);
        assertThat(circle.param1()).isEqualTo(111.05361447891983f);
        assertThat(circle.x()).isEqualTo(473953064);
        assertThat(circle.y()).isEqualTo(85428678);
        assertThat(circle.type()).isEqualTo(MissionType.FENCE);
        for (int i = 0; i < fence.size(); i++) {
            assertThat(fence.get(i).seq()).isEqualTo(i);
        }
        assertThat(doc.plannedHome()).isEqualTo(new HomePosition(473977444, 85455918, 489.338f));
    }

    @Test
    void shouldImportMissionPlannerSampleAsMavsdkDoes() throws Exception {
        // Given MAVSDK's reference (create_mission_planner_reference_items): row 0 is a takeoff, not home
        List<MissionItem> expected = List.of(
                m(0, GINT, MavCmd.NAV_TAKEOFF, true, 0, 0, 0, 0, 473978101, 85455380, 15),
                m(1, GINT, MavCmd.NAV_WAYPOINT, false, 0, 0, 0, 0, 473977992, 85454669, 15),
                m(2, GINT, MavCmd.NAV_WAYPOINT, false, 0, 0, 0, 0, 473977883, 85453958, 15),
                m(3, GINT, MavCmd.NAV_RETURN_TO_LAUNCH, false, 0, 0, 0, 0, 473977774, 85453247, 0));

        // When reading the file (it has no trailing newline)
        assertThat(Files.readString(data("mission_planner_sample.txt"))).doesNotEndWith("\n");
        PlanDocument doc = PlanFiles.read(data("mission_planner_sample.txt"));

        assertThat(doc.plan().mission()).containsExactlyElementsOf(expected);
        assertThat(doc.plannedHome()).isNull();
    }

    @Test
    void shouldTakeRowZeroWaypointOfMissionPlannerFileAsHome() throws Exception {
        PlanDocument doc = PlanFiles.read(data("MissionPlanner.waypoints"));

        assertThat(doc.plannedHome()).isEqualTo(new HomePosition(476604590, -1221031670, 5.21f));
        List<MissionItem> mission = doc.plan().mission();
        assertThat(mission).hasSize(5);
        assertThat(mission.get(0)).isEqualTo(m(0, REL, 16, false, 0, 0, 0, 0, 476612980, -1221032740, 100));
        assertThat(mission.get(4)).isEqualTo(m(4, REL, 16, false, 0, 0, 0, 0, 476604590, -1221055380, 100));
    }

    @ParameterizedTest
    @MethodSource("realFiles")
    void shouldRoundTripEveryRealFileInItsOwnFormat(String name) throws Exception {
        PlanDocument first = PlanFiles.read(data(name));
        Path out = dir.resolve("copy-" + name);

        PlanFiles.write(out, first.plan(), first.plannedHome());
        PlanDocument second = PlanFiles.read(out);

        assertThat(second.plan()).isEqualTo(first.plan());
        assertThat(second.plannedHome()).isEqualTo(first.plannedHome());
    }

    @ParameterizedTest
    @MethodSource("realFiles")
    void shouldKeepMissionItemsAcrossFormats(String name) throws Exception {
        // Given a file in one format, When converted to the other and back
        PlanDocument first = PlanFiles.read(data(name));
        boolean isPlan = name.endsWith(".plan");
        Path other = dir.resolve(isPlan ? "x.waypoints" : "x.plan");
        PlanFiles.write(other, first.plan(), first.plannedHome());
        PlanDocument viaOther = PlanFiles.read(other);
        Path back = dir.resolve(isPlan ? "y.plan" : "y.waypoints");
        PlanFiles.write(back, viaOther.plan(), viaOther.plannedHome());
        PlanDocument second = PlanFiles.read(back);

        // Then the mission items are the same (current flags aside: .plan marks the first item current)
        assertThat(withoutCurrent(second.plan().mission())).isEqualTo(withoutCurrent(first.plan().mission()));
        if (first.plannedHome() != null) {
            assertThat(second.plannedHome()).isEqualTo(first.plannedHome());
        }
    }

    private static List<MissionItem> withoutCurrent(List<MissionItem> items) {
        return items.stream().map(i -> new MissionItem(i.seq(), i.frame(), i.command(), false, i.autocontinue(),
                i.param1(), i.param2(), i.param3(), i.param4(), i.x(), i.y(), i.z(), i.type())).toList();
    }

    @Test
    void shouldConvertDoJumpIdToSequenceAndBack() throws Exception {
        // Given a plan whose DO_JUMP names doJumpId 7, carried by the second item
        String json = plan("""
                {"type":"SimpleItem","command":22,"frame":3,"doJumpId":5,"autoContinue":true,"params":[0,0,0,null,47.1,8.1,10]},
                {"type":"SimpleItem","command":16,"frame":3,"doJumpId":7,"autoContinue":true,"params":[0,0,0,null,47.2,8.2,10]},
                {"type":"SimpleItem","command":177,"frame":2,"doJumpId":9,"autoContinue":true,"params":[7,3,0,0,0,0,0]}
                """);

        PlanDocument doc = QgcPlanFormat.parse(json, "j.plan");

        // Then param1 is the target's sequence number
        MissionItem jump = doc.plan().mission().get(2);
        assertThat(jump.param1()).isEqualTo(1f);
        assertThat(jump.param2()).isEqualTo(3f);
        // And writing gives doJumpId = seq + 1, reading back the same
        String written = QgcPlanFormat.format(doc.plan(), doc.plannedHome(), "j.plan");
        assertThat(written).contains("\"doJumpId\" : 2");
        assertThat(QgcPlanFormat.parse(written, "j.plan").plan()).isEqualTo(doc.plan());
        // And via WPL the file index is seq + 1 (home is row 0)
        String wpl = WplFormat.format(doc.plan(), null, "j.waypoints");
        assertThat(wpl.split("\n")[4]).startsWith("3\t0\t2\t177\t2\t3\t");
        assertThat(WplFormat.parse(wpl, "j.waypoints").plan().mission()).isEqualTo(doc.plan().mission());
    }

    @Test
    void shouldRefuseDoJumpToUnknownId() {
        String json = plan("""
                {"type":"SimpleItem","command":16,"frame":3,"doJumpId":1,"autoContinue":true,"params":[0,0,0,null,47.2,8.2,10]},
                {"type":"SimpleItem","command":177,"frame":2,"doJumpId":2,"autoContinue":true,"params":[42,1,0,0,0,0,0]}
                """);
        assertThatThrownBy(() -> QgcPlanFormat.parse(json, "j.plan")).isInstanceOf(PlanFileException.class)
                .hasMessage("j.plan: mission item 2: DO_JUMP target doJumpId 42 matches no item");
    }

    static String plan(String items) {
        return "{\"fileType\":\"Plan\",\"version\":1,\"mission\":{\"version\":2,\"plannedHomePosition\":[47,8,400],"
                + "\"items\":[" + items + "]},\"geoFence\":{\"version\":2,\"polygons\":[],\"circles\":[]},"
                + "\"rallyPoints\":{\"version\":2,\"points\":[[47.3,8.3,30]]}}";
    }

    @Test
    void shouldImportRallyPoints() throws Exception {
        PlanDocument doc = QgcPlanFormat.parse(plan(""), "r.plan");
        assertThat(doc.plan().rally()).containsExactly(new MissionItem(0, REL, MavCmd.NAV_RALLY_POINT, true, true,
                0, 0, 0, 0, 473000000, 83000000, 30, MissionType.RALLY));
    }

    @Test
    void shouldRefuseBrokenPlanFilesWithOneLineMessages() {
        assertRefused("{\"fileType\":\"Plan\",", "b.plan", "b.plan: malformed JSON at line 1");
        assertRefused("{\"fileType\":\"Plan\",\"fileType\":\"Plan\"}", "b.plan", "b.plan: malformed JSON");
        assertRefused("[1,2]", "b.plan", "b.plan: not a QGroundControl plan");
        assertRefused("{\"fileType\":\"Mission\",\"version\":1}", "b.plan", "b.plan: not a QGroundControl plan");
        assertRefused("{\"fileType\":\"Plan\",\"version\":2,\"mission\":{}}", "b.plan",
                "b.plan: plan version 2 is not supported (expected 1)");
        assertRefused(plan("{\"type\":\"SimpleItem\",\"command\":16,\"frame\":3,\"params\":[0,0,0,0,\"x\",8,10]}"),
                "b.plan", "b.plan: mission item 1: mission.items[0]: param5 is not a number");
        assertRefused(plan("{\"type\":\"SimpleItem\",\"command\":16,\"frame\":3,\"params\":[0,0,0,0,null,8,10]}"),
                "b.plan", "b.plan: mission item 1: mission.items[0]: latitude is NaN");
        assertRefused(plan("{\"type\":\"SimpleItem\",\"command\":16,\"frame\":3,\"params\":[0,0,0,0,1e400,8,10]}"),
                "b.plan", "b.plan: mission item 1: mission.items[0]: latitude is infinite");
        assertRefused(plan("{\"type\":\"SimpleItem\",\"command\":16,\"frame\":3,\"params\":[0,0,0,0,47,8]}"),
                "b.plan", "b.plan: mission item 1: mission.items[0]: params must be an array of 7");
        assertRefused(plan("{\"type\":\"ComplexItem\",\"complexItemType\":\"StructureScan\"}"),
                "b.plan", "b.plan: mission item 1: mission.items[0]: complex item \"StructureScan\" carries no");
        assertRefused(plan("{\"type\":\"Thing\"}"), "b.plan", "b.plan: mission item 1: mission.items[0]: unknown item type");
    }

    private static void assertRefused(String text, String name, String messageStart) {
        assertThatThrownBy(() -> QgcPlanFormat.parse(text, name)).isInstanceOf(PlanFileException.class)
                .hasMessageStartingWith(messageStart)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static void assertWplRefused(String text, String messageStart) {
        assertThatThrownBy(() -> WplFormat.parse(text, "b.waypoints")).isInstanceOf(PlanFileException.class)
                .hasMessageStartingWith(messageStart)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void shouldRefuseBrokenWplFilesWithOneLineMessages() {
        String h = "QGC WPL 110\n";
        String home = "0\t1\t0\t16\t0\t0\t0\t0\t47.1\t8.1\t500\t1\n";
        assertWplRefused("", "b.waypoints: empty file");
        assertWplRefused("hello\n", "b.waypoints: not a QGC WPL file");
        assertWplRefused("QGC WPL 120\n", "b.waypoints: line 1: format \"QGC WPL 120\" is not supported");
        assertWplRefused(h + home + "1\t0\t3\t16\t0\t0\t0\t0\t47.2\t8.2\t10\n",
                "b.waypoints: line 3: expected 12 tab-separated fields, found 11");
        assertWplRefused(h + home + "2\t0\t3\t16\t0\t0\t0\t0\t47.2\t8.2\t10\t1\n",
                "b.waypoints: line 3: index 2 where 1 was expected (gap in the sequence)");
        assertWplRefused(h + home + "0\t0\t3\t16\t0\t0\t0\t0\t47.2\t8.2\t10\t1\n",
                "b.waypoints: line 3: duplicate index 0");
        assertWplRefused(h + home + "1\t0\t3\t16\t0\t0\t0\t0\tnan\t8.2\t10\t1\n",
                "b.waypoints: line 3: latitude is NaN");
        assertWplRefused(h + home + "1\t0\t3\t16\t0\t0\t0\t0\t47.2\tinf\t10\t1\n",
                "b.waypoints: line 3: longitude is infinite");
        assertWplRefused(h + home + "1\t0\t3\t16\t0\t0\t0\t0\t47.2\t8.2\tNaN\t1\n",
                "b.waypoints: line 3: altitude is NaN");
        assertWplRefused(h + home + "1\t0\t3\t16\t0\t0\t0\t0\t47,2\t8.2\t10\t1\n",
                "b.waypoints: line 3: param5/x/latitude is not a number: \"47,2\"");
        assertWplRefused(h + home + "1\t2\t3\t16\t0\t0\t0\t0\t47.2\t8.2\t10\t1\n",
                "b.waypoints: line 3: current must be 0 or 1, not 2");
        assertWplRefused(h + home + "1\t0\t2\t177\t0\t1\t0\t0\t0\t0\t0\t1\n",
                "b.waypoints: line 3: DO_JUMP targets index 0, the home position");
    }

    @Test
    void shouldAcceptCrLfBlankLinesAndMissingNewline() throws Exception {
        String text = "QGC WPL 110\r\n0\t1\t0\t16\t0\t0\t0\t0\t47.1\t8.1\t500\t1\r\n\r\n"
                + "1\t0\t3\t22\t0\t0\t0\t0\t47.1\t8.1\t10\t1";
        PlanDocument doc = WplFormat.parse(text, "c.waypoints");
        assertThat(doc.plan().mission()).containsExactly(m(0, REL, 22, false, 0, 0, 0, 0, 471000000, 81000000, 10));
        assertThat(doc.plannedHome()).isEqualTo(new HomePosition(471000000, 81000000, 500));
    }

    @Test
    void shouldRefuseMoreThanTenThousandItems() {
        StringBuilder sb = new StringBuilder("QGC WPL 110\n");
        for (int i = 0; i <= PlanFiles.MAX_ITEMS + 1; i++) {
            sb.append(i).append("\t0\t3\t16\t0\t0\t0\t0\t47.1\t8.1\t10\t1\n");
        }
        assertThatThrownBy(() -> WplFormat.parse(sb.toString(), "big.waypoints"))
                .hasMessageContaining("more than 10000 items");

        StringBuilder js = new StringBuilder();
        for (int i = 0; i <= PlanFiles.MAX_ITEMS; i++) {
            js.append(i == 0 ? "" : ",").append(
                    "{\"type\":\"SimpleItem\",\"command\":16,\"frame\":3,\"params\":[0,0,0,0,47,8,10]}");
        }
        assertThatThrownBy(() -> QgcPlanFormat.parse(plan(js.toString()), "big.plan"))
                .hasMessage("big.plan: mission item 10001: more than 10000 items");
    }

    @Test
    void shouldRefuseFilesOverTenMegabytesBeforeReadingThem() throws IOException {
        Path big = dir.resolve("big.plan");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(PlanFiles.MAX_FILE_BYTES + 1); // sparse: nothing is written
        }
        assertThatThrownBy(() -> PlanFiles.read(big)).isInstanceOf(PlanFileException.class)
                .hasMessage(big + ": file is 10485761 bytes, more than the limit of 10485760 (10 MB)");
    }

    @Test
    void shouldNameMissingFilesAndUnknownExtensions() {
        assertThatThrownBy(() -> PlanFiles.read(dir.resolve("nope.plan"))).hasMessageEndingWith("nope.plan: no such file");
        assertThatThrownBy(() -> PlanFiles.read(dir.resolve("nope.kml"))).hasMessageContaining("unknown plan file type");
    }

    @Test
    void shouldRefuseToWriteAnIncompleteFencePolygon() {
        MissionItem v = new MissionItem(0, 0, MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION, false, true, 4, 0, 0, 0,
                470000000, 80000000, 0, MissionType.FENCE);
        MissionPlan plan = new MissionPlan(List.of(), List.of(v, v.withSeq(1), v.withSeq(2)), List.of());
        assertThatThrownBy(() -> QgcPlanFormat.format(plan, null, "f.plan"))
                .hasMessage("f.plan: fence item 0: polygon vertex count 4.0 does not fit the fence (3 items left)");
    }

    @Test
    void shouldWriteWplThatOtherToolsRead() throws Exception {
        PlanDocument doc = PlanFiles.read(data("qgroundcontrol_sample.plan"));
        String wpl = WplFormat.format(doc.plan(), doc.plannedHome(), "s.waypoints");
        String[] lines = wpl.split("\n");
        assertThat(lines[0]).isEqualTo("QGC WPL 110");
        assertThat(lines[1]).isEqualTo("0\t1\t0\t16\t0\t0\t0\t0\t47.3977507\t8.5456075\t488.93103\t1");
        assertThat(lines[2]).isEqualTo("1\t1\t3\t22\t15\t0\t0\tNaN\t47.3977507\t8.5456075\t50\t1");
        assertThat(lines).hasSize(8);
    }
}
