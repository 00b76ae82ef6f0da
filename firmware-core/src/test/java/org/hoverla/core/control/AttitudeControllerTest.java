package org.hoverla.core.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.junit.jupiter.api.Test;

class AttitudeControllerTest {

    private static final double[] ANGLES = {-0.6, -0.2, 0.0, 0.2, 0.6};

    @Test
    void shouldOutputZeroForAllZeroError() {
        // Given level attitude and level setpoint
        AttitudeController c = new AttitudeController();
        Vec3 out = new Vec3(1, 1, 1);
        // When updating with no feed-forward
        boolean ok = c.update(new Quat(), new Quat(), 0.0, out);
        // Then the rate setpoint is zero
        assertThat(ok).isTrue();
        assertThat(out.norm()).isZero();
    }

    @Test
    void shouldCommandCorrectSignForSingleAxisErrors() {
        // Given a level vehicle
        AttitudeController c = new AttitudeController();
        Quat q = new Quat();
        Vec3 out = new Vec3();
        for (double a : ANGLES) {
            // When the setpoint is rolled, pitched or yawed by a
            c.update(q, new Quat().setEuler(a, 0, 0), Double.NaN, out);
            // Then only that axis is commanded, with the sign of the error
            assertThat(Math.signum(out.x)).isEqualTo(Math.signum(a));
            assertThat(out.y).isCloseTo(0.0, within(1e-12));
            assertThat(out.z).isCloseTo(0.0, within(1e-12));
            c.update(q, new Quat().setEuler(0, a, 0), Double.NaN, out);
            assertThat(Math.signum(out.y)).isEqualTo(Math.signum(a));
            assertThat(out.x).isCloseTo(0.0, within(1e-12));
            c.update(q, new Quat().setEuler(0, 0, a), Double.NaN, out);
            assertThat(Math.signum(out.z)).isEqualTo(Math.signum(a));
            assertThat(out.x).isCloseTo(0.0, within(1e-12));
            assertThat(out.y).isCloseTo(0.0, within(1e-12));
        }
    }

    @Test
    void shouldPointRatesAlongAttitudeErrorForEveryCombination() {
        // Given full quaternion control (yaw weight 1, equal gains, no rate limits) and PX4 defaults
        AttitudeController full = new AttitudeController();
        full.setGains(5.0, 5.0);
        full.setYawWeight(1.0);
        full.setRateLimits(100, 100);
        AttitudeController weighted = new AttitudeController();
        weighted.setRateLimits(100, 100);
        Vec3 out = new Vec3();
        Vec3 err = new Vec3();
        Quat qe = new Quat();
        // When sweeping current and desired roll/pitch/yaw over a small grid
        for (double r : ANGLES) {
            for (double p : ANGLES) {
                for (double y : ANGLES) {
                    Quat q = new Quat().setEuler(0.1, -0.1, 0.3);
                    Quat qd = new Quat().setEuler(0.1 + r, -0.1 + p, 0.3 + y);
                    qe.setConjProduct(q, qd).toRotationVector(err);
                    full.update(q, qd, Double.NaN, out);
                    // Then full control rotates exactly about the error axis
                    Vec3 cross = new Vec3().setCross(out, err);
                    assertThat(cross.norm()).isLessThan(1e-9);
                    assertThat(out.dot(err)).isGreaterThanOrEqualTo(0.0);
                    // And the yaw-weighted controller still reduces the error
                    weighted.update(q, qd, Double.NaN, out);
                    if (err.norm() > 1e-9) {
                        assertThat(out.dot(err)).as("r=%s p=%s y=%s", r, p, y).isPositive();
                    }
                }
            }
        }
    }

    @Test
    void shouldPrioritiseRollPitchOverLargeYawError() {
        // Given PX4 default gains and yaw weight 0.4
        AttitudeController c = new AttitudeController();
        c.setRateLimits(100, 100);
        AttitudeController full = new AttitudeController();
        full.setRateLimits(100, 100);
        full.setYawWeight(1.0);
        Vec3 pure = new Vec3();
        Vec3 mixed = new Vec3();
        Vec3 fullOut = new Vec3();
        Quat q = new Quat();
        // When the setpoint has a 0.3 rad roll error alone, and the same thrust axis with an
        // extra 2.5 rad heading error (a body-z rotation after the tilt)
        Quat tilt = new Quat().setEuler(0.3, 0, 0);
        Quat tiltAndYaw = new Quat().setProduct(tilt, new Quat().setAxisAngle(0, 0, 1, 2.5));
        c.update(q, tilt, 0, pure);
        c.update(q, tiltAndYaw, 0, mixed);
        full.update(q, tiltAndYaw, 0, fullOut);
        // Then most of the roll correction survives the yaw error (cos(0.4*2.5/2) = 0.88)
        assertThat(mixed.x).isGreaterThan(0.85 * pure.x);
        // And much more than with unweighted quaternion control (cos(2.5/2) = 0.32)
        assertThat(fullOut.x).isLessThan(0.4 * pure.x);
        // And the yaw error is still corrected in the right direction
        assertThat(mixed.z).isPositive();
    }

