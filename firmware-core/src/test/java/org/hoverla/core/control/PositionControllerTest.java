package org.hoverla.core.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.junit.jupiter.api.Test;

class PositionControllerTest {

    private static final double DT = 0.02;
    private static final double NAN = Double.NaN;

    private static PositionController tuned() {
        PositionController c = new PositionController();
        c.setPositionGains(0.95, 1.0);
        c.setVelocityGains(1.8, 0.4, 0.2, 4.0, 2.0, 0.0);
        c.setLimits(12.0, 3.0, 1.5, Math.toRadians(35.0), 0.12, 0.9);
        c.setHoverThrust(0.45);
        c.setHorizontalThrustMargin(0.3);
        return c;
    }

    private static Vec3 nanVec() {
        return new Vec3().setNaN();
    }

    @Test
    void shouldOutputHoverThrustForAllZeroInput() {
        // Given a tuned controller at the setpoint, at rest
        PositionController c = tuned();
        Vec3 thr = new Vec3();
        // When all inputs are zero
        boolean ok = c.update(new Vec3(), new Vec3(), new Vec3(), new Vec3(), new Vec3(), DT, thr);
        // Then the thrust is exactly level hover
        assertThat(ok).isTrue();
        assertThat(thr.x).isZero();
        assertThat(thr.y).isZero();
        assertThat(thr.z).isCloseTo(-0.45, within(1e-12));
    }

    @Test
    void shouldCapTheClimbBelowTheClimbLimitUntilItIsLifted() {
        // Given a controller asked to climb at 2 m/s from rest, under a 0.5 m/s climb limit
        PositionController c = tuned();
        Vec3 thr = new Vec3();
        Vec3 vel = new Vec3();
        assertThat(c.setClimbLimit(0.5)).isTrue();
        // When it runs
        c.update(new Vec3(), new Vec3(), nanVec(), new Vec3(0, 0, -2.0), nanVec(), DT, thr);
        c.velocitySetpoint(vel);
        // Then the velocity it flies is capped at 0.5 m/s up
        assertThat(vel.z).isCloseTo(-0.5, within(1e-12));
        // When the limit is lifted, the full 2 m/s is flown; bad limits are refused
        assertThat(c.setClimbLimit(Double.POSITIVE_INFINITY)).isTrue();
        assertThat(c.setClimbLimit(Double.NaN)).isFalse();
        assertThat(c.setClimbLimit(-1.0)).isFalse();
        c.update(new Vec3(), new Vec3(), nanVec(), new Vec3(0, 0, -2.0), nanVec(), DT, thr);
        c.velocitySetpoint(vel);
        assertThat(vel.z).isCloseTo(-2.0, within(1e-12));
    }

    @Test
    void shouldHoverAtPositionSetpointWithNaNFeedForward() {
        // Given the vehicle sitting exactly at its position setpoint, NaN velocity and accel
        PositionController c = tuned();
        Vec3 thr = new Vec3();
        Vec3 pos = new Vec3(3, -4, -10);
        // When updating repeatedly
        for (int k = 0; k < 100; k++) {
            assertThat(c.update(pos, new Vec3(), new Vec3(3, -4, -10), nanVec(), nanVec(), DT, thr)).isTrue();
        }
        // Then the thrust stays at hover
        assertThat(thr.z).isCloseTo(-0.45, within(1e-12));
        assertThat(thr.normXy()).isZero();
    }

    @Test
    void shouldPushTowardsTheSetpointInEachDirection() {
        // Given a controller
        PositionController c = tuned();
        Vec3 thr = new Vec3();
        // When the setpoint is 2 m north, east, or up
        c.update(new Vec3(), new Vec3(), new Vec3(2, 0, 0), nanVec(), nanVec(), DT, thr);
        // Then thrust tilts north (x > 0) while still lifting
        assertThat(thr.x).isPositive();
        assertThat(thr.z).isNegative();
        c.resetIntegrator();
        c.update(new Vec3(), new Vec3(), new Vec3(0, 2, 0), nanVec(), nanVec(), DT, thr);
        assertThat(thr.y).isPositive();
        c.resetIntegrator();
        c.update(new Vec3(), new Vec3(), new Vec3(0, 0, -2), nanVec(), nanVec(), DT, thr);
        assertThat(thr.z).isLessThan(-0.45);
    }

