package org.hoverla.core.mavlink.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.AutopilotVersion;
import io.dronefleet.mavlink.common.MavProtocolCapability;
import java.math.BigInteger;
import java.util.Properties;
import org.hoverla.core.mavlink.MavlinkCapabilities;
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
    void shouldReportThePx4InterfaceLevelAsDevAndHoverlasOwnVersionAsMiddleware() {
        // Given Hoverla 0.1.0-SNAPSHOT built from a known commit
        VehicleIdentity id = new VehicleIdentity(7, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0-SNAPSHOT",
                0xFEDC_BA98_7654_3210L, "6693d5fe930dc1e40ab9a081381f5eea8ba560d2");

        // When AUTOPILOT_VERSION is built
        AutopilotVersion v = new AutopilotVersionService(id, MavlinkCapabilities.MAVLINK2).build();

        // Then flight_sw_version is PX4 1.15.4 of type DEV (QGC: no "below 1.4.1" popup, and its
        // latest-stable warning only fires for OFFICIAL builds) ...
        assertThat(v.flightSwVersion()).isEqualTo(0x010F0400L);
        assertThat(v.flightSwVersion() & 0xFF).isEqualTo(VehicleIdentity.FIRMWARE_VERSION_TYPE_DEV);
        // ... Hoverla's own version is the middleware version ...
        assertThat(v.middlewareSwVersion()).isEqualTo(0x00010000L);
        // ... and the commit reads back as QGC prints PX4's: bytes 7..0 as hex
        StringBuilder shown = new StringBuilder();
        for (int i = 7; i >= 0; i--) {
            shown.append(String.format("%02x", v.flightCustomVersion()[i] & 0xFF));
        }
        assertThat(shown.toString()).isEqualTo("6693d5fe930dc1e4");
        assertThat(v.uid()).isEqualTo(new BigInteger("FEDCBA9876543210", 16));
        assertThat(v.capabilities().flagsEnabled(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_MAVLINK2)).isTrue();
        assertThat(v.capabilities().flagsEnabled(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_FTP)).isFalse();
    }

    @Test
    void shouldCarryTheUnitsUid2AndZerosWithoutOne() {
        // Given an identity with the unit's 18-byte fingerprint
        byte[] uid2 = new byte[18];
        for (int i = 0; i < uid2.length; i++) {
            uid2[i] = (byte) (0xA0 + i);
        }
        VehicleIdentity id = new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 0x21356dda8276L, "", uid2);

        // When AUTOPILOT_VERSION is built, then uid2 is those bytes in order and uid the UID
        AutopilotVersion v = new AutopilotVersionService(id, MavlinkCapabilities.MAVLINK2).build();
        assertThat(v.uid2()).isEqualTo(uid2);
        assertThat(v.uid()).isEqualTo(BigInteger.valueOf(0x21356dda8276L));
        // And the identity kept its own copy
        uid2[0] = 0;
        assertThat(id.uid2()[0]).isEqualTo((byte) 0xA0);

        // Given no uid2 (the SITL, tools), then 18 zero bytes: MAVLink's "use uid"
        assertThat(new AutopilotVersionService(new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 5),
                MavlinkCapabilities.MAVLINK2).build().uid2()).hasSize(18).containsOnly(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X,
                "0.1.0", 5, "", new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReportEightZeroBytesWhenTheCommitIsUnknown() {
        assertThat(VehicleIdentity.encodeCommit("")).containsOnly(0);
        assertThat(VehicleIdentity.encodeCommit(null)).containsOnly(0);
        assertThat(VehicleIdentity.encodeCommit("6693d5fe")).containsOnly(0);
        assertThat(VehicleIdentity.encodeCommit("zz93d5fe930dc1e40ab9")).containsOnly(0);
        assertThat(new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "1.0.0", 1).flightCustomVersion())
                .containsOnly(0);
    }

    @Test
    void shouldTakeOnlyAFullHexCommitFromTheBuildProperties() {
        Properties p = new Properties();
        p.setProperty("git.commit.id", "6693D5FE930DC1E40AB9A081381F5EEA8BA560D2");
        assertThat(org.hoverla.core.BuildInfoAccess.parse(p)).isEqualTo("6693d5fe930dc1e40ab9a081381f5eea8ba560d2");
        p.setProperty("git.commit.id", "${git.commit.id}");
        assertThat(org.hoverla.core.BuildInfoAccess.parse(p)).isEmpty();
        assertThat(org.hoverla.core.BuildInfoAccess.parse(new Properties())).isEmpty();
        assertThat(org.hoverla.core.BuildInfoAccess.parse(null)).isEmpty();
    }

    @Test
    void shouldKnowTheCommitOfThisBuild() {
        // The build writes it (git-commit-id-maven-plugin) in a clone (.git a directory); in a git
        // worktree (.git a file) and outside git the commit is unknown (firmware-core's pom says why).
        boolean inGit = java.nio.file.Files.exists(java.nio.file.Path.of("..", ".git", "HEAD"));
        assertThat(org.hoverla.core.BuildInfo.gitCommit()).matches(inGit ? "[0-9a-f]{40}" : "");
    }
}
