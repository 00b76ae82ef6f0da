package org.hoverla.core.mavlink.param;

import io.dronefleet.mavlink.common.MavProtocolCapability;

/**
 * How an integer parameter travels in the {@code float param_value} field of
 * {@code PARAM_VALUE} and {@code PARAM_SET} (mavlink.io parameter protocol, "Parameter
 * Encoding"). Real parameters are a plain float in both. A vehicle supports exactly one and
 * announces it in {@code AUTOPILOT_VERSION.capabilities} ({@link #capabilityBit()}).
 */
public enum ParamEncoding {
    /**
     * The 32 bits of the {@code int32} are copied into the float field (PX4's choice; what the
     * spec recommends because it is exact for every {@code int32}).
     */
    BYTEWISE(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_PARAM_ENCODE_BYTEWISE, 1L << 4),
    /**
     * The integer is converted to a float numerically (ArduPilot's choice): readable by any tool,
     * exact only for |value| ≤ 2^24.
     */
    C_CAST(MavProtocolCapability.MAV_PROTOCOL_CAPABILITY_PARAM_ENCODE_C_CAST, 1L << 17);

    private final MavProtocolCapability flag;
    private final long bit;

    ParamEncoding(MavProtocolCapability flag, long bit) {
        this.flag = flag;
        this.bit = bit;
    }

    /** @return the {@code MAV_PROTOCOL_CAPABILITY} bit to set in {@code AUTOPILOT_VERSION.capabilities} */
    public long capabilityBit() {
        return bit;
    }

    /** @return the same bit as the library's enum entry */
    public MavProtocolCapability capabilityFlag() {
        return flag;
    }

    /** Encodes an integer parameter value for {@code param_value}. */
    float encodeInt(int value) {
        return this == BYTEWISE ? Float.intBitsToFloat(value) : (float) value;
    }
}
