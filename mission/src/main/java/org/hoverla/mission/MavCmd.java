package org.hoverla.mission;

/** The MAV_CMD values missions use (MAVLink common.xml), as plain ints so this module stays a leaf. */
public final class MavCmd {
    public static final int NAV_WAYPOINT = 16;
    public static final int NAV_LOITER_UNLIM = 17;
    public static final int NAV_LOITER_TURNS = 18;
    public static final int NAV_LOITER_TIME = 19;
    public static final int NAV_RETURN_TO_LAUNCH = 20;
    public static final int NAV_LAND = 21;
    public static final int NAV_TAKEOFF = 22;
    public static final int NAV_LOITER_TO_ALT = 31;
    public static final int NAV_DELAY = 93;
    public static final int CONDITION_DELAY = 112;
    public static final int CONDITION_DISTANCE = 114;
    public static final int CONDITION_YAW = 115;
    public static final int DO_SET_MODE = 176;
    public static final int DO_JUMP = 177;
    public static final int DO_CHANGE_SPEED = 178;
    public static final int DO_SET_HOME = 179;
    public static final int DO_LAND_START = 189;
    public static final int DO_SET_ROI_LOCATION = 195;
    public static final int DO_SET_ROI_NONE = 197;
    public static final int DO_SET_ROI = 201;
    public static final int DO_DIGICAM_CONTROL = 203;
    public static final int DO_MOUNT_CONTROL = 205;
    public static final int DO_SET_CAM_TRIGG_DIST = 206;
    public static final int SET_CAMERA_MODE = 530;
    public static final int IMAGE_START_CAPTURE = 2000;
    public static final int IMAGE_STOP_CAPTURE = 2001;
    public static final int VIDEO_START_CAPTURE = 2500;
    public static final int VIDEO_STOP_CAPTURE = 2501;
    public static final int NAV_FENCE_RETURN_POINT = 5000;
    public static final int NAV_FENCE_POLYGON_VERTEX_INCLUSION = 5001;
    public static final int NAV_FENCE_POLYGON_VERTEX_EXCLUSION = 5002;
    public static final int NAV_FENCE_CIRCLE_INCLUSION = 5003;
    public static final int NAV_FENCE_CIRCLE_EXCLUSION = 5004;
    public static final int NAV_RALLY_POINT = 5100;

    private MavCmd() {
    }
}
