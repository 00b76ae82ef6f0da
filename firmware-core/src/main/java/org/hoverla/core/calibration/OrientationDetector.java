package org.hoverla.core.calibration;

/**
 * PX4's rest detector of the side-by-side calibrations ({@code detect_orientation} in
 * {@code calibration_routines.cpp}): an exponential moving average of the body specific force
 * (time constant 0.5 s) and a decaying max-hold of its squared dispersion per axis. Still when
 * every axis's dispersion is below (0.25 m/s²)² (lenient: (0.75 m/s²)², the magnetometer's),
 * moving again above four times that (hysteresis); the side is taken after 1.3 s still (lenient
 * 0.5 s). One difference: the average starts at the first sample rather than at zero, which only
 * saves the two seconds PX4 spends converging. Calibration thread; allocation-free.
 */
final class OrientationDetector {
    static final int NONE = 0;
    /** Just came to rest: "[cal] detected rest position, hold still...". */
    static final int REST = 1;
    /** Moved after having been at rest: "[cal] detected motion, hold still...". */
    static final int MOTION = 2;
    /** Still long enough: read {@link #ema}. */
    static final int SETTLED = 3;

    private static final double EMA_LEN_S = 0.5;
    private static final double NORMAL_STILL_THR = 0.25;

    private final double thr2;
    private final long stillTimeNs;
    private final double[] ema = new double[3];
    private final double[] disp = new double[3];
    private long prevNs;
    private long stillSinceNs;
    private boolean started;
    private boolean resting;

    OrientationDetector(boolean lenient) {
        double thr = lenient ? NORMAL_STILL_THR * 3 : NORMAL_STILL_THR;
        thr2 = thr * thr;
        stillTimeNs = lenient ? 500_000_000L : 1_300_000_000L;
    }

    void reset() {
        started = false;
        resting = false;
    }

    /** Adds one body specific-force sample (m/s²) taken at {@code tNs}; returns an event. */
    int add(double fx, double fy, double fz, long tNs) {
        if (!started) {
            ema[0] = fx;
            ema[1] = fy;
            ema[2] = fz;
            disp[0] = disp[1] = disp[2] = 0.0;
            prevNs = tNs;
            started = true;
        }
        double w = Math.max(0.0, (tNs - prevNs) * 1e-9) / EMA_LEN_S;
        w = Math.min(w, 1.0);
        prevNs = tNs;
        update(0, fx, w);
        update(1, fy, w);
        update(2, fz, w);
        if (disp[0] < thr2 && disp[1] < thr2 && disp[2] < thr2) {
            if (!resting) {
                resting = true;
                stillSinceNs = tNs;
                return REST;
            }
            return tNs > stillSinceNs + stillTimeNs ? SETTLED : NONE;
        }
        if (disp[0] > thr2 * 4 || disp[1] > thr2 * 4 || disp[2] > thr2 * 4) {
            if (resting) {
                resting = false;
                return MOTION;
            }
        }
        return NONE;
    }

    double ema(int axis) {
        return ema[axis];
    }

    private void update(int i, double x, double w) {
        double d = x - ema[i];
        ema[i] += d * w;
        d = d * d;
        disp[i] *= 1.0 - w;
        d = Math.min(d, thr2 * 8.0);
        if (d > disp[i]) {
            disp[i] = d;
        }
    }
}
