package org.hoverla.core.mavlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.AutopilotVersion;
import java.security.SecureRandom;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.release.Minisign;
import org.hoverla.core.time.SimClock;
import org.hoverla.core.unit.UnitRecords;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.PlanInstaller;
import org.junit.jupiter.api.Test;

/**
 * AUTOPILOT_VERSION.middleware_custom_version carries the id of the release key that signed the
 * running release, through the vehicle interface and the wire, reading as minisign shows it.
 */
class SignerKeyIdAutopilotVersionTest {

    private static AutopilotVersion onTheWire(VehicleIdentity id) {
        FlightBus bus = new FlightBus();
        ParamStore store = new ParamStore();
        FlightParams params = new FlightParams(store);
        try (MavlinkVehicleInterface mav = new MavlinkVehicleInterface(id, bus, store, ParamPersistence.NONE,
                new SimClock(), null, null, new PlanInstaller(bus, params), PlanStore.NONE)) {
            // Encoded as MAVLink 2 and decoded again, as a ground station receives it
            return (AutopilotVersion) Frames.from(1, 1, mav.autopilotVersion().build()).getPayload();
        }
    }

    @Test
    void shouldCarryTheSignersKeyIdInMiddlewareCustomVersion() throws Exception {
        // Given a release key and an identity whose running release it signed
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(148L);
        Minisign.KeyPair key = Minisign.generate(r);
        String keyId = key.publicPart().keyIdHex();
        VehicleIdentity id = new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "1.3.0", 7L,
                "6693d5fe930dc1e40ab9a081381f5eea8ba560d2").withSignerKeyId(keyId);

        // When AUTOPILOT_VERSION crosses the link
        AutopilotVersion v = onTheWire(id);

        // Then middleware_custom_version holds the key id bytes as minisign's files store them, and
        // printed as QGC prints the commit (bytes 7..0) it reads as minisign shows the key id
        assertThat(v.middlewareCustomVersion()).isEqualTo(key.keyId());
        assertThat(UnitRecords.customVersionHex(v.middlewareCustomVersion())).isEqualToIgnoringCase(keyId);
        // And the commit stays in flight_custom_version, the version in middleware_sw_version
        assertThat(UnitRecords.customVersionHex(v.flightCustomVersion())).isEqualTo("6693d5fe930dc1e4");
        assertThat(v.middlewareSwVersion()).isEqualTo(0x010300FFL);
        assertThat(id.signerKeyId()).isEqualTo(keyId);
    }

    @Test
    void shouldSendEightZeroBytesForAnUnsignedBuild() {
        // Given identities without a signer (a development build, and this test build's own)
        VehicleIdentity dev = new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 7L);
        VehicleIdentity fromManifest = VehicleIdentity.fromManifest(1, VehicleIdentity.Frame.QUAD_X, 7L);

        // Then middleware_custom_version is zeros, and the unit record's firmware block agrees
        assertThat(onTheWire(dev).middlewareCustomVersion()).containsOnly(0);
        assertThat(onTheWire(fromManifest).middlewareCustomVersion()).containsOnly(0);
        assertThat(UnitRecords.firmwareJson().get("signer_key_id").isNull()).isTrue();
        assertThat(UnitRecords.firmwareJson().path("param_schema").asInt())
                .isEqualTo(org.hoverla.core.param.persist.ParamSchema.CURRENT);
    }
}
