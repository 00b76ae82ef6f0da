package org.hoverla.core.msg;

/** Arming state machine states. */
public enum ArmingState {
    /** Pre-arm checks fail: the vehicle cannot be armed now. */
    STANDBY_ERROR,
    /** Ready to arm. */
    STANDBY,
    ARMED
}
