package org.hoverla.core.rc;

import org.hoverla.core.msg.ManualControlSetpoint;

/**
 * What the pilot's switches and sticks ask of the commander: arm, disarm, a flight-mode slot,
 * the kill switch. PX4's rules, from {@code src/modules/manual_control/ManualControl.cpp}
 * ({@code processStickArming}, {@code processSwitches}, {@code evaluateModeSlot}) and
 * {@code src/modules/commander/Commander.cpp} ({@code arm}, {@code disarm}, the kill-switch
 * lockdown):
 * <ul>
 *   <li>stick gesture (MAN_ARM_GESTURE, off when an arm switch is mapped, as PX4 forces it):
 *       throttle low (below 10 %), right stick centred (|roll|, |pitch| &lt; 0.1) and yaw full
 *       right (&gt; 0.9) held for COM_RC_ARM_HYST arms; yaw full left disarms. Any manual source
 *       (a joystick too) can gesture;</li>
 *   <li>arm switch (RC only): a change to ON arms, to OFF disarms; with COM_ARM_SWISBTN it is a
 *       button, held ON for COM_RC_ARM_HYST it toggles;</li>
 *   <li>mode switch (RC only): a change of slot requests COM_FLTMODEn's mode; before arming the
 *       first slot seen is requested too (PX4 initialises the mode from the switch);</li>
 *   <li>kill switch (RC only): a change to ON engages lockdown (motors stop at once, the
 *       vehicle stays armed), OFF releases it; after COM_KILL_DISARM in lockdown the commander
 *       disarms. The first switch state seen counts as a change, so a vehicle that boots with
 *       the kill switch on is locked down;</li>
 *   <li>switches are ignored while the selected input is not RC or is stale, and the first
 *       update after that only records their positions (no action on what was already set).</li>
 * </ul>
 * The checks before acting are {@link #armRefusal} and {@link #disarmRefusal}; the commander
 * still runs its normal pre-arm checks. Pure, allocation-free, refusal texts are constants;
 * commander (flight thread) only.
 */
public final class RcArmingSwitches {
    public static final int NONE = 0;
    public static final int ARM = 1;
    public static final int DISARM = 2;

    /** PX4 manual_control: throttle below -0.8 of -1..1, i.e. 10 % of 0..1. */
    static final double THROTTLE_LOW = 0.1;
    static final double STICK_CENTRED = 0.1;
    static final double YAW_FULL = 0.9;
    /** PX4 Commander {@code _is_throttle_above_center}: throttle above 0.2 of -1..1, i.e. 60 % of 0..1. */
    static final double THROTTLE_ABOVE_CENTRE = 0.6;

    public static final String ARM_HIGH_THROTTLE = "Arming denied: high throttle";
    public static final String ARM_NOT_MANUAL = "Arming denied: switch to manual mode first";
    public static final String ARM_KILL_ENGAGED = "Arming denied: kill switch engaged";
    public static final String ARM_THROTTLE_ABOVE_CENTRE = "Arming denied: throttle above center";
    public static final String ARM_STABILIZED_NO_INPUT = "Arming denied: Stabilized needs manual control input";
    public static final String DISARM_NOT_LANDED = "Disarming denied: not landed";
    public static final String EVENT_KILL = "Kill switch engaged: motors stopped";
    public static final String EVENT_UNKILL = "Kill switch released: motors restored";
    public static final String EVENT_KILL_DISARM = "Kill switch still engaged: disarming";

    private boolean gestureEnabled = true;
    private boolean armSwitchIsButton;
    private long holdNs = 1_000_000_000L;
    private long killDisarmNs = 5_000_000_000L;

    private long armGestureSinceNs = Long.MIN_VALUE;
    private long disarmGestureSinceNs = Long.MIN_VALUE;
    private long buttonSinceNs = Long.MIN_VALUE;
    private boolean armGestureFired;
    private boolean disarmGestureFired;
    private boolean buttonFired;
    private boolean switchesInitialized;
    private int previousModeSlot;
    private int previousArmSwitch;
    private int previousKillSwitch;
    private boolean killEngaged;
    private long killEngagedNs;

    private int armRequest;
    private int modeSlotRequest;
    private int killChange;

