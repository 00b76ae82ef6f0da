package org.hoverla.core.sensors;

import java.util.List;
import org.hoverla.core.param.FloatParam;
import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.SensorInstance;
import org.hoverla.core.vehicle.VehicleDevices;

/**
 * Every stored sensor calibration parameter, PX4's names (src/modules/sensors/module.yaml,
 * {@code CAL_ACC${i}_*}, {@code CAL_GYRO${i}_*}, {@code CAL_MAG${i}_*}, {@code CAL_BARO${i}_*}) for
 * slots 0..3 of each role, plus the board level trim ({@code SENS_BOARD_X_OFF}/{@code _Y_OFF}/
 * {@code _Z_OFF}, sensor_params.yaml). Slot n holds the calibration of the device whose id is
 * {@code CAL_<ROLE>n_ID}; the model ({@link SensorCalibration}) is
 * {@code corrected = M · (raw − offset)} in sensor axes, M symmetric: diagonal {@code _XSCALE..},
 * off-diagonals {@code _XODIAG} (0,1), {@code _YODIAG} (0,2), {@code _ZODIAG} (1,2). Units are SI
 * where PX4's metadata says "m": m/s² (accelerometer), rad/s (gyro), gauss (magnetometer), Pa
 * (barometer).
 *
 * <p>Hoverla's additions per slot: {@code _DATE} (UTC yyyymmdd, 0 = never calibrated) and
 * {@code _TEMP} (°C at calibration, -1000 = unknown), and {@code _XODIAG..} for the
 * accelerometer too (PX4 has them for the magnetometer only). PX4's {@code _PRIO} and
 * {@code _ROT} are not registered: priorities and rotations come from the board file.
 *
 * <p>Every parameter is writable, as on PX4: a calibration writes its slot, and a ground station
 * may too. A real board's slots start empty (every id 0), so it refuses to arm until calibrated
 * ({@link CalibrationCheck}); simulated and fake sensors come with a factory calibration in the
 * parameter defaults ({@link #setFactoryCalibration}), as PX4's SITL rcS sets its CAL_*_ID.
 *
 * <p>Threads: registered on the boot thread; the handles are read anywhere (volatile values).
 */
public final class CalibrationParamSet {
    /** Calibration slots per role (PX4: 4). */
    public static final int SLOTS = CalibrationParams.SLOTS;
    /** {@code CAL_<ROLE>n_DATE} of a slot that was never calibrated. */
    public static final int DATE_NEVER = 0;
    /** {@code CAL_<ROLE>n_TEMP} when the temperature at calibration is not known. */
    public static final double TEMPERATURE_UNKNOWN_C = -1000.0;
    /** The date on the factory calibration of simulated and fake sensors (their model's date). */
    public static final int FACTORY_DATE = 20260101;
    /** PX4 device ids use 24 bits (bus type, bus, address, device type: drivers/device/Device.hpp). */
    public static final int MAX_DEVICE_ID = 0xFFFFFF;
    static final double MAX_LEVEL_TRIM_DEG = 45.0;

    private static final String[] AXES = {"X", "Y", "Z"};

    /** One calibration slot's handles. */
    public static final class Slot {
        private final String role;
        private final int index;
        private final IntParam id;
        private final FloatParam[] offset;
        private final FloatParam[] scale;
        private final FloatParam[] offDiagonal;
        private final IntParam date;
        private final FloatParam temperature;

        Slot(String role, int index, IntParam id, FloatParam[] offset, FloatParam[] scale, FloatParam[] offDiagonal,
             IntParam date, FloatParam temperature) {
            this.role = role;
            this.index = index;
            this.id = id;
            this.offset = offset;
            this.scale = scale;
            this.offDiagonal = offDiagonal;
            this.date = date;
            this.temperature = temperature;
        }

        /** {@link CalibrationParams#ACCEL}, {@link CalibrationParams#GYRO}, {@link CalibrationParams#MAG} or {@link CalibrationParams#BARO}. */
        public String role() {
            return role;
        }

        public int index() {
            return index;
        }

        /** {@code CAL_<ROLE>n_ID}: the device this slot's calibration belongs to; 0 = empty. */
        public IntParam id() {
            return id;
        }

        /** Offset parameters: three axes, or one for the barometer ({@code CAL_BAROn_OFF}). */
        public FloatParam offset(int axis) {
            return offset[axis];
        }

        public int offsetCount() {
            return offset.length;
        }

        /** Whether the role has the scale matrix (accelerometer, magnetometer). */
        public boolean hasMatrix() {
            return scale.length == 3;
        }

        /** {@code _XSCALE}, {@code _YSCALE}, {@code _ZSCALE}: the matrix diagonal. */
        public FloatParam scale(int axis) {
            return scale[axis];
        }