    @Test
    void shouldRespectTiltAndThrustLimitsForHugeHorizontalError() {
        // Given a 35 degree tilt limit
        PositionController c = tuned();
        Vec3 thr = new Vec3();
        Vec3 vsp = new Vec3();
        for (double az = 0; az < 2 * Math.PI; az += Math.PI / 6) {
            // When the setpoint is 10 km away in direction az, for many steps
            for (int k = 0; k < 200; k++) {
                c.update(new Vec3(), new Vec3(), new Vec3(1e4 * Math.cos(az), 1e4 * Math.sin(az), 0), nanVec(), nanVec(), DT, thr);
                // Then the thrust tilt never exceeds the limit and the magnitude stays in range
                double tilt = Math.atan2(thr.normXy(), -thr.z);
                assertThat(tilt).isLessThanOrEqualTo(Math.toRadians(35.0) + 1e-9);
                assertThat(thr.norm()).isLessThanOrEqualTo(0.9 + 1e-12).isGreaterThanOrEqualTo(0.12);
            }
            // And the horizontal velocity setpoint is limited by norm
            c.velocitySetpoint(vsp);
            assertThat(vsp.normXy()).isCloseTo(12.0, within(1e-9));
            // And the push is towards the setpoint
            assertThat(thr.x * Math.cos(az) + thr.y * Math.sin(az)).isPositive();
        }
    }

    @Test
    void shouldGiveVerticalThrustPriorityKeepingHorizontalMargin() {
        // Given a huge climb and a huge horizontal demand together
        PositionController c = tuned();
        Vec3 thr = new Vec3();
        Vec3 vsp = new Vec3();
        // When updating
        c.update(new Vec3(), new Vec3(), new Vec3(1e4, 0, -1e4), nanVec(), nanVec(), DT, thr);
        // Then vertical thrust gets max thrust minus the horizontal margin, horizontal the margin
        assertThat(thr.z).isCloseTo(-Math.sqrt(0.9 * 0.9 - 0.3 * 0.3), within(1e-9));
        assertThat(thr.normXy()).isCloseTo(0.3, within(1e-9));
        assertThat(thr.norm()).isCloseTo(0.9, within(1e-9));
        // And climb rate is limited to the up limit
        c.velocitySetpoint(vsp);
        assertThat(vsp.z).isEqualTo(-3.0);
        // When the demand is a huge descent instead
        c.resetIntegrator();
        c.update(new Vec3(), new Vec3(), new Vec3(0, 0, 1e4), nanVec(), nanVec(), DT, thr);
        c.velocitySetpoint(vsp);
        // Then descent rate is limited and thrust does not go below minimum
        assertThat(vsp.z).isEqualTo(1.5);
        assertThat(-thr.z).isGreaterThanOrEqualTo(0.12 - 1e-12);
    }

    @Test
    void shouldFollowNaNAxisSemantics() {
        // Given a controller
        PositionController c = tuned();
        Vec3 thr = new Vec3();
        Vec3 vsp = new Vec3();
        Vec3 pos = new Vec3(1, 2, -5);
        // When x has position and feed-forward, y velocity only, z neither
        c.update(pos, new Vec3(), new Vec3(3, NAN, NAN), new Vec3(0.5, -1.0, NAN), nanVec(), DT, thr);
        c.velocitySetpoint(vsp);
        // Then x = kp * error + feed-forward, y = velocity setpoint, z holds zero velocity
        assertThat(vsp.x).isCloseTo(0.95 * 2 + 0.5, within(1e-12));
        assertThat(vsp.y).isEqualTo(-1.0);
        assertThat(vsp.z).isEqualTo(0.0);
        // When the position state is NaN on an axis whose position is not controlled
        assertThat(c.update(new Vec3(NAN, NAN, -5), new Vec3(), new Vec3(NAN, NAN, -5), new Vec3(1, 0, NAN), nanVec(), DT, thr)).isTrue();
        // Then velocity control still works there
        c.velocitySetpoint(vsp);
        assertThat(vsp.x).isEqualTo(1.0);
        // When nothing is controlled and the vehicle drifts east at 2 m/s
        c.resetIntegrator();
        c.update(pos, new Vec3(0, 2, 0), nanVec(), nanVec(), nanVec(), DT, thr);
        // Then it brakes (thrust points west)
        assertThat(thr.y).isNegative();
    }

    @Test
    void shouldAddAccelerationFeedForward() {
        // Given a controller at rest on its setpoint
        PositionController c = tuned();
        Vec3 thr = new Vec3();
        // When asking for 1 m/s^2 north as feed-forward
        c.update(new Vec3(), new Vec3(), new Vec3(), new Vec3(), new Vec3(1, 0, 0), DT, thr);
        // Then horizontal thrust corresponds to 1 m/s^2 at hover scaling
        assertThat(thr.x).isCloseTo(0.45 / PositionController.G, within(1e-12));
        assertThat(thr.z).isCloseTo(-0.45, within(1e-12));
    }

