package org.hoverla.mission;

/**
 * One plan item exactly as MAVLink's MISSION_ITEM_INT carries it, so that an upload followed by
 * a download returns the same bits: {@code x}/{@code y} are latitude/longitude in degE7 for
 * global frames (or local metres × 1e4 for local frames, which Hoverla refuses), {@code z} is
 * the altitude in metres in the item's frame. Commands and frames are MAV_CMD and MAV_FRAME
 * values. Immutable; any thread.
 *
 * @param seq          position in its plan, 0-based
 * @param frame        MAV_FRAME value
 * @param command      MAV_CMD value
 * @param current      the MISSION_ITEM_INT {@code current} flag as uploaded
 * @param autocontinue the {@code autocontinue} flag
 */
public record MissionItem(int seq, int frame, int command, boolean current, boolean autocontinue,
                          float param1, float param2, float param3, float param4, int x, int y, float z,
                          MissionType type) {

    /** MAV_FRAME_GLOBAL: altitude AMSL. */
    public static final int FRAME_GLOBAL = 0;
    /** MAV_FRAME_MISSION: not a position (DO_ and CONDITION_ items). */
    public static final int FRAME_MISSION = 2;
    /** MAV_FRAME_GLOBAL_RELATIVE_ALT: altitude above home. */
    public static final int FRAME_GLOBAL_RELATIVE_ALT = 3;
    public static final int FRAME_GLOBAL_INT = 5;
    public static final int FRAME_GLOBAL_RELATIVE_ALT_INT = 6;
    public static final int FRAME_GLOBAL_TERRAIN_ALT = 10;
    public static final int FRAME_GLOBAL_TERRAIN_ALT_INT = 11;

    /** Latitude in degrees (x / 1e7); meaningful for global frames. */
    public double latDeg() {
        return x * 1e-7;
    }

    /** Longitude in degrees (y / 1e7); meaningful for global frames. */
    public double lonDeg() {
        return y * 1e-7;
    }

    /**
     * Whether latitude = longitude = 0 on this command means "here": the vehicle's horizontal
     * position when the item starts, as ArduCopter reads takeoff, land and loiter items
     * (mode_auto.cpp: {@code do_takeoff} flies up from where it stands, {@code do_land} lands where
     * it is, {@code do_loiter_unlimited/time/to_alt} and {@code do_circle} (LOITER_TURNS) take the
     * current location via {@code loc_from_cmd}). Mission Planner writes such items. Other commands
     * at 0, 0 are refused: for a NAV_WAYPOINT it would be a silent "stay where you are".
     */
    public static boolean allowsHere(int command) {
        switch (command) {
            case MavCmd.NAV_TAKEOFF:
            case MavCmd.NAV_LAND:
            case MavCmd.NAV_LOITER_UNLIM:
            case MavCmd.NAV_LOITER_TURNS:
            case MavCmd.NAV_LOITER_TIME:
            case MavCmd.NAV_LOITER_TO_ALT:
                return true;
            default:
                return false;
        }
    }

    /**
     * True when this item's position is "here" ({@link #allowsHere}): a global frame, x = y = 0 and
     * a command that allows it. The bits stay as they are; the executor resolves "here" to the
     * vehicle's position when the item starts, and checks of distances and fences skip it.
     */
    public boolean isHere() {
        boolean global = frame == FRAME_GLOBAL || frame == FRAME_GLOBAL_INT || frame == FRAME_GLOBAL_RELATIVE_ALT
                || frame == FRAME_GLOBAL_RELATIVE_ALT_INT || frame == FRAME_GLOBAL_TERRAIN_ALT
                || frame == FRAME_GLOBAL_TERRAIN_ALT_INT;
        return global && x == 0 && y == 0 && allowsHere(command);
    }

    /** The same item at another position in its plan. */
    public MissionItem withSeq(int newSeq) {
        return new MissionItem(newSeq, frame, command, current, autocontinue, param1, param2, param3, param4, x, y, z,
                type);
    }
}
