package org.hoverla.mission.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hoverla.testdata.TestData;
import org.hoverla.testsupport.fuzz.Fuzz;
import org.hoverla.testsupport.fuzz.TextMutator;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the plan file readers ({@link QgcPlanFormat} for {@code .plan} JSON, {@link WplFormat}
 * for QGC WPL 110) with text mutations of valid plans: the repository's examples, a hand-written
 * WPL, and (in the real-data test) the test data set's QGC and Mission Planner files. Each case
 * either parses or throws {@link PlanFileException} whose message names the file and a non-empty
 * reason; nothing else may escape.
 */
class PlanFilesFuzzTest {
    private static final TextMutator MUTATOR = new TextMutator(200_000);
    private static final String WPL = """
            QGC WPL 110
            0\t1\t0\t16\t0\t0\t0\t0\t50.401700\t30.449500\t178.000000\t1
            1\t0\t3\t22\t0.000000\t0.000000\t0.000000\tnan\t50.401700\t30.449500\t20.000000\t1
            2\t0\t3\t16\t0.000000\t0.000000\t0.000000\t0.000000\t50.402200\t30.450100\t30.000000\t1
            3\t0\t3\t177\t1.000000\t2.000000\t0.000000\t0.000000\t0.000000\t0.000000\t0.000000\t1
            4\t0\t3\t20\t0.000000\t0.000000\t0.000000\t0.000000\t0.000000\t0.000000\t0.000000\t1
            """;

    static Path repo() {
        String root = System.getProperty("hoverla.root");
        return root == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(root);
    }

    private static List<String> read(List<Path> files) throws IOException {
        List<String> l = new ArrayList<>();
        for (Path f : files) {
            l.add(Files.readString(f, StandardCharsets.UTF_8));
        }
        return l;
    }

    private static void fuzz(String target, List<String> plans, List<String> wpls) {
        Fuzz.text(target, rng -> {
            boolean json = rng.nextBoolean();
            List<String> corpus = json ? plans : wpls;
            String s = corpus.get(rng.nextInt(corpus.size()));
            return (json ? "J" : "W") + MUTATOR.mutate(rng, s, corpus, 4);
        }, in -> {
            // When the mutated text is parsed as its format
            String name = in.charAt(0) == 'J' ? "fuzz.plan" : "fuzz.waypoints";
            String text = in.substring(1);
            try {
                PlanDocument d = in.charAt(0) == 'J' ? QgcPlanFormat.parse(text, name) : WplFormat.parse(text, name);
                // Then a plan, within the item limit
                assertThat(d.plan()).isNotNull();
            } catch (PlanFileException e) {
                // or the documented error, naming the file and why
                assertThat(e.getMessage()).startsWith(name + ": ");
                assertThat(e.reason()).isNotBlank();
            }
        });
    }

    @Test
    void shouldParseOrRejectClearlyMutatedExamplePlans() throws IOException {
        // Given the repository's example .plan files and a WPL file
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(repo().resolve("examples/scenarios"))) {
            s.filter(p -> p.toString().endsWith(".plan")).sorted().forEach(files::add);
        }
        assertThat(files).isNotEmpty();
        fuzz("plan-files", read(files), List.of(WPL));
    }

    @Test
    void shouldParseOrRejectClearlyMutatedRealPlans() throws IOException {
        // Given the data set's QGroundControl and Mission Planner files (skipped without the data set)
        List<String> plans = read(List.of(TestData.file("missions/qgroundcontrol_sample.plan"),
                TestData.file("missions/qgroundcontrol_sample_with_survey.plan"),
                TestData.file("missions/multicopter_mission_geofence_avoid.plan")));
        List<String> wpls = read(List.of(TestData.file("missions/MissionPlanner.waypoints"),
                TestData.file("missions/mission_planner_sample.txt")));
        fuzz("plan-files-real", plans, wpls);
    }

    @Test
    void shouldRefuseAFileAboveTheSizeCapBeforeReadingIt() throws IOException {
        // Given a sparse file one byte over 10 MB
        Path dir = Files.createTempDirectory("plan-cap");
        Path big = dir.resolve("big.plan");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.position(PlanFiles.MAX_FILE_BYTES);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'}'}));
        }
        // When read, then refused with the limit named
        try {
            PlanFiles.read(big);
            throw new AssertionError("a file over the cap was read");
        } catch (PlanFileException e) {
            assertThat(e.getMessage()).contains("more than the limit");
        } finally {
            Files.delete(big);
            Files.delete(dir);
        }
    }
}
