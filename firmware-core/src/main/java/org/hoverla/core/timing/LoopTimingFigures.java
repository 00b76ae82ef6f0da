package org.hoverla.core.timing;

/**
 * The loop timing over a span of time (the sliding window, or the latest second): what is
 * logged, streamed over MAVLink, shown by {@code ./hoverla status} and judged against the
 * {@link LoopTimingLimits}. Immutable; built on the timing thread, read from any thread.
 *
 * @param spanS          seconds the figures cover (seconds measured so far, at most the window)
 * @param windowS        the window asked for, s ({@code LOOP_WIN_S})
 * @param cycles         flight cycles that ran a task
 * @param p50Us          median cycle period error, µs (start minus the earliest deadline due)
 * @param p99Us          99th percentile cycle period error, µs
 * @param p999Us         99.9th percentile cycle period error, µs
 * @param maxUs          largest cycle period error, µs (the longest flight-loop stall)
 * @param misses         deadline misses: cycles late by at least one base period
 * @param runs           task runs
 * @param overruns       task runs longer than their budget
 * @param gcMaxPauseUs   longest stop-the-world collector pause the JVM reported in the span, µs
 *                       (whole milliseconds: see {@link JvmPauseMonitor#maxPauseNs()})
 * @param safepointMaxUs longest safepoint (any stop of all Java threads, collector pauses included)
 *                       in the span, µs, from JFR ({@link SafepointMonitor}); 0 when none or unavailable
 * @param cycleExecP99Us 99th percentile of a cycle's summed task execution time, µs
 * @param worstTask      the task with the largest p99 execution time over its budget share, or ""
 * @param worstTaskExecP99Us that task's p99 execution time, µs
 */
public record LoopTimingFigures(int spanS, int windowS, long cycles, long p50Us, long p99Us, long p999Us, long maxUs,
                                long misses, long runs, long overruns, long gcMaxPauseUs, long safepointMaxUs, long cycleExecP99Us,
                                String worstTask, long worstTaskExecP99Us) {

    /** Nothing measured yet. */
    public static final LoopTimingFigures NONE = new LoopTimingFigures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "", 0);

    /** @return deadline misses as a share of cycles, % (0 with no cycles) */
    public double missPct() {
        return cycles == 0 ? 0.0 : 100.0 * misses / cycles;
    }

    /** @return overruns as a share of task runs, % (0 with no runs) */
    public double overrunPct() {
        return runs == 0 ? 0.0 : 100.0 * overruns / runs;
    }

    /** One log line: the figures with their units. */
    public String line() {
        return String.format(java.util.Locale.ROOT,
                "%d s: %d cycles, period error p50 %d us p99 %d us p99.9 %d us max %d us, misses %d (%.2f%%),"
                        + " overruns %d (%.2f%%), GC max pause %d us, safepoint max %d us, cycle exec p99 %d us%s",
                spanS, cycles, p50Us, p99Us, p999Us, maxUs, misses, missPct(), overruns, overrunPct(), gcMaxPauseUs,
                safepointMaxUs, cycleExecP99Us, worstTask.isEmpty() ? "" : ", slowest task " + worstTask + " p99 " + worstTaskExecP99Us + " us");
    }
}
