package org.hoverla.mission.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.hoverla.mission.MissionItem;

/** Geometry of the fence on local shapes: squares, a concave U, circles, altitude. */
class GeofenceGeometryTest {
    /** Fixture coordinates go through degE7, so local positions are good to about a centimetre. */
    private static final double CM = 0.02;

    private static Geofence build(List<MissionItem> items, FenceLimits limits) {
        return Geofence.build(items, FenceFixtures.REF_LAT, FenceFixtures.REF_LON, limits);
    }

    /** A U opening to the north: base n 0..100, arms e 0..100 and 200..300 up to n 300. */
    private static List<MissionItem> concaveU() {
        return FenceFixtures.polygon(true,
                0, 0, 0, 300, 300, 300, 300, 200, 100, 200, 100, 100, 300, 100, 300, 0);
    }

    @ParameterizedTest(name = "reversed winding: {0}")
    @ValueSource(booleans = {false, true})
    void shouldClassifyPointsOfAConcavePolygonInEitherWinding(boolean reversed) {
        // Given a concave U-shaped inclusion polygon, in one winding or the other
        List<MissionItem> u = reversed ? FenceFixtures.reversed(concaveU()) : concaveU();
        Geofence fence = build(FenceFixtures.fence(u), FenceLimits.NONE);

        // Then the arms and base are inside, the notch and the outside are not
        assertThat(fence.contains(200, 50, 0)).isTrue();
        assertThat(fence.contains(200, 250, 0)).isTrue();
        assertThat(fence.contains(50, 150, 0)).isTrue();
        assertThat(fence.contains(200, 150, 0)).isFalse();
        assertThat(fence.contains(-10, 150, 0)).isFalse();
        assertThat(fence.contains(350, 50, 0)).isFalse();
        // And a leg from one arm to the other across the notch is not inside, though both ends are
        assertThat(fence.segmentInside(200, 50, 0, 200, 250, 0)).isFalse();
        assertThat(fence.segmentInside(50, 50, 0, 50, 250, 0)).isTrue();
        // And the notch point is 50 m from the nearest arm edge, outside
        assertThat(fence.signedDistanceM(200, 150)).isCloseTo(-50, offset(CM));
    }

    @ParameterizedTest(name = "reversed winding: {0}")
    @ValueSource(booleans = {false, true})
    void shouldGiveSignedDistancesOnASquare(boolean reversed) {
        // Given a 200 m square inclusion polygon centred on home
        List<MissionItem> sq = reversed ? FenceFixtures.reversed(FenceFixtures.square(100)) : FenceFixtures.square(100);
        Geofence fence = build(FenceFixtures.fence(sq), FenceLimits.NONE);

        // Then the distance to the nearest edge is positive inside and negative outside
        assertThat(fence.signedDistanceM(0, 0)).isCloseTo(100, offset(CM));
        assertThat(fence.signedDistanceM(50, 0)).isCloseTo(50, offset(CM));
        assertThat(fence.signedDistanceM(0, -90)).isCloseTo(10, offset(CM));
        assertThat(fence.signedDistanceM(150, 0)).isCloseTo(-50, offset(CM));
        assertThat(fence.signedDistanceM(150, 150)).isCloseTo(-Math.sqrt(2) * 50, offset(CM));
    }

    @Test
    void shouldTakeTheNearestBoundaryOfAnyZoneForSignedDistance() {
        // Given a square with an exclusion circle of 10 m at (50, 0)
        Geofence fence = build(FenceFixtures.fence(FenceFixtures.square(100),
                List.of(FenceFixtures.circle(false, 50, 0, 10))), FenceLimits.NONE);

        // Then near the circle its edge is the nearest boundary, inside it the distance is negative
        assertThat(fence.signedDistanceM(20, 0)).isCloseTo(20, offset(CM));
        assertThat(fence.signedDistanceM(50, 0)).isCloseTo(-10, offset(CM));
        assertThat(fence.signedDistanceM(-80, 0)).isCloseTo(20, offset(CM));
    }

