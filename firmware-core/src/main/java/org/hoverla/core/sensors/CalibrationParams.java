package org.hoverla.core.sensors;

import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;

/**
 * Finds a sensor instance's calibration in the parameters by PX4's names
 * ({@link CalibrationParamSet}): slots {@code CAL_<ROLE><n>_ID} for n = 0..3, and for the first
 * slot whose id equals the instance's device id (PX4's {@code FindCurrentCalibrationIndex}) its
 * {@code CAL_<ROLE><n>_{X,Y,Z}OFF}, and for the accelerometer and magnetometer the symmetric
 * matrix {@code _{X,Y,Z}SCALE} (diagonal) and {@code _{X,Y,Z}ODIAG} ((0,1), (0,2), (1,2))
 * (barometer: {@code CAL_BARO<n>_OFF}, pascals). A calibration applies only to the device it was
 * taken on: an instance whose device id matches no slot, or a device id of 0, stays uncalibrated.
 * Parameters that are not registered count as 0 (offsets, off-diagonals) and 1 (scales).
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
    private final Param[][] offDiagonals = new Param[SLOTS][3];
    private final boolean matrix;

    /** @param role one of {@link #ACCEL}, {@link #GYRO}, {@link #MAG}, {@link #BARO}; store null = no calibration */
    public CalibrationParams(ParamStore store, String role) {
        matrix = role.equals(ACCEL) || role.equals(MAG);
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
                offDiagonals[n][a] = store.find(prefix + AXES[a] + "ODIAG");
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
                dst.setOffset(a, value(offsets[n][a], 0.0));
            }
            if (matrix) {
                dst.setMatrix(value(scales[n][0], 1.0), value(scales[n][1], 1.0), value(scales[n][2], 1.0),
                        value(offDiagonals[n][0], 0.0), value(offDiagonals[n][1], 0.0), value(offDiagonals[n][2], 0.0));
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
