package org.hoverla.core.mavlink.link;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoRegistration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Netty's NIO {@link IoHandler} with the MAVLink thread's {@link FlightPoller}s run after every
 * I/O turn. While a poller has work pending the turn does not block in {@code select}: it
 * selects without waiting and then parks for {@code pendingPollNs}, so the flight thread's
 * answer is picked up within about that interval (plus the park's timer slack) instead of at the
 * next scheduled task (NIO's {@code select} timeout has millisecond granularity). With nothing
 * pending it behaves exactly like the wrapped handler. Event-loop thread only.
 *
 * <p>The fast mode is bounded by <em>wall</em> time, read from {@code wallNanos}
 * ({@code System.nanoTime} in production), not by the vehicle clock: in the SITL the vehicle clock
 * is the lockstep simulation clock, and if it stops while a command is pending the command
 * service's timeout never fires and the pollers stay pending for good. After
 * {@code maxPendingWallNs} of continuous pending the handler falls back to the wrapped handler's
 * normal, blocking turns (pollers still run after each one, so an answer still leaves, at the
 * next I/O or the 50 Hz tick) until pending clears; the next pending episode gets the fast mode
 * again. The wall clock is read only while something is pending.
 */
final class PollingIoHandler implements IoHandler {
    private static final long NOT_PENDING = Long.MIN_VALUE;

    private final IoHandler delegate;
    private final MavlinkLinkManager manager;
    private final long pendingPollNs;
    private final long maxPendingWallNs;
    private final LongSupplier wallNanos;
    private final NonBlocking nonBlocking = new NonBlocking();

    /** Wall time at which the current pending episode began, or {@link #NOT_PENDING}. */
    private long pendingSinceWallNs = NOT_PENDING;
    /** The current pending episode outlasted {@link #maxPendingWallNs}: turns block as usual. */
    private boolean fastModeSpent;
    /** Turns run in non-blocking mode; written by the event-loop thread only, read by tests. */
    private volatile long nonBlockingTurns;

    /**
     * @param pendingPollNs park between non-blocking turns while a poller is pending
     * @param maxPendingWallNs longest wall time of continuous pending served in non-blocking mode
     * @param wallNanos monotonic wall clock in ns ({@code System::nanoTime}; tests inject a fake)
     */
    PollingIoHandler(IoHandler delegate, MavlinkLinkManager manager, long pendingPollNs,
            long maxPendingWallNs, LongSupplier wallNanos) {
        this.delegate = delegate;
        this.manager = manager;
        this.pendingPollNs = pendingPollNs;
        this.maxPendingWallNs = maxPendingWallNs;
        this.wallNanos = wallNanos;
    }

    /** How many turns ran in non-blocking mode so far. Any thread. */
    long nonBlockingTurns() {
        return nonBlockingTurns;
    }

    @Override
    public void initialize() {
        delegate.initialize();
    }

    @Override
    public int run(IoHandlerContext context) {
        boolean fast = fastTurn(manager.pollersPending());
        int handled;
        if (fast && context.canBlock()) {
            nonBlockingTurns++; // single writer (this thread): a plain read-modify-write is safe
            nonBlocking.outer = context;
            handled = delegate.run(nonBlocking);
            if (handled == 0) {
                LockSupport.parkNanos(pendingPollNs);
            }
        } else {
            handled = delegate.run(context);
        }
        manager.runPollers();
        return handled;
    }

    /** Whether this turn may skip blocking: pending, and not for longer than the wall-time bound. */
    private boolean fastTurn(boolean pending) {
        if (!pending) {
            pendingSinceWallNs = NOT_PENDING;
            fastModeSpent = false;
            return false;
        }
        if (fastModeSpent) {
            return false;
        }
        long now = wallNanos.getAsLong();
        if (pendingSinceWallNs == NOT_PENDING) {
            pendingSinceWallNs = now;
        } else if (now - pendingSinceWallNs > maxPendingWallNs) {
            fastModeSpent = true;
            return false;
        }
        return true;
    }

    @Override
    public void prepareToDestroy() {
        delegate.prepareToDestroy();
    }

    @Override
    public void destroy() {
        delegate.destroy();
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        return delegate.register(handle);
    }

    @Override
    public void wakeup() {
        delegate.wakeup();
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return delegate.isCompatible(handleType);
    }

    /** The loop's context, except that it must not block. Preallocated: no garbage per turn. */
    private static final class NonBlocking implements IoHandlerContext {
        IoHandlerContext outer;

        @Override
        public boolean canBlock() {
            return false;
        }

        @Override
        public long delayNanos(long currentTimeNanos) {
            return 0L;
        }

        @Override
        public long deadlineNanos() {
            return outer.deadlineNanos();
        }

        @Override
        public void reportActiveIoTime(long activeNanos) {
            outer.reportActiveIoTime(activeNanos);
        }

        @Override
        public boolean shouldReportActiveIoTime() {
            return outer.shouldReportActiveIoTime();
        }
    }
}
