package org.hoverla.core.msg;

/** Progress of the navigator's current behaviour. */
public final class NavigatorStatus {
    public long timestampNs;
    /** The mode sequence number ({@link VehicleStatus#modeSequence}) this status refers to. */
    public long modeSequence;
    /** Takeoff reached its altitude. */
    public boolean takeoffComplete;
    /** The navigator is bringing the vehicle down to land (Land, or Return's last phase). */
    public boolean landing;

    public void copyFrom(NavigatorStatus m) {
        timestampNs = m.timestampNs;
        modeSequence = m.modeSequence;
        takeoffComplete = m.takeoffComplete;
        landing = m.landing;
    }
}
