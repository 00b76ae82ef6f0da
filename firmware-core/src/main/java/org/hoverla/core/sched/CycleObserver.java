package org.hoverla.core.sched;

/**
 * Optional hook the {@link LoopScheduler} calls on the flight thread for every task run and every
 * cycle, so timing can be recorded (histograms, deadline misses) outside the scheduler. The
 * implementation must obey the hot-path rules (DESIGN §5): no allocation, lock, block, log or
 * throw. Units: ns of the scheduler's clock for lateness, ns of its execution timer for
 * execution times.
 */
public interface CycleObserver {

    /** Observes nothing: the default. */
    CycleObserver NONE = new CycleObserver() {
        @Override
        public void taskRan(int taskIndex, long latenessNs, long execNs, boolean overran) {
        }

        @Override
        public void cycleRan(long nowNs, long latenessNs, long execNs) {
        }
    };

    /**
     * One task ran.
     *
     * @param taskIndex its row in the task table
     * @param latenessNs its start ({@code nowNs}) minus the deadline it served, {@code >= 0}:
     *                   the task's period error
     * @param execNs     how long it ran
     * @param overran    whether {@code execNs} exceeded its budget
     */
    void taskRan(int taskIndex, long latenessNs, long execNs, boolean overran);

    /**
     * A cycle that ran at least one task ended.
     *
     * @param nowNs      the cycle time
     * @param latenessNs the cycle's start minus the earliest deadline it served, {@code >= 0}:
     *                   how late the loop woke (0 in lockstep simulation)
     * @param execNs     the summed execution time of the cycle's tasks
     */
    void cycleRan(long nowNs, long latenessNs, long execNs);
}
