package org.hoverla.core.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.minimal.MavType;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.mavlink.Frames;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.MavlinkVehicleInterface;
import org.hoverla.core.mavlink.TestLink;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.msg.GcsLinkStatus;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.time.SimClock;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.api.Test;

/**
 * The vehicle's MAVLink interface as boot builds it, on any vehicle: MAV_CMD_INJECT_FAILURE behind
 * SYS_FAILURE_EN, and mavlink_signal off applied by the interface itself.
 */
class FailureInjectionWiringTest {
    private static final TestLink GCS = new TestLink(0, "udp");
    private final FlightBus bus = new FlightBus();
    private final ParamStore store = new ParamStore();
    private final FlightParams params = new FlightParams(store);
    private final Subscription<GcsLinkStatus> gcsSub = bus.gcsLinkStatus.subscribe();
    private final GcsLinkStatus gcs = new GcsLinkStatus();

    private void inject(MavlinkVehicleInterface mav, int unit, int type, long nowNs) {
        mav.commands().onMessage(GCS, Frames.from(255, 190, CommandLong.builder().targetSystem(1).targetComponent(1)
                .command(MavCmd.MAV_CMD_INJECT_FAILURE).param1(unit).param2(type).build()), nowNs);
    }

    /** A ground station's heartbeat arrives and the MAVLink thread ticks; returns whether the flight stack heard it. */
    private boolean heartbeat(MavlinkVehicleInterface mav, long nowNs) {
        Object hb = Heartbeat.builder().type(MavType.MAV_TYPE_GCS).autopilot(MavAutopilot.MAV_AUTOPILOT_INVALID)
                .mavlinkVersion(3).build();
        for (MavlinkService s : mav.links().services()) {
            if (s instanceof org.hoverla.core.mavlink.telemetry.HeartbeatService) {
                s.onMessage(GCS, Frames.from(255, 190, hb), nowNs);
            }
        }
        // The interface's own service publishes gcs_link_status on its tick (the others need open links)
        for (MavlinkService s : mav.links().services()) {
            if (s.getClass().getEnclosingClass() == MavlinkVehicleInterface.class) {
                s.tick(nowNs);
            }
        }
        return gcsSub.update(gcs) && gcs.lastHeartbeatNs == nowNs;
    }

    @Test
    void shouldLetOnlyMavlinkSignalOffThroughOnAVehicleWithoutSimulatedDevices() {
        try (MavlinkVehicleInterface mav = new MavlinkVehicleInterface(
                new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 7L), bus, store,
                ParamPersistence.NONE, new SimClock(), null, null)) {
            assertThat(bus.failureInjection.supported(FailureUnit.MAVLINK_SIGNAL, FailureType.OFF)).isTrue();
            assertThat(bus.failureInjection.supported(FailureUnit.GPS, FailureType.OFF)).isFalse();
            assertThat(heartbeat(mav, 1_000_000_000L)).isTrue();
            // Gate off: refused, the ground station is still heard
            inject(mav, 105, 1, 1_100_000_000L);
            assertThat(bus.failureInjection.active(FailureUnit.MAVLINK_SIGNAL)).isFalse();
            assertThat(heartbeat(mav, 2_000_000_000L)).isTrue();
            // Gate on: mavlink_signal off, and its heartbeats no longer reach the flight stack
            params.failureInjection.enabled.set(1);
            inject(mav, 105, 1, 6_000_000_000L);
            assertThat(bus.failureInjection.active(FailureUnit.MAVLINK_SIGNAL)).isTrue();
            assertThat(heartbeat(mav, 7_000_000_000L)).isFalse();
            assertThat(heartbeat(mav, 8_000_000_000L)).isFalse();
            // A real vehicle's GPS cannot be failed from here
            inject(mav, 4, 1, 12_000_000_000L);
            assertThat(bus.failureInjection.active(FailureUnit.GPS)).isFalse();
            // Cleared by the same ground station: heard again
            inject(mav, 105, 0, 16_000_000_000L);
            assertThat(heartbeat(mav, 17_000_000_000L)).isTrue();
        }
    }
}
