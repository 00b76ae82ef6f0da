package org.hoverla.core.math;

/** Small scalar helpers shared by algorithms. Pure and allocation-free. */
public final class Angles {
    public static final double TWO_PI = 2.0 * Math.PI;

    private Angles() {
    }

    /** Wraps an angle to [-pi, pi). */
    public static double wrapPi(double rad) {
        if (rad >= -Math.PI && rad < Math.PI) {
            return rad;
        }
        double r = (rad + Math.PI) % TWO_PI;
        if (r < 0.0) {
            r += TWO_PI;
        }
        return r - Math.PI;
    }

    public static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }

    /** First-order low-pass coefficient alpha for y += alpha (x - y) at a step dt and cutoff. */
    public static double lowPassAlpha(double cutoffHz, double dtS) {
        if (!(cutoffHz > 0.0) || !(dtS > 0.0)) {
            return 1.0;
        }
        double rc = 1.0 / (Angles.TWO_PI * cutoffHz);
        return dtS / (dtS + rc);
    }
}
