package org.hoverla.core.mavlink.dialect;

/**
 * Constants of the MAVLink standard-modes protocol (common.xml) that {@code io.dronefleet.mavlink}
 * 1.1.11 lacks: {@code MAV_STANDARD_MODE}, {@code MAV_MODE_PROPERTY} flags and the command
 * {@code MAV_CMD_DO_SET_STANDARD_MODE}. Plain ints so services can compare without the library's
 * enum types.
 */
public final class StandardModes {
    private StandardModes() {
    }

    /** {@code MAV_CMD_DO_SET_STANDARD_MODE}: param1 = MAV_STANDARD_MODE. */
    public static final int MAV_CMD_DO_SET_STANDARD_MODE = 262;

    // MAV_STANDARD_MODE
    public static final int MAV_STANDARD_MODE_NON_STANDARD = 0;
    public static final int MAV_STANDARD_MODE_POSITION_HOLD = 1;
    public static final int MAV_STANDARD_MODE_ORBIT = 2;
    public static final int MAV_STANDARD_MODE_CRUISE = 3;
    public static final int MAV_STANDARD_MODE_ALTITUDE_HOLD = 4;
    public static final int MAV_STANDARD_MODE_SAFE_RECOVERY = 5;
    public static final int MAV_STANDARD_MODE_MISSION = 6;
    public static final int MAV_STANDARD_MODE_LAND = 7;
    public static final int MAV_STANDARD_MODE_TAKEOFF = 8;

    // MAV_MODE_PROPERTY (bitmask)
    /** An advanced mode (e.g. rate-controlled manual); a GCS may hide it from novices. */
    public static final int MAV_MODE_PROPERTY_ADVANCED = 1;
    /** Not to be offered for selection; the vehicle may still enter it (e.g. a failsafe). */
    public static final int MAV_MODE_PROPERTY_NOT_USER_SELECTABLE = 2;
    /** An automatic mode (the vehicle flies itself, e.g. mission, return, land). */
    public static final int MAV_MODE_PROPERTY_AUTO_MODE = 4;
}
