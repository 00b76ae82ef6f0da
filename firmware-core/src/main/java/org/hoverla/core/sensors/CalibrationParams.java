package org.hoverla.core.sensors;

import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;

/**
 * Finds a sensor instance's calibration in the parameters by PX4's names: slots
 * {@code CAL_<ROLE><n>_ID} for n = 0..3, and for a slot whose id equals the instance's device id
 * its {@code CAL_<ROLE><n>_{X,Y,Z}OFF} and {@code _{X,Y,Z}SCALE} (barometer: {@code CAL_BARO<n>_OFF},
 * pascals). A calibration applies only to the device it was taken on: an instance whose device
 * id matches no slot, or a device id of 0, stays uncalibrated. Offset or scale parameters that
 * are not registered count as 0 and 1, so this works with whatever subset of PX4's calibration
 * parameters the store has (today only the ids exist; the calibration procedure adds the rest).
 *
 * <p>Handles are looked up once at construction (boot thread); {@link #load} runs on the flight
 * thread at parameter-check rate and is allocation-free.
 */
public final class CalibrationParams {
    /** PX4 role names in the parameter names. */
    public static final String ACCEL = "ACC";
    public static final String GYRO = "GYRO";
    public static final String MAG = "MAG";
    public static final String BARO = "BARO";
    /** Calibration slots per role (PX4: 4). */
    public static final int SLOTS = 4;

    private static final String[] AXES = {"X", "Y", "Z"};

    private final Param[] ids = new Param[SLOTS];
    private final Param[][] offsets = new Param[SLOTS][3];
    private final Param[][] scales = new Param[SLOTS][3];

    /** @param role one of {@link #ACCEL}, {@link #GYRO}, {@link #MAG}, {@link #BARO}; store null = no calibration */
    public CalibrationParams(ParamStore store, String role) {
        if (store == null) {
            return;
        }
        for (int n = 0; n < SLOTS; n++) {
            String prefix = "CAL_" + role + n + "_";
            ids[n] = store.find(prefix + "ID");
            if (role.equals(BARO)) {
                offsets[n][0] = store.find(prefix + "OFF");
                continue;
            }
            for (int a = 0; a < 3; a++) {
                offsets[n][a] = store.find(prefix + AXES[a] + "OFF");
                scales[n][a] = store.find(prefix + AXES[a] + "SCALE");
            }
        }
    }

    /** No calibration for any device (tests, or a role without parameters). */
    public static CalibrationParams none() {
        return new CalibrationParams(null, BARO);
    }

    /**
     * Loads the calibration of the device {@code deviceId} into {@code dst}, or clears it when no
     * slot carries that id.
     *
     * @return whether a slot matched
     */
    public boolean load(int deviceId, SensorCalibration dst) {
        dst.clear();
        if (deviceId == 0) {
            return false;
        }
        for (int n = 0; n < SLOTS; n++) {
            if (ids[n] == null || (int) ids[n].doubleValue() != deviceId) {
                continue;
            }
            for (int a = 0; a < 3; a++) {
                dst.set(a, value(offsets[n][a], 0.0), value(scales[n][a], 1.0));
            }
            dst.setSlot(n);
            return true;
        }
        return false;
    }

    /** {@link #load} for every instance: the calibration of {@code deviceIds[i]} into {@code dst[i]}. */
    public void loadAll(int[] deviceIds, SensorCalibration[] dst) {
        for (int i = 0; i < deviceIds.length; i++) {
            load(deviceIds[i], dst[i]);
        }
    }

    private static double value(Param p, double absent) {
        return p == null ? absent : p.doubleValue();
    }
}
