package org.hoverla.core.boot.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hoverla.core.boot.BootException;
import org.hoverla.core.rt.KernelCheck;
import org.hoverla.core.rt.LoopBench;
import org.hoverla.core.rt.RealtimeSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hoverla bench loop}: the flight loop's timing on the wall clock, Hoverla's dedicated
 * flight thread against {@code scheduleAtFixedRate} ({@link LoopBench}). A benchmark: it prints
 * figures and asserts nothing. Lives with the vehicle's commands so the vehicle artifact can run it.
 */
@Command(name = "loop", mixinStandardHelpOptions = true,
        description = {"Measure the flight loop's period error and deadline misses on the wall clock: Hoverla's "
                + "dedicated flight thread, then the same cycle under ScheduledExecutorService.scheduleAtFixedRate.",
                "Definitions and how to run it under real-time priority: docs/realtime.md."})
public final class LoopBenchCommand implements Callable<Integer> {
    @Option(names = "--seconds", paramLabel = "N", description = "Measured seconds per runner (default: ${DEFAULT-VALUE}).")
    double seconds = 10;

    @Option(names = "--load", description = "Load the other CPUs with busy threads while measuring.")
    boolean load;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write {\"hoverla\": {...}, \"naive\": {...}} to FILE.")
    Path json;

    @Option(names = "--cpu", paramLabel = "N", description = "Pin both runners' loop threads to CPU N (default: not pinned).")
    int cpu = -1;

    @Option(names = "--rt-priority", paramLabel = "N",
            description = "SCHED_FIFO priority 1-99 for both runners' loop threads; 0 = none (default: ${DEFAULT-VALUE}).")
    int rtPriority;

    @Option(names = "--spin-margin-us", paramLabel = "US",
            description = "Park-then-spin margin of Hoverla's runner, us (default: as the vehicle, 300 with --cpu, else 100).")
    long spinMarginUs = -1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LoopBench.Options o;
        try {
            o = new LoopBench.Options(seconds, load, new RealtimeSetup.Options(cpu, rtPriority, false),
                    margin() * 1000, null);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Loop bench: %.0f s per runner%s, cpu %s, rt-priority %d, spin margin %d us, "
                        + "%d processors, %s %s, GC %s%n", seconds, load ? ", other CPUs loaded" : "",
                cpu < 0 ? "any" : Integer.toString(cpu), rtPriority, margin(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), collectors());
        for (KernelCheck.Finding f : KernelCheck.readThisMachine()) {
            out.println("kernel: " + f.line());
        }
        out.flush();
        LoopBench.Report r;
        try {
            r = LoopBench.run(o, line -> {
                out.println(line);
                out.flush();
            });
        } catch (BootException e) {
            spec.commandLine().getErr().println("bench loop: " + e.getMessage());
            return 1;
        }
        out.println("Period error |start_k - start_k-1 - P| at " + r.baseHz() + " Hz; a miss is a nominal start "
                + "t0 + kP with no cycle started within P/2 of it:");
        for (String line : r.table()) {
            out.println("  " + line);
        }
        if (json != null) {
            LoopBench.writeJson(r, json);
            out.println("JSON written to " + json);
        }
        out.flush();
        return 0;
    }

    private static String collectors() {
        StringBuilder s = new StringBuilder();
        for (java.lang.management.GarbageCollectorMXBean b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            s.append(s.length() == 0 ? "" : ", ").append(b.getName());
        }
        return s.toString();
    }

    private long margin() {
        return spinMarginUs >= 0 ? spinMarginUs
                : org.hoverla.core.sched.ParkThenSpinIdleStrategy.marginFor(cpu >= 0) / 1000;
    }
}
