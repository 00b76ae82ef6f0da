package org.hoverla.core.sensors;

import java.util.Locale;

/**
 * A sensor's mounting rotation relative to the body FRD frame, with PX4's names and numbers
 * ({@code enum Rotation} in PX4's src/lib/conversion/rotation.h, the same numbering as MAVLink's
 * MAV_SENSOR_ORIENTATION up to 40). Each is Euler roll, pitch, yaw in degrees, the row of PX4's
 * {@code rot_lookup}; the body vector is {@code R(roll, pitch, yaw) · sensor vector} with R the
 * ZYX (yaw-pitch-roll) rotation matrix, as PX4's {@code get_rot_matrix}.
 *
 * <p>Board files may name a rotation ({@code ROTATION_YAW_90} or {@code YAW_90}) or give its number.
 */
public enum Rotation {
    NONE(0, 0, 0, 0),
    YAW_45(1, 0, 0, 45),
    YAW_90(2, 0, 0, 90),
    YAW_135(3, 0, 0, 135),
    YAW_180(4, 0, 0, 180),
    YAW_225(5, 0, 0, 225),
    YAW_270(6, 0, 0, 270),
    YAW_315(7, 0, 0, 315),
    ROLL_180(8, 180, 0, 0),
    ROLL_180_YAW_45(9, 180, 0, 45),
    ROLL_180_YAW_90(10, 180, 0, 90),
    ROLL_180_YAW_135(11, 180, 0, 135),
    PITCH_180(12, 0, 180, 0),
    ROLL_180_YAW_225(13, 180, 0, 225),
    ROLL_180_YAW_270(14, 180, 0, 270),
    ROLL_180_YAW_315(15, 180, 0, 315),
    ROLL_90(16, 90, 0, 0),
    ROLL_90_YAW_45(17, 90, 0, 45),
    ROLL_90_YAW_90(18, 90, 0, 90),
    ROLL_90_YAW_135(19, 90, 0, 135),
    ROLL_270(20, 270, 0, 0),
    ROLL_270_YAW_45(21, 270, 0, 45),
    ROLL_270_YAW_90(22, 270, 0, 90),
    ROLL_270_YAW_135(23, 270, 0, 135),
    PITCH_90(24, 0, 90, 0),
    PITCH_270(25, 0, 270, 0),
    PITCH_180_YAW_90(26, 0, 180, 90),
    PITCH_180_YAW_270(27, 0, 180, 270),
    ROLL_90_PITCH_90(28, 90, 90, 0),
    ROLL_180_PITCH_90(29, 180, 90, 0),
    ROLL_270_PITCH_90(30, 270, 90, 0),
    ROLL_90_PITCH_180(31, 90, 180, 0),
    ROLL_270_PITCH_180(32, 270, 180, 0),
    ROLL_90_PITCH_270(33, 90, 270, 0),
    ROLL_180_PITCH_270(34, 180, 270, 0),
    ROLL_270_PITCH_270(35, 270, 270, 0),
    ROLL_90_PITCH_180_YAW_90(36, 90, 180, 90),
    ROLL_90_YAW_270(37, 90, 0, 270),
    // PX4's rot_lookup holds whole degrees (90, 68, 293); its rotate_3f uses the same matrix.
    ROLL_90_PITCH_68_YAW_293(38, 90, 68, 293),
    PITCH_315(39, 0, 315, 0),
    ROLL_90_PITCH_315(40, 90, 315, 0),
    // 41–47: PX4 only (MAVLink's MAV_SENSOR_ORIENTATION ends at 40, then 100 = custom).
    ROLL_270_YAW_180(41, 270, 0, 180),
    ROLL_270_YAW_270(42, 270, 0, 270),
    PITCH_90_YAW_180(43, 0, 90, 180),
    PITCH_9_YAW_180(44, 0, 9, 180),
    PITCH_45(45, 0, 45, 0),
    ROLL_270_YAW_225(46, 270, 0, 225),
    ROLL_270_YAW_315(47, 270, 0, 315);

