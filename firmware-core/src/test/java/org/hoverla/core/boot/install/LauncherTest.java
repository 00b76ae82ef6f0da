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
        // The fake java prints how it was called; as the package's start counter it exits with $FAKE_COUNT_RC.
        Files.writeString(opt.resolve("runtime/bin/java"), "#!/bin/bash\necho \"java=$0 $* counted=${HOVERLA_TRIAL_START_COUNTED:-}\"\n"
                + "if [[ \"$*\" == *boot-check* ]]; then exit ${FAKE_COUNT_RC:-0}; fi\n");
        Files.setPosixFilePermissions(opt.resolve("runtime/bin/java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        launcher(opt.resolve("versions/0.2.0"));
        Files.writeString(opt.resolve("versions/0.2.0/jvm.options"), "-XX:+UseSerialGC # release's own\n");
    }

    private String run(Path launcher) throws Exception {
        return run(launcher, 0, 0, "status", "--json");
    }

    private String run(Path launcher, int countRc, int expectedExit, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(launcher.toString()));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("HOVERLA_JAVA_OPTS");
        pb.environment().remove("HOVERLA_TRIAL_START_COUNTED");
        pb.environment().put("FAKE_COUNT_RC", Integer.toString(countRc));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(expectedExit);
        return out;
    }

    @Test
    void shouldRunThePackagesOwnJarWithoutACurrentLink() throws Exception {
        // When the package's launcher runs with no current link, Then it runs its own jar on its runtime
        assertThat(run(opt.resolve("bin/hoverla"))).isEqualTo("java=" + opt.toRealPath().resolve("runtime/bin/java")
                + " -jar " + opt.toRealPath().resolve("lib/hoverla-vehicle.jar") + " status --json counted=");
    }

    @Test
    void shouldHandOverToCurrentAndUseTheSharedRuntime() throws Exception {
        // Given current -> versions/0.2.0
        Files.createSymbolicLink(opt.resolve("current"), Path.of("versions", "0.2.0"));
        // When the package's launcher runs, Then 0.2.0's jar runs, with its jvm.options, on the package's runtime
        String expected = "java=" + opt.toRealPath().resolve("runtime/bin/java") + " -XX:+UseSerialGC -jar "
                + opt.toRealPath().resolve("versions/0.2.0/lib/hoverla-vehicle.jar") + " status --json counted=";
        assertThat(run(opt.resolve("bin/hoverla"))).isEqualTo(expected);
        // And current/bin/hoverla run directly does the same
        assertThat(run(opt.resolve("current/bin/hoverla"))).isEqualTo(expected);
    }

    @Test
    void shouldCountATrialStartWithThePackagesOwnJarBeforeHandingRunOver() throws Exception {
        // Given current -> versions/0.2.0
        Files.createSymbolicLink(opt.resolve("current"), Path.of("versions", "0.2.0"));
        Path java = opt.toRealPath().resolve("runtime/bin/java");

        // When the package's launcher runs `run`, Then the package's jar counts the start first (with the
        // install root), and the release runs told that it is counted
        assertThat(run(opt.resolve("bin/hoverla"), 0, 0, "run", "--board", "b").lines().toList()).containsExactly(
                "java=" + java + " -jar " + opt.toRealPath().resolve("lib/hoverla-vehicle.jar") + " boot-check --count-start --root "
                        + root.toRealPath() + " counted=",
                "java=" + java + " -XX:+UseSerialGC -jar " + opt.toRealPath().resolve("versions/0.2.0/lib/hoverla-vehicle.jar")
                        + " run --board b counted=1");

        // And when the count rolled back (exit 3), the release is not started and the launcher exits 3 for systemd
        assertThat(run(opt.resolve("bin/hoverla"), 3, 3, "run", "--board", "b").lines().toList()).hasSize(1);
    }
}
