package org.hoverla.core.msg;

/**
 * Navigation modes, named and meant as PX4 defines them for multicopters, with their MAVLink
 * encodings: PX4's custom mode (main mode in bits 16–23 of {@code custom_mode}, sub mode in
 * bits 24–31, from PX4's {@code px4_custom_mode.h}) and the MAVLink standard mode
 * ({@code MAV_STANDARD_MODE}, 0 = none).
 *
 * <p>Hold has no standard mode of its own (Position holds with centred sticks and is
 * POSITION_HOLD), so each standard mode maps to one mode only.
 *
 * <p>Without manual input (no RC or joystick ever seen), Position and Altitude hold where they
 * are, as PX4 does with centred sticks; Altitude then also holds zero horizontal velocity rather
 * than drifting with the wind. With manual input, Altitude flies as PX4's: horizontal sticks
 * tilt, no horizontal hold.
 */
public enum FlightMode {
    /** Manual position control; holds position with centred sticks (PX4 POSCTL). */
    POSITION(3, 0, 1),
    /** Manual altitude control (PX4 ALTCTL). */
    ALTITUDE(2, 0, 4),
    /** Hold position and altitude (PX4 AUTO_LOITER). */
    HOLD(4, 3, 0),
    /** Climb to the takeoff altitude above the current position, then Hold. */
    TAKEOFF(4, 2, 8),
    /** Descend at the current horizontal position, then disarm. */
    LAND(4, 6, 7),
    /** Climb to the return altitude, fly home, land (PX4 AUTO_RTL). */
    RETURN(4, 5, 5),
    /** Fly the uploaded mission (PX4 AUTO_MISSION). */
    MISSION(4, 4, 6),
    /** Follow setpoints streamed by an external computer (PX4 OFFBOARD). */
    OFFBOARD(6, 0, 0),
    /**
     * Fly a circle set by MAV_CMD_DO_ORBIT (PX4 NAVIGATION_STATE_ORBIT: main POSCTL, sub
     * PX4_CUSTOM_SUB_MODE_POSCTL_ORBIT = 1; MAV_STANDARD_MODE_ORBIT = 2). Entered only by that
     * command, which carries the circle; QGC lists it as not settable.
     */
    ORBIT(3, 1, 2),
    /**
     * Manual attitude control (PX4 STABILIZED, main mode 7): roll/pitch sticks command tilt up
     * to MPC_MAN_TILT_MAX, the yaw stick a yaw rate up to MPC_MAN_Y_MAX, the throttle stick the
     * collective thrust (centre = MPC_THR_HOVER); no position or velocity control. No MAVLink
     * standard mode.
     */
    STABILIZED(7, 0, 0);

    public static final int PX4_MAIN_MODE_SHIFT = 16;
    public static final int PX4_SUB_MODE_SHIFT = 24;

    private static final FlightMode[] VALUES = values();

    private final int px4MainMode;
    private final int px4SubMode;
    private final int standardMode;

    FlightMode(int px4MainMode, int px4SubMode, int standardMode) {
        this.px4MainMode = px4MainMode;
        this.px4SubMode = px4SubMode;
        this.standardMode = standardMode;
    }

    public int px4MainMode() {
        return px4MainMode;
    }

    public int px4SubMode() {
        return px4SubMode;
    }

    /** MAVLink HEARTBEAT {@code custom_mode} in PX4's encoding. */
    public int px4CustomMode() {
        return (px4MainMode << PX4_MAIN_MODE_SHIFT) | (px4SubMode << PX4_SUB_MODE_SHIFT);
    }

    /** {@code MAV_STANDARD_MODE} value, 0 when the mode has none. */
    public int standardMode() {
        return standardMode;
    }

    /** True for the modes PX4 groups under AUTO (base mode flag AUTO). */
    public boolean isAuto() {
        return px4MainMode == 4;
    }

    /** True for the modes flown by the pilot's sticks (PX4's manual-control modes). */
    public boolean isManual() {
        return this == POSITION || this == ALTITUDE || this == STABILIZED;
    }

    /**
     * The mode for a PX4 main/sub mode pair, or null when Hoverla has none. A sub mode of 0 with
     * main mode AUTO means Hold, as PX4 treats it.
     */
    public static FlightMode fromPx4(int mainMode, int subMode) {
        for (FlightMode m : VALUES) {
            if (m.px4MainMode == mainMode && (m.px4SubMode == subMode || (mainMode != 4 && subMode == 0))) {
                return m;
            }
        }
        if (mainMode == 4 && subMode == 0) {
            return HOLD;
        }
        return null;
    }

    /** PX4's main mode (bits 16–23) of a {@code custom_mode} value. */
    public static int px4MainModeOf(long customMode) {
        return (int) ((customMode >>> PX4_MAIN_MODE_SHIFT) & 0xFF);
    }

    /** PX4's sub mode (bits 24–31) of a {@code custom_mode} value. */
    public static int px4SubModeOf(long customMode) {
        return (int) ((customMode >>> PX4_SUB_MODE_SHIFT) & 0xFF);
    }

    /**
     * The mode for a whole PX4 {@code custom_mode} (as HEARTBEAT and SET_MODE carry it), or null.
     * The low 16 bits are PX4's reserved field and are ignored, as PX4 ignores them.
     */
    public static FlightMode fromPx4CustomMode(long customMode) {
        return fromPx4(px4MainModeOf(customMode), px4SubModeOf(customMode));
    }

    /** The mode for a {@code MAV_STANDARD_MODE} value, or null. Position hold maps to POSITION. */
    public static FlightMode fromStandardMode(int standardMode) {
        if (standardMode <= 0) {
            return null;
        }
        for (FlightMode m : VALUES) {
            if (m.standardMode == standardMode) {
                return m;
            }
        }
        return null;
    }
}
