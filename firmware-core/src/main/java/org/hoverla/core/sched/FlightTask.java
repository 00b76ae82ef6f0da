package org.hoverla.core.sched;

/**
 * One unit of flight work, run periodically by a {@link LoopScheduler} (the role of Agrona's
 * {@code Agent#doWork} and of an ArduPilot {@code scheduler_tasks[]} entry).
 *
 * <p>Threads: called only on the flight thread (the thread that calls
 * {@link LoopScheduler#runCycle(long)}). Contract (DESIGN §5): no I/O, no blocking, no
 * locks, no logging, no allocation after start-up, and no exceptions. A task that throws is
 * a bug; the scheduler only counts the throw as a last line of defence.
 */
@FunctionalInterface
public interface FlightTask {

    /**
     * Does one period's work.
     *
     * @param nowNs the cycle's time in nanoseconds, read once per cycle and shared by every
     *              task of that cycle (so all tasks of a cycle agree on "now")
     */
    void run(long nowNs);
}
