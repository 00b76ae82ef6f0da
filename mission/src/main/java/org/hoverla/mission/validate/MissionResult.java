package org.hoverla.mission.validate;

/** MAV_MISSION_RESULT values (MAVLink common.xml), as plain ints so this module stays a leaf. */
public final class MissionResult {
    public static final int ACCEPTED = 0;
    public static final int ERROR = 1;
    public static final int UNSUPPORTED_FRAME = 2;
    public static final int UNSUPPORTED = 3;
    public static final int NO_SPACE = 4;
    public static final int INVALID = 5;
    public static final int INVALID_PARAM1 = 6;
    public static final int INVALID_PARAM2 = 7;
    public static final int INVALID_PARAM3 = 8;
    public static final int INVALID_PARAM4 = 9;
    /** param5 / x / latitude. */
    public static final int INVALID_PARAM5_X = 10;
    /** param6 / y / longitude. */
    public static final int INVALID_PARAM6_Y = 11;
    /** param7 / z / altitude. */
    public static final int INVALID_PARAM7 = 12;
    public static final int INVALID_SEQUENCE = 13;
    public static final int DENIED = 14;
    public static final int OPERATION_CANCELLED = 15;

    private static final String[] NAMES = {"MAV_MISSION_ACCEPTED", "MAV_MISSION_ERROR",
        "MAV_MISSION_UNSUPPORTED_FRAME", "MAV_MISSION_UNSUPPORTED", "MAV_MISSION_NO_SPACE", "MAV_MISSION_INVALID",
        "MAV_MISSION_INVALID_PARAM1", "MAV_MISSION_INVALID_PARAM2", "MAV_MISSION_INVALID_PARAM3",
        "MAV_MISSION_INVALID_PARAM4", "MAV_MISSION_INVALID_PARAM5_X", "MAV_MISSION_INVALID_PARAM6_Y",
        "MAV_MISSION_INVALID_PARAM7", "MAV_MISSION_INVALID_SEQUENCE", "MAV_MISSION_DENIED",
        "MAV_MISSION_OPERATION_CANCELLED"};

    private MissionResult() {
    }

    /** E.g. "MAV_MISSION_INVALID_PARAM7", or "MAV_MISSION_RESULT 99". */
    public static String name(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : "MAV_MISSION_RESULT " + code;
    }

    /** The INVALID_PARAMn code for param n (1..7). */
    public static int invalidParam(int n) {
        return INVALID_PARAM1 + (n - 1);
    }
}
