package org.hoverla.core.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hoverla.core.selftest.SelfTestCheck;
import org.hoverla.core.selftest.SelfTestReport;
import org.hoverla.core.unit.UnitRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoverla selftest}: exit codes, the printed lines, and the unit record entry. */
class SelftestCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int selftest(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "selftest";
        System.arraycopy(args, 0, all, 1, args.length);
        return VehicleMain.execute(all, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void shouldExitTwoForABadCommandLineOrABoardWithoutDevices() throws Exception {
        // Given no board, the simulator's board, and a board file with an unknown fault
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "board: b\nbuses: fake\ndevices:\n  - role: imu\n    chip: mpu6050\n"
                + "    i2c: {bus: 1, address: 0x68}\n    fault: smoke\n");

        // Then each is a usage error with one line naming the problem
        assertThat(selftest()).isEqualTo(2);
        assertThat(selftest("--board", "sitl", "--state-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("buses: simulation has no devices of its own to test");
        assertThat(selftest("--board", bad.toString(), "--state-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(bad + ":7: devices[0].fault: unknown fault 'smoke'");
    }

    @Test
    void shouldPrintOneLinePerCheckAndExitOneOnTheFaultyBoard() {
        // Given the shipped faulty board
        // When the self-test runs
        int exit = selftest("--board", "bench-fake-faulty", "--state-dir", dir.toString());

        // Then it fails, with a FAIL line per faulty check giving figure, limit and reason
        assertThat(exit).isEqualTo(1);
        String text = out.toString();
        assertThat(text).containsPattern("FAIL  imu1:mpu6050 +chip id +0x69 +limit = 0x68  -- wrong chip id");
        assertThat(text).containsPattern("FAIL  imu0:icm42688p +gyro noise .*-- noise");
        assertThat(text).containsPattern("FAIL  mag0:ist8310 +self-test .*-- .*self-test failed");
        assertThat(text).containsPattern("FAIL  baro0:ms5611 +data .*-- stuck data");
        assertThat(text).containsPattern("FAIL  battery0:ina226 +data .*-- \\d+ bus errors");
        assertThat(text).containsPattern("FAIL  pwm0:pca9685 +output 1 +full off .*-- dead output");
        assertThat(text).containsPattern("FAIL  vehicle +loop timing +not run  -- the vehicle did not boot");
        assertThat(text).containsPattern("PASS  pwm0:pca9685 +output 2 +1000 µs");
        assertThat(text.strip()).matches("(?s).*\\nFAIL: \\d+ of \\d+ checks failed");
    }

    @Test
    void shouldAlignTheColumnsAndAppendTheReasonOfAFailure() {
        List<String> lines = SelftestCommand.format(List.of(
                new SelfTestCheck("imu0:mpu6050", "chip id", true, "0x68", "= 0x68", ""),
                new SelfTestCheck("vehicle", "loop jitter", false, "150 µs RMS", "≤ 100 µs RMS", "jitter")));
        assertThat(lines).containsExactly(
                "PASS  imu0:mpu6050  chip id      0x68        limit = 0x68",
                "FAIL  vehicle       loop jitter  150 µs RMS  limit ≤ 100 µs RMS  -- jitter");
    }

    @Test
    void shouldPutEveryFieldOfEveryCheckInThePayload() {
        // Given a report with a passed and a failed check
        SelfTestReport report = new SelfTestReport("boards/bench-fake.yaml", 1_733_000_000_000L, List.of(
                new SelfTestCheck("imu0:mpu6050", "chip id", true, "0x68", "= 0x68", ""),
                new SelfTestCheck("pwm0:pca9685", "output 1", false, "full off", "= 1000 µs written (count 205)",
                        "dead output")));

        // When it becomes the record's payload
        ObjectNode payload = SelftestCommand.payload(report);

        // Then board, start, verdict and all six fields of each check are there
        assertThat(payload.get("board").asText()).isEqualTo("boards/bench-fake.yaml");
        assertThat(payload.get("startedMs").asLong()).isEqualTo(1_733_000_000_000L);
        assertThat(payload.get("passed").asBoolean()).isFalse();
        JsonNode second = payload.get("checks").get(1);
        assertThat(second.get("device").asText()).isEqualTo("pwm0:pca9685");
        assertThat(second.get("check").asText()).isEqualTo("output 1");
        assertThat(second.get("passed").asBoolean()).isFalse();
        assertThat(second.get("figure").asText()).isEqualTo("full off");
        assertThat(second.get("limit").asText()).isEqualTo("= 1000 µs written (count 205)");
        assertThat(second.get("reason").asText()).isEqualTo("dead output");
    }

    /** Needs UnitRecords.entry/append/read (the unit-record part of the issue, written in parallel). */
    @Test
    void shouldAppendOneEntryPerRunHoldingEveryCheckAndTheIdentity() throws Exception {
        // Given a unit record file
        Path record = dir.resolve("unit.json");

        // When the faulty board is tested twice, signed off by an operator
        selftest("--board", "bench-fake-faulty", "--state-dir", dir.toString(), "--json", record.toString(),
                "--operator", "Olena K.");
        selftest("--board", "bench-fake-faulty", "--state-dir", dir.toString(), "--json", record.toString(),
                "--operator", "Olena K.");

        // Then the record holds two entries, the first unchanged by the second
        assertThat(err.toString()).doesNotContain("not written");
        List<ObjectNode> entries = UnitRecords.read(record);
        assertThat(entries).hasSize(2);
        for (ObjectNode entry : entries) {
            // And each holds the self-test with every check and all its fields
            JsonNode checks = entry.findValue("checks");
            assertThat(checks).isNotNull();
            assertThat(checks.size()).isGreaterThan(20);
            for (JsonNode c : checks) {
                assertThat(c.fieldNames()).toIterable().contains("device", "check", "passed", "figure", "limit", "reason");
            }
            // And the identity (UID from the state directory, board, chips with the ids read) and the operator
            String text = entry.toString();
            String uid = Files.readString(dir.resolve("uid")).trim();
            assertThat(text).contains("bench-fake-faulty").contains("Olena K.").contains("0x69").contains("icm42688p");
            assertThat(entry.findValues("uid").stream().map(JsonNode::asText).toList().toString()
                    + entry.findValues("uid").stream().map(n -> Long.toHexString(n.asLong())).toList())
                    .contains(uid);
        }
    }
}