    @Test
    void shouldRequireAllInclusionZones() {
        // Given two overlapping inclusion zones: a square and a circle of 50 m at (100, 0)
        Geofence fence = build(FenceFixtures.fence(FenceFixtures.square(100),
                List.of(FenceFixtures.circle(true, 100, 0, 50))), FenceLimits.NONE);

        // Then only their overlap is allowed (PX4 and ArduPilot semantics)
        assertThat(fence.contains(80, 0, 0)).isTrue();
        assertThat(fence.contains(0, 0, 0)).isFalse();
        assertThat(fence.contains(120, 0, 0)).isFalse();
        assertThat(fence.checkAgainstHome()).isEqualTo("home is outside inclusion circle 1");
    }

    @Test
    void shouldPredictABreachWhenFlyingFastTowardTheEdge() {
        // Given a 200 m square; the vehicle 20 m from the north edge at 10 m altitude
        Geofence fence = build(FenceFixtures.fence(FenceFixtures.square(100)), FenceLimits.NONE);

        // When it flies north at 10 m/s and can brake at 2 m/s² (25 m to stop)
        // Then a breach is predicted
        assertThat(fence.breachPredicted(80, 0, -10, 10, 0, 0, 2, 5)).isTrue();
        // And diagonally towards the corner too
        assertThat(fence.breachPredicted(80, 80, -10, 10, 10, 0, 2, 1)).isTrue();
    }

    @Test
    void shouldNotPredictABreachWhenFlyingAwayOrSlowly() {
        // Given the same square and position
        Geofence fence = build(FenceFixtures.fence(FenceFixtures.square(100)), FenceLimits.NONE);

        // When it flies away from the edge, or toward it slowly (1 m to stop)
        // Then no breach is predicted
        assertThat(fence.breachPredicted(80, 0, -10, -10, 0, 0, 2, 5)).isFalse();
        assertThat(fence.breachPredicted(80, 0, -10, 2, 0, 0, 2, 5)).isFalse();
        assertThat(fence.breachPredicted(80, 0, -10, 0, 0, 0, 2, 5)).isFalse();
        // But standing inside the margin counts
        assertThat(fence.breachPredicted(97, 0, -10, 0, 0, 0, 2, 5)).isTrue();
    }

    @Test
    void shouldPredictABreachThroughAThinExclusionZoneBeyondWhichItWouldStop() {
        // Given a square with a 5 m exclusion circle at (50, 0)
        Geofence fence = build(FenceFixtures.fence(FenceFixtures.square(100),
                List.of(FenceFixtures.circle(false, 50, 0, 5))), FenceLimits.NONE);

        // When the vehicle at (30, 0) flies north at 14 m/s braking at 2 m/s²: it stops at (79, 0),
        // 21 m from any boundary, but only after passing through the circle
        // Then a breach is predicted
        assertThat(fence.signedDistanceM(79, 0)).isGreaterThan(20);
        assertThat(fence.breachPredicted(30, 0, -10, 14, 0, 0, 2, 5)).isTrue();
    }

    @Test
    void shouldPredictVerticalBreachesAgainstTheAltitudeLimits() {
        // Given a fence with altitude limits 2..50 m above home and no horizontal zone
        Geofence fence = Geofence.of(FenceFixtures.REF_LAT, FenceFixtures.REF_LON, FenceLimits.altitude(2, 50));

        // When climbing at 5 m/s from 40 m (6.25 m to stop, margin 5)
        // Then a breach is predicted; at 1 m/s it is not
        assertThat(fence.breachPredicted(0, 0, -40, 0, 0, -5, 2, 5)).isTrue();
        assertThat(fence.breachPredicted(0, 0, -40, 0, 0, -1, 2, 5)).isFalse();
        // And descending fast toward the floor is predicted as well
        assertThat(fence.breachPredicted(0, 0, -10, 0, 0, 6, 2, 1)).isTrue();
    }

    @Test
    void shouldBeConservativeForNonFiniteInputs() {
        Geofence fence = build(FenceFixtures.fence(FenceFixtures.square(100)), FenceLimits.NONE);
        assertThat(fence.contains(Double.NaN, 0, 0)).isFalse();
        assertThat(fence.signedDistanceM(0, Double.NaN)).isNaN();
        assertThat(fence.breachPredicted(0, 0, 0, Double.NaN, 0, 0, 2, 5)).isTrue();
        assertThat(fence.breachPredicted(0, 0, 0, 0, 0, 0, 0, 5)).isTrue();
    }

