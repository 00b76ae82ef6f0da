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

    /**
     * A committed repository with the files a release reads, committed at a fixed time, and a
     * fake Maven that writes the vehicle jar and SBOM (or fails) and echoes its arguments.
     */
    private static Path repoWithFakeMaven(Path dir, boolean buildFails) throws Exception {
        Path repo = dir.resolve("repo");
        Path install = repo.resolve("firmware-core/src/main/resources/org/hoverla/core/boot/install");
        Files.createDirectories(install);
        Files.writeString(repo.resolve("pom.xml"), "<project><version>0.2.0</version><properties>"
                + "<hoverla.release.minFrom>0.1.5</hoverla.release.minFrom></properties></project>\n");
        Files.writeString(install.resolve("hoverla"), "#!/usr/bin/env bash\necho launcher\n");
        Files.writeString(install.resolve("jvm.options"), "-XX:+UseZGC\n");
        assertThat(git(repo, "init", "-q")).isZero();
        assertThat(git(repo, "add", ".")).isZero();
        assertThat(git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "one")).isZero();
        Path sbom = dir.resolve("fixture.cdx.json");
        Files.writeString(sbom, org.hoverla.core.release.ReleaseContentsTestAccess.SBOM);
        Path mvn = dir.resolve("fake-mvn");
        Files.writeString(mvn, "#!/bin/sh\necho \"fake mvn $*\"\n"
                + (buildFails ? "echo '[ERROR] COMPILATION ERROR'\nexit 1\n"
                        : "mkdir -p firmware-core/target\nprintf 'not really a jar\\n' > firmware-core/target/hoverla-vehicle.jar\n"
                        + "cp '" + sbom + "' firmware-core/target/hoverla-vehicle.cdx.json\n"));
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        return repo;
    }

    private int release(Path dir, Path repo) {
        return run("release", "--key", dir.resolve("keys/hoverla.key").toString(), "--out", dir.resolve("out").toString(),
                "--repo", repo.toString(), "--mvn", dir.resolve("fake-mvn").toString(), "--maven-arg", "-Dextra=1");
    }

    @Test
    void shouldReleaseTheCommitWithItsTimeAndSignTheBundle(@TempDir Path dir) throws Exception {
        // Given a clean committed repository, a Maven that builds, and a release key
        Assumptions.assumeTrue(git(dir, "--version") == 0, "git is not installed: skipping the release run");
        Path repo = repoWithFakeMaven(dir, false);
        assertThat(run("release", "keygen", "--out", dir.resolve("keys").toString())).isZero();
        String commit = gitOut(repo, "rev-parse", "HEAD").trim();
        Instant time = Instant.ofEpochSecond(Long.parseLong(gitOut(repo, "show", "-s", "--format=%ct", "HEAD").trim()));
        // When a release is made
        int rc = release(dir, repo);
        // Then Maven got the commit's time, the release profile and the extra argument, and the bundle is signed
        assertThat(rc).as(err.toString()).isZero();
        Path out = dir.resolve("out");
        String log = Files.readString(out.resolve("hoverla-0.2.0.build.log"));
        assertThat(log).contains("-Dproject.build.outputTimestamp=" + time, "-Prelease", "-pl firmware-core -am", "-Dextra=1");
        byte[] tar = Files.readAllBytes(out.resolve("hoverla-0.2.0.tar"));
        org.hoverla.core.release.ReleaseManifest m = org.hoverla.core.release.ReleaseBundle.verify(out.resolve("hoverla-0.2.0.tar"));
        assertThat(m.commit()).isEqualTo(commit);
        assertThat(m.buildTime()).isEqualTo(time);
        assertThat(m.minFromVersion()).isEqualTo("0.1.5");
        org.hoverla.core.release.Minisign.ReleaseKey pub = org.hoverla.core.release.Minisign.parsePublicKey(
                Files.readString(dir.resolve("keys/hoverla.pub")));
        org.hoverla.core.release.Minisign.SignatureFile s = org.hoverla.core.release.Minisign.verify(
                Files.readString(out.resolve("hoverla-0.2.0.tar.minisig")), tar, pub);
        assertThat(s.trustedComment()).startsWith("hoverla 0.2.0 commit " + commit + " built " + time + " param_schema ");
        assertThat(out.toFile().list()).containsExactlyInAnyOrder("hoverla-0.2.0.tar", "hoverla-0.2.0.tar.minisig",
                "hoverla-0.2.0.manifest.json", "hoverla-0.2.0.cdx.json", "hoverla-0.2.0.build.log");
        assertThat(this.out.toString()).contains(org.hoverla.core.release.Minisign.sha256Hex(tar) + "  " + out.resolve("hoverla-0.2.0.tar"))
                .contains(pub.keyIdHex());
        // And the real minisign verifies what the command wrote, when it is installed
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/minisign")), "minisign is not installed: skipping its check");
        Process p = new ProcessBuilder("minisign", "-Vm", out.resolve("hoverla-0.2.0.tar").toString(), "-p",
                dir.resolve("keys/hoverla.pub").toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(said).isZero();
        assertThat(said).contains("Trusted comment: hoverla 0.2.0 commit " + commit);
    }

    @Test
    void shouldFailInOneLineNamingTheLogWhenTheBuildFails(@TempDir Path dir) throws Exception {
        // Given a clean committed repository and a Maven that fails
        Assumptions.assumeTrue(git(dir, "--version") == 0, "git is not installed: skipping the failed build");
        Path repo = repoWithFakeMaven(dir, true);
        assertThat(run("release", "keygen", "--out", dir.resolve("keys").toString())).isZero();
        // When a release is made
        int rc = release(dir, repo);
        // Then one line names the log, which holds Maven's output, and no bundle is written
        assertThat(rc).isEqualTo(VehicleMain.EXIT_FAILURE);
        Path log = dir.resolve("out/hoverla-0.2.0.build.log");
        assertThat(err.toString().trim().lines()).hasSize(1).allMatch(l -> l.contains("build failed") && l.contains(log.toString()));
        assertThat(Files.readString(log)).contains("[ERROR] COMPILATION ERROR");
        assertThat(dir.resolve("out/hoverla-0.2.0.tar")).doesNotExist();
    }

    private static String gitOut(Path dir, String... args) throws Exception {
        List<String> c = new java.util.ArrayList<>(List.of("git"));
        c.addAll(List.of(args));
        Process p = new ProcessBuilder(c).directory(dir.toFile()).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return text;
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
