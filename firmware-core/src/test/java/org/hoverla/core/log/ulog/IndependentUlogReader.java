package org.hoverla.core.log.ulog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code tools/ulog_check.py}, the ULog reader written from PX4's published spec in Python
 * (it shares no code with Hoverla's writer or {@link UlogReader}), and returns its JSON document.
 * Reusable by any test that must have a log checked independently, e.g. logs the real logger
 * writes.
 *
 * <p>Without {@code python3} on the PATH: fails with a clear message when
 * {@code HOVERLA_TESTDATA_REQUIRED=1} (CI), else skips the calling test with one printed line.
 */
public final class IndependentUlogReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile Boolean pythonPresent;

    private IndependentUlogReader() {
    }

    /**
     * The checker's JSON for {@code ulog}: header, flag_bits, info, params, param_changes,
     * topics (name, multi_id, count, first/last timestamp_us, first record), messages, dropouts,
     * sync_count, errors[] and warnings[] (see the script's docstring).
     */
    public static JsonNode read(Path ulog) throws IOException, InterruptedException {
        return run(ulog, false);
    }

    /** As {@link #read}, with every record of every topic decoded under {@code topics[i].records}. */
    public static JsonNode readAllRecords(Path ulog) throws IOException, InterruptedException {
        return run(ulog, true);
    }

    /** The checker script in this checkout. */
    public static Path script() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve("tools").resolve("ulog_check.py");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("tools/ulog_check.py not found above " + dir);
    }

    private static JsonNode run(Path ulog, boolean allRecords) throws IOException, InterruptedException {
        requirePython();
        Path stdout = Files.createTempFile("ulog_check", ".json");
        Path stderr = Files.createTempFile("ulog_check", ".err");
        try {
            ProcessBuilder pb = allRecords
                    ? new ProcessBuilder("python3", script().toString(), ulog.toString(), "--all-records")
                    : new ProcessBuilder("python3", script().toString(), ulog.toString());
            Process p = pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("ulog_check.py did not finish within 300 s on " + ulog);
            }
            int status = p.exitValue();
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            if (status == 2 || Files.size(stdout) == 0) {
                throw new IllegalStateException("ulog_check.py failed (exit " + status + ") on " + ulog + ": " + err);
            }
            return JSON.readTree(stdout.toFile());
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static void requirePython() throws InterruptedException {
        if (pythonPresent == null) {
            boolean ok;
            try {
                Process p = new ProcessBuilder("python3", "-c", "import sys; sys.exit(0 if sys.version_info >= (3, 8) else 1)")
                        .redirectErrorStream(true).start();
                ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                ok = false;
            }
            pythonPresent = ok;
            if (!ok && !"1".equals(System.getenv("HOVERLA_TESTDATA_REQUIRED"))) {
                System.out.println("SKIPPED: the independent ULog reader needs python3 (3.8 or newer) on the PATH");
            }
        }
        if (!pythonPresent) {
            if ("1".equals(System.getenv("HOVERLA_TESTDATA_REQUIRED"))) {
                throw new AssertionError("python3 (3.8 or newer) is required to run tools/ulog_check.py, the independent"
                        + " ULog reader (HOVERLA_TESTDATA_REQUIRED=1): install python3");
            }
            Assumptions.abort("python3 not on the PATH: independent ULog reader not run");
        }
    }

    /**
     * Asserts that the independent reader's document and {@link UlogReader}'s file agree: header,
     * info values, parameters and their changes, every topic instance's sample count and first and
     * last timestamp and first record, logged strings and dropouts.
     */
    public static void assertAgree(JsonNode py, UlogFile java) {
        if (py.at("/header/version").isMissingNode() || py.at("/header/version").isNull()) {
            return;
        }
        assertThat(py.at("/header/version").asInt()).isEqualTo(java.version());
        assertThat(py.at("/header/timestamp_us").asLong()).isEqualTo(java.headerTimestampUs());

        for (Map.Entry<String, Object> e : java.info().entrySet()) {
            JsonNode v = py.at("/info").get(e.getKey());
            assertThat(v).as("info %s", e.getKey()).isNotNull();
            if (e.getValue() instanceof String s) {
                assertThat(v.asText()).as("info %s", e.getKey()).isEqualTo(s);
            } else if (e.getValue() instanceof Number n) {
                assertThat(v.asDouble()).as("info %s", e.getKey()).isEqualTo(n.doubleValue(), within(1e-6 * Math.abs(n.doubleValue())));
            }
        }
        assertThat(py.get("params").size()).isEqualTo(java.parameters().size());
        for (Map.Entry<String, Number> e : java.parameters().entrySet()) {
            assertThat(py.at("/params").get(e.getKey()).asDouble()).as("param %s", e.getKey())
                    .isEqualTo(e.getValue().doubleValue());
        }
        List<UlogFile.ParameterChange> changes = java.parameterChanges();
        assertThat(py.get("param_changes")).hasSize(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            assertThat(py.at("/param_changes/" + i + "/name").asText()).isEqualTo(changes.get(i).name());
            assertThat(py.at("/param_changes/" + i + "/value").asDouble()).isEqualTo(changes.get(i).value().doubleValue());
        }

        // Topics: the independent reader lists subscriptions; a topic instance may be subscribed more than once
        Map<String, Integer> counts = new HashMap<>();
        Map<String, JsonNode> firstSubscription = new HashMap<>();
        for (JsonNode t : py.get("topics")) {
            String key = t.get("name").asText() + "/" + t.get("multi_id").asInt();
            counts.merge(key, t.get("count").asInt(), Integer::sum);
            firstSubscription.putIfAbsent(key, t);
        }
        Map<String, Integer> javaCounts = new HashMap<>();
        for (UlogTopic t : java.topics()) {
            javaCounts.put(t.name() + "/" + t.multiId(), t.size());
        }
        assertThat(counts).isEqualTo(javaCounts);
        for (UlogTopic t : java.topics()) {
            JsonNode p = firstSubscription.get(t.name() + "/" + t.multiId());
            long[] ts = t.timestamps();
            if (t.size() == 0 || ts.length == 0 || !p.get("last_timestamp_us").isNumber()) {
                continue;
            }
            assertThat(p.get("first_timestamp_us").asLong()).as("%s first timestamp", t).isEqualTo(ts[0]);
            if (p.get("count").asInt() == t.size()) {
                assertThat(p.get("last_timestamp_us").asLong()).as("%s last timestamp", t).isEqualTo(ts[ts.length - 1]);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = p.get("first").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isBoolean()) {
                    // C bool: any non-zero byte is true (real PX4 logs hold bools of 65 and 162); UlogTopic gives the byte
                    assertThat(t.value(0, e.getKey()) != 0).as("%s first %s", t, e.getKey()).isEqualTo(e.getValue().asBoolean());
                } else if (e.getValue().isNumber()) {
                    assertThat(t.value(0, e.getKey())).as("%s first %s", t, e.getKey()).isEqualTo(e.getValue().asDouble());
                } else if (e.getValue().isTextual() && List.of("nan", "inf", "-inf").contains(e.getValue().asText())) {
                    assertThat(Double.isFinite(t.value(0, e.getKey()))).as("%s first %s", t, e.getKey()).isFalse();
                }
            }
        }

        List<UlogFile.LogMessage> messages = java.logMessages();
        assertThat(py.get("messages")).hasSize(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = py.get("messages").get(i);
            assertThat(m.get("timestamp_us").asLong()).isEqualTo(messages.get(i).timestampUs());
            assertThat(m.get("level").asInt()).isEqualTo(messages.get(i).level());
            assertThat(m.get("text").asText()).isEqualTo(messages.get(i).text());
        }
        assertThat(py.get("dropouts")).hasSize(java.dropouts().size());
        for (int i = 0; i < java.dropouts().size(); i++) {
            assertThat(py.at("/dropouts/" + i + "/duration_ms").asInt()).isEqualTo(java.dropouts().get(i).durationMs());
        }
    }
}
