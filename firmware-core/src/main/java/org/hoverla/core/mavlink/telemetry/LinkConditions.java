package org.hoverla.core.mavlink.telemetry;

import org.hoverla.core.mavlink.MavlinkLink;

/**
 * What the telemetry service needs to know about the state of each link: how much to slow its
 * streams (flow control from the link's radio) and the link's receive-error figures for
 * {@code SYS_STATUS}. Called on the MAVLink thread.
 */
public interface LinkConditions {
    /** No radio, no figures: full rate, zero errors. */
    LinkConditions NONE = new LinkConditions() {
        @Override
        public double rateMultiplier(MavlinkLink link, long nowNs) {
            return 1.0;
        }

        @Override
        public int dropRateCommCentiPct(MavlinkLink link) {
            return 0;
        }

        @Override
        public int errorsComm(MavlinkLink link) {
            return 0;
        }
    };

    /**
     * Factor (0 &lt; f &le; 1) applied to the rate of every stream on the link now; a stream's
     * interval is divided by it. Replies (acknowledgements, mission, parameter and FTP answers,
     * STATUSTEXT) do not go through streams and are never slowed.
     */
    double rateMultiplier(MavlinkLink link, long nowNs);

    /** {@code SYS_STATUS.drop_rate_comm} for the link: frames lost on reception, in c% (0..10000). */
    int dropRateCommCentiPct(MavlinkLink link);

    /** {@code SYS_STATUS.errors_comm} for the link: frames received corrupted (0..65535). */
    int errorsComm(MavlinkLink link);
}
