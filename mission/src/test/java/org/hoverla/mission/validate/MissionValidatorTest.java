package org.hoverla.mission.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;
import org.hoverla.mission.plan.HomePosition;
import org.hoverla.mission.plan.PlanDocument;
import org.hoverla.mission.plan.PlanFiles;
import org.junit.jupiter.api.Test;
import org.hoverla.testdata.TestData;

class MissionValidatorTest {
    /** A file of the real test-data set: verified, or the test is skipped without the set. */
    private static Path data(String name) {
        return TestData.file("missions/" + name);
    }
    private static final HomePosition HOME = new HomePosition(473977507, 85456075, 488.9f);
    private static final int REL = MissionItem.FRAME_GLOBAL_RELATIVE_ALT;
    private static final int MIS = MissionItem.FRAME_MISSION;
    private final MissionValidator validator = new MissionValidator(Limits.DEFAULT);

    private static MissionItem item(int seq, int frame, int cmd, float p1, float p2, int x, int y, float z) {
        return new MissionItem(seq, frame, cmd, seq == 0, true, p1, p2, 0, 0, x, y, z, MissionType.MISSION);
    }

    private static MissionItem wp(int seq, float alt) {
        return item(seq, REL, MavCmd.NAV_WAYPOINT, 0, 0, 473977507 + seq * 1000, 85456075, alt);
    }

    private static MissionItem takeoff(int seq) {
        return item(seq, REL, MavCmd.NAV_TAKEOFF, 0, 0, 473977507, 85456075, 10);
    }

    private static MissionPlan mission(MissionItem... items) {
        return new MissionPlan(List.of(items), List.of(), List.of());
    }

    private ValidationResult check(MissionItem... items) {
        return validator.validate(mission(items), HOME);
    }

    private static ValidationResult fileResult(String name) throws Exception {
        PlanDocument doc = PlanFiles.read(data(name));
        return new MissionValidator(Limits.DEFAULT).validate(doc.plan(), doc.plannedHome());
    }

    @Test
    void shouldAcceptTheRealFilesHoverlaCanFly() throws Exception {
        assertThat(fileResult("qgroundcontrol_sample.plan").ok()).isTrue();
        assertThat(fileResult("multicopter_mission_geofence_avoid.plan").ok()).isTrue();
        assertThat(fileResult("MissionPlanner.waypoints").ok()).isTrue();
    }

    @Test
    void shouldAcceptTheSurveyWithItsCameraItems() throws Exception {
        // QGroundControl surveys start with SET_CAMERA_MODE and trigger by distance: flown as events
        ValidationResult r = fileResult("qgroundcontrol_sample_with_survey.plan");
        assertThat(r.ok()).as(r.describe()).isTrue();
    }

    @Test
    void shouldRefuseAmslAltitudesWithoutHomeAndBelowHomeWithIt() throws Exception {
        // Given MAVSDK's Mission Planner sample: GLOBAL_INT (AMSL) altitudes of 15 m near Zurich, no home row
        PlanDocument doc = PlanFiles.read(data("mission_planner_sample.txt"));

        // Then without a home the altitude cannot be checked
        ValidationResult r = validator.validate(doc.plan(), doc.plannedHome());
        assertThat(r.code()).isEqualTo(MissionResult.INVALID_PARAM7);
        assertThat(r.describe()).isEqualTo("mission item 0: altitude 15 m above mean sea level (GLOBAL_INT) cannot be"
                + " checked without a home position (MAV_MISSION_INVALID_PARAM7)");
        // And with the home of the QGC sample (488.9 m AMSL) it is underground
        ValidationResult withHome = validator.validate(doc.plan(), HOME);
        assertThat(withHome.describe()).startsWith("mission item 0: altitude -473.9 m above home is below the minimum");
    }

    @Test
    void shouldAcceptAnEmptyPlan() {
        assertThat(validator.validate(MissionPlan.EMPTY, null).ok()).isTrue();
    }

