package org.hoverla.core.sched;

/**
 * What {@link LoopScheduler#runCycle(long)} does when a task throws. In both cases the throw
 * is counted in that task's {@link TaskPerf#errors()} first.
 *
 * <p>Tasks must not throw (DESIGN §5); this is the last line of defence, in the spirit of
 * Aeron's {@code AgentRunner}, which hands a {@code doWork} failure to an error handler and
 * keeps the duty cycle going.
 */
public enum TaskErrorPolicy {

    /**
     * Count the error, then rethrow it out of {@code runCycle}; later tasks of that cycle do
     * not run in that call but stay due, so the next {@code runCycle} call (even at the same
     * time, as {@link DedicatedLoopRunner} makes) runs them; the thrower's own deadline has
     * already advanced. The default for invoker mode (tests, lockstep simulation) so bugs fail
     * loudly.
     */
    RETHROW,

    /**
     * Count the error, remember it ({@link LoopScheduler#lastError()}) and carry on with the
     * next task of the cycle. For a flying vehicle: rate control and motor output must keep
     * running even if, say, the navigator is broken.
     */
    CONTAIN
}
