package org.hoverla.core.mavlink.link;

/**
 * Work the MAVLink thread collects from the flight thread's single-producer queues (command
 * acknowledgements) on every turn of its event loop, registered with
 * {@link MavlinkLinkManager#addPoller}.
 *
 * <p>The flight thread never wakes the MAVLink thread: waking a selector takes a lock (JDK
 * {@code EPollSelectorImpl.wakeup}) and handing Netty a task allocates, both forbidden on the
 * flight thread. Instead, while {@link #pending()} is true the event loop stops blocking in
 * {@code select} and looks again every {@link MavlinkLinkManager#PENDING_POLL_NS} or so (a
 * non-blocking select, then a short park), so an answer leaves within tens of microseconds of
 * its publication; when nothing is pending the loop sleeps in {@code select} as usual. The
 * non-blocking mode is bounded by wall time, not by pending work ending: pending work normally
 * ends when the command service gives up on an unanswered command after
 * {@code CommandService.FLIGHT_TIMEOUT_NS} (1 s), but that timeout runs on the vehicle clock, which
 * in the SITL is the lockstep simulation clock and may stop. So after
 * {@link MavlinkLinkManager#MAX_PENDING_POLL_WALL_NS} (1 s) of continuous pending, measured with
 * {@code System.nanoTime}, the loop blocks in {@code select} again (pollers still run after
 * every turn, so answers leave at the next I/O or 50 Hz tick) until pending clears; a later
 * pending stretch gets the fast mode again. A stopped flight thread or clock therefore costs at
 * most about 1 s of polling per pending stretch. Measured (./hoverla bench-mavlink, README): COMMAND_ACK p50 went
 * from 1.6–2.3 ms with a 1 ms scheduled poll (NIO rounds its select timeout up to whole
 * milliseconds) to 0.8–1.0 ms.
 *
 * <p>Both methods run on the MAVLink thread, once per event-loop turn; they must be cheap when
 * there is nothing to do and must not throw.
 */
public interface FlightPoller {
    /** Whether an answer from the flight thread is awaited (e.g. a command was handed over). */
    boolean pending();

    /** Collects and sends whatever the flight thread published. */
    void poll(long nowNs);
}