    @Test
    void shouldRefuseUnsupportedCommandsFramesAndSequences() {
        assertThat(check(takeoff(0), item(1, MIS, MavCmd.DO_SET_MODE, 1, 4, 0, 0, 0)).describe())
                .isEqualTo("mission item 1: command DO_SET_MODE (176) is not supported in Hoverla multicopter missions"
                        + " (MAV_MISSION_UNSUPPORTED)");
        assertThat(check(item(0, MissionItem.FRAME_GLOBAL_TERRAIN_ALT, 16, 0, 0, 473977507, 85456075, 10)).code())
                .isEqualTo(MissionResult.UNSUPPORTED_FRAME);
        assertThat(check(item(0, 1, 16, 0, 0, 100, 100, -10)).describe())
                .isEqualTo("mission item 0: frame LOCAL_NED is not supported for NAV_WAYPOINT (a global frame is needed)"
                        + " (MAV_MISSION_UNSUPPORTED_FRAME)");
        assertThat(check(item(0, MIS, 16, 0, 0, 473977507, 85456075, 10)).code())
                .isEqualTo(MissionResult.UNSUPPORTED_FRAME);
        assertThat(check(takeoff(0), wp(2, 10)).code()).isEqualTo(MissionResult.INVALID_SEQUENCE);
        // non-positional items may use MISSION or a global frame
        assertThat(check(takeoff(0), item(1, MIS, MavCmd.NAV_RETURN_TO_LAUNCH, 0, 0, 0, 0, 0)).ok()).isTrue();
        assertThat(check(takeoff(0), item(1, 5, MavCmd.NAV_RETURN_TO_LAUNCH, 0, 0, 1, 2, 0)).ok()).isTrue();
    }

    @Test
    void shouldRefuseBadCoordinates() {
        assertThat(check(item(0, REL, 16, 0, 0, 950_000_000, 0, 10)).code()).isEqualTo(MissionResult.INVALID_PARAM5_X);
        assertThat(check(item(0, REL, 16, 0, 0, 1, -1_800_000_001, 10)).code()).isEqualTo(MissionResult.INVALID_PARAM6_Y);
        assertThat(check(item(0, REL, 16, 0, 0, 0, 0, 10)).describe())
                .isEqualTo("mission item 0: NAV_WAYPOINT at latitude 0, longitude 0 (an unset position); 0, 0 means"
                        + " \"here\" only on NAV_TAKEOFF, NAV_LAND and NAV_LOITER_* items (MAV_MISSION_INVALID_PARAM5_X)");
        assertThat(check(item(0, REL, 16, 0, 0, 473977507, 85456075, Float.NaN)).code())
                .isEqualTo(MissionResult.INVALID_PARAM7);
        assertThat(check(item(0, REL, 16, Float.POSITIVE_INFINITY, 0, 473977507, 85456075, 10)).code())
                .isEqualTo(MissionResult.INVALID_PARAM1);
    }

    @Test
    void shouldApplyAltitudeAndDistanceLimits() {
        assertThat(check(takeoff(0), wp(1, 501)).describe())
                .isEqualTo("mission item 1: altitude 501 m above home is above the limit of 500 m"
                        + " (MAV_MISSION_INVALID_PARAM7)");
        assertThat(check(takeoff(0), wp(1, 0.5f)).code()).isEqualTo(MissionResult.INVALID_PARAM7);
        // AMSL frame measured from home
        MissionItem amsl = item(1, MissionItem.FRAME_GLOBAL, 16, 0, 0, 473977507, 85456075, 488.9f + 600);
        assertThat(check(takeoff(0), amsl).describe()).startsWith("mission item 1: altitude 600 m above home");
        // landing at ground level is fine
        assertThat(check(takeoff(0), item(1, REL, MavCmd.NAV_LAND, 0, 0, 473977507, 85456075, 0)).ok()).isTrue();
        // first item 2 km away
        MissionItem far = item(0, REL, 16, 0, 0, 473977507 + 180_000, 85456075, 10);
        ValidationResult r = check(far);
        assertThat(r.code()).isEqualTo(MissionResult.DENIED);
        assertThat(r.describe()).isEqualTo("mission item 0: first position is 2002 m from home, more than 900 m"
                + " (MAV_MISSION_DENIED)");
        // without a home the distance is not checked
        assertThat(validator.validate(mission(far), null).ok()).isTrue();
    }

