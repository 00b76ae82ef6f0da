package org.hoverla.sim.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ./hoverla bench flood}: its options (the measurement itself is a benchmark, run by hand). */
class FloodBenchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return HoverlaMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bench flood --rate 10|--rate",
            "bench flood --seconds 1|--seconds",
            "bench flood --kind loud|--kind",
            "bench flood --cmd-rate 0|--cmd-rate",
            "bench flood --limits-scale 0|--limits-scale"})
    void shouldRejectBadOptionsWithOneLineAndStatus2(String args, String mention) {
        // When an option is out of range
        int status = run(args.split(" "));

        // Then one line names the problem, status 2, and nothing was started
        assertThat(status).isEqualTo(2);
        assertThat(err.toString().trim()).doesNotContain("\n").doesNotContain("Exception").contains(mention);
        assertThat(out.toString()).doesNotContain("Links:");
    }

    @Test
    void shouldDescribeTheFloodBenchInHelp() {
        // When
        int status = run("bench", "flood", "--help");

        // Then
        assertThat(status).isZero();
        assertThat(out.toString()).contains("--rate", "--seconds", "--kind", "--cmd-rate", "--limits-scale",
                "--no-limits", "crafted");
    }

    @Test
    void shouldListTheFloodBenchUnderBench() {
        assertThat(run("bench", "--help")).isZero();
        assertThat(out.toString()).contains("flood");
    }
}
