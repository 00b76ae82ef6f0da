package org.hoverla.core.fault;

/**
 * Where a failure can be injected: MAVLink's FAILURE_UNIT values that Hoverla knows (PX4's
 * {@code failure} command names them the same way). The ordinal is the index into
 * {@link FailureInjection}'s state; {@link #mavlinkValue} is the number on the wire.
 */
public enum FailureUnit {
    GYRO(0, "gyro"),
    ACCEL(1, "accel"),
    MAG(2, "mag"),
    BARO(3, "baro"),
    GPS(4, "gps"),
    BATTERY(100, "battery"),
    MOTOR(101, "motor"),
    RC_SIGNAL(104, "rc_signal"),
    MAVLINK_SIGNAL(105, "mavlink_signal");

    private static final FailureUnit[] ALL = values();

    /** FAILURE_UNIT value (MAV_CMD_INJECT_FAILURE param1). */
    public final int mavlinkValue;
    /** The name PX4's {@code failure} command and Hoverla's scenario files use. */
    public final String cliName;

    FailureUnit(int mavlinkValue, String cliName) {
        this.mavlinkValue = mavlinkValue;
        this.cliName = cliName;
    }

    /** @return the unit for a FAILURE_UNIT value, or null when Hoverla knows none (e.g. 5 optical flow) */
    public static FailureUnit fromMavlink(int value) {
        for (FailureUnit u : ALL) {
            if (u.mavlinkValue == value) {
                return u;
            }
        }
        return null;
    }

    /** @return the unit named {@code name} (as PX4's {@code failure} command spells it), or null */
    public static FailureUnit fromName(String name) {
        for (FailureUnit u : ALL) {
            if (u.cliName.equals(name)) {
                return u;
            }
        }
        return null;
    }

    static FailureUnit byIndex(int i) {
        return ALL[i];
    }

    static int count() {
        return ALL.length;
    }
}