    @Test
    void shouldCheckDoJump() {
        MissionItem jumpBack = item(2, MIS, MavCmd.DO_JUMP, 1, 3, 0, 0, 0);
        assertThat(check(takeoff(0), wp(1, 10), jumpBack).ok()).isTrue();
        assertThat(check(takeoff(0), wp(1, 10), item(2, MIS, MavCmd.DO_JUMP, 7, 1, 0, 0, 0)).describe())
                .isEqualTo("mission item 2: DO_JUMP target 7 is not an item of this mission (0..2)"
                        + " (MAV_MISSION_INVALID_PARAM1)");
        assertThat(check(takeoff(0), wp(1, 10), item(2, MIS, MavCmd.DO_JUMP, 2, 1, 0, 0, 0)).code())
                .isEqualTo(MissionResult.INVALID_PARAM1);
        assertThat(check(takeoff(0), wp(1, 10), item(2, MIS, MavCmd.DO_JUMP, 1.5f, 1, 0, 0, 0)).code())
                .isEqualTo(MissionResult.INVALID_PARAM1);
        assertThat(check(takeoff(0), wp(1, 10), item(2, MIS, MavCmd.DO_JUMP, 1, -1, 0, 0, 0)).describe())
                .isEqualTo("mission item 2: DO_JUMP repeats forever (-1): the mission would loop with no exit"
                        + " (MAV_MISSION_INVALID_PARAM2)");
        assertThat(check(takeoff(0), wp(1, 10), item(2, MIS, MavCmd.DO_JUMP, 1, -3, 0, 0, 0)).code())
                .isEqualTo(MissionResult.INVALID_PARAM2);
    }

    @Test
    void shouldCheckCommandParameters() {
        assertThat(check(takeoff(0), item(1, MIS, MavCmd.CONDITION_DELAY, -5, 0, 0, 0, 0)).code())
                .isEqualTo(MissionResult.INVALID_PARAM1);
        assertThat(check(takeoff(0), item(1, MIS, MavCmd.CONDITION_YAW, 400, 0, 0, 0, 0)).code())
                .isEqualTo(MissionResult.INVALID_PARAM1);
        assertThat(check(takeoff(0), item(1, MIS, MavCmd.DO_CHANGE_SPEED, 1, -5, 0, 0, 0)).code())
                .isEqualTo(MissionResult.INVALID_PARAM2);
        assertThat(check(takeoff(0), item(1, MIS, MavCmd.DO_CHANGE_SPEED, 1, -1, 0, 0, 0)).ok()).isTrue();
        assertThat(check(takeoff(0), item(1, REL, MavCmd.NAV_LOITER_TURNS, 0, 0, 473977507, 85456075, 10)).code())
                .isEqualTo(MissionResult.INVALID_PARAM1);
        assertThat(check(takeoff(0), item(1, MIS, MavCmd.DO_SET_HOME, 1, 0, 0, 0, 0)).ok()).isTrue();
        assertThat(check(takeoff(0), item(1, MIS, MavCmd.DO_SET_HOME, 0, 0, 0, 0, 0)).code())
                .isEqualTo(MissionResult.UNSUPPORTED_FRAME); // a position is needed when param1 = 0
    }

    @Test
    void shouldRequireTakeoffFirstAndLandLastWhenAsked() {
        MissionValidator strict = new MissionValidator(Limits.DEFAULT.withTakeoffFirst(true).withLandLast(true));
        MissionItem speed = item(0, MIS, MavCmd.DO_CHANGE_SPEED, 1, 5, 0, 0, 0);
        MissionItem rtl = item(3, MIS, MavCmd.NAV_RETURN_TO_LAUNCH, 0, 0, 0, 0, 0);
        assertThat(strict.validate(mission(speed, takeoff(1).withSeq(1), wp(2, 10), rtl), HOME).ok()).isTrue();
        assertThat(strict.validate(mission(speed, wp(1, 10), wp(2, 10), rtl), HOME).describe())
                .isEqualTo("mission item 1: the first navigation item must be NAV_TAKEOFF, not NAV_WAYPOINT"
                        + " (MAV_MISSION_DENIED)");
        assertThat(strict.validate(mission(takeoff(0), wp(1, 10)), HOME).describe())
                .isEqualTo("mission item 1: the last navigation item must be NAV_LAND or NAV_RETURN_TO_LAUNCH, not"
                        + " NAV_WAYPOINT (MAV_MISSION_DENIED)");
    }

    private static MissionItem fence(int seq, int cmd, float p1, int x, int y) {
        return new MissionItem(seq, MissionItem.FRAME_GLOBAL, cmd, false, true, p1, 0, 0, 0, x, y, 0, MissionType.FENCE);
    }

