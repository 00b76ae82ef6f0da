package org.hoverla.core.mavlink;

/**
 * Sends MAVLink messages from this vehicle (its system and component id, MAVLink 2). Called on
 * the MAVLink thread only.
 */
public interface MavlinkOutput {
    /**
     * Sends a payload (an {@code io.dronefleet.mavlink} message object, or one of Hoverla's own
     * message classes for messages that library lacks).
     *
     * @param target the link to send on, or {@code null} for every link
     */
    void send(MavlinkLink target, Object payload);
}
