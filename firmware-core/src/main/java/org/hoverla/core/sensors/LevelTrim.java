package org.hoverla.core.sensors;

/**
 * The board level trim ({@code SENS_BOARD_X_OFF}, {@code _Y_OFF}, {@code _Z_OFF}, degrees): a small
 * rotation applied after a sensor's mounting rotation, as PX4's sensor calibration does
 * ({@code calibration::Accelerometer::set_rotation}: {@code Dcmf(GetSensorLevelAdjustment()) *
 * get_rot_matrix(rotation)}). The trim angles are the IMU's roll, pitch and yaw relative to the
 * airframe (Euler ZYX, the matrix of PX4's {@code Dcm(Eulerf)}, the same convention as
 * {@link Rotation}): body = R(trim) · R(mounting) · sensor. So an IMU pitched 2° nose up on a
 * level airframe reads gravity's reaction tilted towards its +x axis, and
 * {@code SENS_BOARD_Y_OFF = 2} turns that back to straight up.
 *
 * <p>Flight thread (set at parameter rate, applied per sample); allocation-free.
 */
final class LevelTrim {
    private final double[] trim = {1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0};
    private double rollDeg;
    private double pitchDeg;
    private double yawDeg;
    private boolean zero = true;

    /**
     * Takes the trim angles (non-finite counts as 0).
     *
     * @return whether they changed (the caller then re-composes its matrices)
     */
    boolean set(double rollDeg, double pitchDeg, double yawDeg) {
        double r = Double.isFinite(rollDeg) ? rollDeg : 0.0;
        double p = Double.isFinite(pitchDeg) ? pitchDeg : 0.0;
        double y = Double.isFinite(yawDeg) ? yawDeg : 0.0;
        if (r == this.rollDeg && p == this.pitchDeg && y == this.yawDeg) {
            return false;
        }
        this.rollDeg = r;
        this.pitchDeg = p;
        this.yawDeg = y;
        zero = r == 0.0 && p == 0.0 && y == 0.0;
        double cr = Math.cos(Math.toRadians(r));
        double sr = Math.sin(Math.toRadians(r));
        double cp = Math.cos(Math.toRadians(p));
        double sp = Math.sin(Math.toRadians(p));
        double cy = Math.cos(Math.toRadians(y));
        double sy = Math.sin(Math.toRadians(y));
        trim[0] = cp * cy;
        trim[1] = -cr * sy + sr * sp * cy;
        trim[2] = sr * sy + cr * sp * cy;
        trim[3] = cp * sy;
        trim[4] = cr * cy + sr * sp * sy;
        trim[5] = -sr * cy + cr * sp * sy;
        trim[6] = -sp;
        trim[7] = sr * cp;
        trim[8] = cr * cp;
        return true;
    }

    /** Whether every trim angle is 0 (the mounting rotation alone then applies, exactly). */
    boolean isZero() {
        return zero;
    }

    /** Writes trim · mounting into {@code dst} (row-major 3×3). */
    void compose(Rotation mounting, double[] dst) {
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                dst[3 * r + c] = trim[3 * r] * mounting.element(0, c) + trim[3 * r + 1] * mounting.element(1, c)
                        + trim[3 * r + 2] * mounting.element(2, c);
            }
        }
    }

    /** {@code v[at..at+2] = m · v[at..at+2]}, m row-major 3×3. */
    static void multiplyInPlace(double[] m, double[] v, int at) {
        double x = v[at];
        double y = v[at + 1];
        double z = v[at + 2];
        v[at] = m[0] * x + m[1] * y + m[2] * z;
        v[at + 1] = m[3] * x + m[4] * y + m[5] * z;
        v[at + 2] = m[6] * x + m[7] * y + m[8] * z;
    }
}
