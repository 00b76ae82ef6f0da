package org.hoverla.core.calibration.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AccelSideDetectorTest {
    private static final double G = 9.80665;
    private final AccelSideDetector detector = new AccelSideDetector(G);

    @Test
    void shouldNameEachSideFromItsSpecificForce() {
        // Given the vehicle resting on each side in turn
        for (AccelSide side : AccelSide.values()) {
            // When the mean reads +g along that side's direction
            AccelSide found = detector.detect(G * side.gravityBody(0), G * side.gravityBody(1), G * side.gravityBody(2));
            // Then that side is named
            assertThat(found).isEqualTo(side);
        }
    }

    @Test
    void shouldFollowPx4ForTheNoseAndTailSides() {
        // Given nose up (tail down): the accelerometer's x axis points up and reads +g
        // Then it is PX4's "back" side; nose down reading −g on x is "front"
        assertThat(detector.detect(G, 0, 0)).isEqualTo(AccelSide.BACK);
        assertThat(detector.detect(-G, 0, 0)).isEqualTo(AccelSide.FRONT);
        assertThat(detector.detect(0, 0, -G)).isEqualTo(AccelSide.DOWN);
        assertThat(AccelSide.BACK.pxName).isEqualTo("back");
    }

    @Test
    void shouldAcceptATiltOfTwentyFiveDegrees() {
        // Given level but tilted 25° in roll
        double t = Math.toRadians(25);
        // Then still "down"
        assertThat(detector.detect(0, -G * Math.sin(t), -G * Math.cos(t))).isEqualTo(AccelSide.DOWN);
    }

    @Test
    void shouldGiveNoSideBetweenSides() {
        // Given the vehicle at 45° between level and left side down
        double c = G / Math.sqrt(2);
        // Then no side
        assertThat(detector.detect(0, c, -c)).isNull();
    }

    @Test
    void shouldGiveNoSideWhenNotAtOneG() {
        // Given level but reading 0.6 g (falling, or carried) or 1.4 g (pushed)
        assertThat(detector.detect(0, 0, -0.6 * G)).isNull();
        assertThat(detector.detect(0, 0, -1.4 * G)).isNull();
        assertThat(detector.detect(new double[] {0, 0, Double.NaN})).isNull();
    }

    @Test
    void shouldRefuseToleranceThatLetsSidesOverlap() {
        assertThatThrownBy(() -> new AccelSideDetector(G, 7.5, 0.25))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot overlap");
    }
}
