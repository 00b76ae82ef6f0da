package org.hoverla.core.log.ulog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed ULog file, as returned by {@link UlogReader#read(java.nio.file.Path)}. Immutable.
 *
 * <p>Timestamps are microseconds since the autopilot booted. {@link #problems()} lists what was
 * wrong with the file (truncation, corruption, size mismatches, unknown types); everything before
 * and around the damage is still delivered.
 */
public final class UlogFile {

    /** A logged string message ('L' LOGGING, or 'C' TAGGED_LOGGING with {@code tag >= 0}). */
    public record LogMessage(int level, int tag, long timestampUs, String text) {
        /** Syslog-style level name: EMERG, ALERT, CRIT, ERROR, WARNING, NOTICE, INFO, DEBUG. */
        public String levelName() {
            String[] names = {"EMERG", "ALERT", "CRIT", "ERROR", "WARNING", "NOTICE", "INFO", "DEBUG"};
            return level >= 0 && level < names.length ? names[level] : "LEVEL" + level;
        }
    }

    /**
     * A DROPOUT ('O'): the logger lost {@code durationMs} of data; {@code afterTimestampUs} is the
     * last data timestamp read before it (0 if none).
     */
    public record Dropout(int durationMs, long afterTimestampUs) {
    }

    /** A subscription (ADD_LOGGED_MSG 'A'). */
    public record Subscription(int msgId, String name, int multiId) {
    }

    /** A parameter change in the data section; {@code afterTimestampUs} as for {@link Dropout}. */
    public record ParameterChange(String name, Number value, long afterTimestampUs) {
    }

    /**
     * A PARAMETER_DEFAULT ('Q'): {@code defaultTypes} bit 0 = system default, bit 1 = current
     * airframe default.
     */
    public record ParameterDefault(String name, Number value, int defaultTypes) {
    }

    final List<String> problems = new ArrayList<>();
    int version;
    long headerTimestampUs;
    byte[] compatFlags = new byte[8];
    byte[] incompatFlags = new byte[8];
    long[] appendedOffsets = new long[0];
    final Map<String, Object> info = new java.util.LinkedHashMap<>();
    final Map<String, List<Object>> infoMultiple = new java.util.LinkedHashMap<>();
    final Map<String, Number> parameters = new java.util.LinkedHashMap<>();
    final List<ParameterChange> parameterChanges = new ArrayList<>();
    final List<ParameterDefault> parameterDefaults = new ArrayList<>();
    final Map<String, UlogFormat> formats = new java.util.LinkedHashMap<>();
    final List<Subscription> subscriptions = new ArrayList<>();
    final List<LogMessage> logMessages = new ArrayList<>();
    final List<Dropout> dropouts = new ArrayList<>();
    final Map<String, UlogTopic> topics = new java.util.LinkedHashMap<>();
    int syncCount;
    long firstTimestampUs = -1;
    long lastTimestampUs = -1;

    UlogFile() {
    }

    /** ULog format version from the header (1 for current PX4). */
    public int version() {
        return version;
    }

    /** Header timestamp: when logging started, µs since boot. */
    public long headerTimestampUs() {
        return headerTimestampUs;
    }

    /** The 8 compat flag bytes of FLAG_BITS (all zero if the file has none). */
    public byte[] compatFlags() {
        return compatFlags.clone();
    }

    /** The 8 incompat flag bytes of FLAG_BITS (all zero if the file has none). */
    public byte[] incompatFlags() {
        return incompatFlags.clone();
    }

    /** Non-zero appended-data offsets from FLAG_BITS, in file order (empty if none). */
    public long[] appendedOffsets() {
        return appendedOffsets.clone();
    }

    /**
     * INFO ('I') values by key name: {@code String} for char arrays, {@code byte[]} for other arrays,
     * {@code Long} for integers, {@code Double} for float and double.
     */
    public Map<String, Object> info() {
        return Collections.unmodifiableMap(info);
    }

    /**
     * INFO_MULTIPLE ('M') values by key, in file order; continued parts are joined into one entry.
     * Entries are {@code String} for char arrays, {@code byte[]} (raw, little endian) for other arrays.
     */
    public Map<String, List<Object>> infoMultiple() {
        return Collections.unmodifiableMap(infoMultiple);
    }

    /** Initial parameter values (definitions section) by name: {@code Integer} or {@code Float}. */
    public Map<String, Number> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** Parameter changes logged in the data section, in file order. */
    public List<ParameterChange> parameterChanges() {
        return Collections.unmodifiableList(parameterChanges);
    }

    /** PARAMETER_DEFAULT entries, in file order. */
    public List<ParameterDefault> parameterDefaults() {
        return Collections.unmodifiableList(parameterDefaults);
    }

    /** FORMAT definitions by name (including nested types). */
    public Map<String, UlogFormat> formats() {
        return Collections.unmodifiableMap(formats);
    }

    /** Subscriptions in file order. */
    public List<Subscription> subscriptions() {
        return Collections.unmodifiableList(subscriptions);
    }

    /** Logged strings in file order. */
    public List<LogMessage> logMessages() {
        return Collections.unmodifiableList(logMessages);
    }

    /** Dropouts in file order. */
    public List<Dropout> dropouts() {
        return Collections.unmodifiableList(dropouts);
    }

    /** Number of SYNC messages with a valid magic. */
    public int syncCount() {
        return syncCount;
    }

    /** Human-readable issues found while reading; empty for a clean file. */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** All topic instances, in subscription order. */
    public List<UlogTopic> topics() {
        return List.copyOf(topics.values());
    }

    /** The instance {@code multiId} of {@code name}, if it was subscribed. */
    public Optional<UlogTopic> topic(String name, int multiId) {
        return Optional.ofNullable(topics.get(key(name, multiId)));
    }

    /** All instances of {@code name}, by increasing multi_id. */
    public List<UlogTopic> instances(String name) {
        List<UlogTopic> out = new ArrayList<>();
        for (UlogTopic t : topics.values()) {
            if (t.name().equals(name)) {
                out.add(t);
            }
        }
        out.sort((a, b) -> Integer.compare(a.multiId(), b.multiId()));
        return out;
    }

    /**
     * One field of one topic instance, all samples; empty if the topic was not logged.
     *
     * @throws IllegalArgumentException if the topic exists but has no such field
     */
    public double[] column(String topic, int multiId, String field) {
        UlogTopic t = topics.get(key(topic, multiId));
        return t == null ? new double[0] : t.column(field);
    }

    /** Timestamps (µs) of one topic instance; empty if the topic was not logged. */
    public long[] timestamps(String topic, int multiId) {
        UlogTopic t = topics.get(key(topic, multiId));
        return t == null ? new long[0] : t.timestamps();
    }

    /** Smallest non-zero data timestamp (µs) over all decoded samples, or -1 if there are none. */
    public long firstTimestampUs() {
        return firstTimestampUs;
    }

    /** Largest data timestamp (µs) over all decoded samples, or -1 if there are none. */
    public long lastTimestampUs() {
        return lastTimestampUs;
    }

    /**
     * Log duration in seconds, as pyulog reports it: from the header timestamp (logging start) to
     * {@link #lastTimestampUs()}; from {@link #firstTimestampUs()} if the header timestamp is 0.
     * Some topics carry stale timestamps from before logging started, so the first data timestamp
     * is not a good start.
     */
    public double durationS() {
        if (lastTimestampUs < 0) {
            return 0.0;
        }
        long start = headerTimestampUs > 0 && headerTimestampUs <= lastTimestampUs ? headerTimestampUs : firstTimestampUs;
        return (lastTimestampUs - start) * 1e-6;
    }

    static String key(String name, int multiId) {
        return name + "/" + multiId;
    }
}
