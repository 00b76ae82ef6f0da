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

    private final int[] order;
    private final long recoveryHoldNs;
    private int selected = -1;
    private int previous = -1;
    private boolean noneHealthyReported;
    private long failovers;
    private long switches;

    /**
     * @param priorities     per instance; higher is preferred
     * @param recoveryHoldNs see the class comment
     */
    public InstanceSelector(int[] priorities, long recoveryHoldNs) {
        int n = priorities.length;
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
        int current = selected;
        if (current < 0) {
            int best = bestHealthy(health, -1);
            if (best < 0) {
                return NO_CHANGE;
            }
            change(best);
            return INITIAL;
        }
        if (!health[current].healthy()) {
            int alternative = bestHealthy(health, current);
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
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            if (i == current) {
                break;
            }
            if (!health[i].healthy()) {
                continue;
            }
            if (failovers == 0 && health[i].healthySpells() == 1 && health[current].healthySpells() == 1) {
                // Start-up: a preferred instance whose first sample came a few cycles after
                // another's has not recovered from anything; it takes over without the hold.
                change(i);
                return ARRIVED;
            }
            if (nowNs - health[i].healthySinceNs() >= recoveryHoldNs) {
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
    }

    private int bestHealthy(InstanceHealth[] health, int except) {
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            if (i != except && health[i].healthy()) {
                return i;
            }
        }
        return -1;
    }
}
