package org.hoverla.core.calibration.fit;

import java.util.Locale;

/**
 * The level-horizon trim, PX4's SENS_BOARD_X_OFF (roll) and SENS_BOARD_Y_OFF (pitch) in degrees:
 * the attitude the board frame (sensor axes after the mounting rotation, no trim) reads while
 * the vehicle itself stands level. PX4's level calibration ({@code do_level_calibration}) stores
 * the mean roll and pitch of the attitude estimate in exactly this way, and its sensor pipeline
 * turns board vectors into body vectors with {@code Dcm(Euler(X_OFF, Y_OFF, 0))}; here the same
 * angles come straight from the mean specific force, which at rest is all the estimate uses.
 *
 * @param rollDeg  SENS_BOARD_X_OFF
 * @param pitchDeg SENS_BOARD_Y_OFF
 */
public record LevelTrim(double rollDeg, double pitchDeg) {
    /** PX4 refuses more than 0.8 rad of roll or pitch ("excess roll angle"). */
    public static final double MAX_TILT_RAD = 0.8;
    /** Allowed |‖f‖ − g| / g: more means the vehicle is not at rest. */
    public static final double MAGNITUDE_TOLERANCE = 0.1;

    /**
     * @param f           mean specific force in the board frame, m/s², double[3]
     * @param gravityMps2 local gravity
     * @throws IllegalArgumentException for NaN, a reading not near 1 g, or more tilt than PX4 accepts
     */
    public static LevelTrim fromMeanAccel(double[] f, double gravityMps2) {
        if (f == null || f.length != 3 || !FitMath.finite(f[0]) || !FitMath.finite(f[1]) || !FitMath.finite(f[2])) {
            throw new IllegalArgumentException("level: the mean acceleration is not a finite 3-vector");
        }
        double norm = Math.sqrt(f[0] * f[0] + f[1] * f[1] + f[2] * f[2]);
        if (Math.abs(norm - gravityMps2) > MAGNITUDE_TOLERANCE * gravityMps2) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "level: the vehicle is not at rest (%.2f m/s² instead of %.2f)", norm, gravityMps2));
        }
        // At rest a body at roll φ, pitch θ reads f = (g·sinθ, −g·sinφ·cosθ, −g·cosφ·cosθ).
        double roll = Math.atan2(-f[1], -f[2]);
        double pitch = Math.atan2(f[0], Math.sqrt(f[1] * f[1] + f[2] * f[2]));
        if (Math.abs(roll) > MAX_TILT_RAD) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "level: excess roll angle %.1f°", Math.toDegrees(roll)));
        }
        if (Math.abs(pitch) > MAX_TILT_RAD) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "level: excess pitch angle %.1f°", Math.toDegrees(pitch)));
        }
        return new LevelTrim(Math.toDegrees(roll), Math.toDegrees(pitch));
    }

    /** Board-to-body rotation of this trim, row-major: {@code Ry(pitch)·Rx(roll)} (PX4's Dcm of Euler(roll, pitch, 0)). */
    public double[][] boardToBody() {
        double r = Math.toRadians(rollDeg);
        double p = Math.toRadians(pitchDeg);
        double cr = Math.cos(r);
        double sr = Math.sin(r);
        double cp = Math.cos(p);
        double sp = Math.sin(p);
        return new double[][] {
                {cp, sp * sr, sp * cr},
                {0.0, cr, -sr},
                {-sp, cp * sr, cp * cr}};
    }
}
