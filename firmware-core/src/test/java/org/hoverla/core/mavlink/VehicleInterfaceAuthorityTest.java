package org.hoverla.core.mavlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.LogErase;
import io.dronefleet.mavlink.common.ManualControl;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavMissionType;
import io.dronefleet.mavlink.common.MavParamType;
import io.dronefleet.mavlink.common.MissionCount;
import io.dronefleet.mavlink.common.ParamSet;
import io.dronefleet.mavlink.common.RcChannelsOverride;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.mavlink.security.AuthorityPolicy;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.msg.ManualControlSetpoint;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.time.SimClock;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.PlanInstaller;
import org.hoverla.hal.RcInputSample;
import org.junit.jupiter.api.Test;

/** The command authority as the vehicle interface wires it into every state-changing service. */
class VehicleInterfaceAuthorityTest {

    private static void deliver(MavlinkVehicleInterface mav, MavlinkLink link, int sys, Object payload, long nowNs) {
        for (MavlinkService s : mav.links().services()) {
            s.onMessage(link, Frames.from(sys, 190, payload), nowNs);
        }
    }

    @Test
    void shouldRefuseEveryStateChangeFromASystemNotOnTheAllowList() {
        // Given the vehicle's parameters with MAV_GCS_ID1 = 255
        FlightBus bus = new FlightBus();
        ParamStore store = new ParamStore();
        FlightParams params = new FlightParams(store);
        store.find("MAV_GCS_ID1").set(255);
        VehicleIdentity id = new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 7L);
        try (MavlinkVehicleInterface mav = new MavlinkVehicleInterface(id, bus, store, ParamPersistence.NONE,
                new SimClock(), null, null, new PlanInstaller(bus, params), PlanStore.NONE)) {
            Subscription<ManualControlSetpoint> manual = bus.manualControlMavlink.subscribe();
            Subscription<RcInputSample> rc = bus.rcOverride.subscribe();
            TestLink link = new TestLink(0, "udp");
            double before = store.find("MPC_XY_VEL_MAX").doubleValue();
            // When system 7 arms, writes a parameter, uploads a mission, flies by MANUAL_CONTROL and
            // RC override, and erases the logs
            deliver(mav, link, 7, CommandLong.builder().targetSystem(1).targetComponent(1)
                    .command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM).param1(1).build(), 0);
            deliver(mav, link, 7, ParamSet.builder().targetSystem(1).targetComponent(1).paramId("MPC_XY_VEL_MAX")
                    .paramValue(3f).paramType(MavParamType.MAV_PARAM_TYPE_REAL32).build(), 1);
            deliver(mav, link, 7, MissionCount.builder().targetSystem(1).targetComponent(1).count(2)
                    .missionType(MavMissionType.MAV_MISSION_TYPE_MISSION).build(), 2);
            deliver(mav, link, 7, ManualControl.builder().target(1).x(0).y(0).z(800).r(0).build(), 3);
            deliver(mav, link, 7, RcChannelsOverride.builder().targetSystem(1).targetComponent(1).chan1Raw(1900)
                    .build(), 4);
            deliver(mav, link, 7, LogErase.builder().targetSystem(1).targetComponent(1).build(), 5);
            // Then none of it took effect, and every refusal is counted
            assertThat(bus.gcsCommands.size()).isZero();
            assertThat(mav.commands().refusedByAuthority()).isEqualTo(1);
            assertThat(store.find("MPC_XY_VEL_MAX").doubleValue()).isEqualTo(before);
            assertThat(mav.params().setRefusedAuthority()).isEqualTo(1);
            assertThat(mav.missions().refusedByAuthority()).isEqualTo(1);
            assertThat(manual.update(new ManualControlSetpoint())).isFalse();
            assertThat(rc.update(new RcInputSample())).isFalse();
            assertThat(mav.logs().erasesRefusedAuthority()).isEqualTo(1);
            assertThat(mav.authority().refused(AuthorityPolicy.SYSTEM_NOT_ALLOWED)).isEqualTo(6);
            // And system 255's command is obeyed
            deliver(mav, link, 255, CommandLong.builder().targetSystem(1).targetComponent(1)
                    .command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM).param1(1).build(), 10);
            assertThat(bus.gcsCommands.size()).isEqualTo(1);
        }
    }
}
