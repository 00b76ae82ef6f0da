package org.hoverla.core.param.persist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.testdata.TestData;
import org.hoverla.testsupport.fuzz.Fuzz;
import org.hoverla.testsupport.fuzz.TextMutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the two parameter file formats with text mutations: QGroundControl's {@code .params}
 * ({@link QgcParamsFormat#importInto}) and the vehicle's own file ({@link ParamFile}; mutated
 * files are re-sealed with a correct CRC half the time, so the line parser is reached). Each case
 * checks: nothing escapes, every reported problem names a line of the file, and afterwards every
 * parameter holds a value within its own [min, max] (a hostile file can be refused, never obeyed
 * beyond the limits).
 */
class ParamFilesFuzzTest {
    private static final TextMutator MUTATOR = new TextMutator(100_000);

    @TempDir
    Path dir;

    private final ParamStore store = new ParamStore();
    private final FlightParams params = new FlightParams(store);

    private void tune() {
        params.rollRateP.set(0.2);
        params.batteryCells.set(6);
        params.airframe.set(FlightParams.AUTOSTART_HEXA_X);
        params.mavSystemId.set(42);
    }

    private void assertEveryValueWithinLimits() {
        for (int i = 0; i < store.count(); i++) {
            Param p = store.get(i);
            assertThat(p.doubleValue()).as(p.name()).isBetween(p.min(), p.max());
        }
    }

    private static long lines(String text) {
        return text.lines().count() + 1;
    }

    private void fuzzQgc(String target, List<String> corpus) {
        Fuzz.text(target, rng -> MUTATOR.mutate(rng, corpus.get(rng.nextInt(corpus.size())), corpus, 4), in -> {
            // When a mutated .params file is imported
            QgcParamsFormat.ImportResult r = QgcParamsFormat.importInto(store, new StringReader(in));
            // Then every problem names a line of the file and says why; the values stay within limits
            long n = lines(in);
            for (QgcParamsFormat.Problem p : r.problems()) {
                assertThat(p.line()).isBetween(1, (int) n);
                assertThat(p.message()).isNotBlank();
            }
            assertThat(r.applied()).isGreaterThanOrEqualTo(r.changed());
            assertEveryValueWithinLimits();
        });
    }

    @Test
    void shouldImportOrReportEveryLineOfMutatedQgcParamsFiles() {
        // Given the export of a tuned vehicle
        tune();
        String export = QgcParamsFormat.export(store, 1, 1, "0.1.0");
        // in slices of 40 lines (header kept): a whole export is ~1000 lines, and a case's cost is its length
        List<String> lines = export.lines().toList();
        List<String> header = lines.stream().filter(l -> l.startsWith("#")).toList();
        List<String> body = lines.stream().filter(l -> !l.startsWith("#")).toList();
        List<String> corpus = new ArrayList<>();
        for (int i = 0; i < body.size(); i += 40) {
            List<String> slice = new ArrayList<>(header);
            slice.addAll(body.subList(i, Math.min(body.size(), i + 40)));
            corpus.add(String.join("\n", slice) + "\n");
        }
        fuzzQgc("qgc-params", corpus);
    }

    @Test
    void shouldImportOrReportEveryLineOfMutatedRealQgcParamsFiles() throws IOException {
        // Given ArduPilot's TradHeli setup file from the data set (skipped without it)
        List<String> corpus = List.of(Files.readString(TestData.file("params/TradHeli_Copter36_Setup-QGC.params")));
        fuzzQgc("qgc-params-real", corpus);
    }

    /** The file with its trailer rewritten to match its body (count of NAME VALUE lines kept as it was). */
    static String reseal(String text) {
        int cut = text.lastIndexOf("# end ");
        String body = cut < 0 ? text : text.substring(0, cut);
        if (!body.isEmpty() && !body.endsWith("\n")) {
            body += "\n";
        }
        String count = "0";
        if (cut >= 0) {
            String[] t = text.substring(cut + 6).split("[ \n]", 2);
            count = t[0];
        }
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return body + "# end " + count + " crc32=" + String.format("%08x", crc.getValue()) + "\n";
    }

    @Test
    void shouldLoadOrFallBackForMutatedParameterFiles() throws IOException {
        // Given the vehicle's own file for a tuned vehicle
        tune();
        String good = ParamFile.render(store);
        List<String> corpus = List.of(good, good.replace(ParamFile.HEADER, ParamFile.HEADER_V1));
        Path file = dir.resolve("params");
        ParamFile pf = new ParamFile(file);
        long[] caseNo = new long[1];
        Fuzz.text("vehicle-params", rng -> {
            String s = MUTATOR.mutate(rng, corpus.get(rng.nextInt(corpus.size())), corpus, 3);
            return rng.nextBoolean() ? reseal(s) : s;
        }, in -> {
            // When parsed (every case) and loaded through the file (one case in 16)
            byte[] bytes = in.getBytes(StandardCharsets.UTF_8);
            ParamFile.Parsed parsed = ParamFile.parse(bytes);
            // Then a corrupt file says why; a sound one warns per line, naming the line
            if (parsed.corruption != null) {
                assertThat(parsed.corruption).isNotBlank();
            }
            for (String w : parsed.lineWarnings) {
                assertThat(w).matches("(?s)line \\d+: .+");
            }
            if (caseNo[0]++ % 16 == 0) {
                Files.write(file, bytes);
                LoadResult r = pf.load(store);
                assertThat(r.source()).isIn(LoadResult.Source.FILE, LoadResult.Source.DEFAULTS);
                for (String w : r.warnings()) {
                    assertThat(w).isNotBlank();
                }
                assertEveryValueWithinLimits();
            }
        });
    }
}
