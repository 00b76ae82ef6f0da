package org.hoverla.core.timing;

import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.telemetry.LinkConditions;

/**
 * The first step of the loop timing degradation: while the governor is at
 * {@link LoopTimingGovernor#DEGRADED} or worse, every telemetry stream on every link runs at
 * {@link #DEGRADED_RATE} of its rate (on top of the radio's own flow control). Why this work: the
 * MAVLink encoder allocates a few KB per message (DESIGN §9), so the streams are the vehicle's
 * main source of garbage (hence of GC pauses) and, on a two- or four-core companion computer, the
 * main load competing with the flight thread for CPU; they are optional for flight. Replies
 * (commands, parameters, missions) are not streams and are never slowed. MAVLink thread.
 */
public final class LoopTimingLinkConditions implements LinkConditions {
    /** Share of the normal stream rates kept while degraded. */
    public static final double DEGRADED_RATE = 0.25;

    private final LinkConditions radio;
    private final LoopTimingVerdict verdict;

    /**
     * @param radio   the link conditions otherwise in force (the radio status service)
     * @param verdict the loop timing's degradation level
     */
    public LoopTimingLinkConditions(LinkConditions radio, LoopTimingVerdict verdict) {
        this.radio = radio == null ? LinkConditions.NONE : radio;
        this.verdict = verdict;
    }

    @Override
    public double rateMultiplier(MavlinkLink link, long nowNs) {
        double f = radio.rateMultiplier(link, nowNs);
        return verdict.degradation() >= LoopTimingGovernor.DEGRADED ? f * DEGRADED_RATE : f;
    }

    @Override
    public int dropRateCommCentiPct(MavlinkLink link) {
        return radio.dropRateCommCentiPct(link);
    }

    @Override
    public int errorsComm(MavlinkLink link) {
        return radio.errorsComm(link);
    }
}
