package org.hoverla.core.sensors;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.SensorInstance;
import org.hoverla.core.vehicle.VehicleDevices;

/**
 * The calibration pre-arm check, for every IMU (accelerometer and gyro) and magnetometer instance
 * on the vehicle, in PX4's words where PX4 has them (commander HealthAndArmingChecks:
 * accelerometerCheck.cpp, gyroCheck.cpp, magnetometerCheck.cpp):
 * <ul>
 *   <li>no slot carries the instance's device id: {@code Preflight Fail: Accel 0 uncalibrated}
 *       ({@code Gyro}, {@code Compass});</li>
 *   <li>Hoverla's own: no slot for this device while a slot holds the calibration of a device that
 *       is not on the vehicle (a sensor was replaced, or parameters came from another unit):
 *       {@code Preflight Fail: Accel 0: calibration is for device 0x14000C, this is 0x140014};</li>
 *   <li>the slot's correction matrix is unusable (not positive definite):
 *       {@code Preflight Fail: Accel 0 calibration invalid};</li>
 *   <li>a calibration is running ({@code FlightBus.sensorCalibrating}):
 *       {@code Preflight Fail: calibration running}.</li>
 * </ul>
 * An uncalibrated barometer is not a refusal: PX4 does not calibrate barometers by default, and
 * the estimator uses the barometer relative to its own reading at start.
 *
 * <p>Threads: the verdict is worked out at construction and again after every parameter change,
 * on the writer's thread (a {@link ParamStore} change listener; the texts are built there);
 * {@link #failure()} runs on the flight thread and only reads a volatile reference and the
 * calibrating flag: allocation-free.
 */
public final class CalibrationCheck {
    public static final String CALIBRATION_RUNNING = "Preflight Fail: calibration running";

    private final CalibrationParamSet params;
    private final AtomicBoolean calibrating;
    private final int[] imuIds;
    private final int[] magIds;
    private volatile String verdict = "";

    /**
     * @param devices     the vehicle's sensor instances (their device ids)
     * @param params      the calibration parameters
     * @param store       the store they live in (its changes re-run the check)
     * @param calibrating true while a calibration runs
     */
    public CalibrationCheck(VehicleDevices devices, CalibrationParamSet params, ParamStore store,
                            AtomicBoolean calibrating) {
        this.params = params;
        this.calibrating = calibrating;
        this.imuIds = ids(devices.imus());
        this.magIds = ids(devices.magnetometers());
        refresh();
        store.addChangeListener(this::refresh);
    }

    private static int[] ids(java.util.List<? extends SensorInstance<?>> instances) {
        int[] ids = new int[instances.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = instances.get(i).deviceId();
        }
        return ids;
    }

    /** The first calibration refusal, "" when none. Flight thread; allocation-free. */
    public String failure() {
        return calibrating.get() ? CALIBRATION_RUNNING : verdict;
    }

    /** Works the verdict out again from the parameters (boot or parameter writer's thread). */
    synchronized void refresh() {
        verdict = evaluate();
    }

    private String evaluate() {
        for (int i = 0; i < imuIds.length; i++) {
            String f = check(CalibrationParams.ACCEL, "Accel", i, imuIds[i], imuIds);
            if (f.isEmpty()) {
                f = check(CalibrationParams.GYRO, "Gyro", i, imuIds[i], imuIds);
            }
            if (!f.isEmpty()) {
                return f;
            }
        }
        for (int i = 0; i < magIds.length; i++) {
            String f = check(CalibrationParams.MAG, "Compass", i, magIds[i], magIds);
            if (!f.isEmpty()) {
                return f;
            }
        }
        return "";
    }

    private String check(String role, String name, int instance, int deviceId, int[] present) {
        int slot = params.findSlot(role, deviceId);
        if (slot >= 0) {
            CalibrationParamSet.Slot s = params.slot(role, slot);
            if (s.hasMatrix() && !SensorCalibration.isValidMatrix(s.scale(0).get(), s.scale(1).get(),
                    s.scale(2).get(), s.offDiagonal(0).get(), s.offDiagonal(1).get(), s.offDiagonal(2).get())) {
                return "Preflight Fail: " + name + " " + instance + " calibration invalid (scale matrix of "
                        + s.id().name().replace("_ID", "") + " not positive definite)";
            }
            return "";
        }
        for (int n = 0; n < CalibrationParamSet.SLOTS; n++) {
            int other = params.slot(role, n).id().get();
            if (other != 0 && !contains(present, other)) {
                return "Preflight Fail: " + name + " " + instance + ": calibration is for device " + hex(other)
                        + ", this is " + hex(deviceId);
            }
        }
        return "Preflight Fail: " + name + " " + instance + " uncalibrated";
    }

    private static boolean contains(int[] ids, int id) {
        for (int v : ids) {
            if (v == id) {
                return true;
            }
        }
        return false;
    }

    private static String hex(int id) {
        return String.format(Locale.ROOT, "0x%06X", id);
    }
}
