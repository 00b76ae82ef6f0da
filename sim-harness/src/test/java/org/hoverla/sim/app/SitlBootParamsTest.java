package org.hoverla.sim.app;

import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.param.SetResult;
import org.hoverla.core.param.persist.ParamFile;
import org.hoverla.core.sensors.CalibrationParamSet;
import org.hoverla.core.time.SystemClock;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.sim.hal.SimDevices;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The SITL's boot: parameters that act at boot (SYS_AUTOSTART, SYS_AUTOCONFIG, MAV_SYS_ID, CAL_*_ID). */
class SitlBootParamsTest {

    @TempDir
    Path dir;

    private static LockstepSim boot(ParamFile file) {
        return new LockstepSim(new SimConfig(), SystemClock.INSTANCE, file::load);
    }

    @Test
    void shouldBootWithTheSimulatedSensorsFactoryCalibrationAsParameterDefaults() {
        // When the SITL boots
        LockstepSim sim = new LockstepSim(new SimConfig());

        // Then calibration slot 0 holds PX4's SITL ids (non-zero, so QGC's Sensors page is complete),
        // the identity calibration and the factory date, all as defaults (nothing for the parameter file)
        FlightParams p = sim.stack().params();
        assertThat(p.setup.gyroDeviceId.get()).isEqualTo(1310988).isEqualTo(SimDevices.IMU_DEVICE_ID);
        assertThat(p.setup.accelDeviceId.get()).isEqualTo(1310988);
        assertThat(p.setup.magDeviceId.get()).isEqualTo(197388).isEqualTo(SimDevices.MAG_DEVICE_ID);
        assertThat(p.setup.gyroDeviceId.isDefault()).isTrue();
        assertThat(sim.params().find("CAL_ACC0_DATE").doubleValue()).isEqualTo(CalibrationParamSet.FACTORY_DATE);
        assertThat(sim.params().find("CAL_ACC0_XSCALE").doubleValue()).isEqualTo(1.0);
        assertThat(sim.params().find("CAL_BARO0_ID").doubleValue()).isZero();
        // And the calibration is writable, as on PX4: a ground station clearing the gyro's slot is obeyed
        assertThat(sim.params().set("CAL_GYRO0_ID", 0)).isEqualTo(SetResult.OK);
        assertThat(p.setup.gyroDeviceId.get()).isZero();
    }

    @Test
    void shouldKeepASavedCalibrationOverTheFactoryOneAcrossABoot() throws Exception {
        // Given a SITL whose accelerometer was calibrated (offset on z) and saved
        ParamFile file = new ParamFile(dir.resolve("params.txt"));
        LockstepSim first = boot(file);
        assertThat(first.params().set("CAL_ACC0_ZOFF", 0.2)).isEqualTo(SetResult.OK);
        assertThat(first.params().set("CAL_ACC0_DATE", 20261205)).isEqualTo(SetResult.OK);
        file.save(first.params());

        // When it boots again
        LockstepSim second = boot(file);

        // Then the saved calibration is in force on the factory slot's device id
        assertThat(second.params().find("CAL_ACC0_ZOFF").doubleValue()).isEqualTo(0.2);
        assertThat(second.params().find("CAL_ACC0_DATE").doubleValue()).isEqualTo(20261205);
        assertThat(second.params().find("CAL_ACC0_ID").doubleValue()).isEqualTo(SimDevices.IMU_DEVICE_ID);
    }

    @Test
    void shouldApplyAChangedAirframeOnlyAfterTheNextBoot() throws Exception {
        // Given a quad-X SITL with a parameter file
        ParamFile file = new ParamFile(dir.resolve("params.txt"));
        LockstepSim first = boot(file);
        assertThat(first.stack().mixer().motorCount()).isEqualTo(4);

        // When SYS_AUTOSTART is set to the hexa-X and saved, as a PARAM_SET does
        assertThat(first.params().set("SYS_AUTOSTART", FlightParams.AUTOSTART_HEXA_X)).isEqualTo(SetResult.OK);
        file.save(first.params());

        // Then the running vehicle keeps its quad-X mixer
        assertThat(first.stack().mixer().motorCount()).isEqualTo(4);
        // And after a reboot the mixer, the simulated airframe and the MAVLink type are hexa-X
        LockstepSim second = boot(file);
        assertThat(second.stack().mixer().motorCount()).isEqualTo(6);
        assertThat(second.airframe().motorCount()).isEqualTo(6);
        assertThat(SimCommand.identityAtBoot(second).mavType()).isEqualTo(VehicleIdentity.Frame.HEXA_X.mavType());
    }

    @Test
    void shouldResetParametersAtBootWhenAutoconfigIsOneKeepingAirframeAndSystemId() throws Exception {
        // Given QGC's airframe change: SYS_AUTOSTART 5001 with SYS_AUTOCONFIG 1, and a tuned gain
        ParamFile file = new ParamFile(dir.resolve("params.txt"));
        LockstepSim first = boot(file);
        first.params().set("MPC_XY_P", 2.0);
        first.params().set("MAV_SYS_ID", 7);
        first.params().set("SYS_AUTOSTART", FlightParams.AUTOSTART_QUAD_PLUS);
        first.params().set("SYS_AUTOCONFIG", 1);
        file.save(first.params());

        // When the SITL reboots
        LockstepSim second = boot(file);

        // Then the gain is back to its default, the airframe and system id stay, autoconfig is cleared
        FlightParams p = second.stack().params();
        assertThat(second.autoconfigApplied()).isTrue();
        assertThat(p.xyP.get()).isEqualTo(p.xyP.defaultValue());
        assertThat(p.airframe.get()).isEqualTo(FlightParams.AUTOSTART_QUAD_PLUS);
        assertThat(p.mavSystemId.get()).isEqualTo(7);
        assertThat(p.sysAutoconfig.get()).isZero();
        assertThat(p.setup.gyroDeviceId.get()).isEqualTo(SimDevices.IMU_DEVICE_ID);
    }

    @Test
    void shouldTakeTheMavlinkSystemIdFromMavSysIdAtBoot() throws Exception {
        // Given MAV_SYS_ID 42 saved in the parameter file
        ParamFile file = new ParamFile(dir.resolve("params.txt"));
        LockstepSim first = boot(file);
        assertThat(SimCommand.identityAtBoot(first).systemId()).isEqualTo(1);
        first.params().set("MAV_SYS_ID", 42);
        file.save(first.params());

        // When the SITL boots again, Then its MAVLink identity is system 42
        assertThat(SimCommand.identityAtBoot(boot(file)).systemId()).isEqualTo(42);
        // And a value outside 1..250 is refused
        assertThat(first.params().set("MAV_SYS_ID", 251)).isEqualTo(SetResult.OUT_OF_RANGE);
    }
}
