package org.hoverla.core.sensors;

/**
 * Chooses which instance of a sensor role feeds the flight code: the highest-priority healthy
 * one (ties go to the earlier instance), with these rules against flapping:
 * <ul>
 *   <li>while the selected instance is healthy it stays selected, except that a
 *       higher-priority instance takes over once it has been healthy continuously for the
 *       recovery hold;</li>
 *   <li>when the selected instance becomes unhealthy, the best healthy other instance takes
 *       over at once (a <em>failover</em>); if there is none, the selection stays (its data,
 *       if any still arrives and is plausible, is better than none, and its health says so).</li>
 * </ul>
 * Why a hold before returning to a recovered instance: the faults that make an instance
 * unhealthy (loose connector, brown-out, bus contention) come back in bursts; without a hold the
 * selection would follow each burst back and forth, each switch a small step in the sensor's
 * bias. {@link #DEFAULT_RECOVERY_HOLD_NS} (5 s) is two orders of magnitude longer than the
 * timeouts and stuck windows that declare an instance unhealthy, yet short enough that a primary
 * that glitched at power-up is back long before the pre-arm checks pass. Start-up is the
 * exception: until the first change of selection, a preferred instance whose first samples
 * arrive a little after another's takes over at once ({@link #ARRIVED}).
 *
 * <p><b>Quality.</b> A role whose healthy instances can still differ in what they deliver (GNSS:
 * a receiver that sends reports without a fix is healthy) passes a {@link Quality} to
 * {@link #select(long, InstanceHealth[], Quality)}. Then quality comes before priority: the
 * initial choice and a failover take the healthy instance of the highest {@link Quality#rank},
 * priority breaking ties; while the selected instance is healthy another takes over
 * ({@link #QUALITY}) when its rank has been higher continuously for the rank hold, or, at equal
 * rank, when it has been {@link Quality#clearlyBetter} continuously for the margin hold; a
 * preferred instance returns only once its quality has been no worse than the selected one's
 * (rank no lower, not clearly worse) for the recovery hold too, and arrives at start-up only
 * when it is no worse. The holds are the hysteresis: a single epoch of a better fix elsewhere does
 * not switch. Without a Quality, the rules above are unchanged.
 *
 * <p>Flight thread; allocation-free.
 */
public final class InstanceSelector {
    /** How long a preferred instance must have been healthy before it is taken back (ns). */
    public static final long DEFAULT_RECOVERY_HOLD_NS = 5_000_000_000L;

    /** What the last {@link #select} did. */
    public static final int NO_CHANGE = 0;
    /** The first instance was chosen. */
    public static final int INITIAL = 1;
    /** The selected instance became unhealthy and a healthy one took over. */
    public static final int FAILOVER = 2;
    /** A recovered higher-priority instance was taken back after the hold. */
    public static final int RETURNED = 3;
    /** The selected instance became unhealthy and no other is healthy (reported once per episode). */
    public static final int NONE_HEALTHY = 4;
    /**
     * At start-up, before any failover: a preferred instance that became healthy for the first
     * time after another was chosen took over at once (it arrived late; it did not recover).
     */
    public static final int ARRIVED = 5;
    /** A healthy instance of better quality took over from a healthy one (see {@link Quality}). */
    public static final int QUALITY = 6;

    /** Default hold of a higher rank (GNSS: a better fix type) before it takes over (ns). */
    public static final long DEFAULT_RANK_HOLD_NS = 1_000_000_000L;
    /** Default hold of a clearly better instance at equal rank before it takes over (ns). */
    public static final long DEFAULT_MARGIN_HOLD_NS = 10_000_000_000L;

    /**
     * What makes one healthy instance better than another, for roles where health alone does not
     * say it. Called on the flight thread during {@link #select}; must not allocate.
     */
    public interface Quality {
        /** Coarse class of instance {@code i}'s latest data, higher is better (GNSS: the fix type). */
        int rank(int i);

        /** Whether {@code candidate} is better than {@code current} by a margin, at equal rank. */
        boolean clearlyBetter(int candidate, int current);
    }

    private final int[] order;
    private final long recoveryHoldNs;
    private final long rankHoldNs;
    private final long marginHoldNs;
    /** Per instance: since when it has been better than the selected one (rank or margin), or MIN_VALUE. */
    private final long[] rankBetterSinceNs;
    private final long[] marginBetterSinceNs;
    /** Per instance: since when its quality has been no worse than the selected one's, or MIN_VALUE. */
    private final long[] noWorseSinceNs;
    private int selected = -1;
    private int previous = -1;
    private boolean noneHealthyReported;
    private long failovers;
    private long switches;
    private long qualitySwitches;

    /**
     * @param priorities     per instance; higher is preferred
     * @param recoveryHoldNs see the class comment
     */
    public InstanceSelector(int[] priorities, long recoveryHoldNs) {
        this(priorities, recoveryHoldNs, DEFAULT_RANK_HOLD_NS, DEFAULT_MARGIN_HOLD_NS);
    }

