package org.hoverla.core.boot;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.mavlink.MavlinkVehicleInterface;
import org.hoverla.core.mavlink.link.LinkEndpoint;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.LoadResult;
import org.hoverla.core.param.persist.ParamFile;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.sched.DedicatedLoopRunner;
import org.hoverla.core.sched.LoopScheduler;
import org.hoverla.core.sched.ParkThenSpinIdleStrategy;
import org.hoverla.core.sched.TaskErrorPolicy;
import org.hoverla.core.time.Clock;
import org.hoverla.core.time.SystemClock;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.FlightStack;
import org.hoverla.core.vehicle.PlanInstaller;
import org.hoverla.hal.GnssSample;

/**
 * One booted vehicle: the composition root every Hoverla vehicle goes through, the real one
 * ({@code ./hoverla run}) and the simulated one ({@code ./hoverla sim}) alike (DESIGN §1 "one boot
 * path"). {@link #builder()} runs the boot order:
 * <ol>
 *   <li>parameters registered, the parameter file loaded, command-line overrides applied;</li>
 *   <li>SYS_AUTOCONFIG applied (and saved), so boot-time parameters act at this boot, as on PX4;</li>
 *   <li>the devices opened for the board (chips probed, driver threads made, or simulated devices);</li>
 *   <li>the flight stack built on them for SYS_AUTOSTART's airframe.</li>
 * </ol>
 * Then the owner starts what it needs: {@link #startMavlink}, {@link #startDevices()} and either
 * {@link #startFlightThread()} (dedicated mode on the system clock, a vehicle) or steps
 * {@link #scheduler()} itself (invoker mode: the lockstep simulator, an external simulator).
 * {@link #close()} stops everything, flight thread first, motor outputs last.
 *
 * <p>Threads: build, start and close on the boot thread.
 */
public final class Vehicle implements AutoCloseable {
    /** Opens the devices once the parameters are known (the airframe decides the motor count). */
    @FunctionalInterface
    public interface DeviceProvider {
        BootDevices open(FlightParams params) throws BootException;
    }

    private final ParamStore store;
    private final FlightParams params;
    private final ParamFile paramFile;
    private final boolean autoconfigApplied;
    private final BootDevices devices;
    private final FlightStack stack;
    private final Clock clock;
    private MavlinkVehicleInterface mavlink;
    private java.nio.file.Path signingKeyFile;
    private org.hoverla.core.update.UpdateLayout updateLayout;
    private org.hoverla.core.update.BundleInstaller updateInstaller;
    private Runnable restartIntoUpdate;
    private java.util.concurrent.ExecutorService updateWorker;
    private Chips.Buses buses;
    private volatile DedicatedLoopRunner runner;
    private AutoCloseable externalStepper;
    private final org.hoverla.core.calibration.CalibrationRunner calibration;
    private Thread calibrationThread;
    private volatile boolean calibrationThreadStop;
    private boolean closed;
    private final long startedNs = System.nanoTime();
    private final org.hoverla.core.timing.LoopTiming timing;
    private final Consumer<String> bootLog;
    private org.hoverla.core.log.FlightLogWriter flightLog;
    private org.hoverla.core.log.FlightLogThread flightLogThread;

