package org.hoverla.core.log;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A single-producer, single-consumer byte ring between the flight thread (which appends whole
 * ULog messages) and the log writer thread (which moves them to the file). Nothing allocates after
 * construction, nobody waits: a full ring refuses the message and the producer counts the loss.
 *
 * <p>Positions are ever-increasing byte counts; the producer publishes its position with release
 * semantics after copying a message in, the consumer publishes its own after the bytes left the
 * ring, so each side sees only whole messages of the other.
 */
public final class LogRing {
    private static final VarHandle PRODUCED;
    private static final VarHandle CONSUMED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PRODUCED = l.findVarHandle(LogRing.class, "produced", long.class);
            CONSUMED = l.findVarHandle(LogRing.class, "consumed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final byte[] bytes;
    private final int mask;
    /** Views over {@link #bytes} for the consumer's channel writes, made once. */
    private final ByteBuffer consumerView;

    @SuppressWarnings("unused") // through PRODUCED
    private volatile long produced;
    @SuppressWarnings("unused") // through CONSUMED
    private volatile long consumed;

    /** @param capacityBytes a power of two */
    public LogRing(int capacityBytes) {
        if (capacityBytes < 64 || Integer.bitCount(capacityBytes) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= 64, not " + capacityBytes);
        }
        bytes = new byte[capacityBytes];
        mask = capacityBytes - 1;
        consumerView = ByteBuffer.wrap(bytes);
    }

    public int capacity() {
        return bytes.length;
    }

    /** Bytes free for the producer now (producer thread). */
    public int free() {
        return bytes.length - (int) ((long) PRODUCED.getOpaque(this) - (long) CONSUMED.getAcquire(this));
    }

    /** Bytes waiting for the consumer (any thread; a snapshot). */
    public int used() {
        return (int) ((long) PRODUCED.getAcquire(this) - (long) CONSUMED.getAcquire(this));
    }

    /**
     * Appends {@code length} bytes of {@code src} as one unit (producer thread).
     *
     * @return false, having written nothing, when the ring has less room than that
     */
    public boolean offer(byte[] src, int length) {
        long p = (long) PRODUCED.getOpaque(this);
        long c = (long) CONSUMED.getAcquire(this);
        if (bytes.length - (p - c) < length) {
            return false;
        }
        int at = (int) (p & mask);
        int first = Math.min(length, bytes.length - at);
        System.arraycopy(src, 0, bytes, at, first);
        if (first < length) {
            System.arraycopy(src, first, bytes, 0, length - first);
        }
        PRODUCED.setRelease(this, p + length);
        return true;
    }

    /**
     * Moves every byte published so far to {@code out} (consumer thread), in at most two writes;
     * the ring space is freed only for what the channel took.
     *
     * @return bytes moved
     * @throws IOException from the channel; the bytes it did not take stay in the ring
     */
    public int drainTo(WritableByteChannel out) throws IOException {
        long c = (long) CONSUMED.getOpaque(this);
        long p = (long) PRODUCED.getAcquire(this);
        int total = 0;
        while (c < p) {
            int at = (int) (c & mask);
            int span = (int) Math.min(p - c, bytes.length - at);
            consumerView.limit(at + span).position(at);
            int n = out.write(consumerView);
            if (n <= 0) {
                break;
            }
            c += n;
            total += n;
            CONSUMED.setRelease(this, c);
        }
        return total;
    }

    /** Drops everything published (consumer thread): a log that ended without a file to take it. */
    public void discard() {
        CONSUMED.setRelease(this, (long) PRODUCED.getAcquire(this));
    }
}
