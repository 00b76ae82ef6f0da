package org.hoverla.core.mavlink.link;

/**
 * What {@link MavlinkLinkManager#open(LinkSpec)} returns: a UDP link, a serial link, or a TCP
 * server (whose accepted clients are links of their own).
 */
public interface LinkEndpoint extends AutoCloseable {

    /** The endpoint's name, e.g. {@code udp:127.0.0.1:14550} or {@code tcpin:0.0.0.0:5760}. */
    String name();

    /** The bound local port (UDP, TCP), or -1 for a serial port. */
    int localPort();

    /** Closes the endpoint and frees its port. Any thread; idempotent. */
    @Override
    void close();
}
