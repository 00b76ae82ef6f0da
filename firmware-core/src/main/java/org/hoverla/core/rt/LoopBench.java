package org.hoverla.core.rt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.hoverla.core.boot.BoardConfig;
import org.hoverla.core.boot.BoardDevices;
import org.hoverla.core.boot.BoardFile;
import org.hoverla.core.boot.BoardFileException;
import org.hoverla.core.boot.BootException;
import org.hoverla.core.boot.Chips;
import org.hoverla.core.boot.FakeBuses;
import org.hoverla.core.boot.Vehicle;
import org.hoverla.core.sched.DedicatedLoopRunner;
import org.hoverla.core.sched.FlightTask;
import org.hoverla.core.sched.LoopScheduler;
import org.hoverla.core.sched.ParkThenSpinIdleStrategy;
import org.hoverla.core.sched.TaskTable;
import org.hoverla.core.time.SystemClock;
import org.hoverla.core.timing.JvmPauseMonitor;
import org.hoverla.core.timing.SafepointMonitor;
import org.hoverla.storage.AtomicFiles;

/**
 * {@code ./hoverla bench loop}: the flight task set on the wall clock, driven two ways one after
 * the other in the same process, each on its own vehicle booted from the {@code bench-fake} board
 * (fake chips behind their driver threads, no MAVLink):
 * <ol>
 *   <li>{@code hoverla}: Hoverla's dedicated flight thread ({@link DedicatedLoopRunner}, park then
 *       spin), with the real-time set-up applied on it when asked;</li>
 *   <li>{@code naive}: what a Java developer would write, the same scheduler cycle run by
 *       {@link ScheduledExecutorService#scheduleAtFixedRate} at the base period, its thread given
 *       the same real-time set-up (so the difference is the wait, not the priority).</li>
 * </ol>
 * Measured for each (definitions in docs/realtime.md): the period error
 * {@code |start_k − start_{k−1} − P|} of every cycle after a warm-up, as an HdrHistogram; the
 * deadline misses, nominal periods {@code t0 + kP} with no cycle started within half a period of them
 * (late by more than P/2, or skipped); and the
 * longest GC pause the JVM reported during the run ({@link JvmPauseMonitor}). {@code load} runs a
 * busy thread per other CPU (pinned away from the flight CPU when pinning, in the normal scheduler).
 *
 * <p>Threads: {@link #run} on the caller's thread; it starts and stops every thread it uses.
 */
public final class LoopBench {
    /** How long to wait for JFR's last events after a run. */
    private static final long SAFEPOINT_FLUSH_NS = 1_500_000_000L;


    /**
     * @param seconds      how long each runner is measured, after its warm-up
     * @param load         whether to load the other CPUs
     * @param realtime     CPU pinning and SCHED_FIFO for both runners' loop threads
     * @param spinMarginNs the park-then-spin margin of Hoverla's runner
     * @param board        the fake board to boot (a profile name or file), {@code bench-fake} by default
     */
    public record Options(double seconds, boolean load, RealtimeSetup.Options realtime, long spinMarginNs,
                          String board) {
        public Options {
            if (!(seconds > 0 && seconds <= 3600)) {
                throw new IllegalArgumentException("seconds must be in (0, 3600], not " + seconds);
            }
            if (spinMarginNs < 0 || spinMarginNs > 1_000_000) {
                throw new IllegalArgumentException("spin margin must be 0..1000 us, not " + spinMarginNs / 1000 + " us");
            }
        }
    }