    private Vehicle(Builder b, ParamStore store, FlightParams params, boolean autoconfigApplied, BootDevices devices,
                    FlightStack stack) {
        this.store = store;
        this.params = params;
        this.paramFile = b.paramFile;
        this.autoconfigApplied = autoconfigApplied;
        this.devices = devices;
        this.stack = stack;
        this.clock = b.clock;
        this.bootLog = b.log;
        this.calibration = calibrationRunner(devices, stack, store, paramFile);
        // Enforced only while the flight thread runs in dedicated mode: lockstep timing is perfect by construction.
        this.timing = new org.hoverla.core.timing.LoopTiming(stack.scheduler(), params.loopTiming, b.log, () -> {
            DedicatedLoopRunner r = runner;
            return r != null && r.isRunning();
        });
        org.hoverla.core.sched.TaskTable table = stack.taskTable();
        for (int i = 0; i < table.size(); i++) {
            if (table.task(i) instanceof org.hoverla.core.tasks.CommanderTask commander) {
                commander.checkLoopTimingWith(timing);
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Boot options; every one has the vehicle's default. */
    public static final class Builder {
        private Clock clock = SystemClock.INSTANCE;
        private Clock executionTimer = SystemClock.INSTANCE;
        private TaskErrorPolicy errorPolicy = TaskErrorPolicy.CONTAIN;
        private ParamFile paramFile;
        private Consumer<ParamStore> overrides = s -> { };
        private Consumer<String> log = s -> { };
        private DeviceProvider devices;

        /** The vehicle clock: the system clock on hardware, a SimClock in simulation. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Measures task execution time for the perf counters (wall clock by default). */
        public Builder executionTimer(Clock timer) {
            this.executionTimer = timer;
            return this;
        }

        /** CONTAIN on a vehicle (count a throwing task, keep flying), RETHROW in simulation and tests. */
        public Builder errorPolicy(TaskErrorPolicy policy) {
            this.errorPolicy = policy;
            return this;
        }

        /** Where parameters are loaded from and saved to; null keeps them in memory only. */
        public Builder paramFile(ParamFile file) {
            this.paramFile = file;
            return this;
        }

        /** Applied after the file, before SYS_AUTOCONFIG (command-line {@code --param}, {@code --sysid}). */
        public Builder overrides(Consumer<ParamStore> overrides) {
            this.overrides = overrides;
            return this;
        }

        /** Boot messages (parameter warnings, the autoconfig reset). */
        public Builder log(Consumer<String> log) {
            this.log = log;
            return this;
        }

        public Builder devices(DeviceProvider devices) {
            this.devices = devices;
            return this;
        }

        /**
         * Runs the boot order up to a built flight stack; nothing is started yet.
         *
         * @throws BootException naming the device or file that stopped the boot
         */
        public Vehicle build() throws BootException {
            if (devices == null) {
                throw new IllegalStateException("no device provider");
            }
            ParamStore store = new ParamStore();
            FlightParams params = new FlightParams(store);
            if (paramFile != null) {
                LoadResult loaded = paramFile.load(store);
                for (String warning : loaded.warnings()) {
                    log.accept("parameters: " + warning);
                }
            }
            overrides.accept(store);
            boolean autoconfig = FlightStack.applyAutoconfig(params);
            if (autoconfig) {
                log.accept("parameters: SYS_AUTOCONFIG was 1: every parameter reset to its default for airframe "
                        + params.airframe.get());
                if (paramFile != null) {
                    try {
                        paramFile.save(store);
                    } catch (IOException e) {
                        log.accept("parameters: could not save after the reset: " + e.getMessage());
                    }
                }
            }
            BootDevices opened = devices.open(params);
            FlightStack stack;
            try {
                stack = new FlightStack(opened.devices(), params, executionTimer, errorPolicy);
            } catch (RuntimeException e) {
                opened.close();
                throw new BootException("flight stack: " + e.getMessage(), e);
            }
            opened.attachFlightBus(stack.bus());
            return new Vehicle(this, store, params, autoconfig, opened, stack);
        }
    }

    /**
     * Opens the MAVLink links (link specs as {@code --mavlink} takes them). MAVLink thread from then on.
     *
     * @return the endpoints opened, for the boot log
     */
    public List<LinkEndpoint> startMavlink(List<String> linkSpecs, VehicleIdentity identity, PlanStore planStore,
                                           MavlinkVehicleInterface.RebootHandler reboot) {
        if (mavlink != null) {
            throw new IllegalStateException("MAVLink already started");
        }
        Subscription<GnssSample> gnssSub = stack.bus().gnssRaw.subscribe();
        PlanInstaller installer = new PlanInstaller(stack.bus(), params);
        mavlink = new MavlinkVehicleInterface(identity, stack.bus(), store,
                paramFile == null ? ParamPersistence.NONE : paramFile, clock, gnssSub::copy, reboot, installer,
                planStore);
        if (signingKeyFile != null) {
            org.hoverla.core.mavlink.signing.SigningKeyStore keys =
                    new org.hoverla.core.mavlink.signing.SigningKeyStore(signingKeyFile);
            try {
                String id = mavlink.loadSigningKey(keys);
                bootLog.accept("MAVLink signing: " + (id == null ? "no key (" + signingKeyFile
                        + "); a ground station may install one with SETUP_SIGNING" : "key " + id + " from " + signingKeyFile));
            } catch (java.io.IOException e) {
                mavlink.close();
                mavlink = null;
                throw new IllegalStateException("MAVLink signing: " + e.getMessage(), e);
            }
        }
        if (updateLayout != null) {
            // A bundle uploaded into the inbox is verified and installed on its own thread: the install reads and
            // hashes tens of megabytes, which neither the flight thread nor the MAVLink event loop may wait for.
            updateWorker = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "update-install");
                t.setDaemon(true);
                return t;
            });
            mavlink.enableUpdates(updateLayout.updateDir().resolve("inbox"), updateInstaller, updateWorker,
                    org.hoverla.core.mavlink.ftp.FtpUploadArea.DEFAULT_MAX_BYTES, restartIntoUpdate);
            bootLog.accept("updates over MAVLink: FTP /@update/ into " + updateLayout.updateDir().resolve("inbox")
                    + ", installed under " + updateLayout.root() + " by MAV_CMD_DO_UPGRADE");
        }
        mavlink.attachCalibration(calibration);
        mavlink.links().addService(new org.hoverla.core.timing.LoopTimingStream(timing, mavlink.links()));
        mavlink.telemetry().linkConditions(new org.hoverla.core.timing.LoopTimingLinkConditions(mavlink.radio(), timing));
        // Ground stations list and download the flight logs (the log directory the writer marks active).
        mavlink.logDirectory(flightLog == null ? null : flightLog.directory());
        try {
            return mavlink.start(linkSpecs);
        } catch (RuntimeException e) {
            mavlink.close();
            mavlink = null;
            throw e;
        }
    }

