package org.hoverla.core.rt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's logic, not its figures: no timing is asserted. */
class LoopBenchTest {

    @Test
    void shouldRunBothRunnersAndWriteEveryKey(@TempDir Path dir) throws Exception {
        // Given a one-second bench with load and no real-time set-up
        LoopBench.Options o = new LoopBench.Options(1.0, true, RealtimeSetup.Options.NONE, 100_000, null);

        // When it runs and writes its JSON
        LoopBench.Report r = LoopBench.run(o, line -> { });
        Path json = dir.resolve("bench.json");
        LoopBench.writeJson(r, json);

        // Then both runners produced cycles, and the JSON has both objects with every key
        assertThat(r.hoverla().cycles()).isPositive();
        assertThat(r.naive().cycles()).isPositive();
        assertThat(r.baseHz()).isEqualTo(1000);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        for (String runner : new String[] {"hoverla", "naive"}) {
            for (String key : new String[] {"p50_us", "p99_us", "p999_us", "max_us", "misses", "gc_max_us", "safepoints", "safepoint_max_us", "cycles",
                "seconds", "rt_priority", "cpu"}) {
                assertThat(root.get(runner).has(key)).as(runner + "." + key).isTrue();
            }
        }
        assertThat(r.table()).hasSize(4);
    }

    @Test
    void shouldCountAPeriodWithoutACycleStartAsAMissAndRecordThePeriodError() {
        // Given a probe at 1 ms with no warm-up
        LoopBench.Probe p = new LoopBench.Probe(1_000_000, 0);

        // When cycles start at 0 (first reading), 1, 2.01, 5.0 ms (nominal 3 and 4 ms without a start), 5.4 (a catch-up burst)
        p.run(0);
        p.run(1_000_000);
        p.run(2_010_000);
        p.run(5_000_000);
        p.run(5_400_000);

        // Then two periods were missed and the period errors are |Δ − P|
        assertThat(p.misses).isEqualTo(2);
        assertThat(p.cycles).isEqualTo(3);
        assertThat(p.errors.getMaxValue()).isBetween(1_990_000L, 2_000_000L);
        assertThat(p.errors.getMinValue()).isBetween(9_990L, 10_010L);
    }
}
