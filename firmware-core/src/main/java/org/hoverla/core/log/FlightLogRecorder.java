package org.hoverla.core.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.hoverla.core.sched.FlightTask;

/**
 * The flight thread's half of the flight log: every cycle, each logged topic that is due and was
 * published since its last record is encoded as a ULog DATA message into the {@link LogRing}, which
 * the {@link FlightLogWriter} empties into the file on its own thread.
 *
 * <p>Allocation-free, lock-free and non-blocking: a record that does not fit in the ring is dropped
 * and counted, and when records fit again a ULog DROPOUT message (duration in ms) goes first, so the
 * loss is visible in the log itself.
 *
 * <p>Recording is switched by the writer: {@link #startRecording()} and {@link #stopRecording()} bump
 * an epoch the flight thread acknowledges at its next cycle ({@link #acknowledgedEpoch()}), so the
 * writer knows when no more records of an ended log can arrive. Topics are fixed before the first
 * cycle ({@link #addTopic}); the DATA message's msg_id is the topic's index.
 */
public final class FlightLogRecorder implements FlightTask {
    private static final VarHandle REQUEST;
    private static final VarHandle ACKED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            REQUEST = l.findVarHandle(FlightLogRecorder.class, "request", long.class);
            ACKED = l.findVarHandle(FlightLogRecorder.class, "acked", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** ULog message header: uint16 msg_size, uint8 msg_type. */
    static final int HEADER_BYTES = 3;
    private static final int DROPOUT_BYTES = HEADER_BYTES + 2;

    private final LogRing ring;
    private LoggedTopic<?>[] topics = new LoggedTopic<?>[0];
    private final byte[] scratchBytes;
    private final ByteBuffer scratch;
    private boolean started;

    /** Even: stopped, odd: recording; the writer increments it. */
    @SuppressWarnings("unused") // through REQUEST
    private volatile long request;
    /** The last request the flight thread acted on. */
    @SuppressWarnings("unused") // through ACKED
    private volatile long acked;

    private long lastSeenRequest;
    private boolean dropping;
    private long dropStartNs;
    private volatile long droppedRecords;
    private volatile long writtenRecords;

    /** @param maxRecordBytes the largest record any topic will have (a scratch buffer of that size is kept) */
    public FlightLogRecorder(LogRing ring, int maxRecordBytes) {
        this.ring = ring;
        this.scratchBytes = new byte[HEADER_BYTES + 2 + maxRecordBytes];
        this.scratch = ByteBuffer.wrap(scratchBytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Adds a topic (boot thread, before the flight thread starts).
     *
     * @return its msg_id
     * @throws IllegalStateException after the first cycle, or for a record larger than the scratch
     */
    public synchronized int addTopic(LoggedTopic<?> topic) {
        if (started) {
            throw new IllegalStateException("log topics are fixed once the flight loop runs");
        }
        if (topic.format().size() + HEADER_BYTES + 2 > scratchBytes.length) {
            throw new IllegalStateException("log topic " + topic.format().name() + " needs " + topic.format().size()
                    + " bytes, more than the recorder's " + (scratchBytes.length - HEADER_BYTES - 2));
        }
        LoggedTopic<?>[] grown = java.util.Arrays.copyOf(topics, topics.length + 1);
        grown[topics.length] = topic;
        topics = grown;
        return topics.length - 1;
    }

    /** The topics, indexed by msg_id (any thread, after boot). */
    public List<LoggedTopic<?>> topics() {
        return List.of(topics);
    }

    public LogRing ring() {
        return ring;
    }

    @Override
    public void run(long nowNs) {
        started = true;
        long req = (long) REQUEST.getAcquire(this);
        if (req != lastSeenRequest) {
            lastSeenRequest = req;
            if ((req & 1L) != 0L) {
                beginLog(nowNs);
            }
            ACKED.setRelease(this, req);
        }
        if ((req & 1L) == 0L) {
            return;
        }
        LoggedTopic<?>[] t = topics;
        for (int id = 0; id < t.length; id++) {
            ByteBuffer out = startData(id);
            if (t[id].sample(nowNs, out)) {
                commit(out, nowNs);
            }
        }
    }

    private void beginLog(long nowNs) {
        dropping = false;
        LoggedTopic<?>[] t = topics;
        for (int id = 0; id < t.length; id++) {
            t[id].restart();
            ByteBuffer out = startData(id);
            if (t[id].sampleNow(nowNs, out)) {
                commit(out, nowNs);
            }
        }
    }

    private ByteBuffer startData(int msgId) {
        scratch.clear();
        scratch.position(HEADER_BYTES);
        scratch.putShort((short) msgId);
        return scratch;
    }

    private void commit(ByteBuffer out, long nowNs) {
        int length = out.position();
        scratch.putShort(0, (short) (length - HEADER_BYTES));
        scratch.put(2, (byte) 'D');
        if (dropping && !endDropout(nowNs)) {
            droppedRecords++;
            return;
        }
        if (ring.offer(scratchBytes, length)) {
            writtenRecords++;
        } else {
            if (!dropping) {
                dropping = true;
                dropStartNs = nowNs;
            }
            droppedRecords++;
        }
    }

    /**
     * Writes the DROPOUT message of the gap that ends now, when both it and the record waiting in
     * the scratch fit; false (nothing written) otherwise.
     */
    private boolean endDropout(long nowNs) {
        if (ring.free() < DROPOUT_BYTES + scratch.position()) {
            return false;
        }
        long ms = Math.min(0xFFFF, Math.max(1, (nowNs - dropStartNs) / 1_000_000L));
        byte[] b = dropoutBytes;
        b[0] = 2;
        b[1] = 0;
        b[2] = 'O';
        b[3] = (byte) ms;
        b[4] = (byte) (ms >>> 8);
        ring.offer(b, DROPOUT_BYTES);
        dropping = false;
        return true;
    }

    private final byte[] dropoutBytes = new byte[DROPOUT_BYTES];

    /** Starts a log: from the next cycle, topics are recorded (writer thread). */
    public void startRecording() {
        long r = (long) REQUEST.getAcquire(this);
        if ((r & 1L) == 0L) {
            REQUEST.setRelease(this, r + 1);
        }
    }

    /** Stops recording from the next cycle (writer thread); wait for {@link #acknowledgedEpoch()}. */
    public void stopRecording() {
        long r = (long) REQUEST.getAcquire(this);
        if ((r & 1L) != 0L) {
            REQUEST.setRelease(this, r + 1);
        }
    }

    /** The current request epoch (odd: recording). */
    public long requestedEpoch() {
        return (long) REQUEST.getAcquire(this);
    }

    /** The epoch the flight thread has acted on; equal to {@link #requestedEpoch()} once it has. */
    public long acknowledgedEpoch() {
        return (long) ACKED.getAcquire(this);
    }

    /** Records refused by a full ring since boot (any thread). */
    public long droppedRecords() {
        return droppedRecords;
    }

    /** Records put in the ring since boot (any thread). */
    public long writtenRecords() {
        return writtenRecords;
    }
}