    @Test
    void shouldRefuseASegmentCrossingAnExclusionCircle() {
        // Given a square with a 10 m exclusion circle at (50, 0)
        Geofence fence = build(FenceFixtures.fence(FenceFixtures.square(100),
                List.of(FenceFixtures.circle(false, 50, 0, 10))), FenceLimits.NONE);

        // Then a leg straight through the circle is refused, one that passes 15 m beside it is not
        assertThat(fence.segmentInside(0, 0, -10, 90, 0, -10)).isFalse();
        assertThat(fence.segmentInside(0, 15, -10, 90, 15, -10)).isTrue();
        // And a setpoint along the first leg is clamped at the circle's edge (40 m of 90)
        assertThat(fence.allowedLegFraction(0, 0, -10, 90, 0, -10)).isCloseTo(40.0 / 90.0, offset(1e-3));
        assertThat(fence.allowedLegFraction(0, 15, -10, 90, 15, -10)).isEqualTo(1.0);
    }

    @Test
    void shouldClampALegLeavingThePolygon() {
        Geofence fence = build(FenceFixtures.fence(FenceFixtures.square(100)), FenceLimits.NONE);
        assertThat(fence.allowedLegFraction(0, 0, -10, 200, 0, -10)).isCloseTo(0.5, offset(1e-3));
        assertThat(fence.allowedLegFraction(150, 0, -10, 0, 0, -10)).isEqualTo(0.0);
    }

    @Test
    void shouldApplyAltitudeLimits() {
        // Given a square with altitude limits 2..50 m above home
        Geofence fence = build(FenceFixtures.fence(FenceFixtures.square(100)), FenceLimits.altitude(2, 50));

        // Then only altitudes in the band are allowed (down is negative altitude)
        assertThat(fence.contains(0, 0, -10)).isTrue();
        assertThat(fence.contains(0, 0, -60)).isFalse();
        assertThat(fence.contains(0, 0, -1)).isFalse();
        assertThat(fence.verticalSignedDistanceM(-10)).isEqualTo(8.0);
        // And a climb through the ceiling is refused and clamped at it
        assertThat(fence.segmentInside(0, 0, -10, 0, 0, -90)).isFalse();
        assertThat(fence.allowedLegFraction(0, 0, -10, 0, 0, -90)).isCloseTo(0.5, offset(1e-12));
    }

    @Test
    void shouldApplyTheMaximumHorizontalDistanceAsACircleAboutHome() {
        // Given no plan zones but GF_MAX_HOR_DIST = 50 m, GF_MAX_VER_DIST = 0 (off)
        Geofence fence = Geofence.of(FenceFixtures.REF_LAT, FenceFixtures.REF_LON, FenceLimits.fromPx4(50, 0));

        // Then the vehicle must stay within 50 m of home, at any altitude
        assertThat(fence.contains(40, 0, -1000)).isTrue();
        assertThat(fence.contains(0, -60, -10)).isFalse();
        assertThat(fence.signedDistanceM(0, 0)).isEqualTo(50.0);
    }

    @Test
    void shouldAllowEverythingWithNoZonesAndNoLimits() {
        Geofence fence = Geofence.of(FenceFixtures.REF_LAT, FenceFixtures.REF_LON, FenceLimits.NONE);
        assertThat(fence.hasHorizontalZones()).isFalse();
        assertThat(fence.contains(1e5, -1e5, -1e4)).isTrue();
        assertThat(fence.signedDistanceM(0, 0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(fence.breachPredicted(0, 0, -10, 30, 30, -5, 3, 10)).isFalse();
    }

    @Test
    void shouldKeepTheReturnPoint() {
        Geofence fence = build(FenceFixtures.fence(FenceFixtures.square(100),
                List.of(FenceFixtures.item(org.hoverla.mission.MavCmd.NAV_FENCE_RETURN_POINT, 0, 30, -40,
                        org.hoverla.mission.MissionType.FENCE))), FenceLimits.NONE);
        assertThat(fence.hasReturnPoint()).isTrue();
        assertThat(fence.returnPointNorthM()).isCloseTo(30, offset(CM));
        assertThat(fence.returnPointEastM()).isCloseTo(-40, offset(CM));
    }
}
