package org.hoverla.core.msg;

/**
 * One second of the flight loop's timing, for the flight log's {@code loop_timing} topic: cycles,
 * deadline misses (cycles a whole base period late), task overruns, the longest lateness and a
 * histogram of cycle lateness over the fixed {@link #EDGES_US} buckets.
 */
public final class LoopTimingSample {
    /**
     * Upper edges of the lateness buckets, µs, inclusive; the last bucket holds everything later.
     * Fixed so that every log's histograms add up.
     */
    public static final long[] EDGES_US = {5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000,
        100_000, 1_000_000};
    /** Buckets: one per edge and one above the last. */
    public static final int BUCKETS = EDGES_US.length + 1;

    public long timestampNs;
    public long cycles;
    public long deadlineMisses;
    public long overruns;
    public long latenessMaxNs;
    public final long[] latenessHist = new long[BUCKETS];

    public void copyFrom(LoopTimingSample m) {
        timestampNs = m.timestampNs;
        cycles = m.cycles;
        deadlineMisses = m.deadlineMisses;
        overruns = m.overruns;
        latenessMaxNs = m.latenessMaxNs;
        System.arraycopy(m.latenessHist, 0, latenessHist, 0, BUCKETS);
    }

    /** The bucket of a lateness, ns. */
    public static int bucketOf(long latenessNs) {
        long us = latenessNs / 1000L;
        for (int i = 0; i < EDGES_US.length; i++) {
            if (us <= EDGES_US[i]) {
                return i;
            }
        }
        return EDGES_US.length;
    }
}
