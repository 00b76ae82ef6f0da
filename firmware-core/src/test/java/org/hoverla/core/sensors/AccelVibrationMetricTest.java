package org.hoverla.core.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AccelVibrationMetricTest {
    private static final double DT = 0.001;
    private static final double G = 9.80665;

    @Test
    void shouldReadZeroForAStillSensor() {
        // Given gravity only, level, for 2 s
        AccelVibrationMetric m = new AccelVibrationMetric(16 * G);
        for (int i = 0; i < 2000; i++) {
            m.update(0.0, 0.0, -G, DT);
        }
        // Then no vibration on any axis and no clipping
        for (int axis = 0; axis < 3; axis++) {
            assertThat(m.vibrationMps2(axis)).isZero();
            assertThat(m.clipping(axis)).isZero();
        }
    }

    @Test
    void shouldReadTheRmsOfAHighFrequencyVibrationOnItsAxisOnly() {
        // Given a 100 Hz, 20 m/s^2 amplitude vibration on z over gravity, and a slow 0.2 Hz
        // manoeuvre on x, for 5 s
        AccelVibrationMetric m = new AccelVibrationMetric(16 * G);
        for (int i = 0; i < 5000; i++) {
            double t = i * DT;
            m.update(3.0 * Math.sin(2 * Math.PI * 0.2 * t), 0.0, -G + 20.0 * Math.sin(2 * Math.PI * 100 * t), DT);
        }
        // Then z reads the RMS 20 / sqrt(2) = 14.1 m/s^2 (the 5 Hz floor passes ~5 % of 100 Hz), the
        // manoeuvre stays under the floor
        assertThat(m.vibrationMps2(2)).isCloseTo(20.0 / Math.sqrt(2.0), within(0.8));
        assertThat(m.vibrationMps2(0)).isLessThan(0.3);
        assertThat(m.vibrationMps2(1)).isZero();
    }

    @Test
    void shouldCountClipsPerAxisAndIgnoreNonFiniteInput() {
        // Given a 16 g sensor
        AccelVibrationMetric m = new AccelVibrationMetric(16 * G);
        // When three samples hit full scale on x, one on z, and garbage arrives
        m.update(16 * G, 0, -G, DT);
        m.update(-16 * G, 0, -G, DT);
        m.update(16 * G, 0, 16 * G, DT);
        m.update(Double.NaN, 0, -G, DT);
        m.update(0, 0, -G, Double.NaN);
        m.update(0, 0, -G, -DT);
        // Then
        assertThat(m.clipping(0)).isEqualTo(3);
        assertThat(m.clipping(1)).isZero();
        assertThat(m.clipping(2)).isEqualTo(1);
        assertThat(m.vibrationMps2(0)).isFinite();
    }
}
