package org.hoverla.core.mavlink.security;

import io.dronefleet.mavlink.MavlinkMessage;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleEvent;

/**
 * Command authority, wired (docs/command-authority.md): the services ask it before they act on a
 * state-changing message, and it answers with {@link AuthorityPolicy}'s decision on the current
 * parameters ({@link AuthorityParams}), link trust ({@link LinkTrust}) and vehicle state, keeps the
 * offboard session's owner ({@link OffboardOwnership}), counts every refusal per reason and tells
 * the operator why ({@link RefusalLog}: at once, then at most one summary per 10 s per reason).
 * The services send the protocol's answer themselves (COMMAND_ACK DENIED, PARAM_VALUE with the
 * old value, MISSION_ACK DENIED).
 *
 * <p>MAVLink thread only (its {@link #tick} sends the summaries). The checks read a few volatile
 * parameter values and do not allocate unless a text is due.
 */
public final class CommandAuthority implements MavlinkService {
    /** What the authority needs to know of the vehicle; read on the MAVLink thread. */
    public interface VehicleState {
        boolean armed();

        /** Armed and not landed. */
        boolean inAir();

        /** The commander's mode is Offboard. */
        boolean offboard();
    }

    /** MAV_CMD values whose target mode the offboard ownership looks at. */
    static final int CMD_NAV_RETURN_TO_LAUNCH = 20;
    static final int CMD_NAV_LAND = 21;
    static final int CMD_NAV_TAKEOFF = 22;
    static final int CMD_DO_ORBIT = 34;
    static final int CMD_DO_SET_MODE = 176;
    static final int CMD_DO_REPOSITION = 192;
    static final int CMD_DO_SET_STANDARD_MODE = 262;
    static final int CMD_MISSION_START = 300;

    private final AuthorityParams params;
    private final LinkTrust trust;
    private final VehicleState state;
    private final StatusTextSender texts;
    private final LongSupplier offboardTimeoutNs;
    private final AllowList allow = new AllowList();
    private final RefusalLog log = new RefusalLog();
    private final OffboardOwnership offboard = new OffboardOwnership();
    private final MavlinkLink[] lastLink = new MavlinkLink[AuthorityPolicy.REASONS];
    private final int[] lastSystem = new int[AuthorityPolicy.REASONS];

    /**
     * @param offboardTimeoutNs the offboard stream timeout ({@code COM_OF_LOSS_T}) in ns, read at
     *                          each check
     */
    public CommandAuthority(AuthorityParams params, LinkTrust trust, VehicleState state, StatusTextSender texts,
                            LongSupplier offboardTimeoutNs) {
        this.params = params;
        this.trust = trust;
        this.state = state;
        this.texts = texts;
        this.offboardTimeoutNs = offboardTimeoutNs;
    }

