package org.hoverla.core.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return VehicleMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void shouldGenerateAKeyPrintingItsIdButNeverTheSecret(@TempDir Path dir) throws Exception {
        // Given an empty directory
        // When a release key is generated there
        int rc = run("release", "keygen", "--out", dir.toString());
        // Then both files exist, the id and paths are printed, and no line of the secret file is
        assertThat(rc).as(err.toString()).isZero();
        String secretFile = Files.readString(dir.resolve("hoverla.key"));
        String keyLine = secretFile.lines().toList().get(1);
        assertThat(out.toString()).contains("release key ").contains(dir.resolve("hoverla.key").toString())
                .contains(dir.resolve("hoverla.pub").toString()).doesNotContain(keyLine);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("hoverla.key")))).isEqualTo("rw-------");
    }

    @Test
    void shouldRefuseToOverwriteAKeyWithOneLine(@TempDir Path dir) throws Exception {
        // Given a key already generated
        assertThat(run("release", "keygen", "--out", dir.toString())).isZero();
        byte[] before = Files.readAllBytes(dir.resolve("hoverla.key"));
        // When keygen runs again into the same directory
        int rc = run("release", "keygen", "--out", dir.toString());
        // Then it fails with one line and the key is untouched
        assertThat(rc).isEqualTo(VehicleMain.EXIT_FAILURE);
        assertThat(err.toString().trim().lines()).hasSize(1).allMatch(l -> l.contains("never overwritten"));
        assertThat(Files.readAllBytes(dir.resolve("hoverla.key"))).isEqualTo(before);
    }

    @Test
    void shouldRefuseADirtyWorkingTreeBeforeBuilding(@TempDir Path dir) throws Exception {
        // Given a git repository with a committed file that was then changed, and a release key
        Assumptions.assumeTrue(git(dir, "--version") == 0, "git is not installed: skipping the dirty-tree refusal");
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo);
        assertThat(git(repo, "init", "-q")).isZero();
        Files.writeString(repo.resolve("pom.xml"), "<project><version>0.2.0</version></project>\n");
        assertThat(git(repo, "add", "pom.xml")).isZero();
        assertThat(git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "one")).isZero();
        Files.writeString(repo.resolve("pom.xml"), "<project><version>0.2.1</version></project>\n");
        assertThat(run("release", "keygen", "--out", dir.resolve("keys").toString())).isZero();
        // When a release is asked for
        int rc = run("release", "--key", dir.resolve("keys/hoverla.key").toString(), "--out", dir.resolve("out").toString(),
                "--repo", repo.toString());
        // Then it is refused in one line, before anything is cloned or written
        assertThat(rc).isEqualTo(VehicleMain.EXIT_FAILURE);
        assertThat(err.toString().trim().lines()).hasSize(1)
                .allMatch(l -> l.startsWith("release: refused: ") && l.contains("uncommitted changes to tracked files"));
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void shouldRefuseAKeyReadableByOthersBeforeBuilding(@TempDir Path dir) throws Exception {
        // Given a key file made world-readable
        assertThat(run("release", "keygen", "--out", dir.toString())).isZero();
        Files.setPosixFilePermissions(dir.resolve("hoverla.key"), PosixFilePermissions.fromString("rw-r--r--"));
        // When a release is asked for
        int rc = run("release", "--key", dir.resolve("hoverla.key").toString(), "--out", dir.resolve("out").toString());
        // Then one line gives the chmod that fixes it
        assertThat(rc).isEqualTo(VehicleMain.EXIT_FAILURE);
        assertThat(err.toString().trim().lines()).hasSize(1).allMatch(l -> l.contains("chmod 600"));
    }

    @Test
    void shouldNeedKeyAndOutWithoutASubcommand() {
        // Given / When release without options
        int rc = run("release");
        // Then it is a usage error
        assertThat(rc).isEqualTo(VehicleMain.EXIT_USAGE);
        assertThat(err.toString()).contains("--key KEYFILE and --out DIR");
    }

    @Test
    void shouldBuildWithTheCommitTimeAndExtraArgumentsLast() {
        // Given a commit time, extra arguments from the environment and from --maven-arg
        // When the Maven command is formed
        List<String> c = ReleaseCommand.mavenCommand(Instant.parse("2026-12-05T10:00:00Z"), " -o  -Dmaven.repo.local=/r ",
                List.of("-X"));
        // Then the vehicle module is built with the release profile and the commit's time; extras come last, in order
        assertThat(c).startsWith("mvn", "-B", "-ntp", "-DskipTests", "-Prelease",
                "-Dproject.build.outputTimestamp=2026-12-05T10:00:00Z", "package", "-pl", "firmware-core", "-am");
        assertThat(c).endsWith("-o", "-Dmaven.repo.local=/r", "-X");
    }

    private static int git(Path dir, String... args) throws Exception {
        List<String> c = new java.util.ArrayList<>(List.of("git"));
        c.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(c).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            return 127;
        }
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
