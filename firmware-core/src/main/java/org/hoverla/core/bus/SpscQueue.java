package org.hoverla.core.bus;

import java.util.function.Supplier;

/**
 * A bounded single-producer single-consumer queue of preallocated slots: {@link #offer}
 * copies into a slot, {@link #poll} copies out, so nothing allocates after construction. Used
 * to hand commands from a link thread to the flight thread and answers back. When several
 * producers exist they must be serialised before this queue (the link router does).
 *
 * <p>Lamport's ring with acquire/release ordering on head and tail (the pattern of Agrona's
 * {@code OneToOneConcurrentArrayQueue}).
 */
public final class SpscQueue<M> {
    private final Object[] slots;
    private final int mask;
    private final Copier<M> copier;
    private volatile long head;
    private volatile long tail;
    private volatile long dropped;
    private SpscQueue<M> tee;

    /**
     * @param capacity a power of two
     */
    public SpscQueue(int capacity, Supplier<M> factory, Copier<M> copier) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        }
        slots = new Object[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = factory.get();
        }
        mask = capacity - 1;
        this.copier = copier;
    }

    /** Producer side. @return false (and counts a drop) when full. */
    @SuppressWarnings("unchecked")
    public boolean offer(M src) {
        if (tee != null) {
            tee.offer(src);
        }
        long t = tail;
        if (t - head >= slots.length) {
            dropped = dropped + 1;
            return false;
        }
        copier.copy((M) slots[(int) (t & mask)], src);
        tail = t + 1;
        return true;
    }

    /**
     * Every element offered from now on is also offered to {@code second} (its own consumer, its
     * own drops, whether or not this queue had room): the flight log reads the operator messages the links also send. Boot thread,
     * before the producer starts.
     */
    public void teeTo(SpscQueue<M> second) {
        this.tee = second;
    }

    /** Consumer side. @return true when an element was copied into dst. */
    @SuppressWarnings("unchecked")
    public boolean poll(M dst) {
        long h = head;
        if (h == tail) {
            return false;
        }
        copier.copy(dst, (M) slots[(int) (h & mask)]);
        head = h + 1;
        return true;
    }

    public int size() {
        return (int) (tail - head);
    }

    /** Elements refused because the queue was full. */
    public long dropped() {
        return dropped;
    }
}
