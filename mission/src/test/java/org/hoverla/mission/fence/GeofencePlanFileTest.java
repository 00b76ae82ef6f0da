package org.hoverla.mission.fence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.hoverla.mission.MissionItem;

/**
 * The fence of the shared MAVSDK plan {@code multicopter_mission_geofence_avoid.plan}: one
 * inclusion quadrilateral, one exclusion quadrilateral and one exclusion circle around home.
 * Local positions below are north/east metres from the plan's home (the projection reference).
 */
class GeofencePlanFileTest {
    private Geofence fence;
    private List<double[]> waypoints;

    // Per test rather than @BeforeAll: without the test data each test then reports itself skipped.
    @BeforeEach
    void loadPlan() throws IOException {
        List<MissionItem> items = FenceFixtures.readPlanFence(FenceFixtures.geofencePlan());
        double[] home = FenceFixtures.readPlanHome(FenceFixtures.geofencePlan());
        fence = Geofence.build(items, home[0], home[1], FenceLimits.NONE);
        waypoints = FenceFixtures.readPlanWaypoints(FenceFixtures.geofencePlan(), fence.projection());
    }

    @Test
    void shouldReadTwoPolygonsAndOneExclusionCircle() {
        // Given the plan's fence (loaded before each test)
        // Then its groups are what QGC drew
        assertThat(fence.polygonCount()).isEqualTo(2);
        assertThat(fence.isInclusionPolygon(0)).isFalse();
        assertThat(fence.isInclusionPolygon(1)).isTrue();
        assertThat(fence.polygonVertexCount(1)).isEqualTo(4);
        assertThat(fence.circleCount()).isEqualTo(1);
        assertThat(fence.isInclusionCircle(0)).isFalse();
        assertThat(fence.circleRadiusM(0)).isCloseTo(111.05, org.assertj.core.data.Offset.offset(0.01));
        assertThat(fence.checkAgainstHome()).isNull();
    }

    @Test
    void shouldAllowHomeAndPointsInsideTheInclusionPolygonOnly() {
        // When we ask about home and a point south-east of it, both inside the inclusion polygon
        // Then they are allowed
        assertThat(fence.contains(0, 0, -10)).isTrue();
        assertThat(fence.contains(-300, 100, -10)).isTrue();
        // And points beyond the inclusion polygon (north of it; east of its north-east edge) are not
        assertThat(fence.contains(400, -400, -10)).isFalse();
        assertThat(fence.contains(0, 300, -10)).isFalse();
    }

    @Test
    void shouldRefusePointsInsideTheExclusionPolygonAndCircle() {
        // When we ask about points inside the exclusion polygon, and the exclusion circle's centre
        // Then they are refused although the inclusion polygon contains them
        assertThat(fence.contains(0, -250, -10)).isFalse();
        assertThat(fence.contains(100, -400, -10)).isFalse();
        assertThat(fence.contains(fence.circleNorthM(0), fence.circleEastM(0), -10)).isFalse();
        assertThat(fence.signedDistanceM(fence.circleNorthM(0), fence.circleEastM(0)))
                .isCloseTo(-fence.circleRadiusM(0), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void shouldKeepTheMissionLegsInsideButNotADirectReturnFromTheLastWaypoint() {
        // Given the mission: takeoff at home, three waypoints routed around the exclusion zones
        assertThat(waypoints).hasSize(4);
        // When each leg is checked
        for (int i = 0; i + 1 < waypoints.size(); i++) {
            double[] a = waypoints.get(i);
            double[] b = waypoints.get(i + 1);
            // Then every planned leg stays inside
            assertThat(fence.segmentInside(a[0], a[1], a[2], b[0], b[1], b[2])).as("leg %d", i).isTrue();
        }
        // But the straight line from the last waypoint back home cuts through the exclusion circle
        double[] last = waypoints.get(waypoints.size() - 1);
        assertThat(fence.contains(last[0], last[1], last[2])).isTrue();
        assertThat(fence.segmentInside(last[0], last[1], last[2], 0, 0, last[2])).isFalse();
        double t = fence.allowedLegFraction(last[0], last[1], last[2], 0, 0, last[2]);
        assertThat(t).isBetween(0.05, 0.5);
        // And the clamped point is on the exclusion circle's edge
        double n = last[0] * (1 - t);
        double e = last[1] * (1 - t);
        double dn = n - fence.circleNorthM(0);
        double de = e - fence.circleEastM(0);
        assertThat(Math.sqrt(dn * dn + de * de)).isCloseTo(fence.circleRadiusM(0),
                org.assertj.core.data.Offset.offset(1e-6));
    }
}