    private static final Rotation[] BY_ID = values();

    private final int id;
    private final double rollDeg;
    private final double pitchDeg;
    private final double yawDeg;
    /** Row-major 3×3 matrix, body = m · sensor; exact zeros and ones where the angle is a multiple of 90°. */
    private final double[] m = new double[9];

    Rotation(int id, double rollDeg, double pitchDeg, double yawDeg) {
        this.id = id;
        this.rollDeg = rollDeg;
        this.pitchDeg = pitchDeg;
        this.yawDeg = yawDeg;
        double cr = cos(rollDeg), sr = sin(rollDeg);
        double cp = cos(pitchDeg), sp = sin(pitchDeg);
        double cy = cos(yawDeg), sy = sin(yawDeg);
        m[0] = cp * cy;
        m[1] = sr * sp * cy - cr * sy;
        m[2] = cr * sp * cy + sr * sy;
        m[3] = cp * sy;
        m[4] = sr * sp * sy + cr * cy;
        m[5] = cr * sp * sy - sr * cy;
        m[6] = -sp;
        m[7] = sr * cp;
        m[8] = cr * cp;
    }

    public int id() {
        return id;
    }

    public double rollDeg() {
        return rollDeg;
    }

    public double pitchDeg() {
        return pitchDeg;
    }

    public double yawDeg() {
        return yawDeg;
    }

    /** PX4's name, e.g. {@code ROTATION_ROLL_180_YAW_90}. */
    public String px4Name() {
        return "ROTATION_" + name();
    }

    /** Element (row, col) of the rotation matrix. */
    public double element(int row, int col) {
        return m[row * 3 + col];
    }

    /** Body-frame x of the sensor vector (x, y, z). Allocation-free, for the flight thread. */
    public double bodyX(double x, double y, double z) {
        return m[0] * x + m[1] * y + m[2] * z;
    }

    public double bodyY(double x, double y, double z) {
        return m[3] * x + m[4] * y + m[5] * z;
    }

    public double bodyZ(double x, double y, double z) {
        return m[6] * x + m[7] * y + m[8] * z;
    }

    /**
     * Turns the sensor vector {@code v[at..at+2]} into body axes in place; {@link #NONE} leaves it
     * untouched (bit for bit). Allocation-free, for the flight thread.
     */
    public void toBodyInPlace(double[] v, int at) {
        if (this == NONE) {
            return;
        }
        double x = v[at];
        double y = v[at + 1];
        double z = v[at + 2];
        v[at] = bodyX(x, y, z);
        v[at + 1] = bodyY(x, y, z);
        v[at + 2] = bodyZ(x, y, z);
    }

    /** @throws IllegalArgumentException naming the valid range */
    public static Rotation fromId(int id) {
        if (id < 0 || id >= BY_ID.length) {
            throw new IllegalArgumentException("rotation " + id + " is not a PX4 rotation (0.." + (BY_ID.length - 1) + ")");
        }
        return BY_ID[id];
    }

    /**
     * Accepts {@code ROTATION_YAW_90}, {@code YAW_90} (any case) or a number.
     *
     * @throws IllegalArgumentException naming the text
     */
    public static Rotation parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            return fromId(Integer.parseInt(t));
        }
        if (t.startsWith("ROTATION_")) {
            t = t.substring("ROTATION_".length());
        }
        try {
            return valueOf(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a PX4 rotation name (e.g. ROTATION_NONE, "
                    + "ROTATION_YAW_90, ROTATION_ROLL_180; see the README's rotation table)");
        }
    }

    private static double cos(double deg) {
        double r = Math.cos(Math.toRadians(deg));
        return Math.abs(r) < 1e-12 ? 0.0 : Math.abs(Math.abs(r) - 1.0) < 1e-12 ? Math.signum(r) : r;
    }

    private static double sin(double deg) {
        double r = Math.sin(Math.toRadians(deg));
        return Math.abs(r) < 1e-12 ? 0.0 : Math.abs(Math.abs(r) - 1.0) < 1e-12 ? Math.signum(r) : r;
    }
}
