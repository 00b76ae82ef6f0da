package org.hoverla.core.vehicle;

import org.hoverla.core.param.ParamStore;

/**
 * Tells a flight task, at most once per period, whether parameters changed since it last
 * applied them, so gains are applied at ≤ 1 Hz (DESIGN.md §2) without reading every handle
 * every cycle. A task about to judge or act on a command asks {@link #changed} instead: the
 * ground station may send that command as soon as it saw the PARAM_VALUE echo, and it must meet
 * the value it was told about (read-your-writes), not one up to a second old. Allocation-free;
 * flight thread only.
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

    /**
     * True when the store changed since the last apply, whatever the period: one volatile read.
     * The store bumps its generation after storing a value and before the PARAM_VALUE echo is
     * sent, so a task that applies on {@code true} sees every value already acknowledged.
     */
    public boolean changed() {
        long generation = store.generation();
        if (generation == appliedGeneration) {
            return false;
        }
        appliedGeneration = generation;
        return true;
    }
}
