package org.hoverla.core.mavlink.telemetry;

/**
 * Who this vehicle is on MAVLink: system and component id, vehicle type, autopilot type,
 * flight software version and a stable unique id. Immutable, built once at boot; read by the
 * heartbeat, autopilot-version and telemetry services on the MAVLink thread.
 *
 * <p><b>Autopilot type.</b> Hoverla reports {@code MAV_AUTOPILOT_PX4} (12), not
 * {@code MAV_AUTOPILOT_GENERIC}: QGroundControl shows no flight modes for GENERIC (QGC issue
 * #13472) and mode-switching ground-station code is keyed to the PX4 or ArduPilot encodings
 * (DESIGN §6). Hoverla's modes are PX4's modes with PX4's {@code custom_mode} encoding
 * ({@link org.hoverla.core.msg.FlightMode#px4CustomMode()}), so a ground station that treats us
 * as PX4 shows and sets them correctly. Standard-mode-aware stations also get
 * {@code AVAILABLE_MODES}/{@code CURRENT_MODE}.
 *
 * <p><b>Version.</b> {@link #flightSwVersion()} uses PX4's {@code flight_sw_version} layout:
 * {@code major << 24 | minor << 16 | patch << 8 | type}, type from {@code FIRMWARE_VERSION_TYPE}
 * (0 dev, 64 alpha, 128 beta, 192 rc, 255 official). A {@code -SNAPSHOT} (or unparsable) suffix
 * is dev; no suffix is official. The string comes from the jar manifest's
 * {@code Implementation-Version} ({@link #manifestVersion()}) or is given by the caller.
 *
 * <p><b>UID.</b> A 64-bit id that must not change across reboots of the same vehicle (ground
 * stations key stored settings on it). On hardware the integrator derives it from a board serial
 * (e.g. the Raspberry Pi serial number); the SITL derives it from the simulation seed so each
 * simulated vehicle is distinct and reproducible. Passed in; this class does not invent one.
 */
public final class VehicleIdentity {
    /** {@code MAV_TYPE_QUADROTOR}. */
    public static final int MAV_TYPE_QUADROTOR = 2;
    /** {@code MAV_TYPE_HEXAROTOR}. */
    public static final int MAV_TYPE_HEXAROTOR = 13;
    /** {@code MAV_TYPE_GCS}. */
    public static final int MAV_TYPE_GCS = 6;
    /** {@code MAV_AUTOPILOT_PX4}: the identity Hoverla speaks (see class comment). */
    public static final int MAV_AUTOPILOT_PX4 = 12;
    /** {@code MAV_COMP_ID_AUTOPILOT1}. */
    public static final int MAV_COMP_ID_AUTOPILOT1 = 1;

    public static final int FIRMWARE_VERSION_TYPE_DEV = 0;
    public static final int FIRMWARE_VERSION_TYPE_ALPHA = 64;
    public static final int FIRMWARE_VERSION_TYPE_BETA = 128;
    public static final int FIRMWARE_VERSION_TYPE_RC = 192;
    public static final int FIRMWARE_VERSION_TYPE_OFFICIAL = 255;

    /** Airframe geometries with their MAV_TYPE. */
    public enum Frame {
        QUAD_X(MAV_TYPE_QUADROTOR), QUAD_PLUS(MAV_TYPE_QUADROTOR), HEXA_X(MAV_TYPE_HEXAROTOR);

        private final int mavType;

        Frame(int mavType) {
            this.mavType = mavType;
        }

        public int mavType() {
            return mavType;
        }
    }

    private final int systemId;
    private final int componentId;
    private final int mavType;
    private final int autopilot;
    private final String version;
    private final int flightSwVersion;
    private final long uid;

    /**
     * @param systemId    MAVLink system id, 1..255 (PX4/ArduPilot default 1)
     * @param componentId MAVLink component id, usually {@link #MAV_COMP_ID_AUTOPILOT1}
     * @param frame       airframe (sets MAV_TYPE)
     * @param version     e.g. {@code 0.1.0-SNAPSHOT}; null or blank = 0.0.0 dev
     * @param uid         stable 64-bit vehicle id (see class comment)
     */
    public VehicleIdentity(int systemId, int componentId, Frame frame, String version, long uid) {
        if (systemId < 1 || systemId > 255) {
            throw new IllegalArgumentException("system id must be 1..255: " + systemId);
        }
        if (componentId < 1 || componentId > 255) {
            throw new IllegalArgumentException("component id must be 1..255: " + componentId);
        }
        this.systemId = systemId;
        this.componentId = componentId;
        this.mavType = frame.mavType();
        this.autopilot = MAV_AUTOPILOT_PX4;
        this.version = version == null || version.isBlank() ? "0.0.0" : version;
        this.flightSwVersion = encodeVersion(this.version);
        this.uid = uid;
    }

    /** An identity with the version from the jar manifest (0.0.0 dev when run from classes). */
    public static VehicleIdentity fromManifest(int systemId, Frame frame, long uid) {
        return new VehicleIdentity(systemId, MAV_COMP_ID_AUTOPILOT1, frame, manifestVersion(), uid);
    }

    /** {@code Implementation-Version} of the jar holding this class, or null. */
    public static String manifestVersion() {
        Package p = VehicleIdentity.class.getPackage();
        return p == null ? null : p.getImplementationVersion();
    }

    /**
     * PX4's {@code flight_sw_version} encoding of a semantic version string
     * ({@code major.minor.patch[-suffix]}): see the class comment.
     */
    public static int encodeVersion(String version) {
        String core = version;
        String suffix = "";
        int dash = version.indexOf('-');
        if (dash >= 0) {
            core = version.substring(0, dash);
            suffix = version.substring(dash + 1).toLowerCase(java.util.Locale.ROOT);
        }
        String[] parts = core.split("\\.");
        int major = parsePart(parts, 0);
        int minor = parsePart(parts, 1);
        int patch = parsePart(parts, 2);
        int type;
        if (dash < 0) {
            type = FIRMWARE_VERSION_TYPE_OFFICIAL;
        } else if (suffix.startsWith("rc")) {
            type = FIRMWARE_VERSION_TYPE_RC;
        } else if (suffix.startsWith("beta")) {
            type = FIRMWARE_VERSION_TYPE_BETA;
        } else if (suffix.startsWith("alpha")) {
            type = FIRMWARE_VERSION_TYPE_ALPHA;
        } else {
            type = FIRMWARE_VERSION_TYPE_DEV;
        }
        return (major & 0xFF) << 24 | (minor & 0xFF) << 16 | (patch & 0xFF) << 8 | type;
    }

    private static int parsePart(String[] parts, int i) {
        if (i >= parts.length) {
            return 0;
        }
        try {
            return Integer.parseInt(parts[i].trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public int systemId() {
        return systemId;
    }

    public int componentId() {
        return componentId;
    }

    /** {@code MAV_TYPE} value. */
    public int mavType() {
        return mavType;
    }

    /** {@code MAV_AUTOPILOT} value (always PX4, see class comment). */
    public int autopilot() {
        return autopilot;
    }

    public String version() {
        return version;
    }

    /** PX4-encoded version for {@code AUTOPILOT_VERSION.flight_sw_version}. */
    public int flightSwVersion() {
        return flightSwVersion;
    }

    /** Stable 64-bit vehicle id (unsigned on the wire). */
    public long uid() {
        return uid;
    }

    @Override
    public String toString() {
        return "VehicleIdentity{sys=" + systemId + ", comp=" + componentId + ", type=" + mavType
                + ", version=" + version + ", uid=" + Long.toUnsignedString(uid, 16) + "}";
    }
}
