package org.hoverla.core.boot.app;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.hoverla.core.boot.BoardConfig;
import org.hoverla.core.boot.FakeBuses;
import org.hoverla.core.boot.LinuxBuses;
import org.hoverla.core.boot.Vehicle;
import org.hoverla.core.selftest.SelfTestCheck;
import org.hoverla.core.selftest.SelfTestReport;
import org.hoverla.core.update.BootCheck;
import org.hoverla.core.update.BootSelfTest;
import org.hoverla.core.update.LoopTimingBootHealth;
import org.hoverla.core.update.UpdateLayout;

/**
 * The boot check wired into {@code hoverla run} (docs/boot-check.md): which root, which version,
 * the production self-test on the board's buses, the vehicle's loop timing as the health verdict,
 * the arming refusal, and a daemon "boot-check" thread ticking the health window once a second.
 * Nothing here runs on the flight thread except the refusal's volatile read.
 *
 * <p>Threads: {@link #start()}, {@link #attach(Vehicle)} and {@link #close()} on the run command's
 * thread; the monitor thread calls {@code onRollback} once if the health window rolls back.
 */
public final class BootCheckRun implements AutoCloseable {
    private final BootCheck check;
    private final LoopTimingBootHealth health = new LoopTimingBootHealth();
    private final Consumer<String> log;
    private final Runnable onRollback;
    private Thread monitor;
    private volatile boolean stop;
    private volatile int healthS;
    private volatile int badS;

    /** The board the self-test runs on and the fake buses' seed: known only once the board file is read. */
    private volatile BoardConfig board;
    private volatile long seed;

    private BootCheckRun(UpdateLayout layout, String running, Path liveParams, Consumer<String> log, Runnable onRollback) {
        this.log = log;
        this.onRollback = onRollback;
        this.check = new BootCheck(layout, running, liveParams, System::nanoTime, Instant::now,
                () -> selfTest(board, seed, liveParams, log), health, log);
    }

    /**
     * The boot check of this run, or null when there is none: {@code --no-boot-check}, or the jar is
     * not in an A/B install and no {@code --update-root} was given.
     *
     * @param updateRoot  {@code --update-root}, or null to find the root from the jar's own path
     * @param liveParams  the parameter file the vehicle loads, or null
     * @param onRollback  called (monitor thread) when the health window rolls back: stop and exit
     */
    public static BootCheckRun forRun(Path updateRoot, boolean disabled, Path liveParams,
                                      Consumer<String> log, Runnable onRollback) {
        if (disabled) {
            return null;
        }
        Path jar = ownJar();
        Path root = updateRoot != null ? updateRoot : jar == null ? null : rootOf(jar);
        if (root == null) {
            return null;
        }
        UpdateLayout layout = new UpdateLayout(root);
        String running;
        try {
            running = jar != null && root.equals(rootOf(jar)) ? versionOf(jar) : layout.currentVersion();
        } catch (java.io.IOException e) {
            log.accept("boot check: cannot read " + layout.currentLink() + ": " + e.getMessage());
            running = null;
        }
        return new BootCheckRun(layout, running, liveParams, log, onRollback);
    }

    /**
     * Counts the trial start, first thing in {@code run} (before the board file is read): a crash
     * loop is judged here. {@link BootCheck.Phase#TRIAL_COUNTED} means {@link #start} follows.
     */
    public BootCheck.Decision countStart() {
        // The package's launcher counted it already, with the package's own code (hoverla boot-check --count-start).
        if ("1".equals(System.getenv(COUNTED_ENV))) {
            return check.adoptCountedStart();
        }
        return check.countStart();
    }

    /** Set by the package's launcher once it has counted this start. */
    static final String COUNTED_ENV = "HOVERLA_TRIAL_START_COUNTED";

    /**
     * The self-test of a version on trial, on the board's own sensors (boot thread, before the
     * vehicle opens the buses).
     *
     * @param seed the fake buses' seed (the unit's UID, as the vehicle uses)
     */
    public BootCheck.Decision start(BoardConfig board, long seed) {
        this.board = board;
        this.seed = seed;
        return check.onStart();
    }

