package org.hoverla.core.vehicle;

import org.hoverla.core.param.ParamStore;

/**
 * Tells a flight task, at most once per period, whether parameters changed since it last
 * applied them, so gains are applied at ≤ 1 Hz (DESIGN.md §2) without reading every handle
 * every cycle. Allocation-free.
 */
public final class ParamWatch {
    private static final long PERIOD_NS = 1_000_000_000L;

    private final ParamStore store;
    private long appliedGeneration = -1;
    private long nextCheckNs = Long.MIN_VALUE;

    public ParamWatch(ParamStore store) {
        this.store = store;
    }

    /** True on the first call and then when the store changed, checked at most once a second. */
    public boolean due(long nowNs) {
        if (appliedGeneration >= 0 && nowNs < nextCheckNs) {
            return false;
        }
        nextCheckNs = nowNs + PERIOD_NS;
        long generation = store.generation();
        if (generation == appliedGeneration) {
            return false;
        }
        appliedGeneration = generation;
        return true;
    }
}
