package org.hoverla.sim.report;

import java.util.Arrays;

/**
 * Thins a time series for plotting by keeping, in each of a fixed number of equal time buckets,
 * the sample with the smallest and the one with the largest value (in time order). Peaks and
 * spikes survive, which plain decimation would drop, and a plot at about one bucket per pixel
 * looks the same as the full series.
 *
 * <p>Pure and stateless; offline use (allocates). NaN samples are skipped; a bucket holding only
 * NaN keeps one NaN so the plot shows a gap there.
 */
public final class SeriesDownsampler {

    /** A series: times (seconds, ascending) and values, of equal length. */
    public record Series(double[] t, double[] y) {
        public int size() {
            return t.length;
        }
    }

    private SeriesDownsampler() {
    }

    /**
     * The series itself if it has at most {@code 2 * buckets} samples, otherwise at most two samples
     * per bucket (min and max) over {@code [t[0], t[last]]}.
     *
     * @param t       sample times, ascending (callers sort first)
     * @param y       values, same length as {@code t}
     * @param buckets number of buckets (at least 1)
     */
    public static Series minMax(double[] t, double[] y, int buckets) {
        if (t.length != y.length) {
            throw new IllegalArgumentException("t has " + t.length + " samples, y " + y.length);
        }
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets must be at least 1, got " + buckets);
        }
        int n = t.length;
        if (n <= 2 * buckets) {
            return new Series(t, y);
        }
        double t0 = t[0];
        double span = t[n - 1] - t0;
        double[] outT = new double[2 * buckets];
        double[] outY = new double[2 * buckets];
        int out = 0;
        int i = 0;
        for (int b = 0; b < buckets && i < n; b++) {
            double end = b == buckets - 1 ? Double.POSITIVE_INFINITY : t0 + span * (b + 1) / buckets;
            int start = i;
            int minAt = -1;
            int maxAt = -1;
            while (i < n && t[i] < end) {
                double v = y[i];
                if (!Double.isNaN(v)) {
                    if (minAt < 0 || v < y[minAt]) {
                        minAt = i;
                    }
                    if (maxAt < 0 || v > y[maxAt]) {
                        maxAt = i;
                    }
                }
                i++;
            }
            if (i == start) {
                continue;
            }
            if (minAt < 0) {
                outT[out] = t[start];
                outY[out++] = Double.NaN;
            } else if (minAt == maxAt) {
                outT[out] = t[minAt];
                outY[out++] = y[minAt];
            } else {
                int first = Math.min(minAt, maxAt);
                int second = Math.max(minAt, maxAt);
                outT[out] = t[first];
                outY[out++] = y[first];
                outT[out] = t[second];
                outY[out++] = y[second];
            }
        }
        return new Series(Arrays.copyOf(outT, out), Arrays.copyOf(outY, out));
    }
}
