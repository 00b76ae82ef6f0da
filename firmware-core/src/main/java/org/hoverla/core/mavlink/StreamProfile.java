package org.hoverla.core.mavlink;

import java.util.Locale;

/**
 * Which telemetry a link streams by default, as PX4's {@code mavlink start -m MODE} chooses it per
 * instance ({@code mavlink_main.cpp}, {@code Mavlink::configure_streams_to_default}). Chosen per
 * link with {@code ?profile=NAME} in a link specification; a client can still change any rate
 * afterwards (SET_MESSAGE_INTERVAL, REQUEST_DATA_STREAM), and interval 0 goes back to the rate of
 * the link's profile. The rates themselves are in the telemetry service.
 */
public enum StreamProfile {
    /** A ground station (PX4's "normal" mode): QGroundControl's rates. The default. */
    NORMAL,
    /**
     * An API or companion-computer link (PX4's "onboard" mode, which PX4's SITL starts on UDP
     * 14540 for MAVSDK and MAVROS, {@code px4-rc.mavlink}): position and attitude at high rates.
     */
    ONBOARD;

    /** The name used in link specifications: {@code normal}, {@code onboard}. */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a profile name, case-insensitive
     * @throws IllegalArgumentException naming the accepted names
     */
    public static StreamProfile parse(String name) {
        for (StreamProfile p : values()) {
            if (p.specName().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown profile '" + name + "' (normal or onboard)");
    }
}