    @Override
    public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        // The services ask; nothing to do per message.
    }

    @Override
    public void tick(long nowNs) {
        offboard.update(state.offboard(), nowNs, offboardTimeoutNs.getAsLong());
        for (int r = 1; r < AuthorityPolicy.REASONS; r++) {
            if (r != AuthorityPolicy.TERMINATION_UNCONFIRMED && log.due(r, nowNs)) {
                announce(r, nowNs);
            }
        }
    }

    /**
     * A state-changing message (SET_MODE's command aside: that is a command): PARAM_SET on the
     * ground, mission upload or clear, MANUAL_CONTROL, RC_CHANNELS_OVERRIDE, LOG_ERASE.
     *
     * @return true to act on it; false: refused, counted and (rate-limited) told
     */
    public boolean allowChange(MavlinkLink link, int systemId, long nowNs) {
        return check(AuthorityPolicy.CHANGE, link, systemId, nowNs) == AuthorityPolicy.ALLOW;
    }

    /**
     * An upload into the update inbox over MAVLink FTP (docs/update-over-mavlink.md): dangerous,
     * as MAV_CMD_DO_UPGRADE is: an allowed station that is authorised (signed or on a trusted link).
     */
    public boolean allowUpdateUpload(MavlinkLink link, int systemId, long nowNs) {
        return check(AuthorityPolicy.DANGEROUS, link, systemId, nowNs) == AuthorityPolicy.ALLOW;
    }

    /** PARAM_SET: a change on the ground, dangerous while armed. */
    public boolean allowParamWrite(MavlinkLink link, int systemId, long nowNs) {
        return check(AuthorityPolicy.classifyParamWrite(state.armed()), link, systemId, nowNs)
                == AuthorityPolicy.ALLOW;
    }

    /**
     * A COMMAND_LONG / COMMAND_INT (or SET_MODE as DO_SET_MODE): allow-list, dangerous commands'
     * authority, and the offboard session's owner for mode changes.
     *
     * @return {@link AuthorityPolicy#ALLOW} or the reason it was refused (counted and told)
     */
    public int checkCommand(MavlinkLink link, int systemId, int componentId, int cmd, double p1, double p2,
                            double p3, long nowNs) {
        int cls = AuthorityPolicy.classifyCommand(cmd, p1, p2, state.armed(), state.inAir());
        int verdict = check(cls, link, systemId, nowNs);
        if (verdict != AuthorityPolicy.ALLOW || !isModeChange(cmd)) {
            return verdict;
        }
        verdict = offboard.modeChange(systemId, componentId, link.id(), targetMode(cmd, p1, p2, p3),
                trust.authorised(link), state.offboard(), nowNs, offboardTimeoutNs.getAsLong());
        if (verdict != AuthorityPolicy.ALLOW) {
            refuse(verdict, link, systemId, nowNs);
        }
        return verdict;
    }

    /**
     * An offboard setpoint (SET_POSITION_TARGET_*, SET_ATTITUDE_TARGET): allow-list, then the
     * session's owner. Setpoints stream at 20–50 Hz: a refusal is counted, and told at most once
     * per 10 s.
     */
    public boolean allowSetpoint(MavlinkLink link, int systemId, int componentId, long nowNs) {
        if (check(AuthorityPolicy.CHANGE, link, systemId, nowNs) != AuthorityPolicy.ALLOW) {
            return false;
        }
        if (!offboard.setpoint(systemId, componentId, link.id(), state.offboard(), nowNs,
                offboardTimeoutNs.getAsLong())) {
            refuse(AuthorityPolicy.OFFBOARD_OWNED, link, systemId, nowNs);
            return false;
        }
        return true;
    }

    /** Counts a flight-termination request that awaits its confirmation (no text: the caller says how). */
    public void terminationUnconfirmed(MavlinkLink link, int systemId, long nowNs) {
        log.refuse(AuthorityPolicy.TERMINATION_UNCONFIRMED, nowNs);
    }

    private int check(int cls, MavlinkLink link, int systemId, long nowNs) {
        if (cls == AuthorityPolicy.READ) {
            return AuthorityPolicy.ALLOW;
        }
        params.copyTo(allow);
        boolean authorised = cls == AuthorityPolicy.DANGEROUS && trust.authorised(link);
        int verdict = AuthorityPolicy.decide(cls, allow, systemId, link.instance(), authorised);
        if (verdict != AuthorityPolicy.ALLOW) {
            refuse(verdict, link, systemId, nowNs);
        }
        return verdict;
    }

    private void refuse(int reason, MavlinkLink link, int systemId, long nowNs) {
        lastLink[reason] = link;
        lastSystem[reason] = systemId;
        if (log.refuse(reason, nowNs)) {
            announce(reason, nowNs);
        }
    }

    private void announce(int reason, long nowNs) {
        long n = log.takeUnreported(reason, nowNs);
        String text = text(reason, lastSystem[reason]);
        if (n > 1) {
            text = text + String.format(Locale.ROOT, " (%d in %d s)", n, RefusalLog.TEXT_PERIOD_NS / 1_000_000_000L);
        }
        texts.send(lastLink[reason], VehicleEvent.WARNING, text);
    }

    /** The operator's reason; at most 50 characters with the summary, so one STATUSTEXT. */
    static String text(int reason, int systemId) {
        switch (reason) {
            case AuthorityPolicy.LINK_NOT_ALLOWED:
                return "Refused: link not in MAV_GCS_LINKS";
            case AuthorityPolicy.SYSTEM_NOT_ALLOWED:
                return "Refused: system " + systemId + " not in MAV_GCS_ID";
            case AuthorityPolicy.NOT_AUTHORISED:
                return "Refused: needs signing or trusted link";
            case AuthorityPolicy.OFFBOARD_OWNED:
                return "Refused: offboard owned by another GCS";
            default:
                return "Refused";
        }
    }

    static boolean isModeChange(int cmd) {
        switch (cmd) {
            case CMD_DO_SET_MODE:
            case CMD_DO_SET_STANDARD_MODE:
            case CMD_NAV_LAND:
            case CMD_NAV_RETURN_TO_LAUNCH:
            case CMD_NAV_TAKEOFF:
            case CMD_MISSION_START:
            case CMD_DO_REPOSITION:
            case CMD_DO_ORBIT:
                return true;
            default:
                return false;
        }
    }

    /**
     * The mode a mode-changing command selects; null when unknown or not one of Hoverla's modes
     * (DO_REPOSITION counts as unknown: it moves the vehicle, so it is no takeover to Hold).
     */
    static FlightMode targetMode(int cmd, double p1, double p2, double p3) {
        switch (cmd) {
            case CMD_DO_SET_MODE:
                if (!Double.isFinite(p1) || (((int) p1) & 1) == 0 || !Double.isFinite(p2)) {
                    return null;
                }
                return FlightMode.fromPx4((int) p2, Double.isFinite(p3) ? (int) p3 : 0);
            case CMD_DO_SET_STANDARD_MODE:
                return Double.isFinite(p1) ? FlightMode.fromStandardMode((int) p1) : null;
            case CMD_NAV_LAND:
                return FlightMode.LAND;
            case CMD_NAV_RETURN_TO_LAUNCH:
                return FlightMode.RETURN;
            case CMD_NAV_TAKEOFF:
                return FlightMode.TAKEOFF;
            case CMD_MISSION_START:
                return FlightMode.MISSION;
            case CMD_DO_ORBIT:
                return FlightMode.ORBIT;
            default:
                return null;
        }
    }

    /** Refusals of {@code reason} ({@link AuthorityPolicy}) since start. */
    public long refused(int reason) {
        return log.total(reason);
    }

    /** Refusals of every reason since start. */
    public long refused() {
        return log.total();
    }

    /** The offboard session's owner. */
    public OffboardOwnership offboard() {
        return offboard;
    }
}
