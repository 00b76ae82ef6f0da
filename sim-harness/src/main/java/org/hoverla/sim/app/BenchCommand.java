package org.hoverla.sim.app;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.scenario.DemoFlight;

/**
 * {@code ./hoverla bench}: measures how much faster than real time the lockstep simulator flies
 * the demo flight (physics, sensor models and the complete flight task set, on one thread).
 * A benchmark, not a test: it prints figures and asserts nothing.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {org.hoverla.core.boot.app.LoopBenchCommand.class, org.hoverla.core.boot.app.FsyncBenchCommand.class,
                FloodBenchCommand.class},
        description = {"Measure the lockstep speed-up of the demo flight (takeoff 10 m, hover 20 s, land).",
                "Warm-up runs let the JIT compile the flight code; the figures come from the measured runs.",
                "'bench loop' measures the flight loop's timing on the wall clock instead (docs/realtime.md).",
                "'bench fsync' measures what a flush costs on a disk (docs/crash-safe-storage.md).",
                "'bench flood' floods one MAVLink link while the SITL hovers (docs/link-floods.md)."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--runs", paramLabel = "N", description = "Measured runs, 1..100 (default: ${DEFAULT-VALUE}).")
    int runs = 5;

    @Option(names = "--warmup", paramLabel = "N", description = "Warm-up runs, 0..100 (default: ${DEFAULT-VALUE}).")
    int warmup = 3;

    @Option(names = "--wind", paramLabel = "SPEED,DIR", converter = SimOptions.WindConverter.class,
            description = "Wind as for 'sim' (default: 5,270).")
    SimOptions.Wind wind = new SimOptions.Wind(5.0, 270.0);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (runs < 1 || runs > 100 || warmup < 0 || warmup > 100) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--runs must be 1..100 and --warmup 0..100");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Lockstep speed-up of the demo flight: %d warm-up + %d measured runs, wind %.1f m/s, "
                + "%d available processors, %s %s%n", warmup, runs, wind.speedMps(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        double[] speedups = new double[runs];
        double[] stepUs = new double[runs];
        for (int i = 0; i < warmup + runs; i++) {
            SimConfig c = new SimConfig();
            c.seed = 1000 + i;
            c.windSpeedMps = wind.speedMps();
            c.windFromDeg = wind.fromDeg();
            LockstepSim sim = new LockstepSim(c);
            DemoFlight flight = new DemoFlight(sim, 10.0, 20.0, 120.0, null);
            long t0 = System.nanoTime();
            while (flight.step()) {
                // flying
            }
            long wallNs = System.nanoTime() - t0;
            double speedup = sim.timeS() / (wallNs * 1e-9);
            String tag = i < warmup ? "warm-up" : "run";
            out.printf("  %-7s %2d: %6.1f s simulated in %6.3f s wall: x%.0f (%.2f us per 1 ms step), %s%n", tag,
                    i < warmup ? i + 1 : i - warmup + 1, sim.timeS(), wallNs * 1e-9, speedup,
                    wallNs / 1000.0 / sim.steps(), flight.phase());
            if (i >= warmup) {
                speedups[i - warmup] = speedup;
                stepUs[i - warmup] = wallNs / 1000.0 / sim.steps();
            }
        }
        Arrays.sort(speedups);
        Arrays.sort(stepUs);
        out.printf("Speed-up: median x%.0f, min x%.0f, max x%.0f; step cost median %.2f us%n",
                speedups[runs / 2], speedups[0], speedups[runs - 1], stepUs[runs / 2]);
        return 0;
    }
}
