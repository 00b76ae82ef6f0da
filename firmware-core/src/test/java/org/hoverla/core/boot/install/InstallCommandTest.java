package org.hoverla.core.boot.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hoverla.core.boot.app.VehicleMain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoverla install} into scratch roots: what a dry run lists, what a real install writes and
 * with which modes, how a reinstall treats the configuration, and what bad input gets.
 */
class InstallCommandTest {
    @TempDir
    Path tmp;
    private Path pkg;
    private Path jar;
    private Path root;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void unpackAFakePackage() throws IOException {
        // An unpacked package: lib/hoverla-vehicle.jar and runtime/ (bin/java, release) beside it.
        pkg = tmp.resolve("pkg");
        jar = pkg.resolve("lib/hoverla-vehicle.jar");
        Files.createDirectories(jar.getParent());
        Files.write(jar, new byte[1234]);
        Path java = pkg.resolve("runtime/bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(pkg.resolve("runtime/release"), "JAVA_VERSION=\"17\"\nOS_ARCH=\"x86_64\"\n");
        root = tmp.resolve("root");
        Files.createDirectories(root);
    }

    private int install(String... args) {
        List<String> all = new ArrayList<>(List.of("install", "--jar", jar.toString(), "--root", root.toString(),
                "--arch", "x86_64", "--cpus", "4"));
        all.addAll(List.of(args));
        return VehicleMain.execute(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).toList();
        }
    }

    @Test
    void shouldListEveryFileInADryRunAndWriteNothing() throws IOException {
        // When a dry run is asked for
        int status = install("--dry-run", "--board", "bench-fake");
        // Then it lists each file with mode and size, and the root stays empty
        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("-rwxr-xr-x", "/opt/hoverla/bin/hoverla", "        1234  /opt/hoverla/lib/hoverla-vehicle.jar",
                "/opt/hoverla/runtime/bin/java", "/opt/hoverla/runtime/release", "/opt/hoverla/jvm.options",
                "/etc/hoverla/hoverla.env", "/etc/systemd/system/hoverla.service", "drwxr-x---", "/var/lib/hoverla/",
                "Dry run: nothing written.");
        assertThat(filesUnder(root)).isEmpty();
    }

    @Test
    void shouldWriteTheLayoutWithItsModesAndPrintTheNextSteps() throws IOException {
        // When installed for real with the bench board, flight CPU 3 of 4
        int status = install("--board", "bench-fake");
        // Then the layout is there with its modes
        assertThat(status).as(err.toString()).isZero();
        assertThat(mode("opt/hoverla/bin/hoverla")).isEqualTo("rwxr-xr-x");
        assertThat(mode("opt/hoverla/runtime/bin/java")).isEqualTo("rwxr-xr-x");
        assertThat(mode("opt/hoverla/lib/hoverla-vehicle.jar")).isEqualTo("rw-r--r--");
        assertThat(mode("var/lib/hoverla")).isEqualTo("rwxr-x---");
        assertThat(Files.size(root.resolve("opt/hoverla/lib/hoverla-vehicle.jar"))).isEqualTo(1234);
        assertThat(read("etc/hoverla/hoverla.env")).contains("HOVERLA_BOARD=bench-fake\n");
        String unit = read("etc/systemd/system/hoverla.service");
        assertThat(unit).contains("Type=notify", "WatchdogSec=2", "CPUAffinity=0-2\n", "LimitMEMLOCK=infinity",
                "LimitRTPRIO=90", "AmbientCapabilities=CAP_SYS_NICE CAP_IPC_LOCK").doesNotContain("@", "SupplementaryGroups");
        // And no temporary file is left, and it says how to enable the service without doing it
        try (Stream<Path> s = Files.walk(root)) {
            assertThat(s.map(Path::toString)).noneMatch(p -> p.contains(".hoverla-install-"));
        }
        assertThat(out.toString()).contains("useradd --system", "systemctl enable --now hoverla", "Kernel check");
    }

    @Test
    void shouldJoinOnlyTheDeviceGroupsTheTargetHas() throws IOException {
        // Given a target whose /etc/group has dialout and i2c but no spi or gpio
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/group"), "root:x:0:\ndialout:x:20:\ni2c:x:998:\nhoverla:x:997:\n");
        // When installed, Then the unit joins those two
        assertThat(install("--board", "bench-fake")).isZero();
        assertThat(read("etc/systemd/system/hoverla.service")).contains("SupplementaryGroups=dialout i2c\n");
    }

    @Test
    void shouldKeepAnEditedConfigurationAndChangeOnlyTheBoardWhenAsked() throws IOException {
        // Given an installed vehicle whose env file the owner edited
        assertThat(install("--board", "bench-fake")).isZero();
        Path env = root.resolve("etc/hoverla/hoverla.env");
        Files.writeString(env, Files.readString(env).replace("HOVERLA_JAVA_OPTS=", "HOVERLA_JAVA_OPTS=-Xmx256m"));
        // When reinstalled without --board, then with another board
        assertThat(install()).isZero();
        assertThat(Files.readString(env)).contains("HOVERLA_BOARD=bench-fake", "HOVERLA_JAVA_OPTS=-Xmx256m");
        assertThat(install("--board", "pilotpi")).isZero();
        // Then the edit survives both, and only the board changed
        assertThat(Files.readString(env)).contains("HOVERLA_BOARD=pilotpi", "HOVERLA_JAVA_OPTS=-Xmx256m")
                .doesNotContain("HOVERLA_BOARD=bench-fake");
    }

    @Test
    void shouldCopyABoardFileAndPointTheServiceAtIt() throws IOException {
        // Given a board file of the owner's
        Path board = tmp.resolve("myboard.yaml");
        Files.writeString(board, new String(getClass().getResourceAsStream("/boards/bench-fake.yaml").readAllBytes(),
                StandardCharsets.UTF_8));
        // When installed with it, Then it is in /etc/hoverla and the env names it
        assertThat(install("--board", board.toString())).as(err.toString()).isZero();
        assertThat(root.resolve("etc/hoverla/board.yaml")).hasSameTextualContentAs(board);
        assertThat(read("etc/hoverla/hoverla.env")).contains("HOVERLA_BOARD=/etc/hoverla/board.yaml");
    }

    @Test
    void shouldRefuseABadBoardAWrongArchitectureAndABadCpu() throws IOException {
        // Given a broken board file
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "board: x\nbuses: fake\ndevices:\n  - role: imu\n    chip: nosuchchip\n");
        // Then each bad input is a usage error naming it, and nothing is written
        assertThat(install("--board", bad.toString())).isEqualTo(VehicleMain.EXIT_USAGE);
        assertThat(install("--board", "nosuchprofile")).isEqualTo(VehicleMain.EXIT_USAGE);
        assertThat(err.toString()).contains("nosuchprofile");
        List<String> withArch = new ArrayList<>(List.of("install", "--jar", jar.toString(), "--root", root.toString(),
                "--arch", "arm64"));
        assertThat(VehicleMain.execute(withArch.toArray(String[]::new), new PrintWriter(out, true),
                new PrintWriter(err, true))).isEqualTo(VehicleMain.EXIT_USAGE);
        assertThat(err.toString()).contains("runtime is for x86_64, the target is aarch64");
        assertThat(install("--flight-cpu", "9")).isEqualTo(VehicleMain.EXIT_USAGE);
        assertThat(err.toString()).contains("--flight-cpu 9: the target has CPUs 0-3");
        assertThat(filesUnder(root)).isEmpty();
    }

    @Test
    void shouldFailWithThePathAndLeaveNothingWhenTheRootIsNotWritable() throws IOException {
        // Given a root where /etc/systemd is a file, so the unit's directory cannot be made
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/systemd"), "not a directory");
        // When installing
        int status = install("--board", "bench-fake");
        // Then it fails naming the path, and only what was there before is left
        assertThat(status).isEqualTo(VehicleMain.EXIT_FAILURE);
        assertThat(err.toString()).contains("install: failed at " + root.resolve("etc/systemd"))
                .contains("nothing of this installation was left behind");
        assertThat(filesUnder(root)).containsExactlyInAnyOrder(root.resolve("etc"), root.resolve("etc/systemd"));
    }

    @Test
    void shouldListTheHousekeepingCpus() {
        // Then every CPU but the flight one is given to the other threads, in ranges
        assertThat(InstallPlan.housekeepingCpus(3, 4)).contains("0-2");
        assertThat(InstallPlan.housekeepingCpus(0, 4)).contains("1-3");
        assertThat(InstallPlan.housekeepingCpus(1, 4)).contains("0 2-3");
        assertThat(InstallPlan.housekeepingCpus(2, 4)).contains("0-1 3");
        assertThat(InstallPlan.housekeepingCpus(-1, 4)).isEmpty();
        assertThat(InstallPlan.housekeepingCpus(0, 1)).isEmpty();
    }

    private String mode(String rel) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(rel)));
    }

    private String read(String rel) throws IOException {
        return Files.readString(root.resolve(rel));
    }
}
