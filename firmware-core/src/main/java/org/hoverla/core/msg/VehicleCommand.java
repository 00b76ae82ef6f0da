package org.hoverla.core.msg;

/**
 * A command for the vehicle, from a link, the simulator or a test. Command numbers are the
 * MAVLink MAV_CMD values so that the link layer maps them one to one, but parameters are in SI
 * units: latitude/longitude in degrees, altitude in metres AMSL, speeds in m/s.
 */
public final class VehicleCommand {
    public static final int NAV_RETURN_TO_LAUNCH = 20;
    public static final int NAV_LAND = 21;
    public static final int NAV_TAKEOFF = 22;
    public static final int DO_ORBIT = 34;
    /**
     * MAV_CMD_DO_FLIGHTTERMINATION: param1 &gt; 0.5 stops the motors at once, wherever the vehicle
     * is; it stays disarmed until the flight stack restarts (mavlink.io: "ignore RC or other input
     * until it has been power-cycled"). Reaches the commander only once confirmed
     * (docs/command-authority.md).
     */
    public static final int DO_FLIGHTTERMINATION = 185;
    public static final int DO_SET_MODE = 176;
    public static final int DO_CHANGE_SPEED = 178;
    public static final int DO_SET_HOME = 179;
    public static final int DO_REPOSITION = 192;
    public static final int DO_SET_ROI_LOCATION = 195;
    public static final int DO_SET_ROI_NONE = 197;
    /** MAV_CMD_DO_MOTOR_TEST: param1 motor (1-based), param2 throttle type, param3 value, param4 timeout s, param5 count. */
    public static final int DO_MOTOR_TEST = 209;
    public static final int DO_SET_STANDARD_MODE = 262;
    public static final int MISSION_START = 300;
    public static final int COMPONENT_ARM_DISARM = 400;
    /**
     * MAV_CMD_INJECT_FAILURE: param1 failure unit (FAILURE_UNIT), param2 failure type (FAILURE_TYPE),
     * param3 instance (0 = all). Refused unless SYS_FAILURE_EN is 1.
     */
    public static final int INJECT_FAILURE = 420;
    /** Hoverla-internal: hold position (Hold / AUTO_LOITER), as PX4 does through DO_SET_MODE. */
    public static final int HOVERLA_HOLD = 0x10000 + 1;

    /** The magic number in param2 that forces arming or disarming (MAVLink: 21196). */
    public static final double FORCE_MAGIC = 21196.0;
    /**
     * The param2 QGroundControl sends to force arming ({@code Vehicle::forceArm}); Hoverla treats it
     * as {@link #FORCE_MAGIC} for arming only.
     */
    public static final double FORCE_ARM_QGC_MAGIC = 2989.0;

    public long timestampNs;
    public int command;
    public double param1;
    public double param2;
    public double param3;
    public double param4;
    public double param5;
    public double param6;
    public double param7;
    /** Who sent it (MAVLink system/component id, or 0 for on-board sources). */
    public int sourceSystem;
    public int sourceComponent;
    /** Sequence number chosen by the producer, echoed in the acknowledgement. */
    public long sequence;

    public void copyFrom(VehicleCommand m) {
        timestampNs = m.timestampNs;
        command = m.command;
        param1 = m.param1;
        param2 = m.param2;
        param3 = m.param3;
        param4 = m.param4;
        param5 = m.param5;
        param6 = m.param6;
        param7 = m.param7;
        sourceSystem = m.sourceSystem;
        sourceComponent = m.sourceComponent;
        sequence = m.sequence;
    }

    /** Resets all parameters to NaN (MAVLink "unset") and clears the header. */
    public VehicleCommand clear(int command) {
        this.command = command;
        param1 = Double.NaN;
        param2 = Double.NaN;
        param3 = Double.NaN;
        param4 = Double.NaN;
        param5 = Double.NaN;
        param6 = Double.NaN;
        param7 = Double.NaN;
        sourceSystem = 0;
        sourceComponent = 0;
        sequence = 0;
        return this;
    }
}
