package org.hoverla.core.boot.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hoverla.core.boot.BoardConfig;
import org.hoverla.core.boot.BoardFile;
import org.hoverla.core.boot.BoardFileException;
import org.hoverla.core.boot.BootException;
import org.hoverla.core.boot.VehicleBoot;
import org.hoverla.core.boot.Vehicle;
import org.hoverla.core.boot.systemd.FlightLoopWatchdog;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.SetResult;
import org.hoverla.core.param.persist.ParamFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hoverla run --board FILE}: boots the vehicle the board file describes and flies until
 * stopped (SIGTERM, Ctrl-C, {@code --duration}); MAV_CMD_PREFLIGHT_REBOOT_SHUTDOWN boots it again
 * in the same process. Stopping always ends with the motor outputs at their disarmed value.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Boot the vehicle a board file describes and run it until stopped.",
                "FILE is a board file (YAML or JSON) or a shipped profile: " + "pilotpi, diy-i2c, bench-fake, simulator-api."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped on request (signal, --duration, stdin closed with --exit-with-parent)",
                "1:the vehicle could not boot (board file, device probe, parameter file, a native with --require-natives)",
                "2:bad command line",
                "3:the boot check rolled an update back (a failed self-test, health window or crash loop): "
                        + "systemd starts the version rolled back to (docs/boot-check.md)"})
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--board", required = true, paramLabel = "FILE|PROFILE", description = "The board file or shipped profile.")
    String board;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the vehicle keeps its state: parameters, plans, its UID (default: $HOVERLA_STATE_DIR, "
                    + "else ~/.hoverla/vehicle).")
    Path stateDir;

    @Option(names = "--params", paramLabel = "FILE|none",
            description = "Parameter file loaded at boot and saved on PARAM_SET (default: STATE_DIR/params.txt; "
                    + "'none' keeps parameters in memory only).")
    String paramsFile;

    @Option(names = "--log-dir", paramLabel = "DIR",
            description = "Where flight logs go (default: STATE_DIR/logs); SDLOG_MODE says when (docs/flight-log.md).")
    Path logDir;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Set a parameter for this run (repeatable).")
    List<String> params = new ArrayList<>();

    @Option(names = "--mavlink", paramLabel = "SPEC",
            description = "A MAVLink link (repeatable; replaces the board file's list): udp:HOST:PORT, udpin:HOST:PORT, "
                    + "tcpin:HOST:PORT, serial:PATH:BAUD, optionally ending in ?profile=onboard.")
    List<String> mavlink = new ArrayList<>();

    @Option(names = "--no-mavlink", description = "Run without any MAVLink link.")
    boolean noMavlink;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds (tests, bench runs).")
    Double durationS;

    @Option(names = "--motor-log", paramLabel = "FILE",
            description = "Fake boards only: write every pulse the fake PWM chip was given (time, channel, microseconds, "
                    + "armed) as CSV at exit.")
    Path motorLog;

    @Option(names = "--exit-with-parent", description = "Stop when standard input closes (for test harnesses).")
    boolean exitWithParent;

    @Option(names = "--cpu", paramLabel = "N", defaultValue = "${env:HOVERLA_CPU:--1}",
            description = "Pin the flight thread to CPU N (default: $HOVERLA_CPU, else not pinned). See docs/realtime.md.")
    int cpu;

    @Option(names = "--rt-priority", paramLabel = "N", defaultValue = "${env:HOVERLA_RT_PRIORITY:-0}",
            description = "Run the flight thread in SCHED_FIFO at priority N, 1-99; 0 = the normal scheduler "
                    + "(default: $HOVERLA_RT_PRIORITY, else 0). Needs CAP_SYS_NICE or RLIMIT_RTPRIO.")
    int rtPriority;

    @Option(names = "--mlock", defaultValue = "${env:HOVERLA_MLOCK:-false}", fallbackValue = "true",
            description = "Lock the process's memory at boot (mlockall; default: $HOVERLA_MLOCK). Needs CAP_IPC_LOCK "
                    + "or RLIMIT_MEMLOCK.")
    boolean mlock;

    @Option(names = "--require-natives",
            description = "Refuse to boot (exit 1) when a native library expected on this platform did not load "
                    + "(see 'hoverla natives').")
    boolean requireNatives;

    /**
     * Ground stations may update a vehicle that runs from an install (the A/B root its jar is in, the
     * package's root, or {@code --update-root}); a development build has nowhere to install to.
     */
    private void enableUpdates(org.hoverla.core.boot.Vehicle vehicle) {
        Path jar = BootCheckRun.ownJar();
        Path root = updateRoot != null ? updateRoot
                : jar == null ? null : org.hoverla.core.update.RunningRelease.updateRoot(jar);
        if (root == null) {
            return;
        }
        org.hoverla.core.update.UpdateLayout layout = new org.hoverla.core.update.UpdateLayout(root);
        vehicle.enableUpdates(layout, new org.hoverla.core.update.UpdateInstaller(layout,
                org.hoverla.core.mavlink.telemetry.VehicleIdentity.manifestVersion()), () -> {
                    // Exit non-zero: systemd's Restart=on-failure starts the unit again, and the launcher starts current.
                    exitStatus = EXIT_RESTART_INTO_UPDATE;
                    shutdownRequested = true;
                    wake.countDown();
                });
    }

    /** {@code run}'s exit status after installing an update over MAVLink with a reboot asked for. */
    public static final int EXIT_RESTART_INTO_UPDATE = 4;

    @Option(names = "--update-root", paramLabel = "DIR",
            description = "The A/B install's root for the boot check (default: found from this jar's path, "
                    + "ROOT/opt/hoverla/versions/V/lib/hoverla-vehicle.jar; none outside an A/B install).")
    Path updateRoot;

    @Option(names = "--no-boot-check", description = "Skip the A/B update's boot check (docs/boot-check.md).")
    boolean noBootCheck;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The exit status once stopped: 0, or the boot check's rollback status. */
    private volatile int exitStatus;

    private final AtomicBoolean rebootRequested = new AtomicBoolean();
    /** Set once for good by a signal or a closed stdin; a reboot only wakes the current boot. */
    private volatile boolean shutdownRequested;
    /** Wakes the waiting boot: a new one per boot, since a reboot is not a shutdown. */
    private volatile CountDownLatch wake = new CountDownLatch(1);
    /** Counted down once the vehicle is shut down; a signal's shutdown hook waits for it. */
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (durationS != null && !(durationS > 0 && durationS <= 86_400 * 365.0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be positive, not " + durationS);
        }
        Path state = stateDir != null ? stateDir : defaultStateDir();
        ParamFile paramFile = "none".equals(paramsFile) ? null
                : new ParamFile(paramsFile != null ? Path.of(paramsFile) : state.resolve("params.txt"));
        // The A/B update's boot check, first step, before anything of the new version reads its input (the board
        // file, the options): a version on trial counts this start, so one that dies anywhere later still counts,
        // and its 4th start rolls back.
        BootCheckRun bootCheck = BootCheckRun.forRun(updateRoot, noBootCheck, paramFile == null ? null : paramFile.path(),
                line -> {
                    out.println(line);
                    out.flush();
                }, () -> {
                    exitStatus = org.hoverla.core.update.BootCheck.EXIT_ROLLED_BACK;
                    shutdownRequested = true;
                    wake.countDown();
                });
        if (bootCheck != null && bootCheck.countStart().exit()) {
            return org.hoverla.core.update.BootCheck.EXIT_ROLLED_BACK;
        }
        BoardConfig config;
        try {
            config = BoardFile.load(board);
        } catch (BoardFileException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<String> links = noMavlink ? List.of() : mavlink.isEmpty() ? config.mavlink() : mavlink;
        for (String assignment : params) {
            parseAssignment(assignment);
        }
        if (motorLog != null && config.buses() != BoardConfig.Buses.FAKE) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--motor-log needs a board with buses: fake");
        }
        org.hoverla.core.rt.RealtimeSetup.Options realtime;
        try {
            realtime = new org.hoverla.core.rt.RealtimeSetup.Options(cpu, rtPriority, mlock);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        // Loads the natives this artifact carries (epoll for the links, jSerialComm, Pi4J) and says which did.
        if (!org.hoverla.core.boot.NativeCheck.report(out::println) && requireNatives) {
            spec.commandLine().getErr().println("run: a native library is missing (--require-natives)");
            return VehicleMain.EXIT_FAILURE;
        }
        Files.createDirectories(state);
        long uid = VehicleBoot.unitUid(state);
        // What the kernel offers a real-time loop, one line per finding; then the process-wide step.
        for (org.hoverla.core.rt.KernelCheck.Finding f : org.hoverla.core.rt.KernelCheck.readThisMachine()) {
            out.println("kernel: " + f.line());
        }
        if (realtime.mlock()) {
            out.println(org.hoverla.core.rt.RealtimeSetup.lockMemory().line());
        }
        out.flush();

        // The A/B update's boot check, second step: a version on trial runs its self-test before anything opens
        // the buses; a failure switches back and exits for systemd to restart.
        if (bootCheck != null && bootCheck.start(config, uid).exit()) {
            return org.hoverla.core.update.BootCheck.EXIT_ROLLED_BACK;
        }

        // SIGTERM and Ctrl-C: stop the vehicle and wait for the motors to be at their disarmed value
        // before the JVM halts (it halts as soon as every shutdown hook has returned).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdownRequested = true;
            wake.countDown();
            try {
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        if (exitWithParent) {
            Thread watcher = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // discard
                    }
                } catch (IOException e) {
                    // treated as closed
                }
                shutdownRequested = true;
                wake.countDown();
            }, "stdin-watchdog");
            watcher.setDaemon(true);
            watcher.start();
        }
        long deadline = durationS == null ? Long.MAX_VALUE : System.nanoTime() + (long) (durationS * 1e9);
        VehicleBoot.Options options = new VehicleBoot.Options(config, paramFile, this::applyOverrides, links, uid,
                state, line -> {
                    out.println(line);
                    out.flush();
                }, () -> {
                    rebootRequested.set(true);
                    wake.countDown();
                    return 0;
                }, realtime, logDir != null ? logDir : state.resolve("logs"));
        // Under systemd (Type=notify): READY=1 once flying, WATCHDOG=1 only while the loop is healthy.
        FlightLoopWatchdog watchdog = FlightLoopWatchdog.fromEnvironment(System.getenv(), ProcessHandle.current().pid());
        watchdog.start();
        while (true) {
            Vehicle vehicle;
            try {
                vehicle = VehicleBoot.bootAndStart(options, v -> {
                    if (bootCheck != null) {
                        bootCheck.prepare(v);
                    }
                    enableUpdates(v);
                });
            } catch (BootException e) {
                watchdog.close();
                if (bootCheck != null) {
                    bootCheck.close();
                }
                spec.commandLine().getErr().println("run: " + e.getMessage());
                stopped.countDown();
                return VehicleMain.EXIT_FAILURE;
            }
            watchdog.watch(vehicle.loopHealth());
            if (bootCheck != null) {
                bootCheck.attach(vehicle);
            }
            try {
                long wait = deadline - System.nanoTime();
                if (wait > 0 && !shutdownRequested) {
                    wake.await(wait, TimeUnit.NANOSECONDS);
                }
                if (rebootRequested.get()) {
                    // Let the reboot command's acknowledgement leave before the links close.
                    Thread.sleep(200);
                }
            } finally {
                if (rebootRequested.get() && !shutdownRequested) {
                    watchdog.rebooting();
                } else {
                    watchdog.close();
                }
                if (bootCheck != null) {
                    bootCheck.detach();
                }
                VehicleBoot.stop(vehicle, options);
                if (bootCheck != null) {
                    bootCheck.afterStop();
                }
                if (motorLog != null) {
                    VehicleBoot.writeMotorLog(vehicle, motorLog);
                    out.println("Motor outputs written to " + motorLog);
                }
            }
            if (rebootRequested.getAndSet(false) && !shutdownRequested && System.nanoTime() < deadline) {
                wake = new CountDownLatch(1);
                out.println("Rebooting the vehicle (MAV_CMD_PREFLIGHT_REBOOT_SHUTDOWN)");
                continue;
            }
            out.println("Stopped; motor outputs at their disarmed value");
            out.flush();
            if (bootCheck != null) {
                bootCheck.close();
            }
            stopped.countDown();
            return exitStatus;
        }
    }

    private void applyOverrides(ParamStore store) {
        for (String assignment : params) {
            String[] nv = parseAssignment(assignment);
            SetResult r = store.set(nv[0], Double.parseDouble(nv[1]));
            if (r != SetResult.OK) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--param " + assignment + " refused: "
                        + r.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
    }

    private String[] parseAssignment(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--param expects NAME=VALUE, not '" + assignment + "'");
        }
        String value = assignment.substring(eq + 1).trim();
        try {
            Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--param " + assignment.substring(0, eq)
                    + ": '" + value + "' is not a number");
        }
        return new String[] {assignment.substring(0, eq).trim(), value};
    }

    static Path defaultStateDir() {
        String env = System.getenv("HOVERLA_STATE_DIR");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".hoverla", "vehicle");
    }
}
