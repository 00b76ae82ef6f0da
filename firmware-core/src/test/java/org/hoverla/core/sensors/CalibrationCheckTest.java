package org.hoverla.core.sensors;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.SensorInstance;
import org.hoverla.core.vehicle.VehicleDevices;
import org.hoverla.hal.Barometer;
import org.hoverla.hal.Imu;
import org.hoverla.hal.Magnetometer;
import org.junit.jupiter.api.Test;

/** The calibration pre-arm check against the parameters, with two IMUs, one magnetometer and one barometer. */
class CalibrationCheckTest {
    private static final int IMU0 = 0x220000 | (0 << 3) | 2;
    private static final int IMU1 = 0x130000 | (0x68 << 8) | (1 << 3) | 1;
    private static final int MAG0 = 0x0C0000 | (0x0F << 8) | (1 << 3) | 1;
    private static final int BARO0 = 0x3D0000 | (0x76 << 8) | (1 << 3) | 1;

    private final ParamStore store = new ParamStore();
    private final FlightParams params = new FlightParams(store);
    private final AtomicBoolean calibrating = new AtomicBoolean();
    private final VehicleDevices devices = new VehicleDevices(
            List.of(new SensorInstance<Imu>("imu0", dst -> false, IMU0, Rotation.NONE, 100),
                    new SensorInstance<Imu>("imu1", dst -> false, IMU1, Rotation.NONE, 10)),
            List.of(new SensorInstance<Barometer>("baro0", dst -> false, BARO0, Rotation.NONE, 0)),
            List.of(new SensorInstance<Magnetometer>("mag0", dst -> false, MAG0, Rotation.NONE, 0)),
            null, null, null, null);

    private CalibrationCheck check() {
        return new CalibrationCheck(devices, params.calibration, store, calibrating);
    }

    private void calibrateAll() {
        params.calibration.setFactoryCalibration(devices, CalibrationParamSet.FACTORY_DATE);
    }

    @Test
    void shouldRefuseAnUncalibratedAccelerometerFirstInPx4sWords() {
        // Given a real board's empty slots
        CalibrationCheck check = check();
        // Then the first IMU's accelerometer is named, as PX4's accelerometerCheck does
        assertThat(check.failure()).isEqualTo("Preflight Fail: Accel 0 uncalibrated");
        // When only its accelerometer is calibrated, Then its gyro is named
        store.set("CAL_ACC0_ID", IMU0);
        assertThat(check.failure()).isEqualTo("Preflight Fail: Gyro 0 uncalibrated");
        // When the first IMU is fully calibrated, Then the second IMU
        store.set("CAL_GYRO0_ID", IMU0);
        assertThat(check.failure()).isEqualTo("Preflight Fail: Accel 1 uncalibrated");
        store.set("CAL_ACC3_ID", IMU1);
        store.set("CAL_GYRO2_ID", IMU1);
        // Then the magnetometer, in PX4's "Compass" wording
        assertThat(check.failure()).isEqualTo("Preflight Fail: Compass 0 uncalibrated");
        store.set("CAL_MAG1_ID", MAG0);
        // And the uncalibrated barometer is not a refusal
        assertThat(check.failure()).isEmpty();
        assertThat(store.find("CAL_BARO0_ID").doubleValue()).isZero();
    }

    @Test
    void shouldNameBothIdsWhenTheSlotHoldsAnotherDevicesCalibration() {
        // Given a calibrated vehicle whose first IMU was then replaced: slot 0 holds an id no device has
        calibrateAll();
        store.set("CAL_ACC0_ID", 0x220012);
        CalibrationCheck check = check();
        // Then the refusal names the slot's device and the present one
        assertThat(check.failure()).isEqualTo("Preflight Fail: Accel 0: calibration is for device 0x220012, this is 0x"
                + String.format("%06X", IMU0));
        // When the present device is calibrated into another slot, Then the stale slot no longer matters
        store.set("CAL_ACC2_ID", IMU0);
        assertThat(check.failure()).isEmpty();
    }

    @Test
    void shouldRefuseASlotWhoseMatrixIsNotPositiveDefinite() {
        // Given a calibrated vehicle, When the magnetometer's matrix is made indefinite by a ground station
        calibrateAll();
        CalibrationCheck check = check();
        store.set("CAL_MAG0_XSCALE", 0.2);
        store.set("CAL_MAG0_YSCALE", 0.2);
        store.set("CAL_MAG0_XODIAG", 0.9);
        // Then arming is refused naming it
        assertThat(check.failure()).isEqualTo(
                "Preflight Fail: Compass 0 calibration invalid (scale matrix of CAL_MAG0 not positive definite)");
    }

    @Test
    void shouldRefuseWhileACalibrationRunsAndPassOnceItEnds() {
        // Given a calibrated vehicle
        calibrateAll();
        CalibrationCheck check = check();
        assertThat(check.failure()).isEmpty();
        // When a calibration starts, Then arming is refused; When it ends, Then it passes again
        calibrating.set(true);
        assertThat(check.failure()).isEqualTo(CalibrationCheck.CALIBRATION_RUNNING);
        calibrating.set(false);
        assertThat(check.failure()).isEmpty();
    }

    @Test
    void shouldAnswerWithoutAllocating() {
        // Given an uncalibrated vehicle (the text is built when the parameters change, not when asked)
        CalibrationCheck check = check();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        int length = 0;
        for (int i = 0; i < 20_000; i++) {
            calibrating.set((i & 1) == 0);
            length += check.failure().length();
        }
        // When asked many times, as the flight thread does (smallest of three windows: JIT noise aside)
        long smallest = Long.MAX_VALUE;
        for (int window = 0; window < 3; window++) {
            mx.getThreadAllocatedBytes(tid);
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) {
                calibrating.set((i & 1) == 0);
                length += check.failure().length();
            }
            smallest = Math.min(smallest, mx.getThreadAllocatedBytes(tid) - before);
        }
        // Then nothing was allocated
        assertThat(smallest).isZero();
        assertThat(length).isPositive();
    }
}
