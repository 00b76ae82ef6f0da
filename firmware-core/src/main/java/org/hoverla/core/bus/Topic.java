package org.hoverla.core.bus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A latest-value channel with one writer, as PX4's uORB: the writer copies a message in, any
 * number of readers copy the newest one out. Built at boot and injected; there is no static
 * registry.
 *
 * <p>Readers may run on other threads than the writer (telemetry, logging): the topic is a
 * seqlock. The writer makes the sequence odd, copies, then makes it even again; a reader copies
 * and retries when the sequence moved or was odd. Nobody blocks and nothing allocates. The
 * generation (sequence / 2) counts publications, so a subscription copies only when changed.
 *
 * <p>Memory ordering follows {@link java.util.concurrent.locks.StampedLock}'s optimistic read:
 * a store-store fence after entering the write section, a load-load fence before validation.
 *
 * @param <M> the message type; the topic owns one instance as its storage
 */
public final class Topic<M> {
    private static final VarHandle SEQUENCE;

    static {
        try {
            SEQUENCE = MethodHandles.lookup().findVarHandle(Topic.class, "sequence", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final M storage;
    private final Copier<M> copier;
    @SuppressWarnings("unused") // accessed through SEQUENCE
    private volatile long sequence;
    private boolean advertised;

    /**
     * @param name    topic name for reports (snake_case, as uORB)
     * @param storage an instance owned by the topic from now on
     * @param copier  copies all fields (dst, src)
     */
    public Topic(String name, M storage, Copier<M> copier) {
        this.name = name;
        this.storage = storage;
        this.copier = copier;
    }

    public String name() {
        return name;
    }

    /** Number of publications so far; 0 when nothing was ever published. */
    public long generation() {
        return ((long) SEQUENCE.getVolatile(this)) >>> 1;
    }

    /**
     * Returns the one writer handle of this topic. Called at boot; a second call is a wiring
     * error and throws, so one-writer holds by construction.
     */
    public synchronized Publication<M> advertise() {
        if (advertised) {
            throw new IllegalStateException("topic " + name + " already has a publisher");
        }
        advertised = true;
        return new Publication<>(this);
    }

    /** A new reader with its own generation cursor (boot time). */
    public Subscription<M> subscribe() {
        return new Subscription<>(this);
    }

    void write(M src) {
        long s = (long) SEQUENCE.getOpaque(this);
        SEQUENCE.setOpaque(this, s + 1);
        VarHandle.storeStoreFence();
        copier.copy(storage, src);
        SEQUENCE.setRelease(this, s + 2);
    }

    /**
     * Copies the newest message into dst.
     *
     * @return the generation copied (0 means nothing was published yet; dst then holds the
     * storage's initial values)
     */
    long read(M dst) {
        while (true) {
            long before = (long) SEQUENCE.getAcquire(this);
            if ((before & 1L) != 0L) {
                Thread.onSpinWait();
                continue;
            }
            copier.copy(dst, storage);
            VarHandle.loadLoadFence();
            long after = (long) SEQUENCE.getVolatile(this);
            if (before == after) {
                return before >>> 1;
            }
        }
    }
}
