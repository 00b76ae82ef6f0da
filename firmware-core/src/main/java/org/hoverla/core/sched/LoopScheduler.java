package org.hoverla.core.sched;

import org.hoverla.core.time.Clock;

/**
 * Runs a {@link TaskTable} at its rates: drift-free deadlines, missed periods skipped (no
 * bursts) and counted as slips, execution time measured against each task's budget, and
 * overruns attributed to a named task.
 *
 * <h2>Ideas borrowed (no code copied)</h2>
 * <ul>
 *   <li>WPILib {@code TimedRobot}: the next deadline is computed from the previous
 *       <em>deadline</em>, not from when the loop actually woke, so lateness does not
 *       accumulate; and when whole periods were missed it skips ahead instead of running
 *       the callbacks back to back.</li>
 *   <li>WPILib {@code Watchdog} "epochs": an overrun report names the phase (task) that ran
 *       long; here as {@link #lastOverrunTaskName()} plus per-task counters, not a log line.</li>
 *   <li>ArduPilot {@code AP_Scheduler}: a table of {@code (task, rate, budget)} rows run in a
 *       fixed order from one fast loop; per-task overrun counts.</li>
 *   <li>PX4 {@code perf_counter}: elapsed (execution time) and interval (jitter) figures per
 *       task, see {@link TaskPerf}.</li>
 *   <li>Aeron {@code AgentInvoker} vs {@code AgentRunner}: this class is the invoker, the
 *       caller steps it with {@link #runCycle(long)} (lockstep simulator, tests);
 *       {@link DedicatedLoopRunner} is the runner that owns a thread. Task code is the same.</li>
 * </ul>
 *
 * <h2>Deadlines</h2>
 * The first {@link #runCycle(long)} fixes the start time {@code t0} and runs every task. The
 * k-th deadline of a task at rate {@code f} is {@code t0 + round(k * 1e9 / f)} ns, computed
 * from the integer tick count {@code k} (as {@code k * floor(P) + round(k * frac(P))} with
 * {@code P = 1e9 / f}) rather than by adding a rounded period, so a rate such as 300 Hz whose
 * period is not a whole number of nanoseconds does not drift: the error stays below 1 ns
 * for any flight duration.
 *
 * <p>On each cycle a task runs when {@code nowNs >= nextDeadline}. It runs once and serves the
 * latest deadline that has passed; every earlier passed deadline is a slip
 * ({@link TaskPerf#slips()}). Its next deadline is the first one strictly after {@code nowNs}.
 * Slip counting is O(1) however far the time jumped.
 *
 * <h2>Threads and allocation</h2>
 * Not thread-safe: one thread (the flight thread) calls {@link #runCycle(long)}. Counters may
 * be read from other threads on a best-effort basis (see {@link TaskPerf});
 * {@link #requestPerfReset()} and {@link #lastError()} are safe from any thread.
 * {@link #runCycle(long)} allocates nothing (unless a task throws and the policy is
 * {@link TaskErrorPolicy#RETHROW}; the throwable was allocated by the task anyway).
 *
 * <p>Units: all times in ns of the clock that produced {@code nowNs}; execution times in ns of
 * the execution timer.
 */
public final class LoopScheduler {

    private final TaskTable table;
    private final Clock executionTimer;
    private final TaskErrorPolicy errorPolicy;
    private final int n;
    private final FlightTask[] tasks;
    private final long[] budgetNs;
    private final long[] nominalPeriodNs;
    private final long[] wholePeriodNs;
    private final double[] fracPeriodNs;
    private final double[] exactPeriodNs;
    private final TaskPerf[] perf;

    /** Index of the next deadline to serve, per task. */
    private final long[] nextTick;
    /** Absolute time of deadline {@code nextTick}, per task. */
    private final long[] nextDeadlineNs;
    /** {@code nowNs} of the previous run, per task (for jitter). */
    private final long[] lastStartNs;
    private final boolean[] hasRun;

