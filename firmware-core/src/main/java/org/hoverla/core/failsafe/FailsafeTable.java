package org.hoverla.core.failsafe;

import org.hoverla.core.msg.FlightMode;

/**
 * The failsafe table: one row per {@link FailsafeTrigger} with its action, the delay between
 * the trigger becoming active and the action, whether the vehicle holds during that delay, the
 * flight modes in which the trigger does not act, whether it acts only in flight, and its
 * recovery rule; plus the thresholds the commander needs to work out the battery triggers.
 *
 * <p>Mutable and preallocated so the commander can refill a candidate table on the flight thread
 * when parameters change and keep the previous one when the new one is contradictory
 * ({@link #contradiction()}); {@link #copyFrom} installs a consistent one. No allocation after
 * construction.
 */
public final class FailsafeTable {
    // Contradictions: constant texts (sent as STATUSTEXT, so at most 50 characters).
    public static final String BAD_BATTERY_THRESHOLDS = "Failsafe params: need BAT_EMERGEN<CRIT<LOW_THR";
    public static final String BAD_BATTERY_ACTIONS = "Failsafe params: battery actions not increasing";
    public static final String BAD_DELAY = "Failsafe params: a delay is negative or not finite";
    public static final String BAD_RETURN_BUDGET = "Failsafe params: RTL_TIME_FACTOR/MARGIN invalid";
    public static final String BAD_ACTION = "Failsafe params: an action value is not known";

    private static final int N = FailsafeTrigger.COUNT;

    private final FailsafeAction[] action = new FailsafeAction[N];
    private final long[] delayNs = new long[N];
    private final double[] delayS = new double[N];
    private final boolean[] holdDuringDelay = new boolean[N];
    private final int[] exceptModes = new int[N];
    private final boolean[] inFlightOnly = new boolean[N];
    private final FailsafeRecovery[] recovery = new FailsafeRecovery[N];
    /** Set when a row's action came from a parameter value the mapping does not know. */
    private boolean unknownAction;

    private double batteryLowFraction = 0.15;
    private double batteryCriticalFraction = 0.07;
    private double batteryEmergencyFraction = 0.05;
    private double returnTimeFactor = 1.1;
    private double returnTimeMarginS = 100.0;

    public FailsafeTable() {
        for (int i = 0; i < N; i++) {
            action[i] = FailsafeAction.NONE;
            recovery[i] = FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED;
            inFlightOnly[i] = true;
        }
    }

    /**
     * Sets one row. {@code action} null marks a parameter value with no mapping (a contradiction;
     * the row reads NONE).
     */
    public FailsafeTable row(FailsafeTrigger t, FailsafeAction action, double delayS, boolean holdDuringDelay,
                             int exceptModeMask, boolean inFlightOnly, FailsafeRecovery recovery) {
        int i = t.ordinal();
        if (action == null) {
            unknownAction = true;
            this.action[i] = FailsafeAction.NONE;
        } else {
            this.action[i] = action;
        }
        this.delayS[i] = delayS;
        this.delayNs[i] = Double.isFinite(delayS) && delayS > 0.0 ? (long) (delayS * 1e9) : 0L;
        this.holdDuringDelay[i] = holdDuringDelay;
        this.exceptModes[i] = exceptModeMask;
        this.inFlightOnly[i] = inFlightOnly;
        this.recovery[i] = recovery;
        return this;
    }

    /** Battery state-of-charge thresholds (fractions 0..1): BAT_LOW_THR, BAT_CRIT_THR, BAT_EMERGEN_THR. */
    public FailsafeTable battery(double low, double critical, double emergency) {
        batteryLowFraction = low;
        batteryCriticalFraction = critical;
        batteryEmergencyFraction = emergency;
        return this;
    }

    /** Safety factor and margin (s) on the estimated time to return: RTL_TIME_FACTOR, RTL_TIME_MARGIN. */
    public FailsafeTable returnBudget(double factor, double marginS) {
        returnTimeFactor = factor;
        returnTimeMarginS = marginS;
        return this;
    }

    /** Starts a refill: clears the unknown-action mark (rows keep their values until set). */
    public void beginRefill() {
        unknownAction = false;
    }

