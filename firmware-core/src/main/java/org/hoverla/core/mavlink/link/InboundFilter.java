package org.hoverla.core.mavlink.link;

/**
 * A check every validated frame passes on the MAVLink thread before the router and the services
 * see it: signature verification, rate limits. Filters run in the order they were added; the first
 * that refuses a frame ends its way (nothing forwarded, nothing delivered).
 *
 * <p>Contract: MAVLink thread only; must not throw and must not allocate per frame in steady
 * state (a flood reaches this code at the full packet rate); a refused frame is counted by the
 * filter that refused it.
 */
@FunctionalInterface
public interface InboundFilter {
    /**
     * @param source the link the frame arrived on
     * @param frame  the frame, valid only during this call; a signature check marks it with
     *               {@link MavlinkFrame#markAuthenticated()}
     * @param nowNs  vehicle clock
     * @return true to let the frame through
     */
    boolean admit(ManagedLink source, MavlinkFrame frame, long nowNs);
}
