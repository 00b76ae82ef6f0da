package org.hoverla.core.boot.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk at install time, for real: a 1 MB tmpfs as the root (needs root to mount; skipped
 * where mounting is not allowed). The install fails naming the file and the cause and leaves the
 * file system as it found it.
 */
class InstallerFullDiskTest {
    @TempDir
    Path tmp;
    private Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", mount.toString());
        }
    }

    private static boolean run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void shouldFailOnAFullDiskAndLeaveNothingBehind() throws Exception {
        // Given a root on a 1 MB file system, with a file already there
        Path dir = tmp.resolve("small");
        Files.createDirectories(dir);
        assumeTrue("root".equals(System.getProperty("user.name")) && run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs",
                dir.toString()), "mounting a tmpfs needs root");
        mount = dir;
        Files.writeString(dir.resolve("existing"), "kept");
        // And a plan whose 4 MB jar cannot fit after a small file that can
        Path bigJar = tmp.resolve("big.jar");
        Files.write(bigJar, new byte[4 << 20]);
        InstallPlan plan = new InstallPlan(List.of(new InstallPlan.PlannedDirectory(InstallPlan.STATE, 0750)),
                List.of(PlannedFile.of(Path.of("/opt/hoverla/jvm.options"), "-XX:+UseZGC\n".getBytes(), 0644),
                        PlannedFile.copy(Path.of("/opt/hoverla/lib/hoverla-vehicle.jar"), bigJar, 0644)),
                List.of(), List.of());
        // When installing, Then it fails naming the jar and the cause
        assertThatThrownBy(() -> new Installer(dir).install(plan))
                .isInstanceOf(Installer.InstallException.class)
                .hasMessageContaining("opt/hoverla/lib/hoverla-vehicle.jar")
                .hasMessageContaining("no space left on device");
        // And only the file that was there before remains
        try (Stream<Path> s = Files.walk(dir)) {
            assertThat(s.filter(p -> !p.equals(dir)).toList()).containsExactly(dir.resolve("existing"));
        }
    }

    @Test
    void shouldNameAMissingRoot() {
        // Given a root that does not exist, Then the error says so
        assertThatThrownBy(() -> new Installer(tmp.resolve("nope")).install(new InstallPlan(List.of(), List.of(), List.of(),
                List.of()))).hasMessageContaining("nope: the root directory does not exist");
    }

}