        /** {@code _XODIAG} (0,1), {@code _YODIAG} (0,2), {@code _ZODIAG} (1,2). */
        public FloatParam offDiagonal(int k) {
            return offDiagonal[k];
        }

        /** {@code CAL_<ROLE>n_DATE}: UTC yyyymmdd, {@link #DATE_NEVER}. */
        public IntParam date() {
            return date;
        }

        /** {@code CAL_<ROLE>n_TEMP}: °C, {@link #TEMPERATURE_UNKNOWN_C}. */
        public FloatParam temperature() {
            return temperature;
        }
    }

    private final Slot[] accel = new Slot[SLOTS];
    private final Slot[] gyro = new Slot[SLOTS];
    private final Slot[] mag = new Slot[SLOTS];
    private final Slot[] baro = new Slot[SLOTS];
    private final FloatParam levelRollDeg;
    private final FloatParam levelPitchDeg;
    private final FloatParam levelYawDeg;

    /** Registers every calibration parameter in {@code store} (boot thread). */
    public CalibrationParamSet(ParamStore store) {
        for (int n = 0; n < SLOTS; n++) {
            accel[n] = register(store, CalibrationParams.ACCEL, "Accelerometer", n, "m/s^2", 50.0, true, 3);
            gyro[n] = register(store, CalibrationParams.GYRO, "Gyroscope", n, "rad/s", 2.0, false, 3);
            mag[n] = register(store, CalibrationParams.MAG, "Magnetometer", n, "gauss", 20.0, true, 3);
            baro[n] = register(store, CalibrationParams.BARO, "Barometer", n, "Pa", 10_000.0, false, 1);
        }
        levelRollDeg = store.addFloat("SENS_BOARD_X_OFF", 0.0, -MAX_LEVEL_TRIM_DEG, MAX_LEVEL_TRIM_DEG, "deg",
                "Board level trim, roll: the IMU's roll relative to the airframe when the airframe is level, applied"
                        + " as a rotation after each IMU's mounting rotation (level horizon calibration writes it)");
        levelPitchDeg = store.addFloat("SENS_BOARD_Y_OFF", 0.0, -MAX_LEVEL_TRIM_DEG, MAX_LEVEL_TRIM_DEG, "deg",
                "Board level trim, pitch (positive nose up): the IMU's pitch relative to the airframe when the airframe"
                        + " is level, applied after each IMU's mounting rotation (level horizon calibration writes it)");
        levelYawDeg = store.addFloat("SENS_BOARD_Z_OFF", 0.0, -MAX_LEVEL_TRIM_DEG, MAX_LEVEL_TRIM_DEG, "deg",
                "Board level trim, yaw: a small yaw of the IMU relative to the airframe, applied after each IMU's"
                        + " mounting rotation");
    }

    private static Slot register(ParamStore store, String role, String what, int n, String unit, double maxOffset,
                                 boolean matrix, int axes) {
        String p = "CAL_" + role + n + "_";
        String label = what + " " + n;
        IntParam id = store.addInt(p + "ID", 0, 0, MAX_DEVICE_ID, "",
                label + " calibration device id (PX4 encoding: bus type, bus, address, device type): the device this"
                        + " slot's calibration was taken on; 0 = empty slot");
        FloatParam[] offset = new FloatParam[axes];
        if (axes == 1) {
            offset[0] = store.addFloat(p + "OFF", 0.0, -maxOffset, maxOffset, unit,
                    label + " offset: subtracted from the measured pressure");
        } else {
            for (int a = 0; a < 3; a++) {
                offset[a] = store.addFloat(p + AXES[a] + "OFF", 0.0, -maxOffset, maxOffset, unit,
                        label + " " + AXES[a] + "-axis offset, sensor axes: subtracted from the raw reading before the"
                                + (matrix ? " scale matrix" : " mounting rotation"));
            }
        }
        FloatParam[] scale = new FloatParam[matrix ? 3 : 0];
        FloatParam[] odiag = new FloatParam[matrix ? 3 : 0];
        if (matrix) {
            for (int a = 0; a < 3; a++) {
                scale[a] = store.addFloat(p + AXES[a] + "SCALE", 1.0, 0.1, 3.0, "",
                        label + " " + AXES[a] + "-axis scale factor: diagonal of the symmetric correction matrix");
            }
            String[] cells = {"(X,Y)", "(X,Z)", "(Y,Z)"};
            for (int k = 0; k < 3; k++) {
                odiag[k] = store.addFloat(p + AXES[k] + "ODIAG", 0.0, -1.0, 1.0, "",
                        label + " off-diagonal scale factor " + cells[k] + " of the symmetric correction matrix"
                                + (role.equals(CalibrationParams.MAG) ? " (soft iron)" : " (axis misalignment)"));
            }
        }
        IntParam date = store.addInt(p + "DATE", DATE_NEVER, 0, 99_991_231, "",
                label + " calibration date, UTC yyyymmdd; 0 = never calibrated (Hoverla)");
        FloatParam temperature = store.addFloat(p + "TEMP", TEMPERATURE_UNKNOWN_C, TEMPERATURE_UNKNOWN_C, 200.0, "degC",
                label + " temperature at calibration; -1000 = unknown (Hoverla)");
        return new Slot(role, n, id, offset, scale, odiag, date, temperature);
    }

