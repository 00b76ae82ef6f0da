package org.hoverla.sim.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.hoverla.core.mavlink.MavlinkVehicleInterface;
import org.hoverla.core.mavlink.link.LinkEndpoint;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.mavlink.mission.VehicleMissionPorts;
import org.hoverla.core.mavlink.link.LinkSpec;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.param.persist.ParamFile;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.report.FlightReport;
import org.hoverla.sim.report.FlightTrace;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.plan.HomePosition;
import org.hoverla.mission.plan.PlanDocument;
import org.hoverla.mission.plan.PlanFileException;
import org.hoverla.mission.plan.PlanFiles;
import org.hoverla.mission.validate.Limits;
import org.hoverla.mission.validate.MissionValidator;
import org.hoverla.mission.validate.ValidationResult;
import org.hoverla.sim.scenario.DemoFlight;
import org.hoverla.sim.scenario.MissionFlight;
import org.hoverla.sim.scenario.StickFlight;
import org.hoverla.sim.rc.JoystickSticks;
import org.hoverla.sim.rc.PilotSticks;
import org.hoverla.sim.rc.SimRcTransmitter;
import org.hoverla.core.mavlink.manual.ManualControlService;

/** {@code ./hoverla sim}: runs the flight stack against the simulated quadcopter in lockstep. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Run the flight stack in software-in-the-loop simulation (lockstep, deterministic per seed).",
                "With --demo: take off to 10 m, hover 20 s, land and disarm; exit status 0 only when the "
                        + "flight ended landed, disarmed and uncrashed."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:flight ended landed, disarmed and uncrashed (or the idle run ended)",
                "1:the flight failed (crash, refusal, time-out) or an I/O error occurred",
                "2:bad command line"})
public final class SimCommand implements Callable<Integer> {
    @Mixin
    SimOptions sim;

    @Option(names = "--demo", description = "Fly the demo: takeoff to 10 m, hover 20 s, land, disarm.")
    boolean demo;

    @Option(names = "--mission", paramLabel = "FILE",
            description = "Fly a plan file (.plan, .waypoints, .txt) headless: validate, upload, arm in Mission mode, "
                    + "run until landed and disarmed. Home is the plan's planned home unless --home is given.")
    Path missionFile;

    @Option(names = "--scenario", paramLabel = "FILE",
            description = "Fly a scenario file headless in lockstep: the flight (demo, hover, mission), its set-up, timed "
                    + "events (wind, GNSS jamming/spoofing/outage, motor thrust, RC or GCS loss, battery, injected sensor "
                    + "failures) and expectations (docs/scenarios.md). Uses --seed, --wind, --param, --json. Exit status "
                    + "0 when every expectation holds, 1 when one does not, 2 when the file has an error (named by line).")
    Path scenarioFile;

    @Option(names = "--sticks", arity = "0..1", fallbackValue = "rc", paramLabel = "rc|joystick",
            description = "Fly by simulated sticks: 'rc' (default) a transmitter into the simulated RC receiver "
            + "(calibration, mapping, selection; mode switch Position, armed by the arm switch or gesture), 'joystick' "
            + "MANUAL_CONTROL at 25 Hz (Position and arming by command). Take off by throttle to 10 m, a 20 m square "
            + "by sticks, a disarm attempt in flight (refused), a 30 s hold with centred sticks, the link cut "
            + "(NAV_RCL_ACT, Hold when 0) and regained, land by throttle down, automatic disarm. Wind 5 m/s from the "
            + "west unless --wind is given.")
    String sticks;

    @Option(names = "--rc-link-loss", paramLabel = "silent|failsafe", defaultValue = "silent",
            description = "With --sticks rc: how the receiver loses the link: 'silent' (no more frames) or "
            + "'failsafe' (frames flagged failsafe, channels held). Default: ${DEFAULT-VALUE}.")
    String rcLinkLoss;

    @Option(names = "--bench",
            description = "Start disarmed on the calibration bench: the vehicle is held in a fixture, at rest, and a "
                    + "simulated technician turns it (at 90 deg/s) as the [cal] lines of a calibration ask, started "
                    + "by MAV_CMD_PREFLIGHT_CALIBRATION from a ground station. Arming releases it.")
    boolean bench;

    @Option(names = "--calibrate", paramLabel = "KIND",
            description = "Headless: boot on the bench (as --bench), run the calibration KIND (gyro, accel, mag, level, "
                    + "baro, esc) with the simulated technician, print the [cal] lines and the parameters written; "
                    + "exit status 0 when it is done. Cancelled after --duration (default 900 s simulated).")
    String calibrate;

    @Option(names = "--technician", paramLabel = "normal|move|same-side|iron", defaultValue = "normal",
            description = "With --bench or --calibrate, how the simulated technician behaves: 'normal' follows the "
                    + "lines; 'move' moves the vehicle during a hold-still phase; 'same-side' presents the side just "
                    + "done again; 'iron' leaves iron near the magnetometer during its calibration. "
                    + "Default: ${DEFAULT-VALUE}.")
    String technician;

    @Option(names = "--speedup", paramLabel = "max|N", converter = SimOptions.SpeedupConverter.class,
            description = "Pace to N times real time, or 'max' for as fast as the machine allows "
                    + "(default: max with --demo, 1 otherwise).")
    Double speedup;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Simulated time limit in seconds, 1..86400 (default: 120 with --demo, until interrupted otherwise).")
    Double durationS;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write a machine-readable summary to FILE.")
    Path json;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Write a CSV time series (truth, estimate, setpoints, motors) at 20 Hz to FILE.")
    Path trace;

    @Option(names = {"-q", "--quiet"}, description = "Print only the final summary.")
    boolean quiet;

    @Option(names = "--mavlink", paramLabel = "SPEC",
            description = "A MAVLink link (repeatable; replaces all the defaults): udp:HOST:PORT (send to, e.g. a "
                    + "ground station), udpin:HOST:PORT (listen), tcpin:HOST:PORT or tcp:PORT (server), "
                    + "serial:PATH:BAUD; each may end in ?profile=onboard for PX4's onboard (API) stream rates "
                    + "instead of a ground station's (?profile=normal). Default, as PX4's SITL: "
                    + "udp:127.0.0.1:14550 (QGroundControl) and udp:127.0.0.1:14540?profile=onboard (the API "
                    + "link, where MAVSDK's udpin://0.0.0.0:14540 listens), plus tcpin:0.0.0.0:5760; "
                    + "none with --demo or --mission.")
    List<String> mavlink = new ArrayList<>();

    /**
     * The links of an interactive run without {@code --mavlink}: PX4's SITL sends to a ground
     * station on UDP 14550 and, on a second instance in onboard mode, to the API port 14540
     * ({@code px4-rc.mavlink}: {@code mavlink start -u 14580 -o 14540 -m onboard}); the TCP server
     * on 5760 is ArduPilot's SITL port. The API link sends from an ephemeral port (PX4: 14580),
     * so that two simulators on one machine cannot collide; replies go to the sender's port.
     */
    static final List<String> DEFAULT_LINKS = List.of("udp:127.0.0.1:14550", "tcpin:0.0.0.0:5760",
            "udp:127.0.0.1:14540?profile=onboard");

    @Option(names = "--no-mavlink", description = "Run without any MAVLink link.")
    boolean noMavlink;

    @Option(names = "--sysid", paramLabel = "N",
            description = "MAVLink system id, 1..250: sets MAV_SYS_ID for this run (default: MAV_SYS_ID, 1 unless changed).")
    Integer systemId;

    @Option(names = "--params", paramLabel = "FILE|none",
            description = "Parameter file loaded at start and saved on PARAM_SET (default: ~/.hoverla/sitl-params.txt, "
                    + "none with --demo; 'none' keeps parameters in memory only).")
    String paramsFile;

    @Option(names = "--exit-with-parent",
            description = "Exit when standard input closes (for test harnesses that start the simulator).")
    boolean exitWithParent;

    @Option(names = "--simulator-api", arity = "0..1", paramLabel = "PORT", fallbackValue = "4560",
            description = "With --demo: fly it across a real socket through PX4's simulator MAVLink API, the world "
                    + "listening on TCP 127.0.0.1:PORT (default 4560, 0 for any free port) and the vehicle connecting "
                    + "to it, in lockstep; the summary adds the step round-trip time.")
    Integer simulatorApiPort;

    @Option(names = "--log-dir", paramLabel = "DIR",
            description = "Write the flight log (ULog, from arming to disarming as SDLOG_MODE says) into DIR/YYYY-MM-DD/"
                    + "HH_MM_SS.ulg; the simulator's ground truth is logged beside the estimate. Ground stations download them "
                    + "over MAVLink (LOG_REQUEST_LIST/DATA, LOG_ERASE). Default: none for --demo, --mission, --sticks "
                    + "and --bench; ~/.hoverla/logs ($HOVERLA_LOG_DIR) for an interactive run.")
    Path logDir;

    @Option(names = "--report", paramLabel = "FILE",
            description = "After the flight, write its flight report (one HTML page, as './hoverla report' makes it) to "
                    + "FILE; the flight is logged for it (into --log-dir, else a temporary directory).")
    Path reportFile;

    @Option(names = "--realtime",
            description = "Run the vehicle runtime as on hardware: the flight thread in dedicated mode on the system "
                    + "clock, the physics on its own thread at 1 kHz on the wall clock, exchanging samples and motor "
                    + "commands through the driver threads' hand-off; the summary adds flight-thread allocation, GC "
                    + "pauses, deadline misses and stalls (docs/realtime-sitl.md). With --demo, --mission or neither.")
    boolean realtime;

    @Option(names = "--then-mission", paramLabel = "FILE",
            description = "With --realtime --demo: after the demo, fly this plan, again while another flight fits "
                    + "in --duration, then stay on the ground until --duration is over.")
    Path thenMissionFile;

    @Option(names = "--mavlink-load",
            description = "With --realtime: a busy ground station in the process on its own UDP link (parameter "
                    + "lists, mission downloads, COMMAND_LONGs, high SET_MESSAGE_INTERVAL rates, over and over).")
    boolean mavlinkLoad;


    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final AtomicBoolean rebootRequested = new AtomicBoolean();

    @Override
    public Integer call() throws Exception {
        if (sticks != null && !"rc".equals(sticks) && !"joystick".equals(sticks)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sticks is rc or joystick, not " + sticks);
        }
        if (!"silent".equals(rcLinkLoss) && !"failsafe".equals(rcLinkLoss)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--rc-link-loss is silent or failsafe, not " + rcLinkLoss);
        }
        boolean sticks = this.sticks != null;
        if ((demo ? 1 : 0) + (missionFile != null ? 1 : 0) + (sticks ? 1 : 0) + (bench || calibrate != null ? 1 : 0)
                > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--demo, --mission, --sticks and --bench/--calibrate exclude each other");
        }
        org.hoverla.core.calibration.CalibrationKind calibrationKind = null;
        org.hoverla.sim.calibration.CalibrationTechnician.Behaviour technicianBehaviour;
        try {
            technicianBehaviour = BenchRun.behaviour(technician);
            if (calibrate != null) {
                calibrationKind = org.hoverla.core.calibration.CalibrationKind.fromCliName(calibrate);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        boolean onBench = bench || calibrationKind != null;
        if (!realtime && (thenMissionFile != null || mavlinkLoad)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--then-mission and --mavlink-load need --realtime");
        }
        if (realtime && (sticks || onBench || simulatorApiPort != null || speedup != null || trace != null
                || exitWithParent)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--realtime flies --demo, --mission or "
                    + "nothing; it excludes --sticks, --bench, --calibrate, --simulator-api, --speedup, --trace and "
                    + "--exit-with-parent");
        }
        if (thenMissionFile != null && (!demo || missionFile != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--then-mission needs --demo (and no --mission)");
        }
        if (scenarioFile != null) {
            if (demo || missionFile != null || sticks || onBench || realtime || simulatorApiPort != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--scenario excludes --demo, --mission, "
                        + "--sticks, --bench, --calibrate, --realtime and --simulator-api: the file says what to fly");
            }
            return ScenarioRun.run(this, spec.commandLine());
        }
        if (simulatorApiPort != null) {
            return SimulatorApiDemo.run(this);
        }
        boolean headless = demo || missionFile != null || sticks || calibrationKind != null;
        double duration = durationS != null ? durationS : (demo ? 120.0 : missionFile != null ? 1800.0 : sticks ? 600.0
                : calibrationKind != null ? 900.0 : Double.POSITIVE_INFINITY);
        if (durationS != null && !(duration >= 1.0 && duration <= 86_400.0)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--duration must be between 1 and 86400 seconds, not " + durationS);
        }
        if (systemId != null && (systemId < 1 || systemId > 250)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sysid must be 1..250, not " + systemId);
        }
        // The demo is a self-contained, reproducible flight: no links and default parameters
        // unless asked for; interactive runs talk to ground stations and keep their parameters.
        List<String> linkSpecs = linkSpecs(mavlink, noMavlink, headless);
        for (String l : linkSpecs) {
            try {
                LinkSpec.parse(l);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--mavlink " + l + ": " + e.getMessage());
            }
        }
        ParamFile paramFile = paramsFile == null ? (headless ? null : new ParamFile(ParamsCommand.DEFAULT_FILE))
                : "none".equals(paramsFile) ? null : new ParamFile(Path.of(paramsFile));
        double pace = speedup != null ? speedup : (headless ? Double.POSITIVE_INFINITY : 1.0);
        PrintWriter out = spec.commandLine().getOut();
        SimConfig config = sim.toConfig(spec.commandLine());
        if (sticks && sim.wind == null) {
            config.windSpeedMps = 5.0;
            config.windFromDeg = 270.0;
        }
        config.startOnBench = onBench;
        MissionPlan missionPlan = missionFile == null ? null : loadMission(config, missionFile);
        if (realtime) {
            MissionPlan plan = thenMissionFile == null ? missionPlan : loadMission(config, thenMissionFile);
            return RealtimeSimRun.run(this, config, paramFile, linkSpecs, plan, thenMissionFile != null,
                    thenMissionFile != null && durationS == null ? 600.0 : duration, mavlinkLoad, out);
        }
        if (exitWithParent) {
            watchStdin();
        }

        Path reportLogDir = null;
        if (reportFile != null && logDir == null) {
            reportLogDir = java.nio.file.Files.createTempDirectory("hoverla-report-log");
            logDir = reportLogDir;
        }
        if (logDir == null && !headless) {
            // Interactive runs log as PX4's SITL does, where `./hoverla log list` looks by default.
            logDir = org.hoverla.core.boot.app.LogCommand.defaultLogDir();
        }
        LockstepSim lockstep = boot(config, paramFile, out);
        if (logDir != null) {
            lockstep.startFlightLog(new org.hoverla.core.log.LogDirectory(logDir));
        }
        MavlinkVehicleInterface mav = startMavlink(lockstep, paramFile, linkSpecs, out);
        out.printf("Hoverla SITL: seed %d, home %.5f,%.5f,%.1f m, wind %.1f m/s from %.0f deg, speed-up %s%s%n",
                config.seed, config.homeLatDeg, config.homeLonDeg, config.homeAltM, config.windSpeedMps,
                config.windFromDeg, Double.isInfinite(pace) ? "max" : "x" + pace,
                Double.isInfinite(duration) ? ", until interrupted" : "");
        if (config.sensorErrors.any()) {
            out.print("Known sensor errors (--sensor-errors " + sim.sensorErrors + "):" + System.lineSeparator()
                    + config.sensorErrors.describe());
        }
        org.hoverla.sim.calibration.CalibrationBench calBench = onBench
                ? BenchRun.attach(lockstep, technicianBehaviour, out, quiet) : null;
        if (calibrationKind != null) {
            try {
                return calBench == null ? HoverlaMain.EXIT_FAILURE
                        : BenchRun.calibrate(calBench, calibrationKind, duration, out);
            } finally {
                if (mav != null) {
                    mav.close();
                }
            }
        }
        DemoFlight flight = demo ? newDemo(lockstep, duration, out) : null;
        MissionFlight missionFlight = missionPlan == null ? null : new MissionFlight(lockstep, missionPlan, duration);
        StickFlight stickFlight = !sticks ? null : new StickFlight(lockstep, pilotSticks(lockstep), duration, mav == null);

        FlightTrace tracer = trace == null ? null : new FlightTrace(lockstep, trace, 20.0);
        long wallStart = System.nanoTime();
        double nextProgressS = 5.0;
        double simOffsetS = 0.0;
        try {
            while (true) {
                if (flight != null) {
                    if (!flight.step()) {
                        break;
                    }
                } else if (missionFlight != null) {
                    if (!missionFlight.step()) {
                        break;
                    }
                } else if (stickFlight != null) {
                    if (!stickFlight.step()) {
                        break;
                    }
                } else {
                    if (simOffsetS + lockstep.timeS() >= duration) {
                        break;
                    }
                    if (calBench != null) {
                        calBench.step();
                    } else {
                        lockstep.step();
                    }
                }
                if (tracer != null) {
                    tracer.sample();
                }
                double t = lockstep.timeS();
                if (!quiet && t >= nextProgressS) {
                    out.printf("[%7.2f s] altitude %6.2f m, speed %5.2f m/s%n", t,
                            -lockstep.vehicle().positionNed().z, lockstep.vehicle().velocityNed().norm());
                    out.flush();
                    nextProgressS += flight != null ? 5.0 : 30.0;
                }
                if (!Double.isInfinite(pace)) {
                    long targetWall = wallStart + (long) ((simOffsetS + t) * 1e9 / pace);
                    long ahead = targetWall - System.nanoTime();
                    // Wait for every step's own due time (a 1 ms grid at speed-up 1). Waiting only
                    // when more than a step ahead ran the steps in pairs every 2 ms, so a ground
                    // station's command waited up to 2 ms for the commander instead of 1 ms.
                    if (ahead > PACE_MIN_PARK_NS) {
                        LockSupport.parkNanos(ahead);
                    }
                }
                if (rebootRequested.getAndSet(false) && flight == null) {
                    // Let the acknowledgement leave before the links close.
                    LockSupport.parkNanos(200_000_000L);
                    if (mav != null) {
                        mav.close();
                    }
                    simOffsetS += lockstep.timeS() + 0.2;
                    out.println("Rebooting the flight stack (MAV_CMD_PREFLIGHT_REBOOT_SHUTDOWN)");
                    lockstep.closeFlightLog();
                    lockstep = boot(config, paramFile, out);
                    if (logDir != null) {
                        lockstep.startFlightLog(new org.hoverla.core.log.LogDirectory(logDir));
                    }
                    mav = startMavlink(lockstep, paramFile, linkSpecs, out);
                    calBench = onBench ? BenchRun.attach(lockstep, technicianBehaviour, out, quiet) : null;
                    nextProgressS = 5.0;
                }
            }
        } finally {
            if (mav != null) {
                mav.close();
            }
            lockstep.closeFlightLog();
        }
        double wallS = (System.nanoTime() - wallStart) * 1e-9;
        if (tracer != null) {
            tracer.close();
            out.println("Trace written to " + trace);
        }
        FlightReport report = FlightReport.of(lockstep, flight, wallS);
        if (missionFlight != null) {
            report.addMission(missionFlight);
            for (String line : missionFlight.cameraLog()) {
                out.println("camera: " + line);
            }
        }
        if (stickFlight != null) {
            report.addSticks(stickFlight);
        }
        out.print(report.humanSummary());
        if (json != null) {
            report.writeJson(json);
            out.println("Summary written to " + json);
        }
        if (reportFile != null && !writeFlightReport(lockstep, reportLogDir, out)) {
            out.flush();
            return HoverlaMain.EXIT_FAILURE;
        }
        out.flush();
        if (lockstep.vehicle().crashed()) {
            return HoverlaMain.EXIT_FAILURE;
        }
        if (missionFlight != null) {
            return missionFlight.missionComplete() && !lockstep.devices().motors.armed() ? 0 : HoverlaMain.EXIT_FAILURE;
        }
        if (stickFlight != null) {
            return stickFlight.phase() == StickFlight.Phase.DONE && !lockstep.devices().motors.armed()
                    ? 0 : HoverlaMain.EXIT_FAILURE;
        }
        if (flight == null) {
            return 0;
        }
        boolean ok = flight.phase() == DemoFlight.Phase.DONE && lockstep.vehicle().onGround()
                && !lockstep.devices().motors.armed();
        return ok ? 0 : HoverlaMain.EXIT_FAILURE;
    }

    /**
     * The --report page from this run's flight log; a temporary log directory is removed afterwards.
     *
     * @return false, with the reason printed, when there is no log to report or the page cannot be written
     */
    private boolean writeFlightReport(LockstepSim lockstep, Path temporaryLogDir, PrintWriter out) {
        org.hoverla.core.log.FlightLogWriter log = lockstep.flightLog();
        try {
            if (log == null || log.file() == null || !java.nio.file.Files.exists(log.file())) {
                spec.commandLine().getErr().println("--report: no flight log was written"
                        + (log == null || log.lastProblem().isEmpty() ? "" : " (" + log.lastProblem() + ")"));
                return false;
            }
            org.hoverla.sim.report.UlogFlightReport.write(log.file(), reportFile);
            out.println("Flight report written to " + reportFile + " (from " + (temporaryLogDir == null ? log.file()
                    : "a temporary log") + ")");
            return true;
        } catch (org.hoverla.sim.report.UlogFlightReport.UnusableLogException | java.io.IOException e) {
            spec.commandLine().getErr().println("--report: cannot write " + reportFile + ": " + e.getMessage());
            return false;
        } finally {
            if (temporaryLogDir != null) {
                deleteTree(temporaryLogDir);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory left behind: harmless
        }
    }

    /** The --sticks device: the simulated RC transmitter (default) or a ground-station joystick. */
    private PilotSticks pilotSticks(LockstepSim lockstep) {
        if ("joystick".equals(sticks)) {
            // A joystick pilot has no transmitter: no arm switch, so the stick gesture works (PX4
            // turns the gesture off while RC_MAP_ARM_SW is set).
            lockstep.stack().params().rc.mapArmSwitch.set(0);
            return new JoystickSticks(new ManualControlService(lockstep.stack().params().mavSystemId.get(),
                    lockstep.stack().bus()), lockstep.stack().params().mavSystemId.get());
        }
        return new SimRcTransmitter(lockstep.devices().rc).lossStyle("failsafe".equals(rcLinkLoss)
                ? SimRcTransmitter.LinkLoss.FAILSAFE_FRAMES : SimRcTransmitter.LinkLoss.RECEIVER_SILENT);
    }

    /**
     * The links a run opens: none with {@code --no-mavlink}, or for a headless flight without
     * {@code --mavlink}; the {@code --mavlink} list when given (it replaces every default);
     * otherwise {@link #DEFAULT_LINKS}.
     */
    static List<String> linkSpecs(List<String> mavlink, boolean noMavlink, boolean headless) {
        if (noMavlink || (headless && mavlink.isEmpty())) {
            return List.of();
        }
        return mavlink.isEmpty() ? DEFAULT_LINKS : List.copyOf(mavlink);
    }

    /**
     * Reads and validates the plan; refusals are usage errors (exit 2) with one line naming file,
     * item (as the file numbers it) and reason; warnings (e.g. ignored old rally data) go to the
     * error stream. Without --home the plan's planned home (or its first real position) becomes home.
     */
    private MissionPlan loadMission(SimConfig config, Path missionFile) {
        PlanDocument doc;
        try {
            doc = PlanFiles.read(missionFile);
        } catch (PlanFileException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (sim.home == null) {
            if (doc.plannedHome() != null && (doc.plannedHome().latDegE7() != 0 || doc.plannedHome().lonDegE7() != 0)) {
                config.homeLatDeg = doc.plannedHome().latDegE7() * 1e-7;
                config.homeLonDeg = doc.plannedHome().lonDegE7() * 1e-7;
                config.homeAltM = doc.plannedHome().altAmslM();
            } else {
                for (MissionItem it : doc.plan().mission()) {
                    if ((it.x() != 0 || it.y() != 0) && it.frame() != MissionItem.FRAME_MISSION) {
                        config.homeLatDeg = it.latDeg();
                        config.homeLonDeg = it.lonDeg();
                        break;
                    }
                }
            }
        }
        HomePosition home = new HomePosition((int) Math.round(config.homeLatDeg * 1e7),
                (int) Math.round(config.homeLonDeg * 1e7), (float) config.homeAltM);
        for (String warning : doc.warnings()) {
            spec.commandLine().getErr().println(missionFile + ": warning: " + warning);
        }
        // Refused here, before the flight, rather than waited out: nothing to fly, home outside the
        // plan's own fence, a leg leaving it (MissionValidator#validateForFlight).
        ValidationResult result = new MissionValidator(Limits.DEFAULT, doc.numbering())
                .validateForFlight(doc.plan(), home);
        if (!result.ok()) {
            throw new CommandLine.ParameterException(spec.commandLine(), missionFile + ": " + result.describe());
        }
        return doc.plan();
    }

    private DemoFlight newDemo(LockstepSim lockstep, double duration, PrintWriter out) {
        return new DemoFlight(lockstep, 10.0, 20.0, duration, (phase, t, detail) -> {
            if (!quiet) {
                out.printf("[%7.2f s] %-10s %s%n", t, phase, detail);
                out.flush();
            }
        });
    }

    /**
     * Boots the simulated vehicle through the vehicle's boot path (parameter file, --param and
     * --sysid overrides, SYS_AUTOCONFIG), then applies the simulated site's declination.
     */
    private LockstepSim boot(SimConfig config, ParamFile paramFile, PrintWriter out) {
        LockstepSim lockstep = new LockstepSim(config, org.hoverla.core.time.SystemClock.INSTANCE, paramFile, store -> {
            SimOptions.applyParams(store, sim.params, spec.commandLine());
            if (systemId != null) {
                store.set("MAV_SYS_ID", systemId);
            }
        }, out::println);
        lockstep.applySiteDeclination();
        // --param overrides win over the site declination too, as before.
        SimOptions.applyParams(lockstep.params(), sim.params, spec.commandLine());
        return lockstep;
    }

    /**
     * The vehicle's MAVLink identity from MAV_SYS_ID and SYS_AUTOSTART as loaded at this boot
     * (a later change of either waits for a reboot, as on PX4).
     */
    static VehicleIdentity identityAtBoot(org.hoverla.sim.lockstep.FlightLoop lockstep) {
        int autostart = lockstep.stack().params().airframe.get();
        VehicleIdentity.Frame frame = autostart == org.hoverla.core.vehicle.FlightParams.AUTOSTART_QUAD_PLUS
                ? VehicleIdentity.Frame.QUAD_PLUS
                : autostart == org.hoverla.core.vehicle.FlightParams.AUTOSTART_HEXA_X
                ? VehicleIdentity.Frame.HEXA_X : VehicleIdentity.Frame.QUAD_X;
        return VehicleIdentity.fromManifest(lockstep.stack().params().mavSystemId.get(), frame,
                SITL_UID_BASE ^ lockstep.config().seed);
    }

    private MavlinkVehicleInterface startMavlink(LockstepSim lockstep, ParamFile paramFile, List<String> linkSpecs,
                                                 PrintWriter out) {
        if (linkSpecs.isEmpty()) {
            return null;
        }
        PlanStore planStore = paramFile == null ? PlanStore.NONE
                : VehicleMissionPorts.file(paramFile.path().resolveSibling("sitl-mission.plan"));
        // The signing key beside the parameter file (docs/mavlink-signing.md); none: in memory only.
        lockstep.runtime().signingKeyFile(paramFile == null ? null
                : paramFile.path().resolveSibling("sitl-" + org.hoverla.core.mavlink.signing.SigningKeyStore.KEY_FILE));
        for (LinkEndpoint e : lockstep.runtime().startMavlink(linkSpecs, identityAtBoot(lockstep), planStore, () -> {
            rebootRequested.set(true);
            return 0;
        })) {
            if (!quiet) {
                out.println("MAVLink: " + e.name());
            }
        }
        return lockstep.runtime().mavlink();
    }

    /** Exits the JVM when standard input reaches its end: the parent that held it is gone. */
    private static void watchStdin() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // discard
                }
            } catch (java.io.IOException e) {
                // treated as closed
            }
            System.exit(HoverlaMain.EXIT_FAILURE);
        }, "stdin-watchdog");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Shorter waits than this are not worth a park (its own latency is ~50 µs on Linux). */
    static final long PACE_MIN_PARK_NS = 50_000L;

    /** SITL vehicles get a UID of "HOV" and the seed, stable across runs with the same seed. */
    static final long SITL_UID_BASE = 0x484F_5600_0000_0000L;
}
