package org.hoverla.core.timing;

/**
 * Pairs the JVM's safepoint begin and end records into pauses and keeps their figures. Pure:
 * fed by {@link SafepointMonitor} from JFR's {@code jdk.SafepointBegin}, {@code
 * jdk.ExecuteVMOperation} and {@code jdk.SafepointEnd} events, tested directly.
 *
 * <p>A pause here runs from the safepoint's request (the begin event's start) to its end: an
 * upper bound of how long any Java thread, the flight thread included, was stopped. Threads keep
 * running until the VM thread arms the safepoint, so a long window (a descheduled VM thread) need
 * not stop the flight thread for all of it. Every stop-the-world collector phase is a safepoint; so
 * are the VM's periodic clean-ups and deoptimisations. Times are ns on one clock of the caller's
 * choice.
 *
 * <p>Threads: one writer (the JFR stream's thread); the figures are read from any thread.
 */
public final class SafepointPauses {

    /** Told of each pause, on the writer's thread. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param startNs   the safepoint's request, ns
         * @param endNs     its end, ns
         * @param operation the VM operation it ran, or "" when not recorded
         */
        void onPause(long startNs, long endNs, String operation);
    }

    private final Listener listener;
    private long openId = Long.MIN_VALUE;
    private long openStartNs;
    private String openOperation = "";
    private final PauseStats stats = new PauseStats();
    private volatile String longestOperation = "";

    public SafepointPauses(Listener listener) {
        this.listener = listener;
    }

    /** A safepoint was requested at {@code startNs}. */
    public void begin(long safepointId, long startNs) {
        openId = safepointId;
        openStartNs = startNs;
        openOperation = "";
    }

    /** The VM operation that safepoint ran. Ignored when it belongs to no open safepoint. */
    public void operation(long safepointId, String name) {
        if (safepointId == openId && name != null) {
            openOperation = name;
        }
    }

    /** The safepoint ended at {@code endNs}: one pause. An end with no matching begin is dropped. */
    public void end(long safepointId, long endNs) {
        if (safepointId != openId || endNs < openStartNs) {
            openId = Long.MIN_VALUE;
            return;
        }
        long startNs = openStartNs;
        long durationNs = endNs - startNs;
        String op = openOperation;
        openId = Long.MIN_VALUE;
        if (stats.record(durationNs)) {
            longestOperation = op;
        }
        listener.onPause(startNs, endNs, op);
    }

    /** @return the longest pause since the previous call, ns (0 when none), then a new interval starts */
    public long drainIntervalMaxPauseNs() {
        return stats.drainIntervalMaxPauseNs();
    }

    /** @return pauses seen */
    public long pauses() {
        return stats.pauses();
    }

    /** @return the longest pause, ns */
    public long maxPauseNs() {
        return stats.maxPauseNs();
    }

    /** @return the sum of the pauses, ns */
    public long totalPauseNs() {
        return stats.totalPauseNs();
    }

    /** @return the VM operation of the longest pause, or "" */
    public String longestOperation() {
        return longestOperation;
    }
}