    /**
     * @param gesture             MAN_ARM_GESTURE on and no arm switch mapped
     * @param armSwitchIsButton   COM_ARM_SWISBTN
     * @param holdNs              COM_RC_ARM_HYST
     * @param killDisarmNs        COM_KILL_DISARM
     */
    public void configure(boolean gesture, boolean armSwitchIsButton, long holdNs, long killDisarmNs) {
        this.gestureEnabled = gesture;
        this.armSwitchIsButton = armSwitchIsButton;
        this.holdNs = holdNs;
        this.killDisarmNs = killDisarmNs;
    }

    /**
     * One commander state cycle.
     *
     * @param in    the selected manual input (its newest value)
     * @param fresh whether {@code in} is younger than COM_RC_LOSS_T
     * @param armed the vehicle is armed now
     */
    public void update(ManualControlSetpoint in, boolean fresh, boolean armed, long nowNs) {
        armRequest = NONE;
        modeSlotRequest = 0;
        killChange = 0;
        if (!fresh || in.count == 0) {
            resetGestures();
            switchesInitialized = false;
        } else {
            updateGestures(in, nowNs);
            if (in.source == ManualControlSetpoint.SOURCE_RC) {
                updateSwitches(in, armed, nowNs);
            } else {
                switchesInitialized = false;
            }
        }
        if (!armed) {
            // lockdown ends with the arming it stopped; a kill switch still on keeps refusing arming
            killEngagedNs = nowNs;
        }
    }

    private void resetGestures() {
        armGestureSinceNs = Long.MIN_VALUE;
        disarmGestureSinceNs = Long.MIN_VALUE;
        armGestureFired = false;
        disarmGestureFired = false;
        buttonSinceNs = Long.MIN_VALUE;
        buttonFired = false;
    }

    private void updateGestures(ManualControlSetpoint in, long nowNs) {
        boolean rightCentred = Math.abs(in.pitchNorm) < STICK_CENTRED && Math.abs(in.rollNorm) < STICK_CENTRED;
        boolean low = in.throttleNorm < THROTTLE_LOW;
        boolean armPose = rightCentred && low && in.yawNorm > YAW_FULL;
        boolean disarmPose = rightCentred && low && in.yawNorm < -YAW_FULL;
        if (armPose) {
            if (armGestureSinceNs == Long.MIN_VALUE) {
                armGestureSinceNs = nowNs;
            }
            if (!armGestureFired && nowNs - armGestureSinceNs >= holdNs) {
                armGestureFired = true;
                if (gestureEnabled) {
                    armRequest = ARM;
                }
            }
        } else {
            armGestureSinceNs = Long.MIN_VALUE;
            armGestureFired = false;
        }
        if (disarmPose) {
            if (disarmGestureSinceNs == Long.MIN_VALUE) {
                disarmGestureSinceNs = nowNs;
            }
            if (!disarmGestureFired && nowNs - disarmGestureSinceNs >= holdNs) {
                disarmGestureFired = true;
                if (gestureEnabled) {
                    armRequest = DISARM;
                }
            }
        } else {
            disarmGestureSinceNs = Long.MIN_VALUE;
            disarmGestureFired = false;
        }
    }

    private void updateSwitches(ManualControlSetpoint in, boolean armed, long nowNs) {
        if (!switchesInitialized) {
            switchesInitialized = true;
            if (!armed && in.modeSlot != ManualControlSetpoint.MODE_SLOT_NONE) {
                modeSlotRequest = in.modeSlot;
            }
            if (in.killSwitch == ManualControlSetpoint.SWITCH_ON && !killEngaged) {
                engageKill(nowNs);
            }
            previousModeSlot = in.modeSlot;
            previousArmSwitch = in.armSwitch;
            previousKillSwitch = in.killSwitch;
            return;
        }
        if (in.modeSlot != previousModeSlot && in.modeSlot != ManualControlSetpoint.MODE_SLOT_NONE) {
            modeSlotRequest = in.modeSlot;
        }
        if (armSwitchIsButton) {
            if (in.armSwitch == ManualControlSetpoint.SWITCH_ON) {
                if (buttonSinceNs == Long.MIN_VALUE) {
                    buttonSinceNs = nowNs;
                }
                if (!buttonFired && nowNs - buttonSinceNs >= holdNs) {
                    buttonFired = true;
                    armRequest = armed ? DISARM : ARM;
                }
            } else {
                buttonSinceNs = Long.MIN_VALUE;
                buttonFired = false;
            }
        } else if (in.armSwitch != previousArmSwitch) {
            if (in.armSwitch == ManualControlSetpoint.SWITCH_ON) {
                armRequest = ARM;
            } else if (in.armSwitch == ManualControlSetpoint.SWITCH_OFF) {
                armRequest = DISARM;
            }
        }
        if (in.killSwitch != previousKillSwitch) {
            if (in.killSwitch == ManualControlSetpoint.SWITCH_ON) {
                engageKill(nowNs);
            } else if (in.killSwitch == ManualControlSetpoint.SWITCH_OFF && killEngaged) {
                killEngaged = false;
                killChange = -1;
            }
        }
        previousModeSlot = in.modeSlot;
        previousArmSwitch = in.armSwitch;
        previousKillSwitch = in.killSwitch;
    }

