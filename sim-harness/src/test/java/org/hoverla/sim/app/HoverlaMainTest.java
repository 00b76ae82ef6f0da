package org.hoverla.sim.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HoverlaMainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return HoverlaMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sim --bogus|--bogus",
            "sim --seed abc|abc",
            "sim --speedup -3|positive",
            "sim --speedup fast|fast",
            "sim --home 95,30,100|latitude",
            "sim --home 50,30|LAT,LON,ALT",
            "sim --home 50,30,x|'x'",
            "sim --wind 5|SPEED,DIR",
            "sim --wind -1,90|wind speed",
            "sim --duration 0|--duration",
            "sim --param NO_SUCH_PARAM=1|NO_SUCH_PARAM",
            "sim --param MPC_XY_P=nan|MPC_XY_P",
            "sim --gnss-drift 50|--gnss-drift",
            "frobnicate|frobnicate"})
    void shouldRejectBadInputWithOneLineAndStatus2(String args, String mention) {
        int status = run(args.split(" "));
        assertThat(status).isEqualTo(2);
        String message = err.toString().trim();
        assertThat(message).doesNotContain("\n").doesNotContain("Exception").contains(mention);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldDescribeEveryOptionInHelp() {
        assertThat(run("sim", "--help")).isZero();
        assertThat(out.toString()).contains("--demo", "--speedup", "--seed", "--home", "--wind", "--duration",
                "--json", "--trace", "--param", "--gnss-drift");
        out.getBuffer().setLength(0);
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("sim", "bench");
    }

    @Test
    void shouldFlyTheDemoAndWriteTheJsonSummary(@TempDir Path dir) throws Exception {
        // When the demo flies with the documented options
        Path json = dir.resolve("out/summary.json");
        int status = run("sim", "--demo", "--quiet", "--seed", "2", "--wind", "5,270", "--home", "48.2,16.37,190",
                "--json", json.toString());
        // Then it succeeds and the summary holds the documented keys
        assertThat(status).as(out.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        for (String key : new String[] {"sim_time_s", "wall_time_s", "speedup", "landed", "armed", "crashed",
                "hover_pos_rms_m", "max_alt_overshoot_m", "landing_error_m", "max_tilt_deg", "estimator",
                "att_err_rms_deg", "roll_err_rms_deg", "pitch_err_rms_deg", "yaw_err_rms_deg", "pos_err_rms_m",
                "pos_v_err_rms_m", "vel_err_rms_mps"}) {
            assertThat(j.has(key)).as(key).isTrue();
        }
        assertThat(j.get("landed").asBoolean()).isTrue();
        assertThat(j.get("armed").asBoolean()).isFalse();
        assertThat(j.get("crashed").asBoolean()).isFalse();
        assertThat(j.get("scheduler").get("tasks").get("rate_ctrl").get("runs").asLong()).isPositive();
        assertThat(out.toString()).contains("Result: ok");
    }

    @Test
    void shouldKeepTheSimulatedSiteDeclinationWhenAParameterFileIsLoaded(@TempDir Path dir) throws Exception {
        // Given a fresh parameter file (loading it resets every parameter to its default,
        // EST_MAG_DECL = 0, while the simulated field's declination is not 0)
        Path params = dir.resolve("params.txt");
        Path json = dir.resolve("summary.json");
        // When the demo flies with it
        int status = run("sim", "--demo", "--quiet", "--params", params.toString(), "--json", json.toString());
        // Then the heading estimate is right: the declination is the site's, not the file's
        assertThat(status).as(out.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertThat(j.get("yaw_err_rms_deg").asDouble()).isLessThan(2.0);
    }

    @Test
    void shouldExitWithStatus1WhenTheDemoRunsOutOfTime() {
        // 5 s are not enough to take off, hover and land
        assertThat(run("sim", "--demo", "--quiet", "--duration", "5")).isEqualTo(1);
        assertThat(out.toString()).contains("Result: failed", "timed out");
    }
}