    /**
     * Where {@link #startMavlink} keeps the MAVLink signing key and timestamp
     * ({@code STATE_DIR/signing.key} on a vehicle; beside the parameter file in the SITL); null (the
     * default): in memory only. Boot thread, before {@link #startMavlink}.
     */
    public void signingKeyFile(java.nio.file.Path keyFile) {
        this.signingKeyFile = keyFile;
    }

    /**
     * Lets ground stations update this vehicle over MAVLink (FTP upload into the inbox, then
     * MAV_CMD_DO_UPGRADE; docs/update-over-mavlink.md) into the A/B install under {@code layout}.
     * Boot thread, before {@link #startMavlink}; without it, FTP writes stay refused.
     *
     * @param restartIntoUpdate what a DO_UPGRADE asking for a reboot does: the process must end so that
     *                          the service manager starts {@code current}, the new version (a reboot inside
     *                          this JVM would run the old code again)
     */
    public void enableUpdates(org.hoverla.core.update.UpdateLayout layout, org.hoverla.core.update.BundleInstaller installer,
                              Runnable restartIntoUpdate) {
        this.updateLayout = layout;
        this.updateInstaller = installer;
        this.restartIntoUpdate = restartIntoUpdate;
    }

    /** Starts the motor output driver and the bus driver threads. */
    public void startDevices() {
        devices.start();
    }

    /** Runs the flight thread in dedicated mode on the vehicle clock, park-then-spin between cycles. */
    public DedicatedLoopRunner startFlightThread() {
        return startFlightThread(org.hoverla.core.rt.RealtimeSetup.Options.NONE, line -> { });
    }

