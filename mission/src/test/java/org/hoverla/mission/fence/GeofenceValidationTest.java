package org.hoverla.mission.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionType;

/** Malformed fence groups are refused with a message that names the item. */
class GeofenceValidationTest {

    private static Geofence build(List<MissionItem> items) {
        return Geofence.build(items, FenceFixtures.REF_LAT, FenceFixtures.REF_LON, FenceLimits.NONE);
    }

    private static String validate(List<MissionItem> items) {
        return Geofence.validate(items, FenceFixtures.REF_LAT, FenceFixtures.REF_LON);
    }

    @Test
    void shouldAcceptAWellFormedFence() {
        // Given a square, an exclusion circle and a return point
        List<MissionItem> items = FenceFixtures.fence(FenceFixtures.square(100),
                List.of(FenceFixtures.circle(false, 50, 0, 10),
                        FenceFixtures.item(MavCmd.NAV_FENCE_RETURN_POINT, 0, 0, 0, MissionType.FENCE)));
        // Then it validates and builds
        assertThat(validate(items)).isNull();
        assertThat(Geofence.validate(items)).isNull();
        assertThat(build(items).polygonCount()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAPolygonWithFewerItemsThanItsVertexCount() {
        // Given a polygon whose items say 4 vertices but only 3 follow
        List<MissionItem> items = FenceFixtures.fence(FenceFixtures.square(100).subList(0, 3));
        // Then it is refused, naming the mismatch
        assertThat(validate(items)).contains("item 0").contains("4 vertices").contains("vertex count mismatch");
        assertThatThrownBy(() -> build(items)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vertex count mismatch");
    }

    @Test
    void shouldRefuseAPolygonWhoseItemsDisagreeOnTheVertexCount() {
        // Given a 4-vertex polygon whose third item says 5
        List<MissionItem> items = new ArrayList<>(FenceFixtures.square(100));
        MissionItem v = items.get(2);
        items.set(2, new MissionItem(2, v.frame(), v.command(), false, true, 5f, 0f, 0f, 0f, v.x(), v.y(), v.z(),
                MissionType.FENCE));
        // Then it is refused at that item
        assertThat(validate(FenceFixtures.fence(items))).startsWith("item 2: vertex count mismatch");
    }

    @Test
    void shouldRefuseAPolygonInterruptedByAnotherCommand() {
        // Given a 4-vertex inclusion polygon whose last item is an exclusion vertex
        List<MissionItem> items = new ArrayList<>(FenceFixtures.square(100).subList(0, 3));
        items.addAll(FenceFixtures.polygon(false, 0, 0, 0, 10, 10, 10, 10, 0).subList(0, 1));
        MissionItem last = items.get(3);
        items.set(3, new MissionItem(3, last.frame(), last.command(), false, true, 4f, 0, 0, 0, last.x(), last.y(),
                last.z(), MissionType.FENCE));
        // Then it is refused
        assertThat(validate(FenceFixtures.fence(items))).contains("item 3").contains("expected vertex 4 of 4")
                .contains("vertex count mismatch");
    }

    @Test
    void shouldRefuseAPolygonOfFewerThanThreeVertices() {
        // Given a "polygon" of two vertices that says so
        List<MissionItem> items = FenceFixtures.fence(FenceFixtures.polygon(false, 0, 0, 10, 10));
        // Then it is refused
        assertThat(validate(items)).isEqualTo("item 0: exclusion polygon needs at least 3 vertices, param1 says 2");
    }

    @Test
    void shouldRefuseDegenerateAndSelfIntersectingPolygons() {
        // Given collinear vertices, and a bow tie
        List<MissionItem> collinear = FenceFixtures.fence(FenceFixtures.polygon(true, 0, 0, 10, 0, 20, 0));
        List<MissionItem> bowTie = FenceFixtures.fence(FenceFixtures.polygon(true, 0, 0, 100, 100, 100, 0, 0, 100));
        // Then both are refused with the reason
        assertThat(validate(collinear)).contains("zero area");
        assertThat(validate(bowTie)).contains("self-intersecting");
    }

    @Test
    void shouldRefuseACircleOfZeroOrNegativeRadius() {
        assertThat(validate(FenceFixtures.fence(List.of(FenceFixtures.circle(true, 0, 0, 0)))))
                .isEqualTo("item 0: inclusion circle radius (param1) must be positive and finite, got 0.0 m");
        assertThat(validate(FenceFixtures.fence(List.of(FenceFixtures.circle(false, 0, 0, -5)))))
                .contains("radius");
        assertThatThrownBy(() -> build(FenceFixtures.fence(List.of(FenceFixtures.circle(false, 0, 0, Float.NaN)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("radius");
    }

    @Test
    void shouldRefuseNonFenceItemsLocalFramesAndTwoReturnPoints() {
        MissionItem wp = FenceFixtures.item(MavCmd.NAV_WAYPOINT, 0, 0, 0, MissionType.FENCE);
        assertThat(validate(List.of(wp))).isEqualTo("item 0: command 16 is not a fence item");

        MissionItem c = FenceFixtures.circle(true, 0, 0, 50);
        MissionItem local = new MissionItem(0, 1, c.command(), false, true, 50f, 0, 0, 0, c.x(), c.y(), 0f,
                MissionType.FENCE);
        assertThat(validate(List.of(local))).contains("not a global frame");

        MissionItem ret = FenceFixtures.item(MavCmd.NAV_FENCE_RETURN_POINT, 0, 0, 0, MissionType.FENCE);
        assertThat(validate(FenceFixtures.fence(List.of(ret, ret)))).contains("second fence return point");
    }

    @Test
    void shouldRefuseInconsistentLimits() {
        assertThatThrownBy(() -> FenceLimits.altitude(50, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("below maximum");
        assertThatThrownBy(() -> new FenceLimits(0, 10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("horizontal distance");
    }

    @Test
    void shouldReportAFenceThatExcludesHome() {
        // Given an exclusion circle around home
        Geofence fence = build(FenceFixtures.fence(List.of(FenceFixtures.circle(false, 10, 0, 30))));
        // Then PX4's upload check would refuse it, and so does ours
        assertThat(fence.checkAgainstHome()).isEqualTo("home is inside exclusion circle 1");
    }
}
