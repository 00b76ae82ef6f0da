package org.hoverla.core.mavlink.security;

/**
 * Counts refusals per reason ({@link AuthorityPolicy} decisions) and decides when the operator is
 * told: at once for the first refusal of a reason, then at most once per {@link #TEXT_PERIOD_NS}
 * with a summary of how many were refused since, so a station that keeps sending (or an attacker
 * flooding) cannot flood the ground station with STATUSTEXT.
 *
 * <p>Pure: the caller passes the time; one thread (the MAVLink thread); no allocation.
 */
public final class RefusalLog {
    /** At most one operator text per reason in this period. */
    public static final long TEXT_PERIOD_NS = 10_000_000_000L;

    private final long[] total = new long[AuthorityPolicy.REASONS];
    private final long[] unreported = new long[AuthorityPolicy.REASONS];
    private final long[] nextTextNs = new long[AuthorityPolicy.REASONS];
    private final boolean[] textedOnce = new boolean[AuthorityPolicy.REASONS];

    /**
     * Counts one refusal.
     *
     * @return true when a text about this reason is due now (then {@link #takeUnreported} gives
     *         how many it covers)
     */
    public boolean refuse(int reason, long nowNs) {
        total[reason]++;
        unreported[reason]++;
        return due(reason, nowNs);
    }

    /** Whether refusals of {@code reason} wait for a text and the period allows one now. */
    public boolean due(int reason, long nowNs) {
        return unreported[reason] > 0 && (!textedOnce[reason] || nowNs - nextTextNs[reason] >= 0);
    }

    /** Marks a text as sent now; returns how many refusals it reports. */
    public long takeUnreported(int reason, long nowNs) {
        long n = unreported[reason];
        unreported[reason] = 0;
        textedOnce[reason] = true;
        nextTextNs[reason] = nowNs + TEXT_PERIOD_NS;
        return n;
    }

    /** Refusals of {@code reason} since start. */
    public long total(int reason) {
        return total[reason];
    }

    /** Refusals of every reason since start. */
    public long total() {
        long t = 0;
        for (int r = 1; r < AuthorityPolicy.REASONS; r++) {
            t += total[r];
        }
        return t;
    }
}
