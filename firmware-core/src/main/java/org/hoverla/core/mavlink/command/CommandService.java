package org.hoverla.core.mavlink.command;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandInt;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkOutput;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.link.EnumValues;
import org.hoverla.core.msg.HomePosition;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.vehicle.FlightBus;

/**
 * The MAVLink command protocol (https://mavlink.io/en/services/command.html) for COMMAND_LONG
 * and COMMAND_INT: every command addressed to this vehicle gets exactly one COMMAND_ACK with a
 * MAV_RESULT (plus IN_PROGRESS answers to retries of a command still being executed); a
 * refusal also gets a STATUSTEXT with the reason.
 *
 * <p>Commands the MAVLink thread can answer itself go to {@link LocalCommandHandler}s; flight
 * commands are converted to SI (degrees, metres AMSL) and handed to the commander through the
 * ground-station command queue, whose acknowledgements come back on {@link #pollFlightAcks}.
 * Where the spec leaves a choice this behaves as PX4: COMMAND_LONG altitudes for NAV_TAKEOFF,
 * DO_REPOSITION and DO_SET_HOME are AMSL; COMMAND_INT honours its frame (global AMSL or
 * relative to home).
 *
 * <p>Duplicates: a command from the same sender with the same id and a higher {@code
 * confirmation} while the first is still executing is not executed again (answered
 * IN_PROGRESS); one arriving within {@link #RETRY_WINDOW_NS} after the first was answered gets
 * the same answer again, without executing (its ACK was probably lost). A resend with {@code
 * confirmation} still 0, as MAVSDK's {@code MavlinkCommandSender} retries, is a new transmission:
 * executed and answered again, which gives the same result as the flight commands are idempotent.
 *
 * <p>Authority (docs/command-authority.md): with a {@link #authority CommandAuthority} set, every
 * command is checked before it is executed (allow-list, dangerous commands, the offboard session's
 * owner) and a refusal is answered DENIED. MAV_CMD_DO_FLIGHTTERMINATION needs two separate requests
 * 2–5 s apart ({@link #TEXT_TERMINATE_CONFIRM}), with or without an authority.
 *
 * <p>MAVLink thread only.
 */
public final class CommandService implements MavlinkService {
    /**
     * COMMAND_INT is handled exactly like COMMAND_LONG (mavlink.io command protocol);
     * MAV_CMD_DO_FLIGHTTERMINATION is implemented (two-step, see {@link #TEXT_TERMINATE_CONFIRM}).
     */
    @Override
    public long capabilities() {
        return org.hoverla.core.mavlink.MavlinkCapabilities.COMMAND_INT
                | org.hoverla.core.mavlink.MavlinkCapabilities.FLIGHT_TERMINATION;
    }

    /** How long an answered command is remembered to recognise retries. */
    public static final long RETRY_WINDOW_NS = 3_000_000_000L;
    /**
     * The commander answers within a cycle; after this (on the vehicle clock) the command is
     * answered FAILED. It does not bound the MAVLink thread's fast polling: the vehicle clock is
     * the lockstep simulation clock in the SITL and may stop, so the link layer bounds that by
     * wall time ({@code MavlinkLinkManager.MAX_PENDING_POLL_WALL_NS}).
     */
    public static final long FLIGHT_TIMEOUT_NS = 1_000_000_000L;

    /** MAV_FRAME values COMMAND_INT positions may use. */
    static final int FRAME_GLOBAL = 0;
    static final int FRAME_GLOBAL_RELATIVE_ALT = 3;
    static final int FRAME_GLOBAL_INT = 5;
    static final int FRAME_GLOBAL_RELATIVE_ALT_INT = 6;

    static final String REASON_FRAME = "Command refused: frame not supported for this command";
    static final String REASON_NO_HOME = "Command refused: no home position for a relative altitude";
    static final String REASON_BUSY = "Command refused: vehicle busy, try again";
    static final String REASON_TIMEOUT = "Command failed: flight controller did not answer";
    /** Answer to the first of the two flight-termination requests (one STATUSTEXT). */
    public static final String TEXT_TERMINATE_CONFIRM = "Terminate flight? Send again in 2-5 s to confirm";

