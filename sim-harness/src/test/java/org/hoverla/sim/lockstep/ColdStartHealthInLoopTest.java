package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.MavSysStatusSensor;
import io.dronefleet.mavlink.common.SysStatus;
import io.dronefleet.mavlink.util.EnumValue;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.telemetry.AutopilotVersionService;
import org.hoverla.core.mavlink.telemetry.TelemetryService;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MAVSDK's {@code telemetry.health().is_armable} is SYS_STATUS's PREARM bit
 * ({@code telemetry_impl.cpp}, process_sys_status). From a cold start, no SYS_STATUS may call the
 * vehicle armable before it can arm: the issue measured 2 of 11 real starts saying so 1.3 s after
 * launch, 12 s early. In lockstep, the MAVLink side looks at every millisecond of the start
 * (before the first flight-loop step too, as a MAVLink thread may), so every ordering of
 * telemetry against the commander is covered, for several seeds and headings.
 */
class ColdStartHealthInLoopTest {
    private static final int PREARM = EnumValue.of(MavSysStatusSensor.MAV_SYS_STATUS_PREARM_CHECK).value();
    private static final int GPS = EnumValue.of(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_GPS).value();

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldNeverCallTheVehicleArmableBeforeItCanArm(long seed) {
        // Given a cold start with this seed, telemetry watching from before the first step
        SimConfig config = new SimConfig();
        config.seed = seed;
        config.initialYawDeg = 45.0 * seed;
        SimDriver d = new SimDriver(config);
        List<SysStatus> sysStatus = new ArrayList<>();
        VehicleIdentity identity = new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 1L);
        TelemetryService telemetry = new TelemetryService(d.sim.stack().bus(), identity, (link, payload) -> {
            if (payload instanceof SysStatus) {
                sysStatus.add((SysStatus) payload);
            }
        }, new AutopilotVersionService(identity, AutopilotVersionService.CAP_PARAM_ENCODE_C_CAST), null, 0L);
        MavlinkLink link = new MavlinkLink() {
            @Override
            public int id() {
                return 0;
            }

            @Override
            public String name() {
                return "mavsdk";
            }
        };
        telemetry.requestMessage(link, TelemetryService.SYS_STATUS);
        assertThat(sysStatus.get(0).onboardControlSensorsHealth().value() & PREARM)
                .as("SYS_STATUS before the flight loop ran").isZero();

        // When the vehicle starts, SYS_STATUS looked at every millisecond until it says armable
        int firstArmable = -1;
        while (firstArmable < 0 && d.sim.timeS() < 40.0) {
            d.sim.step();
            telemetry.requestMessage(link, TelemetryService.SYS_STATUS);
            SysStatus s = sysStatus.get(sysStatus.size() - 1);
            if ((s.onboardControlSensorsHealth().value() & PREARM) != 0) {
                firstArmable = sysStatus.size() - 1;
            }
        }
        assertThat(firstArmable).as("armable within 40 s").isPositive();

        // Then the vehicle arms when it is first called armable
        VehicleCommandAck ack = d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN);
        assertThat(ack.result).as("arm at %.3f s: %s", d.sim.timeS(), ack.reason + " first armable at step " + firstArmable).isEqualTo(VehicleCommandAck.ACCEPTED);
        // And GPS was reported healthy by then (its checks are part of the pre-arm checks)
        assertThat(sysStatus.get(firstArmable).onboardControlSensorsHealth().value() & GPS).isNotZero();
    }
}
