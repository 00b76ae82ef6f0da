package org.hoverla.core.sched;

/**
 * Performance counters of one task, in the spirit of PX4's {@code perf_counter} (elapsed and
 * interval counters) and the per-task figures of ArduPilot's {@code AP_Scheduler}.
 *
 * <p>Threads: written only by the thread that runs the {@link LoopScheduler} (the flight
 * thread), with plain stores so the hot path pays nothing. Reads from another thread
 * (telemetry) are best-effort: each figure is individually a recent value (64-bit JVMs store
 * aligned {@code long}s and {@code double}s atomically) but figures are not mutually
 * consistent. {@link #reset()} must be called on the flight thread or while the scheduler is
 * not running; from another thread use {@link LoopScheduler#requestPerfReset()}.
 *
 * <p>Definitions (units ns unless noted):
 * <ul>
 *   <li><b>runs</b>: times the task ran.</li>
 *   <li><b>slips</b>: deadlines skipped. When the task runs, every deadline that had already
 *       passed, other than the one being served, is skipped and counted; the task runs once
 *       (no burst). Example: a 100 Hz task that last ran at t = 0 and next runs at t = 100 ms
 *       serves the 100 ms deadline once and counts 9 slips (10, 20, … 90 ms).</li>
 *   <li><b>overruns</b>: runs whose execution time was strictly above the budget.</li>
 *   <li><b>errors</b>: runs that threw.</li>
 *   <li><b>exec</b>: execution time of one run as measured by the scheduler's execution timer.</li>
 *   <li><b>jitter</b>: actual start-to-start interval minus the nominal period
 *       {@code round(1e9 / rateHz)}, where "start" is the cycle time {@code nowNs} the task
 *       was given. Sampled only between two consecutive deadlines (a run after a slip has no
 *       meaningful interval; it is already counted as a slip). At a rate that does not divide
 *       the base rate, jitter includes the base-period quantisation, which is real.</li>
 *   <li><b>lateness</b>: {@code nowNs} minus the deadline served, {@code >= 0}; in a dedicated
 *       loop this is the wake-up latency plus earlier tasks' work.</li>
 * </ul>
 */
public final class TaskPerf {

    long runs;
    long slips;
    long overruns;
    long errors;
    long totalExecNs;
    long maxExecNs;
    long lastExecNs;
    long maxAbsJitterNs;
    double jitterSumSqNs2;
    long jitterSamples;
    long maxLatenessNs;

    TaskPerf() {
    }

    /** @return number of runs */
    public long runs() {
        return runs;
    }

    /** @return number of skipped deadlines (see class doc) */
    public long slips() {
        return slips;
    }

    /** @return number of runs that exceeded the budget */
    public long overruns() {
        return overruns;
    }

    /** @return number of runs that threw (task error counter) */
    public long errors() {
        return errors;
    }

    /** @return sum of execution times, ns */
    public long totalExecNs() {
        return totalExecNs;
    }

    /** @return longest execution time, ns */
    public long maxExecNs() {
        return maxExecNs;
    }

    /** @return execution time of the latest run, ns */
    public long lastExecNs() {
        return lastExecNs;
    }

    /** @return mean execution time, ns, or 0 before the first run */
    public double meanExecNs() {
        long n = runs;
        return n == 0 ? 0.0 : (double) totalExecNs / n;
    }

    /** @return largest |interval - nominal period|, ns */
    public long maxAbsJitterNs() {
        return maxAbsJitterNs;
    }

    /** @return root-mean-square jitter, ns, or 0 with no samples */
    public double rmsJitterNs() {
        long n = jitterSamples;
        return n == 0 ? 0.0 : Math.sqrt(jitterSumSqNs2 / n);
    }

    /** @return number of intervals the jitter figures are based on */
    public long jitterSamples() {
        return jitterSamples;
    }

    /** @return largest lateness (nowNs minus served deadline), ns */
    public long maxLatenessNs() {
        return maxLatenessNs;
    }

    /** Zeroes every counter (flight thread, or scheduler not running). Allocation-free. */
    public void reset() {
        runs = 0;
        slips = 0;
        overruns = 0;
        errors = 0;
        totalExecNs = 0;
        maxExecNs = 0;
        lastExecNs = 0;
        maxAbsJitterNs = 0;
        jitterSumSqNs2 = 0.0;
        jitterSamples = 0;
        maxLatenessNs = 0;
    }

    @Override
    public String toString() {
        return "TaskPerf[runs=" + runs + ", slips=" + slips + ", overruns=" + overruns
                + ", errors=" + errors + ", meanExecNs=" + (long) meanExecNs()
                + ", maxExecNs=" + maxExecNs + ", maxAbsJitterNs=" + maxAbsJitterNs
                + ", rmsJitterNs=" + (long) rmsJitterNs() + ", maxLatenessNs=" + maxLatenessNs + "]";
    }
}
