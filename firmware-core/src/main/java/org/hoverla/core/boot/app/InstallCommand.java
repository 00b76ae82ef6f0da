package org.hoverla.core.boot.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hoverla.core.boot.BoardConfig;
import org.hoverla.core.boot.BoardFile;
import org.hoverla.core.boot.BoardFileException;
import org.hoverla.core.boot.install.InstallPlan;
import org.hoverla.core.boot.install.Installer;
import org.hoverla.core.boot.install.PlannedFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hoverla install}: puts the vehicle runtime (the running jar, the Java runtime beside it
 * when its package carries one, the launcher, the JVM options), its configuration and its systemd
 * unit under a root (default {@code /}); see {@link InstallPlan} for the layout. {@code --dry-run}
 * lists every file and writes nothing. The install never runs systemctl or useradd: it prints them.
 */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = {"Installs the vehicle runtime and its systemd unit on this computer (or under --root).",
                "Run it from the unpacked package (./install.sh, or bin/hoverla install)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:installed (or listed, with --dry-run)",
                "1:the installation failed (path and cause printed; nothing of it left behind)",
                "2:bad command line (board file, architecture, options)"})
public final class InstallCommand implements Callable<Integer> {
    private static final Pattern BOARD_LINE = Pattern.compile("(?m)^HOVERLA_BOARD=(.*)$");
    static final String DEFAULT_BOARD = "pilotpi";

    @Option(names = "--root", paramLabel = "DIR", description = "Install under this root directory (default: /).")
    Path root = Path.of("/");

    @Option(names = "--dry-run", description = "List every file it would write (path, size, mode); change nothing.")
    boolean dryRun;

    @Option(names = "--board", paramLabel = "PROFILE|FILE",
            description = "The board the service boots: a shipped profile or a board file (copied to /etc/hoverla/board.yaml). "
                    + "Default: the one already configured, else " + DEFAULT_BOARD + ".")
    String board;

    @Option(names = "--arch", paramLabel = "ARCH",
            description = "The target computer's architecture, x86_64 or aarch64 (default: this computer's). "
                    + "Refused when the package's Java runtime is for another one.")
    String arch;

    @Option(names = "--flight-cpu", paramLabel = "N",
            description = "The CPU kept for the flight thread: the unit's CPUAffinity= gives every other thread the rest "
                    + "(default: the last CPU of this computer when it has two or more; -1: none).")
    Integer flightCpu;

    @Option(names = "--cpus", paramLabel = "N", hidden = true,
            description = "CPUs of the target (default: this computer's); for --root installs of another machine.")
    Integer cpus;

    @Option(names = "--watchdog-sec", paramLabel = "S", description = "WatchdogSec= of the unit (default: ${DEFAULT-VALUE}).")
    int watchdogSec = 2;

    @Option(names = "--jar", paramLabel = "FILE", hidden = true,
            description = "The vehicle jar to install (default: the running one; for tests).")
    Path jar;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path vehicleJar = jar != null ? jar : runningJar();
        Path rootDir = root.toAbsolutePath().normalize();
        Installer installer = new Installer(rootDir);
        Path runtime = packagedRuntime(vehicleJar);
        String targetArch = normalizeArch(arch != null ? arch : System.getProperty("os.arch"));
        if (runtime != null) {
            String runtimeArch = runtimeArch(runtime);
            if (runtimeArch != null && !runtimeArch.equals(targetArch)) {
                throw usage("this package's Java runtime is for " + runtimeArch + ", the target is " + targetArch
                        + ": install the " + targetArch + " package");
            }
        }
        int cpuCount = cpus != null ? cpus : Runtime.getRuntime().availableProcessors();
        int flight = flightCpu != null ? flightCpu : cpuCount >= 2 ? cpuCount - 1 : -1;
        if (flight >= Math.max(cpuCount, 1) || watchdogSec < 1) {
            throw usage(watchdogSec < 1 ? "--watchdog-sec must be at least 1"
                    : "--flight-cpu " + flight + ": the target has CPUs 0-" + (cpuCount - 1));
        }

        Path envFile = installer.under(InstallPlan.ENV);
        String existingEnv = Files.isRegularFile(envFile) ? Files.readString(envFile, StandardCharsets.UTF_8) : null;
        String boardValue;
        Path boardFile = null;
        String keptEnv = null;
        if (board == null) {
            Matcher m = existingEnv == null ? null : BOARD_LINE.matcher(existingEnv);
            boardValue = m != null && m.find() ? m.group(1).trim() : DEFAULT_BOARD;
            keptEnv = existingEnv;
        } else {
            BoardConfig config;
            try {
                config = BoardFile.load(board);
            } catch (BoardFileException e) {
                throw usage(e.getMessage());
            }
            if (config.buses() == BoardConfig.Buses.SIMULATION) {
                throw usage(board + ": a board with buses: simulation runs in ./hoverla sim, not as a service");
            }
            boolean isFile = Files.isRegularFile(Path.of(board));
            boardFile = isFile ? Path.of(board) : null;
            boardValue = isFile ? InstallPlan.ETC.resolve("board.yaml").toString() : board;
        }
        List<String> groups = groups(installer.under(Path.of("/etc/group")));
        InstallPlan plan = InstallPlan.of(new InstallPlan.Spec(vehicleJar, runtime, boardValue, boardFile, keptEnv, groups,
                flight, cpuCount, 90, watchdogSec));
        if (existingEnv != null && board != null) {
            // A new board on a configured machine: only HOVERLA_BOARD changes, the rest stays as edited.
            plan = withEnv(plan, BOARD_LINE.matcher(existingEnv).find()
                    ? BOARD_LINE.matcher(existingEnv).replaceFirst(Matcher.quoteReplacement("HOVERLA_BOARD=" + boardValue))
                    : existingEnv + "\nHOVERLA_BOARD=" + boardValue + "\n");
        }

