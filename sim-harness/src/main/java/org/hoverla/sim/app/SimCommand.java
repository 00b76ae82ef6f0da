package org.hoverla.sim.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.hoverla.core.param.SetResult;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.report.FlightReport;
import org.hoverla.sim.report.FlightTrace;
import org.hoverla.sim.scenario.DemoFlight;

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

    @Option(names = "--speedup", paramLabel = "max|N", converter = SimOptions.SpeedupConverter.class,
            description = "Pace to N times real time, or 'max' for as fast as the machine allows "
                    + "(default: max with --demo, 1 otherwise).")
    Double speedup;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Simulated time limit in seconds, 1..3600 (default: 120 with --demo, 60 otherwise).")
    Double durationS;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write a machine-readable summary to FILE.")
    Path json;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Write a CSV time series (truth, estimate, setpoints, motors) at 20 Hz to FILE.")
    Path trace;

    @Option(names = {"-q", "--quiet"}, description = "Print only the final summary.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        double duration = durationS != null ? durationS : (demo ? 120.0 : 60.0);
        if (!(duration >= 1.0 && duration <= 3600.0)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--duration must be between 1 and 3600 seconds, not " + durationS);
        }
        double pace = speedup != null ? speedup : (demo ? Double.POSITIVE_INFINITY : 1.0);
        PrintWriter out = spec.commandLine().getOut();
        SimConfig config = sim.toConfig(spec.commandLine());
        LockstepSim lockstep = new LockstepSim(config);
        for (String assignment : sim.params) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--param expects NAME=VALUE, not '" + assignment + "'");
            }
            String name = assignment.substring(0, eq).trim();
            double value;
            try {
                value = Double.parseDouble(assignment.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--param " + name + ": '" + assignment.substring(eq + 1) + "' is not a number");
            }
            SetResult result = lockstep.params().set(name, value);
            if (result != SetResult.OK) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--param " + name + "=" + value
                        + " refused: " + result.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            }
        }
        out.printf("Hoverla SITL: seed %d, home %.5f,%.5f,%.1f m, wind %.1f m/s from %.0f deg, speed-up %s%n",
                config.seed, config.homeLatDeg, config.homeLonDeg, config.homeAltM, config.windSpeedMps,
                config.windFromDeg, Double.isInfinite(pace) ? "max" : "x" + pace);
        DemoFlight flight = demo ? new DemoFlight(lockstep, 10.0, 20.0, duration, (phase, t, detail) -> {
            if (!quiet) {
                out.printf("[%7.2f s] %-10s %s%n", t, phase, detail);
                out.flush();
            }
        }) : null;

        FlightTrace tracer = trace == null ? null : new FlightTrace(lockstep, trace, 20.0);
        long wallStart = System.nanoTime();
        double nextProgressS = 5.0;
        while (true) {
            if (flight != null) {
                if (!flight.step()) {
                    break;
                }
            } else {
                if (lockstep.timeS() >= duration) {
                    break;
                }
                lockstep.step();
            }
            if (tracer != null) {
                tracer.sample();
            }
            double t = lockstep.timeS();
            if (!quiet && t >= nextProgressS) {
                out.printf("[%7.2f s] altitude %6.2f m, speed %5.2f m/s%n", t, -lockstep.vehicle().positionNed().z,
                        lockstep.vehicle().velocityNed().norm());
                out.flush();
                nextProgressS += 5.0;
            }
            if (!Double.isInfinite(pace)) {
                long targetWall = wallStart + (long) (t * 1e9 / pace);
                long ahead = targetWall - System.nanoTime();
                if (ahead > 1_000_000L) {
                    LockSupport.parkNanos(ahead);
                }
            }
        }
        double wallS = (System.nanoTime() - wallStart) * 1e-9;
        if (tracer != null) {
            tracer.close();
            out.println("Trace written to " + trace);
        }
        FlightReport report = FlightReport.of(lockstep, flight, wallS);
        out.print(report.humanSummary());
        if (json != null) {
            report.writeJson(json);
            out.println("Summary written to " + json);
        }
        out.flush();
        if (lockstep.vehicle().crashed()) {
            return HoverlaMain.EXIT_FAILURE;
        }
        if (flight == null) {
            return 0;
        }
        boolean ok = flight.phase() == DemoFlight.Phase.DONE && lockstep.vehicle().onGround()
                && !lockstep.devices().motors.armed();
        return ok ? 0 : HoverlaMain.EXIT_FAILURE;
    }
}
