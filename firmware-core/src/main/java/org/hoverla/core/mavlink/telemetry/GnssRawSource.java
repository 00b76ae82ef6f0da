package org.hoverla.core.mavlink.telemetry;

import org.hoverla.hal.GnssSample;

/**
 * The newest raw GNSS solution, for {@code GPS_RAW_INT} (position, accuracy and the receiver's
 * DOP). The integrator wires it, normally to a subscription of the flight bus's
 * {@code sensor_gps} topic ({@code FlightBus.gnssRaw}), as the SITL does. Called on the MAVLink thread: implementations must be safe to call from a
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
