package org.hoverla.core.boot.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every file and directory that installing the vehicle runtime writes, and what it removes. The
 * layout on the companion computer:
 * <pre>
 * /opt/hoverla/bin/hoverla              launcher (runtime/ or the system's Java, jvm.options, AppCDS)
 * /opt/hoverla/lib/hoverla-vehicle.jar  the vehicle artifact
 * /opt/hoverla/runtime/                 the jlinked Java runtime, when the package carries one
 * /opt/hoverla/jvm.options              JVM options, one per line
 * /etc/hoverla/hoverla.env              board choice and run options (kept on reinstall)
 * /etc/hoverla/board.yaml               a board file given by path (a shipped profile needs none)
 * /etc/systemd/system/hoverla.service   the unit
 * /var/lib/hoverla/                     STATE_DIR: parameters, plans, unit record, AppCDS archive
 * </pre>
 * Built from the installing package and the target root's current files; writes nothing itself.
 */
public record InstallPlan(List<PlannedDirectory> directories, List<PlannedFile> files, List<Path> removals,
                          List<String> notes) {
    public static final Path HOME = Path.of("/opt/hoverla");
    public static final Path ETC = Path.of("/etc/hoverla");
    public static final Path STATE = Path.of("/var/lib/hoverla");
    public static final Path UNIT = Path.of("/etc/systemd/system/hoverla.service");
    public static final Path ENV = ETC.resolve("hoverla.env");
    public static final Path CDS_ARCHIVE = STATE.resolve("hoverla-vehicle.jsa");
    /** Device groups of Raspberry Pi OS (and Debian's dialout) the service user joins where they exist. */
    static final List<String> DEVICE_GROUPS = List.of("dialout", "i2c", "spi", "gpio");
    private static final String RESOURCES = "/org/hoverla/core/boot/install/";

    /** A directory the installation creates. */
    public record PlannedDirectory(Path target, int mode) {
    }

    /**
     * What to install and how.
     *
     * @param vehicleJar      the vehicle jar to install (the running one)
     * @param runtime         the Java runtime directory to install, or null to use the system's Java
     * @param boardValue      HOVERLA_BOARD: a shipped profile name, or {@code /etc/hoverla/board.yaml}
     * @param boardFile       the board file to copy to /etc/hoverla/board.yaml, or null for a profile
     * @param keptEnv         the root's current hoverla.env when it is kept, else null (one is written)
     * @param rootGroups      the group names in the root's /etc/group (for SupplementaryGroups=)
     * @param flightCpu       the CPU kept for the flight thread (CPUAffinity= gives the rest), or -1
     * @param cpuCount        CPUs of the target
     * @param rtPriorityLimit LimitRTPRIO=
     * @param watchdogSec     WatchdogSec=
     */
    public record Spec(Path vehicleJar, Path runtime, String boardValue, Path boardFile, String keptEnv,
                       List<String> rootGroups, int flightCpu, int cpuCount, int rtPriorityLimit, int watchdogSec) {
    }

    /** Plans an installation; reads the package's files (sizes) but writes nothing. */
    public static InstallPlan of(Spec s) throws IOException {
        List<PlannedDirectory> dirs = new ArrayList<>();
        List<PlannedFile> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        dirs.add(new PlannedDirectory(STATE, 0750));
        files.add(PlannedFile.of(HOME.resolve("bin/hoverla"), resource("hoverla"), 0755));
        files.add(PlannedFile.copy(HOME.resolve("lib/hoverla-vehicle.jar"), s.vehicleJar(), 0644));
        files.add(PlannedFile.of(HOME.resolve("jvm.options"), resource("jvm.options"), 0644));
        if (s.runtime() != null) {
            try (Stream<Path> walk = Files.walk(s.runtime())) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    Path rel = s.runtime().relativize(p);
                    files.add(PlannedFile.copy(HOME.resolve("runtime").resolve(rel.toString()), p,
                            Files.isExecutable(p) ? 0755 : 0644));
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        } else {
            notes.add("no Java runtime in this package: the service uses the system's Java 17 "
                    + "(Debian: apt-get install openjdk-17-jre-headless)");
        }
        if (s.keptEnv() == null) {
            String env = new String(resource("hoverla.env"), StandardCharsets.UTF_8)
                    .replace("@BOARD@", s.boardValue()).replace("@RUN_ARGS@", runArgs(s));
            files.add(PlannedFile.of(ENV, env.getBytes(StandardCharsets.UTF_8), 0644));
        } else {
            notes.add(ENV + " kept as it is (board: " + s.boardValue() + ")");
        }
        if (s.boardFile() != null) {
            files.add(PlannedFile.copy(ETC.resolve("board.yaml"), s.boardFile(), 0644));
        }
        files.add(PlannedFile.of(UNIT, unit(s).getBytes(StandardCharsets.UTF_8), 0644));
        // A CDS archive records the jar it was made from; a new jar needs a new archive.
        List<Path> removals = List.of(CDS_ARCHIVE);
        return new InstallPlan(List.copyOf(dirs), List.copyOf(files), removals, List.copyOf(notes));
    }

    /**
     * The flight thread's real-time settings as {@code run} options: the runtime applies them to
     * the flight thread alone (the unit only grants the limits), at a priority the unit's
     * LimitRTPRIO allows, pinned to the flight CPU when one is kept.
     */
    static String runArgs(Spec s) {
        int priority = Math.min(FLIGHT_RT_PRIORITY, s.rtPriorityLimit());
        String args = (priority > 0 ? "--rt-priority " + priority + " " : "") + "--mlock";
        return s.flightCpu() >= 0 ? "--cpu " + s.flightCpu() + " " + args : args;
    }

    /** SCHED_FIFO priority of the flight thread: above the kernel's threaded IRQs (50), below its watchdogs (99). */
    static final int FLIGHT_RT_PRIORITY = 80;

    /** The unit file for this target: its device groups, its flight CPU. */
    static String unit(Spec s) throws IOException {
        List<String> groups = DEVICE_GROUPS.stream().filter(s.rootGroups()::contains).toList();
        String text = new String(resource("hoverla.service"), StandardCharsets.UTF_8);
        return text.replace("@SUPPLEMENTARY_GROUPS@", groups.isEmpty() ? "" : "SupplementaryGroups=" + String.join(" ", groups) + "\n")
                .replace("@CPU_AFFINITY@", housekeepingCpus(s.flightCpu(), s.cpuCount()).map(c -> "CPUAffinity=" + c + "\n").orElse(""))
                .replace("@RT_PRIORITY_LIMIT@", Integer.toString(s.rtPriorityLimit()))
                .replace("@WATCHDOG_SEC@", Integer.toString(s.watchdogSec()));
    }

    /**
     * The CPUs every thread but the flight thread runs on: all of them except the flight CPU (the
     * runtime moves its flight thread there). Empty when no CPU is kept, or there is only one.
     */
    static java.util.Optional<String> housekeepingCpus(int flightCpu, int cpuCount) {
        int n = Math.max(cpuCount, flightCpu + 1);
        if (flightCpu < 0 || n < 2) {
            return java.util.Optional.empty();
        }
        List<String> ranges = new ArrayList<>();
        if (flightCpu > 0) {
            ranges.add(flightCpu == 1 ? "0" : "0-" + (flightCpu - 1));
        }
        if (flightCpu < n - 1) {
            ranges.add(flightCpu + 1 == n - 1 ? Integer.toString(n - 1) : (flightCpu + 1) + "-" + (n - 1));
        }
        return java.util.Optional.of(String.join(" ", ranges));
    }

    /** @return the total bytes of the files */
    public long totalBytes() {
        return files.stream().mapToLong(PlannedFile::size).sum();
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = InstallPlan.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("resource " + RESOURCES + name + " missing from the vehicle jar");
            }
            return in.readAllBytes();
        }
    }
}
