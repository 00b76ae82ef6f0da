package org.hoverla.core.mavlink.telemetry;

import org.hoverla.core.mavlink.Frames;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.TestLink;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavModeFlag;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import java.util.concurrent.atomic.AtomicReference;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.vehicle.FlightBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HeartbeatServiceTest {
    private static final long MS = 1_000_000L;

    private final FlightBus bus = new FlightBus();
    private final Publication<VehicleStatus> statusPub = bus.vehicleStatus.advertise();
    private final RecordingOutput out = new RecordingOutput();
    private final AtomicReference<FailsafeLevel> failsafe = new AtomicReference<>(FailsafeLevel.NONE);
    private final VehicleIdentity identity =
            new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0-SNAPSHOT", 42L);
    private final HeartbeatService service = new HeartbeatService(bus, identity, out, failsafe::get);

    private void publish(FlightMode mode, boolean armed) {
        VehicleStatus s = new VehicleStatus();
        s.mode = mode;
        s.armingState = armed ? ArmingState.ARMED : ArmingState.STANDBY;
        statusPub.publish(s);
    }

    @Test
    void shouldSendOneHeartbeatPerSecondBroadcast() {
        // Given
        publish(FlightMode.HOLD, false);
        // When ticking at 50 Hz for 10 s
        for (long t = 0; t < 10_000 * MS; t += 20 * MS) {
            service.tick(t);
        }
        // Then
        assertThat(out.payloads(Heartbeat.class)).hasSize(10);
        assertThat(out.sent()).allSatisfy(s -> assertThat(s.target()).isNull());
    }

    @Test
    void shouldReportDisarmedStandbyWithPx4Identity() {
        // Given
        publish(FlightMode.HOLD, false);
        // When
        service.tick(0);
        // Then
        Heartbeat hb = out.payloads(Heartbeat.class).get(0);
        assertThat(hb.type().entry()).isEqualTo(MavType.MAV_TYPE_QUADROTOR);
        assertThat(hb.autopilot().entry()).isEqualTo(MavAutopilot.MAV_AUTOPILOT_PX4);
        assertThat(hb.systemStatus().entry()).isEqualTo(MavState.MAV_STATE_STANDBY);
        assertThat(hb.baseMode().flagsEnabled(MavModeFlag.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED)).isTrue();
        assertThat(hb.baseMode().flagsEnabled(MavModeFlag.MAV_MODE_FLAG_SAFETY_ARMED)).isFalse();
        assertThat(hb.customMode()).isEqualTo((4L << 16) | (3L << 24));
        assertThat(hb.mavlinkVersion()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(FlightMode.class)
    void shouldEncodeEachModeAsPx4WhenArmed(FlightMode mode) {
        // Given
        publish(mode, true);
        // When
        service.tick(0);
        // Then
        Heartbeat hb = out.payloads(Heartbeat.class).get(0);
        boolean autoLike = mode.isAuto() || mode == FlightMode.OFFBOARD;
        assertThat(hb.customMode()).isEqualTo(mode.px4CustomMode() & 0xFFFF_FFFFL);
        assertThat(hb.systemStatus().entry()).isEqualTo(MavState.MAV_STATE_ACTIVE);
        assertThat(hb.baseMode().flagsEnabled(MavModeFlag.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED,
                MavModeFlag.MAV_MODE_FLAG_SAFETY_ARMED, MavModeFlag.MAV_MODE_FLAG_STABILIZE_ENABLED)).isTrue();
        assertThat(hb.baseMode().flagsEnabled(MavModeFlag.MAV_MODE_FLAG_GUIDED_ENABLED)).isEqualTo(autoLike);
        assertThat(hb.baseMode().flagsEnabled(MavModeFlag.MAV_MODE_FLAG_AUTO_ENABLED)).isEqualTo(autoLike);
        assertThat(hb.baseMode().flagsEnabled(MavModeFlag.MAV_MODE_FLAG_MANUAL_INPUT_ENABLED)).isEqualTo(!autoLike);
        assertThat(hb.baseMode().flagsEnabled(MavModeFlag.MAV_MODE_FLAG_TEST_ENABLED)).isFalse();
    }

    @Test
    void shouldReportFailsafeLevels() {
        // Given an armed vehicle in a failsafe
        publish(FlightMode.RETURN, true);
        failsafe.set(FailsafeLevel.CRITICAL);
        // When
        service.tick(0);
        failsafe.set(FailsafeLevel.EMERGENCY);
        service.tick(1000 * MS);
        // Then
        assertThat(out.payloads(Heartbeat.class)).extracting(h -> h.systemStatus().entry())
                .containsExactly(MavState.MAV_STATE_CRITICAL, MavState.MAV_STATE_EMERGENCY);
    }

    @Test
    void shouldTrackGroundStationHeartbeatsPerLink() {
        // Given two links and a GCS and an onboard computer sending heartbeats
        TestLink udp = new TestLink(0, "udp");
        TestLink tcp = new TestLink(3, "tcp");
        Heartbeat gcs = Heartbeat.builder().type(MavType.MAV_TYPE_GCS).autopilot(MavAutopilot.MAV_AUTOPILOT_INVALID)
                .systemStatus(MavState.MAV_STATE_ACTIVE).mavlinkVersion(3).build();
        Heartbeat companion = Heartbeat.builder().type(MavType.MAV_TYPE_ONBOARD_CONTROLLER)
                .autopilot(MavAutopilot.MAV_AUTOPILOT_INVALID).mavlinkVersion(3).build();
        assertThat(service.lastGcsHeartbeatNs()).isEqualTo(HeartbeatService.NEVER);
        // When
        service.onMessage(udp, Frames.from(255, 190, gcs), 100 * MS);
        service.onMessage(tcp, Frames.from(255, 190, gcs), 300 * MS);
        service.onMessage(udp, Frames.from(1, 191, companion), 900 * MS);
        // Then only GCS heartbeats count
        assertThat(service.lastGcsHeartbeatNs()).isEqualTo(300 * MS);
        assertThat(service.lastGcsHeartbeatNs(udp)).isEqualTo(100 * MS);
        assertThat(service.lastGcsHeartbeatNs(tcp)).isEqualTo(300 * MS);
        assertThat(service.lastGcsHeartbeatNs(new TestLink(1, "serial"))).isEqualTo(HeartbeatService.NEVER);
    }
}
