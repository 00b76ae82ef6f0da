package org.hoverla.core.log.ulog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.hoverla.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The independent reader: {@code tools/ulog_check.py}, written in Python from PX4's
 * published ULog spec and sharing no code with Hoverla, reads the logs Hoverla writes and the real
 * PX4 logs, checks the header bytes against the spec, and agrees with {@link UlogReader}.
 * Logs from the synthetic {@link UlogWriter} now; the real logger's logs are checked with
 * {@link IndependentUlogReader#assertAgree(JsonNode, UlogFile)} the same way.
 */
class UlogIndependentReaderTest {
    /** The spec's 7-byte file magic: "ULog" then 0x01 0x12 0x35. */
    private static final byte[] SPEC_MAGIC = {0x55, 0x4c, 0x6f, 0x67, 0x01, 0x12, 0x35};

    @TempDir
    Path tmp;

    @Test
    void shouldReadHoverlasLogCleanlyWithTheSpecsHeaderBytes() throws Exception {
        // Given a log in Hoverla's schema on disk
        byte[] bytes = SyntheticFlightLog.bytes();
        Path file = Files.write(tmp.resolve("flight.ulg"), bytes);

        // When the independent reader reads it
        JsonNode py = IndependentUlogReader.read(file);

        // Then the header bytes are the spec's: magic, version 1, the start time as little-endian uint64
        assertThat(Arrays.copyOf(bytes, 7)).containsExactly(SPEC_MAGIC);
        assertThat(bytes[7]).isEqualTo((byte) 1);
        assertThat(ByteBuffer.wrap(bytes, 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(SyntheticFlightLog.START_US);
        assertThat(py.at("/header/magic_ok").asBoolean()).isTrue();
        assertThat(py.at("/header/version").asInt()).isEqualTo(1);
        assertThat(py.at("/header/timestamp_us").asLong()).isEqualTo(SyntheticFlightLog.START_US);

        // And the Flag Bits message comes first, and the file breaks no rule of the spec
        assertThat(py.at("/flag_bits/present").asBoolean()).isTrue();
        assertThat(py.at("/flag_bits/first").asBoolean()).isTrue();
        assertThat(py.get("errors")).as(py.get("errors").toString()).isEmpty();
        assertThat(py.get("warnings")).as(py.get("warnings").toString()).isEmpty();

        // And it decodes info by type, parameters, strings, dropouts and a nested topic's first record
        assertThat(py.at("/info/sys_name").asText()).isEqualTo("Hoverla");
        assertThat(py.at("/info/ver_sw_release").asLong()).isEqualTo(0x000F00FF);
        assertThat(py.at("/info/time_ref_utc").asInt()).isEqualTo(-3600);
        assertThat(py.at("/info_multiple/perf/0").asText()).isEqualTo("perf1-more");
        assertThat(py.at("/params/MC_ROLL_P").asDouble()).isEqualTo(6.5);
        assertThat(py.at("/param_changes/0/value").asDouble()).isEqualTo(7.0);
        assertThat(py.at("/dropouts/0/duration_ms").asInt()).isEqualTo(35);
        assertThat(py.at("/messages/1/tag").asInt()).isEqualTo(3);
        assertThat(py.at("/messages/1/level_name").asText()).isEqualTo("WARNING");
        JsonNode triplet = topic(py, "position_setpoint_triplet", 0);
        assertThat(triplet.at("/first/current.lat").asDouble()).isEqualTo(50.4501);
        assertThat(triplet.get("first").has("current._padding0")).isFalse();
        assertThat(py.at("/formats/position_setpoint_triplet").asInt()).isEqualTo(8 + 2 * 32);

        // And it agrees with Hoverla's own reader
        IndependentUlogReader.assertAgree(py, UlogReader.read(file));
    }

    @Test
    void shouldAgreeWithTheJavaReaderOnEveryValueOfEveryRecord() throws Exception {
        // Given the log, every record decoded by both readers
        Path file = Files.write(tmp.resolve("flight.ulg"), SyntheticFlightLog.bytes());
        JsonNode py = IndependentUlogReader.readAllRecords(file);
        UlogFile java = UlogReader.read(file);

        // Then every field of every record is the same value
        int compared = 0;
        for (JsonNode t : py.get("topics")) {
            UlogTopic jt = java.topic(t.get("name").asText(), t.get("multi_id").asInt()).orElseThrow();
            JsonNode records = t.get("records");
            assertThat(records).hasSize(jt.size());
            for (int i = 0; i < records.size(); i++) {
                for (Iterator<Map.Entry<String, JsonNode>> it = records.get(i).fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    double expected = e.getValue().isBoolean() ? (e.getValue().asBoolean() ? 1 : 0) : e.getValue().asDouble();
                    assertThat(jt.value(i, e.getKey())).as("%s[%d].%s", jt.name(), i, e.getKey()).isEqualTo(expected);
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(1500);
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 100, 600, 3001, 7777})
    void shouldBothReportATruncatedLog(int length) throws Exception {
        // Given the log cut inside a message
        byte[] bytes = SyntheticFlightLog.bytes();
        Path file = Files.write(tmp.resolve("cut.ulg"), Arrays.copyOf(bytes, length));

        // When both read it
        JsonNode py = IndependentUlogReader.read(file);
        UlogFile java = UlogReader.read(file);

        // Then both report the truncation (or neither, if the cut fell between messages) and agree on the rest
        boolean pyTruncated = py.get("errors").toString().contains("truncated");
        boolean javaTruncated = java.problems().stream().anyMatch(p -> p.contains("truncated"));
        assertThat(pyTruncated).isEqualTo(javaTruncated);
        IndependentUlogReader.assertAgree(py, java);
    }

    @ParameterizedTest
    @ValueSource(strings = {"quadrotor_local.ulg", "test.ulg", "sample_appended_multiple.ulg",
        "corrupt_actuator_armed_wrong_size.ulg"})
    void shouldAgreeWithTheJavaReaderOnRealPx4Logs(String name) throws Exception {
        // Given a real PX4 log (skipped without the data set)
        Path file = TestData.file("ulog/" + name);

        // When both read it
        JsonNode py = IndependentUlogReader.read(file);
        UlogFile java = UlogReader.read(file);

        // Then the header is the spec's and they agree on topics, counts, timestamps, info, parameters and strings
        assertThat(py.at("/header/magic_ok").asBoolean()).isTrue();
        IndependentUlogReader.assertAgree(py, java);
        assertThat(py.get("topics").size()).isGreaterThan(40);

        // And the damaged log is damaged for both, the clean ones clean for both
        if (name.startsWith("corrupt")) {
            assertThat(py.get("errors").toString()).contains("actuator_armed");
            assertThat(java.problems()).anyMatch(p -> p.contains("actuator_armed"));
        } else {
            assertThat(py.get("errors")).as(py.get("errors").toString()).isEmpty();
            assertThat(java.problems()).isEmpty();
        }
    }

    private static JsonNode topic(JsonNode py, String name, int multiId) {
        for (JsonNode t : py.get("topics")) {
            if (t.get("name").asText().equals(name) && t.get("multi_id").asInt() == multiId) {
                return t;
            }
        }
        throw new AssertionError("independent reader has no " + name + "[" + multiId + "]");
    }
}
