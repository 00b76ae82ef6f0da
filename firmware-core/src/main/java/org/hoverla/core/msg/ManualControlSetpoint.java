package org.hoverla.core.msg;

/**
 * The pilot's newest stick and switch input, from an RC receiver or a ground-station joystick
 * (MAVLink MANUAL_CONTROL, e.g. QGroundControl's joystick or virtual joystick), normalised. The
 * same axes and signs as PX4's {@code manual_control_setpoint}. An axis the sender marked unused
 * (INT16_MAX) arrives here centred. {@link #source} says where it came from; switch fields are
 * {@link #SWITCH_NONE} for a source without switches (a joystick).
 */
public final class ManualControlSetpoint {
    /** No input yet. */
    public static final int SOURCE_NONE = 0;
    /** An RC receiver, calibrated and mapped (RCn_*, RC_MAP_*). */
    public static final int SOURCE_RC = 1;
    /** MAVLink MANUAL_CONTROL from a ground station's joystick. */
    public static final int SOURCE_MAVLINK = 2;
    /** PX4 {@code manual_control_switches} positions. */
    public static final int SWITCH_NONE = 0;
    public static final int SWITCH_ON = 1;
    public static final int SWITCH_OFF = 3;
    /** No flight-mode slot selected (channel unmapped, or a joystick). */
    public static final int MODE_SLOT_NONE = 0;

    /** Vehicle-clock time the input was received; 0 = never. Input older than COM_RC_LOSS_T is stale. */
    public long timestampNs;
    /** Inputs accepted so far. */
    public long count;
    /** Forward stick, -1 (back) .. 1 (forward); MAVLink x. */
    public double pitchNorm;
    /** Right stick, -1 (left) .. 1 (right); MAVLink y. */
    public double rollNorm;
    /** Yaw stick, -1 (nose left) .. 1 (nose right); MAVLink r. */
    public double yawNorm;
    /** Throttle stick, 0 (down) .. 1 (up), 0.5 centred; MAVLink z 0..1000. */
    public double throttleNorm = 0.5;
    /** Joystick buttons 1..16 (bit 0 = button 1); not acted upon yet. */
    public int buttons;
    /** {@link #SOURCE_RC}, {@link #SOURCE_MAVLINK} or {@link #SOURCE_NONE}. */
    public int source;
    /** Flight-mode slot 1..6 (COM_FLTMODE1..6) or {@link #MODE_SLOT_NONE}. */
    public int modeSlot;
    /** Arm switch: {@link #SWITCH_ON}, {@link #SWITCH_OFF} or {@link #SWITCH_NONE}. */
    public int armSwitch;
    /** Kill switch: {@link #SWITCH_ON}, {@link #SWITCH_OFF} or {@link #SWITCH_NONE}. */
    public int killSwitch;

    public void copyFrom(ManualControlSetpoint m) {
        timestampNs = m.timestampNs;
        count = m.count;
        pitchNorm = m.pitchNorm;
        rollNorm = m.rollNorm;
        yawNorm = m.yawNorm;
        throttleNorm = m.throttleNorm;
        buttons = m.buttons;
        source = m.source;
        modeSlot = m.modeSlot;
        armSwitch = m.armSwitch;
        killSwitch = m.killSwitch;
    }
}
