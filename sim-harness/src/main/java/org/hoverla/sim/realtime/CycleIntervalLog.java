package org.hoverla.sim.realtime;

/**
 * The flight loop's stalls as a real vehicle's ESCs would see them: the interval between
 * consecutive motor writes (the motor task runs in every 1 kHz cycle, so this is the interval
 * between consecutive cycle starts, shifted by the tasks before it). Counting starts at
 * {@link #countFrom(long)} (the end of warm-up); from then on it keeps the longest interval and
 * every interval longer than the miss threshold (a cycle that started more than one base period
 * late) with its start and end, so a report can compare them with the GC pauses.
 *
 * <p>Threads: {@link #record(long)} on the flight thread only, allocation-free (preallocated
 * ring of the latest {@link #CAPACITY} misses; older ones are counted but not kept). The readers
 * run on another thread, best after the flight thread stopped (then every figure is exact);
 * while it runs the figures are recent values.
 */
public final class CycleIntervalLog {
    /** Misses whose start and end are kept (the count goes on past it). */
    public static final int CAPACITY = 4096;

    private final long missThresholdNs;
    private final long[] missStartNs = new long[CAPACITY];
    private final long[] missEndNs = new long[CAPACITY];
    private volatile long countFromNs = Long.MAX_VALUE;
    private long lastNs = Long.MIN_VALUE;
    private volatile long intervals;
    private volatile long maxIntervalNs;
    private volatile long maxIntervalEndNs;
    private volatile long misses;

    /**
     * @param missThresholdNs an interval longer than this is a deadline miss (two base periods: the
     *                        cycle started more than one period late)
     */
    public CycleIntervalLog(long missThresholdNs) {
        if (missThresholdNs <= 0) {
            throw new IllegalArgumentException("miss threshold must be positive, not " + missThresholdNs);
        }
        this.missThresholdNs = missThresholdNs;
    }

    /** Any thread: intervals starting at or after {@code nowNs} count (the end of warm-up). */
    public void countFrom(long nowNs) {
        countFromNs = nowNs;
    }

    /** Flight thread: one cycle's motor write at {@code nowNs}. Allocation-free. */
    public void record(long nowNs) {
        long last = lastNs;
        lastNs = nowNs;
        if (last == Long.MIN_VALUE || last < countFromNs) {
            return;
        }
        long interval = nowNs - last;
        intervals = intervals + 1;
        if (interval > maxIntervalNs) {
            maxIntervalNs = interval;
            maxIntervalEndNs = nowNs;
        }
        if (interval > missThresholdNs) {
            long n = misses;
            int slot = (int) (n % CAPACITY);
            missStartNs[slot] = last;
            missEndNs[slot] = nowNs;
            misses = n + 1;
        }
    }

    public long missThresholdNs() {
        return missThresholdNs;
    }

    /** @return intervals counted since {@link #countFrom(long)} */
    public long intervals() {
        return intervals;
    }

    /** @return the longest interval between consecutive writes since {@link #countFrom(long)}, ns */
    public long maxIntervalNs() {
        return maxIntervalNs;
    }

    /** @return when the longest interval ended (clock of {@link #record(long)}), ns */
    public long maxIntervalEndNs() {
        return maxIntervalEndNs;
    }

    /** @return intervals longer than the threshold since {@link #countFrom(long)} */
    public long misses() {
        return misses;
    }

    /** @return how many misses {@link #missStartNs(int)} can give (at most {@link #CAPACITY}) */
    public int keptMisses() {
        return (int) Math.min(misses, CAPACITY);
    }

    /** Start (the previous write) of kept miss {@code i}, 0 ≤ i &lt; {@link #keptMisses()}, ns. */
    public long missStartNs(int i) {
        return missStartNs[i];
    }

    /** End (the late write) of kept miss {@code i}, ns. */
    public long missEndNs(int i) {
        return missEndNs[i];
    }
}
