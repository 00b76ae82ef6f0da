package org.hoverla.mission.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;
import org.hoverla.mission.plan.HomePosition;
import org.hoverla.mission.plan.ItemNumbering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * "Here" (latitude = longitude = 0 on takeoff, land and loiter items, as ArduPilot reads them),
 * the plan against its own geofence, and items named by their file's numbering.
 */
class HereAndOwnFenceValidationTest {
    private static final HomePosition HOME = new HomePosition(473977507, 85456075, 488.9f);
    private static final int REL = MissionItem.FRAME_GLOBAL_RELATIVE_ALT;
    /** About 1.1 m of latitude per 100 degE7. */
    private static final int M = 90;
    private final MissionValidator validator = new MissionValidator(Limits.DEFAULT);

    private static MissionItem at(int seq, int cmd, int northM, int eastM, float alt) {
        return new MissionItem(seq, REL, cmd, seq == 0, true, 0f, 0f, 0f, Float.NaN, HOME.latDegE7() + northM * M,
                HOME.lonDegE7() + eastM * 134, alt, MissionType.MISSION);
    }

    private static MissionItem here(int seq, int cmd, float alt) {
        return new MissionItem(seq, REL, cmd, seq == 0, true, cmd == MavCmd.NAV_LOITER_TURNS ? 1f : 0f, 0f, 0f,
                Float.NaN, 0, 0, alt, MissionType.MISSION);
    }

    private static MissionItem circle(int seq, int cmd, int northM, int eastM, float radiusM) {
        return new MissionItem(seq, MissionItem.FRAME_GLOBAL, cmd, seq == 0, true, radiusM, 0f, 0f, 0f,
                HOME.latDegE7() + northM * M, HOME.lonDegE7() + eastM * 134, 0f, MissionType.FENCE);
    }

    @ParameterizedTest(name = "MAV_CMD {0}")
    @ValueSource(ints = {MavCmd.NAV_TAKEOFF, MavCmd.NAV_LAND, MavCmd.NAV_LOITER_UNLIM, MavCmd.NAV_LOITER_TIME,
        MavCmd.NAV_LOITER_TURNS, MavCmd.NAV_LOITER_TO_ALT})
    void shouldAcceptHereOnTakeoffLandAndLoiters(int cmd) {
        // Given a takeoff at home, then the item at 0, 0, then a waypoint
        MissionPlan plan = new MissionPlan(List.of(at(0, MavCmd.NAV_TAKEOFF, 0, 0, 10), here(1, cmd, 10),
                at(2, MavCmd.NAV_WAYPOINT, 50, 0, 10)), List.of(), List.of());
        // When validated, Then accepted, and the item is "here"
        ValidationResult r = validator.validate(plan, HOME);
        assertThat(r.ok()).as(r.describe()).isTrue();
        assertThat(plan.mission().get(1).isHere()).isTrue();
    }

    @ParameterizedTest(name = "MAV_CMD {0}")
    @ValueSource(ints = {MavCmd.NAV_WAYPOINT, MavCmd.DO_SET_ROI_LOCATION})
    void shouldRefuseZeroZeroWhereHereIsNotAllowed(int cmd) {
        // Given the item at 0, 0 after a takeoff
        MissionPlan plan = new MissionPlan(List.of(at(0, MavCmd.NAV_TAKEOFF, 0, 0, 10), here(1, cmd, 10)), List.of(),
                List.of());
        // When validated, Then refused on that item as an unset position
        ValidationResult r = validator.validate(plan, HOME);
        assertThat(r.code()).isEqualTo(MissionResult.INVALID_PARAM5_X);
        assertThat(r.itemIndex()).isEqualTo(1);
        assertThat(r.reason()).contains("latitude 0, longitude 0 (an unset position)");
        assertThat(plan.mission().get(1).isHere()).isFalse();
    }