    @Test
    void shouldRejectNonFiniteStateAndSetpointsWithoutTouchingIntegrators() {
        // Given a controller with a non-zero integrator
        PositionController c = tuned();
        Vec3 thr = new Vec3();
        for (int k = 0; k < 50; k++) {
            c.update(new Vec3(), new Vec3(), new Vec3(1, 1, -1), nanVec(), nanVec(), DT, thr);
        }
        Vec3 before = new Vec3();
        c.integrator(before);
        assertThat(before.norm()).isPositive();
        Vec3 inf = new Vec3(Double.POSITIVE_INFINITY, 0, 0);
        Vec3[][] bad = {
            {new Vec3(NAN, 0, 0), new Vec3(), new Vec3(1, 1, -1), nanVec(), nanVec()},
            {new Vec3(), new Vec3(0, NAN, 0), new Vec3(1, 1, -1), nanVec(), nanVec()},
            {new Vec3(), new Vec3(), inf, nanVec(), nanVec()},
            {new Vec3(), new Vec3(), nanVec(), inf, nanVec()},
            {new Vec3(), new Vec3(), nanVec(), nanVec(), inf},
        };
        for (Vec3[] in : bad) {
            // When state or setpoint is invalid
            thr.set(1, 2, 3);
            boolean ok = c.update(in[0], in[1], in[2], in[3], in[4], DT, thr);
            // Then the step is refused with a level hover thrust
            assertThat(ok).isFalse();
            assertThat(thr.x).isZero();
            assertThat(thr.y).isZero();
            assertThat(thr.z).isEqualTo(-0.45);
        }
        // And bad time steps are refused too
        assertThat(c.update(new Vec3(), new Vec3(), new Vec3(), nanVec(), nanVec(), 0.0, thr)).isFalse();
        assertThat(c.update(new Vec3(), new Vec3(), new Vec3(), nanVec(), nanVec(), NAN, thr)).isFalse();
        // And the integrator is untouched
        Vec3 after = new Vec3();
        c.integrator(after);
        assertThat(after.x).isEqualTo(before.x);
        assertThat(after.y).isEqualTo(before.y);
        assertThat(after.z).isEqualTo(before.z);
        // And a valid update afterwards works
        assertThat(c.update(new Vec3(), new Vec3(), new Vec3(1, 1, -1), nanVec(), nanVec(), DT, thr)).isTrue();
        assertThat(thr.isFinite()).isTrue();
    }

    @Test
    void shouldNotWindUpVerticalIntegratorAgainstThrustLimit() {
        // Given a climb demand that saturates max thrust (P alone)
        PositionController c = tuned();
        c.setVelocityGains(1.8, 0.4, 0.0, 20.0, 2.0, 0.0);
        Vec3 thr = new Vec3();
        Vec3 integ = new Vec3();
        // When climbing at the limit for 10 s without actually moving
        for (int k = 0; k < 500; k++) {
            c.update(new Vec3(), new Vec3(), new Vec3(0, 0, -100), nanVec(), nanVec(), DT, thr);
        }
        // Then the vertical integrator did not grow
        c.integrator(integ);
        assertThat(integ.z).isZero();
        assertThat(thr.z).isCloseTo(-0.9, within(1e-9));
    }

    @Test
    void shouldBoundHorizontalIntegratorWhenSaturated() {
        // Given a horizontal demand saturated by the tilt limit
        PositionController c = tuned();
        Vec3 thr = new Vec3();
        Vec3 integ = new Vec3();
        // When it persists for 20 s without motion
        for (int k = 0; k < 1000; k++) {
            c.update(new Vec3(), new Vec3(), new Vec3(1e4, 0, 0), nanVec(), nanVec(), DT, thr);
        }
        c.integrator(integ);
        // Then tracking anti-windup keeps the integrator far below ki * error * time (= 96 m/s^2)
        assertThat(integ.x).isLessThan(2.0);
        // And as soon as the target is reached the output reverses quickly
        for (int k = 0; k < 50; k++) {
            c.update(new Vec3(), new Vec3(), new Vec3(-1, 0, 0), nanVec(), nanVec(), DT, thr);
        }
        assertThat(thr.x).isNegative();
    }

    @Test
    void shouldKeepThrustContinuousWhenHoverEstimateChanges() {
        // Given a controller in steady hover
        PositionController c = tuned();
        Vec3 thr = new Vec3();
        c.update(new Vec3(), new Vec3(), new Vec3(), nanVec(), nanVec(), DT, thr);
        // When the hover thrust estimate changes in flight
        c.updateHoverThrust(0.5);
        c.update(new Vec3(), new Vec3(), new Vec3(), nanVec(), nanVec(), DT, thr);
        // Then the output stays at the old hover thrust (integrator absorbs the change)
        assertThat(thr.z).isCloseTo(-0.45, within(1e-3));
        assertThat(c.setHoverThrust(1.0)).isFalse();
        assertThat(c.setLimits(1, 1, 1, 2.0, 0.1, 0.9)).isFalse();
    }

