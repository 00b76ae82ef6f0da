package org.hoverla.core.calibration;

import java.util.Locale;

/**
 * The calibrations Hoverla runs, with the {@code MAV_CMD_PREFLIGHT_CALIBRATION} parameter that
 * starts each (PX4's meanings, MAVLink common.xml): param1 = 1 gyro, param2 = 1 magnetometer,
 * param3 = 1 barometer ground pressure, param5 = 1 accelerometer, param5 = 2 level horizon,
 * param7 = 1 ESC range. Radio (param4) is QGroundControl's own page and handled apart.
 */
public enum CalibrationKind {
    GYRO("gyro"),
    ACCEL("accel"),
    MAG("mag"),
    LEVEL("level"),
    BARO("baro"),
    ESC("esc");

    /** The name in {@code ./hoverla calibrate KIND} and in {@code [cal] calibration started: 2 KIND}. */
    public final String cliName;

    CalibrationKind(String cliName) {
        this.cliName = cliName;
    }

    /** @throws IllegalArgumentException naming the kinds there are */
    public static CalibrationKind fromCliName(String name) {
        for (CalibrationKind k : values()) {
            if (k.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown calibration '" + name + "': one of gyro, accel, mag, level, baro, esc");
    }
}
