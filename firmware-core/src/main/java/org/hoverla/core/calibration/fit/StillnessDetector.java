package org.hoverla.core.calibration.fit;

/**
 * Whether the vehicle is held still, from IMU samples: over a sliding window of
 * {@code windowSamples}, the accelerometer's and the gyro's per-axis standard deviations must
 * stay below their limits. A non-finite sample counts as motion until it has left the window.
 * Pure, allocation-free after construction; one thread (the calibration thread) uses it.
 */
public final class StillnessDetector {
    private final int window;
    private final double maxAccelStdMps2;
    private final double maxGyroStdRadps;
    private final double[][] ring;
    private int count;
    private int next;

    /**
     * @param windowSamples   samples in the sliding window, at least 2
     * @param maxAccelStdMps2 per-axis accelerometer standard-deviation limit, m/s², positive
     * @param maxGyroStdRadps per-axis gyro standard-deviation limit, rad/s, positive
     */
    public StillnessDetector(int windowSamples, double maxAccelStdMps2, double maxGyroStdRadps) {
        if (windowSamples < 2) {
            throw new IllegalArgumentException("stillness: the window needs at least 2 samples, got " + windowSamples);
        }
        if (!(maxAccelStdMps2 > 0.0) || !(maxGyroStdRadps > 0.0)
                || Double.isInfinite(maxAccelStdMps2) || Double.isInfinite(maxGyroStdRadps)) {
            throw new IllegalArgumentException("stillness: limits must be positive and finite");
        }
        this.window = windowSamples;
        this.maxAccelStdMps2 = maxAccelStdMps2;
        this.maxGyroStdRadps = maxGyroStdRadps;
        this.ring = new double[windowSamples][6];
    }

    public void reset() {
        count = 0;
        next = 0;
    }

    /** gyro x, y, z then accel x, y, z. */
    public void add(double[] v) {
        System.arraycopy(v, 0, ring[next], 0, 6);
        next = (next + 1) % window;
        count = Math.min(window, count + 1);
    }

    /** Whether the window is full and every axis is quieter than its limit (NaN is never quiet). */
    public boolean still() {
        if (count < window) {
            return false;
        }
        for (int a = 0; a < 6; a++) {
            double limit = a < 3 ? maxGyroStdRadps : maxAccelStdMps2;
            if (!(std(a) <= limit)) {
                return false;
            }
        }
        return true;
    }

    /** Mean of axis {@code a} (0..5) over the window. */
    public double mean(int a) {
        double s = 0.0;
        for (int i = 0; i < count; i++) {
            s += ring[i][a];
        }
        return count == 0 ? Double.NaN : s / count;
    }

    /** Standard deviation of axis {@code a} over the window. */
    public double std(int a) {
        double m = mean(a);
        double s = 0.0;
        for (int i = 0; i < count; i++) {
            double d = ring[i][a] - m;
            s += d * d;
        }
        return count < 2 ? Double.NaN : Math.sqrt(s / (count - 1));
    }

    public int count() {
        return count;
    }
}
