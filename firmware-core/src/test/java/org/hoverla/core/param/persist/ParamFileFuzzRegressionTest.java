package org.hoverla.core.param.persist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs ParamFilesFuzzTest found, kept as regression tests. */
class ParamFileFuzzRegressionTest {
    @TempDir
    Path dir;

    @Test
    void shouldTreatAnEndLineCountOf49DigitsAsCorruptInsteadOfThrowing() throws Exception {
        // Given (fuzz case vehicle-params seed 17 #6047) a file whose CRC matches its body but whose
        // end line counts 1111111111111111111111111111111111111111111111111 entries
        ParamStore store = new ParamStore();
        FlightParams params = new FlightParams(store);
        params.rollRateP.set(0.2);
        String good = ParamFile.render(store);
        String bad = good.replaceFirst("# end 1 ", "# end " + "1".repeat(49) + " ");
        Path file = dir.resolve("params");
        Files.writeString(file, bad, StandardCharsets.UTF_8);
        params.rollRateP.set(0.3);

        // When loaded
        LoadResult r = new ParamFile(file).load(store);

        // Then it is corrupt, named as such, and the defaults are used (no exception out of load)
        assertThat(ParamFile.parse(bad.getBytes(StandardCharsets.UTF_8)).corruption)
                .isEqualTo("end line counts " + "1".repeat(49) + " entries, found 1");
        assertThat(r.source()).isEqualTo(LoadResult.Source.DEFAULTS);
        assertThat(r.warnings()).anyMatch(w -> w.contains("corrupt (end line counts"));
        assertThat(params.rollRateP.get()).isEqualTo(params.rollRateP.defaultValue());
    }
}
