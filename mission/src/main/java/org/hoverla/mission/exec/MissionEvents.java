package org.hoverla.mission.exec;

/**
 * What the executor tells the world as it flies; implemented by the integrator (which hands the
 * events to the MAVLink thread through allocation-free queues). Called on the flight thread:
 * implementations must not allocate, block or lock.
 */
public interface MissionEvents {
    /** The item with this sequence number is now the current one. */
    void currentChanged(int seq);

    /** A navigation item was reached (MISSION_ITEM_REACHED). */
    void itemReached(int seq);

    /** A camera item ran (IMAGE_START_CAPTURE, DO_DIGICAM_CONTROL, …) at this item. */
    void cameraEvent(int seq, int command);

    /** The mission asks for Return (NAV_RETURN_TO_LAUNCH) — the commander decides. */
    void returnRequested(int seq);
}
