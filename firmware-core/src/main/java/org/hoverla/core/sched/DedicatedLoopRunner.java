package org.hoverla.core.sched;

import java.util.concurrent.locks.LockSupport;
import org.hoverla.core.time.Clock;

/**
 * Dedicated threading mode: owns a flight thread that reads the clock, runs a scheduler cycle
 * when one is due, and otherwise waits for {@link LoopScheduler#nextDeadlineNs()} with an
 * {@link IdleStrategy}. The counterpart of Aeron's {@code AgentRunner}; the invoker mode is
 * simply calling {@link LoopScheduler#runCycle(long)} yourself (Aeron's {@code AgentInvoker}),
 * and the same task code runs in both.
 *
 * <p>The cycle time passed to the tasks is one clock reading taken just before the cycle, so
 * all tasks of a cycle agree on "now" (DESIGN §3).
 *
 * <p>Errors: a throwable that escapes {@code runCycle} (possible only when the scheduler uses
 * {@link TaskErrorPolicy#RETHROW}; it has then already been counted against the task in
 * {@link TaskPerf#errors()}) is counted in {@link #escapedErrors()} and the loop carries on
 * with the next cycle. That is the last line of defence; tasks must not throw, and a vehicle
 * should use {@link TaskErrorPolicy#CONTAIN} so the rest of the cycle still runs.
 *
 * <p>Threads: {@link #start()} and {@link #close()} are called by the owner (boot/shutdown
 * code), never by a task (close joins the flight thread and would wait for itself). The
 * scheduler must not be stepped by any other thread while this runner owns it. Real-time
 * priority ({@code chrt -f}) and CPU pinning are applied outside the JVM; Java thread
 * priorities have no effect on Linux. The thread is not a daemon: the vehicle must be shut
 * down deliberately.
 */
public final class DedicatedLoopRunner implements AutoCloseable {

    private final LoopScheduler scheduler;
    private final Clock clock;
    private final IdleStrategy idle;
    private final Thread thread;
    private volatile boolean running;
    private volatile long escapedErrors;
    private volatile Throwable lastEscapedError;
    private boolean startedOnce;
    private Runnable threadSetup = () -> { };

    /**
     * @param scheduler  the scheduler to drive; owned by this runner's thread once started
     * @param clock      the time base of the deadlines ({@code SystemClock.INSTANCE} on a vehicle)
     * @param idle       how to wait between cycles, e.g. {@link ParkThenSpinIdleStrategy}
     * @param threadName the flight thread's name (shows in thread dumps and {@code top -H})
     */
    public DedicatedLoopRunner(LoopScheduler scheduler, Clock clock, IdleStrategy idle, String threadName) {
        if (scheduler == null || clock == null || idle == null || threadName == null) {
            throw new IllegalArgumentException("scheduler, clock, idle and threadName must not be null");
        }
        this.scheduler = scheduler;
        this.clock = clock;
        this.idle = idle;
        this.thread = new Thread(this::loop, threadName);
        this.thread.setDaemon(false);
    }

    /**
     * Work the flight thread does once, on itself, before its first cycle: what the OS applies
     * to the calling thread only (CPU affinity, real-time scheduling policy). It may allocate
     * and log; it runs before the loop, not in it. A throwable from it is counted in
     * {@link #escapedErrors()} and the loop still starts. Owner thread, before {@link #start()}.
     */
    public synchronized void threadSetup(Runnable setup) {
        if (startedOnce) {
            throw new IllegalStateException("threadSetup must be set before start()");
        }
        this.threadSetup = setup == null ? () -> { } : setup;
    }

    /**
     * Starts the flight thread. Owner thread; once only.
     *
     * @throws IllegalStateException if already started
     */
    public synchronized void start() {
        if (startedOnce) {
            throw new IllegalStateException("runner '" + thread.getName() + "' already started");
        }
        startedOnce = true;
        running = true;
        thread.start();
    }

    /**
     * Stops the loop after the current cycle and joins the thread. Idempotent; owner thread
     * only (never from a task). If interrupted while joining, re-asserts the interrupt and
     * returns without waiting further.
     */
    @Override
    public void close() {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("close() called from the flight thread itself");
        }
        running = false;
        // Wake a parked idle strategy so shutdown does not wait for the next deadline.
        LockSupport.unpark(thread);
        synchronized (this) {
            if (!startedOnce) {
                return;
            }
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        final LoopScheduler s = scheduler;
        final Clock c = clock;
        final IdleStrategy w = idle;
        try {
            threadSetup.run();
        } catch (Throwable t) {
            escapedErrors = escapedErrors + 1;
            lastEscapedError = t;
        }
        while (running) {
            long now = c.nanoTime();
            long deadline = s.nextDeadlineNs();
            if (now >= deadline) {
                try {
                    s.runCycle(now);
                } catch (Throwable t) {
                    escapedErrors = escapedErrors + 1;
                    lastEscapedError = t;
                }
            } else {
                w.idleUntil(c, deadline);
            }
        }
    }

    /** @return whether the loop is running (started and not closed) */
    public boolean isRunning() {
        return running && thread.isAlive();
    }

    /** @return throwables that escaped {@code runCycle} and were swallowed by the loop; any thread */
    public long escapedErrors() {
        return escapedErrors;
    }

    /** @return the last throwable that escaped {@code runCycle}, or {@code null}; any thread */
    public Throwable lastEscapedError() {
        return lastEscapedError;
    }

    /** @return the flight thread (for affinity or diagnostics; do not start or interrupt it) */
    public Thread thread() {
        return thread;
    }
}
