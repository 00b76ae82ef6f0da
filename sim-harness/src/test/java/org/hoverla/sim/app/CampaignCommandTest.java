package org.hoverla.sim.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ./hoverla campaign} on real lockstep flights: a 4-run campaign (demo, seeds 1..2, calm
 * and 5 m/s) flown unsharded, as two shards merged, and in two worker processes, gives one
 * report; a failed run's replay command flies the same flight; bad input stops before any run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CampaignCommandTest {
    @TempDir
    static Path dir;

    private Path spec;
    private String unshardedReport;
    private String unshardedLines;

    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return HoverlaMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @BeforeAll
    void flyTheUnshardedCampaign() throws Exception {
        spec = dir.resolve("tiny.yaml");
        Files.writeString(spec, "name: tiny\nscenarios: [demo]\nseeds: 1..2\nwinds: [\"0,0\", \"5,270\"]\n");
        int status = run("campaign", spec.toString(), "--out", dir.resolve("all.jsonl").toString(),
                "--report", dir.resolve("all.txt").toString());
        assertThat(status).as(err.toString()).isZero();
        unshardedReport = Files.readString(dir.resolve("all.txt"));
        unshardedLines = Files.readString(dir.resolve("all.jsonl"));
        // The report printed is the report written, and it describes four passed demo flights
        assertThat(out.toString()).isEqualTo(unshardedReport);
        assertThat(unshardedReport).contains("Campaign tiny (spec ").contains(": 4 runs\n")
                .contains("Passed: 4 of 4 (100.0 %)").contains("crashed                0 of 4 runs").contains("Failed runs: 0");
        assertThat(unshardedLines.lines()).hasSize(4);
        // and wall-clock figures stay on stderr
        assertThat(err.toString()).contains("runs per minute");
        assertThat(unshardedReport).doesNotContain("per minute");
    }

    @Test
    void shouldMergeTwoShardsIntoTheUnshardedReportByteForByte() throws Exception {
        // When the campaign is flown as shards 1/2 and 0/2 and merged
        assertThat(run("campaign", spec.toString(), "--shard", "1/2", "--out", dir.resolve("s1.jsonl").toString(), "-q"))
                .isZero();
        assertThat(run("campaign", spec.toString(), "--shard", "0/2", "--out", dir.resolve("s0.jsonl").toString()))
                .isZero();
        assertThat(out.toString()).contains("shard 0/2, 2 of its 2 runs passed");
        int status = run("campaign", "merge", dir.resolve("s1.jsonl").toString(), dir.resolve("s0.jsonl").toString(),
                "--out", dir.resolve("merged.txt").toString(), "--lines", dir.resolve("merged.jsonl").toString());

        // Then the merged report and lines equal the unsharded ones, byte for byte
        assertThat(status).as(err.toString()).isZero();
        assertThat(Files.readString(dir.resolve("merged.txt"))).isEqualTo(unshardedReport);
        assertThat(out.toString()).isEqualTo(unshardedReport);
        assertThat(Files.readString(dir.resolve("merged.jsonl"))).isEqualTo(unshardedLines);
        // and each shard held the runs i % 2 == I, under their global index
        List<String> s1 = Files.readAllLines(dir.resolve("s1.jsonl"));
        ObjectMapper json = new ObjectMapper();
        assertThat(s1).extracting(l -> json.readTree(l).get("index").asInt()).containsExactly(1, 3);

        // And merging one shard alone, or one shard twice, is refused as bad input
        assertThat(run("campaign", "merge", dir.resolve("s1.jsonl").toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("campaign merge: campaign tiny (spec ").contains("2 are missing, e.g. runs 0, 2");
        assertThat(run("campaign", "merge", dir.resolve("s1.jsonl").toString(), dir.resolve("s1.jsonl").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("s1.jsonl:1: run 1 again").contains("overlapping shards");
    }

    @Test
    void shouldGiveTheSameReportAndLinesWithTwoWorkerProcesses() throws Exception {
        // When the campaign runs in two child JVMs
        int status = run("campaign", spec.toString(), "--jobs", "2", "--out", dir.resolve("j2.jsonl").toString(),
                "--report", dir.resolve("j2.txt").toString());

        // Then the report and the lines are those of the one-process run
        assertThat(status).as(err.toString()).isZero();
        assertThat(Files.readString(dir.resolve("j2.txt"))).isEqualTo(unshardedReport);
        assertThat(Files.readString(dir.resolve("j2.jsonl"))).isEqualTo(unshardedLines);
        assertThat(err.toString()).contains("2 processes");
    }

    @Test
    void shouldListAFailedRunWithACommandThatReplaysTheSameFlight() throws Exception {
        // Given a campaign whose second run fails (30 m/s wind: the vehicle never gets ready to arm)
        Path windy = dir.resolve("windy.yaml");
        Files.writeString(windy, "name: windy\nscenarios: [demo]\nseeds: [3]\nwinds: [\"5,270\", \"30,0\"]\n"
                + "param_sets:\n  - name: soft\n    params: {MPC_XY_P: 1.0}\n");

        // When it runs
        int status = run("campaign", windy.toString(), "--out", dir.resolve("windy.jsonl").toString());

        // Then the campaign exits 1 and the report names the run and the one command that replays it
        assertThat(status).isEqualTo(1);
        String report = out.toString();
        assertThat(report).contains("Passed: 1 of 2 (50.0 %)").contains("Failed runs: 1\n")
                .contains("  run 1 (demo, seed 3, wind 30,0, set soft): vehicle never became ready to arm");
        String replay = "./hoverla sim --demo --seed 3 --wind 30,0 --param MPC_XY_P=1";
        assertThat(report).contains("    replay: " + replay + "\n");

        // And that command flies the same flight: the same failure and the same figures
        Path summary = dir.resolve("replay.json");
        String[] words = replay.substring("./hoverla ".length()).split(" ");
        String[] args = Stream.concat(Stream.of(words), Stream.of("--no-mavlink", "-q", "--json", summary.toString()))
                .toArray(String[]::new);
        assertThat(run(args)).isEqualTo(1);
        ObjectMapper json = new ObjectMapper();
        JsonNode replayed = json.readTree(summary.toFile());
        JsonNode line = json.readTree(Files.readAllLines(dir.resolve("windy.jsonl")).get(1));
        assertThat(replayed.get("failure").asText()).isEqualTo(line.get("failure").asText());
        line.get("figures").fields().forEachRemaining(f ->
                assertThat(replayed.get(f.getKey())).as(f.getKey()).isEqualTo(f.getValue()));
    }

    Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("typo.yaml", "name: x\nscenarios: [demo]\nseeds: 1..2\nseed: 3\n", new String[0],
                        "typo.yaml:4: seed: unknown key 'seed'"),
                Arguments.of("range.yaml", "name: x\nscenarios: [demo]\nseeds: 5..1\n", new String[0],
                        "range.yaml:3: seeds: '5..1': the range is empty (1 < 5)"),
                Arguments.of("missing.yaml", "name: x\nscenarios: [demo, nowhere.yaml]\nseeds: 1..2\n", new String[0],
                        "missing.yaml:2: scenarios[1]: scenario file"),
                Arguments.of("param.yaml", "name: x\nscenarios: [demo]\nseeds: 1..2\nparam_sets:\n  - name: p\n"
                        + "    params:\n      MPC_XY_PP: 1\n", new String[0],
                        "param.yaml:7: param_sets.p.MPC_XY_PP: 1 refused: no parameter of that name"),
                Arguments.of("value.yaml", "name: x\nscenarios: [demo]\nseeds: 1..2\nparam_sets:\n  - name: p\n"
                        + "    params:\n      MPC_XY_P: -3\n", new String[0],
                        "value.yaml:7: param_sets.p.MPC_XY_P: -3 refused: out of range"),
                Arguments.of("ok.yaml", "name: x\nscenarios: [demo]\nseeds: 1..2\n", new String[] {"--shard", "3/2"},
                        "--shard '3/2': I must be 0..1 (0-based) for N = 2"),
                Arguments.of("ok.yaml", "name: x\nscenarios: [demo]\nseeds: 1..2\n", new String[] {"--jobs", "0"},
                        "--jobs must be 1..64, not 0"),
                Arguments.of("ok.yaml", "name: x\nscenarios: [demo]\nseeds: 1..2\n",
                        new String[] {"--jobs", "2", "--shard", "0/2"}, "--jobs and --shard cannot be combined"));
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void shouldStopBadInputWithOneLineAndStatusTwoBeforeAnyRun(String name, String text, String[] options,
                                                                 String expected) throws Exception {
        // Given a spec or options with one error
        Path file = dir.resolve("bad").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Path lines = dir.resolve("bad").resolve(name + ".jsonl");
        String[] args = Stream.concat(Stream.of("campaign", file.toString(), "--out", lines.toString()), Stream.of(options))
                .toArray(String[]::new);

        // When the campaign is started
        int status = run(args);

        // Then one line names the problem, the status is 2 and no run was flown (no line file, no report)
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("campaign: ").contains(expected);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(out.toString()).isEmpty();
        assertThat(lines).doesNotExist();
    }

    @Test
    void shouldAskForASpec() {
        assertThat(run("campaign")).isEqualTo(2);
        assertThat(err.toString()).startsWith("campaign: a campaign spec is required");
    }
}
