package org.hoverla.core.calibration;

/** Mean and variance per axis (Welford), plus a mean temperature. Calibration thread. */
final class RunningStats {
    private final int axes;
    private final double[] mean;
    private final double[] m2;
    private long n;
    private double tempSum;
    private long tempN;

    RunningStats(int axes) {
        this.axes = axes;
        mean = new double[axes];
        m2 = new double[axes];
    }

    void reset() {
        n = 0;
        tempSum = 0;
        tempN = 0;
        for (int a = 0; a < axes; a++) {
            mean[a] = 0;
            m2[a] = 0;
        }
    }

    /** Adds {@code v[from .. from+axes-1]}. */
    void add(double[] v, int from, double temperatureC) {
        n++;
        for (int a = 0; a < axes; a++) {
            double d = v[from + a] - mean[a];
            mean[a] += d / n;
            m2[a] += d * (v[from + a] - mean[a]);
        }
        if (Double.isFinite(temperatureC)) {
            tempSum += temperatureC;
            tempN++;
        }
    }

    long count() {
        return n;
    }

    double mean(int a) {
        return mean[a];
    }

    double variance(int a) {
        return n < 2 ? 0.0 : m2[a] / (n - 1);
    }

    double std(int a) {
        return Math.sqrt(variance(a));
    }

    /** Mean temperature (°C), or {@link CalibrationRunner#TEMP_UNKNOWN} when the chip gave none. */
    double temperature() {
        return tempN == 0 ? CalibrationRunner.TEMP_UNKNOWN : tempSum / tempN;
    }
}
