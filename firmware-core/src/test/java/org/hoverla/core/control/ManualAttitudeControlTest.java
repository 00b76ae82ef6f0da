package org.hoverla.core.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ManualAttitudeControlTest {
    private final ManualAttitudeControl c = new ManualAttitudeControl();

    ManualAttitudeControlTest() {
        c.setLimits(Math.toRadians(35.0), Math.toRadians(150.0), 0.1, 0.08, 0.46, 1.0);
    }

    @Test
    void shouldBeLevelAtHoverThrustWithCentredOrNaNSticks() {
        c.reset(0.3);
        c.update(0, 0, 0, 0.5, 0.3, 0.02);
        assertThat(c.qSp.tiltRad()).isCloseTo(0.0, within(1e-9));
        assertThat(c.qSp.yaw()).isCloseTo(0.3, within(1e-9));
        assertThat(c.thrustNorm).isCloseTo(0.46, within(1e-9));
        c.update(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0.02);
        assertThat(c.qSp.tiltRad()).isCloseTo(0.0, within(1e-9));
        assertThat(c.thrustNorm).isCloseTo(0.46, within(1e-9));
    }

    @Test
    void shouldFollowPx4sThrottleCurve() {
        assertThat(c.throttleCurve(0.0)).isCloseTo(0.08, within(1e-9));
        assertThat(c.throttleCurve(0.25)).isCloseTo(0.27, within(1e-9));
        assertThat(c.throttleCurve(1.0)).isCloseTo(1.0, within(1e-9));
        assertThat(c.throttleCurve(7.0)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void shouldTiltTowardsTheStickUpToTheLimitInTheHeadingFrame() {
        // Full forward, heading north: nose down 35 deg
        c.reset(0.0);
        c.update(1, 0, 0, 0.5, 0.0, 0.02);
        assertThat(Math.toDegrees(c.qSp.pitch())).isCloseTo(-35.0, within(1e-6));
        assertThat(Math.toDegrees(c.qSp.roll())).isCloseTo(0.0, within(1e-6));
        // Full right and forward: tilt limited to 35 deg
        c.update(1, 1, 0, 0.5, 0.0, 0.02);
        assertThat(Math.toDegrees(c.qSp.tiltRad())).isCloseTo(35.0, within(1e-6));
        // Half right, heading east: right roll, heading kept
        c.reset(Math.PI / 2);
        c.update(0, 0.5, 0, 0.5, Math.PI / 2, 0.02);
        assertThat(Math.toDegrees(c.qSp.roll())).isCloseTo(17.5, within(0.01));
        assertThat(c.qSp.yaw()).isCloseTo(Math.PI / 2, within(1e-3));
    }

    @Test
    void shouldTurnAtTheYawRateAndNotRunAwayFromASlowHeading() {
        c.reset(0.0);
        c.update(0, 0, 1, 0.5, 0.0, 0.1);
        assertThat(c.yawRateRadps).isCloseTo(Math.toRadians(150.0), within(1e-9));
        assertThat(c.yawSpRad()).isCloseTo(Math.toRadians(15.0), within(1e-9));
        for (int i = 0; i < 50; i++) {
            c.update(0, 0, 1, 0.5, 0.0, 0.1);
        }
        assertThat(c.yawSpRad()).isCloseTo(ManualAttitudeControl.MAX_YAW_LEAD_RAD, within(1e-9));
        // Within the deadzone no turn
        c.reset(0.0);
        c.update(0, 0, 0.05, 0.5, 0.0, 0.1);
        assertThat(c.yawSpRad()).isEqualTo(0.0);
    }
}
