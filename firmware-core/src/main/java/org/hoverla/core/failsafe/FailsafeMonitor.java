package org.hoverla.core.failsafe;

import org.hoverla.core.msg.FlightMode;

/**
 * Decides, from the active triggers and a {@link FailsafeTable}, which failsafe action is in
 * force. Rules:
 * <ul>
 *   <li>A trigger acts while the vehicle is armed, once it has been active for its delay; during
 *       the delay it asks for Hold when its row says so and its action is Hold or more.</li>
 *   <li>It does not start acting in one of its excepted modes; once acting, the mode does not
 *       matter.</li>
 *   <li>A row marked in-flight-only asks at most for a warning while the vehicle is not flying
 *       (its action starts if the vehicle takes off with the trigger still active).</li>
 *   <li>The most severe demand wins. A trigger that has acted keeps its demand when it clears,
 *       unless its recovery rule is {@link FailsafeRecovery#ENDS_WITH_TRIGGER}; so a newly
 *       active, less severe trigger never lowers the action in force.</li>
 *   <li>{@link #modeSelected} (the pilot or GCS chose a mode) ends every demand: active triggers
 *       are acknowledged and act again only after they clear and come back. Battery triggers
 *       ({@link FailsafeRecovery#LATCHED_UNTIL_DISARM}) stay active until disarm.</li>
 *   <li>Disarming resets everything.</li>
 * </ul>
 * After each {@link #update}, {@link #becameActive()}, {@link #cleared()}, {@link #actionChanged()}
 * and {@link #cause()} describe the transitions, one STATUSTEXT each for the caller.
 *
 * <p>Pure, allocation-free, single-threaded (the commander's flight task). Vehicle-clock ns.
 */
public final class FailsafeMonitor {
    private static final int N = FailsafeTrigger.COUNT;

    private final FailsafeTable table = new FailsafeTable();
    private final long[] activeSinceNs = new long[N];
    private final FailsafeAction[] demand = new FailsafeAction[N];
    private int activeMask;
    private int firedMask;
    private int acknowledgedMask;
    private int becameActive;
    private int cleared;
    private FailsafeAction action = FailsafeAction.NONE;
    private FailsafeAction previousAction = FailsafeAction.NONE;
    private int cause = -1;
    private boolean wasArmed;

    public FailsafeMonitor() {
        for (int i = 0; i < N; i++) {
            demand[i] = FailsafeAction.NONE;
        }
    }

    /** Installs a table (copied); the caller has checked {@link FailsafeTable#contradiction()}. */
    public void configure(FailsafeTable t) {
        table.copyFrom(t);
    }

    /** The table in force (owned by the monitor; read-only for callers). */
    public FailsafeTable table() {
        return table;
    }

    /**
     * One evaluation.
     *
     * @param triggerMask bit {@code 1 << trigger.ordinal()} set for each active trigger
     * @param mode the flight mode now
     * @param armed armed now
     * @param flying armed and not landed
     * @return the action in force
     */
    public FailsafeAction update(long nowNs, int triggerMask, FlightMode mode, boolean armed, boolean flying) {
        previousAction = action;
        if (!armed) {
            firedMask = 0;
            acknowledgedMask = 0;
        } else if (!wasArmed) {
            // Conditions present at arming count from the arming on.
            for (int i = 0; i < N; i++) {
                activeSinceNs[i] = nowNs;
            }
        }
        wasArmed = armed;
        int latched = 0;
        for (int i = 0; i < N; i++) {
            if (armed && table.recovery(i) == FailsafeRecovery.LATCHED_UNTIL_DISARM && (activeMask & (1 << i)) != 0) {
                latched |= 1 << i;
            }
        }
        int mask = triggerMask | latched;
        becameActive = mask & ~activeMask;
        cleared = activeMask & ~mask;
        activeMask = mask;
        acknowledgedMask &= mask;
        FailsafeAction result = FailsafeAction.NONE;
        int resultCause = -1;
        for (int i = 0; i < N; i++) {
            int bit = 1 << i;
            if ((becameActive & bit) != 0) {
                activeSinceNs[i] = nowNs;
            }
            FailsafeAction d = FailsafeAction.NONE;
            if (armed) {
                if ((mask & bit) != 0 && (acknowledgedMask & bit) == 0) {
                    d = activeDemand(i, nowNs, mode, flying);
                } else if ((firedMask & bit) != 0) {
                    if ((mask & bit) == 0 && table.recovery(i) == FailsafeRecovery.ENDS_WITH_TRIGGER) {
                        firedMask &= ~bit;
                    } else {
                        d = table.action(i);
                    }
                }
            }
            demand[i] = d;
            if (d.ordinal() > result.ordinal()) {
                result = d;
                resultCause = i;
            }
        }
        action = result;
        if (action != previousAction) {
            cause = resultCause;
        }
        return action;
    }

    private FailsafeAction activeDemand(int i, long nowNs, FlightMode mode, boolean flying) {
        int bit = 1 << i;
        FailsafeAction a = table.action(i);
        if ((firedMask & bit) != 0) {
            return a;
        }
        if (table.inFlightOnly(i) && !flying) {
            return a.atLeast(FailsafeAction.WARN) ? FailsafeAction.WARN : FailsafeAction.NONE;
        }
        if (table.excepted(i, mode)) {
            return a.atLeast(FailsafeAction.WARN) ? FailsafeAction.WARN : FailsafeAction.NONE;
        }
        if (nowNs - activeSinceNs[i] >= table.delayNs(i)) {
            firedMask |= bit;
            return a;
        }
        if (table.holdDuringDelay(i) && a.atLeast(FailsafeAction.HOLD)) {
            return FailsafeAction.HOLD;
        }
        return a.atLeast(FailsafeAction.WARN) ? FailsafeAction.WARN : FailsafeAction.NONE;
    }

    /** The pilot or GCS selected a mode: every demand ends; active triggers are acknowledged. */
    public void modeSelected() {
        acknowledgedMask = activeMask;
        firedMask = 0;
        for (int i = 0; i < N; i++) {
            demand[i] = FailsafeAction.NONE;
        }
        action = FailsafeAction.NONE;
    }

    /** The action in force after the last {@link #update}. */
    public FailsafeAction action() {
        return action;
    }

    /** The action in force before the last {@link #update}. */
    public FailsafeAction previousAction() {
        return previousAction;
    }

    /** Whether the last {@link #update} changed the action in force. */
    public boolean actionChanged() {
        return action != previousAction;
    }

    /** The trigger whose demand set the action at its last change; null when none (NONE). */
    public FailsafeTrigger cause() {
        return cause < 0 ? null : FailsafeTrigger.ofOrdinal(cause);
    }

    /** What a trigger asks for now. */
    public FailsafeAction demand(FailsafeTrigger t) {
        return demand[t.ordinal()];
    }

    /** Triggers active now (including latched battery triggers). */
    public int activeMask() {
        return activeMask;
    }

    /** Triggers that became active in the last {@link #update}. */
    public int becameActive() {
        return becameActive;
    }

    /** Triggers that cleared in the last {@link #update}. */
    public int cleared() {
        return cleared;
    }

    /** Whether {@code t} has acted (its delay ran out while armed) and not been ended since. */
    public boolean fired(FailsafeTrigger t) {
        return (firedMask & t.bit()) != 0;
    }
}
