package org.hoverla.core.mavlink.signing;

/**
 * The per-stream timestamp rule of MAVLink signing (mavlink.io, Message Signing, "Timestamp
 * Handling" and "Accepting Signed Packets"): a stream is a (system id, component id, link id)
 * triple; a signed frame's timestamp must be strictly greater than the last one accepted on its
 * stream; a stream not seen before is accepted only if its timestamp is not more than one minute
 * ({@link MavlinkSignature#ONE_MINUTE}) behind our local timestamp.
 *
 * <p>{@link #check} only looks; {@link #accept} records, and is called only for frames whose
 * signature verified, so forged frames never move a stream (and never make a new one).
 *
 * <p>Streams live in preallocated arrays of a fixed capacity: no allocation per frame. When they
 * are full, a new stream evicts the stream accepted least recently; the evicted stream is then
 * "new" again and subject to the one-minute window only, so a frame of it older than its last
 * accepted one but within a minute would pass. Only holders of the key can create streams, so
 * only they can cause evictions; size the capacity above the number of (sys, comp, link) senders.
 *
 * <p>Not thread-safe: the MAVLink thread only.
 */
public final class ReplayGuard {
    /** The timestamp is acceptable. */
    public static final int OK = 0;
    /** Not newer than the last accepted timestamp of its stream. */
    public static final int REPLAY = 1;
    /** A new stream more than one minute behind our local timestamp. */
    public static final int OLD = 2;

    private final int[] keys;
    private final long[] last;
    private final long[] used;
    private int count;
    private long useCounter;
    private long evictions;

    /** @param capacity most streams remembered at once (≥ 1) */
    public ReplayGuard(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        keys = new int[capacity];
        last = new long[capacity];
        used = new long[capacity];
    }

    private static int key(int sys, int comp, int link) {
        return (sys & 0xFF) << 16 | (comp & 0xFF) << 8 | (link & 0xFF);
    }

    private int find(int key) {
        for (int i = 0; i < count; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param timestamp      the frame's 48-bit timestamp
     * @param localTimestamp our local timestamp now
     * @return {@link #OK}, {@link #REPLAY} or {@link #OLD}
     */
    public int check(int sys, int comp, int link, long timestamp, long localTimestamp) {
        int i = find(key(sys, comp, link));
        if (i >= 0) {
            return timestamp > last[i] ? OK : REPLAY;
        }
        return timestamp + MavlinkSignature.ONE_MINUTE >= localTimestamp ? OK : OLD;
    }

    /** Records an accepted (verified) frame's timestamp on its stream, evicting the least recently used stream if full. */
    public void accept(int sys, int comp, int link, long timestamp) {
        int k = key(sys, comp, link);
        int i = find(k);
        if (i < 0) {
            if (count < keys.length) {
                i = count++;
            } else {
                i = 0;
                for (int j = 1; j < count; j++) {
                    if (used[j] < used[i]) {
                        i = j;
                    }
                }
                evictions++;
            }
            keys[i] = k;
        }
        last[i] = timestamp;
        used[i] = ++useCounter;
    }

    /** Forgets every stream (a new key starts new streams). */
    public void clear() {
        count = 0;
    }

    /** Streams now remembered. */
    public int size() {
        return count;
    }

    /** Streams evicted because the table was full. */
    public long evictions() {
        return evictions;
    }
}
