package org.hoverla.core.failsafe;

import org.hoverla.core.msg.FlightMode;

/**
 * The manual-control-loss failsafe and the pilot's stick takeover, as PX4's commander decides
 * them ({@code failsafe.cpp} {@code checkStateAndMode}: the RC-loss check with
 * {@code COM_RCL_EXCEPT}; {@code ManualControl::wantsOverride} for COM_RC_OVERRIDE and
 * COM_RC_STICK_OV):
 * <ul>
 *   <li><b>Loss:</b> input older than COM_RC_LOSS_T while armed and flying → the action of
 *       NAV_RCL_ACT ({@link #ACTION_HOLD}, {@link #ACTION_RETURN}, {@link #ACTION_LAND},
 *       {@link #ACTION_TERMINATE}, {@link #ACTION_DISARM}; {@link #ACTION_DISABLED} only says
 *       so, except in Stabilized: nothing but the sticks flies that mode, so a loss there holds
 *       ({@link #ACTION_HOLD}) even when NAV_RCL_ACT is 0, as PX4 leaves a mode that can no longer
 *       run, {@code FailsafeBase::modeCanRun}). Only after input was present since arming: a vehicle flown without RC or joystick
 *       never triggers it (PX4 ignores a loss that already existed at arming).</li>
 *   <li><b>Exceptions</b> (COM_RCL_EXCEPT): bit 0 Mission, bit 1 Hold (and Takeoff, as PX4),
 *       bit 2 Offboard: in those modes a loss is announced and nothing else happens; should the
 *       mode change while the input is still lost, the action follows then. A vehicle already
 *       returning or landing is left to it (Hold, Return or Land would only interrupt the
 *       recovery); Terminate and Disarm act in any mode.</li>
 *   <li><b>Regained link:</b> announced; the vehicle stays in the failsafe action (no snap back)
 *       until the pilot selects a mode, or moves a stick beyond COM_RC_STICK_OV (takeover →
 *       Position).</li>
 *   <li><b>Stick override</b> (COM_RC_OVERRIDE bit 0 auto modes, bit 1 Offboard): in flight, a
 *       stick moved more than COM_RC_STICK_OV percent of its half travel from where it rested
 *       when the mode began (or when the input came back) switches to Position. Measured from
 *       that rest position, not from centre, so an RC throttle left low does not count; the
 *       throttle's 0..1 travel is doubled to compare on the same scale, as PX4 does.</li>
 * </ul>
 * The caller applies the returned {@link Decision} (mode change, disarm, message) and tells
 * {@link #modeChanged} about every mode change, so that one the pilot selects ends the failsafe.
 *
 * <p>Pure, allocation-free, single-threaded (the commander's flight task). Nanoseconds of the
 * vehicle clock.
 */
public final class ManualControlLossFailsafe {
    /** NAV_RCL_ACT values (PX4 commander_params.c). */
    public static final int ACTION_DISABLED = 0;
    public static final int ACTION_HOLD = 1;
    public static final int ACTION_RETURN = 2;
    public static final int ACTION_LAND = 3;
    public static final int ACTION_TERMINATE = 5;
    public static final int ACTION_DISARM = 6;
    /** COM_RCL_EXCEPT bits. */
    public static final int EXCEPT_MISSION = 1;
    public static final int EXCEPT_HOLD = 2;
    public static final int EXCEPT_OFFBOARD = 4;
    /** COM_RC_OVERRIDE bits. */
    public static final int OVERRIDE_AUTO = 1;
    public static final int OVERRIDE_OFFBOARD = 2;

    /** What the caller must do after {@link #update}. */
    public enum Decision {
        /** Nothing. */
        NONE,
        /** Input lost: apply {@link #action()} (already checked against the exceptions). */
        LOSS_ACTION,
        /** Input lost, NAV_RCL_ACT 0: announce only. */
        LOSS_DISABLED,
        /** Input lost in an excepted mode (COM_RCL_EXCEPT): announce only. */
        LOSS_EXCEPTED,
        /** Input lost while returning or landing, or on the ground: announce only. */
        LOSS_NO_CHANGE,
        /** Input back: announce; the mode stays. */
        REGAINED,
        /** Sticks moved beyond COM_RC_STICK_OV in an overridable mode or failsafe: switch to Position. */
        TAKEOVER
    }

