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
 * <p><b>Versions.</b> {@code AUTOPILOT_VERSION} carries three (see {@code AutopilotVersionService}):
 * <ul>
 *   <li>{@link #flightSwVersion()} (what ground stations read as "the firmware version") is the
 *       level of PX4's MAVLink interface that Hoverla implements, not Hoverla's own version:
 *       {@value #PX4_INTERFACE_VERSION}, the PX4 release whose SITL Hoverla's MAVLink behaviour
 *       was compared against (DESIGN §10) and the first with the standard-modes messages Hoverla
 *       answers. Ground stations key PX4 behaviour on this number: QGroundControl refuses PX4
 *       below 1.4.1 with a popup ({@code PX4FirmwarePlugin} supported version) and gates
 *       features on {@code versionCompare}; Hoverla's own 0.x would trip both. The version type
 *       is {@code FIRMWARE_VERSION_TYPE_DEV}: Hoverla is not an official PX4 release, and QGC's
 *       latest-stable check ({@code FirmwarePlugin::_versionFileDownloadFinished}) warns "Vehicle
 *       is not running latest stable firmware" only for type OFFICIAL below PX4's latest stable,
 *       so DEV is both the honest type and the one that does not nag. Raise the number when
 *       Hoverla implements a newer PX4 release's interface.</li>
 *   <li>{@link #middlewareSwVersion()} is Hoverla's own version ({@link #version()}, from the jar
 *       manifest), in the same layout: {@code major << 24 | minor << 16 | patch << 8 | type},
 *       type from {@code FIRMWARE_VERSION_TYPE} (0 dev, 64 alpha, 128 beta, 192 rc, 255
 *       official); a {@code -SNAPSHOT} (or unparsable) suffix is dev, no suffix is official.
 *       PX4 repeats its flight version there; no ground station reads it for behaviour.</li>
 *   <li>{@link #flightCustomVersion()} is the build's git commit as PX4 puts its own: the first
 *       16 hex digits as 8 bytes, least significant first (QGC prints bytes 7..0 to show the
 *       hash, {@code InitialConnectStateMachine}). Eight zero bytes mean "commit unknown" (a
 *       build outside git, see {@link org.hoverla.core.BuildInfo}).</li>
 *   <li>{@link #middlewareCustomVersion()} is the id of the release key that signed the running
 *       release ({@link org.hoverla.core.update.RunningRelease}), in the same byte order, so it
 *       reads as {@code minisign} shows the key id; zeros for an unsigned development build.
 *       Why this field: it pairs with {@code middleware_sw_version} (Hoverla's own version, which
 *       the key signed); {@code flight_custom_version} already carries the commit and QGC reads it
 *       as the git hash; {@code os_custom_version} belongs to the OS. Every ground station logs the
 *       whole message (a {@code .tlog}), and QGC's MAVLink Inspector shows the field.</li>
 * </ul>
 *
 * <p><b>UID.</b> A 64-bit id that must not change across reboots of the same vehicle (ground
 * stations key stored settings on it). On a vehicle it is the unit's UID
 * ({@link org.hoverla.core.unit.UnitIdentity}: kept in the state directory, derived from the
 * Raspberry Pi's serial on first boot); the SITL derives it from the simulation seed so each
 * simulated vehicle is distinct and reproducible. Passed in; this class does not invent one.
 * {@code uid2} (18 bytes, zeros = none) is the unit's fingerprint
 * ({@link org.hoverla.core.unit.UnitIdentity#uid2()}).
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
    /** Length of {@code AUTOPILOT_VERSION.uid2}. */
    public static final int UID2_BYTES = 18;

    public static final int FIRMWARE_VERSION_TYPE_DEV = 0;
    public static final int FIRMWARE_VERSION_TYPE_ALPHA = 64;
    public static final int FIRMWARE_VERSION_TYPE_BETA = 128;
    public static final int FIRMWARE_VERSION_TYPE_RC = 192;
    public static final int FIRMWARE_VERSION_TYPE_OFFICIAL = 255;

    /** The PX4 release whose MAVLink interface Hoverla implements (see class comment). */
    public static final String PX4_INTERFACE_VERSION = "1.15.4";
    /** {@link #PX4_INTERFACE_VERSION} as {@code flight_sw_version}, type DEV (see class comment). */
    public static final int PX4_INTERFACE_FLIGHT_SW_VERSION = encode(1, 15, 4, FIRMWARE_VERSION_TYPE_DEV);

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
    private final int middlewareSwVersion;
    private final String gitCommit;
    private final long uid;
    private final byte[] uid2;
    private final String signerKeyId;

    /**
     * @param systemId    MAVLink system id, 1..255 (PX4/ArduPilot default 1)
     * @param componentId MAVLink component id, usually {@link #MAV_COMP_ID_AUTOPILOT1}
     * @param frame       airframe (sets MAV_TYPE)
     * @param version     e.g. {@code 0.1.0-SNAPSHOT}; null or blank = 0.0.0 dev
     * @param uid         stable 64-bit vehicle id (see class comment)
     */
    public VehicleIdentity(int systemId, int componentId, Frame frame, String version, long uid) {
        this(systemId, componentId, frame, version, uid, "");
    }

    /**
     * As above, with the build's git commit.
     *
     * @param gitCommit hex digits of the commit (at least 16 used); anything else = unknown
     */
    public VehicleIdentity(int systemId, int componentId, Frame frame, String version, long uid, String gitCommit) {
        this(systemId, componentId, frame, version, uid, gitCommit, new byte[UID2_BYTES]);
    }

    /**
     * As above, with the unit's 18-byte {@code uid2}.
     *
     * @param uid2 exactly {@value #UID2_BYTES} bytes (copied); all zeros = none
     */
    public VehicleIdentity(int systemId, int componentId, Frame frame, String version, long uid, String gitCommit,
                           byte[] uid2) {
        if (uid2 == null || uid2.length != UID2_BYTES) {
            throw new IllegalArgumentException("uid2 must be " + UID2_BYTES + " bytes");
        }
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
        this.middlewareSwVersion = encodeVersion(this.version);
        this.gitCommit = gitCommit == null ? "" : gitCommit;
        this.uid = uid;
        this.uid2 = uid2.clone();
        this.signerKeyId = "";
    }

    private VehicleIdentity(VehicleIdentity o, String signerKeyId) {
        this.systemId = o.systemId;
        this.componentId = o.componentId;
        this.mavType = o.mavType;
        this.autopilot = o.autopilot;
        this.version = o.version;
        this.middlewareSwVersion = o.middlewareSwVersion;
        this.gitCommit = o.gitCommit;
        this.uid = o.uid;
        this.uid2 = o.uid2;
        this.signerKeyId = signerKeyId == null ? "" : signerKeyId;
    }

    /**
     * This identity with the key id of the release key that signed the running release (16 hex
     * digits as minisign shows it; null or "" = unsigned development build).
     */
    public VehicleIdentity withSignerKeyId(String keyIdHex) {
        return new VehicleIdentity(this, keyIdHex);
    }

    /**
     * An identity with the version from the jar manifest (0.0.0 dev when run from classes) and the
     * commit this build was made from ({@link org.hoverla.core.BuildInfo#gitCommit()}).
     */
    public static VehicleIdentity fromManifest(int systemId, Frame frame, long uid) {
        return fromManifest(systemId, frame, uid, new byte[UID2_BYTES]);
    }

    /** As {@link #fromManifest(int, Frame, long)}, with the unit's {@code uid2}. */
    public static VehicleIdentity fromManifest(int systemId, Frame frame, long uid, byte[] uid2) {
        return new VehicleIdentity(systemId, MAV_COMP_ID_AUTOPILOT1, frame, manifestVersion(), uid,
                org.hoverla.core.BuildInfo.gitCommit(), uid2)
                .withSignerKeyId(org.hoverla.core.update.RunningRelease.signerOfThisBuild());
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
        return encode(major, minor, patch, type);
    }

    private static int encode(int major, int minor, int patch, int type) {
        return (major & 0xFF) << 24 | (minor & 0xFF) << 16 | (patch & 0xFF) << 8 | (type & 0xFF);
    }

    /**
     * PX4's {@code flight_custom_version} encoding of a git commit: its first 16 hex digits read
     * as a 64-bit number, stored least significant byte first (as PX4's
     * {@code px4_firmware_version_binary()} lands in the message). Eight zero bytes when the
     * commit is not at least 16 hex digits.
     */
    public static byte[] encodeCommit(String hex) {
        byte[] out = new byte[8];
        if (hex == null || hex.length() < 16) {
            return out;
        }
        for (int i = 0; i < 8; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return new byte[8];
            }
            out[7 - i] = (byte) (hi << 4 | lo);
        }
        return out;
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

    /** Hoverla's own version string (e.g. {@code 0.1.0-SNAPSHOT}). */
    public String version() {
        return version;
    }

    /**
     * {@code AUTOPILOT_VERSION.flight_sw_version}: the PX4 interface level Hoverla implements,
     * {@link #PX4_INTERFACE_FLIGHT_SW_VERSION} (see class comment), whatever Hoverla's own version.
     */
    public int flightSwVersion() {
        return PX4_INTERFACE_FLIGHT_SW_VERSION;
    }

    /** {@code AUTOPILOT_VERSION.middleware_sw_version}: Hoverla's own version, PX4-encoded. */
    public int middlewareSwVersion() {
        return middlewareSwVersion;
    }

    /** The build's git commit as given (hex), or "" when unknown. */
    public String gitCommit() {
        return gitCommit;
    }

    /** {@code AUTOPILOT_VERSION.flight_custom_version}: the commit, {@link #encodeCommit}. */
    public byte[] flightCustomVersion() {
        return encodeCommit(gitCommit);
    }

    /** The signing release key's id (16 hex digits as minisign shows it), or "" when unsigned. */
    public String signerKeyId() {
        return signerKeyId;
    }

    /**
     * {@code AUTOPILOT_VERSION.middleware_custom_version}: the signer's key id, in the byte order
     * of {@link #flightCustomVersion()} (so a station that prints bytes 7..0 in hex shows the key
     * id exactly as {@code minisign} and {@code ./hoverla version} do; these are also the 8 key
     * id bytes in the order minisign's files store them). Eight zero bytes: unsigned.
     */
    public byte[] middlewareCustomVersion() {
        return encodeCommit(signerKeyId);
    }

    /** Stable 64-bit vehicle id (unsigned on the wire). */
    public long uid() {
        return uid;
    }

    /** {@code AUTOPILOT_VERSION.uid2}: the unit's 18-byte fingerprint, zeros when none (a copy). */
    public byte[] uid2() {
        return uid2.clone();
    }

    @Override
    public String toString() {
        return "VehicleIdentity{sys=" + systemId + ", comp=" + componentId + ", type=" + mavType
                + ", version=" + version + ", commit=" + (gitCommit.isEmpty() ? "unknown" : gitCommit)
                + ", signer=" + (signerKeyId.isEmpty() ? "unsigned" : signerKeyId) + ", uid=" + Long.toUnsignedString(uid, 16) + "}";
    }
}