    private final int systemId;
    private final int componentId;
    private final FlightBus bus;
    private final MavlinkOutput out;
    private final StatusTextSender texts;
    private final Subscription<HomePosition> homeSub;
    private final HomePosition home = new HomePosition();
    private final List<LocalCommandHandler> localHandlers = new ArrayList<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final ArrayDeque<Pending> answered = new ArrayDeque<>();
    private final VehicleCommand command = new VehicleCommand();
    private final VehicleCommandAck ack = new VehicleCommandAck();
    private final VehicleEvent event = new VehicleEvent();
    private final double[] params = new double[7];
    private final org.hoverla.core.mavlink.security.TerminationConfirmation termination =
            new org.hoverla.core.mavlink.security.TerminationConfirmation();
    private org.hoverla.core.mavlink.security.CommandAuthority authority;
    private long nextSequence = 1;
    private long refusedByAuthority;
    private long terminationPrompts;
    private long received;
    private long ignored;
    private long retries;

    /** A command sent to the flight thread, or recently answered. */
    private static final class Pending {
        final MavlinkLink link;
        final int sourceSystem;
        final int sourceComponent;
        final int command;
        final long sequence;
        final long sentNs;
        int confirmation;
        int result = -1;
        long answeredNs;

        Pending(MavlinkLink link, int sourceSystem, int sourceComponent, int command, int confirmation, long sequence,
                long sentNs) {
            this.link = link;
            this.sourceSystem = sourceSystem;
            this.sourceComponent = sourceComponent;
            this.command = command;
            this.confirmation = confirmation;
            this.sequence = sequence;
            this.sentNs = sentNs;
        }

        boolean sameSender(int system, int component, int cmd) {
            return sourceSystem == system && sourceComponent == component && command == cmd;
        }
    }

    public CommandService(int systemId, int componentId, FlightBus bus, MavlinkOutput out) {
        this(systemId, componentId, bus, out, new StatusTextSender(out));
    }

    /** @param texts the vehicle interface's one STATUSTEXT sender (shared chunk ids) */
    public CommandService(int systemId, int componentId, FlightBus bus, MavlinkOutput out, StatusTextSender texts) {
        this.texts = texts;
        this.systemId = systemId;
        this.componentId = componentId;
        this.bus = bus;
        this.out = out;
        this.homeSub = bus.homePosition.subscribe();
    }

    /**
     * Asks {@code authority} before executing any command (allow-list, dangerous commands, the
     * offboard session's owner); refusals are answered DENIED. Boot thread, before the links start.
     */
    public void authority(org.hoverla.core.mavlink.security.CommandAuthority authority) {
        this.authority = authority;
    }

    /** Handlers are asked in registration order before a command goes to the flight thread. */
    public void addLocalHandler(LocalCommandHandler handler) {
        localHandlers.add(handler);
    }