    @Test
    void shouldClampToRateLimits() {
        // Given tight limits
        AttitudeController c = new AttitudeController();
        c.setRateLimits(1.0, 0.5);
        Vec3 out = new Vec3();
        // When the errors are large on all axes
        c.update(new Quat(), new Quat().setEuler(-1.0, 1.0, -2.0), 0, out);
        // Then each axis is clamped
        assertThat(Math.abs(out.x)).isLessThanOrEqualTo(1.0);
        assertThat(out.y).isEqualTo(1.0);
        assertThat(out.z).isEqualTo(-0.5);
    }

    @Test
    void shouldAddYawRateFeedForwardAboutWorldDown() {
        // Given a controller at zero error
        AttitudeController c = new AttitudeController();
        Vec3 out = new Vec3();
        // When level with a yaw-rate feed-forward
        c.update(new Quat(), new Quat(), 0.7, out);
        // Then it appears on the body z axis
        assertThat(out.z).isCloseTo(0.7, within(1e-12));
        // When rolled 90 degrees (body y points down) at zero error
        Quat rolled = new Quat().setEuler(Math.PI / 2, 0, 0);
        c.update(rolled, rolled, 0.7, out);
        // Then world yaw rate maps onto body y
        assertThat(out.y).isCloseTo(0.7, within(1e-9));
        assertThat(out.z).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void shouldTreatQuaternionSignAsIrrelevant() {
        // Given a setpoint and its negation (same rotation)
        AttitudeController c = new AttitudeController();
        Quat qd = new Quat().setEuler(0.2, -0.3, 1.0);
        Quat neg = new Quat(-qd.w, -qd.x, -qd.y, -qd.z);
        Vec3 a = new Vec3();
        Vec3 b = new Vec3();
        // When updating with either
        c.update(new Quat(), qd, 0, a);
        c.update(new Quat(), neg, 0, b);
        // Then the outputs agree
        assertThat(a.x).isCloseTo(b.x, within(1e-12));
        assertThat(a.y).isCloseTo(b.y, within(1e-12));
        assertThat(a.z).isCloseTo(b.z, within(1e-12));
    }

    @Test
    void shouldHandleUpsideDownSetpoint() {
        // Given a setpoint rolled 180 degrees (thrust axes opposite)
        AttitudeController c = new AttitudeController();
        Vec3 out = new Vec3();
        // When updating
        boolean ok = c.update(new Quat(), new Quat().setEuler(Math.PI, 0, 0), 0, out);
        // Then the result is finite and limited
        assertThat(ok).isTrue();
        assertThat(out.isFinite()).isTrue();
        assertThat(Math.abs(out.x)).isLessThanOrEqualTo(Math.toRadians(220.0) + 1e-12);
    }

    @Test
    void shouldRejectNonFiniteAttitudeAndRecover() {
        // Given a controller
        AttitudeController c = new AttitudeController();
        Vec3 out = new Vec3(1, 1, 1);
        // When the attitude, then the setpoint, is NaN, Inf or zero
        assertThat(c.update(new Quat().setNaN(), new Quat(), 0, out)).isFalse();
        assertThat(out.norm()).isZero();
        out.set(1, 1, 1);
        assertThat(c.update(new Quat(), new Quat(Double.POSITIVE_INFINITY, 0, 0, 0), 0, out)).isFalse();
        assertThat(out.norm()).isZero();
        assertThat(c.update(new Quat(), new Quat(0, 0, 0, 0), 0, out)).isFalse();
        // Then a later valid update behaves normally
        assertThat(c.update(new Quat(), new Quat().setEuler(0.2, 0, 0), Double.NaN, out)).isTrue();
        assertThat(out.x).isPositive();
    }

    @Test
    void shouldRefuseInvalidSettings() {
        // Given a controller
        AttitudeController c = new AttitudeController();
        // Then out-of-range settings are refused
        assertThat(c.setYawWeight(1.5)).isFalse();
        assertThat(c.setYawWeight(Double.NaN)).isFalse();
        assertThat(c.setGains(-1, 1)).isFalse();
        assertThat(c.setRateLimits(1, Double.NaN)).isFalse();
        assertThat(c.setYawWeight(0.0)).isTrue();
    }

    @Test
    void shouldApplyRollAndPitchGainsAndLimitsSeparately() {
        // Given MC_ROLL_P 6, MC_PITCH_P 3 and a pitch rate limit of 0.2 rad/s (PX4's per-axis parameters)
        AttitudeController c = new AttitudeController();
        c.setGains(6.0, 3.0, 2.8);
        c.setRateLimits(100.0, 100.0, 100.0);
        Vec3 roll = new Vec3();
        Vec3 pitch = new Vec3();
        // When the same small error is commanded on roll, then on pitch
        c.update(new Quat(), new Quat().setEuler(0.01, 0, 0), Double.NaN, roll);
        c.update(new Quat(), new Quat().setEuler(0, 0.01, 0), Double.NaN, pitch);
        // Then the pitch rate is half the roll rate
        assertThat(pitch.y / roll.x).isCloseTo(0.5, within(1e-6));
        // And the pitch limit clamps pitch only
        c.setRateLimits(100.0, 0.02, 100.0);
        c.update(new Quat(), new Quat().setEuler(0, 0.01, 0), Double.NaN, pitch);
        c.update(new Quat(), new Quat().setEuler(0.01, 0, 0), Double.NaN, roll);
        assertThat(pitch.y).isCloseTo(0.02, within(1e-12));
        assertThat(roll.x).isGreaterThan(0.05);
    }
}