    @Test
    void shouldRoundTripThrustVectorThroughAttitude() {
        // Given thrust vectors from a sweep of attitudes and headings
        Quat q = new Quat();
        Quat out = new Quat();
        Vec3 thr = new Vec3();
        for (double roll = -1.0; roll <= 1.0; roll += 0.25) {
            for (double pitch = -1.0; pitch <= 1.0; pitch += 0.25) {
                for (double yaw = -3.0; yaw <= 3.0; yaw += 0.75) {
                    q.setEuler(roll, pitch, yaw);
                    q.rotate(new Vec3(0, 0, -0.6), thr);
                    // When converting back to an attitude at that heading
                    double mag = ThrustAttitude.toAttitude(thr, yaw, out);
                    // Then magnitude, attitude and heading are recovered
                    assertThat(mag).isCloseTo(0.6, within(1e-12));
                    assertThat(out.norm()).isCloseTo(1.0, within(1e-12));
                    Vec3 back = out.rotate(new Vec3(0, 0, -mag), new Vec3());
                    assertThat(back.x).isCloseTo(thr.x, within(1e-9));
                    assertThat(back.y).isCloseTo(thr.y, within(1e-9));
                    assertThat(back.z).isCloseTo(thr.z, within(1e-9));
                    if (roll == 0.0 || pitch == 0.0) {
                        // single-axis tilts: the Z-Y-X attitude itself is recovered
                        // (angleTo goes through acos, so its resolution near 0 is about 1e-8)
                        assertThat(out.angleTo(q)).as("r=%s p=%s y=%s", roll, pitch, yaw).isLessThan(1e-7);
                    }
                }
            }
        }
    }

    @Test
    void shouldGiveLevelAttitudeAndZeroThrustForZeroVector() {
        // Given a zero (or non-finite) thrust vector
        Quat out = new Quat();
        // When converting with heading 1 rad
        double mag = ThrustAttitude.toAttitude(new Vec3(), 1.0, out);
        // Then the attitude is level at that heading and thrust is zero
        assertThat(mag).isZero();
        assertThat(out.tiltRad()).isCloseTo(0.0, within(1e-12));
        assertThat(out.yaw()).isCloseTo(1.0, within(1e-12));
        assertThat(ThrustAttitude.toAttitude(new Vec3().setNaN(), Double.NaN, out)).isZero();
        assertThat(out.angleTo(new Quat())).isCloseTo(0.0, within(1e-12));
        // And hover thrust gives a level attitude with the hover magnitude
        assertThat(ThrustAttitude.toAttitude(new Vec3(0, 0, -0.45), 0.0, out)).isCloseTo(0.45, within(1e-15));
        assertThat(out.angleTo(new Quat())).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void shouldKeepTheWindTrimAndIgnoreTheVelocityWhileTheTrimIsHeld() {
        // Given a controller that has held a steady 1 m/s velocity error against a wind for 20 s, so
        // its horizontal integrator carries the wind trim
        PositionController c = tuned();
        Vec3 thr = new Vec3();
        Vec3 drifting = new Vec3(-1.0, 0.0, 0.0);
        for (int i = 0; i < 1000; i++) {
            c.update(new Vec3(), drifting, nanVec(), new Vec3(), nanVec(), DT, thr);
        }
        double trimX = thr.x;
        assertThat(trimX).isGreaterThan(0.0);

        // When the horizontal velocity becomes unknown and the trim is held, with the (now
        // meaningless) velocity estimate running away in either direction
        c.setHorizontalTrimHold(true);
        c.update(new Vec3(), new Vec3(5.0, 0.0, 0.0), nanVec(), new Vec3(), nanVec(), DT, thr);
        double heldA = thr.x;
        for (int i = 0; i < 500; i++) {
            c.update(new Vec3(), new Vec3(-7.0, 3.0, 0.0), nanVec(), new Vec3(), nanVec(), DT, thr);
        }

        // Then the horizontal thrust is the trim alone, unchanged by the velocity and by time
        assertThat(thr.x).isCloseTo(heldA, within(1e-12));
        assertThat(thr.y).isCloseTo(0.0, within(1e-12));
        assertThat(heldA).isGreaterThan(0.0).isLessThan(trimX);

        // When the velocity is valid again, Then the velocity loop acts on it once more
        c.setHorizontalTrimHold(false);
        c.update(new Vec3(), new Vec3(-7.0, 3.0, 0.0), nanVec(), new Vec3(), nanVec(), DT, thr);
        assertThat(thr.x).isGreaterThan(heldA);
        assertThat(thr.y).isLessThan(0.0);
    }
}
