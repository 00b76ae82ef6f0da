package org.hoverla.core.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.SetResult;
import org.hoverla.core.param.persist.ParamFile;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.SensorInstance;
import org.hoverla.core.vehicle.VehicleDevices;
import org.hoverla.hal.Imu;
import org.hoverla.hal.Magnetometer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationParamSetTest {
    private static final int IMU = 1310988;
    private static final int MAG = 197388;

    @TempDir
    Path dir;

    private final ParamStore store = new ParamStore();
    private final FlightParams params = new FlightParams(store);
    private final VehicleDevices devices = new VehicleDevices(
            List.of(new SensorInstance<Imu>("imu0", dst -> false, IMU, Rotation.NONE, 0)), List.of(),
            List.of(new SensorInstance<Magnetometer>("mag0", dst -> false, MAG, Rotation.NONE, 0)),
            null, null, null, null);

    @Test
    void shouldRegisterEverySlotOfEveryRoleWithPx4sNamesUnitsAndDefaults() {
        // Then ACC and MAG slots have offsets, the scale matrix, date and temperature; GYRO offsets; BARO one offset
        for (int n = 0; n < CalibrationParamSet.SLOTS; n++) {
            for (String role : new String[] {"ACC", "MAG"}) {
                for (String suffix : new String[] {"ID", "XOFF", "YOFF", "ZOFF", "XSCALE", "YSCALE", "ZSCALE", "XODIAG",
                    "YODIAG", "ZODIAG", "DATE", "TEMP"}) {
                    assertThat(store.find("CAL_" + role + n + "_" + suffix)).as("CAL_%s%d_%s", role, n, suffix).isNotNull();
                }
            }
            for (String suffix : new String[] {"ID", "XOFF", "YOFF", "ZOFF", "DATE", "TEMP"}) {
                assertThat(store.find("CAL_GYRO" + n + "_" + suffix)).isNotNull();
            }
            assertThat(store.find("CAL_GYRO" + n + "_XSCALE")).isNull();
            assertThat(store.find("CAL_BARO" + n + "_OFF").unit()).isEqualTo("Pa");
        }
        assertThat(store.find("CAL_ACC0_XOFF").unit()).isEqualTo("m/s^2");
        assertThat(store.find("CAL_GYRO0_XOFF").unit()).isEqualTo("rad/s");
        assertThat(store.find("CAL_MAG0_XOFF").unit()).isEqualTo("gauss");
        assertThat(store.find("CAL_MAG0_XSCALE").defaultValue()).isEqualTo(1.0);
        assertThat(store.find("CAL_MAG0_XSCALE").min()).isEqualTo(0.1);
        assertThat(store.find("CAL_MAG0_XSCALE").max()).isEqualTo(3.0);
        assertThat(store.find("CAL_ACC0_TEMP").defaultValue()).isEqualTo(CalibrationParamSet.TEMPERATURE_UNKNOWN_C);
        assertThat(store.find("CAL_ACC0_DATE").defaultValue()).isEqualTo(CalibrationParamSet.DATE_NEVER);
        assertThat(store.find("SENS_BOARD_X_OFF").unit()).isEqualTo("deg");
        assertThat(store.find("SENS_BOARD_Y_OFF")).isNotNull();
        // And every one is writable, described, and counted as calibration (kept by resets)
        for (int i = 0; i < store.count(); i++) {
            Param p = store.get(i);
            if (p.name().startsWith("CAL_") && !p.name().endsWith("_ROT") || p.name().startsWith("SENS_BOARD_") && p.name().endsWith("_OFF")) {
                assertThat(p.isReadOnly()).as(p.name()).isFalse();
                assertThat(p.description()).as(p.name()).isNotBlank();
                assertThat(CalibrationParamSet.isCalibration(p)).as(p.name()).isTrue();
            }
        }
        assertThat(CalibrationParamSet.isCalibration(store.find("MPC_XY_P"))).isFalse();
        // And QGC's names are the same handles as SetupParams'
        assertThat(params.setup.mag2DeviceId).isSameAs(params.calibration.slot("MAG", 2).id());
    }

    @Test
    void shouldPutTheFactoryCalibrationInTheDefaultsSoASavedOneWinsAndAResetBringsItBack() throws Exception {
        // Given the factory calibration of a simulated IMU and magnetometer
        params.calibration.setFactoryCalibration(devices, 20260101);
        IntParam accelId = params.calibration.slot("ACC", 0).id();
        // Then the slots hold their ids and date, as defaults
        assertThat(accelId.get()).isEqualTo(IMU);
        assertThat(accelId.isDefault()).isTrue();
        assertThat(params.calibration.slot("GYRO", 0).id().get()).isEqualTo(IMU);
        assertThat(params.calibration.slot("MAG", 0).id().get()).isEqualTo(MAG);
        assertThat(params.calibration.slot("MAG", 0).date().get()).isEqualTo(20260101);
        assertThat(params.calibration.findSlot("MAG", MAG)).isZero();
        assertThat(params.calibration.findSlot("MAG", 0)).isEqualTo(-1);
        // When an operator calibrates the accelerometer and the parameters are saved and loaded again
        ParamFile file = new ParamFile(dir.resolve("params.txt"));
        store.set("CAL_ACC0_XOFF", 0.25);
        store.set("CAL_ACC0_DATE", 20261205);
        file.save(store);
        ParamStore again = new ParamStore();
        FlightParams reloaded = new FlightParams(again);
        file.load(again);
        reloaded.calibration.setFactoryCalibration(devices, 20260101);
        // Then the operator's calibration is in force, on the factory slot's id
        assertThat(again.find("CAL_ACC0_XOFF").doubleValue()).isEqualTo(0.25);
        assertThat(again.find("CAL_ACC0_DATE").doubleValue()).isEqualTo(20261205);
        assertThat(again.find("CAL_ACC0_ID").doubleValue()).isEqualTo(IMU);
        // When everything is reset to defaults, Then the factory calibration is back
        again.resetToDefaults();
        assertThat(again.find("CAL_ACC0_DATE").doubleValue()).isEqualTo(20260101);
        assertThat(again.find("CAL_ACC0_ID").doubleValue()).isEqualTo(IMU);
    }

    @Test
    void shouldRefuseADeviceIdBeyondPx4s24Bits() {
        // Given a device whose id does not fit CAL_ACC0_ID
        VehicleDevices odd = new VehicleDevices(
                List.of(new SensorInstance<Imu>("imu0", dst -> false, 0x1000000, Rotation.NONE, 0)), List.of(), List.of(),
                null, null, null, null);
        // Then the boot stops naming the parameter, and nothing changed
        assertThatThrownBy(() -> params.calibration.setFactoryCalibration(odd, 20260101))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CAL_ACC0_ID");
        assertThat(params.calibration.slot("ACC", 0).id().get()).isZero();
        assertThat(params.calibration.slot("ACC", 0).id().setDefaultByVehicle(-1)).isEqualTo(SetResult.OUT_OF_RANGE);
    }
}
