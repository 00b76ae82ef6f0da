package org.hoverla.core.mavlink;

/**
 * One MAVLink link (a UDP endpoint, one TCP client, a serial port) as services see it: a name
 * for reports and a small stable id. Used on the MAVLink thread.
 */
public interface MavlinkLink {
    /** Stable small integer, unique among the links of one vehicle (0, 1, 2, …). */
    int id();

    /** Human name, e.g. {@code udp:127.0.0.1:14550} or {@code tcp:5760#2} or {@code serial:/dev/ttyAMA0}. */
    String name();

    /** The telemetry this link streams by default (from its link specification). */
    default StreamProfile streamProfile() {
        return StreamProfile.NORMAL;
    }
}
