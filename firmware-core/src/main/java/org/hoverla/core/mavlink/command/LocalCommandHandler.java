package org.hoverla.core.mavlink.command;

import org.hoverla.core.mavlink.MavlinkLink;

/**
 * A command answered on the MAVLink thread without the flight thread (REQUEST_MESSAGE,
 * SET_MESSAGE_INTERVAL, PREFLIGHT_STORAGE, reboot, …). Registered with the {@link CommandService}.
 */
@FunctionalInterface
public interface LocalCommandHandler {
    /** Returned when this handler does not handle the command. */
    int NOT_HANDLED = -1;

    /**
     * @param params the command's seven parameters as sent (COMMAND_INT's x and y as raw integers)
     * @return a MAV_RESULT value, or {@link #NOT_HANDLED}
     */
    int handle(MavlinkLink link, int sourceSystem, int sourceComponent, int command, double[] params, long nowNs);
}