    private boolean started;
    private long startNs;
    private long cycles;
    private long earliestDeadlineNs = Long.MIN_VALUE;
    private long overrunsTotal;
    private int lastOverrunTask = -1;
    private long lastOverrunExecNs;
    private long lastOverrunAtNs;
    private long lastCycleExecNs;
    private long maxCycleExecNs;
    private volatile Throwable lastError;
    private volatile int lastErrorTask = -1;
    private volatile long perfResetRequests;
    private long perfResetsApplied;
    private CycleObserver observer = CycleObserver.NONE;

    /**
     * A scheduler that rethrows task errors ({@link TaskErrorPolicy#RETHROW}): right for tests
     * and lockstep simulation.
     *
     * @param table          the tasks, in execution order
     * @param executionTimer measures how long each task ran: {@code SystemClock.INSTANCE} in
     *                       production, a fake clock in tests
     */
    public LoopScheduler(TaskTable table, Clock executionTimer) {
        this(table, executionTimer, TaskErrorPolicy.RETHROW);
    }

    /**
     * @param table          the tasks, in execution order
     * @param executionTimer measures how long each task ran
     * @param errorPolicy    what to do when a task throws; use
     *                       {@link TaskErrorPolicy#CONTAIN} on a vehicle
     */
    public LoopScheduler(TaskTable table, Clock executionTimer, TaskErrorPolicy errorPolicy) {
        if (table == null || executionTimer == null || errorPolicy == null) {
            throw new IllegalArgumentException("table, executionTimer and errorPolicy must not be null");
        }
        this.table = table;
        this.executionTimer = executionTimer;
        this.errorPolicy = errorPolicy;
        this.n = table.size();
        this.tasks = new FlightTask[n];
        this.budgetNs = new long[n];
        this.nominalPeriodNs = new long[n];
        this.wholePeriodNs = new long[n];
        this.fracPeriodNs = new double[n];
        this.exactPeriodNs = new double[n];
        this.perf = new TaskPerf[n];
        this.nextTick = new long[n];
        this.nextDeadlineNs = new long[n];
        this.lastStartNs = new long[n];
        this.hasRun = new boolean[n];
        for (int i = 0; i < n; i++) {
            tasks[i] = table.task(i);
            budgetNs[i] = table.budgetNs(i);
            double p = 1e9 / table.rateHz(i);
            exactPeriodNs[i] = p;
            nominalPeriodNs[i] = Math.round(p);
            wholePeriodNs[i] = (long) Math.floor(p);
            fracPeriodNs[i] = p - Math.floor(p);
            perf[i] = new TaskPerf();
            nextDeadlineNs[i] = Long.MIN_VALUE;
        }
    }

