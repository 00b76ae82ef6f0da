package org.hoverla.core.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogTopic;

/**
 * What {@code hoverla log info} prints about one ULog already read by
 * {@link org.hoverla.core.log.ulog.UlogReader}: header, flag bits, info messages, parameters and
 * their in-flight changes, topics (samples, mean rate, first and last time), dropouts, logged
 * strings by level, duration and the reader's problems. As text for people and as one JSON
 * object for tools. Pure: reads the {@link UlogFile}, never throws on what a damaged log holds.
 * Offline use only (allocates).
 */
public final class LogInfo {
    /** ULog log levels, index = level value ('0'..'7' in the file), named as {@link UlogFile.LogMessage#levelName()} names them. */
    public static final List<String> LEVEL_NAMES = List.of("EMERG", "ALERT", "CRIT", "ERROR", "WARNING", "NOTICE",
            "INFO", "DEBUG");

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogInfo() {
    }

    /** Level name for a ULog level value, or the number when it is not one of 0..7. */
    public static String levelName(int level) {
        return level >= 0 && level < LEVEL_NAMES.size() ? LEVEL_NAMES.get(level) : Integer.toString(level);
    }

    /** The summary as one JSON object; {@code fileName} and {@code sizeBytes} describe the file. */
    public static ObjectNode json(UlogFile f, String fileName, long sizeBytes) {
        ObjectNode o = JSON.createObjectNode();
        o.put("file", fileName).put("size_bytes", sizeBytes).put("version", f.version())
                .put("start_timestamp_us", f.headerTimestampUs()).put("duration_s", round(f.durationS(), 3));
        ObjectNode flags = o.putObject("flags");
        byte[] compat = f.compatFlags();
        byte[] incompat = f.incompatFlags();
        flags.put("compat_hex", HexFormat.of().formatHex(compat)).put("incompat_hex", HexFormat.of().formatHex(incompat))
                .put("default_parameters", (compat[0] & 1) != 0).put("data_appended", (incompat[0] & 1) != 0);
        ArrayNode offsets = flags.putArray("appended_offsets");
        for (long off : f.appendedOffsets()) {
            offsets.add(off);
        }
        ObjectNode info = o.putObject("info");
        for (Map.Entry<String, Object> e : f.info().entrySet()) {
            putValue(info, e.getKey(), e.getValue());
        }
        ObjectNode multi = o.putObject("info_multiple");
        f.infoMultiple().forEach((k, v) -> multi.put(k, v.size()));
        ObjectNode params = o.putObject("parameters");
        params.put("count", f.parameters().size());
        ArrayNode changes = params.putArray("changes");
        for (UlogFile.ParameterChange c : f.parameterChanges()) {
            ObjectNode n = changes.addObject().put("name", c.name());
            putNumber(n, "value", c.value());
            n.put("after_timestamp_us", c.afterTimestampUs());
        }
        ArrayNode topics = o.putArray("topics");
        for (UlogTopic t : f.topics()) {
            long[] ts = t.timestamps();
            ObjectNode n = topics.addObject().put("name", t.name()).put("multi_id", t.multiId()).put("samples", t.size())
                    .put("mean_rate_hz", round(t.meanRateHz(), 2));
            if (ts.length > 0) {
                n.put("first_timestamp_us", ts[0]).put("last_timestamp_us", ts[ts.length - 1]);
            } else {
                n.putNull("first_timestamp_us").putNull("last_timestamp_us");
            }
            n.put("mismatched_records", t.mismatchedRecords());
        }
        long dropoutMs = 0;
        for (UlogFile.Dropout d : f.dropouts()) {
            dropoutMs += d.durationMs();
        }
        o.putObject("dropouts").put("count", f.dropouts().size()).put("total_ms", dropoutMs);
        ObjectNode messages = o.putObject("messages");
        messages.put("count", f.logMessages().size());
        ObjectNode byLevel = messages.putObject("by_level");
        int[] counts = levelCounts(f);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                byLevel.put(i < LEVEL_NAMES.size() ? LEVEL_NAMES.get(i) : "other", counts[i]);
            }
        }
        ArrayNode problems = o.putArray("problems");
        f.problems().forEach(problems::add);
        return o;
    }

    /** The summary as text, one fact per line, problems last and plain. */
    public static String text(UlogFile f, String fileName, long sizeBytes) {
        StringBuilder b = new StringBuilder();
        line(b, "%s: ULog version %d, %s, %s of flight data", fileName, f.version(), bytes(sizeBytes),
                seconds(f.durationS()));
        line(b, "start         %d us since boot (header timestamp)", f.headerTimestampUs());
        byte[] compat = f.compatFlags();
        byte[] incompat = f.incompatFlags();
        StringBuilder flags = new StringBuilder();
        flags.append("compat ").append(HexFormat.of().formatHex(compat)).append((compat[0] & 1) != 0 ? " (DEFAULT_PARAMETERS)" : "")
                .append(", incompat ").append(HexFormat.of().formatHex(incompat)).append((incompat[0] & 1) != 0 ? " (DATA_APPENDED)" : "");
        if (f.appendedOffsets().length > 0) {
            flags.append(", appended data at offsets");
            for (long off : f.appendedOffsets()) {
                flags.append(' ').append(off);
            }
        }
        line(b, "flags         %s", flags);
        if (f.info().isEmpty()) {
            line(b, "info          none");
        }
        for (Map.Entry<String, Object> e : f.info().entrySet()) {
            line(b, "info          %-22s %s", e.getKey(), display(e.getValue()));
        }
        if (!f.infoMultiple().isEmpty()) {
            StringBuilder keys = new StringBuilder();
            f.infoMultiple().forEach((k, v) -> keys.append(keys.length() == 0 ? "" : ", ").append(k).append(" (").append(v.size()).append(')'));
            line(b, "info multiple %s", keys);
        }
        line(b, "parameters    %d, %d changed in flight", f.parameters().size(), f.parameterChanges().size());
        for (UlogFile.ParameterChange c : f.parameterChanges()) {
            line(b, "  changed     %s = %s at %s", c.name(), c.value(), time(f, c.afterTimestampUs()));
        }
        line(b, "topics        %d instances", f.topics().size());
        line(b, "  %-40s %8s %9s %10s %10s", "topic[multi_id]", "samples", "rate Hz", "first s", "last s");
        for (UlogTopic t : f.topics()) {
            long[] ts = t.timestamps();
            line(b, "  %-40s %8d %9.2f %10s %10s", t.name() + "[" + t.multiId() + "]", t.size(), t.meanRateHz(),
                    ts.length == 0 ? "-" : time(f, ts[0]), ts.length == 0 ? "-" : time(f, ts[ts.length - 1]));
        }
        long dropoutMs = 0;
        for (UlogFile.Dropout d : f.dropouts()) {
            dropoutMs += d.durationMs();
        }
        line(b, "dropouts      %d, %d ms in total", f.dropouts().size(), dropoutMs);
        StringBuilder levels = new StringBuilder();
        int[] counts = levelCounts(f);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                levels.append(levels.length() == 0 ? " (" : ", ").append(counts[i]).append(' ')
                        .append(i < LEVEL_NAMES.size() ? LEVEL_NAMES.get(i) : "other level");
            }
        }
        line(b, "messages      %d logged%s", f.logMessages().size(), levels.length() == 0 ? "" : levels + ")");
        if (f.problems().isEmpty()) {
            line(b, "problems      none: the file reads cleanly");
        } else {
            line(b, "problems      %d (what was readable is shown above)", f.problems().size());
            for (String p : f.problems()) {
                line(b, "  - %s", p);
            }
        }
        return b.toString();
    }

    /** Logged strings per level 0..7, and a ninth slot for values outside 0..7. */
    private static int[] levelCounts(UlogFile f) {
        int[] counts = new int[LEVEL_NAMES.size() + 1];
        for (UlogFile.LogMessage m : f.logMessages()) {
            int l = m.level();
            counts[l >= 0 && l < LEVEL_NAMES.size() ? l : LEVEL_NAMES.size()]++;
        }
        return counts;
    }

    /** Seconds since the header timestamp (logging start), as the first/last columns show them. */
    private static String time(UlogFile f, long timestampUs) {
        return String.format(Locale.ROOT, "%.3f", (timestampUs - f.headerTimestampUs()) * 1e-6);
    }

    private static void putValue(ObjectNode o, String key, Object v) {
        if (v instanceof byte[] raw) {
            o.put(key, HexFormat.of().formatHex(raw));
        } else if (v instanceof Number n) {
            putNumber(o, key, n);
        } else {
            o.put(key, String.valueOf(v));
        }
    }

    private static void putNumber(ObjectNode o, String key, Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isFinite(d)) {
                o.put(key, n instanceof Float fl ? Double.parseDouble(Float.toString(fl)) : d);
            } else {
                o.put(key, Double.toString(d));
            }
        } else {
            o.put(key, n.longValue());
        }
    }

    private static String display(Object v) {
        if (v instanceof byte[] raw) {
            return "0x" + HexFormat.of().formatHex(raw);
        }
        if (v instanceof Long l && l >= 0 && l <= 0xFFFFFFFFL && l > 0xFFFF) {
            return l + String.format(Locale.ROOT, " (0x%08x)", l);
        }
        return String.valueOf(v);
    }

    private static String bytes(long n) {
        return n < 10_000 ? n + " B" : n < 10_000_000 ? (n + 512) / 1024 + " KiB" : (n + 524_288) / 1_048_576 + " MiB";
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }

    private static double round(double v, int digits) {
        if (!Double.isFinite(v)) {
            return 0;
        }
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }
}
