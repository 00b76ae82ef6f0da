package org.hoverla.sim.realtime;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hoverla.core.sched.LoopScheduler;
import org.hoverla.core.sched.TaskPerf;
import org.hoverla.core.timing.JvmPauseMonitor;
import org.hoverla.core.timing.SafepointMonitor;

/**
 * The real-time run's evidence, gathered off the flight thread: the flight thread's allocation
 * from the end of warm-up to the end (HotSpot's per-thread counter), the JVM's collector pauses
 * ({@link JvmPauseMonitor}) and their windows ({@link GcPauseLog}), the flight loop's longest
 * stall and deadline misses (the scheduler's base-task counters and the {@link CycleIntervalLog}),
 * and whether any miss fell inside a pause. Also where the rest of the process's allocation
 * went, thread by thread (what an Epsilon heap must hold).
 *
 * <p>Threads: {@link #endWarmup} and {@link #finish} on the run's own thread (not the flight
 * thread); {@link #finish} while the flight thread is still alive (a dead thread has no counter).
 */
public final class TimingWitness implements AutoCloseable {
    /** A miss within this of a pause window counts as during the pause (the window's ms resolution). */
    static final long PAUSE_SLACK_NS = 1_000_000L;
    /** The same for safepoints: JFR's instants converted to nanoTime are good to a few µs. */
    static final long SAFEPOINT_SLACK_NS = 50_000L;

    private final GcPauseLog pauseLog = new GcPauseLog();
    private final JvmPauseMonitor pauses = JvmPauseMonitor.start(pauseLog);
    /** Every safepoint (collector pauses included), µs-exact windows from JFR; same window store. */
    private final GcPauseLog safepointLog = new GcPauseLog();
    private final SafepointMonitor safepoints = SafepointMonitor.start(safepointLog::add);
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private Thread flightThread;
    private long warmupEndNs;
    private long allocAtWarmup = -1;
    private long allocAtEnd = -1;
    private long endNs;
    private final Map<String, Long> allocationByThread = new LinkedHashMap<>();
    private long heapUsedAtEnd;
    private long lastPolled = -1;
    private final List<double[]> allocationEvents = new ArrayList<>();

    /**
     * End of warm-up (boot, class loading, first JIT): the flight thread's allocation counter is
     * read, the scheduler's counters are reset (on the flight thread, at its next cycle) and the
     * cycle log starts counting.
     */
    public void endWarmup(Thread flightThread, LoopScheduler scheduler, CycleIntervalLog cycles) {
        this.flightThread = flightThread;
        warmupEndNs = System.nanoTime();
        scheduler.requestPerfReset();
        cycles.countFrom(warmupEndNs + 2 * cycles.missThresholdNs());
        allocAtWarmup = allocated(flightThread);
    }

    /** @return whether {@link #endWarmup} ran */
    public boolean warmedUp() {
        return flightThread != null;
    }

    /**
     * Checks the flight thread's allocation counter (call now and then, e.g. every 100 ms, from the
     * run's thread): a rise after warm-up is kept with the time it was seen, so a report can say
     * when (in which flight phase) the flight thread allocated.
     *
     * @param timeS the run's time, for the record
     */
    public void poll(double timeS) {
        if (flightThread == null || allocationEvents.size() >= 100) {
            return;
        }
        long now = allocated(flightThread);
        if (lastPolled < 0) {
            lastPolled = allocAtWarmup;
        }
        if (now > lastPolled && lastPolled >= 0) {
            allocationEvents.add(new double[] {Math.round(timeS * 1000.0) / 1000.0, now - lastPolled});
        }
        lastPolled = now;
    }

    /** The end of the measured window: reads the flight thread's and every thread's allocation. */
    public void finish() {
        endNs = System.nanoTime();
        if (flightThread != null) {
            allocAtEnd = allocated(flightThread);
        }
        List<long[]> rows = new ArrayList<>();
        Map<Long, String> names = new LinkedHashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long b = allocated(t);
            if (b > 0) {
                names.put(t.getId(), t.getName());
                rows.add(new long[] {t.getId(), b});
            }
        }
        rows.sort((a, b) -> Long.compare(b[1], a[1]));
        for (long[] r : rows) {
            allocationByThread.merge(names.get(r[0]), r[1], Long::sum);
        }
        heapUsedAtEnd = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private long allocated(Thread t) {
        if (!threads.isThreadAllocatedMemorySupported() || !t.isAlive()) {
            return -1;
        }
        return threads.getThreadAllocatedBytes(t.getId());
    }