    /**
     * Why this table cannot be used (a constant text), or "" when it is consistent: battery
     * thresholds not strictly decreasing low → critical → emergency, battery actions not at least
     * as severe from low to emergency, a negative or non-finite delay, an unknown action value.
     */
    public String contradiction() {
        if (unknownAction) {
            return BAD_ACTION;
        }
        if (!(batteryEmergencyFraction >= 0.0 && batteryEmergencyFraction < batteryCriticalFraction
                && batteryCriticalFraction < batteryLowFraction && batteryLowFraction <= 1.0)) {
            return BAD_BATTERY_THRESHOLDS;
        }
        if (!action(FailsafeTrigger.BATTERY_CRITICAL).atLeast(action(FailsafeTrigger.BATTERY_LOW))
                || !action(FailsafeTrigger.BATTERY_EMERGENCY).atLeast(action(FailsafeTrigger.BATTERY_CRITICAL))) {
            return BAD_BATTERY_ACTIONS;
        }
        for (int i = 0; i < N; i++) {
            if (!(delayS[i] >= 0.0) || !Double.isFinite(delayS[i])) {
                return BAD_DELAY;
            }
        }
        if (!(returnTimeFactor >= 1.0) || !Double.isFinite(returnTimeFactor) || !(returnTimeMarginS >= 0.0)
                || !Double.isFinite(returnTimeMarginS)) {
            return BAD_RETURN_BUDGET;
        }
        return "";
    }

    public void copyFrom(FailsafeTable o) {
        System.arraycopy(o.action, 0, action, 0, N);
        System.arraycopy(o.delayNs, 0, delayNs, 0, N);
        System.arraycopy(o.delayS, 0, delayS, 0, N);
        System.arraycopy(o.holdDuringDelay, 0, holdDuringDelay, 0, N);
        System.arraycopy(o.exceptModes, 0, exceptModes, 0, N);
        System.arraycopy(o.inFlightOnly, 0, inFlightOnly, 0, N);
        System.arraycopy(o.recovery, 0, recovery, 0, N);
        unknownAction = o.unknownAction;
        batteryLowFraction = o.batteryLowFraction;
        batteryCriticalFraction = o.batteryCriticalFraction;
        batteryEmergencyFraction = o.batteryEmergencyFraction;
        returnTimeFactor = o.returnTimeFactor;
        returnTimeMarginS = o.returnTimeMarginS;
    }

    public FailsafeAction action(FailsafeTrigger t) {
        return action[t.ordinal()];
    }

    FailsafeAction action(int i) {
        return action[i];
    }

    public long delayNs(FailsafeTrigger t) {
        return delayNs[t.ordinal()];
    }

    long delayNs(int i) {
        return delayNs[i];
    }

    public double delayS(FailsafeTrigger t) {
        return delayS[t.ordinal()];
    }

    public boolean holdDuringDelay(FailsafeTrigger t) {
        return holdDuringDelay[t.ordinal()];
    }

    boolean holdDuringDelay(int i) {
        return holdDuringDelay[i];
    }

    /** Bit {@code 1 << mode.ordinal()} set: the trigger does not act while in that mode. */
    public int exceptModes(FailsafeTrigger t) {
        return exceptModes[t.ordinal()];
    }

    boolean excepted(int i, FlightMode mode) {
        return (exceptModes[i] & (1 << mode.ordinal())) != 0;
    }

    public boolean inFlightOnly(FailsafeTrigger t) {
        return inFlightOnly[t.ordinal()];
    }

    boolean inFlightOnly(int i) {
        return inFlightOnly[i];
    }

    public FailsafeRecovery recovery(FailsafeTrigger t) {
        return recovery[t.ordinal()];
    }

    FailsafeRecovery recovery(int i) {
        return recovery[i];
    }

    public double batteryLowFraction() {
        return batteryLowFraction;
    }

    public double batteryCriticalFraction() {
        return batteryCriticalFraction;
    }

    public double batteryEmergencyFraction() {
        return batteryEmergencyFraction;
    }

    public double returnTimeFactor() {
        return returnTimeFactor;
    }

    public double returnTimeMarginS() {
        return returnTimeMarginS;
    }

    /** The mode mask bit of a flight mode, for {@link #row}'s {@code exceptModeMask}. */
    public static int modeBit(FlightMode m) {
        return 1 << m.ordinal();
    }
}
