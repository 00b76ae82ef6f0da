package org.hoverla.core.msg;

/** The mission executor's progress (navigator → commander, telemetry, mission protocol). */
public final class MissionStatus {
    public long timestampNs;
    /** Items in the loaded mission (0 = none). */
    public int count;
    public int currentSeq;
    public boolean complete;
    /** The executor is on a takeoff item and wants to leave the ground. */
    public boolean takingOff;
    /** The mission handed over to Return (NAV_RETURN_TO_LAUNCH). */
    public boolean returnRequested;

    public void copyFrom(MissionStatus m) {
        timestampNs = m.timestampNs;
        count = m.count;
        currentSeq = m.currentSeq;
        complete = m.complete;
        takingOff = m.takingOff;
        returnRequested = m.returnRequested;
    }
}