    /** Gives the vehicle being built the arming refusal (before its threads start). */
    public void prepare(Vehicle vehicle) {
        vehicle.refuseArmingWhen(check::preArmFailure);
    }

    /**
     * The vehicle now flying: its loop timing feeds the health window, which opens once the arming
     * gate has measured its first whole window (LOOP_WIN_S).
     */
    public synchronized void attach(Vehicle vehicle) {
        health.watch(vehicle.timing());
        if (check.phase() != BootCheck.Phase.HEALTH_WINDOW) {
            return;
        }
        healthS = vehicle.params().update.healthS.get();
        badS = vehicle.params().update.badS.get();
        if (monitor == null) {
            monitor = new Thread(this::monitor, "boot-check");
            monitor.setDaemon(true);
            monitor.start();
        }
    }

    /** The vehicle is stopping (a reboot swaps it): no verdicts until the next {@link #attach}. */
    public void detach() {
        health.watch(null);
    }

    /** The vehicle has stopped: after a rollback, its parameter restore once more (a late PARAM_SET save). */
    public void afterStop() {
        try {
            check.restoreParamsAfterStop();
        } catch (java.io.IOException e) {
            log.accept("boot check: parameter file not restored again after the stop: " + e.getMessage());
        }
    }

    /** @return the check (its phase and refusal) */
    public BootCheck check() {
        return check;
    }

    /** Longest wait for the loop timing's first whole window before the health window gives up. */
    static final long WARM_UP_LIMIT_S = 120;

    private void monitor() {
        long startNs = System.nanoTime();
        while (!stop) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            if (check.healthS() == 0) {
                if (health.warmedUp()) {
                    check.beginHealthWindow(healthS, badS);
                    health.verdict(); // from now on: the seconds after the warm-up
                } else if (System.nanoTime() - startNs > WARM_UP_LIMIT_S * 1_000_000_000L) {
                    if (check.giveUp("health window never opened: no loop timing window in " + WARM_UP_LIMIT_S + " s")
                            .phase() == BootCheck.Phase.ROLLED_BACK) {
                        onRollback.run();
                    }
                    return;
                }
                continue;
            }
            BootCheck.Decision d;
            try {
                d = check.tick();
            } catch (RuntimeException e) {
                log.accept("boot check: health window tick failed: " + e);
                continue;
            }
            if (d.phase() == BootCheck.Phase.ROLLED_BACK) {
                onRollback.run();
                return;
            }
            if (d.phase() != BootCheck.Phase.HEALTH_WINDOW) {
                return;
            }
        }
    }

    @Override
    public void close() {
        stop = true;
        Thread t = monitor;
        if (t != null) {
            t.interrupt();
        }
    }

    private static SelfTestReport selfTest(BoardConfig board, long seed, Path liveParams, Consumer<String> log)
            throws java.io.IOException {
        if (board.buses() == BoardConfig.Buses.SIMULATION || board.buses() == BoardConfig.Buses.SIMULATOR_API) {
            return new SelfTestReport(board.source(), System.currentTimeMillis(), List.of(new SelfTestCheck("board",
                    "devices", true, "none of its own (buses: " + board.buses().key() + ")", "", "")));
        }
        return BootSelfTest.run(board, board.buses() == BoardConfig.Buses.FAKE ? () -> FakeBuses.create(seed, board)
                : LinuxBuses::create, System::nanoTime, liveParams, log);
    }

    /** The jar this process runs from, as a real path, or null (classes from a directory in development). */
    static Path ownJar() {
        return org.hoverla.core.update.RunningRelease.thisJar();
    }

    /** ROOT of {@code ROOT/opt/hoverla/versions/V/lib/hoverla-vehicle.jar}, or null when the jar is elsewhere. */
    static Path rootOf(Path jar) {
        return org.hoverla.core.update.RunningRelease.installRoot(jar);
    }

    /** V of {@code .../versions/V/lib/hoverla-vehicle.jar}. */
    static String versionOf(Path jar) {
        return jar.getParent().getParent().getFileName().toString();
    }
}
