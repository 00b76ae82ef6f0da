package org.hoverla.core.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hoverla.core.release.Minisign;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL anywhere in an update: the installer runs in a child JVM that stops at a numbered
 * checkpoint (after each extracted file, fsync, rename, state write, link switch, snapshot,
 * deletion of an old version...), the test kills it there ({@code destroyForcibly}, SIGKILL) and
 * checks that {@code current} is a complete version, that reconcile leaves a consistent state,
 * and that the next update works. 20 distinct points drawn with a fixed seed; no sleeps: the
 * child says where it is on its stdout.
 */
class UpdateKillTest {
    private static final long SEED = 21;
    private static final int KILLS = 20;
    @TempDir
    Path tmp;
    private Path template;
    private Path bundle4;
    private Path bundle5;
    private final List<Process> children = new ArrayList<>();

    private void prepare() throws Exception {
        // Given a root with 0.1.0, 0.2.0 and 0.3.0 installed, 0.3.0 committed, a parameter file,
        // and 0.4.0 / 0.5.0 bundles: installing 0.4.0 extracts, switches and prunes 0.1.0
        Releases releases = new Releases(Files.createDirectories(tmp.resolve("work")));
        Minisign.KeyPair key = Releases.key(1);
        template = Files.createDirectories(tmp.resolve("template"));
        UpdateLayout layout = new UpdateLayout(template);
        TrustList.trust(layout, key.publicPart());
        for (String v : List.of("0.1.0", "0.2.0", "0.3.0")) {
            Path b = releases.bundle(v, key);
            new UpdateInstaller(layout, null).install(b, Releases.signatureOf(b), false);
        }
        UpdateState s = UpdateState.read(layout.stateFile());
        new UpdateState("0.3.0", "0.2.0", true, "0.3.0", 0, s.lastEvent()).write(layout.stateFile());
        Files.writeString(layout.paramsFile(), "# hoverla params schema 2\nMC_ROLL_P 6.5\n");
        bundle4 = releases.bundle("0.4.0", key);
        bundle5 = releases.bundle("0.5.0", key);
    }

    @AfterEach
    void killChildren() {
        children.forEach(Process::destroyForcibly);
    }

    private Path freshRoot(String name) throws Exception {
        Path root = tmp.resolve(name);
        Process cp = new ProcessBuilder("cp", "-a", template.toString(), root.toString()).inheritIO().start();
        assertThat(cp.waitFor(60, TimeUnit.SECONDS) && cp.exitValue() == 0).isTrue();
        return root;
    }

    private Process child(Path root, int pauseAt) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), UpdateCrashChild.class.getName(), root.toString(),
                bundle4.toString(), Releases.signatureOf(bundle4).toString(), Integer.toString(pauseAt))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        children.add(p);
        return p;
    }

    @Test
    void shouldLeaveACompleteCurrentAfterASigkillAtAnyOfTwentyRandomPoints() throws Exception {
        prepare();
        // Given the number of checkpoints of one uninterrupted install
        Process counting = child(freshRoot("count"), 0);
        int points = 0;
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(counting.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; last = line) {
                if (line.startsWith("AT ")) {
                    points = Integer.parseInt(line.substring(3));
                }
            }
        }
        assertThat(counting.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(last).isEqualTo("DONE 0.4.0");
        assertThat(points).isGreaterThanOrEqualTo(KILLS);
        // And 20 distinct points drawn with a fixed seed
        List<Integer> all = new ArrayList<>();
        for (int i = 1; i <= points; i++) {
            all.add(i);
        }
        Collections.shuffle(all, new Random(SEED));
        List<Integer> chosen = all.subList(0, KILLS);
        System.out.println("UpdateKillTest: " + points + " checkpoints; SIGKILL at " + chosen);
        for (int at : chosen) {
            // When the installer is killed at that point
            Path root = freshRoot("kill-" + at);
            Process p = child(root, at);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                do {
                    line = r.readLine();
                    assertThat(line).as("child output before point %d", at).isNotNull();
                } while (!line.equals("AT " + at));
                p.destroyForcibly();
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("killed by SIGKILL at point %d", at).isEqualTo(137);
            UpdateLayout layout = new UpdateLayout(root);
            // Then current is 0.3.0 or 0.4.0, complete, file by file
            String current = layout.currentVersion();
            assertThat(current).as("current after a kill at point %d", at).isIn("0.3.0", "0.4.0");
            assertThat(Releases.complete(layout, current)).as("complete %s after a kill at %d", current, at).isTrue();
            // And reconcile leaves a consistent state: no partial copy, the state names the link, what it names is complete
            UpdateRecovery.reconcile(layout);
            try (Stream<Path> s = Files.list(layout.versionsDir())) {
                assertThat(s.map(x -> x.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
            }
            assertThat(Files.exists(layout.installDir().resolve("current.next"))).isFalse();
            UpdateState state = UpdateState.read(layout.stateFile());
            assertThat(state.current()).as("state after a kill at %d", at).isEqualTo(current);
            assertThat(state.committed()).isEqualTo(current.equals(state.lastGood()));
            for (String named : new String[] {state.previous(), state.lastGood()}) {
                if (named != null) {
                    assertThat(Releases.complete(layout, named)).as("%s named by the state after a kill at %d", named, at).isTrue();
                }
            }
            // And the next update works
            assertThat(new UpdateInstaller(layout, null).install(bundle5, Releases.signatureOf(bundle5), false)).isEqualTo("0.5.0");
            assertThat(Releases.complete(layout, "0.5.0")).isTrue();
            assertThat(UpdateInstaller.installedVersions(layout).size()).isLessThanOrEqualTo(UpdateInstaller.KEEP);
        }
    }
}
