package org.hoverla.core.navigation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hoverla.core.navigation.GuidedCommandValidator.ORBIT_ALTITUDE;
import static org.hoverla.core.navigation.GuidedCommandValidator.ORBIT_CENTER;
import static org.hoverla.core.navigation.GuidedCommandValidator.ORBIT_FENCE;
import static org.hoverla.core.navigation.GuidedCommandValidator.ORBIT_RADIUS;
import static org.hoverla.core.navigation.GuidedCommandValidator.ORBIT_SPEED;
import static org.hoverla.core.navigation.GuidedCommandValidator.ORBIT_YAW;
import static org.hoverla.core.navigation.GuidedCommandValidator.REPOSITION_FENCE;
import static org.hoverla.core.navigation.GuidedCommandValidator.REPOSITION_INVALID;
import static org.hoverla.core.navigation.GuidedCommandValidator.ROI_INVALID;

import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.mission.fence.FenceLimits;
import org.hoverla.mission.fence.Geofence;
import org.junit.jupiter.api.Test;

class GuidedCommandValidatorTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double REF_LAT = 47.397742;
    private static final double REF_LON = 8.545594;
    private static final double REF_ALT = 488.0;
    /** MIS_TKO_ALT_MAX, MPC_XY_VEL_MAX, MC_ORBIT_RAD_MAX as the tests set them. */
    private static final double ALT_MAX = 100.0;
    private static final double SPEED_MAX = 12.0;
    private static final double RADIUS_MAX = 1000.0;

    private final GeoRef ref = new GeoRef(REF_LAT, REF_LON, REF_ALT);
    private final VehicleLocalPosition vehicle = new VehicleLocalPosition();
    private final GuidedCommandValidator validator = new GuidedCommandValidator();
    private final GuidedCommandValidator.Reposition reposition = new GuidedCommandValidator.Reposition();
    private final GuidedCommandValidator.Orbit orbit = new GuidedCommandValidator.Orbit();
    private final Vec3 out = new Vec3();

    /** A vehicle hovering 10 m above home, 5 m north of it; home at the frame's reference. */
    GuidedCommandValidatorTest() {
        vehicle.refValid = true;
        vehicle.refLatDeg = REF_LAT;
        vehicle.refLonDeg = REF_LON;
        vehicle.refAltM = REF_ALT;
        vehicle.posNedM.set(5.0, 0.0, -10.0);
        validator.setLimits(ALT_MAX, SPEED_MAX, RADIUS_MAX);
        validator.setVehicle(vehicle, 0.0, null);
    }

    private Vec3 geo(double n, double e, double d) {
        return ref.toGeodetic(n, e, d, new Vec3());
    }

    // ---------------------------------------------------------------- toLocal

    @Test
    void shouldConvertAGeodeticPointToTheLocalFrameAndKeepUnsetCoordinates() {
        // Given a point 30 m north, 40 m east, 20 m above the reference
        Vec3 g = geo(30.0, 40.0, -20.0);
        // Then it converts back to where it is
        assertThat(validator.toLocal(g.x, g.y, g.z, out)).isTrue();
        assertThat(out.x).isCloseTo(30.0, within(1e-6));
        assertThat(out.y).isCloseTo(40.0, within(1e-6));
        assertThat(out.z).isCloseTo(-20.0, within(1e-6));
        // and NaN (MAVLink's unset) keeps the vehicle's coordinates
        assertThat(validator.toLocal(NAN, NAN, NAN, out)).isTrue();
        assertThat(out.x).isEqualTo(5.0);
        assertThat(out.y).isEqualTo(0.0);
        assertThat(out.z).isEqualTo(-10.0);
    }

    @Test
    void shouldRefuseToConvertHalfSetOutOfRangeOrInfiniteCoordinates() {
        assertThat(validator.toLocal(REF_LAT, NAN, NAN, out)).isFalse();
        assertThat(validator.toLocal(NAN, REF_LON, NAN, out)).isFalse();
        assertThat(validator.toLocal(91.0, REF_LON, NAN, out)).isFalse();
        assertThat(validator.toLocal(REF_LAT, -180.5, NAN, out)).isFalse();
        assertThat(validator.toLocal(INF, REF_LON, NAN, out)).isFalse();
        assertThat(validator.toLocal(NAN, NAN, INF, out)).isFalse();
        assertThat(validator.toLocal(NAN, NAN, Double.NEGATIVE_INFINITY, out)).isFalse();
    }

    // ---------------------------------------------------------------- DO_REPOSITION

    @Test
    void shouldAcceptARepositionWithItsTargetSpeedAndWrappedHeading() {
        // Given a target 50 m east at 20 m above home, 3 m/s, heading 3π/2 rad
        Vec3 g = geo(0.0, 50.0, -20.0);
        // When it is checked
        String refusal = validator.reposition(3.0, 1.5 * Math.PI, g.x, g.y, g.z, reposition);
        // Then it is accepted with the local target, the speed and the heading wrapped to ±π
        assertThat(refusal).isEmpty();
        assertThat(reposition.targetNedM.y).isCloseTo(50.0, within(1e-6));
        assertThat(reposition.targetNedM.z).isCloseTo(-20.0, within(1e-6));
        assertThat(reposition.speedMps).isEqualTo(3.0);
        assertThat(reposition.yawRad).isCloseTo(-0.5 * Math.PI, within(1e-12));
    }

    @Test
    void shouldLeaveSpeedAndHeadingUnchangedWhenARepositionDoesNotSetThem() {
        // Given QGC's change altitude: speed -1, heading NaN, only the altitude set
        String refusal = validator.reposition(-1.0, NAN, NAN, NAN, REF_ALT + 18.0, reposition);
        // Then the vehicle keeps its place, speed and heading and changes its height
        assertThat(refusal).isEmpty();
        assertThat(reposition.speedMps).isNaN();
        assertThat(reposition.yawRad).isNaN();
        assertThat(reposition.targetNedM.x).isEqualTo(5.0);
        assertThat(reposition.targetNedM.z).isCloseTo(-18.0, within(1e-9));
        // and a speed above MPC_XY_VEL_MAX or zero is ignored, not refused
        assertThat(validator.reposition(SPEED_MAX + 1.0, NAN, NAN, NAN, NAN, reposition)).isEmpty();
        assertThat(reposition.speedMps).isNaN();
        assertThat(validator.reposition(0.0, NAN, NAN, NAN, NAN, reposition)).isEmpty();
        assertThat(reposition.speedMps).isNaN();
        assertThat(validator.reposition(SPEED_MAX, NAN, NAN, NAN, NAN, reposition)).isEmpty();
        assertThat(reposition.speedMps).isEqualTo(SPEED_MAX);
    }

    @Test
    void shouldRefuseARepositionItCannotFly() {
        Vec3 far = geo(10_006.0, 0.0, -10.0);
        Vec3 limit = geo(10_004.0, 0.0, -10.0);
        // infinite heading, bad coordinates
        assertThat(validator.reposition(-1.0, INF, NAN, NAN, NAN, reposition)).isEqualTo(REPOSITION_INVALID);
        assertThat(validator.reposition(-1.0, NAN, 91.0, REF_LON, NAN, reposition)).isEqualTo(REPOSITION_INVALID);
        assertThat(validator.reposition(-1.0, NAN, REF_LAT, NAN, NAN, reposition)).isEqualTo(REPOSITION_INVALID);
        assertThat(validator.reposition(-1.0, NAN, NAN, NAN, INF, reposition)).isEqualTo(REPOSITION_INVALID);
        // infinite speed (NaN or -1 is the current one)
        assertThat(validator.reposition(INF, NAN, NAN, NAN, NAN, reposition)).isEqualTo(REPOSITION_INVALID);
        assertThat(validator.reposition(-INF, NAN, NAN, NAN, NAN, reposition)).isEqualTo(REPOSITION_INVALID);
        // farther than 10 km from the vehicle
        assertThat(validator.reposition(-1.0, NAN, far.x, far.y, NAN, reposition)).isEqualTo(REPOSITION_INVALID);
        assertThat(validator.reposition(-1.0, NAN, limit.x, limit.y, NAN, reposition)).isEmpty();
        // below 1 m or above MIS_TKO_ALT_MAX over home
        assertThat(validator.reposition(-1.0, NAN, NAN, NAN, REF_ALT + 0.5, reposition)).isEqualTo(REPOSITION_INVALID);
        assertThat(validator.reposition(-1.0, NAN, NAN, NAN, REF_ALT + 1.0, reposition)).isEmpty();
        assertThat(validator.reposition(-1.0, NAN, NAN, NAN, REF_ALT + ALT_MAX + 0.1, reposition))
                .isEqualTo(REPOSITION_INVALID);
        assertThat(validator.reposition(-1.0, NAN, NAN, NAN, REF_ALT + ALT_MAX, reposition)).isEmpty();
    }

    @Test
    void shouldJudgeTheRepositionHeightAboveHomeNotTheReference() {
        // Given home 30 m above the frame's reference (down = -30)
        validator.setVehicle(vehicle, -30.0, null);
        // Then 20 m above the reference is below home and refused, 35 m is 5 m above home
        assertThat(validator.reposition(-1.0, NAN, NAN, NAN, REF_ALT + 20.0, reposition)).isEqualTo(REPOSITION_INVALID);
        assertThat(validator.reposition(-1.0, NAN, NAN, NAN, REF_ALT + 35.0, reposition)).isEmpty();
    }

    @Test
    void shouldRefuseARepositionWhoseWayLeavesTheGeofence() {
        // Given a 100 m fence circle around home
        validator.setVehicle(vehicle, 0.0, Geofence.of(REF_LAT, REF_LON, new FenceLimits(-INF, INF, 100.0)));
        Vec3 outside = geo(150.0, 0.0, -10.0);
        Vec3 inside = geo(80.0, 0.0, -10.0);
        // Then a target outside is refused for the fence, one inside accepted
        assertThat(validator.reposition(-1.0, NAN, outside.x, outside.y, NAN, reposition)).isEqualTo(REPOSITION_FENCE);
        assertThat(validator.reposition(-1.0, NAN, inside.x, inside.y, NAN, reposition)).isEmpty();
    }

    // ---------------------------------------------------------------- DO_ORBIT

    @Test
    void shouldStartAnOrbitAroundTheVehicleWithPx4sDefaultsWhenOnlyTheRadiusIsGiven() {
        // Given not orbiting, DO_ORBIT with radius 20 m and everything else NaN
        String refusal = validator.orbit(20.0, NAN, NAN, NAN, NAN, NAN, null, orbit);
        // Then the circle is centred on the vehicle at its height, 1 m/s, front to the centre
        assertThat(refusal).isEmpty();
        assertThat(orbit.radiusM).isEqualTo(20.0);
        assertThat(orbit.speedMps).isEqualTo(GuidedCommandValidator.ORBIT_DEFAULT_SPEED_MPS);
        assertThat(orbit.speedCapped).isFalse();
        assertThat(orbit.yawBehaviour).isEqualTo(OrbitTrajectory.YAW_FRONT_TO_CENTER);
        assertThat(orbit.centerNedM.x).isEqualTo(5.0);
        assertThat(orbit.centerNedM.z).isEqualTo(-10.0);
    }

    @Test
    void shouldConvertTheOrbitCentreAndKeepTheDirectionSignAndYawBehaviour() {
        // Given a counter-clockwise 30 m orbit at 4 m/s around a point 60 m east, 15 m up, tangent yaw
        Vec3 g = geo(0.0, 60.0, -15.0);
        String refusal = validator.orbit(-30.0, 4.0, 3.0, g.x, g.y, g.z, null, orbit);
        assertThat(refusal).isEmpty();
        assertThat(orbit.radiusM).isEqualTo(-30.0);
        assertThat(orbit.speedMps).isEqualTo(4.0);
        assertThat(orbit.yawBehaviour).isEqualTo(OrbitTrajectory.YAW_FRONT_TANGENT);
        assertThat(orbit.centerNedM.y).isCloseTo(60.0, within(1e-6));
        assertThat(orbit.centerNedM.z).isCloseTo(-15.0, within(1e-6));
    }

    @Test
    void shouldKeepTheCurrentOrbitForWhatANewDoOrbitLeavesUnset() {
        // Given an orbit flown: 25 m around (40, 10, -12) at 3 m/s holding the initial heading
        GuidedCommandValidator.Orbit current = new GuidedCommandValidator.Orbit();
        current.centerNedM.set(40.0, 10.0, -12.0);
        current.radiusM = 25.0;
        current.speedMps = 3.0;
        current.yawBehaviour = OrbitTrajectory.YAW_HOLD_INITIAL_HEADING;
        // When QGC changes only the radius (others NaN) and then sends UNCHANGED yaw
        assertThat(validator.orbit(35.0, NAN, NAN, NAN, NAN, NAN, current, orbit)).isEmpty();
        // Then centre, height, speed and yaw are the current ones
        assertThat(orbit.radiusM).isEqualTo(35.0);
        assertThat(orbit.speedMps).isEqualTo(3.0);
        assertThat(orbit.yawBehaviour).isEqualTo(OrbitTrajectory.YAW_HOLD_INITIAL_HEADING);
        assertThat(orbit.centerNedM.x).isEqualTo(40.0);
        assertThat(orbit.centerNedM.y).isEqualTo(10.0);
        assertThat(orbit.centerNedM.z).isEqualTo(-12.0);
        assertThat(validator.orbit(NAN, NAN, OrbitTrajectory.YAW_UNCHANGED, NAN, NAN, NAN, current, orbit)).isEmpty();
        assertThat(orbit.radiusM).isEqualTo(25.0);
        assertThat(orbit.yawBehaviour).isEqualTo(OrbitTrajectory.YAW_HOLD_INITIAL_HEADING);
    }

    @Test
    void shouldCapTheOrbitSpeedSoTheCircleCanBeHeld() {
        // Given a 2 m circle asked at 10 m/s (2 m/s² allows 2 m/s)
        assertThat(validator.orbit(2.0, 10.0, 0.0, NAN, NAN, NAN, null, orbit)).isEmpty();
        // Then the speed is capped and the cap reported
        assertThat(orbit.speedMps).isCloseTo(OrbitTrajectory.maxSpeedMps(2.0, OrbitTrajectory.ACCEL_MAX_MPS2),
                within(1e-12));
        assertThat(orbit.speedCapped).isTrue();
    }

    @Test
    void shouldRefuseOrbitArgumentsItCannotFly() {
        Vec3 far = geo(20_000.0, 0.0, 0.0);
        // radius: zero, below 1 m, above MC_ORBIT_RAD_MAX, NaN when not orbiting, infinite
        for (double radius : new double[] {0.0, 0.5, -2000.0, NAN, INF}) {
            assertThat(validator.orbit(radius, 2.0, 0.0, NAN, NAN, NAN, null, orbit)).as("radius %s", radius)
                    .isEqualTo(ORBIT_RADIUS);
        }
        // speed: negative, above MPC_XY_VEL_MAX, infinite
        for (double speed : new double[] {-1.0, 50.0, INF}) {
            assertThat(validator.orbit(10.0, speed, 0.0, NAN, NAN, NAN, null, orbit)).as("speed %s", speed)
                    .isEqualTo(ORBIT_SPEED);
        }
        // yaw: RC_CONTROLLED, not a behaviour, infinite
        for (double yaw : new double[] {4.0, 0.5, 6.0, INF}) {
            assertThat(validator.orbit(10.0, 2.0, yaw, NAN, NAN, NAN, null, orbit)).as("yaw %s", yaw)
                    .isEqualTo(ORBIT_YAW);
        }
        // centre: out of range, half set, too far, infinite altitude
        assertThat(validator.orbit(10.0, 2.0, 0.0, 91.0, 30.0, NAN, null, orbit)).isEqualTo(ORBIT_CENTER);
        assertThat(validator.orbit(10.0, 2.0, 0.0, 50.4, NAN, NAN, null, orbit)).isEqualTo(ORBIT_CENTER);
        assertThat(validator.orbit(10.0, 2.0, 0.0, far.x, far.y, NAN, null, orbit)).isEqualTo(ORBIT_CENTER);
        assertThat(validator.orbit(10.0, 2.0, 0.0, NAN, NAN, INF, null, orbit)).isEqualTo(ORBIT_CENTER);
        // altitude: below 1 m or above MIS_TKO_ALT_MAX over home
        assertThat(validator.orbit(10.0, 2.0, 0.0, NAN, NAN, REF_ALT - 5.0, null, orbit)).isEqualTo(ORBIT_ALTITUDE);
        assertThat(validator.orbit(10.0, 2.0, 0.0, NAN, NAN, REF_ALT + ALT_MAX + 1.0, null, orbit))
                .isEqualTo(ORBIT_ALTITUDE);
    }

    @Test
    void shouldAcceptTheOrbitLimitsThemselves() {
        assertThat(validator.orbit(GuidedCommandValidator.ORBIT_RADIUS_MIN_M, 0.0, 0.0, NAN, NAN, NAN, null, orbit))
                .isEmpty();
        assertThat(validator.orbit(-RADIUS_MAX, SPEED_MAX, 2.0, NAN, NAN, REF_ALT + ALT_MAX, null, orbit)).isEmpty();
        assertThat(orbit.yawBehaviour).isEqualTo(OrbitTrajectory.YAW_UNCONTROLLED);
    }

    @Test
    void shouldRefuseAnOrbitWhoseCircleOrWayThereLeavesTheGeofence() {
        // Given a 100 m fence circle around home, the vehicle 5 m north of home
        validator.setVehicle(vehicle, 0.0, Geofence.of(REF_LAT, REF_LON, new FenceLimits(-INF, INF, 100.0)));
        Vec3 centre = geo(60.0, 0.0, -10.0);
        // Then a 50 m circle about a point 60 m north crosses the fence, a 30 m one does not
        assertThat(validator.orbit(50.0, 2.0, 0.0, centre.x, centre.y, NAN, null, orbit)).isEqualTo(ORBIT_FENCE);
        assertThat(validator.orbit(30.0, 2.0, 0.0, centre.x, centre.y, NAN, null, orbit)).isEmpty();
        // and a circle about a point outside the fence is refused even when the vehicle is inside
        Vec3 outside = geo(300.0, 0.0, -10.0);
        assertThat(validator.orbit(10.0, 2.0, 0.0, outside.x, outside.y, NAN, null, orbit)).isEqualTo(ORBIT_FENCE);
    }

    // ---------------------------------------------------------------- DO_SET_ROI_LOCATION

    @Test
    void shouldConvertARegionOfInterest() {
        // Given QGC's ROI: a point 40 m north, 30 m east at the terrain's altitude
        Vec3 g = geo(40.0, 30.0, 0.0);
        assertThat(validator.roi(g.x, g.y, REF_ALT, out)).isEmpty();
        assertThat(out.x).isCloseTo(40.0, within(1e-6));
        assertThat(out.y).isCloseTo(30.0, within(1e-6));
        assertThat(out.z).isCloseTo(0.0, within(1e-9));
        // and without an altitude the point is at the vehicle's height
        assertThat(validator.roi(g.x, g.y, NAN, out)).isEmpty();
        assertThat(out.z).isEqualTo(-10.0);
    }

    @Test
    void shouldRefuseARegionOfInterestItCannotFace() {
        Vec3 far = geo(10_006.0, 0.0, 0.0);
        assertThat(validator.roi(NAN, NAN, NAN, out)).isEqualTo(ROI_INVALID);
        assertThat(validator.roi(REF_LAT, NAN, REF_ALT, out)).isEqualTo(ROI_INVALID);
        assertThat(validator.roi(NAN, REF_LON, REF_ALT, out)).isEqualTo(ROI_INVALID);
        assertThat(validator.roi(91.0, REF_LON, REF_ALT, out)).isEqualTo(ROI_INVALID);
        assertThat(validator.roi(REF_LAT, REF_LON, INF, out)).isEqualTo(ROI_INVALID);
        assertThat(validator.roi(far.x, far.y, REF_ALT, out)).isEqualTo(ROI_INVALID);
    }
}
