package org.hoverla.sim.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.hoverla.testdata.TestData;

class ParamsCommandTest {
    /** An ArduPilot QGroundControl export from the real test-data set. */
    private static Path ardupilotFile() {
        return TestData.file("params/TradHeli_Copter36_Setup-QGC.params");
    }

    @TempDir
    Path dir;

    private Path file;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void setUp() {
        file = dir.resolve("cfg/params.txt");
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String[] full = new String[args.length + 3];
        full[0] = "params";
        full[1] = "--file";
        full[2] = file.toString();
        System.arraycopy(args, 0, full, 3, args.length);
        return HoverlaMain.execute(full, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void shouldDefaultToTheSimulatorFileInTheHomeDirectory() {
        assertThat(ParamsCommand.DEFAULT_FILE).isEqualTo(Path.of(System.getProperty("user.home"), ".hoverla", "sitl-params.txt"));
    }

    @Test
    void shouldPrintTheMetadataTheVehicleServesAndMatchTheList() throws Exception {
        // Given a parameter file with a changed value
        assertThat(run("set", "MPC_XY_P", "2")).isZero();

        // When the metadata is printed and written to a file, and the list is printed as JSON
        assertThat(run("metadata")).isZero();
        String printed = out.toString();
        Path target = dir.resolve("out/parameters.json");
        assertThat(run("metadata", "--out", target.toString())).isZero();
        String written = Files.readString(target);
        assertThat(run("list", "--json")).isZero();

        // Then both are the bytes the SITL serves (its simulated sensors' factory calibration in the
        // defaults), and every listed parameter is there with its range and default (not the file's value)
        byte[] served = org.hoverla.core.param.metadata.ParamMetadataJson.generate(
                new org.hoverla.sim.lockstep.LockstepSim(new org.hoverla.sim.lockstep.SimConfig()).params());
        assertThat(printed).isEqualTo(new String(served, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(written).isEqualTo(printed);
        JsonNode list = new ObjectMapper().readTree(out.toString());
        JsonNode meta = new ObjectMapper().readTree(printed).path("parameters");
        assertThat(meta.size()).isEqualTo(list.size());
        for (int i = 0; i < list.size(); i++) {
            assertThat(meta.get(i).path("name").asText()).isEqualTo(list.get(i).path("name").asText());
            assertThat(meta.get(i).path("min").asDouble()).isEqualTo(list.get(i).path("min").asDouble());
            assertThat(meta.get(i).path("max").asDouble()).isEqualTo(list.get(i).path("max").asDouble());
            assertThat(meta.get(i).path("default").asDouble()).isEqualTo(list.get(i).path("default").asDouble());
        }
    }

    @Test
    void shouldListEveryParameterAsTableAndJson() throws Exception {
        // When listing a fresh set
        assertThat(run("list")).isZero();

        // Then each parameter has its value, default, unit, range and description
        assertThat(out.toString()).contains("NAME", "DEFAULT", "RANGE")
                .containsPattern("MPC_XY_P +1\\.2 +1\\.2 +1/s +\\[0, 5\\] +Horizontal position P gain");

        // When listing as JSON, Then it parses and carries the metadata
        assertThat(run("list", "--json")).isZero();
        JsonNode arr = new ObjectMapper().readTree(out.toString());
        assertThat(arr.size()).isGreaterThan(50);
        JsonNode airframe = null;
        for (JsonNode n : arr) {
            if (n.get("name").asText().equals("SYS_AUTOSTART")) {
                airframe = n;
            }
        }
        assertThat(airframe).isNotNull();
        assertThat(airframe.get("type").asText()).isEqualTo("INT32");
        assertThat(airframe.get("max").asInt()).isEqualTo(6001);
        assertThat(airframe.get("changed").asBoolean()).isFalse();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldSetSaveAndGetAValue() throws Exception {
        // When setting a value
        assertThat(run("set", "MPC_XY_P", "2.5")).isZero();
        assertThat(out.toString()).contains("MPC_XY_P = 2.5 (was 1.2)");

        // Then it is saved and read back, also with --file after the subcommand
        assertThat(Files.readString(file)).contains("MPC_XY_P\t2.5");
        assertThat(run("get", "MPC_XY_P")).isZero();
        assertThat(out.toString().trim()).isEqualTo("2.5");
        out = new StringWriter();
        int status = HoverlaMain.execute(new String[] {"params", "get", "MPC_XY_P", "--file", file.toString()},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertThat(status).isZero();
        assertThat(out.toString().trim()).isEqualTo("2.5");
        assertThat(run("list")).isZero();
        assertThat(out.toString()).contains("MPC_XY_P*");
    }

    @Test
    void shouldRefuseBadInputWithOneLineAndStatus2() {
        String[][] cases = {
                {"set", "MPC_XY_P", "9"}, {"set", "MPC_XY_P", "NaN"}, {"set", "SYS_AUTOSTART", "1.5"},
                {"set", "MPC_XY_P", "fast"}, {"set", "NO_SUCH", "1"}, {"get", "NO_SUCH"}, {"import", "missing.params"},
                {"reset", "NO_SUCH"}, {"set", "MPC_XY_P"}};
        String[] mentions = {"outside [0, 5]", "NaN", "not an integer", "'fast'", "NO_SUCH", "NO_SUCH", "missing.params",
                "NO_SUCH", "VALUE"};
        for (int i = 0; i < cases.length; i++) {
            int status = run(cases[i]);
            assertThat(status).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(err.toString().trim()).as(String.join(" ", cases[i]))
                    .doesNotContain("\n").doesNotContain("Exception").contains(mentions[i]);
        }
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void shouldExportAndImportQgcFiles() throws Exception {
        // Given a changed value exported to a QGC file
        assertThat(run("set", "MPC_Z_P", "2")).isZero();
        Path qgc = dir.resolve("out/vehicle.params");
        assertThat(run("export", qgc.toString())).isZero();
        assertThat(Files.readString(qgc)).contains("1\t1\tMPC_Z_P\t2\t9").contains("1\t1\tSYS_AUTOSTART\t4001\t6");

        // When the parameters are reset and the file imported again
        assertThat(run("reset")).isZero();
        assertThat(run("get", "MPC_Z_P")).isZero();
        assertThat(out.toString().trim()).isEqualTo("1");
        assertThat(run("import", qgc.toString())).isZero();

        // Then the value is back
        assertThat(out.toString()).contains("1 changed").contains("0 not applied");
        assertThat(run("get", "MPC_Z_P")).isZero();
        assertThat(out.toString().trim()).isEqualTo("2");
    }

    @Test
    void shouldImportTheArduPilotFileReportingEveryUnknownName() throws Exception {
        // When importing a real ArduPilot QGC file
        int status = run("import", ardupilotFile().toString());

        // Then it succeeds, reports all 73 names with line numbers, changes nothing
        assertThat(status).isZero();
        assertThat(err.toString().lines()).hasSize(73).allMatch(l -> l.contains("unknown parameter"));
        assertThat(err.toString()).contains("line 7: ATC_ACCEL_P_MAX: unknown parameter");
        assertThat(out.toString()).contains("0 applied").contains("73 not applied");

        // And with --strict it says so with status 2
        assertThat(run("import", "--strict", ardupilotFile().toString())).isEqualTo(2);
    }

    @Test
    void shouldWarnAboutACorruptFileAndUseTheBackup() throws Exception {
        // Given two saves, then the file damaged
        assertThat(run("set", "MPC_XY_P", "2")).isZero();
        assertThat(run("set", "MPC_XY_P", "3")).isZero();
        Files.writeString(file, "garbage");

        // When reading
        assertThat(run("get", "MPC_XY_P")).isZero();

        // Then the backup's value is shown and the problem reported on stderr
        assertThat(out.toString().trim()).isEqualTo("2");
        assertThat(err.toString()).contains("corrupt").contains("backup");
    }

    @Test
    void shouldExitWith1WhenTheFileCannotBeWritten() throws Exception {
        // Given a file path whose directory is a regular file
        Files.writeString(dir.resolve("cfg"), "not a directory");

        // When setting, Then an I/O failure, one line
        int status = run("set", "MPC_XY_P", "2");
        assertThat(status).isEqualTo(1);
        String[] lines = err.toString().trim().split("\n");
        assertThat(lines[lines.length - 1]).startsWith("set: error: cannot save").contains("params.txt");
        assertThat(err.toString()).doesNotContain("\tat ");
    }
}
