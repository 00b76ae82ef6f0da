package org.hoverla.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeriesDownsamplerTest {

    private static double[] ramp(int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 0.01;
        }
        return t;
    }

    @Test
    void shouldReturnAShortSeriesUnchanged() {
        // Given a series no longer than two points per bucket
        double[] t = ramp(10);
        double[] y = ramp(10);

        // When it is thinned to 5 buckets
        SeriesDownsampler.Series s = SeriesDownsampler.minMax(t, y, 5);

        // Then it is the same arrays
        assertThat(s.t()).isSameAs(t);
        assertThat(s.y()).isSameAs(y);
    }

    @Test
    void shouldKeepAtMostTwoPointsPerBucketAndEverySpike() {
        // Given 100000 samples of a small sine with one spike up and one down
        int n = 100_000;
        double[] t = ramp(n);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 0.1 * Math.sin(i * 0.001);
        }
        y[12_345] = 50;
        y[67_890] = -40;

        // When it is thinned to 1000 buckets
        SeriesDownsampler.Series s = SeriesDownsampler.minMax(t, y, 1000);

        // Then it has at most 2000 points, in time order, with both spikes at their times
        assertThat(s.size()).isLessThanOrEqualTo(2000).isGreaterThan(1000);
        for (int i = 1; i < s.size(); i++) {
            assertThat(s.t()[i]).isGreaterThan(s.t()[i - 1]);
        }
        int up = -1;
        int down = -1;
        for (int i = 0; i < s.size(); i++) {
            up = s.y()[i] == 50 ? i : up;
            down = s.y()[i] == -40 ? i : down;
        }
        assertThat(up).isNotNegative();
        assertThat(down).isNotNegative();
        assertThat(s.t()[up]).isEqualTo(t[12_345]);
        assertThat(s.t()[down]).isEqualTo(t[67_890]);
        // And the first and last samples' buckets are kept
        assertThat(s.t()[0]).isEqualTo(0.0);
        assertThat(s.t()[s.size() - 1]).isGreaterThan(t[n - 1] - (t[n - 1] / 1000));
    }

    @Test
    void shouldKeepAGapWhereABucketHoldsOnlyNaN() {
        // Given a series whose middle is NaN
        int n = 1000;
        double[] t = ramp(n);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = i >= 400 && i < 600 ? Double.NaN : 1.0;
        }

        // When it is thinned to 10 buckets
        SeriesDownsampler.Series s = SeriesDownsampler.minMax(t, y, 10);

        // Then the NaN buckets leave one NaN each (a gap), the others their value
        int nan = 0;
        for (double v : s.y()) {
            nan += Double.isNaN(v) ? 1 : 0;
        }
        assertThat(nan).isEqualTo(2);
    }

    @Test
    void shouldRefuseMismatchedLengthsAndNoBuckets() {
        assertThatThrownBy(() -> SeriesDownsampler.minMax(new double[3], new double[2], 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t has 3");
        assertThatThrownBy(() -> SeriesDownsampler.minMax(new double[3], new double[3], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}
