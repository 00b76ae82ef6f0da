package org.hoverla.core.vehicle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LandDetectorTest {
    private static final double HOVER = 0.46;
    private static final double DT = 0.02;

    @Test
    void shouldBeLandedWhenDisarmed() {
        LandDetector d = new LandDetector();
        d.update(false, false, false, 0.0, 0.0, 0.0, HOVER, DT);
        assertThat(d.landed()).isTrue();
    }

    @Test
    void shouldNotBeLandedWhileTakingOffOrHovering() {
        LandDetector d = new LandDetector();
        d.update(true, true, false, 0.0, 0.0, 0.0, HOVER, DT);
        assertThat(d.landed()).isFalse();
        // Hovering still: thrust near hover never counts as ground contact
        for (int i = 0; i < 500; i++) {
            d.update(true, false, false, 0.0, 0.0, HOVER, HOVER, DT);
        }
        assertThat(d.landed()).isFalse();
        assertThat(d.groundContact()).isFalse();
    }

    @Test
    void shouldDetectLandingAfterContactAndConfirmation() {
        // Given a flying vehicle
        LandDetector d = new LandDetector();
        d.update(true, true, false, 0.0, 0.0, HOVER, HOVER, DT);
        // When it sits still with low thrust
        int steps = 0;
        while (!d.landed() && steps < 1000) {
            d.update(true, false, false, 0.05, 0.1, 0.05, HOVER, DT);
            steps++;
        }
        // Then ground contact came first and landing is confirmed after about 1.35 s
        assertThat(d.landed()).isTrue();
        assertThat(steps * DT).isBetween(1.3, 1.45);
    }

    @Test
    void shouldReportGroundContactWhenLandingStopsDescendingEvenWithHoverThrust() {
        // Given a vehicle landing: commanded down, thrust still near hover
        LandDetector d = new LandDetector();
        d.update(true, true, false, 0.0, 0.0, HOVER, HOVER, DT);
        for (int i = 0; i < 50; i++) {
            d.update(true, false, true, 0.7, 0.0, HOVER, HOVER, DT);
        }
        assertThat(d.groundContact()).isFalse();
        // When the ground stops the descent
        for (int i = 0; i < 20; i++) {
            d.update(true, false, true, 0.02, 0.0, HOVER, HOVER, DT);
        }
        // Then ground contact is reported, but not landed while thrust is high
        assertThat(d.groundContact()).isTrue();
        assertThat(d.maybeLanded()).isFalse();
        assertThat(d.landed()).isFalse();
    }

    @Test
    void shouldIgnoreNonFiniteInputs() {
        LandDetector d = new LandDetector();
        d.update(true, true, false, 0.0, 0.0, HOVER, HOVER, DT);
        for (int i = 0; i < 500; i++) {
            d.update(true, false, false, Double.NaN, Double.NaN, Double.NaN, HOVER, DT);
        }
        assertThat(d.landed()).isFalse();
    }

    @Test
    void shouldConfirmALandingWithoutAHorizontalVelocityEstimate() {
        // Given a vehicle landing without GNSS: its horizontal velocity is unknown (NaN)
        LandDetector d = new LandDetector();
        d.update(true, true, false, 0.0, 0.0, HOVER, HOVER, DT);
        // When it sits still vertically with low thrust for 5 s
        for (int i = 0; i < 500; i++) {
            d.update(true, false, true, 0.0, Double.NaN, 0.1 * HOVER, HOVER, DT);
        }
        // Then it is landed: horizontal movement is judged only with a valid estimate
        assertThat(d.landed()).isTrue();
    }

    @Test
    void shouldNotConfirmALandingWhileAValidEstimateSaysItSlides() {
        LandDetector d = new LandDetector();
        d.update(true, true, false, 0.0, 0.0, HOVER, HOVER, DT);
        for (int i = 0; i < 500; i++) {
            d.update(true, false, true, 0.0, 3.0, 0.1 * HOVER, HOVER, DT);
        }
        assertThat(d.landed()).isFalse();
    }
}