    @Override
    public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        Object payload = message.getPayload();
        if (payload instanceof CommandLong) {
            CommandLong c = (CommandLong) payload;
            if (!addressedToUs(c.targetSystem(), c.targetComponent())) {
                ignored++;
                return;
            }
            params[0] = c.param1();
            params[1] = c.param2();
            params[2] = c.param3();
            params[3] = c.param4();
            params[4] = c.param5();
            params[5] = c.param6();
            params[6] = c.param7();
            receive(source, message.getOriginSystemId(), message.getOriginComponentId(), c.command().value(),
                    c.confirmation(), -1, nowNs);
        } else if (payload instanceof CommandInt) {
            CommandInt c = (CommandInt) payload;
            if (!addressedToUs(c.targetSystem(), c.targetComponent())) {
                ignored++;
                return;
            }
            params[0] = c.param1();
            params[1] = c.param2();
            params[2] = c.param3();
            params[3] = c.param4();
            params[4] = c.x();
            params[5] = c.y();
            params[6] = c.z();
            receive(source, message.getOriginSystemId(), message.getOriginComponentId(), c.command().value(), 0,
                    c.frame().value(), nowNs);
        }
    }

    private boolean addressedToUs(int targetSystem, int targetComponent) {
        return (targetSystem == systemId || targetSystem == 0)
                && (targetComponent == componentId || targetComponent == 0);
    }

    /**
     * Executes a command that arrived inside another message (SET_MODE becomes DO_SET_MODE, as
     * PX4's {@code MavlinkReceiver::handle_message_set_mode} does): the same local handlers, flight
     * queue and COMMAND_ACK as a COMMAND_LONG from that sender with confirmation 0, so a resent
     * message is executed again rather than answered as a retry. Parameters 4–7 are unset (NaN).
     */
    void executeEmbedded(MavlinkLink link, int sourceSystem, int sourceComponent, int cmd, double param1,
                         double param2, double param3, long nowNs) {
        params[0] = param1;
        params[1] = param2;
        params[2] = param3;
        for (int i = 3; i < params.length; i++) {
            params[i] = Double.NaN;
        }
        receive(link, sourceSystem, sourceComponent, cmd, 0, -1, nowNs);
    }

    /** Answers a command at once on the MAVLink thread (a refusal's reason also goes out as STATUSTEXT). */
    void answerNow(MavlinkLink link, int sourceSystem, int sourceComponent, int cmd, int result, String reason) {
        received++;
        sendAck(link, sourceSystem, sourceComponent, cmd, result, reason);
    }

    /** @param frame the COMMAND_INT frame, or -1 for COMMAND_LONG */
    private void receive(MavlinkLink link, int sys, int comp, int cmd, int confirmation, int frame, long nowNs) {
        received++;
        expireAnswered(nowNs);
        for (Pending p : pending) {
            if (p.sameSender(sys, comp, cmd) && confirmation > p.confirmation) {
                retries++;
                p.confirmation = confirmation;
                sendAck(link, sys, comp, cmd, VehicleCommandAck.IN_PROGRESS, "");
                return;
            }
        }
        for (Pending p : answered) {
            if (p.sameSender(sys, comp, cmd) && confirmation > p.confirmation) {
                retries++;
                p.confirmation = confirmation;
                sendAck(link, sys, comp, cmd, p.result, "");
                return;
            }
        }
        if (authority != null && authority.checkCommand(link, sys, comp, cmd, params[0], params[1], params[2], nowNs)
                != org.hoverla.core.mavlink.security.AuthorityPolicy.ALLOW) {
            // The authority counted it and tells the operator why (rate-limited); never silent on the
            // wire: a ground station without an answer would retry.
            refusedByAuthority++;
            remember(new Pending(link, sys, comp, cmd, confirmation, 0, nowNs), VehicleCommandAck.DENIED, nowNs);
            sendAck(link, sys, comp, cmd, VehicleCommandAck.DENIED, "");
            return;
        }
        if (cmd == VehicleCommand.DO_FLIGHTTERMINATION && !terminationConfirmed(link, sys, comp, confirmation, nowNs)) {
            return;
        }
        for (int i = 0; i < localHandlers.size(); i++) {
            int result = localHandlers.get(i).handle(link, sys, comp, cmd, params, nowNs);
            if (result != LocalCommandHandler.NOT_HANDLED) {
                remember(new Pending(link, sys, comp, cmd, confirmation, 0, nowNs), result, nowNs);
                sendAck(link, sys, comp, cmd, result, "");
                return;
            }
        }
        if (!isFlightCommand(cmd)) {
            sendAck(link, sys, comp, cmd, VehicleCommandAck.UNSUPPORTED, "");
            return;
        }
        command.clear(cmd);
        command.timestampNs = nowNs;
        command.sourceSystem = sys;
        command.sourceComponent = comp;
        command.param1 = params[0];
        command.param2 = params[1];
        command.param3 = params[2];
        command.param4 = params[3];
        command.param5 = params[4];
        command.param6 = params[5];
        command.param7 = params[6];
        if (isPositional(cmd)) {
            String refusal = convertPosition(frame);
            if (!refusal.isEmpty()) {
                sendAck(link, sys, comp, cmd, REASON_FRAME.equals(refusal) ? VehicleCommandAck.UNSUPPORTED
                        : VehicleCommandAck.DENIED, refusal);
                return;
            }
        }
        long sequence = nextSequence++;
        command.sequence = sequence;
        if (!bus.gcsCommands.offer(command)) {
            sendAck(link, sys, comp, cmd, VehicleCommandAck.TEMPORARILY_REJECTED, REASON_BUSY);
            return;
        }
        pending.add(new Pending(link, sys, comp, cmd, confirmation, sequence, nowNs));
    }

    /**
     * MAV_CMD_DO_FLIGHTTERMINATION needs two separate requests from the same sender and link, the
     * second 2–5 s after the first ({@link org.hoverla.core.mavlink.security.TerminationConfirmation}
     * says why): the first is answered TEMPORARILY_REJECTED with {@link #TEXT_TERMINATE_CONFIRM}.
     * Retries of it (higher confirmation) were answered above with the same answer and never confirm.
     * param1 &lt; 0.5 is "do not terminate", answered FAILED as mavlink.io asks (a support probe).
     *
     * @return true to execute the termination now
     */
    private boolean terminationConfirmed(MavlinkLink link, int sys, int comp, int confirmation, long nowNs) {
        if (!(params[0] > 0.5)) {
            remember(new Pending(link, sys, comp, VehicleCommand.DO_FLIGHTTERMINATION, confirmation, 0, nowNs),
                    VehicleCommandAck.FAILED, nowNs);
            sendAck(link, sys, comp, VehicleCommand.DO_FLIGHTTERMINATION, VehicleCommandAck.FAILED, "");
            return false;
        }
        int step = termination.request(sys, comp, link.id(), confirmation, nowNs);
        if (step == org.hoverla.core.mavlink.security.TerminationConfirmation.CONFIRMED) {
            return true;
        }
        terminationPrompts++;
        if (authority != null) {
            authority.terminationUnconfirmed(link, sys, nowNs);
        }
        remember(new Pending(link, sys, comp, VehicleCommand.DO_FLIGHTTERMINATION, confirmation, 0, nowNs),
                VehicleCommandAck.TEMPORARILY_REJECTED, nowNs);
        sendAck(link, sys, comp, VehicleCommand.DO_FLIGHTTERMINATION, VehicleCommandAck.TEMPORARILY_REJECTED,
                step == org.hoverla.core.mavlink.security.TerminationConfirmation.OPENED ? TEXT_TERMINATE_CONFIRM : "");
        return false;
    }

    /**
     * Positions into SI: COMMAND_LONG already carries degrees and metres AMSL (PX4's reading);
     * COMMAND_INT carries degE7 and an altitude in its frame.
     *
     * @return an empty string, or why the position cannot be used
     */
    private String convertPosition(int frame) {
        if (frame < 0) {
            return "";
        }
        boolean relative;
        switch (frame) {
            case FRAME_GLOBAL:
            case FRAME_GLOBAL_INT:
                relative = false;
                break;
            case FRAME_GLOBAL_RELATIVE_ALT:
            case FRAME_GLOBAL_RELATIVE_ALT_INT:
                relative = true;
                break;
            default:
                return REASON_FRAME;
        }
        // INT32_MAX in x/y means "unset" for COMMAND_INT positions, as NaN does for floats.
        command.param5 = params[4] == Integer.MAX_VALUE ? Double.NaN : params[4] * 1e-7;
        command.param6 = params[5] == Integer.MAX_VALUE ? Double.NaN : params[5] * 1e-7;
        if (relative && !Double.isNaN(params[6])) {
            homeSub.update(home);
            if (!home.valid) {
                return REASON_NO_HOME;
            }
            command.param7 = params[6] + home.altAmslM;
        }
        return "";
    }

    static boolean isFlightCommand(int cmd) {
        switch (cmd) {
            case VehicleCommand.COMPONENT_ARM_DISARM:
            case VehicleCommand.NAV_TAKEOFF:
            case VehicleCommand.NAV_LAND:
            case VehicleCommand.NAV_RETURN_TO_LAUNCH:
            case VehicleCommand.DO_SET_MODE:
            case VehicleCommand.DO_SET_STANDARD_MODE:
            case VehicleCommand.DO_REPOSITION:
            case VehicleCommand.DO_CHANGE_SPEED:
            case VehicleCommand.DO_SET_HOME:
            case VehicleCommand.MISSION_START:
            case VehicleCommand.DO_ORBIT:
            case VehicleCommand.DO_SET_ROI_LOCATION:
            case VehicleCommand.DO_SET_ROI_NONE:
            case VehicleCommand.DO_MOTOR_TEST:
            case VehicleCommand.DO_FLIGHTTERMINATION:
                return true;
            default:
                return false;
        }
    }

    static boolean isPositional(int cmd) {
        return cmd == VehicleCommand.NAV_TAKEOFF || cmd == VehicleCommand.DO_REPOSITION
                || cmd == VehicleCommand.DO_SET_HOME || cmd == VehicleCommand.NAV_LAND
                || cmd == VehicleCommand.DO_ORBIT || cmd == VehicleCommand.DO_SET_ROI_LOCATION;
    }

    @Override
    public void tick(long nowNs) {
        pollFlightAcks(nowNs);
        pollEvents();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (nowNs - p.sentNs > FLIGHT_TIMEOUT_NS) {
                it.remove();
                remember(p, VehicleCommandAck.FAILED, nowNs);
                sendAck(p.link, p.sourceSystem, p.sourceComponent, p.command, VehicleCommandAck.FAILED, REASON_TIMEOUT);
            }
        }
        expireAnswered(nowNs);
    }

    /**
     * Sends the answers the commander produced. Cheap when there are none, so the link layer
     * calls it after every turn of its event loop (and polls at a short interval while
     * {@link #pendingCount()} is above 0).
     */
    public void pollFlightAcks(long nowNs) {
        while (bus.gcsCommandAcks.poll(ack)) {
            for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (p.sequence == ack.sequence) {
                    it.remove();
                    remember(p, ack.result, nowNs);
                    sendAck(p.link, p.sourceSystem, p.sourceComponent, p.command, ack.result, ack.reason);
                    break;
                }
            }
        }
    }

    /** Operator events from the flight thread and the flight log's notices become STATUSTEXT on every link. */
    private void pollEvents() {
        while (bus.events.poll(event)) {
            statusText(null, event.severity, event.text);
        }
        while (bus.logNotices.poll(event)) {
            statusText(null, event.severity, event.text);
        }
    }

    private void remember(Pending p, int result, long nowNs) {
        p.result = result;
        p.answeredNs = nowNs;
        answered.add(p);
    }

    private void expireAnswered(long nowNs) {
        while (!answered.isEmpty() && nowNs - answered.peekFirst().answeredNs > RETRY_WINDOW_NS) {
            answered.removeFirst();
        }
    }

    private void sendAck(MavlinkLink link, int targetSystem, int targetComponent, int cmd, int result, String reason) {
        CommandAck.Builder b = CommandAck.builder()
                .command(EnumValues.of(MavCmd.class, cmd))
                .result(EnumValues.of(MavResult.class, result))
                .targetSystem(targetSystem)
                .targetComponent(targetComponent);
        if (result == VehicleCommandAck.IN_PROGRESS) {
            b.progress(255); // unknown progress
        }
        out.send(link, b.build());
        if (result != VehicleCommandAck.ACCEPTED && result != VehicleCommandAck.IN_PROGRESS && !reason.isEmpty()) {
            statusText(link, VehicleEvent.WARNING, reason);
        }
    }

    /** Sends a STATUSTEXT through the shared {@link StatusTextSender}. */
    void statusText(MavlinkLink link, int severity, String text) {
        texts.send(link, severity, text);
    }

    public long received() {
        return received;
    }

    public long ignored() {
        return ignored;
    }

    public long retries() {
        return retries;
    }

    /** Commands refused by the command authority (answered DENIED). */
    public long refusedByAuthority() {
        return refusedByAuthority;
    }

    /** Flight-termination requests answered TEMPORARILY_REJECTED while awaiting their confirmation. */
    public long terminationPrompts() {
        return terminationPrompts;
    }

    public int pendingCount() {
        return pending.size();
    }
}
