/**
 * The MAVLink vehicle interface: links (UDP, TCP, serial), framing, routing and the
 * microservices (heartbeat/identity, telemetry streams, commands, parameters; missions later).
 *
 * <p>Threading: everything in this package runs on one MAVLink thread (a single-threaded Netty
 * event loop; serial readers hand their bytes to it), so services need no locks. It never runs
 * on the flight thread: it reads flight topics (seqlocks) and exchanges commands and
 * acknowledgements with the commander through single-producer queues. MAVLink units (degE7,
 * mm, cdeg) exist only here; {@code io.dronefleet.mavlink} types never leave this package.
 */
package org.hoverla.core.mavlink;
