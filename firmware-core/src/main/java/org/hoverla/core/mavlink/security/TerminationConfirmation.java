package org.hoverla.core.mavlink.security;

/**
 * The two-step confirmation of MAV_CMD_DO_FLIGHTTERMINATION (185): a termination is executed only
 * when the same sender (system, component, link) asks twice, as two separate requests (the second
 * with {@code confirmation} 0), the second at least {@link #HOLDOFF_NS} and at most
 * {@link #WINDOW_NS} after the first.
 *
 * <p>Why not COMMAND_LONG's {@code confirmation} field: mavlink.io documents it as "0: first
 * transmission; 1-255: confirmation transmissions (e.g. for kill command)", but ground stations
 * use it for automatic retries (QGC increments it on each resend of an unacknowledged command), so
 * a lost ACK would turn into a kill. {@code CommandService} already answers those retries
 * (same sender, higher confirmation) with the first answer without executing. MAVSDK resends with
 * confirmation 0 (its {@code MavlinkCommandSender}: 0.5 s timeout, 3 retries, 1.5 s in all): the hold-off
 * makes such a resend a {@link #RESEND}, answered like the first, so only an operator acting again
 * on purpose after the first refusal reached them confirms. A request from another sender starts
 * its own window (and ends the first one's).
 *
 * <p>Pure: the caller passes the time; MAVLink thread; no allocation.
 */
public final class TerminationConfirmation {
    /** A confirming request earlier than this after the first is an automatic resend. */
    public static final long HOLDOFF_NS = 2_000_000_000L;
    /** A confirming request must come before this after the first. */
    public static final long WINDOW_NS = 5_000_000_000L;

    /** The request opened a confirmation window: answer TEMPORARILY_REJECTED and say how to confirm. */
    public static final int OPENED = 0;
    /** An early resend of the opening request: answered as the first, the window is unchanged. */
    public static final int RESEND = 1;
    /** The confirming request: terminate. */
    public static final int CONFIRMED = 2;

    private boolean open;
    private int system;
    private int component;
    private int link;
    private long firstNs;

    /**
     * A termination request from (system, component, link id) at {@code nowNs}.
     *
     * @param confirmation COMMAND_LONG's field (0 for COMMAND_INT): above 0 the request is a
     *                     ground station's automatic retransmission, which never confirms (even
     *                     after {@code CommandService} has forgotten the first answer)
     */
    public int request(int system, int component, int link, int confirmation, long nowNs) {
        if (open && nowNs - firstNs > WINDOW_NS) {
            open = false;
        }
        if (open && this.system == system && this.component == component && this.link == link) {
            if (confirmation > 0 || nowNs - firstNs < HOLDOFF_NS) {
                return RESEND;
            }
            open = false;
            return CONFIRMED;
        }
        open = true;
        this.system = system;
        this.component = component;
        this.link = link;
        firstNs = nowNs;
        return OPENED;
    }

    /** Whether a window is open at {@code nowNs}. */
    public boolean pending(long nowNs) {
        return open && nowNs - firstNs <= WINDOW_NS;
    }
}
