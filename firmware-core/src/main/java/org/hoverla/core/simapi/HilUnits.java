package org.hoverla.core.simapi;

/**
 * The unit and bit conventions of the simulator MAVLink API, in one place (DESIGN §4: MAVLink
 * units only at the link). Sources: MAVLink common.xml ({@code HIL_SENSOR},
 * {@code HIL_SENSOR_UPDATED_FLAGS}, {@code HIL_GPS}, {@code HIL_ACTUATOR_CONTROLS}) and PX4's
 * {@code SimulatorMavlink.cpp} / {@code SimulatorMavlink.hpp}, which decide how the fields are read:
 * accel m/s², gyro rad/s, mag gauss, {@code abs_pressure} hPa, temperature °C (updated with the
 * barometer); HIL_GPS lat/lon degE7, alt mm MSL, eph/epv cm (PX4 reads them as accuracies, not the
 * DOPs common.xml names), velocities cm/s, UINT16_MAX / 255 for "unknown".
 *
 * <p>Stateless, allocation-free.
 */
public final class HilUnits {
    /** HIL_SENSOR_UPDATED_FLAGS: x, y, z acceleration (bits 0-2). */
    public static final int ACCEL = 0b111;
    /** x, y, z angular rate (bits 3-5). */
    public static final int GYRO = 0b111 << 3;
    /** x, y, z magnetic field (bits 6-8). */
    public static final int MAG = 0b111 << 6;
    /** abs_pressure (bit 9). */
    public static final int ABS_PRESSURE = 1 << 9;
    /** diff_pressure (bit 10). */
    public static final int DIFF_PRESSURE = 1 << 10;
    /** pressure_alt (bit 11). */
    public static final int PRESSURE_ALT = 1 << 11;
    /** temperature (bit 12). */
    public static final int TEMPERATURE = 1 << 12;
    /**
     * What PX4 calls a barometer update ({@code SensorSource::BARO} = abs_pressure | pressure_alt |
     * temperature); a sender may set fewer bits, so the vehicle keys the barometer on
     * {@link #ABS_PRESSURE} alone.
     */
    public static final int BARO = ABS_PRESSURE | PRESSURE_ALT | TEMPERATURE;

    /** MAV_MODE_FLAG_CUSTOM_MODE_ENABLED, as PX4 sets it in HIL_ACTUATOR_CONTROLS.mode. */
    public static final int MODE_FLAG_CUSTOM = 1;
    /** MAV_MODE_FLAG_SAFETY_ARMED. */
    public static final int MODE_FLAG_ARMED = 128;
    /** HIL_ACTUATOR_CONTROLS.flags bit 0: lockstep (PX4 sets it when built with the lockstep scheduler). */
    public static final long FLAG_LOCKSTEP = 1L;
    /** Number of controls in one HIL_ACTUATOR_CONTROLS. */
    public static final int CONTROL_COUNT = 16;

    /** HIL_GPS eph/epv/vel/cog "unknown". */
    public static final int UINT16_UNKNOWN = 0xFFFF;
    /** HIL_GPS satellites_visible "unknown". */
    public static final int SATELLITES_UNKNOWN = 255;

    private HilUnits() {
    }

    public static double hpaToPa(double hpa) {
        return hpa * 100.0;
    }

    public static double paToHpa(double pa) {
        return pa * 0.01;
    }

    /** cm (or cm/s) as an unsigned 16-bit field to metres; NaN when "unknown" (UINT16_MAX). */
    public static double uint16CmToM(int cm) {
        return cm == UINT16_UNKNOWN ? Double.NaN : cm * 0.01;
    }

    /** Metres to an unsigned 16-bit cm field; NaN or negative → unknown, large values saturate below it. */
    public static int mToUint16Cm(double m) {
        if (!(m >= 0.0)) {
            return UINT16_UNKNOWN;
        }
        double cm = Math.rint(m * 100.0);
        return cm >= UINT16_UNKNOWN - 1 ? UINT16_UNKNOWN - 1 : (int) cm;
    }

    /** m/s to a signed 16-bit cm/s field, saturating; NaN → 0. */
    public static int mpsToInt16Cmps(double mps) {
        if (!Double.isFinite(mps)) {
            return 0;
        }
        double cm = Math.rint(mps * 100.0);
        return cm > Short.MAX_VALUE ? Short.MAX_VALUE : cm < Short.MIN_VALUE ? Short.MIN_VALUE : (int) cm;
    }

    /** Degrees to degE7; NaN → 0 (senders leave position empty without a fix). */
    public static int degToDegE7(double deg) {
        return Double.isFinite(deg) ? (int) Math.round(deg * 1e7) : 0;
    }

    /** Metres to mm; NaN → 0. */
    public static int mToMm(double m) {
        return Double.isFinite(m) ? (int) Math.round(m * 1000.0) : 0;
    }

    /** True when all bits of {@code mask} are set in {@code flags}. */
    public static boolean all(int flags, int mask) {
        return (flags & mask) == mask;
    }
}