    /**
     * As {@link #startFlightThread()}, the flight thread first pinned to {@code realtime.cpu()} and
     * put in SCHED_FIFO at {@code realtime.rtPriority()} on itself (Linux applies both per thread);
     * each outcome, granted or not and at what cost, goes to {@code log} from the flight thread
     * before its first cycle. A refusal does not stop the loop. Memory locking is process-wide
     * and is the caller's, at boot ({@code RealtimeSetup.lockMemory()}).
     */
    public DedicatedLoopRunner startFlightThread(org.hoverla.core.rt.RealtimeSetup.Options realtime,
                                                 Consumer<String> log) {
        if (runner != null || externalStepper != null) {
            throw new IllegalStateException("flight thread already started");
        }
        // A long spin only on a CPU of its own: on shared CPUs it starves the threads that feed the loop.
        runner = new DedicatedLoopRunner(stack.scheduler(), clock,
                new ParkThenSpinIdleStrategy(ParkThenSpinIdleStrategy.marginFor(realtime.cpu() >= 0)), "flight");
        if (realtime.cpu() >= 0 || realtime.rtPriority() > 0) {
            runner.threadSetup(org.hoverla.core.rt.RealtimeSetup.threadSetup(realtime, log));
        }
        runner.start();
        return runner;
    }

    /**
     * Measures the flight loop's timing (docs/loop-timing.md): hooks the recorder into the
     * scheduler and starts the "timing" thread that publishes the figures, logs them, and, while
     * the flight thread runs in dedicated mode, refuses arming and degrades on broken limits.
     * Call before {@link #startFlightThread()} (the hook must be in place before the flight thread
     * starts). Boot thread; idempotent.
     */
    public void startTimingMonitor() {
        timing.startThread();
    }

    /**
     * Adds a refusal to the pre-arm checks, checked before the loop timing's (the A/B update's boot
     * check refuses arming while a new version is on trial, docs/boot-check.md); the in-flight
     * degradation stays the loop timing's. Boot thread, before the flight thread starts.
     *
     * @param refusal the STATUSTEXT refusing arming, or "" to allow it; called on the flight thread,
     *                so it must be a volatile read that allocates nothing
     */
    public void refuseArmingWhen(java.util.function.Supplier<String> refusal) {
        org.hoverla.core.timing.LoopTimingVerdict gate = new org.hoverla.core.timing.LoopTimingVerdict() {
            @Override
            public String preArmFailure() {
                String r = refusal.get();
                return r.isEmpty() ? timing.preArmFailure() : r;
            }

            @Override
            public int degradation() {
                return timing.degradation();
            }
        };
        org.hoverla.core.sched.TaskTable table = stack.taskTable();
        for (int i = 0; i < table.size(); i++) {
            if (table.task(i) instanceof org.hoverla.core.tasks.CommanderTask commander) {
                commander.checkLoopTimingWith(gate);
            }
        }
    }

    /** @return this vehicle's loop timing (measured once {@link #startTimingMonitor()} ran) */
    public org.hoverla.core.timing.LoopTiming timing() {
        return timing;
    }

    /**
     * Invoker mode driven from outside (an external simulator's link runs the cycles): the stepper
     * is stopped first on {@link #close()}, as the flight thread would be.
     */
    public void runExternally(AutoCloseable stepper) {
        if (runner != null || externalStepper != null) {
            throw new IllegalStateException("the flight cycles already have a runner");
        }
        externalStepper = stepper;
    }

    /**
     * The sensor and ESC calibrations of this vehicle, fed by the frontends' raw-sample tap; see
     * {@link #startCalibrationThread()} (a vehicle) or step it yourself (the lockstep simulator).
     */
    public org.hoverla.core.calibration.CalibrationRunner calibration() {
        return calibration;
    }

