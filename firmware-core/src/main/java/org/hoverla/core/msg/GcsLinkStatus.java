package org.hoverla.core.msg;

/** Whether a ground station is talking to the vehicle; published by the MAVLink thread. */
public final class GcsLinkStatus {
    /** Vehicle-clock time of the newest ground-station HEARTBEAT, or 0 when none was ever seen. */
    public long lastHeartbeatNs;
    public boolean everSeen;

    public void copyFrom(GcsLinkStatus m) {
        lastHeartbeatNs = m.lastHeartbeatNs;
        everSeen = m.everSeen;
    }
}