    /**
     * One runner's figures.
     *
     * @param name      {@code hoverla} or {@code naive}
     * @param cycles    cycles measured (after the warm-up)
     * @param seconds   measured wall time
     * @param p50Us     period error, 50th percentile, µs (likewise p99, p99.9, max)
     * @param misses    base periods in which no cycle started
     * @param gcMaxUs   longest GC pause reported during the runner's run, µs (ms resolution; -1 when none reported)
     * @param safepoints     safepoints JFR reported during the runner's run (-1 when JFR is unavailable)
     * @param safepointMaxUs the longest of them, request to end, µs
     * @param meanPeriodUs the mean period between cycle starts, µs
     * @param setup     what the real-time set-up got on the loop thread, one line per step
     */
    public record Result(String name, long cycles, double seconds, double p50Us, double p99Us, double p999Us,
                         double maxUs, long misses, double gcMaxUs, long safepoints, double safepointMaxUs,
                         double meanPeriodUs, List<String> setup) {
        /** @return the JSON object of this result (no trailing newline) */
        public String json(Options o) {
            return String.format(Locale.ROOT, "{\"p50_us\": %.2f, \"p99_us\": %.2f, \"p999_us\": %.2f, \"max_us\": %.2f, "
                            + "\"misses\": %d, \"gc_max_us\": %.0f, \"safepoints\": %d, \"safepoint_max_us\": %.1f, "
                            + "\"cycles\": %d, \"seconds\": %.3f, "
                            + "\"mean_period_us\": %.3f, \"rt_priority\": %d, \"cpu\": %d, \"load\": %b, "
                            + "\"spin_margin_us\": %d, \"setup\": [%s]}",
                    p50Us, p99Us, p999Us, maxUs, misses, gcMaxUs, safepoints, safepointMaxUs, cycles, seconds, meanPeriodUs,
                    o.realtime().rtPriority(), o.realtime().cpu(), o.load(), o.spinMarginNs() / 1000,
                    String.join(", ", setup.stream().map(LoopBench::quote).toList()));
        }
    }

    /** Both runners' results and the base period they ran at. */
    public record Report(Options options, int baseHz, Result hoverla, Result naive) {
        /** @return {@code {"hoverla": {...}, "naive": {...}, "base_hz": N}} */
        public String json() {
            return "{\"hoverla\": " + hoverla.json(options) + ",\n \"naive\": " + naive.json(options)
                    + ",\n \"base_hz\": " + baseHz + "}\n";
        }

        /** @return the human summary: a table and the naive:hoverla ratios */
        public List<String> table() {
            List<String> l = new ArrayList<>();
            l.add(String.format(Locale.ROOT, "%-8s %9s %9s %9s %9s %8s %9s %11s %9s %8s", "runner", "p50 us", "p99 us",
                    "p99.9 us", "max us", "misses", "gc max us", "safepoints", "sp max us", "cycles"));
            for (Result r : List.of(hoverla, naive)) {
                l.add(String.format(Locale.ROOT, "%-8s %9.1f %9.1f %9.1f %9.1f %8d %9.0f %11d %9.1f %8d", r.name(),
                        r.p50Us(), r.p99Us(), r.p999Us(), r.maxUs(), r.misses(), r.gcMaxUs(), r.safepoints(),
                        r.safepointMaxUs(), r.cycles()));
            }
            l.add(String.format(Locale.ROOT, "naive / hoverla: p50 %s, p99 %s, p99.9 %s, max %s", ratio(naive.p50Us(),
                    hoverla.p50Us()), ratio(naive.p99Us(), hoverla.p99Us()), ratio(naive.p999Us(), hoverla.p999Us()),
                    ratio(naive.maxUs(), hoverla.maxUs())));
            return l;
        }
    }

