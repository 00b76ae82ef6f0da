package org.hoverla.core.mavlink.link;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoRegistration;
import java.util.concurrent.locks.LockSupport;

/**
 * Netty's NIO {@link IoHandler} with the MAVLink thread's {@link FlightPoller}s run after every
 * I/O turn. While a poller has work pending the turn does not block in {@code select}: it
 * selects without waiting and then parks for {@code pendingPollNs}, so the flight thread's
 * answer is picked up within about that interval (plus the park's timer slack) instead of at the
 * next scheduled task (NIO's {@code select} timeout has millisecond granularity). With nothing
 * pending it behaves exactly like the wrapped handler. Event-loop thread only.
 */
final class PollingIoHandler implements IoHandler {
    private final IoHandler delegate;
    private final MavlinkLinkManager manager;
    private final long pendingPollNs;
    private final NonBlocking nonBlocking = new NonBlocking();

    PollingIoHandler(IoHandler delegate, MavlinkLinkManager manager, long pendingPollNs) {
        this.delegate = delegate;
        this.manager = manager;
        this.pendingPollNs = pendingPollNs;
    }

    @Override
    public void initialize() {
        delegate.initialize();
    }

    @Override
    public int run(IoHandlerContext context) {
        boolean pending = manager.pollersPending();
        int handled;
        if (pending && context.canBlock()) {
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
