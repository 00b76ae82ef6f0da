package org.hoverla.core.sched;

import org.hoverla.core.time.Clock;

/**
 * How a {@link DedicatedLoopRunner} waits for the next deadline (the role of Agrona's
 * {@code IdleStrategy}, but deadline-driven rather than work-count-driven).
 *
 * <p>Threads: called on the dedicated flight thread only. Must not allocate.
 *
 * <p>Contract: waits until {@code clock.nanoTime() >= deadlineNs} <em>or returns earlier</em>
 * (e.g. after an unpark from {@link DedicatedLoopRunner#close()}, or a spurious wake-up).
 * The caller always re-reads the clock and re-checks, so returning early is safe; waiting
 * much past the deadline is not.
 */
@FunctionalInterface
public interface IdleStrategy {

    /**
     * @param clock      the clock the deadline refers to
     * @param deadlineNs absolute deadline in that clock's nanoseconds
     */
    void idleUntil(Clock clock, long deadlineNs);
}
