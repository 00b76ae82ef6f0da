package org.hoverla.core.mavlink;

import io.dronefleet.mavlink.MavlinkMessage;

/**
 * A MAVLink microservice (heartbeat, telemetry, command, parameter, mission protocol). All
 * methods run on the MAVLink thread; time comes in as {@code nowNs} from the vehicle clock so
 * tests drive timeouts and retries without sleeping.
 */
public interface MavlinkService {
    /**
     * A message addressed to this vehicle (or broadcast) arrived.
     *
     * @param source the link it came on; answers go back there
     */
    void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs);

    /**
     * The {@code MAV_PROTOCOL_CAPABILITY} bits this service makes true (see
     * {@link MavlinkCapabilities}); {@code AUTOPILOT_VERSION.capabilities} is the OR over the
     * registered services, so a capability is announced exactly when its service is there.
     * Constant for the life of the service. Default: none.
     */
    default long capabilities() {
        return 0L;
    }

    /** Called periodically (at least 50 Hz) for streams, timeouts and retries. */
    default void tick(long nowNs) {
    }
}
