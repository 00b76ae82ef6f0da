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

    /**
     * Index of the link specification (the {@code --mavlink} option, in order, from 0) that opened
     * this link; every client of one TCP server shares its server's. Parameters that name links
     * (bit masks such as {@code MAV_LINK_TRUST}) use this index. -1 when unknown.
     */
    default int instance() {
        return -1;
    }

    /**
     * Whether the message being delivered right now (valid only inside
     * {@link MavlinkService#onMessage}) carried a MAVLink 2 signature that verified against an
     * installed key. False for unsigned messages and whenever no key is installed.
     */
    default boolean currentMessageAuthenticated() {
        return false;
    }

    /** The telemetry this link streams by default (from its link specification). */
    default StreamProfile streamProfile() {
        return StreamProfile.NORMAL;
    }
}
