package org.hoverla.core.sensors;

import org.hoverla.core.msg.SensorsStatus;

/**
 * Health of one sensor instance, judged from what its driver delivers: a frontend reports each
 * sample (accepted or refused, and the driver's cumulative error count) and asks once per run
 * whether the instance is healthy. Unhealthy ({@link SensorsStatus}{@code .FAULT_*}) when
 * <ul>
 *   <li><b>timeout</b>: no accepted sample for longer than the role's timeout (or none yet);</li>
 *   <li><b>stuck</b>: the raw values repeated exactly for {@code stuckLimit} samples in a row
 *       (a live MEMS sensor's noise changes its reading every sample);</li>
 *   <li><b>errors</b>: bus errors and refused samples outnumber accepted ones lately: a fault
 *       density rises by one per bus error or refused sample and falls by one per accepted
 *       sample (PX4's {@code DataValidator} error density), and the instance is unhealthy while
 *       it exceeds {@link #FAULT_DENSITY_LIMIT}. A sparse fault never fails an instance; a burst
 *       or a sustained majority of bad samples does.</li>
 * </ul>
 * Every fault is counted (bus errors, stuck samples, timeouts, non-finite, out-of-range and
 * out-of-order samples).
 *
 * <p>Flight thread; allocation-free; plain fields, no exceptions.
 */
public final class InstanceHealth {
    /** Fault density above which an instance is unhealthy (net bad samples, see class doc). */
    public static final int FAULT_DENSITY_LIMIT = 10;
    /** Cap of the fault density, so an instance that recovers is healthy again after this many good samples at most. */
    static final int FAULT_DENSITY_MAX = 100;

    private final long timeoutNs;
    private final int stuckLimit;

    private long lastAcceptedNs = Long.MIN_VALUE;
    private long lastErrorCount;
    private int faultDensity;
    private int sameCount;
    private boolean timedOut = true;
    private boolean healthy;
    private long healthySinceNs = Long.MIN_VALUE;
    private int healthySpells;
    private int faults = SensorsStatus.FAULT_TIMEOUT;

    private long busErrors;
    private long stuckSamples;
    private long timeouts;
    private long nonFinite;
    private long outOfRange;
    private long outOfOrder;
    private long accepted;

    /**
     * @param timeoutNs  longest silence (ns) before the instance is unhealthy
     * @param stuckLimit identical consecutive samples that mean a frozen sensor; 0 disables the check
     */
    public InstanceHealth(long timeoutNs, int stuckLimit) {
        this.timeoutNs = timeoutNs;
        this.stuckLimit = stuckLimit;
    }

    /** The driver's cumulative error count as carried by the newest sample (monotonic). */
    public void onErrorCount(long cumulative) {
        long added = cumulative - lastErrorCount;
        if (added > 0) {
            busErrors += added;
            faultDensity = (int) Math.min(FAULT_DENSITY_MAX, faultDensity + added);
        }
        lastErrorCount = cumulative;
    }

    public void onNonFinite() {
        nonFinite++;
        addFault();
    }

    public void onOutOfRange() {
        outOfRange++;
        addFault();
    }

    public void onOutOfOrder() {
        outOfOrder++;
        addFault();
    }

    /**
     * An accepted sample.
     *
     * @param sameAsPrevious whether its raw values repeat the previous accepted sample exactly
     */
    public void onAccepted(long nowNs, boolean sameAsPrevious) {
        accepted++;
        lastAcceptedNs = nowNs;
        if (faultDensity > 0) {
            faultDensity--;
        }
        sameCount = sameAsPrevious ? Math.min(sameCount + 1, Integer.MAX_VALUE - 1) : 0;
        if (stuck()) {
            stuckSamples++;
        }
    }

    /** Re-evaluates the health flags at {@code nowNs}; call once per frontend run, after the samples. */
    public void evaluate(long nowNs) {
        boolean silent = lastAcceptedNs == Long.MIN_VALUE || nowNs - lastAcceptedNs > timeoutNs;
        if (silent && !timedOut && lastAcceptedNs != Long.MIN_VALUE) {
            timeouts++;
        }
        timedOut = silent;
        int f = 0;
        if (silent) {
            f |= SensorsStatus.FAULT_TIMEOUT;
        }
        if (stuck()) {
            f |= SensorsStatus.FAULT_STUCK;
        }
        if (faultDensity > FAULT_DENSITY_LIMIT) {
            f |= SensorsStatus.FAULT_ERRORS;
        }
        faults = f;
        boolean nowHealthy = f == 0;
        if (nowHealthy && !healthy) {
            healthySinceNs = nowNs;
            healthySpells++;
        }
        healthy = nowHealthy;
    }

    /** As of the last {@link #evaluate}. */
    public boolean healthy() {
        return healthy;
    }

    /** When the instance last became healthy ({@link Long#MIN_VALUE} if never); valid while healthy. */
    public long healthySinceNs() {
        return healthySinceNs;
    }

    /** How many times the instance became healthy: 1 during its first healthy spell since boot. */
    public int healthySpells() {
        return healthySpells;
    }

    /** Bit set of {@code SensorsStatus.FAULT_*} as of the last {@link #evaluate}. */
    public int faults() {
        return faults;
    }

    public boolean stuck() {
        return stuckLimit > 0 && sameCount >= stuckLimit;
    }

    public long busErrors() {
        return busErrors;
    }

    public long stuckSamples() {
        return stuckSamples;
    }

    public long timeouts() {
        return timeouts;
    }

    public long nonFiniteSamples() {
        return nonFinite;
    }

    public long outOfRangeSamples() {
        return outOfRange;
    }

    public long outOfOrderSamples() {
        return outOfOrder;
    }

    public long acceptedSamples() {
        return accepted;
    }

    /** Non-finite, out-of-range and out-of-order samples together. */
    public long rejectedSamples() {
        return nonFinite + outOfRange + outOfOrder;
    }

    private void addFault() {
        if (faultDensity < FAULT_DENSITY_MAX) {
            faultDensity++;
        }
    }
}
