package org.hoverla.core.vehicle;

import org.hoverla.core.msg.FlightMode;

/**
 * A takeoff selected while the vehicle is disarmed on the ground, waiting for arming.
 *
 * <p>QGroundControl takes off a PX4 vehicle by selecting Takeoff first (NAV_TAKEOFF, or SET_MODE
 * AUTO_TAKEOFF) and arming only once that is accepted ({@code PX4FirmwarePlugin::guidedModeTakeoff},
 * {@code startTakeoff}); PX4 then climbs as soon as it is armed. PX4 keeps Takeoff selected
 * forever if the arming never comes, so a vehicle armed much later for another reason would climb
 * unexpectedly. Hoverla therefore gives the waiting Takeoff a deadline: when the vehicle is still
 * disarmed in that same Takeoff entry after the timeout, the mode selected before it comes back.
 *
 * <p>Pure state, no allocation: owned and called by the commander on the flight thread.
 */
public final class PendingTakeoff {
    private boolean active;
    private long requestedNs;
    private long modeSequence;
    private FlightMode previousMode = FlightMode.HOLD;

    /**
     * Records that Takeoff was entered while disarmed. A second request while one waits keeps the
     * first one's previous mode (the mode before any Takeoff) and restarts the wait.
     *
     * @param previousMode the mode selected before Takeoff; Takeoff itself counts as Hold
     * @param modeSequence the mode-entry number of the Takeoff entry
     */
    public void request(long nowNs, FlightMode previousMode, long modeSequence) {
        if (!active) {
            this.previousMode = previousMode == FlightMode.TAKEOFF ? FlightMode.HOLD : previousMode;
        }
        active = true;
        requestedNs = nowNs;
        this.modeSequence = modeSequence;
    }

    /** Forgets the wait (the vehicle armed, the mode changed, or a disarm cancelled it). */
    public void clear() {
        active = false;
    }

    public boolean active() {
        return active;
    }

    /** The mode to go back to when the wait ends without arming. */
    public FlightMode previousMode() {
        return previousMode;
    }

    /**
     * Ends the wait when it no longer applies and reports, once, that it ran out.
     *
     * @param armed whether the vehicle is armed now (the takeoff goes ahead: the wait is over)
     * @param currentModeSequence the current mode-entry number (another mode was chosen when it differs)
     * @return true exactly once, when still disarmed in the same Takeoff entry {@code timeoutNs} after the request
     */
    public boolean expired(long nowNs, long timeoutNs, boolean armed, long currentModeSequence) {
        if (!active) {
            return false;
        }
        if (armed || currentModeSequence != modeSequence) {
            active = false;
            return false;
        }
        if (nowNs - requestedNs >= timeoutNs) {
            active = false;
            return true;
        }
        return false;
    }
}
