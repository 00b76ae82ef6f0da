package org.hoverla.sim.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.testsupport.fuzz.Fuzz;
import org.hoverla.testsupport.fuzz.TextMutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes {@link CampaignSpec#load} with text mutations of the repository's example campaigns
 * (their scenarios copied beside them, so relative paths resolve). Each case gives a spec whose
 * run count is within {@link CampaignSpec#MAX_RUNS}, or throws {@link CampaignInputException}
 * whose message starts with the file; nothing else escapes.
 */
class CampaignSpecFuzzTest {
    private static final TextMutator MUTATOR = new TextMutator(20_000);

    @TempDir
    Path dir;

    static Path examples() {
        String root = System.getProperty("hoverla.root");
        return (root == null ? Path.of("..") : Path.of(root)).resolve("examples").toAbsolutePath().normalize();
    }

    @Test
    void shouldLoadOrNameTheFileOfMutatedCampaignSpecs() throws IOException {
        // Given the example campaigns, with the example scenarios beside them
        List<String> corpus = new ArrayList<>();
        try (var s = Files.list(examples().resolve("campaigns"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                corpus.add(Files.readString(p));
            }
        }
        Files.createDirectories(dir.resolve("campaigns"));
        Files.createDirectories(dir.resolve("scenarios"));
        try (var s = Files.list(examples().resolve("scenarios"))) {
            for (Path p : s.toList()) {
                Files.copy(p, dir.resolve("scenarios").resolve(p.getFileName()));
            }
        }
        Path spec = dir.resolve("campaigns/fuzz.yaml");
        Fuzz.text("campaign-specs", rng -> MUTATOR.mutate(rng, corpus.get(rng.nextInt(corpus.size())), corpus, 4), in -> {
            // When a mutated spec is loaded
            Files.write(spec, in.getBytes(java.nio.charset.StandardCharsets.UTF_8)); // a lone surrogate becomes ?
            try {
                CampaignSpec c = CampaignSpec.load(spec);
                // Then a matrix within the limit
                assertThat(c.size()).isBetween(1L, CampaignSpec.MAX_RUNS);
            } catch (CampaignInputException e) {
                // or the documented error, naming the file
                assertThat(e.getMessage()).startsWith(spec.toString()).hasSizeGreaterThan(spec.toString().length() + 2);
            }
        });
    }
}
