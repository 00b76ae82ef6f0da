package org.hoverla.core.control;

/**
 * Motor thrust curve: maps normalised thrust to the normalised ESC command and back.
 *
 * <p>Model (ArduPilot MOT_THST_EXPO, ardupilot.org/copter/docs/motor-thrust-scaling.html):
 * {@code thrust = (1 - expo) * u + expo * u^2}, with command u and thrust both in [0, 1] and
 * expo in [0, 1] (0 = linear, about 0.65 for typical ESC/prop combinations, 1 = pure square).
 *
 * <p>Pure static functions; allocation-free, never throw, usable on the flight thread.
 */
public final class ThrustCurve {

    private ThrustCurve() {
    }

    /**
     * Inverts the thrust curve: the command u in [0, 1] that produces {@code thrustNorm}.
     * Inputs are clamped to [0, 1]; non-finite thrust gives 0, non-finite expo counts as 0.
     */
    public static double thrustToCommand(double thrustNorm, double expo) {
        double t = clamp01(thrustNorm);
        double e = clamp01(expo);
        // Root of e u^2 + (1 - e) u - t = 0 written as 2t / (b + sqrt(b^2 + 4et)): the usual
        // (-b + sqrt)/2e form cancels catastrophically as e -> 0; this one is exact at e = 0.
        double b = 1.0 - e;
        double den = b + Math.sqrt(b * b + 4.0 * e * t);
        if (!(den > 0.0)) {
            return 0.0;
        }
        return clamp01(2.0 * t / den);
    }

    /** Forward model: thrust in [0, 1] produced by command {@code commandNorm}; inputs clamped. */
    public static double commandToThrust(double commandNorm, double expo) {
        double u = clamp01(commandNorm);
        double e = clamp01(expo);
        return (1.0 - e) * u + e * u * u;
    }

    private static double clamp01(double v) {
        if (!Double.isFinite(v)) {
            return 0.0;
        }
        return v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
    }
}
