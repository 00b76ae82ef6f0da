package org.hoverla.core.timing;

/**
 * Count, longest, total and the longest since the last drain of a stream of JVM pauses: what
 * {@link JvmPauseMonitor} and {@link SafepointPauses} both keep. One writer thread; the figures
 * are read from any thread.
 */
final class PauseStats {
    private volatile long pauses;
    private volatile long maxPauseNs;
    private volatile long totalPauseNs;
    /** Longest pause since the last {@link #drainIntervalMaxPauseNs()}; guarded by {@code this}. */
    private long intervalMaxPauseNs;

    /** @return whether this pause is the longest so far */
    synchronized boolean record(long durationNs) {
        pauses = pauses + 1;
        totalPauseNs = totalPauseNs + durationNs;
        if (durationNs > intervalMaxPauseNs) {
            intervalMaxPauseNs = durationNs;
        }
        if (durationNs > maxPauseNs) {
            maxPauseNs = durationNs;
            return true;
        }
        return false;
    }

    synchronized long drainIntervalMaxPauseNs() {
        long max = intervalMaxPauseNs;
        intervalMaxPauseNs = 0;
        return max;
    }

    long pauses() {
        return pauses;
    }

    long maxPauseNs() {
        return maxPauseNs;
    }

    long totalPauseNs() {
        return totalPauseNs;
    }
}