    /**
     * Runs one cycle: every task whose deadline has come, in table order, each given
     * {@code nowNs}. The first call fixes the start time and runs every task.
     * Flight thread only; allocation-free.
     *
     * @param nowNs the cycle time, read once by the caller; must not go backwards between calls
     *              (a backwards step simply runs nothing until time catches up)
     */
    public void runCycle(long nowNs) {
        if (perfResetRequests != perfResetsApplied) {
            // Applied here, on the flight thread, so a reset from a telemetry thread never
            // races with the counter updates below.
            perfResetsApplied = perfResetRequests;
            resetPerf();
        }
        if (!started) {
            started = true;
            startNs = nowNs;
            for (int i = 0; i < n; i++) {
                nextTick[i] = 0;
                nextDeadlineNs[i] = nowNs;
            }
        }
        cycles++;
        // How late this cycle woke against the earliest deadline due (the first cycle is on time).
        long cycleLatenessNs = earliestDeadlineNs == Long.MIN_VALUE ? 0 : nowNs - earliestDeadlineNs;
        long cycleExecNs = 0;
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            if (nowNs >= nextDeadlineNs[i]) {
                cycleExecNs += runTask(i, nowNs);
            }
            long d = nextDeadlineNs[i];
            if (d < earliest) {
                earliest = d;
            }
        }
        earliestDeadlineNs = earliest;
        lastCycleExecNs = cycleExecNs;
        if (cycleExecNs > maxCycleExecNs) {
            maxCycleExecNs = cycleExecNs;
        }
        if (cycleLatenessNs >= 0) {
            observer.cycleRan(nowNs, cycleLatenessNs, cycleExecNs);
        }
    }

    private long runTask(int i, long nowNs) {
        TaskPerf p = perf[i];
        long dueTick = nextTick[i];
        long following = firstTickAfter(i, nowNs, dueTick);
        long servedTick = following - 1;
        long skipped = following - dueTick - 1;
        p.slips += skipped;

        long lateness = nowNs - deadlineAt(i, servedTick);
        if (lateness > p.maxLatenessNs) {
            p.maxLatenessNs = lateness;
        }
        if (hasRun[i] && skipped == 0) {
            long jitter = (nowNs - lastStartNs[i]) - nominalPeriodNs[i];
            long abs = jitter < 0 ? -jitter : jitter;
            if (abs > p.maxAbsJitterNs) {
                p.maxAbsJitterNs = abs;
            }
            p.jitterSumSqNs2 += (double) jitter * (double) jitter;
            p.jitterSamples++;
        }
        hasRun[i] = true;
        lastStartNs[i] = nowNs;
        // Book the next deadline before running, so a task that throws cannot make the
        // scheduler run it again in a tight loop.
        nextTick[i] = following;
        nextDeadlineNs[i] = deadlineAt(i, following);

        Throwable thrown = null;
        long t0 = executionTimer.nanoTime();
        try {
            tasks[i].run(nowNs);
        } catch (Throwable t) {
            thrown = t;
        }
        long execNs = executionTimer.nanoTime() - t0;
        observer.taskRan(i, lateness, execNs, execNs > budgetNs[i]);

        p.runs++;
        p.lastExecNs = execNs;
        p.totalExecNs += execNs;
        if (execNs > p.maxExecNs) {
            p.maxExecNs = execNs;
        }
        if (execNs > budgetNs[i]) {
            p.overruns++;
            overrunsTotal++;
            lastOverrunTask = i;
            lastOverrunExecNs = execNs;
            lastOverrunAtNs = nowNs;
        }
        if (thrown != null) {
            p.errors++;
            lastErrorTask = i;
            lastError = thrown;
            if (errorPolicy == TaskErrorPolicy.RETHROW) {
                earliestDeadlineNs = computeEarliest();
                throw LoopScheduler.<RuntimeException>sneaky(thrown);
            }
        }
        return execNs;
    }

    /** Smallest tick {@code k > dueTick} whose deadline is strictly after {@code nowNs}. */
    private long firstTickAfter(int i, long nowNs, long dueTick) {
        // Estimate in floating point, then correct with the exact integer deadlines; the
        // estimate is off by at most one tick, so both loops run at most a couple of times.
        double elapsed = (double) (nowNs - startNs);
        long k = (long) Math.floor(elapsed / exactPeriodNs[i]) + 1;
        if (k <= dueTick) {
            k = dueTick + 1;
        }
        while (deadlineAt(i, k) <= nowNs) {
            k++;
        }
        while (k - 1 > dueTick && deadlineAt(i, k - 1) > nowNs) {
            k--;
        }
        return k;
    }

    /** {@code start + round(k * 1e9 / rate)}, split so that no rounding accumulates. */
    private long deadlineAt(int i, long k) {
        return startNs + k * wholePeriodNs[i] + Math.round(k * fracPeriodNs[i]);
    }

    private long computeEarliest() {
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            if (nextDeadlineNs[i] < earliest) {
                earliest = nextDeadlineNs[i];
            }
        }
        return earliest;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        // Rethrows the task's own throwable unchanged (no wrapping allocation, original
        // stack trace kept) even if it is a checked exception thrown sneakily.
        throw (T) t;
    }

    /**
     * @return the earliest next deadline over all tasks, ns; {@link Long#MIN_VALUE} before the
     *         first cycle (meaning "due now"). For the dedicated runner's wait.
     */
    public long nextDeadlineNs() {
        return earliestDeadlineNs;
    }

    /** @return the next deadline of task {@code index}, ns ({@link Long#MIN_VALUE} before the first cycle) */
    public long nextDeadlineNs(int index) {
        return nextDeadlineNs[index];
    }

    /**
     * Sets the hook called for every task run and every cycle (timing histograms). Owner thread,
     * before the flight thread starts; {@code null} restores {@link CycleObserver#NONE}.
     */
    public void observe(CycleObserver cycleObserver) {
        this.observer = cycleObserver == null ? CycleObserver.NONE : cycleObserver;
    }

    /** @return the hook set by {@link #observe} ({@link CycleObserver#NONE} when none) */
    public CycleObserver observer() {
        return observer;
    }

    /** @return the period of task {@code index}, ns, rounded to a whole ns */
    public long periodNs(int index) {
        return nominalPeriodNs[index];
    }

    /** @return whether the first cycle has run */
    public boolean isStarted() {
        return started;
    }

    /** @return the start time fixed by the first cycle, ns (0 before it) */
    public long startNs() {
        return startNs;
    }

    /** @return number of {@link #runCycle(long)} calls, including calls where no task was due */
    public long cycles() {
        return cycles;
    }

    /** @return number of tasks */
    public int taskCount() {
        return n;
    }

    /** @return the name of task {@code index} (the table's string, no allocation) */
    public String taskName(int index) {
        return table.name(index);
    }

    /** @return the counters of task {@code index}; the same object for the scheduler's lifetime */
    public TaskPerf perf(int index) {
        return perf[index];
    }

    /** @return the table this scheduler runs */
    public TaskTable table() {
        return table;
    }

    /** @return the error policy */
    public TaskErrorPolicy errorPolicy() {
        return errorPolicy;
    }

    /** @return overruns over all tasks since the last perf reset */
    public long overruns() {
        return overrunsTotal;
    }

    /** @return the index of the task that overran last, or -1 if none has */
    public int lastOverrunTaskIndex() {
        return lastOverrunTask;
    }

    /** @return the name of the task that overran last, or {@code null} if none has */
    public String lastOverrunTaskName() {
        int i = lastOverrunTask;
        return i < 0 ? null : table.name(i);
    }

    /** @return execution time of the last overrun, ns (0 if none) */
    public long lastOverrunExecNs() {
        return lastOverrunExecNs;
    }

    /** @return cycle time {@code nowNs} of the last overrun (0 if none) */
    public long lastOverrunAtNs() {
        return lastOverrunAtNs;
    }

    /** @return summed execution time of the tasks of the latest cycle, ns */
    public long lastCycleExecNs() {
        return lastCycleExecNs;
    }

    /** @return largest summed execution time of one cycle, ns */
    public long maxCycleExecNs() {
        return maxCycleExecNs;
    }

    /** @return the last throwable a task threw, or {@code null}; any thread */
    public Throwable lastError() {
        return lastError;
    }

    /** @return index of the task that threw last, or -1; any thread */
    public int lastErrorTaskIndex() {
        return lastErrorTask;
    }

    /**
     * Zeroes all counters now (per-task perf, overrun summary, cycle execution figures; not
     * {@link #cycles()} or the deadlines). Flight thread only, or while no thread runs cycles.
     */
    public void resetPerf() {
        for (int i = 0; i < n; i++) {
            perf[i].reset();
            // The next interval would span the reset; start jitter sampling afresh.
            hasRun[i] = false;
        }
        overrunsTotal = 0;
        lastOverrunTask = -1;
        lastOverrunExecNs = 0;
        lastOverrunAtNs = 0;
        lastCycleExecNs = 0;
        maxCycleExecNs = 0;
    }

    /**
     * Asks the flight thread to {@link #resetPerf()} at the start of its next cycle. Safe from
     * any thread; requests are never lost (a counter, not a flag).
     */
    public synchronized void requestPerfReset() {
        // synchronized only orders concurrent requesters (never on the flight thread).
        perfResetRequests = perfResetRequests + 1;
    }
}
