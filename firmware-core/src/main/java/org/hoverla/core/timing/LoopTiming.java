package org.hoverla.core.timing;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.hoverla.core.sched.LoopScheduler;
import org.hoverla.core.sched.TaskTable;

/**
 * A vehicle's loop timing, measured, published and enforced: the flight thread's
 * {@link LoopTimingRecorder}, the timing thread that samples it once per second into a
 * {@link LoopTimingMonitor}, the limits ({@link LoopTimingParams}), the pre-arm verdict and the
 * in-flight {@link LoopTimingGovernor}, the log line, and the {@link LoopHealth} supervisors read.
 *
 * <p>Life cycle (boot thread): construct (cheap, nothing measured), {@link #startMeasuring()}
 * <em>before</em> the flight thread starts (hooks the recorder into the scheduler and subscribes
 * to the JVM's pause notifications), then {@link #startThread()} (a daemon "timing" thread
 * calling {@link #tick()} each wall-clock second), {@link #close()} at shutdown. A test calls
 * {@link #tick()} itself, so nothing in the logic depends on the wall clock.
 *
 * <p>Enforcement: the pre-arm check and the degradation act only while {@code enforcing} says
 * so (the vehicle passes "the flight thread runs in dedicated mode"): in lockstep simulation the
 * scheduler runs on simulated time and its timing is perfect by construction, and a vehicle that
 * is not measured at all ({@link #startMeasuring()} never called) arms as before. When enforcing,
 * arming is refused until a whole window has been measured.
 *
 * <p>Threads: {@link #preArmFailure()}, {@link #degradation()} and the {@link LoopHealth} methods
 * are volatile reads, safe on the flight thread; everything else on the timing thread.
 */
public final class LoopTiming implements LoopHealth, LoopTimingVerdict, AutoCloseable {
    /** The figures are logged this often, and at every transition. */
    public static final int LOG_EVERY_S = 10;
    /** Health state published as LOOP_HLTH: limits kept. */
    public static final int HEALTH_OK = 0;
    /** Health state: not a whole window measured yet. */
    public static final int HEALTH_MEASURING = 1;
    /** Health state: the window breaks a limit. */
    public static final int HEALTH_BROKEN = 2;
    /** Health state: not measured (never started, or not enforcing: lockstep simulation). */
    public static final int HEALTH_NOT_MEASURED = 3;

    private final LoopScheduler scheduler;
    private final LoopTimingParams params;
    private final Consumer<String> log;
    private final BooleanSupplier enforcing;
    private final LoopTimingGovernor governor = new LoopTimingGovernor();
    private LoopTimingRecorder recorder;
    private volatile LoopTimingMonitor monitor;
    private JvmPauseMonitor pauses;
    private SafepointMonitor safepoints;
    private Thread thread;
    private volatile boolean stop;
    private int ticks;
    private String measuringText = "";
    private int measuringWindowS;
    private boolean lastBroken;

    private volatile String preArmFailure = "";
    private volatile int level = LoopTimingGovernor.NORMAL;
    private volatile int health = HEALTH_NOT_MEASURED;
    private volatile String problem = "";
    private volatile LoopTimingFigures window = LoopTimingFigures.NONE;
    private volatile LoopTimingFigures lastSecond = LoopTimingFigures.NONE;

    /**
     * @param scheduler the flight scheduler to measure
     * @param params    the LOOP_* parameters
     * @param log       where the periodic and transition lines go (the vehicle's log), timing thread
     * @param enforcing whether the pre-arm check and degradation act now (read once per second)
     */
    public LoopTiming(LoopScheduler scheduler, LoopTimingParams params, Consumer<String> log, BooleanSupplier enforcing) {
        this.scheduler = scheduler;
        this.params = params;
        this.log = log;
        this.enforcing = enforcing;
    }

    /**
     * Hooks the recorder into the scheduler and subscribes to the JVM's pause notifications.
     * Boot thread, before the flight thread starts. Idempotent.
     */
    public synchronized void startMeasuring() {
        if (recorder != null) {
            return;
        }
        TaskTable table = scheduler.table();
        String[] names = new String[table.size()];
        long[] budgetsUs = new long[table.size()];
        long basePeriodNs = Long.MAX_VALUE;
        for (int i = 0; i < names.length; i++) {
            names[i] = table.name(i);
            budgetsUs[i] = table.budgetNs(i) / 1000;
            basePeriodNs = Math.min(basePeriodNs, scheduler.periodNs(i));
        }
        recorder = new LoopTimingRecorder(names, basePeriodNs);
        monitor = new LoopTimingMonitor(recorder, budgetsUs, LoopTimingParams.MAX_WINDOW_S);
        pauses = JvmPauseMonitor.start();
        safepoints = SafepointMonitor.start();
        if (!safepoints.available()) {
            log.accept("loop timing: safepoint pauses not measured (" + safepoints.unavailableReason()
                    + "); the collectors' pauses still are, in whole milliseconds");
        }
        scheduler.observe(org.hoverla.core.sched.CycleObserverPair.of(scheduler.observer(), recorder));
        // Until the first second is judged: measuring, not "not enforced" (which a ground station
        // polling at once would otherwise read before the first tick).
        health = HEALTH_MEASURING;
    }

