package org.hoverla.core.mavlink.telemetry;

import org.hoverla.hal.GnssSample;

/**
 * The newest raw GNSS solution, for {@code GPS_RAW_INT}. There is no flight-bus topic for raw
 * GNSS yet, so the integrator wires one (e.g. a seqlock copy kept by the GNSS driver or the
 * estimator task). Called on the MAVLink thread: implementations must be safe to call from a
 * thread other than the one that writes the sample, must not block, and should not allocate.
 */
@FunctionalInterface
public interface GnssRawSource {
    /**
     * Copies the newest solution into {@code dst}.
     *
     * @return false when the receiver has delivered nothing yet (no GPS_RAW_INT is sent)
     */
    boolean latest(GnssSample dst);
}
