package org.hoverla.core.calibration.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StillnessDetectorTest {
    private final StillnessDetector detector = new StillnessDetector(50, 0.1, 0.01);
    private final Random rng = new Random(1);

    private void feed(int n, double accelNoise, double gyroNoise) {
        double[] v = new double[6];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 3; a++) {
                v[a] = 0.002 + gyroNoise * rng.nextGaussian();
                v[3 + a] = (a == 2 ? -9.8 : 0.0) + accelNoise * rng.nextGaussian();
            }
            detector.add(v);
        }
    }

    @Test
    void shouldReportStillOnlyOnceTheWindowIsFullOfQuietSamples() {
        // Given 49 quiet samples, then one more
        feed(49, 0.02, 0.002);
        assertThat(detector.still()).isFalse();
        feed(1, 0.02, 0.002);
        // Then still, with the means of the window
        assertThat(detector.still()).isTrue();
        assertThat(detector.mean(5)).isCloseTo(-9.8, within(0.02));
        assertThat(detector.mean(0)).isCloseTo(0.002, within(0.002));
    }

    @Test
    void shouldReportMotionWhileAnyAxisIsNoisy() {
        // Given the vehicle being moved (accelerometer std 0.5 m/s²)
        feed(50, 0.5, 0.002);
        assertThat(detector.still()).isFalse();
        // When it comes to rest, the window must first flush the motion
        feed(25, 0.02, 0.002);
        assertThat(detector.still()).isFalse();
        feed(25, 0.02, 0.002);
        assertThat(detector.still()).isTrue();
        // And gyro motion alone also counts
        feed(50, 0.02, 0.1);
        assertThat(detector.still()).isFalse();
    }

    @Test
    void shouldTreatANonFiniteSampleAsMotion() {
        // Given a quiet window with one NaN sample in it
        feed(49, 0.02, 0.002);
        detector.add(new double[] {0, Double.NaN, 0, 0, 0, -9.8});
        // Then not still until the NaN has left the window
        assertThat(detector.still()).isFalse();
        feed(49, 0.02, 0.002);
        assertThat(detector.still()).isFalse();
        feed(1, 0.02, 0.002);
        assertThat(detector.still()).isTrue();
    }

    @Test
    void shouldStartOverAfterReset() {
        feed(50, 0.02, 0.002);
        detector.reset();
        assertThat(detector.still()).isFalse();
        assertThat(detector.count()).isZero();
    }

    @Test
    void shouldRefuseAUselessConfiguration() {
        assertThatThrownBy(() -> new StillnessDetector(1, 0.1, 0.01))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> new StillnessDetector(10, 0.0, 0.01))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
