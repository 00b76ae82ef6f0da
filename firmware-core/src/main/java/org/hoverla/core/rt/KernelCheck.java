package org.hoverla.core.rt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads what the kernel offers a real-time flight loop and says, for each finding, whether it is
 * as wanted and what to do if not: a PREEMPT_RT kernel, CPUs isolated from the scheduler
 * ({@code isolcpus}, {@code nohz_full}, {@code rcu_nocbs} on the kernel command line), the CPU
 * frequency governor per CPU, and real-time throttling. Pure: it reads files under the /proc and
 * /sys roots it is given (tests pass fake trees), never runs a command, never throws on a missing
 * or unreadable file (the finding says it could not tell).
 *
 * <p>Where each fact comes from (kernel documentation): {@code /sys/kernel/realtime} holds 1 on
 * kernels built with PREEMPT_RT (the RT patch set and mainline ≥ 6.12); the version string in
 * {@code /proc/sys/kernel/version} (else {@code /proc/version}) names the preemption model
 * ({@code PREEMPT_RT}, {@code PREEMPT}, {@code PREEMPT_DYNAMIC}); {@code /proc/cmdline} is the boot
 * command line (Documentation/admin-guide/kernel-parameters.txt); {@code /sys/devices/system/cpu/
 * cpuN/cpufreq/scaling_governor} the governor (Documentation/admin-guide/pm/cpufreq.rst);
 * {@code /proc/sys/kernel/sched_rt_runtime_us} and {@code sched_rt_period_us} the RT bandwidth
 * (Documentation/scheduler/sched-rt-group.rst: by default RT tasks get 950000 of every 1000000 us).
 *
 * <p>Threads: any; no state.
 */
public final class KernelCheck {

    /**
     * One finding.
     *
     * @param name   short name, e.g. {@code preempt_rt}, {@code isolcpus}, {@code governor}
     * @param ok     whether it is as a real-time flight loop wants it
     * @param detail what was read
     * @param advice what to do about it; empty when ok
     */
    public record Finding(String name, boolean ok, String detail, String advice) {
        /** @return one line for a log or a terminal: {@code [ok] name: detail} or {@code [!!] name: detail — advice} */
        public String line() {
            return (ok ? "[ok] " : "[!!] ") + name + ": " + detail + (advice.isEmpty() ? "" : " — " + advice);
        }
    }

    private static final Pattern CPU_DIR = Pattern.compile("cpu(\\d+)");

    private KernelCheck() {
    }

    /** {@link #read(Path, Path)} on this machine's {@code /proc} and {@code /sys}. */
    public static List<Finding> readThisMachine() {
        return read(Path.of("/proc"), Path.of("/sys"));
    }

    /**
     * @param procRoot a /proc tree (the real one, or a test's fake)
     * @param sysRoot  a /sys tree
     * @return the findings, in a fixed order: preempt_rt, isolcpus, nohz_full, rcu_nocbs, governor, rt_throttling
     */
    public static List<Finding> read(Path procRoot, Path sysRoot) {
        List<Finding> out = new ArrayList<>();
        out.add(preemptRt(procRoot, sysRoot));
        String cmdline = readFirstLine(procRoot.resolve("cmdline"));
        out.add(cmdlineOption(cmdline, "isolcpus",
                "no CPU isolated: other tasks and interrupts share the flight CPU; add isolcpus=N (e.g. isolcpus=3 "
                        + "on a 4-core Pi) to the kernel command line and pin the flight thread there (--cpu 3)"));
        out.add(cmdlineOption(cmdline, "nohz_full",
                "the scheduler tick interrupts the flight CPU every 1-4 ms; add nohz_full=N with isolcpus=N"));
        out.add(cmdlineOption(cmdline, "rcu_nocbs",
                "RCU callbacks may run on the flight CPU; add rcu_nocbs=N with isolcpus=N"));
        out.add(governor(sysRoot));
        out.add(rtThrottling(procRoot));
        return out;
    }

