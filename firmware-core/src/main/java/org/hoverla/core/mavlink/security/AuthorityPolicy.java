package org.hoverla.core.mavlink.security;

/**
 * The command-authority rules as pure functions (docs/command-authority.md): which class a
 * message or command belongs to, and whether a sender may do it.
 *
 * <ul>
 *   <li>{@link #READ}: watching the vehicle (telemetry, REQUEST_MESSAGE, message intervals,
 *       parameter and mission downloads, FTP and log reads). Open to anyone: a ground station
 *       that is not allowed to command must still be able to see what the vehicle does.</li>
 *   <li>{@link #CHANGE}: anything that changes the vehicle's state (commands, SET_MODE,
 *       PARAM_SET, mission upload and clear, setpoints, manual control, RC override, LOG_ERASE):
 *       needs an allowed link and an allowed system ({@link AllowList}).</li>
 *   <li>{@link #DANGEROUS}: what can bring the vehicle down or change it under a flying
 *       controller (disarm in the air, force disarm while armed, flight termination, parameter
 *       writes while armed, reboot, failure injection, software updates: MAV_CMD_DO_UPGRADE and
 *       uploads into the FTP update inbox): also needs the owner's authority,
 *       {@link LinkTrust#authorised} (signed message or trusted link, or an unconfigured
 *       vehicle).</li>
 * </ul>
 *
 * <p>The order of the checks fixes which reason a refusal names: link, then system, then authority.
 * No threads, clock or allocation.
 */
public final class AuthorityPolicy {
    /** Message classes. */
    public static final int READ = 0;
    public static final int CHANGE = 1;
    public static final int DANGEROUS = 2;

    /** Decisions; every value above {@link #ALLOW} is a refusal reason with its own counter. */
    public static final int ALLOW = 0;
    public static final int LINK_NOT_ALLOWED = 1;
    public static final int SYSTEM_NOT_ALLOWED = 2;
    public static final int NOT_AUTHORISED = 3;
    public static final int OFFBOARD_OWNED = 4;
    public static final int TERMINATION_UNCONFIRMED = 5;
    /** Number of decision values (array size for counters). */
    public static final int REASONS = 6;

    /** MAV_CMD values the policy names (mavlink.io common.xml). */
    public static final int CMD_COMPONENT_ARM_DISARM = 400;
    public static final int CMD_DO_FLIGHTTERMINATION = 185;
    public static final int CMD_PREFLIGHT_STORAGE = 245;
    public static final int CMD_PREFLIGHT_REBOOT_SHUTDOWN = 246;
    public static final int CMD_INJECT_FAILURE = 420;
    /** MAV_CMD_DO_UPGRADE: installs new software (docs/update-over-mavlink.md). */
    public static final int CMD_DO_UPGRADE = 247;
    public static final int CMD_GET_HOME_POSITION = 410;
    public static final int CMD_GET_MESSAGE_INTERVAL = 510;
    public static final int CMD_SET_MESSAGE_INTERVAL = 511;
    public static final int CMD_REQUEST_MESSAGE = 512;
    public static final int CMD_REQUEST_PROTOCOL_VERSION = 519;
    public static final int CMD_REQUEST_AUTOPILOT_CAPABILITIES = 520;
    public static final int CMD_REQUEST_CAMERA_INFORMATION = 521;
    public static final int CMD_REQUEST_CAMERA_SETTINGS = 522;
    public static final int CMD_REQUEST_STORAGE_INFORMATION = 525;
    public static final int CMD_REQUEST_CAMERA_CAPTURE_STATUS = 527;
    public static final int CMD_REQUEST_FLIGHT_INFORMATION = 528;
    /** COMPONENT_ARM_DISARM param2 that forces a disarm in flight (QGC's emergency stop). */
    public static final double FORCE_MAGIC = 21196.0;

    private AuthorityPolicy() {
    }

    /**
     * @param cls        {@link #READ}, {@link #CHANGE} or {@link #DANGEROUS}
     * @param allow      the allow-list
     * @param systemId   the sender's MAVLink system id
     * @param instance   the link's specification index ({@code MavlinkLink.instance()})
     * @param authorised {@link LinkTrust#authorised} for this message
     * @return {@link #ALLOW} or the first reason that refuses it
     */
    public static int decide(int cls, AllowList allow, int systemId, int instance, boolean authorised) {
        if (cls == READ) {
            return ALLOW;
        }
        if (!allow.linkAllowed(instance)) {
            return LINK_NOT_ALLOWED;
        }
        if (!allow.systemAllowed(systemId)) {
            return SYSTEM_NOT_ALLOWED;
        }
        if (cls == DANGEROUS && !authorised) {
            return NOT_AUTHORISED;
        }
        return ALLOW;
    }

    /**
     * The class of a COMMAND_LONG / COMMAND_INT.
     *
     * <p>Requests for information (REQUEST_MESSAGE and the older REQUEST_* commands) are reads.
     * SET_MESSAGE_INTERVAL is a read too: it changes only what the asking link is sent. Disarm is
     * dangerous in the air (the vehicle falls); force disarm (param2 = 21196) whenever armed, as it
     * skips the commander's landed check and a land detector can be wrong. Flight termination,
     * reboot and failure injection are always dangerous; PREFLIGHT_STORAGE (read, write, reset of
     * parameters) while armed.
     *
     * @param armed  the vehicle is armed
     * @param inAir  armed and not landed
     */
    public static int classifyCommand(int cmd, double param1, double param2, boolean armed, boolean inAir) {
        switch (cmd) {
            case CMD_GET_HOME_POSITION:
            case CMD_GET_MESSAGE_INTERVAL:
            case CMD_SET_MESSAGE_INTERVAL:
            case CMD_REQUEST_MESSAGE:
            case CMD_REQUEST_PROTOCOL_VERSION:
            case CMD_REQUEST_AUTOPILOT_CAPABILITIES:
            case CMD_REQUEST_CAMERA_INFORMATION:
            case CMD_REQUEST_CAMERA_SETTINGS:
            case CMD_REQUEST_STORAGE_INFORMATION:
            case CMD_REQUEST_CAMERA_CAPTURE_STATUS:
            case CMD_REQUEST_FLIGHT_INFORMATION:
                return READ;
            case CMD_COMPONENT_ARM_DISARM:
                if (param1 == 0.0 && armed && (inAir || param2 == FORCE_MAGIC)) {
                    return DANGEROUS;
                }
                return CHANGE;
            case CMD_DO_FLIGHTTERMINATION:
            case CMD_PREFLIGHT_REBOOT_SHUTDOWN:
            case CMD_INJECT_FAILURE:
            case CMD_DO_UPGRADE:
                return DANGEROUS;
            case CMD_PREFLIGHT_STORAGE:
                return armed ? DANGEROUS : CHANGE;
            default:
                return CHANGE;
        }
    }

    /** PARAM_SET: a change on the ground, dangerous while armed. */
    public static int classifyParamWrite(boolean armed) {
        return armed ? DANGEROUS : CHANGE;
    }

    /** A short name of a reason for reports and counters' keys. */
    public static String reasonName(int reason) {
        switch (reason) {
            case ALLOW: return "allowed";
            case LINK_NOT_ALLOWED: return "link_not_allowed";
            case SYSTEM_NOT_ALLOWED: return "system_not_allowed";
            case NOT_AUTHORISED: return "not_authorised";
            case OFFBOARD_OWNED: return "offboard_owned";
            case TERMINATION_UNCONFIRMED: return "termination_unconfirmed";
            default: return "unknown";
        }
    }
}