        String where = rootDir.equals(Path.of("/")) ? "" : " under " + rootDir;
        out.println((dryRun ? "Would install " : "Installing ") + new VehicleVersion().getVersion()[0] + " for "
                + targetArch + where + " (board " + boardValue + "):");
        for (InstallPlan.PlannedDirectory d : plan.directories()) {
            out.printf(Locale.ROOT, "  d%s %12s  %s/%n", PlannedFile.of(d.target(), new byte[0], d.mode()).modeString(), "",
                    d.target());
        }
        for (PlannedFile f : plan.files()) {
            out.printf(Locale.ROOT, "  -%s %12d  %s%n", f.modeString(), f.size(), f.target());
        }
        for (Path r : plan.removals()) {
            out.printf(Locale.ROOT, "  remove %16s  %s (if present: made from the previous jar)%n", "", r);
        }
        out.printf(Locale.ROOT, "  %d files, %.1f MB%n", plan.files().size(), plan.totalBytes() / 1e6);
        for (String note : plan.notes()) {
            out.println("  note: " + note);
        }
        if (dryRun) {
            out.println("Dry run: nothing written.");
            return 0;
        }
        try {
            installer.install(plan);
        } catch (Installer.InstallException e) {
            spec.commandLine().getErr().println("install: failed at " + e.getMessage()
                    + "; nothing of this installation was left behind");
            return VehicleMain.EXIT_FAILURE;
        }
        out.println("Installed.");
        out.println();
        printKernelCheck(out);
        out.println();
        printNextSteps(out, installer, rootDir);
        return 0;
    }

    private static InstallPlan withEnv(InstallPlan plan, String env) {
        List<PlannedFile> files = new ArrayList<>(plan.files());
        files.removeIf(f -> f.target().equals(InstallPlan.ENV));
        files.add(PlannedFile.of(InstallPlan.ENV, env.getBytes(StandardCharsets.UTF_8), 0644));
        List<String> notes = new ArrayList<>(plan.notes());
        notes.removeIf(n -> n.startsWith(InstallPlan.ENV.toString()));
        notes.add(InstallPlan.ENV + ": only HOVERLA_BOARD changes; the rest is kept as edited");
        return new InstallPlan(plan.directories(), List.copyOf(files), plan.removals(), List.copyOf(notes));
    }

    private void printNextSteps(PrintWriter out, Installer installer, Path rootDir) throws IOException {
        boolean scratch = !rootDir.equals(Path.of("/"));
        out.println(scratch ? "On the target computer, as root:" : "Next, as root:");
        Path passwd = installer.under(Path.of("/etc/passwd"));
        boolean hasUser = Files.isRegularFile(passwd) && Files.readAllLines(passwd).stream().anyMatch(l -> l.startsWith("hoverla:"));
        if (!hasUser) {
            out.println("  useradd --system --user-group --home-dir " + InstallPlan.STATE
                    + " --no-create-home --shell /usr/sbin/nologin hoverla");
        }
        // Field updates (docs/field-updates.md): the service user installs versions over MAVLink and its boot check
        // switches the current link, so it owns versions/ and may add or replace only its own entries in
        // /opt/hoverla (the sticky bit keeps the package's bin, lib and runtime root's).
        out.println("  install -d -o hoverla -g hoverla -m 0755 /opt/hoverla/versions");
        out.println("  chgrp hoverla /opt/hoverla && chmod 1775 /opt/hoverla");
        out.println("  systemctl daemon-reload");
        out.println("  systemctl enable --now hoverla");
        out.println("  journalctl -u hoverla -f");
    }

    /** The kernel check's findings for real-time flight, with advice where one falls short. */
    private static void printKernelCheck(PrintWriter out) {
        out.println("Kernel check (this computer):");
        for (org.hoverla.core.rt.KernelCheck.Finding f : org.hoverla.core.rt.KernelCheck.readThisMachine()) {
            out.println("  " + f.line());
        }
    }

    private static List<String> groups(Path etcGroup) throws IOException {
        if (!Files.isRegularFile(etcGroup)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(etcGroup)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                names.add(line.substring(0, colon));
            }
        }
        return names;
    }

    /** The Java runtime of the package the jar was unpacked from ({@code HOME/lib/jar} beside {@code HOME/runtime}). */
    static Path packagedRuntime(Path vehicleJar) {
        Path lib = vehicleJar.toAbsolutePath().getParent();
        if (lib == null || lib.getFileName() == null || !lib.getFileName().toString().equals("lib")) {
            return null;
        }
        Path runtime = lib.resolveSibling("runtime");
        return Files.isExecutable(runtime.resolve("bin/java")) ? runtime : null;
    }

    /** @return the runtime's OS_ARCH from its release file (x86_64, aarch64), or null when unknown */
    static String runtimeArch(Path runtime) throws IOException {
        Path release = runtime.resolve("release");
        if (!Files.isRegularFile(release)) {
            return null;
        }
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("OS_ARCH=")) {
                return normalizeArch(line.substring(8).replace("\"", "").trim());
            }
        }
        return null;
    }

    static String normalizeArch(String arch) {
        String a = arch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "arm64", "aarch64" -> "aarch64";
            default -> a;
        };
    }

    private Path runningJar() {
        try {
            Path p = Path.of(InstallCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(p)) {
                throw usage("install runs from the vehicle jar (hoverla-vehicle.jar), not from " + p);
            }
            return p;
        } catch (URISyntaxException e) {
            throw usage("cannot locate the vehicle jar: " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