    private long lossTimeoutNs = 500_000_000L;
    private int action = ACTION_DISABLED;
    /** The action of the last {@link Decision#LOSS_ACTION}: NAV_RCL_ACT, or Hold for Stabilized with it disabled. */
    private int actingAction = ACTION_DISABLED;
    private int exceptions;
    private int overrideBits = OVERRIDE_AUTO;
    private double stickThreshold = 0.3;

    private boolean present;
    private boolean presentSinceArming;
    private boolean lost;
    private boolean lossHandled;
    private boolean failsafeActive;
    private boolean wasArmed;
    private boolean referenceValid;
    private long lastInputNs;
    private long lossAtNs;
    private long actionAtNs = Long.MIN_VALUE;
    private double refPitch;
    private double refRoll;
    private double refYaw;
    private double refThrottle;

    /**
     * @param lossTimeoutS COM_RC_LOSS_T
     * @param action NAV_RCL_ACT (an unknown value reads as Return, PX4's default)
     * @param exceptions COM_RCL_EXCEPT bits
     * @param overrideBits COM_RC_OVERRIDE bits
     * @param stickOverridePct COM_RC_STICK_OV, percent of the half travel
     */
    public void configure(double lossTimeoutS, int action, int exceptions, int overrideBits, double stickOverridePct) {
        this.lossTimeoutNs = (long) (Math.max(0.0, lossTimeoutS) * 1e9);
        this.action = action == ACTION_DISABLED || action == ACTION_HOLD || action == ACTION_RETURN
                || action == ACTION_LAND || action == ACTION_TERMINATE || action == ACTION_DISARM ? action : ACTION_RETURN;
        this.exceptions = exceptions;
        this.overrideBits = overrideBits;
        this.stickThreshold = Double.isFinite(stickOverridePct) ? Math.max(0.0, stickOverridePct) * 0.01 : 0.3;
    }

    /**
     * One evaluation (the commander's 50 Hz state period).
     *
     * @param inputCount inputs accepted so far (0: never any)
     * @param inputNs vehicle time of the newest input
     * @param enabled manual input is accepted at all (COM_RC_IN_MODE not "disabled")
     * @param flying armed and not landed
     * @return what to do; {@link #action()} says which action for {@link Decision#LOSS_ACTION}
     */
    public Decision update(long nowNs, long inputCount, long inputNs, double pitch, double roll, double yaw,
                           double throttle, boolean enabled, boolean armed, boolean flying, FlightMode mode) {
        if (armed && !wasArmed) {
            presentSinceArming = present;
            failsafeActive = false;
        }
        wasArmed = armed;
        boolean fresh = enabled && inputCount > 0 && nowNs - inputNs < lossTimeoutNs;
        if (fresh) {
            lastInputNs = inputNs;
        }
        boolean wasPresent = present;
        present = fresh;
        if (fresh && armed) {
            presentSinceArming = true;
        }
        if (!armed) {
            lost = false;
            lossHandled = false;
            failsafeActive = false;
            referenceValid = false;
            return Decision.NONE;
        }
        if (fresh) {
            if (!referenceValid) {
                setReference(pitch, roll, yaw, throttle);
            }
            if (!wasPresent && lost) {
                lost = false;
                lossHandled = false;
                setReference(pitch, roll, yaw, throttle);
                return Decision.REGAINED;
            }
            if (flying && overridable(mode) && moved(pitch, roll, yaw, throttle)) {
                failsafeActive = false;
                referenceValid = false;
                return Decision.TAKEOVER;
            }
            return Decision.NONE;
        }
        referenceValid = false;
        if (!presentSinceArming) {
            return Decision.NONE;
        }
        if (!lost) {
            lost = true;
            lossHandled = false;
            lossAtNs = lastInputNs + lossTimeoutNs;
        }
        if (lossHandled) {
            // Announced without acting (excepted mode, or returning, landing, on the ground), or
            // the action's mode was left for another one while the input is still lost: act once
            // the mode allows it, as PX4 keeps a failsafe condition checked while it lasts.
            boolean due = !failsafeActive && (action != ACTION_DISABLED || mode == FlightMode.STABILIZED)
                    && !excepted(mode) && canAct(mode, flying);
            return due ? act(nowNs, mode) : Decision.NONE;
        }
        lossHandled = true;
        if (action == ACTION_DISABLED && mode != FlightMode.STABILIZED) {
            return Decision.LOSS_DISABLED;
        }
        if (excepted(mode)) {
            return Decision.LOSS_EXCEPTED;
        }
        if (!canAct(mode, flying)) {
            return Decision.LOSS_NO_CHANGE;
        }
        return act(nowNs, mode);
    }

