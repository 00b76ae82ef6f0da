package org.hoverla.core.navigation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.core.math.Vec3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrbitTrajectoryTest {
    private static final double DT = 0.02;
    private static final double ACCEL = OrbitTrajectory.ACCEL_MAX_MPS2;

    private final OrbitTrajectory orbit = new OrbitTrajectory();
    private final Vec3 pos = new Vec3();
    private final Vec3 vel = new Vec3();
    private final Vec3 acc = new Vec3();
    private final Vec3 zero = new Vec3();

    /** Steps the trajectory with an ideal vehicle that sits on its setpoint. */
    private void fly(double seconds, Vec3 vehicle) {
        for (int i = 0; i < Math.round(seconds / DT); i++) {
            orbit.update(DT, pos, vel, acc);
            vehicle.set(pos);
        }
    }

    @ParameterizedTest(name = "radius {0} m at {1} m/s")
    @CsvSource({"10, 3", "-10, 3", "25, 5", "-4, 2", "1, 1"})
    void shouldCircleTheCentreAtTheRadiusAndSpeedInTheCommandedDirection(double radius, double speed) {
        // Given a vehicle on the circle, east of a centre at (100, 50) at 20 m height
        Vec3 vehicle = new Vec3(100.0, 50.0 + Math.abs(radius), -20.0);
        assertThat(orbit.start(100.0, 50.0, -20.0, radius, speed, 5.0, ACCEL, vehicle, zero)).isTrue();
        fly(10.0, vehicle);
        // When it orbits for a while
        double turned = 0.0;
        double before = Math.atan2(vehicle.y - 50.0, vehicle.x - 100.0);
        for (int i = 0; i < 500; i++) {
            orbit.update(DT, pos, vel, acc);
            // Then each setpoint is on the circle, at the orbit's height, with tangential speed
            // and the centripetal acceleration pointing at the centre
            assertThat(Math.hypot(pos.x - 100.0, pos.y - 50.0)).isCloseTo(Math.abs(radius), within(1e-9));
            assertThat(pos.z).isEqualTo(-20.0);
            double expectedSpeed = Math.min(speed, Math.sqrt(ACCEL * Math.abs(radius)));
            assertThat(vel.normXy()).isCloseTo(expectedSpeed, within(1e-9));
            assertThat(acc.normXy()).isCloseTo(expectedSpeed * expectedSpeed / Math.abs(radius), within(1e-9));
            assertThat(acc.x * (pos.x - 100.0) + acc.y * (pos.y - 50.0)).isLessThan(0.0);
            double now = Math.atan2(pos.y - 50.0, pos.x - 100.0);
            turned += OrbitTrajectory.wrapPi(now - before);
            before = now;
        }
        // and it turns clockwise (north → east, bearing grows) for a positive radius
        assertThat(Math.signum(turned)).isEqualTo(Math.signum(radius));
        assertThat(Math.abs(turned)).isCloseTo(Math.min(speed, Math.sqrt(ACCEL * Math.abs(radius))) / Math.abs(radius)
                * 500 * DT, within(1e-6));
    }

    @Test
    void shouldCapTheSpeedSoTheCentripetalAccelerationStaysWithinTheLimit() {
        // Given a tight circle asked to be flown fast: 5 m at 10 m/s would need 20 m/s²
        Vec3 vehicle = new Vec3(5.0, 0.0, -10.0);
        orbit.start(0.0, 0.0, -10.0, 5.0, 10.0, 5.0, ACCEL, vehicle, zero);
        fly(20.0, vehicle);
        // Then it flies at sqrt(a·r) and never asks for more than the limit
        assertThat(orbit.targetSpeedMps()).isCloseTo(Math.sqrt(10.0), within(1e-12));
        assertThat(OrbitTrajectory.maxSpeedMps(-5.0, ACCEL)).isCloseTo(Math.sqrt(10.0), within(1e-12));
        orbit.update(DT, pos, vel, acc);
        assertThat(acc.normXy()).isLessThanOrEqualTo(ACCEL + 1e-9);
    }

    @Test
    void shouldRampTheSpeedUpWithinTheAccelerationLimit() {
        // Given a vehicle at rest on the circle
        Vec3 vehicle = new Vec3(20.0, 0.0, -10.0);
        orbit.start(0.0, 0.0, -10.0, 20.0, 5.0, 5.0, ACCEL, vehicle, zero);
        // When it starts, the setpoint speed grows by at most a·dt per step
        double last = 0.0;
        for (int i = 0; i < 200; i++) {
            orbit.update(DT, pos, vel, acc);
            assertThat(vel.normXy() - last).isLessThanOrEqualTo(ACCEL * DT + 1e-12);
            last = vel.normXy();
        }
        assertThat(last).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void shouldApproachTheNearestPointOfTheCircleFirst() {
        // Given a vehicle 50 m north of the centre, 10 m below the orbit height, radius 20 m
        Vec3 vehicle = new Vec3(50.0, 0.0, -5.0);
        orbit.start(0.0, 0.0, -15.0, -20.0, 3.0, 5.0, ACCEL, vehicle, zero);
        // Then it first flies a line (no centripetal feed-forward)
        assertThat(orbit.isApproaching()).isTrue();
        orbit.update(DT, pos, vel, acc);
        assertThat(acc.isFinite()).isFalse();
        // and reaches the circle at its northern point, at the orbit height, then circles
        fly(30.0, vehicle);
        assertThat(orbit.isApproaching()).isFalse();
        assertThat(Math.hypot(vehicle.x, vehicle.y)).isCloseTo(20.0, within(1e-6));
        assertThat(vehicle.z).isEqualTo(-15.0);
    }

    @Test
    void shouldRestartOnTheCircleKeepingTheTangentialSpeed() {
        // Given a vehicle on the circle moving clockwise at 3 m/s (at the north point: east)
        Vec3 vehicle = new Vec3(10.0, 0.0, -10.0);
        orbit.start(0.0, 0.0, -10.0, 10.0, 3.0, 5.0, ACCEL, vehicle, new Vec3(0.0, 3.0, 0.0));
        // Then it continues without an approach and without slowing down
        assertThat(orbit.isApproaching()).isFalse();
        orbit.update(DT, pos, vel, acc);
        assertThat(vel.normXy()).isCloseTo(3.0, within(1e-9));
        assertThat(vel.y).isGreaterThan(2.9);
    }

    @Test
    void shouldPointTheNoseAsTheYawBehaviourSays() {
        // Given a clockwise orbit around the origin and a vehicle north of it
        Vec3 vehicle = new Vec3(10.0, 0.0, -10.0);
        orbit.start(0.0, 0.0, -10.0, 10.0, 2.0, 5.0, ACCEL, vehicle, zero);
        // Then front-to-centre looks south, tangent looks east (the way it moves), hold keeps
        // the initial heading and uncontrolled gives none
        assertThat(orbit.yawRad(OrbitTrajectory.YAW_FRONT_TO_CENTER, vehicle, 0.3)).isCloseTo(Math.PI, within(1e-12));
        assertThat(orbit.yawRad(OrbitTrajectory.YAW_FRONT_TANGENT, vehicle, 0.3)).isCloseTo(0.5 * Math.PI, within(1e-12));
        assertThat(orbit.yawRad(OrbitTrajectory.YAW_HOLD_INITIAL_HEADING, vehicle, 0.3)).isEqualTo(0.3);
        assertThat(orbit.yawRad(OrbitTrajectory.YAW_UNCONTROLLED, vehicle, 0.3)).isNaN();
        // and counter-clockwise the tangent looks west
        orbit.start(0.0, 0.0, -10.0, -10.0, 2.0, 5.0, ACCEL, vehicle, zero);
        assertThat(orbit.yawRad(OrbitTrajectory.YAW_FRONT_TANGENT, vehicle, 0.3)).isCloseTo(-0.5 * Math.PI, within(1e-12));
    }

    @Test
    void shouldHoldTheLastHeadingAtTheCentre() {
        // Given a vehicle exactly at the centre (DO_ORBIT with NaN centre)
        Vec3 vehicle = new Vec3(0.0, 0.0, -10.0);
        orbit.start(0.0, 0.0, -10.0, 10.0, 2.0, 5.0, ACCEL, vehicle, zero);
        orbit.setFallbackYaw(1.0);
        // Then the bearing is undefined and the heading is held
        assertThat(orbit.yawRad(OrbitTrajectory.YAW_FRONT_TO_CENTER, vehicle, 0.0)).isEqualTo(1.0);
    }

    @Test
    void shouldRefuseNonFiniteOrZeroInputs() {
        Vec3 vehicle = new Vec3();
        assertThat(orbit.start(0, 0, 0, 0.0, 1, 5, ACCEL, vehicle, zero)).isFalse();
        assertThat(orbit.start(0, 0, 0, Double.NaN, 1, 5, ACCEL, vehicle, zero)).isFalse();
        assertThat(orbit.start(0, 0, 0, 10, -1, 5, ACCEL, vehicle, zero)).isFalse();
        assertThat(orbit.start(0, 0, 0, 10, Double.POSITIVE_INFINITY, 5, ACCEL, vehicle, zero)).isFalse();
        assertThat(orbit.start(Double.NaN, 0, 0, 10, 1, 5, ACCEL, vehicle, zero)).isFalse();
        assertThat(orbit.start(0, 0, 0, 10, 1, 5, 0.0, vehicle, zero)).isFalse();
        assertThat(orbit.isActive()).isFalse();
        assertThat(orbit.update(DT, pos, vel, acc)).isFalse();
    }

    @Test
    void shouldFaceTheRegionOfInterestAndHoldWhenOnTopOfIt() {
        assertThat(RoiYaw.yawRad(0, 0, 10, 0, 0.7)).isCloseTo(0.0, within(1e-12));
        assertThat(RoiYaw.yawRad(0, 0, 0, 10, 0.7)).isCloseTo(0.5 * Math.PI, within(1e-12));
        assertThat(RoiYaw.yawRad(0, 0, -10, 0.0, 0.7)).isCloseTo(Math.PI, within(1e-12));
        assertThat(RoiYaw.yawRad(5, 5, 5.2, 5.3, 0.7)).isEqualTo(0.7);
        assertThat(RoiYaw.yawRad(0, 0, Double.NaN, 1, 0.7)).isEqualTo(0.7);
    }
}
