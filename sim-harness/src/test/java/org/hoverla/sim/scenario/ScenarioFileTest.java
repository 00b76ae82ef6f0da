package org.hoverla.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hoverla.core.fault.FailureType;
import org.hoverla.core.fault.FailureUnit;
import org.hoverla.sim.app.HoverlaMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The scenario file format (docs/scenarios.md): what it accepts, and one clear line for each error. */
class ScenarioFileTest {
    @TempDir
    Path dir;

    private ScenarioFile parse(String... lines) throws ScenarioFileException {
        return ScenarioFile.parse(dir.resolve("t.scenario"), List.of(lines));
    }

    @Test
    void shouldReadEveryStatementAndEvent() throws Exception {
        Files.writeString(dir.resolve("p.plan"), "{}");
        ScenarioFile s = parse("# a comment", "", "flight mission p.plan   # trailing comment", "airframe hexa",
                "param NAV_DLL_ACT 2", "rc transmitter", "gcs heartbeat", "duration 600",
                "at 10 s fail gyro stuck instance 1", "at 10 s wind 8 270", "at 20 s gnss jam",
                "at 21 s gnss spoof drift 2 m/s 90", "at 22 s gnss off", "at 23 s gnss restore", "at 30 s motor 2 thrust 0",
                "at 31 s rc loss", "at 32 s rc restore", "at 33 s gcs loss", "at 34 s gcs restore",
                "at 40 s battery sag 0.5", "at 41 s battery remaining 0.06", "at 42 s fail mavlink_signal off",
                "expect landed", "expect on_ground", "expect no crash", "expect final_mode land", "expect entered RETURN",
                "expect text \"link lost\"", "expect landing_from_home_m < 3");
        assertThat(s.flight).isEqualTo(ScenarioFile.FlightKind.MISSION);
        assertThat(s.missionFile).isEqualTo(dir.resolve("p.plan"));
        assertThat(s.autostart).isEqualTo(6001);
        assertThat(s.params).containsEntry("NAV_DLL_ACT", 2.0);
        assertThat(s.durationS).isEqualTo(600.0);
        assertThat(s.events).hasSize(14);
        ScenarioFile.Event fail = s.events.get(0);
        assertThat(fail.unit()).isEqualTo(FailureUnit.GYRO);
        assertThat(fail.type()).isEqualTo(FailureType.STUCK);
        assertThat(fail.instance()).isEqualTo(1);
        assertThat(s.events.get(6).a()).as("motor 2 is index 1").isEqualTo(1.0);
        assertThat(s.expectations).hasSize(7);
        assertThat(s.expectations.get(6).op()).isEqualTo("<");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "at 10 s explode|2|unknown event 'explode': wind, gnss, motor, rc, gcs, battery, fail",
        "at ten s wind 5 90|2|event time must be a number, not 'ten'",
        "at 10 s wind 5x 90|2|wind speed must be a number, not '5x'",
        "at 10 s wind 45 90|2|wind speed must be 0..30 m/s, not 45",
        "at 10 s fail lidar off|2|unknown failure unit 'lidar': gyro, accel, mag, baro, gps, battery, motor, rc_signal, mavlink_signal",
        "at 10 s fail gps melted|2|unknown failure type 'melted': ok, off, stuck, garbage, wrong, slow, delayed, intermittent",
        "at 10 s fail motor garbage|2|the simulator does not apply motor garbage (motor: off, wrong)",
        "at 10 s motor 0 thrust 0|2|motor number must be 1..8 (MAVLink/PX4 numbering), not 0",
        "at 10 s rc loss|2|'rc loss' needs 'rc transmitter' earlier in the file",
        "param NO_SUCH_PARAM 1|2|unknown parameter NO_SUCH_PARAM",
        "param NAV_DLL_ACT 99|2|parameter NAV_DLL_ACT 99 refused: out of range",
        "flight mission nowhere.plan|2|plan file nowhere.plan not found",
        "expect altitude < 3|2|unknown expectation 'altitude'",
        "fly away|2|unknown statement 'fly': flight, airframe, param, duration, rc, gcs, at, expect"})
    void shouldNameTheLineAndTheReason(String bad, int line, String reason) {
        assertThatThrownBy(() -> parse("duration 100", bad))
                .isInstanceOf(ScenarioFileException.class)
                .hasMessageStartingWith(dir.resolve("t.scenario") + ":" + line + ": " + reason)
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldRefuseTimeGoingBackwards() {
        assertThatThrownBy(() -> parse("at 30 s gnss off", "at 20 s gnss restore"))
                .hasMessage(dir.resolve("t.scenario") + ":2: time goes backwards: 20 s after an event at 30 s");
    }

    @Test
    void shouldExitTwoWithOneLineBeforeFlyingABadFile() throws Exception {
        Path bad = dir.resolve("bad.scenario");
        Files.writeString(bad, "flight hover 10\nat 5 s gnss off\nat 6 s gnss sideways\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = HoverlaMain.execute(new String[] {"sim", "--scenario", bad.toString()}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains(bad + ":3: unknown gnss event 'sideways': jam, spoof, off, restore");
        assertThat(out.toString()).doesNotContain("Scenario");
    }

    @Test
    void shouldSayWhenTheFileIsMissing() {
        assertThatThrownBy(() -> ScenarioFile.read(dir.resolve("none.scenario")))
                .hasMessage(dir.resolve("none.scenario") + ": no such scenario file");
    }
}
