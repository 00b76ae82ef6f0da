package org.hoverla.sim.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code ./hoverla sim --bench / --calibrate / --technician / --sensor-errors}. */
class SimBenchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return HoverlaMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sim --calibrate compass|compass",
            "sim --technician lazy|lazy",
            "sim --sensor-errors all|all",
            "sim --bench --demo|exclude",
            "sim --calibrate accel --sticks|exclude"})
    void shouldRejectBadBenchOptionsWithOneLineAndStatus2(String args, String mention) {
        // When the bench options are misused
        int status = run(args.split(" "));
        // Then one line names the problem, status 2
        assertThat(status).isEqualTo(2);
        assertThat(err.toString().trim()).doesNotContain("\n").doesNotContain("Exception").contains(mention);
    }

    @Test
    void shouldDescribeTheBenchOptionsInHelp() {
        assertThat(run("sim", "--help")).isZero();
        assertThat(out.toString()).contains("--bench", "--calibrate", "--technician", "--sensor-errors");
    }

    @Test
    void shouldHoldTheVehicleOnTheBenchAndPrintTheKnownErrors() {
        // When the simulator runs on the bench with the demo errors for 2 s
        int status = run("sim", "--bench", "--sensor-errors", "demo", "--no-mavlink", "--params", "none",
                "--duration", "2", "--speedup", "max", "--quiet");
        // Then it prints the errors a calibration should find, and ends on the ground, disarmed, intact
        assertThat(status).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("Known sensor errors (--sensor-errors demo):",
                "accel offset  +0.2500 -0.1800 +0.3200 m/s2", "mag hard iron +0.1200 -0.0800 +0.0500 gauss",
                "Bench:", "disarmed, intact");
    }
}
