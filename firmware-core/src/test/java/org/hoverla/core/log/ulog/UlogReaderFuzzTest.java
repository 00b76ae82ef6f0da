package org.hoverla.core.log.ulog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hoverla.testdata.TestData;
import org.hoverla.testsupport.fuzz.ByteMutator;
import org.hoverla.testsupport.fuzz.Fuzz;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link UlogReader#read(byte[])} with byte mutations of ULog files: the synthetic flight
 * log the repository writes ({@link SyntheticFlightLog}, written by {@link UlogWriter}) and, in the
 * real-data test, the first 24 kB (header, formats, subscriptions and the first records) of the
 * data set's PX4 logs. The reader's contract: bad data never throws, it is reported in
 * {@link UlogFile#problems()} and everything readable is delivered.
 */
class UlogReaderFuzzTest {
    /** Message type letters (ULog spec "Message Types") and the SYNC magic's bytes. */
    private static final int[] MAGIC = {'B', 'F', 'I', 'M', 'P', 'Q', 'A', 'R', 'D', 'L', 'C', 'S', 'O', 0x2F, 0x73,
        0x13, 0x20, 0x25, 0x0C, 0xBB, 0x12, 'U', 'L', 'o', 'g'};
    private static final ByteMutator MUTATOR = new ByteMutator(MAGIC, 64 * 1024);

    private static void fuzz(String target, List<byte[]> corpus) {
        Fuzz.bytes(target, rng -> MUTATOR.mutate(rng, corpus.get(rng.nextInt(corpus.size())), corpus, 8), in -> {
            // When read
            UlogFile f = UlogReader.read(in);
            // Then a file, with every problem said in words (no exception escaped)
            assertThat(f).isNotNull();
            for (String p : f.problems()) {
                assertThat(p).isNotBlank();
            }
        });
    }

    @Test
    void shouldReadOrReportMutatedSyntheticLogs() {
        // Given the synthetic flight log
        byte[] log = SyntheticFlightLog.bytes();
        fuzz("ulog", List.of(log, Arrays.copyOf(log, log.length / 2)));
    }

    @Test
    void shouldReadOrReportMutatedRealPx4Logs() throws IOException {
        // Given the first 24 kB of the data set's PX4 logs (skipped without the data set)
        List<byte[]> corpus = new ArrayList<>();
        for (String name : List.of("test.ulg", "sample_appended_multiple.ulg", "quadrotor_local.ulg",
                "corrupt_actuator_armed_wrong_size.ulg")) {
            byte[] b = Files.readAllBytes(TestData.file("ulog/" + name));
            corpus.add(Arrays.copyOf(b, Math.min(b.length, 24 * 1024)));
        }
        fuzz("ulog-real", corpus);
    }
}
