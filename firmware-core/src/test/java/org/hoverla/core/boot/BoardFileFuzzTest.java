package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.testsupport.fuzz.Fuzz;
import org.hoverla.testsupport.fuzz.TextMutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes {@link BoardFile#parse} with text mutations of every shipped board profile, as YAML and
 * as the same tree written in JSON. Each case either gives a board or throws
 * {@link BoardFileException} whose message is {@code source:line: problem}; nothing else escapes.
 */
class BoardFileFuzzTest {
    private static final TextMutator MUTATOR = new TextMutator(50_000);

    @TempDir
    Path dir;

    private static List<String> shipped() throws IOException {
        List<String> l = new ArrayList<>();
        for (String name : BoardFile.SHIPPED) {
            try (InputStream in = BoardFile.class.getResourceAsStream("/boards/" + name + ".yaml")) {
                l.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return l;
    }

    @Test
    void shouldParseOrNameTheLineOfMutatedBoardFiles() throws IOException {
        // Given every shipped profile, in YAML and in JSON
        List<String> yaml = shipped();
        ObjectMapper y = new ObjectMapper(new YAMLFactory());
        ObjectMapper j = new ObjectMapper();
        List<String> json = new ArrayList<>();
        for (String s : yaml) {
            json.add(j.writerWithDefaultPrettyPrinter().writeValueAsString(y.readTree(s)));
        }
        Fuzz.text("board-files", rng -> {
            boolean isJson = rng.nextInt(3) == 0;
            List<String> corpus = isJson ? json : yaml;
            return (isJson ? "J" : "Y") + MUTATOR.mutate(rng, corpus.get(rng.nextInt(corpus.size())), corpus, 4);
        }, in -> {
            boolean isJson = in.charAt(0) == 'J';
            String source = isJson ? "fuzz.json" : "fuzz.yaml";
            // When parsed
            try {
                BoardConfig b = BoardFile.parse(source, in.substring(1), isJson);
                // Then a board
                assertThat(b).isNotNull();
            } catch (BoardFileException e) {
                // or the documented error: file, line and problem
                assertThat(e.getMessage()).matches("(?s)" + java.util.regex.Pattern.quote(source) + ":\\d+: .+");
            }
        });
    }

    @Test
    void shouldRefuseABoardFileAboveTheSizeCapBeforeReadingIt() throws IOException {
        // Given a sparse file one byte over 1 MiB
        Path big = dir.resolve("big.yaml");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.position(BoardFile.MAX_FILE_BYTES);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}));
        }
        // When loaded, then refused with the size and the limit named
        assertThatThrownBy(() -> BoardFile.load(big.toString())).isInstanceOf(BoardFileException.class)
                .hasMessage(big + ": file is 1048577 bytes, more than the limit of 1048576 (1 MiB) for a board file");
        assertThat(Files.size(big)).isEqualTo(BoardFile.MAX_FILE_BYTES + 1);
    }
}
