package org.hoverla.core.timing;

import java.time.Duration;
import java.time.Instant;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

/**
 * The JVM's safepoint pauses with µs resolution, from JFR event streaming in this process
 * ({@code jdk.SafepointBegin}, {@code jdk.ExecuteVMOperation}, {@code jdk.SafepointEnd}, no
 * threshold), paired by {@link SafepointPauses}. The collectors' notifications
 * ({@link JvmPauseMonitor}) give whole milliseconds and only collector pauses; this sees every
 * safepoint, collector or not, with its request-to-end window (an upper bound of the stop, see
 * {@link SafepointPauses}).
 *
 * <p>Cost: a JFR recording with three events (about one safepoint a second when idle) and the
 * stream's own thread, which parses and allocates; events arrive about a second late (JFR's flush
 * period), which is fine for a one-second window. Never on the flight thread.
 *
 * <p>Where JFR is missing or refused (a runtime without {@code jdk.jfr}, a disabled JFR), the
 * monitor says so in {@link #unavailableReason()} and reports nothing; the timing figures then
 * read 0 for it and the log says why once.
 *
 * <p>Times handed to the listener are {@link System#nanoTime()} values, converted from JFR's
 * wall-clock instants with an offset taken at start (µs-accurate), so they compare with cycle
 * timestamps.
 */
public final class SafepointMonitor implements AutoCloseable {
    private final SafepointPauses pauses;
    private final RecordingStream stream;
    private final String unavailableReason;
    private final long nanoTimeMinusEpochNs;

    private SafepointMonitor(SafepointPauses pauses, RecordingStream stream, String unavailableReason) {
        this.pauses = pauses;
        this.stream = stream;
        this.unavailableReason = unavailableReason;
        this.nanoTimeMinusEpochNs = System.nanoTime() - epochNs(Instant.now());
    }

    /** Starts streaming; see the class doc. */
    public static SafepointMonitor start() {
        return start((startNs, endNs, op) -> { });
    }

    /** As {@link #start()}, telling {@code listener} of each pause in {@code System.nanoTime()} terms. */
    public static SafepointMonitor start(SafepointPauses.Listener listener) {
        SafepointPauses pauses = new SafepointPauses(listener);
        RecordingStream rs;
        try {
            rs = new RecordingStream();
        } catch (RuntimeException | LinkageError e) { // IllegalStateException (JFR disabled), SecurityException, NoClassDefFoundError
            return new SafepointMonitor(pauses, null, "JFR not available: " + e);
        }
        SafepointMonitor m = new SafepointMonitor(pauses, rs, "");
        rs.enable("jdk.SafepointBegin").withoutThreshold();
        rs.enable("jdk.ExecuteVMOperation").withoutThreshold();
        rs.enable("jdk.SafepointEnd").withoutThreshold();
        rs.onEvent("jdk.SafepointBegin", e -> pauses.begin(id(e), m.toNanoTime(e.getStartTime())));
        rs.onEvent("jdk.ExecuteVMOperation", e -> {
            if (e.hasField("safepoint") && e.getBoolean("safepoint")) {
                pauses.operation(id(e), e.getString("operation"));
            }
        });
        rs.onEvent("jdk.SafepointEnd", e -> pauses.end(id(e), m.toNanoTime(e.getEndTime())));
        rs.setMaxAge(Duration.ofSeconds(10));
        rs.startAsync();
        return m;
    }

    private static long id(RecordedEvent e) {
        return e.hasField("safepointId") ? e.getLong("safepointId") : -1;
    }

    private long toNanoTime(Instant t) {
        return epochNs(t) + nanoTimeMinusEpochNs;
    }

    private static long epochNs(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** @return whether pauses are being streamed */
    public boolean available() {
        return stream != null;
    }

    /** @return why not, when not {@link #available()}; "" otherwise */
    public String unavailableReason() {
        return unavailableReason;
    }

    /** @return the pauses' figures */
    public SafepointPauses pauses() {
        return pauses;
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
    }
}
