package org.hoverla.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package {@code mvn package} made (target/hoverla-vehicle-VERSION-linux-ARCH.tar.gz), as a
 * companion computer gets it: unpacked, installed into a scratch root with its own install.sh, the
 * unit checked by {@code systemd-analyze verify}, and the vehicle booted from the installed files
 * (installed launcher, installed Java runtime) on the fake bench board, answering a HEARTBEAT and
 * talking sd_notify to a stand-in for systemd. Boot-to-first-heartbeat is printed with and without
 * the AppCDS archive the launcher writes (figures only; nothing here asserts a time).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackageInstallIT {
    private static final Path TARGET = Path.of(System.getProperty("hoverla.package.dir", "target"));
    @TempDir
    static Path tmp;
    static Path pkg;
    static Path root;

    @BeforeAll
    static void unpackAndInstall() throws Exception {
        Path tarball;
        try (Stream<Path> s = Files.list(TARGET)) {
            // This machine's package: target may also hold a cross-built one (.ci/arm64-check).
            String arch = "amd64".equals(System.getProperty("os.arch")) ? "x86_64" : System.getProperty("os.arch");
            tarball = s.filter(p -> p.getFileName().toString().matches("hoverla-vehicle-.*-linux-" + arch + "\\.tar\\.gz"))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + arch + " package in " + TARGET));
        }
        Path unpacked = tmp.resolve("unpacked");
        Files.createDirectories(unpacked);
        assertThat(run(List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()), Map.of()).status).isZero();
        try (Stream<Path> s = Files.list(unpacked)) {
            pkg = s.findFirst().orElseThrow();
        }
        root = tmp.resolve("root");
        Files.createDirectories(root);
    }

    @Test
    @Order(1)
    void shouldListEveryFileOnADryRunAndWriteNothing() throws Exception {
        // When the package's install.sh is asked for a dry run into the scratch root
        Result r = run(List.of(pkg.resolve("install.sh").toString(), "--root", root.toString(), "--board", "bench-fake",
                "--dry-run"), Map.of());
        // Then it lists the launcher, the jar, the runtime's java and the unit, and the root stays empty
        assertThat(r.status).as(r.output).isZero();
        assertThat(r.output).contains("/opt/hoverla/bin/hoverla", "/opt/hoverla/lib/hoverla-vehicle.jar",
                "/etc/systemd/system/hoverla.service", "Dry run: nothing written.");
        if (Files.isDirectory(pkg.resolve("runtime"))) {
            assertThat(r.output).contains("/opt/hoverla/runtime/bin/java");
        }
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    @Order(2)
    void shouldInstallIntoAScratchRootWithAUnitSystemdAccepts() throws Exception {
        // When installed for real
        Result r = run(List.of(pkg.resolve("install.sh").toString(), "--root", root.toString(), "--board", "bench-fake"),
                Map.of());
        // Then the layout is in place, executable where it must be
        assertThat(r.status).as(r.output).isZero();
        assertThat(r.output).contains("Installed.", "systemctl enable --now hoverla");
        assertThat(Files.isExecutable(root.resolve("opt/hoverla/bin/hoverla"))).isTrue();
        if (Files.isDirectory(pkg.resolve("runtime"))) {
            assertThat(Files.isExecutable(root.resolve("opt/hoverla/runtime/bin/java"))).isTrue();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("var/lib/hoverla"))))
                .isEqualTo("rwxr-x---");
        // And systemd's own checker accepts the unit, with the installed root as its root
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed (Debian: systemd)");
        // The unit's default dependencies (sysinit.target, basic.target, ...) are systemd's own units,
        // which a scratch root lacks: give it this machine's, as the target computer has its own.
        Path units = root.resolve("usr/lib/systemd");
        Files.createDirectories(units);
        assertThat(run(List.of("cp", "-a", "/usr/lib/systemd/system", units.toString()), Map.of()).status).isZero();
        Result verify = run(List.of(analyze.toString(), "verify", "--man=no", "--generators=no", "--root=" + root,
                "/etc/systemd/system/hoverla.service"), Map.of());
        assertThat(verify.status).as(verify.output).isZero();
        assertThat(verify.output).doesNotContainIgnoringCase("unknown").doesNotContainIgnoringCase("ignoring");
    }

    @Test
    @Order(3)
    void shouldBootFromTheInstalledFilesAnswerAHeartbeatAndTalkToSystemd() throws Exception {
        Path launcher = root.resolve("opt/hoverla/bin/hoverla");
        assumeTrue(Files.isExecutable(launcher), "installed by the previous test");
        Path archive = root.resolve("var/lib/hoverla/hoverla-vehicle.jsa");
        // Given the installed runtime without an AppCDS archive: boot, heartbeat, sd_notify
        Boot plain = boot(launcher, Map.of());
        assertThat(plain.notes).anyMatch(m -> m.startsWith("READY=1"));
        assertThat(plain.notes).anyMatch(m -> m.startsWith("WATCHDOG=1"));
        assertThat(plain.notes).contains("STOPPING=1");
        // and the jlinked runtime honours the jar's Add-Exports/Add-Opens: the JIT will find the flight
        // classes' string literals resolved instead of creating them on the flight thread
        assertThat(plain.output).containsPattern("flight classes preloaded: \\d+ in [0-9.]+ s; \\d+ string constants resolved");
        // When a boot writes the archive at its exit (what the installed service's first boot does)
        Boot training = boot(launcher, Map.of("HOVERLA_CDS_ARCHIVE", archive.toString()));
        assertThat(archive).as(training.output).exists();
        // Then the next boot uses it and answers as well
        Boot withCds = boot(launcher, Map.of("HOVERLA_CDS_ARCHIVE", archive.toString()));
        assertThat(withCds.notes).anyMatch(m -> m.startsWith("READY=1"));
        System.out.printf(Locale.ROOT, "boot-to-first-heartbeat (JVM start to the vehicle's first HEARTBEAT on the wire): "
                        + "without AppCDS %.0f ms, writing the archive %.0f ms, with AppCDS %.0f ms%n",
                plain.firstHeartbeatMs, training.firstHeartbeatMs, withCds.firstHeartbeatMs);
    }

    private record Boot(double firstHeartbeatMs, List<String> notes, String output) {
    }

    /**
     * Runs {@code hoverla run} from the installed files on the fake bench board with a MAVLink link
     * listening on a free UDP port and systemd's variables pointing at a notify socket of ours; sends
     * HEARTBEATs until the vehicle's first HEARTBEAT comes back, waits for a WATCHDOG=1, then stops it.
     */
    private Boot boot(Path launcher, Map<String, String> env) throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path sock = Files.createTempDirectory(tmp, "n").resolve("notify");
        try (UnixDatagramReceiver systemd = new UnixDatagramReceiver(sock);
             DatagramSocket gcs = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "run", "--board", "bench-fake", "--state-dir",
                    root.resolve("var/lib/hoverla").toString(), "--mavlink", "udpin:127.0.0.1:" + port,
                    "--exit-with-parent").redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("boot-" + port + ".log").toFile());
            pb.environment().remove("HOVERLA_CDS_ARCHIVE");
            pb.environment().put("NOTIFY_SOCKET", sock.toString());
            pb.environment().put("WATCHDOG_USEC", "1000000");
            pb.environment().putAll(env);
            long t0 = System.nanoTime();
            Process p = pb.start();
            double firstMs = -1;
            byte[] heartbeat = gcsHeartbeat();
            gcs.setSoTimeout(100);
            byte[] buf = new byte[2048];
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
            while (firstMs < 0 && System.nanoTime() < deadline && p.isAlive()) {
                gcs.send(new DatagramPacket(heartbeat, heartbeat.length, InetAddress.getLoopbackAddress(), port));
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                try {
                    gcs.receive(in);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (holdsHeartbeat(buf, in.getLength())) {
                    firstMs = (System.nanoTime() - t0) / 1e6;
                }
            }
            String log = Files.readString(tmp.resolve("boot-" + port + ".log"), StandardCharsets.UTF_8);
            assertThat(firstMs).as("no HEARTBEAT from the installed vehicle; its output:%n%s", log).isPositive();
            // The supervisor looks every WATCHDOG_USEC/2: a WATCHDOG=1 follows READY=1 within a second or so.
            while (System.nanoTime() < deadline && systemd.received().stream().noneMatch(m -> m.startsWith("WATCHDOG=1"))) {
                Thread.sleep(50);
            }
            p.getOutputStream().close();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the vehicle did not stop when its stdin closed").isTrue();
            log = Files.readString(tmp.resolve("boot-" + port + ".log"), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(log).isZero();
            return new Boot(firstMs, systemd.received(), log);
        }
    }

    private static byte[] gcsHeartbeat() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MavlinkConnection c = MavlinkConnection.create(new ByteArrayInputStream(new byte[0]), bytes);
        c.send2(255, 190, Heartbeat.builder().type(MavType.MAV_TYPE_GCS).autopilot(MavAutopilot.MAV_AUTOPILOT_INVALID)
                .systemStatus(MavState.MAV_STATE_ACTIVE).mavlinkVersion(3).build());
        return bytes.toByteArray();
    }

    /** @return whether the datagram holds a HEARTBEAT (message id 0) in a MAVLink 1 or 2 frame */
    static boolean holdsHeartbeat(byte[] b, int length) {
        int i = 0;
        while (i + 8 <= length) {
            int magic = b[i] & 0xFF;
            int payload = b[i + 1] & 0xFF;
            if (magic == 0xFD && i + 10 <= length) {
                int id = (b[i + 7] & 0xFF) | (b[i + 8] & 0xFF) << 8 | (b[i + 9] & 0xFF) << 16;
                if (id == 0) {
                    return true;
                }
                i += 12 + payload + ((b[i + 2] & 1) != 0 ? 13 : 0);
            } else if (magic == 0xFE) {
                if ((b[i + 5] & 0xFF) == 0) {
                    return true;
                }
                i += 8 + payload;
            } else {
                i++;
            }
        }
        return false;
    }

    private record Result(int status, String output) {
    }

    private static Result run(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        return new Result(p.exitValue(), out);
    }
}
