package org.hoverla.core.mavlink.telemetry;

import io.dronefleet.mavlink.common.AutopilotVersion;
import io.dronefleet.mavlink.common.MavProtocolCapability;
import java.math.BigInteger;
import java.util.function.LongSupplier;
import org.hoverla.core.mavlink.MavlinkCapabilities;
import org.hoverla.core.mavlink.link.EnumValues;

/**
 * Builds this vehicle's {@code AUTOPILOT_VERSION} (id 148). The command protocol is not here:
 * the command service answers {@code MAV_CMD_REQUEST_MESSAGE(148)} and the legacy
 * {@code MAV_CMD_REQUEST_AUTOPILOT_CAPABILITIES} by calling
 * {@link TelemetryService#requestMessage(org.hoverla.core.mavlink.MavlinkLink, int, float)},
 * which sends {@link #build()}.
 *
 * <p><b>Capabilities</b> come from the services actually registered: the supplier is the link
 * manager's {@link org.hoverla.core.mavlink.link.MavlinkLinkManager#capabilities()} (MAVLINK2 from
 * the link layer, ORed with each service's {@link org.hoverla.core.mavlink.MavlinkService#capabilities()}),
 * read at every build, so a service added later (missions, FTP) is announced without touching
 * this class. See {@link MavlinkCapabilities} for how a service declares a bit.
 *
 * <p><b>Fields</b> (see {@link VehicleIdentity} for the choices): {@code flight_sw_version} the
 * PX4 interface level ({@link VehicleIdentity#flightSwVersion()}), {@code middleware_sw_version}
 * Hoverla's own version, {@code flight_custom_version} the build's git commit in PX4's byte order
 * (zeros when unknown), {@code middleware_custom_version} the signing release key's id
 * ({@link VehicleIdentity#middlewareCustomVersion()}, zeros when unsigned), OS/board versions and
 * {@code os_custom_version} 0, vendor/product 0,
 * {@code uid} the identity's UID (unsigned), {@code uid2} the identity's 18-byte unit fingerprint
 * (zeros when it has none). MAVLink thread.
 */
public final class AutopilotVersionService {
    public static final int MESSAGE_ID = 148;

    public static final int CAP_PARAM_ENCODE_BYTEWISE = (int) MavlinkCapabilities.PARAM_ENCODE_BYTEWISE;
    public static final int CAP_PARAM_ENCODE_C_CAST = (int) MavlinkCapabilities.PARAM_ENCODE_C_CAST;

    private final VehicleIdentity identity;
    private final LongSupplier capabilities;
    private final byte[] customVersion;
    private final byte[] middlewareCustomVersion;
    private AutopilotVersion cached;
    private long cachedCapabilities;

    /**
     * @param identity     who we are
     * @param capabilities the {@code MAV_PROTOCOL_CAPABILITY} bits, read at every {@link #build()}
     *                     (normally the link manager's {@code capabilities()})
     */
    public AutopilotVersionService(VehicleIdentity identity, LongSupplier capabilities) {
        this.identity = identity;
        this.capabilities = capabilities;
        this.customVersion = identity.flightCustomVersion();
        this.middlewareCustomVersion = identity.middlewareCustomVersion();
    }

    /** With a fixed set of capability bits (tests, tools). */
    public AutopilotVersionService(VehicleIdentity identity, long capabilities) {
        this(identity, () -> capabilities);
    }

    /** {@code MAV_PROTOCOL_CAPABILITY} bits now. */
    public long capabilities() {
        return capabilities.getAsLong();
    }

    public VehicleIdentity identity() {
        return identity;
    }

    /** The AUTOPILOT_VERSION message (rebuilt only when the capabilities changed; immutable). */
    public AutopilotVersion build() {
        long caps = capabilities.getAsLong();
        AutopilotVersion m = cached;
        if (m == null || caps != cachedCapabilities) {
            m = AutopilotVersion.builder()
                    .capabilities(EnumValues.of(MavProtocolCapability.class, (int) caps))
                    .flightSwVersion(identity.flightSwVersion() & 0xFFFF_FFFFL)
                    .middlewareSwVersion(identity.middlewareSwVersion() & 0xFFFF_FFFFL)
                    .osSwVersion(0)
                    .boardVersion(0)
                    .flightCustomVersion(customVersion.clone())
                    .middlewareCustomVersion(middlewareCustomVersion.clone())
                    .osCustomVersion(new byte[8])
                    .vendorId(0)
                    .productId(0)
                    .uid(new BigInteger(Long.toUnsignedString(identity.uid())))
                    .uid2(identity.uid2())
                    .build();
            cached = m;
            cachedCapabilities = caps;
        }
        return m;
    }
}
