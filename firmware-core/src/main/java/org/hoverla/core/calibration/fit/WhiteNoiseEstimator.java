package org.hoverla.core.calibration.fit;

/**
 * Estimates a three-axis sensor's white-noise standard deviation while it turns, from fourth
 * differences of consecutive samples: {@code d = x[k] − 4x[k−1] + 6x[k−2] − 4x[k−3] + x[k−4]}
 * cancels any signal that is a cubic over four sample intervals, and for white noise
 * {@code var(d) = 70σ²}. Fourth, not second, differences: a magnetometer sampled at 10-100 Hz on
 * a vehicle turned by hand at 90 °/s sees its field curve by more than its noise between
 * samples. The magnetometer calibration uses it to tell a fit's residual that is only the
 * sensor's noise from one that is a field no ellipsoid describes (iron nearby). Pure;
 * allocation-free after construction.
 */
public final class WhiteNoiseEstimator {
    private static final int ORDER = 4;
    private static final double[] WEIGHTS = {1.0, -4.0, 6.0, -4.0, 1.0};
    private static final double NOISE_GAIN = 70.0;
    private static final int MIN_TERMS = 30;

    private final double[][] history = new double[ORDER + 1][3];
    private int seen;
    private double sumSq;
    private long terms;

    public void reset() {
        seen = 0;
        sumSq = 0.0;
        terms = 0;
    }

    /**
     * Starts a new run of consecutive samples, keeping what was accumulated: differences never
     * span a gap (the vehicle turned to another side meanwhile).
     */
    public void restartSequence() {
        seen = 0;
    }

    /** One sample, in time order. Non-finite samples restart the differences. */
    public void add(double x, double y, double z) {
        if (!(Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z))) {
            seen = 0;
            return;
        }
        double[] oldest = history[ORDER];
        System.arraycopy(history, 0, history, 1, ORDER);
        history[0] = oldest;
        oldest[0] = x;
        oldest[1] = y;
        oldest[2] = z;
        seen = Math.min(seen + 1, ORDER + 1);
        if (seen > ORDER) {
            for (int a = 0; a < 3; a++) {
                double d = 0.0;
                for (int k = 0; k <= ORDER; k++) {
                    d += WEIGHTS[k] * history[k][a];
                }
                sumSq += d * d;
                terms++;
            }
        }
    }

    /** Per-axis noise standard deviation (the sensor's units), NaN with fewer than 30 differences. */
    public double sigma() {
        return terms < MIN_TERMS ? Double.NaN : Math.sqrt(sumSq / terms / NOISE_GAIN);
    }
}
