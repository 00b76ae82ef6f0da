package org.hoverla.core.msg;

/** A mission event from the flight thread to the MAVLink thread (MISSION_ITEM_REACHED, camera). */
public final class MissionEvent {
    public static final int CURRENT_CHANGED = 0;
    public static final int ITEM_REACHED = 1;
    public static final int CAMERA = 2;

    public long timestampNs;
    public int kind;
    public int seq;
    /** MAV_CMD of a camera event. */
    public int command;
    /** Where a camera event happened (local NED, m). */
    public double northM;
    public double eastM;
    public double downM;

    public void copyFrom(MissionEvent m) {
        timestampNs = m.timestampNs;
        kind = m.kind;
        seq = m.seq;
        command = m.command;
        northM = m.northM;
        eastM = m.eastM;
        downM = m.downM;
    }
}
