package org.hoverla.core.boot.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed launcher in an A/B layout: the package's {@code /opt/hoverla/bin/hoverla} hands
 * over to {@code current/bin/hoverla} when the link exists, and a release's launcher uses the
 * package's shared runtime. The Java runtime here is a script that prints how it was called.
 */
class LauncherTest {
    @TempDir
    Path root;
    private Path opt;

    private void launcher(Path home) throws Exception {
        Files.createDirectories(home.resolve("bin"));
        try (InputStream in = LauncherTest.class.getResourceAsStream("/org/hoverla/core/boot/install/hoverla")) {
            Files.write(home.resolve("bin/hoverla"), in.readAllBytes());
        }
        Files.setPosixFilePermissions(home.resolve("bin/hoverla"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(home.resolve("lib"));
        Files.writeString(home.resolve("lib/hoverla-vehicle.jar"), "jar");
    }

    @BeforeEach
    void layout() throws Exception {
        // Given the package in opt/hoverla with its runtime, and release 0.2.0 installed beside it
        opt = root.resolve("opt/hoverla");
        launcher(opt);
        Files.createDirectories(opt.resolve("runtime/bin"));
        Files.writeString(opt.resolve("runtime/bin/java"), "#!/bin/bash\necho \"java=$0 $*\"\n");
        Files.setPosixFilePermissions(opt.resolve("runtime/bin/java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        launcher(opt.resolve("versions/0.2.0"));
        Files.writeString(opt.resolve("versions/0.2.0/jvm.options"), "-XX:+UseSerialGC # release's own\n");
    }

    private String run(Path launcher) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "status", "--json").redirectErrorStream(true);
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("HOVERLA_JAVA_OPTS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void shouldRunThePackagesOwnJarWithoutACurrentLink() throws Exception {
        // When the package's launcher runs with no current link, Then it runs its own jar on its runtime
        assertThat(run(opt.resolve("bin/hoverla"))).isEqualTo("java=" + opt.toRealPath().resolve("runtime/bin/java")
                + " -jar " + opt.toRealPath().resolve("lib/hoverla-vehicle.jar") + " status --json");
    }

    @Test
    void shouldHandOverToCurrentAndUseTheSharedRuntime() throws Exception {
        // Given current -> versions/0.2.0
        Files.createSymbolicLink(opt.resolve("current"), Path.of("versions", "0.2.0"));
        // When the package's launcher runs, Then 0.2.0's jar runs, with its jvm.options, on the package's runtime
        String expected = "java=" + opt.toRealPath().resolve("runtime/bin/java") + " -XX:+UseSerialGC -jar "
                + opt.toRealPath().resolve("versions/0.2.0/lib/hoverla-vehicle.jar") + " status --json";
        assertThat(run(opt.resolve("bin/hoverla"))).isEqualTo(expected);
        // And current/bin/hoverla run directly does the same
        assertThat(run(opt.resolve("current/bin/hoverla"))).isEqualTo(expected);
    }
}
