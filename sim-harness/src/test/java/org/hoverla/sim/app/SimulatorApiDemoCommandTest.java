package org.hoverla.sim.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ./hoverla sim --demo --simulator-api}: usage errors and the JSON summary's keys. */
class SimulatorApiDemoCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return HoverlaMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sim --simulator-api|--demo",
            "sim --demo --simulator-api=70000|0..65535",
            "sim --demo --simulator-api --speedup 1|--speedup",
            "sim --demo --simulator-api=x|x"})
    void shouldRejectBadUseWithOneLineAndStatus2(String args, String mention) {
        int status = run(args.split(" "));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString().trim()).doesNotContain("\n").doesNotContain("Exception").contains(mention);
    }

    @Test
    void shouldWriteTheInProcessDemoKeysPlusTheStepRoundTrip(@TempDir Path dir) throws Exception {
        // Given the in-process demo's summary
        Path inProcess = dir.resolve("in-process.json");
        assertThat(run("sim", "--demo", "--quiet", "--json", inProcess.toString())).isZero();
        // When the demo flies across the socket (any free port)
        Path acrossSocket = dir.resolve("simulator-api.json");
        int status = run("sim", "--demo", "--simulator-api=0", "--quiet", "--json", acrossSocket.toString());
        // Then it landed, and its summary has every key of the in-process one plus the round trip
        assertThat(status).isZero();
        ObjectMapper mapper = new ObjectMapper();
        JsonNode a = mapper.readTree(inProcess.toFile());
        JsonNode b = mapper.readTree(acrossSocket.toFile());
        Set<String> expected = new HashSet<>();
        a.fieldNames().forEachRemaining(expected::add);
        expected.add("step_rtt_p50_us");
        expected.add("step_rtt_p99_us");
        expected.add("step_rtt_max_us");
        expected.add("simulator_api");
        Set<String> actual = new HashSet<>();
        b.fieldNames().forEachRemaining(actual::add);
        assertThat(actual).isEqualTo(expected);
        assertThat(b.get("result").asText()).isEqualTo("ok");
        assertThat(b.get("step_rtt_p50_us").asLong()).isPositive();
        assertThat(b.get("step_rtt_max_us").asLong()).isGreaterThanOrEqualTo(b.get("step_rtt_p99_us").asLong());
        assertThat(b.get("simulator_api").get("stalls").asLong()).isZero();
        assertThat(b.get("simulator_api").get("answers").asLong()).isEqualTo(b.get("simulator_api").get("steps").asLong());
    }
}
