package org.hoverla.sim.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hoverla.sim.scenario.ScenarioRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report and the merge, over a stand-in for the flight (fast; the real flight is in CampaignCommandTest). */
class CampaignReportTest {
    @TempDir
    Path dir;

    private CampaignSpec spec;

    /**
     * A deterministic stand-in: figures from the seed and wind; seed 4 throws, seed 3 in wind fails
     * and crashes; the summary also holds wall-clock and nested fields a line must drop.
     */
    private static final CampaignRunner.Flight FAKE = request -> {
        if (request.seed() == 4) {
            throw new IllegalStateException("boom at seed 4");
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("scenario", "demo");
        summary.put("seed", request.seed());
        summary.put("wall_time_s", Math.random());
        summary.put("speedup", Math.random() * 100);
        summary.put("scheduler", Map.of("cycles", 1));
        summary.put("home", new double[] {50, 30, 178});
        boolean bad = request.seed() == 3 && request.windSpeedMps() > 0;
        summary.put("crashed", bad);
        summary.put("landing_error_m", request.seed() % 3 + request.windSpeedMps() / 10.0);
        summary.put("max_tilt_deg", 10.0);  // the same everywhere: the tie goes to run 0
        summary.put("hover_pos_rms_m", Double.NaN);
        summary.put("estimator", "ekf");
        return new ScenarioRunner.Result(!bad, bad ? "crashed: tilt" : "", summary);
    };

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("gnss loss.yaml"), "events: []");
        Path f = dir.resolve("spec.yaml");
        Files.writeString(f, "name: fake\nscenarios: [demo, gnss loss.yaml]\nseeds: 1..4\nwinds: [\"0,0\", \"5,270\"]\n"
                + "param_sets:\n  - name: default\n  - name: soft\n    params: {MPC_XY_P: 0.8}\n");
        spec = CampaignSpec.load(f);
    }

    private static List<JsonNode> parse(List<String> texts) throws CampaignInputException {
        List<JsonNode> out = new ArrayList<>();
        for (String t : texts) {
            out.add(RunLine.parse("test", t));
        }
        return out;
    }

    @Test
    void shouldKeepGoingAfterARunThrowsAndRecordItAsFailedWithTheMessage() throws Exception {
        // When the whole fake campaign runs
        List<String> seen = new ArrayList<>();
        List<JsonNode> lines = parse(CampaignRunner.run(spec, Shard.ALL, FAKE, seen::add));

        // Then every run has its line, in index order, and the sink saw each as it ended
        assertThat(lines).hasSize(32);
        assertThat(seen).hasSize(32);
        for (int i = 0; i < 32; i++) {
            assertThat(lines.get(i).get("index").asLong()).isEqualTo(i);
        }
        // and a run that threw is a failed run naming the exception, with no figures
        JsonNode thrown = lines.get(3);
        assertThat(thrown.get("seed").asLong()).isEqualTo(4);
        assertThat(thrown.get("passed").asBoolean()).isFalse();
        assertThat(thrown.get("failure").asText()).isEqualTo("exception: IllegalStateException: boom at seed 4");
        assertThat(thrown.get("figures").size()).isZero();
        // and a line keeps the scalar figures but not the wall clock, nested values or what it already says
        JsonNode figures = lines.get(0).get("figures");
        assertThat(figures.has("wall_time_s")).isFalse();
        assertThat(figures.has("speedup")).isFalse();
        assertThat(figures.has("scheduler")).isFalse();
        assertThat(figures.has("home")).isFalse();
        assertThat(figures.has("seed")).isFalse();
        assertThat(figures.get("hover_pos_rms_m").isNull()).isTrue();
        assertThat(figures.get("estimator").asText()).isEqualTo("ekf");
        assertThat(lines.get(31).get("params").get("MPC_XY_P").asDouble()).isEqualTo(0.8);
        assertThat(lines.get(31).get("scenario_file").asText()).isEqualTo(dir.resolve("gnss loss.yaml").toString());
    }

    @Test
    void shouldReportPassRateWorstCasesAndAReplayCommandPerFailedRun() throws Exception {
        // When the fake campaign runs and is reported
        List<JsonNode> lines = parse(CampaignRunner.run(spec, Shard.ALL, FAKE, l -> { }));
        String report = CampaignReport.render(lines);

        // Then: 8 runs threw (seed 4) and 4 crashed (seed 3 in wind): 20 of 32 passed
        assertThat(report).contains("Campaign fake (spec " + spec.hash() + "): 32 runs\n");
        assertThat(report).contains("Matrix: 2 scenarios x 2 parameter sets x 2 winds x 4 seeds");
        assertThat(report).contains("Passed: 20 of 32 (62.5 %)\n");
        // the worst landing error is seed 2 in wind (2.5 m), first met at run 5
        assertThat(report).containsPattern("landing_error_m +max +2\\.500  in run 5 \\(demo, seed 2, wind 5,270, set default\\)");
        // a tie goes to the lowest index; a figure no run reports as a number is left out
        assertThat(report).containsPattern("max_tilt_deg +max +10\\.000  in run 0 ");
        assertThat(report).doesNotContain("hover_pos_rms_m");
        assertThat(report).contains("crashed                4 of 24 runs, first run 6 (demo, seed 3, wind 5,270, set default)");
        assertThat(report).contains("Failed runs: 12\n");
        assertThat(report).contains("  run 3 (demo, seed 4, wind 0,0, set default): exception: IllegalStateException: boom at seed 4\n"
                + "    replay: ./hoverla sim --demo --seed 4 --wind 0,0\n");
        assertThat(report).contains("  run 30 (gnss loss.yaml, seed 3, wind 5,270, set soft): crashed: tilt\n"
                + "    replay: ./hoverla sim --scenario '" + dir.resolve("gnss loss.yaml") + "' --seed 3 --wind 5,270"
                + " --param MPC_XY_P=0.8\n");
        assertThat(CampaignReport.allPassed(lines)).isFalse();
    }

    @Test
    void shouldFailARunThatPassedItsScenarioButBreaksACampaignLimit() throws Exception {
        // Given the demo with limits on the landing error and on a figure the flights report as NaN
        Path f = dir.resolve("limits.yaml");
        Files.writeString(f, "name: limited\nscenarios: [demo]\nseeds: 1..2\nwinds: [\"5,270\"]\n"
                + "limits:\n  landing_error_m: 2.2\n  max_tilt_deg: 10\n");
        Path g = dir.resolve("nan.yaml");
        Files.writeString(g, "name: nan\nscenarios: [demo]\nseeds: [1]\nlimits: {hover_pos_rms_m: 1}\n");

        // When they run
        List<JsonNode> limited = parse(CampaignRunner.run(CampaignSpec.load(f), Shard.ALL, FAKE, l -> { }));
        List<JsonNode> nan = parse(CampaignRunner.run(CampaignSpec.load(g), Shard.ALL, FAKE, l -> { }));

        // Then a figure at its limit passes, one above it fails naming figure, value and limit
        assertThat(limited.get(0).get("passed").asBoolean()).isTrue();   // 1.5 m, tilt 10 (= limit)
        assertThat(limited.get(1).get("passed").asBoolean()).isFalse();  // 2.5 m
        assertThat(limited.get(1).get("failure").asText()).isEqualTo("landing_error_m 2.5 above the campaign's limit 2.2");
        // and a limited figure the run does not report as a number fails it (an unchecked limit would pass silently)
        assertThat(nan.get(0).get("failure").asText()).isEqualTo("hover_pos_rms_m not reported (limit 1)");
        // and the limits are part of the spec's identity
        assertThat(CampaignSpec.load(f).hash()).isNotEqualTo(CampaignSpec.load(
                Files.writeString(dir.resolve("nolimits.yaml"), "name: limited\nscenarios: [demo]\nseeds: 1..2\n"
                        + "winds: [\"5,270\"]\n")).hash());
    }

    @Test
    void shouldMergeShardsInAnyOrderIntoTheUnshardedReport() throws Exception {
        // Given the unsharded report
        List<String> whole = CampaignRunner.run(spec, Shard.ALL, FAKE, l -> { });
        String unsharded = CampaignReport.render(CampaignReport.assemble(located("all", whole)));

        Random random = new Random(16);
        for (int n = 1; n <= 7; n++) {
            // When the campaign runs as n shards and their lines are merged in a shuffled order
            List<CampaignReport.Located> merged = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                merged.addAll(located("shard" + i, CampaignRunner.run(spec, new Shard(i, n), FAKE, l -> { })));
            }
            Collections.shuffle(merged, random);
            List<JsonNode> assembled = CampaignReport.assemble(merged);

            // Then the lines are the unsharded lines and the report is the same text
            List<String> texts = new ArrayList<>();
            for (JsonNode line : assembled) {
                texts.add(line.toString());
            }
            assertThat(texts).as("%d shards", n).containsExactlyElementsOf(whole);
            assertThat(CampaignReport.render(assembled)).as("%d shards", n).isEqualTo(unsharded);
        }
    }

    @Test
    void shouldRefuseOverlappingMissingOrMixedShards() throws Exception {
        List<CampaignReport.Located> s0 = located("s0.jsonl", CampaignRunner.run(spec, new Shard(0, 2), FAKE, l -> { }));
        List<CampaignReport.Located> s1 = located("s1.jsonl", CampaignRunner.run(spec, new Shard(1, 2), FAKE, l -> { }));

        // A shard given twice
        List<CampaignReport.Located> twice = new ArrayList<>(s0);
        twice.addAll(s1);
        twice.addAll(s0);
        assertThatThrownBy(() -> CampaignReport.assemble(twice)).isInstanceOf(CampaignInputException.class)
                .hasMessage("s0.jsonl:1: run 0 again (already at s0.jsonl:1): overlapping shards");

        // A shard missing
        assertThatThrownBy(() -> CampaignReport.assemble(s0)).isInstanceOf(CampaignInputException.class)
                .hasMessageContaining("has 32 runs but 16 are missing, e.g. runs 1, 3, 5");

        // A shard of another spec (one more seed)
        Path other = dir.resolve("other.yaml");
        Files.writeString(other, Files.readString(dir.resolve("spec.yaml")).replace("1..4", "1..5"));
        List<CampaignReport.Located> mixed = new ArrayList<>(s0);
        mixed.addAll(located("x.jsonl", CampaignRunner.run(CampaignSpec.load(other), new Shard(1, 2), FAKE, l -> { })));
        assertThatThrownBy(() -> CampaignReport.assemble(mixed)).isInstanceOf(CampaignInputException.class)
                .hasMessageStartingWith("x.jsonl:1: from another campaign spec");

        // A line that is not a run's
        assertThatThrownBy(() -> RunLine.parse("f.jsonl:3", "{\"index\": 1}")).isInstanceOf(CampaignInputException.class)
                .hasMessage("f.jsonl:3: not a campaign run line (no 'campaign')");
        assertThatThrownBy(() -> RunLine.parse("f.jsonl:4", "{not json")).isInstanceOf(CampaignInputException.class)
                .hasMessageStartingWith("f.jsonl:4: not a JSON line");
    }

    private static List<CampaignReport.Located> located(String file, List<String> texts) throws CampaignInputException {
        List<CampaignReport.Located> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String where = file + ":" + (i + 1);
            out.add(new CampaignReport.Located(where, RunLine.parse(where, texts.get(i))));
        }
        return out;
    }
}
