package org.hoverla.core.mavlink.flood;

/**
 * The message classes that get a rate limit of their own, by MAVLink message id (mavlink.io
 * common.xml ids). A flood of one class (say PARAM_REQUEST_READ) then cannot use up the budget of
 * another (say COMMAND_LONG) on the same link. Pure; any thread.
 */
public final class MessageClass {
    /** HEARTBEAT (0). */
    public static final int HEARTBEAT = 0;
    /** COMMAND_LONG/INT, COMMAND_ACK, COMMAND_CANCEL, SET_MODE. */
    public static final int COMMAND = 1;
    /** PARAM_* and PARAM_EXT_*. */
    public static final int PARAM = 2;
    /** The mission protocol (MISSION_*). */
    public static final int MISSION = 3;
    /** MAVLink FTP and the log protocol (FILE_TRANSFER_PROTOCOL, LOG_*). */
    public static final int TRANSFER = 4;
    /** Setpoint streams: SET_POSITION_TARGET_*, SET_ATTITUDE_TARGET, MANUAL_CONTROL, RC_CHANNELS_OVERRIDE, … */
    public static final int SETPOINT = 5;
    /** Everything else, including traffic only forwarded to other links. */
    public static final int OTHER = 6;
    /** Number of classes. */
    public static final int COUNT = 7;

    private static final String[] NAMES = {"heartbeat", "command", "param", "mission", "transfer", "setpoint",
            "other"};

    private MessageClass() {
    }

    /** The class of a MAVLink message id (0..2^24-1); unknown ids are {@link #OTHER}. */
    public static int of(int messageId) {
        switch (messageId) {
            case 0: // HEARTBEAT
                return HEARTBEAT;
            case 11: // SET_MODE
            case 75: // COMMAND_INT
            case 76: // COMMAND_LONG
            case 77: // COMMAND_ACK
            case 80: // COMMAND_CANCEL
                return COMMAND;
            case 20: // PARAM_REQUEST_READ
            case 21: // PARAM_REQUEST_LIST
            case 22: // PARAM_VALUE
            case 23: // PARAM_SET
            case 50: // PARAM_MAP_RC
            case 320: // PARAM_EXT_REQUEST_READ
            case 321: // PARAM_EXT_REQUEST_LIST
            case 322: // PARAM_EXT_VALUE
            case 323: // PARAM_EXT_SET
            case 324: // PARAM_EXT_ACK
                return PARAM;
            case 37: // MISSION_REQUEST_PARTIAL_LIST
            case 38: // MISSION_WRITE_PARTIAL_LIST
            case 39: // MISSION_ITEM
            case 40: // MISSION_REQUEST
            case 41: // MISSION_SET_CURRENT
            case 42: // MISSION_CURRENT
            case 43: // MISSION_REQUEST_LIST
            case 44: // MISSION_COUNT
            case 45: // MISSION_CLEAR_ALL
            case 46: // MISSION_ITEM_REACHED
            case 47: // MISSION_ACK
            case 51: // MISSION_REQUEST_INT
            case 73: // MISSION_ITEM_INT
                return MISSION;
            case 110: // FILE_TRANSFER_PROTOCOL
            case 117: // LOG_REQUEST_LIST
            case 118: // LOG_ENTRY
            case 119: // LOG_REQUEST_DATA
            case 120: // LOG_DATA
            case 121: // LOG_ERASE
            case 122: // LOG_REQUEST_END
                return TRANSFER;
            case 69: // MANUAL_CONTROL
            case 70: // RC_CHANNELS_OVERRIDE
            case 81: // MANUAL_SETPOINT
            case 82: // SET_ATTITUDE_TARGET
            case 84: // SET_POSITION_TARGET_LOCAL_NED
            case 86: // SET_POSITION_TARGET_GLOBAL_INT
            case 139: // SET_ACTUATOR_CONTROL_TARGET
                return SETPOINT;
            default:
                return OTHER;
        }
    }

    /** Short lower-case name of a class, for reports. */
    public static String name(int messageClass) {
        return messageClass >= 0 && messageClass < COUNT ? NAMES[messageClass] : "?";
    }
}
