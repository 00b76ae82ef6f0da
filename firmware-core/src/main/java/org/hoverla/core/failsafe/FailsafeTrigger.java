package org.hoverla.core.failsafe;

/**
 * Conditions that can demand a failsafe action. The commander works out which are active each
 * state cycle ({@code 1 << ordinal()} in a bit mask) and {@link FailsafeMonitor} decides the
 * action. At most 32 triggers fit the mask.
 */
public enum FailsafeTrigger {
    /** Manual control (RC or joystick) lost for COM_RC_LOSS_T after it was present since arming. */
    RC_LOSS("RC/manual control lost"),
    /** No ground-station heartbeat for COM_DL_LOSS_T. */
    GCS_LOSS("Ground station link lost"),
    /** No offboard setpoint for COM_OF_LOSS_T while in Offboard. */
    OFFBOARD_LOSS("Offboard setpoints lost"),
    /** State of charge at or below BAT_LOW_THR. */
    BATTERY_LOW("Battery low"),
    /** State of charge at or below BAT_CRIT_THR. */
    BATTERY_CRITICAL("Battery critical"),
    /** State of charge at or below BAT_EMERGEN_THR. */
    BATTERY_EMERGENCY("Battery emergency"),
    /** Estimated remaining flight time below the time to fly home and land (with margin). */
    FLIGHT_TIME_LOW("Remaining flight time below time to return"),
    /** Horizontal position estimate invalid in a mode that steers by it. */
    POSITION_INVALID("Position estimate invalid"),
    /** The GNSS receiver reports jamming. */
    GNSS_JAMMING("GNSS jamming"),
    /** GNSS spoofing: the receiver's own flag or the consistency monitor's suspicion. */
    GNSS_SPOOFING("GNSS spoofing"),
    /** Geofence breach predicted (stopping point within GF_MARGIN of the boundary). */
    GEOFENCE_BREACH("Geofence breach"),
    /** Roll or pitch beyond the failure detector's limit. */
    ATTITUDE_FAILURE("Attitude failure"),
    /** A motor judged failed, or the thrust lost overall. */
    MOTOR_FAILURE("Motor failure / thrust loss"),
    /** The loop timing governor's FAILSAFE level. */
    LOOP_TIMING_FAILURE("Flight loop timing failure"),
    /** No healthy IMU instance left. */
    IMU_LOST("No healthy IMU left"),
    /** No healthy barometer instance left. */
    BARO_LOST("No healthy barometer left"),
    /** No healthy magnetometer instance left. */
    MAG_LOST("No healthy magnetometer left"),
    /** No healthy GNSS receiver left. */
    GNSS_LOST("No healthy GNSS receiver left");

    /** Number of triggers; every mask bit below {@code 1 << COUNT}. */
    public static final int COUNT = values().length;
    private static final FailsafeTrigger[] VALUES = values();

    private final String label;

    FailsafeTrigger(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** This trigger's bit in an active-trigger mask. */
    public int bit() {
        return 1 << ordinal();
    }

    /** The constant with this ordinal (allocation-free lookup). */
    public static FailsafeTrigger ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