    private Decision act(long nowNs, FlightMode mode) {
        actingAction = action == ACTION_DISABLED && mode == FlightMode.STABILIZED ? ACTION_HOLD : action;
        failsafeActive = true;
        actionAtNs = nowNs;
        return Decision.LOSS_ACTION;
    }

    /**
     * The mode changed; {@code byFailsafe} when it was this failsafe's action or takeover. A mode
     * the pilot (or anyone else) selects ends the failsafe and sets a new stick rest position.
     */
    public void modeChanged(boolean byFailsafe) {
        referenceValid = false;
        if (!byFailsafe) {
            failsafeActive = false;
        }
    }

    /** The action to apply after {@link Decision#LOSS_ACTION}: NAV_RCL_ACT, or Hold for Stabilized when it is 0. */
    public int action() {
        return actingAction;
    }

    /** Whether the vehicle is in this failsafe's action (until a mode is selected or the sticks take over). */
    public boolean failsafeActive() {
        return failsafeActive;
    }

    /** Fresh manual input now. */
    public boolean present() {
        return present;
    }

    /** Vehicle time the loss was declared (newest input + COM_RC_LOSS_T). */
    public long lossAtNs() {
        return lossAtNs;
    }

    /** Vehicle time of the last loss action, {@link Long#MIN_VALUE} before any. */
    public long actionAtNs() {
        return actionAtNs;
    }

    private boolean excepted(FlightMode mode) {
        switch (mode) {
            case MISSION:
                return (exceptions & EXCEPT_MISSION) != 0;
            case HOLD:
            case TAKEOFF:
                return (exceptions & EXCEPT_HOLD) != 0;
            case OFFBOARD:
                return (exceptions & EXCEPT_OFFBOARD) != 0;
            default:
                return false;
        }
    }

    private boolean canAct(FlightMode mode, boolean flying) {
        if (!flying) {
            return false;
        }
        if (action == ACTION_TERMINATE || action == ACTION_DISARM) {
            return true;
        }
        return mode != FlightMode.RETURN && mode != FlightMode.LAND;
    }

    private boolean overridable(FlightMode mode) {
        if (failsafeActive) {
            return true;
        }
        if (mode == FlightMode.OFFBOARD) {
            return (overrideBits & OVERRIDE_OFFBOARD) != 0;
        }
        return mode.isAuto() && (overrideBits & OVERRIDE_AUTO) != 0;
    }

    private void setReference(double pitch, double roll, double yaw, double throttle) {
        refPitch = sanitize(pitch, 0.0);
        refRoll = sanitize(roll, 0.0);
        refYaw = sanitize(yaw, 0.0);
        refThrottle = sanitize(throttle, 0.5);
        referenceValid = true;
    }

    private boolean moved(double pitch, double roll, double yaw, double throttle) {
        return Math.abs(sanitize(pitch, 0.0) - refPitch) > stickThreshold
                || Math.abs(sanitize(roll, 0.0) - refRoll) > stickThreshold
                || Math.abs(sanitize(yaw, 0.0) - refYaw) > stickThreshold
                || 2.0 * Math.abs(sanitize(throttle, 0.5) - refThrottle) > stickThreshold;
    }

    private static double sanitize(double v, double centre) {
        return Double.isFinite(v) ? v : centre;
    }
}