    private void engageKill(long nowNs) {
        killEngaged = true;
        killEngagedNs = nowNs;
        killChange = 1;
    }

    /** ARM, DISARM or NONE from this update. */
    public int armRequest() {
        return armRequest;
    }

    /** The mode slot (1..6) to switch to from this update, or 0. */
    public int modeSlotRequest() {
        return modeSlotRequest;
    }

    /** +1 when the kill switch engaged in this update, -1 when released, 0 otherwise. */
    public int killChange() {
        return killChange;
    }

    /** The kill switch holds the motors stopped (PX4 manual_lockdown). */
    public boolean lockdown() {
        return killEngaged;
    }

    /** Armed and locked down for COM_KILL_DISARM: time to disarm. */
    public boolean killDisarmDue(boolean armed, long nowNs) {
        return armed && killEngaged && nowNs - killEngagedNs >= killDisarmNs;
    }

    /**
     * Why an arming asked by stick, switch or button is refused (a constant), or empty. PX4
     * refuses RC arming outside manual modes and with the throttle up; Hoverla asks for the
     * throttle low in every manual mode (PX4 lets climb-rate modes arm at centre throttle).
     *
     * @param manualMode the current mode is flown by the sticks (Position, Altitude, ...)
     */
    public static String armRefusal(double throttleNorm, boolean manualMode, boolean killEngaged) {
        if (killEngaged) {
            return ARM_KILL_ENGAGED;
        }
        if (!manualMode) {
            return ARM_NOT_MANUAL;
        }
        if (!(throttleNorm < THROTTLE_LOW)) {
            return ARM_HIGH_THROTTLE;
        }
        return "";
    }

    /**
     * Why an arming by command (MAV_CMD_COMPONENT_ARM_DISARM, not forced) is refused for the
     * pilot's sticks, or empty. PX4 Commander::arm runs the throttle checks for every arming in a
     * manual mode while manual control is present: a manual-thrust mode (Stabilized) needs the
     * throttle low, or the motors would jump to that thrust; a climb-rate mode (Position,
     * Altitude) refuses the throttle above centre, or the stick takeoff (above 65 %) would start
     * at once. Stabilized without fresh input is refused too: nothing but the sticks holds the
     * vehicle there, and a loss failsafe does not act on a loss that existed at arming.
     *
     * @param stabilized   the current mode is Stabilized (manual thrust)
     * @param climbRate    the current mode flies the throttle as climb rate (Position, Altitude)
     * @param inputFresh   manual input younger than COM_RC_LOSS_T (and input not disabled)
     */
    public static String commandArmRefusal(boolean stabilized, boolean climbRate, boolean inputFresh,
                                           double throttleNorm) {
        if (stabilized) {
            if (!inputFresh) {
                return ARM_STABILIZED_NO_INPUT;
            }
            return throttleNorm < THROTTLE_LOW ? "" : ARM_HIGH_THROTTLE;
        }
        if (climbRate && inputFresh && throttleNorm > THROTTLE_ABOVE_CENTRE) {
            return ARM_THROTTLE_ABOVE_CENTRE;
        }
        return "";
    }

    /**
     * Why a disarm asked by stick, switch or button is refused, or empty. PX4 Commander::disarm:
     * only landed, except in a manual-thrust mode with COM_DISARM_MAN.
     */
    public static String disarmRefusal(boolean landed, boolean manualThrustMode, boolean disarmInManualThrust) {
        return landed || (manualThrustMode && disarmInManualThrust) ? "" : DISARM_NOT_LANDED;
    }
}
