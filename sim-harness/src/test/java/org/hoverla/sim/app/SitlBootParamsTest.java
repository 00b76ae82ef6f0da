package org.hoverla.sim.app;

import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.param.SetResult;
import org.hoverla.core.param.persist.ParamFile;
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
    void shouldReportTheSimulatedSensorsDeviceIdsAtBoot() {
        // When the SITL boots
        LockstepSim sim = new LockstepSim(new SimConfig());

        // Then the sensor ids are PX4's SITL ids (non-zero, so QGC's Sensors page is complete)
        FlightParams p = sim.stack().params();
        assertThat(p.setup.gyroDeviceId.get()).isEqualTo(1310988).isEqualTo(SimDevices.IMU_DEVICE_ID);
        assertThat(p.setup.accelDeviceId.get()).isEqualTo(1310988);
        assertThat(p.setup.magDeviceId.get()).isEqualTo(197388).isEqualTo(SimDevices.MAG_DEVICE_ID);
        // And a ground station cannot overwrite them
        assertThat(sim.params().set("CAL_GYRO0_ID", 0)).isEqualTo(SetResult.READ_ONLY);
        assertThat(p.setup.gyroDeviceId.get()).isEqualTo(1310988);
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
