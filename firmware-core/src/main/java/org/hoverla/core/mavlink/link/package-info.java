/**
 * The MAVLink link layer under {@link org.hoverla.core.mavlink.MavlinkService} and
 * {@link org.hoverla.core.mavlink.MavlinkOutput}: frame parsing and encoding (MAVLink 1 and 2,
 * signed frames kept intact), UDP, TCP-server and serial links, per-link statistics and a small
 * router in the manner of mavlink-router.
 *
 * <p>Threading: {@link org.hoverla.core.mavlink.link.MavlinkLinkManager} owns one single-threaded
 * Netty event loop, the MAVLink thread. Parsers, links, routing and every service call run on it;
 * serial reader threads only copy bytes and hand them over with {@code eventLoop.execute}.
 * Statistics are written by that thread and may be read from any thread (volatile counters).
 *
 * <p>{@code io.dronefleet.mavlink} types are used here and in the services of the parent package,
 * nowhere else (DESIGN §6).
 */
package org.hoverla.core.mavlink.link;
