package org.hoverla.core.mavlink.security;

import org.hoverla.core.msg.FlightMode;

/**
 * Who is in control of an Offboard session. The sender (system, component, link) of the last
 * setpoint accepted before the vehicle entered Offboard owns the session (in PX4's offboard
 * procedure the setpoint stream must run before the switch, and the streaming application
 * sends the switch: MAVSDK {@code Offboard::start}); while it lasts, setpoints from anyone else are
 * ignored, and a switch to Offboard from anyone else is refused, so a second ground station cannot
 * hijack the session. It ends when the vehicle leaves Offboard or when the owner's stream has been
 * silent longer than the offboard loss timeout ({@code COM_OF_LOSS_T}).
 *
 * <p>Operator takeover: a mode change away from Offboard by another sender to Hold, Land or
 * Return is always allowed (safety first; the allow-list still applies); to any other mode only
 * when the sender is authorised ({@link LinkTrust#authorised}: signed, trusted link, or an
 * unconfigured vehicle).
 *
 * <p>Pure: the caller passes the time and whether the vehicle is in Offboard; MAVLink thread; no
 * allocation.
 */
public final class OffboardOwnership {
    private boolean owned;
    private int ownerSystem;
    private int ownerComponent;
    private int ownerLink;
    private long ownerLastNs;
    private boolean candidate;
    private int candidateSystem;
    private int candidateComponent;
    private int candidateLink;
    private long candidateNs;
    private long refusedSetpoints;

    /**
     * Brings the ownership up to date: a session starts when the vehicle is in Offboard (owner:
     * the last setpoint's sender, if its stream is alive) and ends with Offboard or the owner's
     * stream timeout.
     */
    public void update(boolean offboardActive, long nowNs, long streamTimeoutNs) {
        if (!offboardActive) {
            owned = false;
            return;
        }
        if (owned && nowNs - ownerLastNs > streamTimeoutNs) {
            owned = false;
        }
        if (!owned && candidate && nowNs - candidateNs <= streamTimeoutNs) {
            owned = true;
            ownerSystem = candidateSystem;
            ownerComponent = candidateComponent;
            ownerLink = candidateLink;
            ownerLastNs = candidateNs;
        }
    }

    /**
     * A setpoint from (system, component, link).
     *
     * @return true when it may be used; false when another sender owns the session (counted)
     */
    public boolean setpoint(int system, int component, int link, boolean offboardActive, long nowNs,
                            long streamTimeoutNs) {
        update(offboardActive, nowNs, streamTimeoutNs);
        if (owned && !isOwner(system, component, link)) {
            refusedSetpoints++;
            return false;
        }
        if (owned) {
            ownerLastNs = nowNs;
        }
        candidate = true;
        candidateSystem = system;
        candidateComponent = component;
        candidateLink = link;
        candidateNs = nowNs;
        return true;
    }

    /**
     * A mode change to {@code target} (null: not a mode this knows, treated as another mode) by
     * (system, component, link).
     *
     * @return {@link AuthorityPolicy#ALLOW} or {@link AuthorityPolicy#OFFBOARD_OWNED}
     */
    public int modeChange(int system, int component, int link, FlightMode target, boolean authorised,
                          boolean offboardActive, long nowNs, long streamTimeoutNs) {
        update(offboardActive, nowNs, streamTimeoutNs);
        if (!owned || isOwner(system, component, link)) {
            return AuthorityPolicy.ALLOW;
        }
        if (target == FlightMode.OFFBOARD) {
            return AuthorityPolicy.OFFBOARD_OWNED;
        }
        if (target == FlightMode.HOLD || target == FlightMode.LAND || target == FlightMode.RETURN) {
            return AuthorityPolicy.ALLOW;
        }
        return authorised ? AuthorityPolicy.ALLOW : AuthorityPolicy.OFFBOARD_OWNED;
    }

    private boolean isOwner(int system, int component, int link) {
        return ownerSystem == system && ownerComponent == component && ownerLink == link;
    }

    /** Whether a session is owned (as of the last update). */
    public boolean owned() {
        return owned;
    }

    /** The owner's system id, or -1 without a session. */
    public int ownerSystem() {
        return owned ? ownerSystem : -1;
    }

    /** The owner's link id, or -1 without a session. */
    public int ownerLink() {
        return owned ? ownerLink : -1;
    }

    /** Setpoints ignored because another sender owned the session. */
    public long refusedSetpoints() {
        return refusedSetpoints;
    }
}
