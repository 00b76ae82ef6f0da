package org.hoverla.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * Fuzzes {@link ScenarioFile#parse} with text mutations of the repository's example scenarios.
 * Each case gives a scenario or throws {@link ScenarioFileException} whose message is
 * {@code file:line: reason}; nothing else escapes.
 */
class ScenarioFileFuzzTest {
    private static final TextMutator MUTATOR = new TextMutator(20_000);

    @TempDir
    Path dir;

    static Path examples() {
        String root = System.getProperty("hoverla.root");
        return (root == null ? Path.of("..") : Path.of(root)).resolve("examples/scenarios").toAbsolutePath().normalize();
    }

    @Test
    void shouldParseOrNameTheLineOfMutatedScenarios() throws IOException {
        // Given every example scenario (plan paths resolve beside them)
        List<String> corpus = new ArrayList<>();
        try (var s = Files.list(examples())) {
            for (Path p : s.filter(f -> f.toString().endsWith(".scenario")).sorted().toList()) {
                corpus.add(Files.readString(p));
            }
        }
        assertThat(corpus).isNotEmpty();
        Path file = examples().resolve("fuzz.scenario");
        String prefix = java.util.regex.Pattern.quote(file.toString());
        Fuzz.text("scenario-files", rng -> MUTATOR.mutate(rng, corpus.get(rng.nextInt(corpus.size())), corpus, 4), in -> {
            // When parsed
            try {
                ScenarioFile f = ScenarioFile.parse(file, in.lines().toList());
                // Then a scenario
                assertThat(f).isNotNull();
            } catch (ScenarioFileException e) {
                // or the documented error: file, line and reason
                assertThat(e.getMessage()).matches("(?s)" + prefix + "(:\\d+)?: .+");
            }
        });
    }

    @Test
    void shouldReportAPlanFileNameHoldingANulByteAsALineError() {
        // Given (fuzz case scenario-files seed 17 #48977) a mission line whose file name holds a NUL
        Path file = examples().resolve("fuzz.scenario");
        List<String> lines = List.of("# mission", "flight mission squar\u0000-60m.plan", "duration 300");
        // When parsed, then the documented error names the file, the line and the reason
        assertThatThrownBy(() -> ScenarioFile.parse(file, lines)).isInstanceOf(ScenarioFileException.class)
                .hasMessage(file + ":2: plan file name 'squar\\0-60m.plan' is not a valid path: Nul character not allowed");
    }

    @Test
    void shouldRefuseAScenarioAboveTheSizeCapBeforeReadingIt() throws IOException {
        // Given a sparse file one byte over 1 MiB
        Path big = dir.resolve("big.scenario");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.position(ScenarioFile.MAX_FILE_BYTES);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}));
        }
        // When read, then refused with the size and the limit named
        assertThatThrownBy(() -> ScenarioFile.read(big)).isInstanceOf(ScenarioFileException.class)
                .hasMessage(big + ": file is 1048577 bytes, more than the limit of 1048576 (1 MiB) for a scenario file");
    }
}
