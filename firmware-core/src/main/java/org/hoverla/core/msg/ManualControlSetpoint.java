package org.hoverla.core.msg;

/**
 * The newest ground-station stick input (MAVLink MANUAL_CONTROL, e.g. QGroundControl's joystick
 * or virtual joystick), normalised by the MAVLink thread, which is its one publisher. The same
 * axes and signs as PX4's {@code manual_control_setpoint}. An axis the sender marked unused
 * (INT16_MAX) arrives here centred.
 */
public final class ManualControlSetpoint {
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

    public void copyFrom(ManualControlSetpoint m) {
        timestampNs = m.timestampNs;
        count = m.count;
        pitchNorm = m.pitchNorm;
        rollNorm = m.rollNorm;
        yawNorm = m.yawNorm;
        throttleNorm = m.throttleNorm;
        buttons = m.buttons;
    }
}