    /** Starts the daemon "timing" thread: {@link #tick()} once per wall-clock second. Boot thread; idempotent. */
    public synchronized void startThread() {
        startMeasuring();
        if (thread != null) {
            return;
        }
        thread = new Thread(() -> {
            long next = System.nanoTime() + 1_000_000_000L;
            while (!stop) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                // Drift-free seconds; after a long stall one sample covers the whole gap.
                next = Math.max(next + 1_000_000_000L, System.nanoTime() + 500_000_000L);
                try {
                    tick();
                } catch (RuntimeException e) {
                    log.accept("loop timing: sampling failed: " + e);
                }
            }
        }, "timing");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * One second of timing: samples the recorder, recomputes the figures and the verdicts,
     * logs every {@value #LOG_EVERY_S} s and at each transition. Timing thread (or a test);
     * does nothing before {@link #startMeasuring()}.
     */
    public void tick() {
        LoopTimingMonitor m = monitor;
        if (m == null) {
            return;
        }
        LoopTimingLimits limits = params.limits();
        m.sample(limits.windowS(), pauses == null ? 0 : pauses.drainIntervalMaxPauseNs(),
                safepoints == null ? 0 : safepoints.pauses().drainIntervalMaxPauseNs());
        LoopTimingFigures w = m.window();
        LoopTimingFigures s = m.lastSecond();
        window = w;
        lastSecond = s;
        boolean enforce = enforcing.getAsBoolean();
        String broken = limits.broken(w);
        boolean measuring = m.secondsMeasured() < limits.windowS();
        problem = broken;
        int newHealth = !enforce ? HEALTH_NOT_MEASURED : !broken.isEmpty() ? HEALTH_BROKEN
                : measuring ? HEALTH_MEASURING : HEALTH_OK;

        String preArm = "";
        if (enforce && limits.armCheck()) {
            if (measuring) {
                preArm = measuringText(limits.windowS());
            } else if (w.cycles() == 0) {
                preArm = "Preflight Fail: flight loop not running";
            } else if (!broken.isEmpty()) {
                preArm = "Preflight Fail: " + broken;
            }
        }
        if (!preArm.equals(preArmFailure)) {
            preArmFailure = preArm;
        }

        int before = level;
        String secondBroken = limits.broken(s);
        int after = enforce ? governor.update(!secondBroken.isEmpty(), limits) : LoopTimingGovernor.NORMAL;
        level = after;
        health = newHealth;

        ticks++;
        if (after != before) {
            log.accept("loop timing: " + LoopTimingGovernor.name(before) + " -> " + LoopTimingGovernor.name(after)
                    + (secondBroken.isEmpty() ? "" : " (" + secondBroken + ")") + "; window " + w.line());
        } else if (!broken.isEmpty() != lastBroken) {
            log.accept("loop timing: " + (broken.isEmpty() ? "limits kept again" : "limit broken: " + broken)
                    + "; window " + w.line());
        } else if (ticks % LOG_EVERY_S == 0) {
            log.accept("loop timing: window " + w.line());
        }
        lastBroken = !broken.isEmpty();
    }

    private String measuringText(int windowS) {
        if (windowS != measuringWindowS) {
            measuringWindowS = windowS;
            measuringText = "Preflight Fail: loop timing still measured (" + windowS + " s window)";
        }
        return measuringText;
    }

    @Override
    public String preArmFailure() {
        return preArmFailure;
    }

    @Override
    public int degradation() {
        return level;
    }

    @Override
    public long cycles() {
        return scheduler.cycles();
    }

    @Override
    public boolean timingHealthy() {
        return problem.isEmpty();
    }

    @Override
    public String problem() {
        return problem;
    }

    /** @return {@link #HEALTH_OK}, {@link #HEALTH_MEASURING}, {@link #HEALTH_BROKEN} or {@link #HEALTH_NOT_MEASURED} */
    public int health() {
        return health;
    }

    /** @return whether {@link #startMeasuring()} ran */
    public boolean measuring() {
        return monitor != null;
    }

    /** @return the window's figures (any thread) */
    public LoopTimingFigures window() {
        return window;
    }

    /** @return the latest second's figures (any thread) */
    public LoopTimingFigures lastSecond() {
        return lastSecond;
    }

    /** @return the LOOP_* parameters this timing reads */
    public LoopTimingParams params() {
        return params;
    }

    /** @return the limits in force now */
    public LoopTimingLimits limits() {
        return params.limits();
    }

    /** @return the flight thread's recorder, or null before {@link #startMeasuring()} */
    public LoopTimingRecorder recorder() {
        return recorder;
    }

    /** Stops the timing thread and the pause subscription. Boot thread; idempotent. */
    @Override
    public synchronized void close() {
        stop = true;
        if (thread != null) {
            thread.interrupt();
        }
        if (pauses != null) {
            pauses.close();
        }
        if (safepoints != null) {
            safepoints.close();
        }
    }
}
