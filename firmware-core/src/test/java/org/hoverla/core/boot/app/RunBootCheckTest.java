package org.hoverla.core.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hoverla.core.update.BootCheck;
import org.hoverla.core.update.UpdateLayout;
import org.hoverla.core.update.UpdateState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run}'s boot check: the A/B root found from the jar's path or given, and a rollback before anything boots. */
class RunBootCheckTest {
    @TempDir
    Path root;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return VehicleMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void shouldRollBackAndExitThreeBeforeBootingWhenATrialVersionFailsItsSelfTest() throws Exception {
        // Given v2 committed with its parameter snapshot, and v3 on trial
        UpdateLayout layout = new UpdateLayout(root);
        for (String v : new String[] {"v2", "v3"}) {
            Files.createDirectories(layout.versionDir(v).resolve("lib"));
        }
        layout.switchCurrent("v3");
        Files.createDirectories(layout.paramsSnapshot("v2").getParent());
        Files.writeString(layout.paramsSnapshot("v2"), "v2's parameters\n");
        Files.writeString(layout.paramsFile(), "v3's parameters\n");
        new UpdateState("v3", "v2", false, "v2", 0, null).write(layout.stateFile());

        // When run starts v3 on its board file, which declares a barometer the unit does not carry
        int status = run("run", "--board", resource("update/bench-fake-v3.yaml"), "--no-mavlink", "--update-root",
                root.toString(), "--state-dir", layout.stateDir().toString(), "--duration", "5");

        // Then it exits 3 without booting, back on v2 with v2's parameter file
        assertThat(status).as(out + "\n" + err).isEqualTo(BootCheck.EXIT_ROLLED_BACK);
        assertThat(out.toString()).contains("boot check: v3 on trial, start 1 of 3; self-test")
                .contains("boot check: rolled back from v3 to v2: self-test failed: baro1:bmp388 chip id no answer")
                .doesNotContain("flight thread running");
        assertThat(layout.currentVersion()).isEqualTo("v2");
        assertThat(Files.readString(layout.paramsFile())).isEqualTo("v2's parameters\n");
    }

    @Test
    void shouldCountATrialStartBeforeReadingTheBoardFileSoAVersionThatDiesThereStillRollsBack() throws Exception {
        // Given v3 on trial over a committed v2, and a board file v3 cannot read
        UpdateLayout layout = new UpdateLayout(root);
        for (String v : new String[] {"v2", "v3"}) {
            Files.createDirectories(layout.versionDir(v).resolve("lib"));
        }
        layout.switchCurrent("v3");
        new UpdateState("v3", "v2", false, "v2", 0, null).write(layout.stateFile());
        Path broken = root.resolve("broken.yaml");
        Files.writeString(broken, "buses: [\n");
        String[] args = {"run", "--board", broken.toString(), "--no-mavlink", "--update-root", root.toString(),
            "--state-dir", layout.stateDir().toString(), "--duration", "5"};

        // When v3 dies on the board file three times (systemd restarts it)
        for (int start = 1; start <= 3; start++) {
            assertThat(run(args)).as("start %d", start).isEqualTo(VehicleMain.EXIT_USAGE);
            assertThat(UpdateState.read(layout.stateFile()).trialBoots()).isEqualTo(start);
        }

        // Then the 4th start rolls back to v2 before it reads the board file
        assertThat(run(args)).isEqualTo(BootCheck.EXIT_ROLLED_BACK);
        assertThat(layout.currentVersion()).isEqualTo("v2");
        assertThat(UpdateState.read(layout.stateFile()).lastEvent().reason())
                .startsWith("crash loop: 4 starts of v3 without passing the boot check");
    }

    @Test
    void shouldCountAndRollBackACrashLoopWithTheBootCheckCommandThePackagesLauncherRuns() throws Exception {
        // Given v3 on trial over a committed v2, started three times already
        UpdateLayout layout = new UpdateLayout(root);
        for (String v : new String[] {"v2", "v3"}) {
            Files.createDirectories(layout.versionDir(v).resolve("lib"));
        }
        layout.switchCurrent("v3");
        new UpdateState("v3", "v2", false, "v2", 2, null).write(layout.stateFile());

        // When the package's launcher counts the third start, Then v3 may start (exit 0), counted
        assertThat(run("boot-check", "--count-start", "--root", root.toString())).isZero();
        assertThat(UpdateState.read(layout.stateFile()).trialBoots()).isEqualTo(3);

        // When it counts the fourth, Then it rolls back to v2 and exits 3
        assertThat(run("boot-check", "--count-start", "--root", root.toString())).isEqualTo(BootCheck.EXIT_ROLLED_BACK);
        assertThat(layout.currentVersion()).isEqualTo("v2");
        assertThat(out.toString()).contains("boot check: rolled back from v3 to v2: crash loop: 4 starts of v3");
    }

    @Test
    void shouldFindTheRootFromTheJarsPathInAnABInstall() {
        // Given the jar's path in an A/B install, and elsewhere
        Path jar = Path.of("/srv/unit7/opt/hoverla/versions/1.4.0/lib/hoverla-vehicle.jar");

        // Then the root and version come from the path, and a jar elsewhere has no root
        assertThat(BootCheckRun.rootOf(jar)).isEqualTo(Path.of("/srv/unit7"));
        assertThat(BootCheckRun.versionOf(jar)).isEqualTo("1.4.0");
        assertThat(BootCheckRun.rootOf(Path.of("/opt/hoverla/versions/1.4.0/lib/hoverla-vehicle.jar")))
                .isEqualTo(Path.of("/"));
        assertThat(BootCheckRun.rootOf(Path.of("/work/hoverla/firmware-core/target/hoverla-vehicle.jar"))).isNull();
        assertThat(BootCheckRun.rootOf(Path.of("/opt/hoverla/lib/hoverla-vehicle.jar"))).isNull();
    }

    private static String resource(String name) throws URISyntaxException {
        return Path.of(RunBootCheckTest.class.getClassLoader().getResource(name).toURI()).toString();
    }
}
