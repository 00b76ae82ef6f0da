package org.hoverla.core.mavlink.telemetry;

import org.hoverla.core.mavlink.Frames;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.TestLink;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.AutopilotVersion;
import io.dronefleet.mavlink.common.MavProtocolCapability;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class IdentityAndVersionTest {

    @Test
    void shouldEncodeVersionsAsPx4Does() {
        assertThat(VehicleIdentity.encodeVersion("1.15.4")).isEqualTo(0x010F04FF);
        assertThat(VehicleIdentity.encodeVersion("0.1.0-SNAPSHOT")).isEqualTo(0x00010000);
        assertThat(VehicleIdentity.encodeVersion("2.0.1-rc2")).isEqualTo(0x020001C0);
        assertThat(VehicleIdentity.encodeVersion("2.0.1-beta")).isEqualTo(0x02000180);
    }

    @Test
    void shouldChooseMavTypeFromFrame() {
        assertThat(new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_PLUS, "1.0.0", 1).mavType()).isEqualTo(2);
        assertThat(new VehicleIdentity(1, 1, VehicleIdentity.Frame.HEXA_X, "1.0.0", 1).mavType()).isEqualTo(13);
        assertThat(new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, null, 1).autopilot()).isEqualTo(12);
    }

    @Test
    void shouldAdvertiseOnlyTrueCapabilities() {
        // Given
        VehicleIdentity id = new VehicleIdentity(7, 1, VehicleIdentity.Frame.QUAD_X, "1.2.3", 0xFEDC_BA98_7654_3210L);
        AutopilotVersionService service = new AutopilotVersionService(id, AutopilotVersionService.CAP_PARAM_ENCODE_C_CAST);
        // When
        AutopilotVersion v = service.build();
        // Then
        assertThat(v.capabilities().flagsEnabled(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_MAVLINK2,
                MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_COMMAND_INT,
                MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_PARAM_ENCODE_C_CAST,
                MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_SET_POSITION_TARGET_LOCAL_NED,
                MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_SET_POSITION_TARGET_GLOBAL_INT,
                MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_SET_ATTITUDE_TARGET)).isTrue();
        for (MavProtocolCapability c : new MavProtocolCapability[] {
            MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_MISSION_INT,
            MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_MISSION_FLOAT,
            MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_FTP,
            MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_PARAM_ENCODE_BYTEWISE,
            MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_TERRAIN}) {
            assertThat(v.capabilities().flagsEnabled(c)).as(c.name()).isFalse();
        }
        assertThat(v.flightSwVersion()).isEqualTo(0x010203FFL);
        assertThat(v.uid()).isEqualTo(new BigInteger("FEDCBA9876543210", 16));
    }
}
