package org.hoverla.core.mavlink.telemetry;

import io.dronefleet.mavlink.common.AutopilotVersion;
import io.dronefleet.mavlink.common.MavProtocolCapability;
import io.dronefleet.mavlink.util.EnumValue;
import java.math.BigInteger;
import org.hoverla.core.mavlink.link.EnumValues;

/**
 * Builds this vehicle's {@code AUTOPILOT_VERSION} (id 148). The command protocol is not here:
 * the command service answers {@code MAV_CMD_REQUEST_MESSAGE(148)} and the legacy
 * {@code MAV_CMD_REQUEST_AUTOPILOT_CAPABILITIES} by calling
 * {@link TelemetryService#requestMessage(org.hoverla.core.mavlink.MavlinkLink, int, float)},
 * which sends {@link #build()}.
 *
 * <p>Capabilities are only those that are true: MAVLINK2, COMMAND_INT,
 * SET_POSITION_TARGET_LOCAL_NED, SET_POSITION_TARGET_GLOBAL_INT, SET_ATTITUDE_TARGET, plus the
 * parameter encoding the parameter service declares. No MISSION_* (no mission protocol yet), no
 * FTP, no FLIGHT_INFORMATION, no TERRAIN. Version fields: {@code flight_sw_version} from
 * {@link VehicleIdentity#flightSwVersion()}, middleware/OS/board 0, custom versions zero bytes,
 * vendor/product 0, {@code uid} the identity's UID (unsigned), {@code uid2} zero.
 * Immutable after construction; MAVLink thread.
 */
public final class AutopilotVersionService {
    public static final int MESSAGE_ID = 148;

    public static final int CAP_COMMAND_INT = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_COMMAND_INT);
    public static final int CAP_PARAM_ENCODE_BYTEWISE = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_PARAM_ENCODE_BYTEWISE);
    public static final int CAP_PARAM_ENCODE_C_CAST = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_PARAM_ENCODE_C_CAST);
    public static final int CAP_SET_ATTITUDE_TARGET = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_SET_ATTITUDE_TARGET);
    public static final int CAP_SET_POSITION_TARGET_LOCAL_NED = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_SET_POSITION_TARGET_LOCAL_NED);
    public static final int CAP_SET_POSITION_TARGET_GLOBAL_INT = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_SET_POSITION_TARGET_GLOBAL_INT);
    public static final int CAP_MAVLINK2 = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_MAVLINK2);

    private final VehicleIdentity identity;
    private final int capabilities;
    private final AutopilotVersion message;

    /**
     * @param identity                  who we are
     * @param paramEncodingCapability   the parameter service's encoding bit:
     *                                  {@link #CAP_PARAM_ENCODE_BYTEWISE} or {@link #CAP_PARAM_ENCODE_C_CAST} (or 0)
     */
    public AutopilotVersionService(VehicleIdentity identity, int paramEncodingCapability) {
        if (paramEncodingCapability != 0 && paramEncodingCapability != CAP_PARAM_ENCODE_BYTEWISE
                && paramEncodingCapability != CAP_PARAM_ENCODE_C_CAST) {
            throw new IllegalArgumentException("not a PARAM_ENCODE capability: " + paramEncodingCapability);
        }
        this.identity = identity;
        this.capabilities = CAP_MAVLINK2 | CAP_COMMAND_INT | CAP_SET_POSITION_TARGET_LOCAL_NED
                | CAP_SET_POSITION_TARGET_GLOBAL_INT | CAP_SET_ATTITUDE_TARGET | paramEncodingCapability;
        this.message = AutopilotVersion.builder()
                .capabilities(EnumValues.of(MavProtocolCapability.class, capabilities))
                .flightSwVersion(identity.flightSwVersion() & 0xFFFF_FFFFL)
                .middlewareSwVersion(0)
                .osSwVersion(0)
                .boardVersion(0)
                .flightCustomVersion(new byte[8])
                .middlewareCustomVersion(new byte[8])
                .osCustomVersion(new byte[8])
                .vendorId(0)
                .productId(0)
                .uid(new BigInteger(Long.toUnsignedString(identity.uid())))
                .uid2(new byte[18])
                .build();
    }

    /** {@code MAV_PROTOCOL_CAPABILITY} bits. */
    public int capabilities() {
        return capabilities;
    }

    public VehicleIdentity identity() {
        return identity;
    }

    /** The AUTOPILOT_VERSION message (built once; immutable). */
    public AutopilotVersion build() {
        return message;
    }

    private static int bit(MavProtocolCapability c) {
        return EnumValue.of(c).value();
    }
}