    /**
     * @param rankHoldNs   how long a higher rank must last before it takes over
     * @param marginHoldNs how long a clearly better instance of equal rank must stay so
     */
    public InstanceSelector(int[] priorities, long recoveryHoldNs, long rankHoldNs, long marginHoldNs) {
        int n = priorities.length;
        this.rankHoldNs = rankHoldNs;
        this.marginHoldNs = marginHoldNs;
        rankBetterSinceNs = new long[n];
        marginBetterSinceNs = new long[n];
        noWorseSinceNs = new long[n];
        java.util.Arrays.fill(noWorseSinceNs, Long.MIN_VALUE);
        java.util.Arrays.fill(rankBetterSinceNs, Long.MIN_VALUE);
        java.util.Arrays.fill(marginBetterSinceNs, Long.MIN_VALUE);
        order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Insertion sort, stable: by descending priority, ties in instance order.
        for (int i = 1; i < n; i++) {
            int v = order[i];
            int j = i - 1;
            while (j >= 0 && priorities[order[j]] < priorities[v]) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = v;
        }
        this.recoveryHoldNs = recoveryHoldNs;
    }

    /**
     * Updates the selection from the instances' health (evaluated at {@code nowNs}).
     *
     * @return one of {@link #NO_CHANGE}, {@link #INITIAL}, {@link #ARRIVED}, {@link #FAILOVER},
     *         {@link #RETURNED}, {@link #NONE_HEALTHY}
     */
    public int select(long nowNs, InstanceHealth[] health) {
        return select(nowNs, health, null);
    }

    /**
     * As {@link #select(long, InstanceHealth[])}, with quality before priority (see the class
     * comment); {@code quality} null = priority only.
     *
     * @return also {@link #QUALITY}
     */
    public int select(long nowNs, InstanceHealth[] health, Quality quality) {
        int current = selected;
        if (current < 0) {
            int best = bestHealthy(health, -1, quality);
            if (best < 0) {
                return NO_CHANGE;
            }
            change(best);
            return INITIAL;
        }
        if (!health[current].healthy()) {
            int alternative = bestHealthy(health, current, quality);
            if (alternative >= 0) {
                change(alternative);
                failovers++;
                noneHealthyReported = false;
                return FAILOVER;
            }
            if (!noneHealthyReported) {
                noneHealthyReported = true;
                return NONE_HEALTHY;
            }
            return NO_CHANGE;
        }
        noneHealthyReported = false;
        if (quality != null) {
            int better = betterByQuality(nowNs, health, quality, current);
            if (better >= 0) {
                change(better);
                qualitySwitches++;
                return QUALITY;
            }
        }
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            if (i == current) {
                break;
            }
            if (!health[i].healthy()) {
                continue;
            }
            if (quality != null && noWorseSinceNs[i] == Long.MIN_VALUE) {
                // A preferred instance of worse quality does not come back.
                continue;
            }
            if (failovers == 0 && qualitySwitches == 0 && health[i].healthySpells() == 1 && health[current].healthySpells() == 1) {
                // Start-up: a preferred instance whose first sample came a few cycles after
                // another's has not recovered from anything; it takes over without the hold.
                change(i);
                return ARRIVED;
            }
            if (nowNs - health[i].healthySinceNs() >= recoveryHoldNs
                    && (quality == null || nowNs - noWorseSinceNs[i] >= recoveryHoldNs)) {
                change(i);
                return RETURNED;
            }
        }
        return NO_CHANGE;
    }

    /** The selected instance, -1 before any was healthy. */
    public int selected() {
        return selected;
    }

    /** The instance selected before the last change, -1 if none. */
    public int previous() {
        return previous;
    }

    public long failovers() {
        return failovers;
    }

    public long switches() {
        return switches;
    }

    private void change(int to) {
        if (selected >= 0) {
            switches++;
        }
        previous = selected;
        selected = to;
        java.util.Arrays.fill(rankBetterSinceNs, Long.MIN_VALUE);
        java.util.Arrays.fill(marginBetterSinceNs, Long.MIN_VALUE);
        java.util.Arrays.fill(noWorseSinceNs, Long.MIN_VALUE);
    }

    /** The healthy instance that has been better than {@code current} for its hold, or -1. */
    private int betterByQuality(long nowNs, InstanceHealth[] health, Quality quality, int current) {
        int currentRank = quality.rank(current);
        int winner = -1;
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            if (i == current) {
                continue;
            }
            boolean healthy = health[i].healthy();
            int rank = quality.rank(i);
            boolean rankBetter = healthy && rank > currentRank;
            boolean marginBetter = healthy && rank == currentRank && quality.clearlyBetter(i, current);
            rankBetterSinceNs[i] = !rankBetter ? Long.MIN_VALUE
                    : rankBetterSinceNs[i] == Long.MIN_VALUE ? nowNs : rankBetterSinceNs[i];
            marginBetterSinceNs[i] = !marginBetter ? Long.MIN_VALUE
                    : marginBetterSinceNs[i] == Long.MIN_VALUE ? nowNs : marginBetterSinceNs[i];
            boolean noWorse = rank >= currentRank && !quality.clearlyBetter(current, i);
            noWorseSinceNs[i] = !noWorse ? Long.MIN_VALUE
                    : noWorseSinceNs[i] == Long.MIN_VALUE ? nowNs : noWorseSinceNs[i];
            boolean due = (rankBetter && nowNs - rankBetterSinceNs[i] >= rankHoldNs)
                    || (marginBetter && nowNs - marginBetterSinceNs[i] >= marginHoldNs);
            if (due && (winner < 0 || rank > quality.rank(winner))) {
                winner = i;
            }
        }
        return winner;
    }

    /** The healthy instance of the highest rank (any rank without a Quality), ties by priority; -1 if none. */
    private int bestHealthy(InstanceHealth[] health, int except, Quality quality) {
        int best = -1;
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            if (i != except && health[i].healthy()
                    && (best < 0 || (quality != null && quality.rank(i) > quality.rank(best)))) {
                best = i;
            }
        }
        return best;
    }
}