    /** Slot {@code n} of {@code role} ({@link CalibrationParams#ACCEL} ...). */
    public Slot slot(String role, int n) {
        return slots(role)[n];
    }

    private Slot[] slots(String role) {
        switch (role) {
            case CalibrationParams.ACCEL:
                return accel;
            case CalibrationParams.GYRO:
                return gyro;
            case CalibrationParams.MAG:
                return mag;
            case CalibrationParams.BARO:
                return baro;
            default:
                throw new IllegalArgumentException("no calibration role " + role);
        }
    }

    /** The slot holding {@code deviceId}'s calibration, -1 when none (or the id is 0). Any thread. */
    public int findSlot(String role, int deviceId) {
        if (deviceId == 0) {
            return -1;
        }
        Slot[] s = slots(role);
        for (int n = 0; n < SLOTS; n++) {
            if (s[n].id.get() == deviceId) {
                return n;
            }
        }
        return -1;
    }

    /** {@code SENS_BOARD_X_OFF}, degrees. */
    public FloatParam levelRollDeg() {
        return levelRollDeg;
    }

    /** {@code SENS_BOARD_Y_OFF}, degrees. */
    public FloatParam levelPitchDeg() {
        return levelPitchDeg;
    }

    /** {@code SENS_BOARD_Z_OFF}, degrees. */
    public FloatParam levelYawDeg() {
        return levelYawDeg;
    }

    /**
     * Whether {@code p} describes this unit's sensors rather than a tuning choice: every
     * {@code CAL_*} and the level trim. A reset to defaults and SYS_AUTOCONFIG keep them (PX4's
     * rcS keeps {@code CAL_*} too: {@code param reset_all ... CAL_* ...}).
     */
    public static boolean isCalibration(Param p) {
        String n = p.name();
        return n.startsWith("CAL_") || (n.startsWith("SENS_BOARD_") && n.endsWith("_OFF"));
    }

    /**
     * The factory calibration of sensors that need none (simulated, or register-file fakes): IMU
     * instance i gets accelerometer and gyro slot i, magnetometer instance i magnetometer slot i,
     * each with the instance's device id, the identity calibration and {@code dateYyyymmdd}. They
     * are written as parameter <em>defaults</em> ({@link IntParam#setDefaultByVehicle}, PX4's
     * {@code param set-default}): a calibration the operator made and saved still wins, a reset
     * to defaults brings the factory one back, and nothing of it goes into the parameter file.
     * Barometers get none: PX4 does not calibrate them by default and an empty barometer slot
     * does not refuse arming. Boot thread, after the parameter file is loaded.
     *
     * @throws IllegalArgumentException if a device id does not fit PX4's 24 bits
     */
    public void setFactoryCalibration(VehicleDevices devices, int dateYyyymmdd) {
        setFactoryCalibration(ids(devices.imus()), ids(devices.magnetometers()), dateYyyymmdd);
    }

    /**
     * As {@link #setFactoryCalibration(VehicleDevices, int)} from the device ids alone (tools that
     * describe a simulated vehicle's parameters without building its devices).
     */
    public void setFactoryCalibration(int[] imuDeviceIds, int[] magDeviceIds, int dateYyyymmdd) {
        for (int i = 0; i < Math.min(SLOTS, imuDeviceIds.length); i++) {
            factory(accel[i], imuDeviceIds[i], dateYyyymmdd);
            factory(gyro[i], imuDeviceIds[i], dateYyyymmdd);
        }
        for (int i = 0; i < Math.min(SLOTS, magDeviceIds.length); i++) {
            factory(mag[i], magDeviceIds[i], dateYyyymmdd);
        }
    }

    private static int[] ids(List<? extends SensorInstance<?>> instances) {
        int[] ids = new int[instances.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = instances.get(i).deviceId();
        }
        return ids;
    }

    private static void factory(Slot slot, int deviceId, int date) {
        if (slot.id.setDefaultByVehicle(deviceId) != org.hoverla.core.param.SetResult.OK
                || slot.date.setDefaultByVehicle(date) != org.hoverla.core.param.SetResult.OK) {
            throw new IllegalArgumentException(slot.id.name() + ": factory calibration for device id " + deviceId
                    + " dated " + date + " does not fit the parameter");
        }
    }
}
