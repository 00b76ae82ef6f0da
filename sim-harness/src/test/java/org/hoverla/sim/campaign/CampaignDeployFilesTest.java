package org.hoverla.sim.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.sim.app.HoverlaMain;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The shipped Kubernetes Indexed Job and sample spec are what the campaign command takes. */
class CampaignDeployFilesTest {
    /** Tests run in the module directory; the files live at the repository root. */
    private static final Path ROOT = Path.of("..");
    private static final String INDEX = "$(JOB_COMPLETION_INDEX)";

    @Test
    void shouldMapTheCompletionIndexToTheShardOfAsManyShardsAsCompletions() throws Exception {
        // Given the manifest
        JsonNode job = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("deploy/kubernetes/campaign-job.yaml").toFile());

        // Then it is an Indexed Job whose pods never restart in place (a retry is a new pod of the same index)
        assertThat(job.get("apiVersion").asText()).isEqualTo("batch/v1");
        assertThat(job.get("kind").asText()).isEqualTo("Job");
        JsonNode spec = job.get("spec");
        assertThat(spec.get("completionMode").asText()).isEqualTo("Indexed");
        int completions = spec.get("completions").asInt();
        assertThat(completions).isPositive();
        assertThat(spec.get("parallelism").asInt()).isBetween(1, completions);
        JsonNode pod = spec.get("template").get("spec");
        assertThat(pod.get("restartPolicy").asText()).isEqualTo("Never");
        assertThat(pod.get("containers")).hasSize(1);
        JsonNode container = pod.get("containers").get(0);

        // and the container's command line runs the campaign, shard INDEX of 'completions' shards, to a per-index file
        List<String> args = new ArrayList<>();
        container.get("args").forEach(a -> args.add(a.asText()));
        assertThat(args.get(0)).isEqualTo("campaign");
        String shard = args.get(args.indexOf("--shard") + 1);
        assertThat(shard).isEqualTo(INDEX + "/" + completions);
        assertThat(args.get(args.indexOf("--out") + 1)).contains(INDEX).endsWith(".jsonl");
        assertThat(args).contains("--exit-zero");
        // the index variable is declared in the container's env, from the completion-index annotation
        JsonNode env = container.get("env").get(0);
        assertThat(env.get("name").asText()).isEqualTo("JOB_COMPLETION_INDEX");
        assertThat(env.get("valueFrom").get("fieldRef").get("fieldPath").asText())
                .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
        // bad input (status 2) fails the Job instead of being retried
        JsonNode rule = spec.get("podFailurePolicy").get("rules").get(0);
        assertThat(rule.get("action").asText()).isEqualTo("FailJob");
        assertThat(rule.get("onExitCodes").get("values").get(0).asInt()).isEqualTo(2);
        assertThat(rule.get("onExitCodes").get("containerName").asText()).isEqualTo(container.get("name").asText());

        // and for every index the arguments parse as this build's command line, each giving one valid shard
        boolean[] covered = new boolean[completions];
        for (int k = 0; k < completions; k++) {
            List<String> actual = new ArrayList<>();
            for (String a : args) {
                actual.add(a.replace(INDEX, Integer.toString(k)));
            }
            new CommandLine(new HoverlaMain()).parseArgs(actual.toArray(String[]::new));
            Shard s = Shard.parse(actual.get(actual.indexOf("--shard") + 1));
            assertThat(s.count()).isEqualTo(completions);
            covered[s.index()] = true;
        }
        for (boolean c : covered) {
            assertThat(c).isTrue();
        }
    }

    @Test
    void shouldShipASampleSpecThatIsValidWithTheBuiltInDemo() throws Exception {
        // Given the sample spec, when it is read and its parameters checked
        CampaignSpec spec = CampaignSpec.load(ROOT.resolve("examples/campaigns/demo-wind.yaml"));
        spec.checkParams(() -> new LockstepSim(new SimConfig()).params());

        // Then it is the demo in calm air and three winds, 25 seeds each
        assertThat(spec.name()).isEqualTo("demo-wind");
        assertThat(spec.size()).isEqualTo(100);
        assertThat(spec.scenarios()).extracting(CampaignSpec.Scenario::label).containsExactly(CampaignSpec.DEMO);
        assertThat(spec.winds()).hasSize(4);
    }
}
