package org.hoverla.core.msg;

/** Progress of the navigator's current behaviour. */
public final class NavigatorStatus {
    public long timestampNs;
    /** The mode sequence number ({@link VehicleStatus#modeSequence}) this status refers to. */
    public long modeSequence;
    /** Takeoff reached its altitude. */
    public boolean takeoffComplete;

    public void copyFrom(NavigatorStatus m) {
        timestampNs = m.timestampNs;
        modeSequence = m.modeSequence;
        takeoffComplete = m.takeoffComplete;
    }
}
