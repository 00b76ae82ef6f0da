package org.hoverla.mission.plan;

import java.util.Map;

/** Human names of MAV_CMD and MAV_FRAME values (MAVLink common.xml), for messages and tables. */
public final class MavNames {
    private static final Map<Integer, String> COMMANDS = Map.ofEntries(
            Map.entry(16, "NAV_WAYPOINT"), Map.entry(17, "NAV_LOITER_UNLIM"), Map.entry(18, "NAV_LOITER_TURNS"),
            Map.entry(19, "NAV_LOITER_TIME"), Map.entry(20, "NAV_RETURN_TO_LAUNCH"), Map.entry(21, "NAV_LAND"),
            Map.entry(22, "NAV_TAKEOFF"), Map.entry(30, "NAV_CONTINUE_AND_CHANGE_ALT"), Map.entry(31, "NAV_LOITER_TO_ALT"),
            Map.entry(80, "NAV_ROI"), Map.entry(82, "NAV_SPLINE_WAYPOINT"), Map.entry(84, "NAV_VTOL_TAKEOFF"),
            Map.entry(85, "NAV_VTOL_LAND"), Map.entry(92, "NAV_GUIDED_ENABLE"), Map.entry(93, "NAV_DELAY"),
            Map.entry(94, "NAV_PAYLOAD_PLACE"), Map.entry(112, "CONDITION_DELAY"), Map.entry(113, "CONDITION_CHANGE_ALT"),
            Map.entry(114, "CONDITION_DISTANCE"), Map.entry(115, "CONDITION_YAW"), Map.entry(176, "DO_SET_MODE"),
            Map.entry(177, "DO_JUMP"), Map.entry(178, "DO_CHANGE_SPEED"), Map.entry(179, "DO_SET_HOME"),
            Map.entry(181, "DO_SET_RELAY"), Map.entry(182, "DO_REPEAT_RELAY"), Map.entry(183, "DO_SET_SERVO"),
            Map.entry(184, "DO_REPEAT_SERVO"), Map.entry(186, "DO_CHANGE_ALTITUDE"), Map.entry(189, "DO_LAND_START"),
            Map.entry(190, "DO_RALLY_LAND"), Map.entry(191, "DO_GO_AROUND"), Map.entry(192, "DO_REPOSITION"),
            Map.entry(195, "DO_SET_ROI_LOCATION"), Map.entry(196, "DO_SET_ROI_WPNEXT_OFFSET"),
            Map.entry(197, "DO_SET_ROI_NONE"), Map.entry(198, "DO_SET_ROI_SYSID"), Map.entry(200, "DO_CONTROL_VIDEO"),
            Map.entry(201, "DO_SET_ROI"), Map.entry(202, "DO_DIGICAM_CONFIGURE"), Map.entry(203, "DO_DIGICAM_CONTROL"),
            Map.entry(204, "DO_MOUNT_CONFIGURE"), Map.entry(205, "DO_MOUNT_CONTROL"),
            Map.entry(206, "DO_SET_CAM_TRIGG_DIST"), Map.entry(207, "DO_FENCE_ENABLE"), Map.entry(208, "DO_PARACHUTE"),
            Map.entry(211, "DO_GRIPPER"), Map.entry(212, "DO_AUTOTUNE_ENABLE"), Map.entry(214, "DO_SET_CAM_TRIGG_INTERVAL"),
            Map.entry(530, "SET_CAMERA_MODE"), Map.entry(531, "SET_CAMERA_ZOOM"), Map.entry(532, "SET_CAMERA_FOCUS"),
            Map.entry(1000, "DO_GIMBAL_MANAGER_PITCHYAW"), Map.entry(2000, "IMAGE_START_CAPTURE"),
            Map.entry(2001, "IMAGE_STOP_CAPTURE"), Map.entry(2500, "VIDEO_START_CAPTURE"),
            Map.entry(2501, "VIDEO_STOP_CAPTURE"), Map.entry(3000, "DO_VTOL_TRANSITION"),
            Map.entry(5000, "NAV_FENCE_RETURN_POINT"), Map.entry(5001, "NAV_FENCE_POLYGON_VERTEX_INCLUSION"),
            Map.entry(5002, "NAV_FENCE_POLYGON_VERTEX_EXCLUSION"), Map.entry(5003, "NAV_FENCE_CIRCLE_INCLUSION"),
            Map.entry(5004, "NAV_FENCE_CIRCLE_EXCLUSION"), Map.entry(5100, "NAV_RALLY_POINT"),
            Map.entry(42600, "DO_WINCH"));

    private static final Map<Integer, String> FRAMES = Map.ofEntries(
            Map.entry(0, "GLOBAL"), Map.entry(1, "LOCAL_NED"), Map.entry(2, "MISSION"),
            Map.entry(3, "GLOBAL_RELATIVE_ALT"), Map.entry(4, "LOCAL_ENU"), Map.entry(5, "GLOBAL_INT"),
            Map.entry(6, "GLOBAL_RELATIVE_ALT_INT"), Map.entry(7, "LOCAL_OFFSET_NED"), Map.entry(8, "BODY_NED"),
            Map.entry(9, "BODY_OFFSET_NED"), Map.entry(10, "GLOBAL_TERRAIN_ALT"), Map.entry(11, "GLOBAL_TERRAIN_ALT_INT"),
            Map.entry(12, "BODY_FRD"), Map.entry(20, "LOCAL_FRD"), Map.entry(21, "LOCAL_FLU"));

    private MavNames() {
    }

    /** E.g. "NAV_WAYPOINT", or "MAV_CMD 31000" for a command this table does not know. */
    public static String command(int command) {
        String n = COMMANDS.get(command);
        return n != null ? n : "MAV_CMD " + command;
    }

    /** E.g. "GLOBAL_RELATIVE_ALT", or "MAV_FRAME 42". */
    public static String frame(int frame) {
        String n = FRAMES.get(frame);
        return n != null ? n : "MAV_FRAME " + frame;
    }
}