    private static Finding preemptRt(Path proc, Path sys) {
        String realtime = readFirstLine(sys.resolve("kernel/realtime"));
        String version = readFirstLine(proc.resolve("sys/kernel/version"));
        if (version == null) {
            version = readFirstLine(proc.resolve("version"));
        }
        String v = version == null ? "" : version;
        boolean rt = "1".equals(realtime == null ? null : realtime.trim()) || v.contains("PREEMPT_RT");
        String model = v.contains("PREEMPT_RT") ? "PREEMPT_RT" : v.contains("PREEMPT_DYNAMIC") ? "PREEMPT_DYNAMIC"
                : v.contains("PREEMPT") ? "PREEMPT" : version == null ? "unknown" : "no preemption model in the version";
        String detail = (version == null ? "kernel version unreadable" : "kernel \"" + v.trim() + "\"")
                + (realtime == null ? "" : ", /sys/kernel/realtime=" + realtime.trim());
        if (rt) {
            return new Finding("preempt_rt", true, "PREEMPT_RT kernel (" + detail + ")", "");
        }
        return new Finding("preempt_rt", false, model + " (" + detail + ")",
                "not a PREEMPT_RT kernel: expect worst-case wake-up latencies of hundreds of us to ms under load; "
                        + "install an RT kernel (Debian linux-image-rt-arm64 / -rt-amd64, or Raspberry Pi's RT build)");
    }

    private static Finding cmdlineOption(String cmdline, String option, String advice) {
        if (cmdline == null) {
            return new Finding(option, false, "/proc/cmdline unreadable", advice);
        }
        for (String token : cmdline.trim().split("\\s+")) {
            if (token.startsWith(option + "=")) {
                return new Finding(option, true, option + "=" + token.substring(option.length() + 1), "");
            }
        }
        return new Finding(option, false, "not on the kernel command line", advice);
    }

    private static Finding governor(Path sys) {
        Path cpus = sys.resolve("devices/system/cpu");
        List<String> parts = new ArrayList<>();
        boolean allPerformance = true;
        boolean any = false;
        if (Files.isDirectory(cpus)) {
            try (Stream<Path> list = Files.list(cpus)) {
                List<Path> dirs = list.filter(p -> CPU_DIR.matcher(p.getFileName().toString()).matches())
                        .sorted((a, b) -> Integer.compare(cpuIndex(a), cpuIndex(b))).toList();
                for (Path d : dirs) {
                    String g = readFirstLine(d.resolve("cpufreq/scaling_governor"));
                    if (g == null) {
                        continue;
                    }
                    any = true;
                    g = g.trim();
                    parts.add(d.getFileName() + "=" + g);
                    if (!"performance".equals(g)) {
                        allPerformance = false;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Unreadable: reported below as "no cpufreq".
            }
        }
        if (!any) {
            return new Finding("governor", true, "no cpufreq governor exposed (fixed clock, or a virtual machine)", "");
        }
        String detail = String.join(" ", parts);
        return allPerformance ? new Finding("governor", true, detail, "")
                : new Finding("governor", false, detail, "frequency changes add wake-up latency and change task "
                        + "times; set the performance governor (cpupower frequency-set -g performance, or "
                        + "echo performance > /sys/devices/system/cpu/cpuN/cpufreq/scaling_governor)");
    }

    private static int cpuIndex(Path p) {
        Matcher m = CPU_DIR.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }

    private static Finding rtThrottling(Path proc) {
        String runtime = readFirstLine(proc.resolve("sys/kernel/sched_rt_runtime_us"));
        String period = readFirstLine(proc.resolve("sys/kernel/sched_rt_period_us"));
        if (runtime == null) {
            return new Finding("rt_throttling", false, "sched_rt_runtime_us unreadable",
                    "cannot tell whether real-time tasks are throttled");
        }
        long r;
        try {
            r = Long.parseLong(runtime.trim());
        } catch (NumberFormatException e) {
            return new Finding("rt_throttling", false, "sched_rt_runtime_us=" + runtime.trim() + " (not a number)",
                    "cannot tell whether real-time tasks are throttled");
        }
        String p = period == null ? "1000000" : period.trim();
        if (r < 0) {
            return new Finding("rt_throttling", false, "off (sched_rt_runtime_us=-1)",
                    "a real-time thread that never sleeps can now freeze its CPU for good; Hoverla's loop parks "
                            + "every cycle and does not need it off: restore 950000 unless a measured reason says otherwise");
        }
        // Throttling on is the safe default: the flight loop parks every cycle, so it never uses 95 %.
        return new Finding("rt_throttling", true, String.format(Locale.ROOT,
                "on: real-time tasks get %d of every %s us (the default; it keeps a runaway SCHED_FIFO thread from "
                        + "freezing the system; the flight loop parks every cycle, so it never reaches the limit)", r, p), "");
    }

    private static String readFirstLine(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.get(0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
