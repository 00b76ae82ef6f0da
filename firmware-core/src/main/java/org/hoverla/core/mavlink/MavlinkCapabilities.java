package org.hoverla.core.mavlink;

import io.dronefleet.mavlink.common.MavProtocolCapability;
import io.dronefleet.mavlink.util.EnumValue;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code MAV_PROTOCOL_CAPABILITY} bits as {@code long}s, for {@link MavlinkService#capabilities()}.
 *
 * <p><b>How a service declares a capability.</b> A service that makes a capability true
 * overrides {@link MavlinkService#capabilities()} and returns its bits, e.g. an FTP server:
 * <pre>{@code
 * @Override
 * public long capabilities() {
 *     return MavlinkCapabilities.FTP;
 * }
 * }</pre>
 * Once the service is added to the link manager
 * ({@link org.hoverla.core.mavlink.link.MavlinkLinkManager#addService}), {@code AUTOPILOT_VERSION}
 * carries the bit: {@link org.hoverla.core.mavlink.link.MavlinkLinkManager#capabilities()} ORs the
 * bits of every registered service (plus {@link #MAVLINK2}, which the link layer itself makes true).
 * Then add the bit and the service class to the table in {@code CapabilitiesFromServicesTest},
 * which fails when a registered service lacks its bit or a bit has no service.
 */
public final class MavlinkCapabilities {
    public static final long MISSION_FLOAT = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_MISSION_FLOAT);
    public static final long PARAM_FLOAT = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_PARAM_FLOAT);
    public static final long MISSION_INT = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_MISSION_INT);
    public static final long COMMAND_INT = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_COMMAND_INT);
    public static final long PARAM_ENCODE_BYTEWISE = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_PARAM_ENCODE_BYTEWISE);
    public static final long FTP = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_FTP);
    public static final long SET_ATTITUDE_TARGET = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_SET_ATTITUDE_TARGET);
    public static final long SET_POSITION_TARGET_LOCAL_NED = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_SET_POSITION_TARGET_LOCAL_NED);
    public static final long SET_POSITION_TARGET_GLOBAL_INT = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_SET_POSITION_TARGET_GLOBAL_INT);
    public static final long TERRAIN = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_TERRAIN);
    public static final long FLIGHT_TERMINATION = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_FLIGHT_TERMINATION);
    public static final long COMPASS_CALIBRATION = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_COMPASS_CALIBRATION);
    public static final long MAVLINK2 = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_MAVLINK2);
    public static final long MISSION_FENCE = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_MISSION_FENCE);
    public static final long MISSION_RALLY = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_MISSION_RALLY);
    public static final long PARAM_ENCODE_C_CAST = bit(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_PARAM_ENCODE_C_CAST);

    private MavlinkCapabilities() {
    }

    /** The names of the bits set in {@code capabilities}, lowest first (for messages and reports). */
    public static List<String> names(long capabilities) {
        List<String> names = new ArrayList<>();
        for (MavProtocolCapability c : MavProtocolCapability.values()) {
            if ((capabilities & bit(c)) != 0L) {
                names.add(c.name().substring("MAV_PROTOCOL_CAPABILITY_".length()));
            }
        }
        return names;
    }

    private static long bit(MavProtocolCapability c) {
        return EnumValue.of(c).value() & 0xFFFF_FFFFL;
    }
}
