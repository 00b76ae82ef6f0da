package org.hoverla.core.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hoverla.core.unit.UnitIdentity;
import org.hoverla.core.unit.UnitIdentityFile;
import org.hoverla.core.unit.UnitRecords;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitCommandTest {
    @TempDir
    Path state;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final UnitIdentity booted = new UnitIdentity(0x21356dda8276L, "bench-fake", "boards/bench-fake.yaml", "",
            List.of(new UnitIdentity.ChipIdentity("imu0", "icm42688p", "spi0", "cs0", 0x260002, "0x47")));

    @BeforeEach
    void bootedOnce() throws IOException {
        // What a boot leaves in the state directory: the UID and the identity it probed
        Files.writeString(state.resolve("uid"), "21356dda8276\n");
        UnitIdentityFile.write(state, booted);
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return VehicleMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void shouldShowTheIdentityAndOneLinePerEntry() {
        // Given a unit with two notes
        assertThat(run("unit", "note", "--state-dir", state.toString(), "--operator", "A. Tech", "repair:", "replaced", "motor", "3"))
                .as(err.toString()).isZero();
        assertThat(run("unit", "note", "--state-dir", state.toString(), "--operator", "B. Inspector", "inspected")).isZero();

        // When it is shown
        int status = run("unit", "show", "--state-dir", state.toString());

        // Then the identity and the history are printed
        assertThat(status).isZero();
        String text = out.toString();
        assertThat(text).contains("Unit 000021356dda8276").contains("uid2         " + booted.uid2Hex())
                .contains("board        bench-fake (boards/bench-fake.yaml)").contains("icm42688p on spi0 cs0, device id 0x260002, chip id 0x47")
                .contains("2 entries, hash chain intact");
        assertThat(text).containsPattern("note +A\\. Tech .*repair: replaced motor 3").containsPattern("note +B\\. Inspector .*inspected");
    }

    @Test
    void shouldSummariseSelfTestsAndCalibrations() {
        ObjectMapper m = new ObjectMapper();
        JsonNode selftest = m.createObjectNode().put("event", "selftest").put("time", "t").put("operator", "")
                .set("payload", m.createObjectNode().put("passed", false).set("checks", m.createArrayNode()
                        .add(m.createObjectNode().put("device", "imu0").put("check", "gyro noise").put("passed", false))
                        .add(m.createObjectNode().put("device", "imu0").put("check", "chip id").put("passed", true))));
        assertThat(UnitCommand.summary(selftest, null)).contains("FAIL (1/2 checks passed; failed: imu0 gyro noise)");
        com.fasterxml.jackson.databind.node.ObjectNode before = m.createObjectNode().put("event", "calibration");
        before.putObject("calibration").putObject("sensors").putObject("ACC0").put("XOFF", 0.0).put("DATE", 0);
        com.fasterxml.jackson.databind.node.ObjectNode after = before.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) after.at("/calibration/sensors/ACC0")).put("XOFF", 0.1).put("DATE", 20261205);
        after.putObject("payload").put("kind", "accel");
        assertThat(UnitCommand.summary(after, before)).contains("accel, changed: ACC0");
    }

    @Test
    void shouldExportOneDocumentWithTheChainVerified() throws IOException {
        // Given one note
        assertThat(run("unit", "note", "--state-dir", state.toString(), "--operator", "A. Tech", "first")).isZero();
        Path export = state.resolve("export.json");

        // When the record is exported
        assertThat(run("unit", "export", "--state-dir", state.toString(), "--out", export.toString())).as(err.toString()).isZero();

        // Then the document holds the identity, this firmware, the entries and the verification
        JsonNode doc = new ObjectMapper().readTree(export.toFile());
        assertThat(doc.at("/unit/uid").asText()).isEqualTo("000021356dda8276");
        assertThat(doc.at("/firmware/git_commit").asText()).isEqualTo(org.hoverla.core.BuildInfo.gitCommit());
        assertThat(doc.at("/record/entries").asInt()).isEqualTo(1);
        assertThat(doc.at("/record/chain/verified").asBoolean()).isTrue();
        assertThat(doc.at("/record/chain/last_sha256").asText()).isEqualTo(doc.at("/entries/0/sha256").asText());
        assertThat(doc.at("/entries/0/payload/text").asText()).isEqualTo("first");

        // And to standard output without --out
        assertThat(run("unit", "export", "--state-dir", state.toString())).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).at("/entries/0/operator").asText()).isEqualTo("A. Tech");
    }

    @Test
    void shouldAnswerACorruptRecordWithOneLineAndWriteNothing() throws IOException {
        // Given a record with a line that is not an entry (a torn last line without an end of line is not corrupt)
        Path record = UnitRecords.defaultFile(state);
        assertThat(run("unit", "note", "--state-dir", state.toString(), "--operator", "A", "one")).isZero();
        Files.writeString(record, "{\"schema\":\"hoverla-unit-record/1\",\"ev\n", java.nio.file.StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(record);
        Path export = state.resolve("export.json");

        // Then show, export and note each fail with one line naming file and line, and write nothing
        for (String[] args : new String[][] {
                {"unit", "show", "--state-dir", state.toString()},
                {"unit", "export", "--state-dir", state.toString(), "--out", export.toString()},
                {"unit", "note", "--state-dir", state.toString(), "--operator", "A", "two"}}) {
            assertThat(run(args)).isEqualTo(1);
            assertThat(err.toString().strip()).doesNotContain("\n")
                    .contains(record + ":2: not a unit record entry (not JSON");
        }
        assertThat(Files.readAllBytes(record)).isEqualTo(before);
        assertThat(Files.exists(export)).isFalse();
    }

    @Test
    void shouldRefuseToExportOverTheRecordAndBadNoteArguments() throws IOException {
        assertThat(run("unit", "note", "--state-dir", state.toString(), "--operator", "A", "one")).isZero();
        Path record = UnitRecords.defaultFile(state);
        byte[] before = Files.readAllBytes(record);
        assertThat(run("unit", "export", "--state-dir", state.toString(), "--out", record.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("that is the record itself");
        assertThat(Files.readAllBytes(record)).isEqualTo(before);

        assertThat(run("unit", "note", "--state-dir", state.toString(), "text")).isEqualTo(2);
        assertThat(err.toString()).contains("--operator");
        assertThat(run("unit", "note", "--state-dir", state.toString(), "--operator", " ", "text")).isEqualTo(2);
        assertThat(run("unit")).isEqualTo(2);
        assertThat(run("unit", "note", "--state-dir", state.resolve("missing").toString(), "--operator", "A", "x")).isEqualTo(1);
        assertThat(err.toString()).contains("no such state directory");
    }

    @Test
    void shouldSayWhenNothingIsKnownYet() {
        Path empty = state.resolve("fresh");
        assertThat(run("unit", "show", "--state-dir", empty.toString())).isZero();
        assertThat(out.toString()).contains("Unit: not known yet").contains("none yet");
        assertThat(Files.exists(empty)).isFalse();
    }
}