    /**
     * Steps {@link #calibration()} every 10 ms on its own thread, on the vehicle clock (a
     * calibration never runs on the flight thread: it allocates, locks and saves the parameter file).
     */
    public void startCalibrationThread() {
        if (calibrationThread != null) {
            return;
        }
        calibrationThread = new Thread(() -> {
            while (!calibrationThreadStop) {
                calibration.step(clock.nanoTime());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "calibration");
        calibrationThread.setDaemon(true);
        calibrationThread.start();
    }

    /**
     * Mirrors the arming state into {@code STATE_DIR/run/armed} from its own thread, so a separate
     * {@code ./hoverla update} refuses while armed ({@link org.hoverla.core.update.ArmedMarker});
     * stops when the vehicle closes.
     */
    public void startArmedMarker(java.nio.file.Path stateDir, Consumer<String> log) {
        Subscription<org.hoverla.core.msg.VehicleStatus> sub = stack.bus().vehicleStatus.subscribe();
        org.hoverla.core.msg.VehicleStatus status = new org.hoverla.core.msg.VehicleStatus();
        org.hoverla.core.update.ArmedMarker.watch(stateDir, () -> sub.copy(status) && status.armed(),
                () -> calibrationThreadStop, log);
    }

    private static org.hoverla.core.calibration.CalibrationRunner calibrationRunner(BootDevices opened, FlightStack stack,
            ParamStore store, ParamFile paramFile) {
        org.hoverla.core.vehicle.FlightBus bus = stack.bus();
        org.hoverla.core.vehicle.VehicleDevices d = opened.devices();
        Subscription<org.hoverla.core.msg.VehicleStatus> statusSub = bus.vehicleStatus.subscribe();
        org.hoverla.core.msg.VehicleStatus status = new org.hoverla.core.msg.VehicleStatus();
        Subscription<GnssSample> gnssSub = bus.gnssRaw.subscribe();
        GnssSample gnss = new GnssSample();
        Subscription<org.hoverla.core.msg.BatteryStatus> batterySub = bus.batteryStatus.subscribe();
        org.hoverla.core.msg.BatteryStatus battery = new org.hoverla.core.msg.BatteryStatus();
        return new org.hoverla.core.calibration.CalibrationRunner(org.hoverla.core.calibration.CalibrationContext.builder()
                .tap(bus.rawSamples)
                .imus(sensors(d.imus()))
                .mags(sensors(d.magnetometers()))
                .baros(sensors(d.barometers()))
                .armed(() -> {
                    statusSub.copy(status);
                    return status.armed();
                })
                .gnss(() -> gnssSub.copy(gnss) && gnss.fixType > 0 ? gnss : null)
                .battery(() -> batterySub.copy(battery) ? battery : null)
                .esc(d.motors() == null ? null : bus.escCalibration::set)
                .store(new org.hoverla.core.calibration.ParamCalibrationStore(store,
                        paramFile == null ? ParamPersistence.NONE : paramFile))
                .calibratingFlag(bus.sensorCalibrating)
                .build());
    }

    private static java.util.List<org.hoverla.core.calibration.CalibrationContext.Sensor> sensors(
            java.util.List<? extends org.hoverla.core.vehicle.SensorInstance<?>> instances) {
        java.util.List<org.hoverla.core.calibration.CalibrationContext.Sensor> out = new java.util.ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            org.hoverla.core.vehicle.SensorInstance<?> in = instances.get(i);
            if (in.deviceId() != 0) { // PX4 calibrates only sensors with a device id: the slot is keyed on it
                out.add(new org.hoverla.core.calibration.CalibrationContext.Sensor(i, in.deviceId(), in.rotation()));
            }
        }
        return out;
    }

    /**
     * Starts the flight log (docs/flight-log.md): logs go to {@code directory} as SDLOG_MODE says,
     * written by the "flight-log" thread when {@code ownThread}, else by whoever calls
     * {@link org.hoverla.core.log.FlightLogWriter#doWork()} (the lockstep simulator, at simulated-time
     * intervals, for logs that are the same for the same seed). The writer's notices go to the boot
     * log and, as STATUSTEXT, to the ground stations. Boot thread, once.
     *
     * @param identity info messages beside the build's own (sys_uuid, sys_board, …)
     */
    public org.hoverla.core.log.FlightLogWriter startFlightLog(org.hoverla.core.log.LogDirectory directory,
            java.util.Map<String, String> identity, boolean ownThread) {
        if (flightLog != null) {
            throw new IllegalStateException("flight log already started");
        }
        java.util.Map<String, String> info = new java.util.LinkedHashMap<>();
        info.put("sys_name", "Hoverla");
        info.put("ver_sw", org.hoverla.core.BuildInfo.gitCommit().isEmpty() ? "unknown"
                : org.hoverla.core.BuildInfo.gitCommit());
        info.put("sys_toolchain", "Java " + Runtime.version());
        info.put("sys_os_name", System.getProperty("os.name", "") + " " + System.getProperty("os.version", ""));
        info.put("loop_timing_edges_us", org.hoverla.core.log.FlightLogTopics.loopTimingEdges());
        info.putAll(identity);
        org.hoverla.core.vehicle.FlightBus bus = stack.bus();
        org.hoverla.core.msg.VehicleEvent notice = new org.hoverla.core.msg.VehicleEvent();
        flightLog = new org.hoverla.core.log.FlightLogWriter(stack.logRecorder(), directory, params.log, store,
                bus.vehicleStatus.subscribe(), bus.logEvents, info, clock::nanoTime, System::nanoTime,
                java.time.Clock.systemUTC(), (severity, text) -> {
                    bootLog.accept(text);
                    notice.timestampNs = clock.nanoTime();
                    notice.severity = severity;
                    notice.text = text;
                    bus.logNotices.offer(notice);
                });
        if (ownThread) {
            flightLogThread = new org.hoverla.core.log.FlightLogThread(flightLog).start();
        }
        if (mavlink != null) {
            mavlink.logDirectory(directory);
        }
        return flightLog;
    }

    /** @return the flight log writer, or null when {@link #startFlightLog} was not called */
    public org.hoverla.core.log.FlightLogWriter flightLog() {
        return flightLog;
    }

    /** @return the flight log's thread (its CPU time is the logging cost), or null */
    public Thread flightLogThread() {
        return flightLogThread == null ? null : flightLogThread.thread();
    }

    /** Stops the flight thread, the links, the drivers and finally the motor outputs. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        calibrationThreadStop = true;
        if (calibrationThread != null) {
            calibrationThread.interrupt();
        }
        calibration.cancel(clock.nanoTime());
        if (runner != null) {
            runner.close();
        }
        timing.close();
        if (flightLogThread != null) {
            flightLogThread.close();
        } else if (flightLog != null) {
            flightLog.close(0L);
        }
        if (externalStepper != null) {
            try {
                externalStepper.close();
            } catch (Exception e) {
                // Shutdown goes on; the links and devices must still close.
            }
        }
        if (updateWorker != null) {
            updateWorker.shutdownNow();
        }
        if (mavlink != null) {
            mavlink.close();
        }
        devices.close();
        if (buses != null) {
            buses.close();
        }
    }

    /** Boot thread: the buses the devices were opened on (kept for diagnostics and fake-board records). */
    void attach(Chips.Buses buses) {
        this.buses = buses;
    }

    /** @return the buses of a board boot, or null (simulation) */
    public Chips.Buses buses() {
        return buses;
    }

    /** Wall-clock (System.nanoTime) time of the boot, for rates in shutdown reports. */
    public long startedNs() {
        return startedNs;
    }

    public FlightStack stack() {
        return stack;
    }

    public FlightParams params() {
        return params;
    }

    public ParamStore store() {
        return store;
    }

    public LoopScheduler scheduler() {
        return stack.scheduler();
    }

    public BootDevices devices() {
        return devices;
    }

    public ParamFile paramFile() {
        return paramFile;
    }

    public Clock clock() {
        return clock;
    }

    /** @return the MAVLink interface, or null when no link was started */
    public MavlinkVehicleInterface mavlink() {
        return mavlink;
    }

    /** @return whether this boot reset the parameters because SYS_AUTOCONFIG was 1 */
    public boolean autoconfigApplied() {
        return autoconfigApplied;
    }

    /**
     * The flight loop's health as a supervisor outside the flight thread sees it (watchdog
     * feeder, status): cycles always; the timing verdict once {@link #startTimingMonitor()} ran
     * (before that, and in lockstep simulation, always healthy). See docs/loop-timing.md.
     */
    public org.hoverla.core.timing.LoopHealth loopHealth() {
        return timing;
    }

    /** @return the flight thread's runner, or null in invoker mode */
    public DedicatedLoopRunner runner() {
        return runner;
    }
}
