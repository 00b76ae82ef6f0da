package org.hoverla.core.mavlink.telemetry;

/**
 * How bad the vehicle's state is, for HEARTBEAT {@code system_status}: a failsafe in progress
 * reports CRITICAL, a failsafe that cannot keep the vehicle safe (e.g. flight termination
 * pending, uncontrolled descent) EMERGENCY. Supplied by whoever owns the failsafes.
 */
public enum FailsafeLevel {
    /** No failsafe: STANDBY when disarmed, ACTIVE when armed. */
    NONE,
    /** {@code MAV_STATE_CRITICAL}: a failsafe is active; the vehicle still navigates. */
    CRITICAL,
    /** {@code MAV_STATE_EMERGENCY}: the vehicle is losing control or terminating. */
    EMERGENCY
}