    /** @return bytes the flight thread allocated between warm-up and {@link #finish}, -1 when unknown */
    public long flightThreadAllocatedBytes() {
        return allocAtWarmup < 0 || allocAtEnd < 0 ? -1 : allocAtEnd - allocAtWarmup;
    }

    /** Misses of the cycle log that fell inside a GC pause (±1 ms). */
    public int missesDuringGc(CycleIntervalLog cycles) {
        return missesDuring(pauseLog.windows(), cycles, PAUSE_SLACK_NS);
    }

    /** Misses of the cycle log that overlapped a safepoint (JFR's µs-exact windows, {@value #SAFEPOINT_SLACK_NS} ns slack). */
    public int missesDuringSafepoints(CycleIntervalLog cycles) {
        return missesDuring(safepointLog.windows(), cycles, SAFEPOINT_SLACK_NS);
    }

    /** The same misses, counted by the VM operation of the safepoint each overlapped (e.g. ZMarkEnd, Cleanup). */
    public Map<String, Integer> missesDuringSafepointsByOperation(CycleIntervalLog cycles) {
        List<GcPauseLog.Window> w = safepointLog.windows();
        Map<String, Integer> byOp = new java.util.TreeMap<>();
        for (int i = 0; i < cycles.keptMisses(); i++) {
            GcPauseLog.Window hit = GcPauseLog.overlapping(w, cycles.missStartNs(i), cycles.missEndNs(i), SAFEPOINT_SLACK_NS);
            if (hit != null) {
                byOp.merge(hit.what().isEmpty() ? "?" : hit.what(), 1, Integer::sum);
            }
        }
        return byOp;
    }

    private static int missesDuring(List<GcPauseLog.Window> pauses, CycleIntervalLog cycles, long slackNs) {
        int n = 0;
        for (int i = 0; i < cycles.keptMisses(); i++) {
            if (GcPauseLog.overlapping(pauses, cycles.missStartNs(i), cycles.missEndNs(i), slackNs) != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * The figures as the JSON summary's {@code realtime} object (keys documented in
     * docs/realtime-sitl.md). Base task: the scheduler's task 0, which runs at the base rate.
     */
    public Map<String, Object> figures(LoopScheduler scheduler, CycleIntervalLog cycles) {
        Map<String, Object> f = new LinkedHashMap<>();
        TaskPerf base = scheduler.perf(0);
        f.put("flight_thread", flightThread == null ? null : flightThread.getName());
        f.put("measured_s", round((endNs - warmupEndNs) * 1e-9));
        f.put("flight_thread_allocated_bytes", flightThreadAllocatedBytes());
        List<String> events = new ArrayList<>();
        for (double[] e : allocationEvents) {
            events.add(String.format("%.1f s: %d bytes", e[0], (long) e[1]));
        }
        f.put("flight_thread_allocations_seen", events);
        f.put("gc_pauses", pauses.pauses());
        f.put("gc_max_pause_ms", pauses.maxPauseNs() / 1_000_000L);
        f.put("gc_total_pause_ms", pauses.totalPauseNs() / 1_000_000L);
        f.put("gc_last_pause", pauses.lastPauseCause());
        f.put("safepoints", safepoints.available() ? safepoints.pauses().pauses() : null);
        f.put("safepoint_max_us", safepoints.available() ? round(safepoints.pauses().maxPauseNs() / 1e3) : null);
        f.put("safepoint_longest_operation", safepoints.pauses().longestOperation());
        f.put("base_task", scheduler.taskName(0));
        f.put("base_period_us", round(1e6 / scheduler.table().rateHz(0)));
        f.put("deadline_misses", base.slips());
        f.put("max_lateness_us", round(base.maxLatenessNs() / 1e3));
        f.put("longest_stall_us", round(cycles.maxIntervalNs() / 1e3));
        f.put("late_cycles", cycles.misses());
        f.put("late_cycles_during_gc", missesDuringGc(cycles));
        f.put("late_cycles_during_safepoint", safepoints.available() ? missesDuringSafepoints(cycles) : null);
        f.put("late_cycles_during_safepoint_by_operation",
                safepoints.available() ? missesDuringSafepointsByOperation(cycles) : null);
        f.put("overruns", scheduler.overruns());
        f.put("heap_used_mb", round(heapUsedAtEnd / 1e6));
        Map<String, Object> byThread = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, Long> e : allocationByThread.entrySet()) {
            total += e.getValue();
            if (byThread.size() < 12) {
                byThread.put(e.getKey(), e.getValue());
            }
        }
        f.put("live_threads_allocated_bytes", total);
        f.put("allocation_by_thread", byThread);
        return f;
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    @Override
    public void close() {
        pauses.close();
        safepoints.close();
    }
}