    @Test
    void shouldStillCheckTheAltitudeOfAHereTakeoff() {
        // Given a takeoff at 0, 0 to 600 m
        MissionPlan plan = new MissionPlan(List.of(here(0, MavCmd.NAV_TAKEOFF, 600)), List.of(), List.of());
        // When validated, Then the altitude limit still applies
        ValidationResult r = validator.validate(plan, HOME);
        assertThat(r.code()).isEqualTo(MissionResult.INVALID_PARAM7);
        assertThat(r.describe()).startsWith("mission item 0: altitude 600 m above home is above the limit of 500 m");
    }

    @Test
    void shouldMeasureTheFirstDistanceFromTheFirstRealPositionNotFromHere() {
        // Given a takeoff "here" followed by a waypoint 2 km north
        MissionPlan far = new MissionPlan(List.of(here(0, MavCmd.NAV_TAKEOFF, 10),
                at(1, MavCmd.NAV_WAYPOINT, 2000, 0, 10)), List.of(), List.of());
        // When validated, Then the waypoint is refused as the first position, not the takeoff
        ValidationResult r = validator.validate(far, HOME);
        assertThat(r.code()).isEqualTo(MissionResult.DENIED);
        assertThat(r.itemIndex()).isEqualTo(1);
        assertThat(r.reason()).matches("first position is 200[0-9] m from home, more than 900 m");
        // And a plan of "here" items alone has no distance to check
        assertThat(validator.validate(new MissionPlan(List.of(here(0, MavCmd.NAV_TAKEOFF, 10),
                here(1, MavCmd.NAV_LAND, 0)), List.of(), List.of()), HOME).ok()).isTrue();
    }

    @Test
    void shouldCheckThePlanAgainstItsOwnFenceSkippingHere() {
        // Given an inclusion circle of 200 m about home and an exclusion circle of 30 m, 100 m north
        List<MissionItem> fence = List.of(circle(0, MavCmd.NAV_FENCE_CIRCLE_INCLUSION, 0, 0, 200),
                circle(1, MavCmd.NAV_FENCE_CIRCLE_EXCLUSION, 100, 0, 30));
        // And a mission that takes off here, loiters here and flies east then north-east
        List<MissionItem> inside = List.of(here(0, MavCmd.NAV_TAKEOFF, 10), here(1, MavCmd.NAV_LOITER_TIME, 10),
                at(2, MavCmd.NAV_WAYPOINT, 0, 100, 10), at(3, MavCmd.NAV_WAYPOINT, 100, 100, 10),
                here(4, MavCmd.NAV_LAND, 0));
        // When validated, Then accepted: "here" is where the vehicle is, inside
        assertThat(validator.validate(new MissionPlan(inside, fence, List.of()), HOME).ok()).isTrue();

        // Given a waypoint beyond the inclusion circle: refused on it
        List<MissionItem> beyond = new ArrayList<>(inside);
        beyond.set(3, at(3, MavCmd.NAV_WAYPOINT, 0, 300, 10));
        ValidationResult r = validator.validate(new MissionPlan(beyond, fence, List.of()), HOME);
        assertThat(r.code()).isEqualTo(MissionResult.DENIED);
        assertThat(r.itemIndex()).isEqualTo(3);
        assertThat(r.reason()).endsWith("is outside the plan's geofence");

        // Given a leg through the exclusion circle: refused on the item the leg leads to
        List<MissionItem> through = new ArrayList<>(inside);
        through.set(2, at(2, MavCmd.NAV_WAYPOINT, 150, 0, 10));
        r = validator.validate(new MissionPlan(through, fence, List.of()), HOME);
        assertThat(r.itemIndex()).isEqualTo(2);
        assertThat(r.reason()).contains("the straight leg to NAV_WAYPOINT at").contains("from home crosses the plan's"
                + " geofence");

        // Given a home outside the inclusion circle: refused, no item to blame
        HomePosition away = new HomePosition(HOME.latDegE7() + 400 * M, HOME.lonDegE7(), HOME.altAmslM());
        r = validator.validate(new MissionPlan(List.of(), fence, List.of()), away);
        assertThat(r.code()).isEqualTo(MissionResult.DENIED);
        assertThat(r.type()).isNull();
        assertThat(r.describe()).contains("is outside the plan's geofence").contains("could not arm there");
    }