    private static String ratio(double a, double b) {
        return b > 0 ? String.format(Locale.ROOT, "x%.1f", a / b) : "n/a";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private LoopBench() {
    }

    /**
     * Runs both runners, one after the other.
     *
     * @param log progress lines (boot, set-up outcomes)
     * @throws BootException if the fake board does not boot
     */
    public static Report run(Options o, Consumer<String> log) throws BootException {
        BoardConfig board;
        try {
            board = BoardFile.load(o.board() == null ? "bench-fake" : o.board());
        } catch (BoardFileException e) {
            throw new BootException(e.getMessage(), e);
        }
        if (board.buses() != BoardConfig.Buses.FAKE) {
            throw new BootException("bench loop runs on a board with buses: fake, not " + board.source());
        }
        // Both runners measure warm code: the JIT compiles the flight stack here, not during the
        // first runner's measurement (its compiler threads and safepoints would be charged to it).
        warmUp(board, log);
        Load load = o.load() ? Load.start(o.realtime().cpu(), log) : null;
        try {
            Measured h = measure(board, o, false, log);
            Measured n = measure(board, o, true, log);
            return new Report(o, h.baseHz, h.result, n.result);
        } finally {
            if (load != null) {
                load.close();
            }
        }
    }

    private record Measured(int baseHz, Result result) {
    }

    /** Cycles the flight stack runs in invoker mode before measuring: ~30 s of flight at 1 kHz. */
    static final int WARM_UP_CYCLES = 30_000;

    private static void warmUp(BoardConfig board, Consumer<String> log) throws BootException {
        Chips.Buses buses = FakeBuses.create(3, board);
        long t0 = System.nanoTime();
        try {
            Vehicle vehicle = Vehicle.builder().clock(SystemClock.INSTANCE).paramFile(null).log(line -> { })
                    .devices(params -> BoardDevices.open(board, params, SystemClock.INSTANCE, buses, line -> { }))
                    .build();
            try {
                vehicle.startDevices();
                LoopScheduler s = vehicle.stack().scheduler();
                long periodNs = vehicle.stack().rates().basePeriodNs();
                long now = System.nanoTime();
                for (int i = 0; i < WARM_UP_CYCLES; i++) {
                    s.runCycle(now + i * periodNs);
                }
            } finally {
                vehicle.close();
            }
        } finally {
            buses.close();
        }
        log.accept(String.format(Locale.ROOT, "warm-up: %d flight cycles in invoker mode in %.1f s", WARM_UP_CYCLES,
                (System.nanoTime() - t0) * 1e-9));
    }

    private static Measured measure(BoardConfig board, Options o, boolean naive, Consumer<String> log)
            throws BootException {
        Chips.Buses buses = FakeBuses.create(naive ? 2 : 1, board);
        Vehicle vehicle;
        try {
            vehicle = Vehicle.builder().clock(SystemClock.INSTANCE).paramFile(null).log(line -> { })
                    .devices(params -> BoardDevices.open(board, params, SystemClock.INSTANCE, buses, line -> { }))
                    .build();
        } catch (BootException | RuntimeException e) {
            buses.close();
            throw e;
        }
        int baseHz = vehicle.stack().rates().baseHz();
        long periodNs = vehicle.stack().rates().basePeriodNs();
        long warmupNs = (long) (Math.min(2.0, 0.2 * o.seconds()) * 1e9);
        Probe probe = new Probe(periodNs, warmupNs);
        LoopScheduler flight = vehicle.stack().scheduler();
        List<String> setup = java.util.Collections.synchronizedList(new ArrayList<>());
        JvmPauseMonitor pauses = JvmPauseMonitor.start();
        SafepointMonitor safepoints = SafepointMonitor.start();
        long runNs = warmupNs + (long) (o.seconds() * 1e9);
        try {
            vehicle.startDevices();
            if (!naive) {
                // The probe first, then the flight stack's own cycle: both due every base period.
                TaskTable outer = TaskTable.builder().baseRateHz(baseHz)
                        .add("probe", baseHz, 1000, probe)
                        .add("flight", baseHz, 1000, flight::runCycle)
                        .build();
                DedicatedLoopRunner runner = new DedicatedLoopRunner(new LoopScheduler(outer, SystemClock.INSTANCE),
                        SystemClock.INSTANCE, new ParkThenSpinIdleStrategy(o.spinMarginNs()), "flight");
                runner.threadSetup(setupOn(o.realtime(), setup));
                runner.start();
                sleepNs(runNs);
                runner.close();
            } else {
                ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> new Thread(() -> {
                    setupOn(o.realtime(), setup).run();
                    r.run();
                }, "naive-flight"));
                ex.scheduleAtFixedRate(() -> {
                    long now = System.nanoTime();
                    probe.run(now);
                    flight.runCycle(now);
                }, 0, periodNs, TimeUnit.NANOSECONDS);
                sleepNs(runNs);
                ex.shutdown();
                try {
                    ex.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            vehicle.close();
            buses.close();
            pauses.close();
            if (safepoints.available()) {
                sleepNs(SAFEPOINT_FLUSH_NS); // JFR hands its events over about once a second
            }
            safepoints.close();
        }
        for (String line : setup) {
            log.accept((naive ? "naive: " : "hoverla: ") + line);
        }
        long gcNs = pauses.maxPauseNs();
        Histogram h = probe.errors;
        Result r = new Result(naive ? "naive" : "hoverla", probe.cycles, probe.measuredNs() * 1e-9,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0, probe.misses,
                pauses.pauses() == 0 ? 0 : gcNs / 1000.0,
                safepoints.available() ? safepoints.pauses().pauses() : -1, safepoints.pauses().maxPauseNs() / 1000.0,
                probe.cycles > 0 ? probe.measuredNs() / 1000.0 / probe.cycles : 0, List.copyOf(setup));
        return new Measured(baseHz, r);
    }

    private static Runnable setupOn(RealtimeSetup.Options rt, List<String> out) {
        return () -> {
            for (RealtimeSetup.Outcome oc : RealtimeSetup.applyToCurrentThread(rt)) {
                out.add(oc.line());
            }
        };
    }

    private static void sleepNs(long ns) {
        long end = System.nanoTime() + ns;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Records each cycle's start: allocation-free on the loop thread (the histogram is preallocated;
     * values are clamped to its range). Read only after the loop thread has stopped.
     */
    static final class Probe implements FlightTask {
        private static final long HIGHEST_NS = 10_000_000_000L;
        final Histogram errors = new Histogram(HIGHEST_NS, 3);
        private final long periodNs;
        private final long warmupNs;
        private long firstNs = Long.MIN_VALUE;
        private long t0 = Long.MIN_VALUE;
        private long lastStartNs;
        private long lastSlot;
        private long lastNs;
        long cycles;
        long misses;

        Probe(long periodNs, long warmupNs) {
            this.periodNs = periodNs;
            this.warmupNs = warmupNs;
        }

        @Override
        public void run(long nowNs) {
            if (firstNs == Long.MIN_VALUE) {
                firstNs = nowNs;
                return;
            }
            if (nowNs - firstNs < warmupNs) {
                return;
            }
            if (t0 == Long.MIN_VALUE) {
                // The first measured cycle starts the nominal schedule t0 + kP.
                t0 = nowNs;
                lastStartNs = nowNs;
                lastNs = nowNs;
                lastSlot = 0;
                return;
            }
            long error = Math.abs(nowNs - lastStartNs - periodNs);
            errors.recordValue(Math.min(error, HIGHEST_NS));
            lastStartNs = nowNs;
            // The period this start belongs to: the nearest nominal start t0 + kP. A start within half
            // a period of it counts for k; a second start for the same k (a catch-up burst) adds none.
            long slot = Math.floorDiv(nowNs - t0 + periodNs / 2, periodNs);
            if (slot > lastSlot) {
                misses += slot - lastSlot - 1;
                lastSlot = slot;
            }
            cycles++;
            lastNs = nowNs;
        }

        long measuredNs() {
            return t0 == Long.MIN_VALUE ? 0 : lastNs - t0;
        }
    }

    /** Busy threads, one per other CPU, in the normal scheduler, pinned away from the flight CPU when pinning. */
    static final class Load implements AutoCloseable {
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;
        static volatile long sink;

        static Load start(int flightCpu, Consumer<String> log) {
            Load l = new Load();
            int n = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
            int[] others = othersThan(flightCpu);
            for (int i = 0; i < n; i++) {
                Thread t = new Thread(() -> {
                    RealtimeSetup.normalCurrentThread();
                    if (flightCpu >= 0 && others.length > 0) {
                        RealtimeSetup.pinCurrentThread(others);
                    }
                    long x = 1;
                    int k = 0;
                    while (l.running) {
                        x = x * 6364136223846793005L + 1442695040888963407L;
                        // A little garbage too, so the collector has work while the loop runs.
                        if ((++k & 0xFFF) == 0) {
                            sink += new long[64].length + x;
                        }
                    }
                    sink += x;
                }, "load-" + i);
                t.setDaemon(true);
                t.start();
                l.threads.add(t);
            }
            log.accept("load: " + n + " busy thread(s)" + (flightCpu >= 0 ? " on CPUs other than " + flightCpu : ""));
            return l;
        }

        private static int[] othersThan(int cpu) {
            String allowed = RealtimeSetup.allowedCpus();
            List<Integer> list = new ArrayList<>();
            if (!"?".equals(allowed) && !allowed.isEmpty()) {
                for (String s : allowed.split(",")) {
                    int c = Integer.parseInt(s);
                    if (c != cpu) {
                        list.add(c);
                    }
                }
            }
            return list.stream().mapToInt(Integer::intValue).toArray();
        }

        @Override
        public void close() {
            running = false;
            for (Thread t : threads) {
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Writes {@link Report#json()} to {@code file} ({@link AtomicFiles}: whole or not at all). */
    public static void writeJson(Report r, Path file) throws IOException {
        AtomicFiles.writeString(file, r.json());
    }
}
