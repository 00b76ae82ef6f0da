package org.hoverla.core.mavlink.flood;

/**
 * Token buckets for a fixed number of link slots: one bucket per {@link MessageClass} and one for
 * the link's total. A frame passes when both its class bucket and the total bucket hold a token,
 * and then takes one from each; otherwise it is dropped and counted (a refused frame takes no
 * token, so a flood of one class does not drain the total for the others beyond the class's own
 * rate). Buckets refill continuously at their rate up to their burst size (the classic token
 * bucket, e.g. RFC 2697 §3.1 without colours).
 *
 * <p>Pure: time comes in as {@code nowNs} (any monotonic nanosecond clock). Allocation-free after
 * construction; arithmetic in integer "token-nanoseconds" (one token = 10^9), so a bucket of up to
 * 10^6 tokens at up to 10^6 tokens/s stays far from {@code long} overflow. Single-threaded (the
 * MAVLink thread); the counters may be read from other threads for reports (they may be a little
 * stale there).
 */
public final class RateLimiter {
    /** Bucket index of a link's total (after the message classes). */
    public static final int TOTAL = MessageClass.COUNT;
    /** Buckets per slot: every class and the total. */
    public static final int BUCKETS = MessageClass.COUNT + 1;
    /** Highest rate and burst accepted by {@link #configure}. */
    public static final long MAX_TOKENS = 1_000_000L;

    private static final long TOKEN = 1_000_000_000L;

    private final int slots;
    private final long[] ratePerS = new long[BUCKETS];
    private final long[] capacity = new long[BUCKETS];
    /** Time to fill an empty bucket, ns: past it the bucket is simply full. */
    private final long[] fillNs = new long[BUCKETS];
    private final long[] credit;
    private final long[] lastNs;
    private final long[] admitted;
    private final long[] dropped;
    private final long[] droppedByTotal;

    /**
     * @param slots number of links tracked (1..1024); every bucket starts full at time 0 and
     *              every class at 1000/s with a burst of 1000 until {@link #configure}d
     */
    public RateLimiter(int slots) {
        if (slots < 1 || slots > 1024) {
            throw new IllegalArgumentException("slots must be 1..1024: " + slots);
        }
        this.slots = slots;
        credit = new long[slots * BUCKETS];
        lastNs = new long[slots * BUCKETS];
        admitted = new long[slots * BUCKETS];
        dropped = new long[slots * BUCKETS];
        droppedByTotal = new long[slots];
        for (int b = 0; b < BUCKETS; b++) {
            configure(b, 1000, 1000);
        }
        for (int s = 0; s < slots; s++) {
            reset(s, 0L);
        }
    }

    /** Number of slots. */
    public int slots() {
        return slots;
    }

    /**
     * Sets a bucket's rate and size for every slot. Existing credit above the new size is cut
     * to it. Allocation-free.
     *
     * @param bucket   a {@link MessageClass} or {@link #TOTAL}
     * @param ratePerS tokens added per second, 1..{@link #MAX_TOKENS}
     * @param burst    bucket size in tokens (frames that may pass at once after a quiet spell),
     *                 1..{@link #MAX_TOKENS}
     */
    public void configure(int bucket, long ratePerS, long burst) {
        if (bucket < 0 || bucket >= BUCKETS || ratePerS < 1 || ratePerS > MAX_TOKENS || burst < 1
                || burst > MAX_TOKENS) {
            throw new IllegalArgumentException("bucket " + bucket + ": rate and burst must be 1.." + MAX_TOKENS
                    + ": " + ratePerS + ", " + burst);
        }
        this.ratePerS[bucket] = ratePerS;
        capacity[bucket] = burst * TOKEN;
        fillNs[bucket] = burst * TOKEN / ratePerS + 1;
        for (int s = 0; s < slots; s++) {
            int i = s * BUCKETS + bucket;
            if (credit[i] > capacity[bucket]) {
                credit[i] = capacity[bucket];
            }
        }
    }

    /** The rate of a bucket, tokens/s. */
    public long rate(int bucket) {
        return ratePerS[bucket];
    }

    /** The size of a bucket, tokens. */
    public long burst(int bucket) {
        return capacity[bucket] / TOKEN;
    }

    /** Fills every bucket of a slot and zeroes its counters (a new link took the slot). */
    public void reset(int slot, long nowNs) {
        for (int b = 0; b < BUCKETS; b++) {
            int i = slot * BUCKETS + b;
            credit[i] = capacity[b];
            lastNs[i] = nowNs;
            admitted[i] = 0;
            dropped[i] = 0;
        }
        droppedByTotal[slot] = 0;
    }

    /**
     * Whether a frame of {@code messageClass} on {@code slot} may pass at {@code nowNs}; counts
     * the decision. Allocation-free, never throws for valid slot and class.
     */
    public boolean admit(int slot, int messageClass, long nowNs) {
        int base = slot * BUCKETS;
        int c = base + messageClass;
        int t = base + TOTAL;
        refill(c, messageClass, nowNs);
        refill(t, TOTAL, nowNs);
        if (credit[c] < TOKEN) {
            dropped[c]++;
            return false;
        }
        if (credit[t] < TOKEN) {
            dropped[c]++;
            droppedByTotal[slot]++;
            return false;
        }
        credit[c] -= TOKEN;
        credit[t] -= TOKEN;
        admitted[c]++;
        admitted[t]++;
        return true;
    }

    private void refill(int i, int bucket, long nowNs) {
        long dt = nowNs - lastNs[i];
        lastNs[i] = nowNs;
        if (dt <= 0) {
            return; // same instant, or a clock that stepped back: no credit, restart from now
        }
        if (dt >= fillNs[bucket]) {
            credit[i] = capacity[bucket];
            return;
        }
        long c = credit[i] + ratePerS[bucket] * dt; // rate·dt < capacity ≤ 10^15: no overflow
        credit[i] = Math.min(c, capacity[bucket]);
    }

    /** Frames of a class admitted on a slot since its reset. */
    public long admitted(int slot, int messageClass) {
        return admitted[slot * BUCKETS + messageClass];
    }

    /** Frames admitted on a slot since its reset (all classes). */
    public long admittedTotal(int slot) {
        return admitted[slot * BUCKETS + TOTAL];
    }

    /** Frames of a class dropped on a slot since its reset (by its class bucket or the total). */
    public long dropped(int slot, int messageClass) {
        return dropped[slot * BUCKETS + messageClass];
    }

    /** Frames dropped on a slot since its reset, all classes. */
    public long droppedTotal(int slot) {
        long sum = 0;
        for (int c = 0; c < MessageClass.COUNT; c++) {
            sum += dropped[slot * BUCKETS + c];
        }
        return sum;
    }

    /** Of {@link #droppedTotal}, those refused by the link's total bucket (their class had tokens). */
    public long droppedByTotal(int slot) {
        return droppedByTotal[slot];
    }
}