    private static List<MissionItem> polygon(int start, int n, float declared, int cmd) {
        List<MissionItem> out = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            out.add(fence(start + v, cmd, declared, 473900000 + v * 1000, 85400000 + (v % 2) * 1000));
        }
        return out;
    }

    /** The fence list's own rules (groups, radii, positions); home against the fence is tested apart. */
    private ValidationResult checkFence(List<MissionItem> fence) {
        return validator.validateFence(fence);
    }

    @Test
    void shouldCheckFenceGroupsAndCircles() {
        int inc = MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION;
        List<MissionItem> ok = new ArrayList<>(polygon(0, 4, 4, inc));
        ok.addAll(polygon(4, 3, 3, MavCmd.NAV_FENCE_POLYGON_VERTEX_EXCLUSION));
        ok.add(fence(7, MavCmd.NAV_FENCE_CIRCLE_EXCLUSION, 50, 473950000, 85430000));
        assertThat(checkFence(ok).ok()).isTrue();

        assertThat(checkFence(polygon(0, 3, 4, inc)).describe())
                .isEqualTo("fence item 0: polygon of 4 vertices starting here is incomplete: 3 fence items follow"
                        + " (MAV_MISSION_INVALID)");
        List<MissionItem> mixed = new ArrayList<>(polygon(0, 4, 4, inc));
        mixed.set(2, fence(2, inc, 5, 473900000, 85400000));
        assertThat(checkFence(mixed).describe())
                .isEqualTo("fence item 2: vertex count 5 differs from the 4 of the polygon starting at fence item 0"
                        + " (MAV_MISSION_INVALID_PARAM1)");
        assertThat(checkFence(polygon(0, 2, 2, inc)).code()).isEqualTo(MissionResult.INVALID_PARAM1);
        assertThat(checkFence(List.of(fence(0, MavCmd.NAV_FENCE_CIRCLE_INCLUSION, 0, 473950000, 85430000))).describe())
                .isEqualTo("fence item 0: circle radius 0 m must be > 0 (MAV_MISSION_INVALID_PARAM1)");
        assertThat(checkFence(List.of(fence(0, MavCmd.NAV_WAYPOINT, 0, 473950000, 85430000))).code())
                .isEqualTo(MissionResult.UNSUPPORTED);
        assertThat(checkFence(List.of(fence(0, MavCmd.NAV_FENCE_CIRCLE_INCLUSION, 10, 0, 0))).code())
                .isEqualTo(MissionResult.INVALID_PARAM5_X);
    }

    @Test
    void shouldCheckRallyPoints() {
        MissionItem ok = new MissionItem(0, REL, MavCmd.NAV_RALLY_POINT, true, true, 0, 0, 0, 0, 473950000, 85430000, 30,
                MissionType.RALLY);
        assertThat(validator.validate(new MissionPlan(List.of(), List.of(), List.of(ok)), HOME).ok()).isTrue();
        MissionItem zero = new MissionItem(0, REL, MavCmd.NAV_RALLY_POINT, true, true, 0, 0, 0, 0, 0, 0, 30,
                MissionType.RALLY);
        assertThat(validator.validate(new MissionPlan(List.of(), List.of(), List.of(zero)), HOME).describe())
                .startsWith("rally point 0: NAV_RALLY_POINT at latitude 0,");
        MissionItem high = new MissionItem(0, REL, MavCmd.NAV_RALLY_POINT, true, true, 0, 0, 0, 0, 473950000, 85430000,
                900, MissionType.RALLY);
        assertThat(validator.validate(new MissionPlan(List.of(), List.of(), List.of(high)), HOME).code())
                .isEqualTo(MissionResult.INVALID_PARAM7);
    }

    @Test
    void shouldRefuseMoreItemsThanTheVehicleHolds() {
        MissionValidator small = new MissionValidator(new Limits(500, 1, 900, false, false, 2));
        assertThat(small.validate(mission(takeoff(0), wp(1, 10), wp(2, 10)), HOME).describe())
                .isEqualTo("mission item: 3 items, more than the 2 the vehicle holds (MAV_MISSION_NO_SPACE)");
    }

    @Test
    void shouldNameEveryResultCode() {
        assertThat(MissionResult.name(0)).isEqualTo("MAV_MISSION_ACCEPTED");
        assertThat(MissionResult.name(13)).isEqualTo("MAV_MISSION_INVALID_SEQUENCE");
        assertThat(MissionResult.name(15)).isEqualTo("MAV_MISSION_OPERATION_CANCELLED");
        assertThat(MissionResult.invalidParam(7)).isEqualTo(12);
    }
}
