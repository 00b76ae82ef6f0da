package org.hoverla.core.calibration;

import org.hoverla.core.param.ParamStore;

/**
 * Registers the calibration parameters a calibration writes (PX4's names: CAL_{ACC,GYRO,MAG}n_ID,
 * _X/Y/ZOFF, _X/Y/ZSCALE, _X/Y/ZODIAG, CAL_BAROn_ID/_OFF, Hoverla's _DATE and _TEMP, and
 * SENS_BOARD_X_OFF/_Y_OFF) that the store does not have yet. A bridge until the vehicle's own
 * registration of them (the calibration-apply work) is everywhere: a name already registered is
 * left alone, so once that lands this registers nothing. Boot thread, before the parameter file
 * is loaded.
 */
public final class CalibrationParamShim {
    private static final String[] AXES = {"X", "Y", "Z"};

    private CalibrationParamShim() {
    }

    /** @return how many parameters it registered */
    public static int registerMissing(ParamStore store) {
        int added = 0;
        for (String role : new String[] {"ACC", "GYRO", "MAG", "BARO"}) {
            for (int n = 0; n < 4; n++) {
                String p = "CAL_" + role + n + "_";
                added += addInt(store, p + "ID", 0, 0, Integer.MAX_VALUE, "", "Device id calibrated in slot " + n);
                added += addInt(store, p + "DATE", 0, 0, 99_991_231, "", "UTC date of the calibration (yyyymmdd), 0 never");
                added += addFloat(store, p + "TEMP", CalibrationRunner.TEMP_UNKNOWN, -1000, 200, "degC",
                        "Temperature at calibration, -1000 unknown");
                if (role.equals("BARO")) {
                    added += addFloat(store, p + "OFF", 0, -20_000, 20_000, "Pa", "Barometer pressure offset");
                    continue;
                }
                String unit = role.equals("ACC") ? "m/s^2" : role.equals("GYRO") ? "rad/s" : "gauss";
                for (String a : AXES) {
                    added += addFloat(store, p + a + "OFF", 0, -100, 100, unit, a + " offset");
                }
                if (role.equals("GYRO")) {
                    continue;
                }
                for (String a : AXES) {
                    added += addFloat(store, p + a + "SCALE", 1, 0.1, 10, "", a + " scale");
                    added += addFloat(store, p + a + "ODIAG", 0, -1, 1, "", a + " off-diagonal");
                }
            }
        }
        added += addFloat(store, "SENS_BOARD_X_OFF", 0, -45, 45, "deg", "Board roll trim (level calibration)");
        added += addFloat(store, "SENS_BOARD_Y_OFF", 0, -45, 45, "deg", "Board pitch trim (level calibration)");
        return added;
    }

    private static int addInt(ParamStore s, String name, int def, int min, int max, String unit, String d) {
        if (s.find(name) != null) {
            return 0;
        }
        s.addInt(name, def, min, max, unit, d);
        return 1;
    }

    private static int addFloat(ParamStore s, String name, double def, double min, double max, String unit, String d) {
        if (s.find(name) != null) {
            return 0;
        }
        s.addFloat(name, def, min, max, unit, d);
        return 1;
    }
}
