package org.hoverla.core.calibration.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WhiteNoiseEstimatorTest {

    @Test
    void shouldRecoverTheNoiseOfAFieldTurningFasterThanItsNoiseBetweenSamples() {
        // Given a 0.48 G field turning at 90 deg/s sampled at 10 Hz (it moves 0.07 G between
        // samples, fourteen times the 0.005 G noise), four runs with gaps between them
        Random rng = new Random(7);
        WhiteNoiseEstimator e = new WhiteNoiseEstimator();
        double sigma = 0.005;
        for (int run = 0; run < 4; run++) {
            e.restartSequence();
            double phase = run * 1.3;
            for (int k = 0; k < 200; k++) {
                double psi = phase + Math.toRadians(90.0) * k * 0.1;
                e.add(0.2 * Math.cos(psi) + sigma * rng.nextGaussian(), 0.2 * Math.sin(psi) + sigma * rng.nextGaussian(),
                        0.44 + sigma * rng.nextGaussian());
            }
        }
        // Then the estimate is the noise, within 10 %
        assertThat(e.sigma()).isCloseTo(sigma, within(0.1 * sigma));
    }

    @Test
    void shouldNotCountTheJumpBetweenRunsWhenTheSequenceRestarts() {
        // Given two noiseless constant runs at different fields, restarted between them
        WhiteNoiseEstimator e = new WhiteNoiseEstimator();
        for (int k = 0; k < 40; k++) {
            e.add(0.1, 0.2, 0.3);
        }
        e.restartSequence();
        for (int k = 0; k < 40; k++) {
            e.add(-0.3, 0.1, 0.4);
        }
        // Then no noise is seen
        assertThat(e.sigma()).isLessThan(1e-12);
    }

    @Test
    void shouldSayNothingWithTooFewSamplesAndRestartOnANonFiniteOne() {
        // Given six samples: too few differences
        WhiteNoiseEstimator e = new WhiteNoiseEstimator();
        for (int k = 0; k < 6; k++) {
            e.add(k, k, k);
        }
        // Then no estimate
        assertThat(e.sigma()).isNaN();
        // When a NaN comes between two long noiseless runs at different fields
        WhiteNoiseEstimator f = new WhiteNoiseEstimator();
        for (int k = 0; k < 20; k++) {
            f.add(1, 1, 1);
        }
        f.add(Double.NaN, 0, 0);
        for (int k = 0; k < 20; k++) {
            f.add(5, 5, 5);
        }
        // Then the NaN neither counts nor bridges the two runs
        assertThat(f.sigma()).isLessThan(1e-12);
    }
}
