package org.hoverla.core.mavlink.command;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.SetMode;
import java.util.Locale;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;

/**
 * The SET_MODE message (id 11), the only way QGroundControl changes a PX4 vehicle's mode
 * (QGC {@code Vehicle::setFlightMode}: {@code base_mode} = the heartbeat's base mode with
 * {@code MAV_MODE_FLAG_CUSTOM_MODE_ENABLED}, {@code custom_mode} in PX4's encoding); QGC then
 * waits for the heartbeat's {@code custom_mode} to change and resends up to three times.
 *
 * <p>As PX4 does ({@code MavlinkReceiver::handle_message_set_mode}), the message becomes
 * MAV_CMD_DO_SET_MODE with param1 = base_mode, param2 = main mode, param3 = sub mode and takes
 * the command path of {@link CommandService}: the commander decides, and its answer goes back as
 * a COMMAND_ACK for DO_SET_MODE (176) to the sender, because PX4's commander answers every
 * DO_SET_MODE ({@code Commander::handle_command}) and its MAVLink module sends every commander
 * acknowledgement as COMMAND_ACK. SET_MODE itself defines no answer.
 *
 * <p>Bad input:
 * <ul>
 *   <li>for another system (target_system neither ours nor 0): ignored and counted
 *       ({@link #ignored()}), as PX4's commander drops commands for other systems;</li>
 *   <li>a custom mode Hoverla has no mode for: COMMAND_ACK UNSUPPORTED and a STATUSTEXT naming
 *       the value (PX4 answers an unknown main mode ACCEPTED without changing anything, which an
 *       operator cannot see);</li>
 *   <li>base_mode without CUSTOM_MODE_ENABLED: passed on, and the commander refuses it DENIED with
 *       its reason, exactly as for DO_SET_MODE;</li>
 *   <li>other base_mode flags (armed, auto, guided…) that contradict the vehicle or the custom mode
 *       are ignored, as PX4 ignores them once CUSTOM_MODE_ENABLED is set and as MAVLink defines for
 *       the armed flag (MAV_MODE_FLAG_SAFETY_ARMED: arm with MAV_CMD_COMPONENT_ARM_DISARM).
 *       Refusing them would break QGC, which copies the last heartbeat's flags (armed, auto) into
 *       every SET_MODE.</li>
 * </ul>
 *
 * <p>MAVLink thread only.
 */
public final class SetModeService implements MavlinkService {
    /** MAV_MODE_FLAG_CUSTOM_MODE_ENABLED. */
    static final int CUSTOM_MODE_ENABLED = 1;

    private final int systemId;
    private final CommandService commands;
    private long received;
    private long ignored;
    private long unknownModes;

    public SetModeService(int systemId, CommandService commands) {
        this.systemId = systemId;
        this.commands = commands;
    }

    @Override
    public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        if (!(message.getPayload() instanceof SetMode)) {
            return;
        }
        SetMode m = (SetMode) message.getPayload();
        if (m.targetSystem() != systemId && m.targetSystem() != 0) {
            ignored++;
            return;
        }
        received++;
        int sys = message.getOriginSystemId();
        int comp = message.getOriginComponentId();
        int baseMode = m.baseMode().value();
        long customMode = m.customMode();
        if ((baseMode & CUSTOM_MODE_ENABLED) != 0 && FlightMode.fromPx4CustomMode(customMode) == null) {
            unknownModes++;
            commands.answerNow(source, sys, comp, VehicleCommand.DO_SET_MODE, VehicleCommandAck.UNSUPPORTED,
                    unknownModeReason(customMode));
            return;
        }
        commands.executeEmbedded(source, sys, comp, VehicleCommand.DO_SET_MODE, baseMode,
                FlightMode.px4MainModeOf(customMode), FlightMode.px4SubModeOf(customMode), nowNs);
    }

    /** The operator's reason for a custom mode Hoverla does not have, naming its value. */
    static String unknownModeReason(long customMode) {
        // At most 47 characters: one STATUSTEXT.
        return String.format(Locale.ROOT, "Mode refused: unknown PX4 main/sub mode %d/%d",
                FlightMode.px4MainModeOf(customMode), FlightMode.px4SubModeOf(customMode));
    }

    @Override
    public void tick(long nowNs) {
        // Answers come through the CommandService's flight acknowledgements.
    }

    /** SET_MODE messages addressed to this vehicle. */
    public long received() {
        return received;
    }

    /** SET_MODE messages for another system, dropped. */
    public long ignored() {
        return ignored;
    }

    /** SET_MODE messages refused because their custom mode names no Hoverla mode. */
    public long unknownModes() {
        return unknownModes;
    }
}