    @Test
    void shouldRefuseAnEmptyMissionForFlightButNotForUpload() {
        // Given a plan with a fence and no mission
        MissionPlan plan = new MissionPlan(List.of(),
                List.of(circle(0, MavCmd.NAV_FENCE_CIRCLE_INCLUSION, 0, 0, 200)), List.of());
        // Then it is a valid plan, but nothing to fly
        assertThat(validator.validate(plan, HOME).ok()).isTrue();
        ValidationResult r = validator.validateForFlight(plan, HOME);
        assertThat(r.ok()).isFalse();
        assertThat(r.describe()).isEqualTo("the plan has no mission items (1 fence items, 0 rally points): nothing to"
                + " fly (MAV_MISSION_DENIED)");
    }

    @Test
    void shouldNameItemsAsTheirFileNumbersThem() {
        // Given a mission whose third item (index 2) is a waypoint at 0, 0 and a DO_JUMP out of range
        MissionPlan bad = new MissionPlan(List.of(at(0, MavCmd.NAV_TAKEOFF, 0, 0, 10),
                at(1, MavCmd.NAV_WAYPOINT, 10, 0, 10), here(2, MavCmd.NAV_WAYPOINT, 10)), List.of(), List.of());
        // When validated for a .waypoints file with a home row, Then named by the seq column (3)
        assertThat(new MissionValidator(Limits.DEFAULT, ItemNumbering.wpl(true)).validate(bad, HOME).describe())
                .startsWith("mission item 3: NAV_WAYPOINT at latitude 0, longitude 0");
        // And for a .plan by QGroundControl's sequence number (3: the planned home is 0)
        assertThat(new MissionValidator(Limits.DEFAULT, ItemNumbering.QGC_PLAN).validate(bad, HOME).describe())
                .startsWith("mission item 3: NAV_WAYPOINT");
        // And for MAVLink by seq (2)
        assertThat(validator.validate(bad, HOME).describe()).startsWith("mission item 2: NAV_WAYPOINT");

        // Given a DO_JUMP to item 7 of a 3-item mission in a .waypoints file with a home row
        MissionItem jump = new MissionItem(2, MissionItem.FRAME_MISSION, MavCmd.DO_JUMP, false, true, 7f, 1f, 0f, 0f,
                0, 0, 0f, MissionType.MISSION);
        MissionPlan jumpy = new MissionPlan(List.of(at(0, MavCmd.NAV_TAKEOFF, 0, 0, 10),
                at(1, MavCmd.NAV_WAYPOINT, 10, 0, 10), jump), List.of(), List.of());
        // Then the target and the range are in file numbers too
        assertThat(new MissionValidator(Limits.DEFAULT, ItemNumbering.wpl(true)).validate(jumpy, HOME).describe())
                .isEqualTo("mission item 3: DO_JUMP target 8 is not an item of this mission (1..3)"
                        + " (MAV_MISSION_INVALID_PARAM1)");

        // Given a .plan fence: a polygon then a circle with radius 0
        List<MissionItem> fence = new ArrayList<>();
        for (int v = 0; v < 3; v++) {
            fence.add(new MissionItem(v, MissionItem.FRAME_GLOBAL, MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION, v == 0,
                    true, 3f, 0f, 0f, 0f, HOME.latDegE7() + (v == 1 ? 1000 : 0), HOME.lonDegE7() + (v == 2 ? 1000 : 0),
                    0f, MissionType.FENCE));
        }
        fence.add(circle(3, MavCmd.NAV_FENCE_CIRCLE_EXCLUSION, 0, 0, 0));
        // Then the circle is named by its JSON path, as QGroundControl gives fence items no numbers
        assertThat(new MissionValidator(Limits.DEFAULT, ItemNumbering.QGC_PLAN)
                .validate(new MissionPlan(List.of(), fence, List.of()), null).describe())
                .isEqualTo("geoFence.circles[0]: circle radius 0 m must be > 0 (MAV_MISSION_INVALID_PARAM1)");
        assertThat(ItemNumbering.QGC_PLAN.name(new MissionPlan(List.of(), fence, List.of()), MissionType.FENCE, 2))
                .isEqualTo("geoFence.polygons[0].polygon[2]");
    }
}
