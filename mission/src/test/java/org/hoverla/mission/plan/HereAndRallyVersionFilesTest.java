package org.hoverla.mission.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.junit.jupiter.api.Test;

/** Plan files as ground stations write them: "here" items kept bit for bit, QGC's old rally format. */
class HereAndRallyVersionFilesTest {
    /** Mission Planner style: home row 0, takeoff and land at 0, 0. */
    private static final String WPL = "QGC WPL 110\n"
            + "0\t1\t0\t16\t0\t0\t0\t0\t47.660459\t-122.103167\t5.210000\t1\n"
            + "1\t0\t3\t22\t0.000000\t0.000000\t0.000000\t0.000000\t0.000000\t0.000000\t20.000000\t1\n"
            + "2\t0\t3\t16\t0.000000\t0.000000\t0.000000\t0.000000\t47.661298\t-122.103274\t20.000000\t1\n"
            + "3\t0\t3\t19\t5.000000\t0.000000\t0.000000\t0.000000\t0.000000\t0.000000\t20.000000\t1\n"
            + "4\t0\t3\t21\t0.000000\t0.000000\t0.000000\t0.000000\t0.000000\t0.000000\t0.000000\t1\n";

    private static String plan(String rally) {
        return "{\"fileType\":\"Plan\",\"version\":1,\"mission\":{\"version\":2,\"plannedHomePosition\":[47,8,400],"
                + "\"items\":[{\"type\":\"SimpleItem\",\"command\":22,\"frame\":3,\"doJumpId\":1,\"autoContinue\":true,"
                + "\"params\":[0,0,0,null,47.0001,8,10]}]},\"geoFence\":{\"version\":2,\"polygons\":[],\"circles\":[]},"
                + "\"rallyPoints\":" + rally + "}";
    }

    @Test
    void shouldKeepHereItemsBitForBitThroughBothFormats() throws Exception {
        // Given a Mission Planner file with takeoff, loiter and land at 0, 0
        PlanDocument doc = WplFormat.parse(WPL, "mp.waypoints");
        List<MissionItem> items = doc.plan().mission();
        assertThat(items).extracting(MissionItem::isHere).containsExactly(true, false, true, true);
        assertThat(items.get(0).x()).isZero();
        assertThat(items.get(0).y()).isZero();
        assertThat(doc.numbering()).isEqualTo(ItemNumbering.wpl(true));

        // When written as .plan and read back, and as .waypoints and read back
        String qgc = QgcPlanFormat.format(doc.plan(), doc.plannedHome(), "mp.plan");
        MissionPlan viaPlan = QgcPlanFormat.parse(qgc, "mp.plan").plan();
        MissionPlan viaWpl = WplFormat.parse(WplFormat.format(viaPlan, doc.plannedHome(), "mp.waypoints"),
                "mp.waypoints").plan();

        // Then every item has the same bits: "here" is resolved in flight, never in the file (a .plan
        // has no "current" flag: its reader marks the first item current, as MAVSDK does)
        assertThat(viaPlan.mission()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("current")
                .isEqualTo(items);
        assertThat(viaWpl.mission()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("current")
                .isEqualTo(items);
        assertThat(viaWpl.mission().get(0).x()).isZero();
        assertThat(viaWpl.mission().get(3).y()).isZero();
    }

    @Test
    void shouldIgnoreVersionOneRallyPointsWithAWarning() throws Exception {
        // Given a plan with QGroundControl's old version 1 rally section
        PlanDocument doc = QgcPlanFormat.parse(plan("{\"version\":1,\"points\":[[47.1,8.1,30],[47.2,8.2,30]]}"),
                "old.plan");
        // Then the rally points are dropped with one warning, and the rest is read
        assertThat(doc.plan().rally()).isEmpty();
        assertThat(doc.plan().mission()).hasSize(1);
        assertThat(doc.warnings()).containsExactly("rallyPoints: version 1 (QGroundControl's old rally format) is"
                + " ignored, as QGroundControl ignores it: 2 rally points not loaded");
        assertThat(doc.numbering()).isEqualTo(ItemNumbering.QGC_PLAN);
        // And a version 2 section gives no warning
        PlanDocument v2 = QgcPlanFormat.parse(plan("{\"version\":2,\"points\":[[47.1,8.1,30]]}"), "new.plan");
        assertThat(v2.plan().rally()).hasSize(1);
        assertThat(v2.warnings()).isEmpty();
    }

    @Test
    void shouldRefuseRallySectionsOfOtherVersionsNamingTheSection() {
        assertThatThrownBy(() -> QgcPlanFormat.parse(plan("{\"version\":3,\"points\":[]}"), "r.plan"))
                .isInstanceOf(PlanFileException.class)
                .hasMessage("r.plan: rallyPoints: version 3 is not supported (expected 2; version 1 is ignored)");
        assertThatThrownBy(() -> QgcPlanFormat.parse(plan("{\"version\":\"two\",\"points\":[]}"), "r.plan"))
                .hasMessage("r.plan: rallyPoints: version \"two\" is not a whole number (expected 2)");
        assertThatThrownBy(() -> QgcPlanFormat.parse(plan("{\"points\":[]}"), "r.plan"))
                .hasMessage("r.plan: rallyPoints: version is missing (expected 2)");
        assertThatThrownBy(() -> QgcPlanFormat.parse(plan("{\"version\":2,\"points\":[[47.1,8.1]]}"), "r.plan"))
                .hasMessage("r.plan: rallyPoints.points[0]: must be [latitude, longitude, altitude]");
    }

    @Test
    void shouldNameMissionItemsOfAPlanByQgcSequenceNumbers() {
        // Given a .plan whose second item has no command
        String json = plan("{\"version\":2,\"points\":[]}").replace("\"items\":[{",
                "\"items\":[{\"type\":\"SimpleItem\",\"command\":16,\"frame\":3,\"params\":[0,0,0,0,47,8,10]},{")
                .replace("\"command\":22,", "");
        // Then the refusal names QGC's item 2 and its JSON place
        assertThatThrownBy(() -> QgcPlanFormat.parse(json, "n.plan"))
                .hasMessage("n.plan: mission item 2: mission.items[1]: command is missing");
        assertThat(MavCmd.NAV_TAKEOFF).isEqualTo(22);
    }
}
