package org.hoverla.core.log;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Supplier;
import org.hoverla.core.bus.Subscription;

/**
 * One topic the flight log records: its {@link LogFormat}, the subscription it reads on the flight
 * thread, the copy it reads into, the encoder that turns a message into a record, and the
 * shortest interval between two records ({@code 0}: every publication).
 *
 * <p>Built at boot; {@link #sample} runs on the flight thread and allocates nothing.
 *
 * @param <M> the bus message type
 */
public final class LoggedTopic<M> {
    /** Writes one message as a record, field by field in the format's order, little endian. */
    @FunctionalInterface
    public interface Encoder<M> {
        void encode(M message, ByteBuffer out);
    }

    private final LogFormat format;
    private final int multiId;
    private final Subscription<M> subscription;
    private final M value;
    private final Encoder<M> encoder;
    private final long intervalNs;
    private final boolean cycleTimestamp;
    private long nextDueNs = Long.MIN_VALUE;

    /**
     * @param intervalNs shortest time between two records, ns (0: every publication)
     * @throws IllegalArgumentException when the encoder does not write exactly the format's size
     *                                  for a fresh message (a wiring error, found at boot)
     */
    public LoggedTopic(LogFormat format, int multiId, Subscription<M> subscription, Supplier<M> newMessage,
            Encoder<M> encoder, long intervalNs) {
        this(format, multiId, subscription, newMessage, encoder, intervalNs, false);
    }

    /**
     * @param cycleTimestamp the record's {@code timestamp} is the flight cycle that saw the message
     *                       (its publication), written here; the encoder writes the fields after it.
     *                       For messages that carry only a sample time (GNSS, barometer,
     *                       magnetometer): a replay then hands each over when the flight code got it.
     */
    public LoggedTopic(LogFormat format, int multiId, Subscription<M> subscription, Supplier<M> newMessage,
            Encoder<M> encoder, long intervalNs, boolean cycleTimestamp) {
        this.cycleTimestamp = cycleTimestamp;
        this.format = format;
        this.multiId = multiId;
        this.subscription = subscription;
        this.value = newMessage.get();
        this.encoder = encoder;
        this.intervalNs = intervalNs;
        ByteBuffer probe = ByteBuffer.allocate(format.size() + 64).order(ByteOrder.LITTLE_ENDIAN);
        if (cycleTimestamp) {
            probe.putLong(0L);
        }
        encoder.encode(newMessage.get(), probe);
        if (probe.position() != format.size()) {
            throw new IllegalArgumentException("log topic " + format.name() + ": the encoder writes " + probe.position()
                    + " bytes but the format declares " + format.size());
        }
    }

    public LogFormat format() {
        return format;
    }

    public int multiId() {
        return multiId;
    }

    public long intervalNs() {
        return intervalNs;
    }

    /**
     * When due and published since the last record, copies the newest message and encodes it at
     * {@code out}'s position (flight thread).
     *
     * @return whether a record was written
     */
    boolean sample(long nowNs, ByteBuffer out) {
        if (nowNs < nextDueNs || !subscription.update(value)) {
            return false;
        }
        // The next record is due one interval after this one, not after its deadline: a topic
        // published slower than its interval is then logged at every publication.
        nextDueNs = nowNs + intervalNs;
        encode(nowNs, out);
        return true;
    }

    private void encode(long nowNs, ByteBuffer out) {
        if (cycleTimestamp) {
            out.putLong(nowNs / 1000L);
        }
        encoder.encode(value, out);
    }

    /** Forgets the last record's time, so a new log starts with every topic's newest value. */
    void restart() {
        nextDueNs = Long.MIN_VALUE;
    }

    /** Copies the newest message regardless of change, for a new log's first record (flight thread). */
    boolean sampleNow(long nowNs, ByteBuffer out) {
        if (!subscription.copy(value)) {
            return false;
        }
        encode(nowNs, out);
        return true;
    }
}
