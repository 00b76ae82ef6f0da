package org.hoverla.sim.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hoverla.core.param.ParamStore;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CampaignSpecTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    @Test
    void shouldNumberRunsScenarioSlowestThenParamSetThenWindThenSeedFastest() throws Exception {
        // Given 2 scenarios x 2 parameter sets x 2 winds x 3 seeds
        write("scenarios/a.yaml", "a");
        write("scenarios/b.yaml", "b");
        Path spec = write("campaigns/matrix.yaml", String.join("\n",
                "name: matrix",
                "scenarios: [../scenarios/a.yaml, demo]",
                "seeds: 7..9",
                "winds: [\"0,0\", [5, 270]]",
                "param_sets:",
                "  - name: base",
                "  - name: stiff",
                "    params: {MPC_XY_P: 1.2, MC_ROLL_P: 7}",
                ""));

        // When it is read
        CampaignSpec c = CampaignSpec.load(spec);

        // Then the matrix has 24 runs in the documented order, each index decoding to its cell
        assertThat(c.size()).isEqualTo(24);
        List<String> cells = new ArrayList<>();
        for (long i = 0; i < c.size(); i++) {
            CampaignSpec.Run r = c.run(i);
            assertThat(r.index()).isEqualTo(i);
            cells.add(r.scenario().label() + "|" + r.paramSet().name() + "|" + r.wind().text() + "|" + r.seed());
        }
        List<String> expected = new ArrayList<>();
        for (String s : List.of("../scenarios/a.yaml", "demo")) {
            for (String p : List.of("base", "stiff")) {
                for (String w : List.of("0,0", "5,270")) {
                    for (long seed = 7; seed <= 9; seed++) {
                        expected.add(s + "|" + p + "|" + w + "|" + seed);
                    }
                }
            }
        }
        assertThat(cells).containsExactlyElementsOf(expected);
        // and scenario files resolve against the spec's directory; the demo has none
        assertThat(c.run(0).scenario().file()).isEqualTo(dir.resolve("scenarios/a.yaml").normalize());
        assertThat(c.run(23).scenario().file()).isNull();
        assertThat(c.run(23).paramSet().params()).containsExactly(Map.entry("MPC_XY_P", 1.2), Map.entry("MC_ROLL_P", 7.0));
        assertThatThrownBy(() -> c.run(24)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldDefaultToCalmAirAndOneEmptyParameterSetAndTakeSeedLists() throws Exception {
        // Given a spec with only the required keys and a list of seeds
        Path spec = write("min.yaml", "name: min\nscenarios: [demo]\nseeds: [5, 1, 3]\n");

        // When it is read
        CampaignSpec c = CampaignSpec.load(spec);

        // Then the seeds keep their order, the air is calm and the one set is 'default'
        assertThat(c.seeds()).containsExactly(5, 1, 3);
        assertThat(c.winds()).containsExactly(new CampaignSpec.Wind(0, 0));
        assertThat(c.paramSets()).extracting(CampaignSpec.ParamSet::name).containsExactly("default");
        assertThat(c.limits()).isEmpty();
        assertThat(c.run(1).seed()).isEqualTo(1);
    }

    @Test
    void shouldChangeTheHashWithTheMatrixOrAScenarioFileButNotWithCommentsOrDescription() throws Exception {
        // Given one spec, the same with a comment and description, another seed range, and a changed scenario file
        write("s.yaml", "one");
        String body = "name: h\nscenarios: [s.yaml]\nseeds: 1..3\n";
        String base = CampaignSpec.load(write("h1.yaml", body)).hash();
        String commented = CampaignSpec.load(write("h2.yaml", "# note\n" + body + "description: x\n")).hash();
        String moreSeeds = CampaignSpec.load(write("h3.yaml", body.replace("1..3", "1..4"))).hash();
        write("s.yaml", "two");
        String otherScenario = CampaignSpec.load(write("h4.yaml", body)).hash();

        // Then only the matrix and the scenario's bytes move it
        assertThat(commented).isEqualTo(base);
        assertThat(moreSeeds).isNotEqualTo(base);
        assertThat(otherScenario).isNotEqualTo(base);
        assertThat(base).matches("[0-9a-f]{16}");
    }

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                Arguments.of("name: x\nscenarios: [demo]\nseeds: 1..3\nwindz: [\"0,0\"]\n", ":4: windz: unknown key 'windz'"),
                Arguments.of("name: x\nscenarios: [demo]\nseeds: 10..1\n", ":3: seeds: '10..1': the range is empty"),
                Arguments.of("name: x\nscenarios: [demo]\nseeds: 1..x\n", ":3: seeds: '1..x' is neither a range"),
                Arguments.of("name: x\nscenarios: [demo]\nseeds: [1, 2, 1]\n", ":3: seeds[2]: seed 1 is listed twice"),
                Arguments.of("name: x\nscenarios: [demo]\nseeds: [1, -2]\n", ":3: seeds[1]: '-2' is not a seed"),
                Arguments.of("name: x\nscenarios: [demo]\n", ":1: 'seeds' is required"),
                Arguments.of("name: x\nscenarios:\n  - demo\n  - missing.yaml\nseeds: 1..2\n",
                        ":4: scenarios[1]: scenario file"),
                Arguments.of("name: x\nscenarios: [demo]\nseeds: 1..2\nwinds:\n  - 5,270\n  - 40,0\n",
                        ":6: winds[1]: wind speed 40.0 m/s is outside 0..30 m/s"),
                Arguments.of("name: x\nscenarios: [demo]\nseeds: 1..2\nwinds: [\"5;270\"]\n", ":4: winds[0]: '5;270' is not SPEED,FROM_DEG"),
                Arguments.of("name: x\nscenarios: [demo]\nseeds: 1..2\nparam_sets:\n  - name: a\n    params:\n      MPC_XY_P: fast\n",
                        ":7: param_sets[0].params.MPC_XY_P: 'fast' is not a finite number"),
                Arguments.of("name: x\nscenarios: [demo]\nseeds: 1..2\nparam_sets:\n  - name: a\n  - name: a\n",
                        ":6: param_sets[1].name: parameter set 'a' is defined twice"),
                Arguments.of("name: x\nscenarios: [demo]\nseeds: 1..2\nparam_sets:\n  - name: a\n    parms: {}\n",
                        ":6: param_sets[0].parms: unknown key 'parms'"),
                Arguments.of("name: a b\nscenarios: [demo]\nseeds: 1\n", ":1: name: 'a b' is not a name"),
                Arguments.of("name: x\nscenarios: [demo]\nseeds: 1\nlimits:\n  landing_error_m: far\n",
                        ":5: limits.landing_error_m: 'far' is not a finite number"),
                Arguments.of("name: x\nscenarios: [demo]\nseeds: 1\nlimits:\n  Landing Error: 5\n",
                        ":5: limits.Landing Error: 'Landing Error' is not a summary figure name"),
                Arguments.of("name: x\nscenarios: [demo]\nseeds: 1\nlimits: 5\n", ":4: limits: expected a mapping FIGURE: MAXIMUM"),
                Arguments.of("name: x\nscenarios: [demo\nseeds: 1\n", "not valid YAML"),
                Arguments.of("- just\n- a list\n", ":1: a campaign spec is a mapping"));
    }

    @ParameterizedTest
    @MethodSource("badSpecs")
    void shouldNameTheFileLineAndKeyOfEachError(String text, String expected) throws Exception {
        // Given a spec with one error
        Path spec = write("bad.yaml", text);

        // When it is read, then the one-line message names the file, the line and the key
        assertThatThrownBy(() -> CampaignSpec.load(spec))
                .isInstanceOf(CampaignInputException.class)
                .hasMessageStartingWith(spec.toString() + ":")
                .hasMessageContaining(expected)
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldReportAScenarioFileItsCheckRefusesAtItsLineInTheSpec() throws Exception {
        // Given a spec whose second scenario file a scenario check refuses
        write("good.yaml", "ok");
        write("broken.yaml", "broken");
        Path spec = write("checked.yaml", "name: x\nscenarios:\n  - good.yaml\n  - broken.yaml\nseeds: 1\n");
        CampaignSpec.ScenarioCheck check = f -> {
            if (Files.readString(f).equals("broken")) {
                throw new IllegalArgumentException("line 1: unknown event 'broken'");
            }
        };

        // When it is read, then the spec's line names the file and carries the check's reason
        assertThatThrownBy(() -> CampaignSpec.load(spec, check)).isInstanceOf(CampaignInputException.class)
                .hasMessage(spec + ":4: scenarios[1]: scenario file " + dir.resolve("broken.yaml")
                        + ": line 1: unknown event 'broken'");
    }

    @Test
    void shouldNameAMissingSpecFile() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> CampaignSpec.load(missing)).isInstanceOf(CampaignInputException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void shouldRefuseParametersTheVehicleDoesNotHaveOrWillNotTakeBeforeAnyRun() throws Exception {
        // Given specs with an unknown parameter, a value out of range, and a fine set before a bad one
        Path unknown = write("unknown.yaml", "name: x\nscenarios: [demo]\nseeds: 1..2\nparam_sets:\n"
                + "  - name: a\n    params:\n      MPC_XY_P: 1.0\n      NO_SUCH_PARAM: 1\n");
        Path outOfRange = write("range.yaml", "name: x\nscenarios: [demo]\nseeds: 1..2\nparam_sets:\n"
                + "  - name: ok\n  - name: hot\n    params: {MPC_XY_P: 1000}\n");
        ParamStore vehicle = new LockstepSim(new SimConfig()).params();
        // (one booted vehicle is enough to check names and ranges; a fresh store per set is what a run sees)
        java.util.function.Supplier<ParamStore> stores = () -> vehicle;

        // When the parameters are checked, then the line of the bad assignment and the reason are named
        CampaignSpec a = CampaignSpec.load(unknown);
        assertThatThrownBy(() -> a.checkParams(stores)).isInstanceOf(CampaignInputException.class)
                .hasMessage(unknown + ":8: param_sets.a.NO_SUCH_PARAM: 1 refused: no parameter of that name");
        CampaignSpec b = CampaignSpec.load(outOfRange);
        assertThatThrownBy(() -> b.checkParams(stores)).isInstanceOf(CampaignInputException.class)
                .hasMessage(outOfRange + ":7: param_sets.hot.MPC_XY_P: 1000 refused: out of range");
    }
}
