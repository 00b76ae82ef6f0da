package org.hoverla.core.mavlink.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.MavMissionType;
import io.dronefleet.mavlink.common.MavParamType;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.MissionClearAll;
import io.dronefleet.mavlink.common.MissionCount;
import io.dronefleet.mavlink.common.ParamSet;
import io.dronefleet.mavlink.common.ParamValue;
import io.dronefleet.mavlink.common.PositionTargetTypemask;
import io.dronefleet.mavlink.common.SetMode;
import io.dronefleet.mavlink.common.SetPositionTargetLocalNed;
import io.dronefleet.mavlink.common.Statustext;
import io.dronefleet.mavlink.util.EnumValue;
import java.util.List;
import org.hoverla.core.mavlink.Frames;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.command.CommandService;
import org.hoverla.core.mavlink.command.SetModeService;
import org.hoverla.core.mavlink.mission.MissionAckExt;
import org.hoverla.core.mavlink.mission.MissionRunner;
import org.hoverla.core.mavlink.mission.MissionService;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.mavlink.mission.PlanValidator;
import org.hoverla.core.mavlink.offboard.OffboardService;
import org.hoverla.core.mavlink.param.ParamService;
import org.hoverla.core.msg.OffboardSetpoint;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.param.FloatParam;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.vehicle.FlightBus;
import org.junit.jupiter.api.Test;

/**
 * The command authority at the services, as the wire shows it: each refusal's exact answer, the
 * offboard hijack, the flight-termination confirmation, and the unconfigured vehicle's defaults.
 */
class CommandAuthorityServicesTest {
    private static final int SYS = 1;
    private static final int COMP = 1;
    private static final int GCS_A = 255;
    private static final int GCS_B = 254;
    private static final int GCS_COMP = 190;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    /** MAV_MISSION_RESULT and MAV_MISSION_TYPE values (mavlink.io common.xml). */
    private static final int MISSION_ACCEPTED = 0;
    private static final int MISSION_DENIED = 14;
    private static final int MISSION_TYPE_MISSION = 0;
    private static final int MISSION_TYPE_FENCE = 1;

    /** A link with a specification index and a settable "this message's signature verified". */
    static final class Link implements MavlinkLink {
        final int id;
        final int instance;
        boolean signed;

        Link(int id, int instance) {
            this.id = id;
            this.instance = instance;
        }

        @Override
        public int id() {
            return id;
        }

        @Override
        public String name() {
            return "link" + id;
        }

        @Override
        public int instance() {
            return instance;
        }

        @Override
        public boolean currentMessageAuthenticated() {
            return signed;
        }
    }

    /** The vehicle as the authority sees it, set by each test. */
    static final class State implements CommandAuthority.VehicleState {
        boolean armed;
        boolean inAir;
        boolean offboard;

        @Override
        public boolean armed() {
            return armed;
        }

        @Override
        public boolean inAir() {
            return inAir;
        }

        @Override
        public boolean offboard() {
            return offboard;
        }
    }

    private final FlightBus bus = new FlightBus();
    private final RecordingOutput out = new RecordingOutput();
    private final StatusTextSender texts = new StatusTextSender(out);
    private final ParamStore store = new ParamStore();
    private final LinkTrust trust = LinkTrust.of(store);
    private final AuthorityParams params = AuthorityParams.of(store);
    private final FloatParam gain = store.addFloat("MC_ROLL_P", 6.5, 0.0, 12.0, "", "a tuning value");
    private final State state = new State();
    private final CommandAuthority authority = new CommandAuthority(params, trust, state, texts, () -> S);
    private final CommandService commands = new CommandService(SYS, COMP, bus, out, texts);
    private final SetModeService setMode = new SetModeService(SYS, commands);
    private final ParamService paramService = new ParamService(store, out, ParamPersistence.NONE, SYS, COMP);
    private final MissionService missions = new MissionService(SYS, COMP, out, PlanValidator.ACCEPT_ALL,
            MissionRunner.NONE, PlanStore.NONE);
    private final OffboardService offboard = new OffboardService(SYS, COMP, bus, out);
    private final List<MavlinkService> services = List.of(authority, commands, setMode, paramService, missions,
            offboard);
    private final Link udp0 = new Link(0, 0);
    private final Link udp1 = new Link(1, 1);
    private final VehicleCommand queued = new VehicleCommand();

    CommandAuthorityServicesTest() {
        commands.authority(authority);
        paramService.authority(authority);
        missions.authority(authority);
        offboard.authority(authority);
    }

    private void send(Link link, int sys, Object payload, long nowNs) {
        for (MavlinkService s : services) {
            s.onMessage(link, Frames.from(sys, GCS_COMP, payload), nowNs);
        }
    }

    private static CommandLong cmd(MavCmd c, int confirmation, float p1, float p2, float p3) {
        return CommandLong.builder().targetSystem(SYS).targetComponent(COMP).command(c).confirmation(confirmation)
                .param1(p1).param2(p2).param3(p3).build();
    }

    private List<MavResult> acks() {
        return out.payloads(CommandAck.class).stream().map(a -> a.result().entry()).toList();
    }

    private List<String> texts() {
        return out.payloads(Statustext.class).stream().map(Statustext::text).toList();
    }

    /** Drains the commands that reached the flight thread; returns their MAV_CMD ids. */
    private List<Integer> queuedCommands() {
        java.util.ArrayList<Integer> ids = new java.util.ArrayList<>();
        while (bus.gcsCommands.poll(queued)) {
            ids.add(queued.command);
        }
        return ids;
    }

    private static ParamSet paramSet(String name, float value) {
        return ParamSet.builder().targetSystem(SYS).targetComponent(COMP).paramId(name).paramValue(value)
                .paramType(MavParamType.MAV_PARAM_TYPE_REAL32).build();
    }

    private static SetPositionTargetLocalNed velocity(float vx) {
        return SetPositionTargetLocalNed.builder().targetSystem(SYS).targetComponent(COMP)
                .coordinateFrame(MavFrame.MAV_FRAME_LOCAL_NED)
                .typeMask(EnumValue.create(PositionTargetTypemask.class, 0b0000_1111_1100_0111))
                .vx(vx).vy(0).vz(0).build();
    }

    @Test
    void shouldBehaveAsBeforeOnAnUnconfiguredVehicle() {
        // Given defaults (no allow-list, no key, no trusted link) and a vehicle flying
        state.armed = true;
        state.inAir = true;
        // When any system on any link arms, force-disarms in flight, writes a parameter and uploads
        send(udp1, 7, cmd(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 0, 0f, 21196f, 0f), 0);
        send(udp1, 7, paramSet("MC_ROLL_P", 7f), MS);
        send(udp1, 7, MissionCount.builder().targetSystem(SYS).targetComponent(COMP).count(0)
                .missionType(MavMissionType.MAV_MISSION_TYPE_MISSION).build(), 2 * MS);
        // Then all reach their handler, nothing is refused
        assertThat(queuedCommands()).containsExactly(VehicleCommand.COMPONENT_ARM_DISARM);
        assertThat(gain.get()).isEqualTo(7.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(out.payloads(MissionAckExt.class)).extracting(MissionAckExt::type)
                .containsExactly(MISSION_ACCEPTED);
        assertThat(authority.refused()).isZero();
    }

    @Test
    void shouldDenyCommandsFromASystemNotOnTheAllowList() {
        // Given MAV_GCS_ID1 = 255
        params.gcsIds[0].set(GCS_A);
        // When system 254 sends an arm command
        send(udp0, GCS_B, cmd(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 0, 1f, 0f, 0f), 0);
        // Then COMMAND_ACK DENIED goes back to it, with a STATUSTEXT, and nothing reaches the flight thread
        CommandAck ack = out.payloads(CommandAck.class).get(0);
        assertThat(ack.result().entry()).isEqualTo(MavResult.MAV_RESULT_DENIED);
        assertThat(ack.command().entry()).isEqualTo(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM);
        assertThat(ack.targetSystem()).isEqualTo(GCS_B);
        assertThat(out.sent().get(0).target()).isSameAs(udp0);
        assertThat(texts()).containsExactly("Refused: system 254 not in MAV_GCS_ID");
        assertThat(queuedCommands()).isEmpty();
        assertThat(authority.refused(AuthorityPolicy.SYSTEM_NOT_ALLOWED)).isEqualTo(1);
        // And system 255 is obeyed
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 0, 1f, 0f, 0f), MS);
        assertThat(queuedCommands()).containsExactly(VehicleCommand.COMPONENT_ARM_DISARM);
    }

    @Test
    void shouldDenyCommandsOnALinkNotAllowedButKeepReadsOpen() {
        // Given commands accepted on the first link only
        params.linkMask.set(0b1);
        commands.addLocalHandler((link, sys, comp, c, p, now) -> c == 512 ? VehicleCommandAck.ACCEPTED : -1);
        // When a GCS on the second link asks for a message and then for a mode (SET_MODE, as QGC does)
        send(udp1, GCS_A, cmd(MavCmd.MAV_CMD_REQUEST_MESSAGE, 0, 33f, 0f, 0f), 0);
        send(udp1, GCS_A, SetMode.builder().targetSystem(SYS).baseMode(EnumValue.create(
                io.dronefleet.mavlink.common.MavMode.class, 1)).customMode(3L << 16).build(), MS);
        // Then the read is answered, the mode change is DENIED (COMMAND_ACK for DO_SET_MODE) and told
        assertThat(acks()).containsExactly(MavResult.MAV_RESULT_ACCEPTED, MavResult.MAV_RESULT_DENIED);
        assertThat(out.payloads(CommandAck.class).get(1).command().entry()).isEqualTo(MavCmd.MAV_CMD_DO_SET_MODE);
        assertThat(texts()).containsExactly("Refused: link not in MAV_GCS_LINKS");
        assertThat(queuedCommands()).isEmpty();
        assertThat(commands.refusedByAuthority()).isEqualTo(1);
    }

    @Test
    void shouldTellRepeatedRefusalsAsOneSummaryPer10Seconds() {
        params.gcsIds[0].set(GCS_A);
        // When system 254 sends five commands in 2 s
        for (int i = 0; i < 5; i++) {
            send(udp0, GCS_B, cmd(MavCmd.MAV_CMD_NAV_TAKEOFF, 0, 0f, 0f, 0f), i * 400 * MS);
        }
        authority.tick(9 * S);
        // Then each is DENIED, but only the first is told at once
        assertThat(acks()).hasSize(5).containsOnly(MavResult.MAV_RESULT_DENIED);
        assertThat(texts()).hasSize(1);
        // and at 10 s one summary counts the four others
        authority.tick(10 * S);
        authority.tick(11 * S);
        assertThat(texts()).containsExactly("Refused: system 254 not in MAV_GCS_ID",
                "Refused: system 254 not in MAV_GCS_ID (4 in 10 s)");
    }

    @Test
    void shouldRequireTheAuthorisedLinkForADisarmInFlight() {
        // Given a signing key installed, the vehicle flying
        trust.keyInstalled(true);
        state.armed = true;
        state.inAir = true;
        // When an unsigned force disarm (QGC's emergency stop) arrives
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 0, 0f, 21196f, 0f), 0);
        // Then DENIED with the reason, not executed
        assertThat(acks()).containsExactly(MavResult.MAV_RESULT_DENIED);
        assertThat(texts()).containsExactly("Refused: needs signing or trusted link");
        assertThat(queuedCommands()).isEmpty();
        // And when a signed one arrives it goes to the commander
        udp0.signed = true;
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 0, 0f, 21196f, 0f), 10 * MS);
        assertThat(queuedCommands()).containsExactly(VehicleCommand.COMPONENT_ARM_DISARM);
        // And an unsigned land (not dangerous) is obeyed
        udp0.signed = false;
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_NAV_LAND, 0, 0f, 0f, 0f), 20 * MS);
        assertThat(queuedCommands()).containsExactly(VehicleCommand.NAV_LAND);
    }

    @Test
    void shouldDenyUnauthorisedRebootAndFailureInjectionOnTheGround() {
        // Given a trusted first link; the vehicle disarmed
        trust.keyInstalled(false);
        store.find("MAV_LINK_TRUST").set(1.0);
        commands.addLocalHandler((link, sys, comp, c, p, now) -> c == 246 || c == 420 ? VehicleCommandAck.ACCEPTED : -1);
        // When reboot and failure injection come on the untrusted second link, then on the trusted first
        send(udp1, GCS_A, cmd(MavCmd.MAV_CMD_PREFLIGHT_REBOOT_SHUTDOWN, 0, 1f, 0f, 0f), 0);
        send(udp1, GCS_A, cmd(MavCmd.MAV_CMD_INJECT_FAILURE, 0, 1f, 0f, 0f), MS);
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_PREFLIGHT_REBOOT_SHUTDOWN, 0, 1f, 0f, 0f), 2 * MS);
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_INJECT_FAILURE, 0, 1f, 0f, 0f), 3 * MS);
        // Then the untrusted link's are DENIED, the trusted link's reach their handlers
        assertThat(acks()).containsExactly(MavResult.MAV_RESULT_DENIED, MavResult.MAV_RESULT_DENIED,
                MavResult.MAV_RESULT_ACCEPTED, MavResult.MAV_RESULT_ACCEPTED);
        assertThat(authority.refused(AuthorityPolicy.NOT_AUTHORISED)).isEqualTo(2);
    }

    @Test
    void shouldAnswerARefusedParameterWriteWithTheOldValue() {
        // Given a key installed and the vehicle armed
        trust.keyInstalled(true);
        state.armed = true;
        // When an unsigned PARAM_SET arrives
        send(udp0, GCS_A, paramSet("MC_ROLL_P", 9f), 0);
        // Then the value is unchanged and PARAM_VALUE with the old value goes back to the sender
        assertThat(gain.get()).isEqualTo(6.5, org.assertj.core.data.Offset.offset(1e-6));
        List<RecordingOutput.Sent> values = out.sent().stream().filter(s -> s.payload() instanceof ParamValue).toList();
        assertThat(values).hasSize(1);
        assertThat(values.get(0).target()).isSameAs(udp0);
        ParamValue v = (ParamValue) values.get(0).payload();
        assertThat(v.paramId()).isEqualTo("MC_ROLL_P");
        assertThat(v.paramValue()).isEqualTo(6.5f);
        assertThat(paramService.setRefusedAuthority()).isEqualTo(1);
        assertThat(texts()).containsExactly("Refused: needs signing or trusted link");
        // And on the ground the same write is a plain change: applied
        state.armed = false;
        send(udp0, GCS_A, paramSet("MC_ROLL_P", 9f), MS);
        assertThat(gain.get()).isEqualTo(9.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void shouldDenyMissionUploadAndClearFromASystemNotAllowed() {
        params.gcsIds[1].set(GCS_A);
        // When system 254 starts a fence upload and clears the mission
        send(udp0, GCS_B, MissionCount.builder().targetSystem(SYS).targetComponent(COMP).count(3)
                .missionType(MavMissionType.MAV_MISSION_TYPE_FENCE).build(), 0);
        send(udp0, GCS_B, MissionClearAll.builder().targetSystem(SYS).targetComponent(COMP)
                .missionType(MavMissionType.MAV_MISSION_TYPE_MISSION).build(), MS);
        // Then each gets MISSION_ACK DENIED with its mission type, and no item is requested
        List<MissionAckExt> acks = out.payloads(MissionAckExt.class);
        assertThat(acks).extracting(MissionAckExt::type).containsExactly(MISSION_DENIED, MISSION_DENIED);
        assertThat(acks).extracting(MissionAckExt::missionType).containsExactly(MISSION_TYPE_FENCE, MISSION_TYPE_MISSION);
        assertThat(acks).extracting(MissionAckExt::targetSystem).containsOnly(GCS_B);
        assertThat(out.payloads(io.dronefleet.mavlink.common.MissionRequestInt.class)).isEmpty();
        assertThat(missions.refusedByAuthority()).isEqualTo(2);
    }

    @Test
    void shouldKeepAnOffboardSessionWithItsOwner() {
        // Given GCS A streaming velocity setpoints on udp0, and the vehicle switching to Offboard
        org.hoverla.core.bus.Subscription<OffboardSetpoint> sub = bus.offboardSetpoint.subscribe();
        OffboardSetpoint sp = new OffboardSetpoint();
        for (int i = 0; i < 5; i++) {
            send(udp0, GCS_A, velocity(1f), i * 50 * MS);
        }
        state.offboard = true;
        authority.tick(250 * MS);
        // When GCS B on udp1 streams its own setpoints and asks for Offboard (SET_MODE main mode 6)
        send(udp1, GCS_B, velocity(-5f), 260 * MS);
        send(udp1, GCS_B, SetMode.builder().targetSystem(SYS).baseMode(EnumValue.create(
                io.dronefleet.mavlink.common.MavMode.class, 1)).customMode(6L << 16).build(), 270 * MS);
        // Then B's setpoint is ignored (A's is still the vehicle's) and its switch DENIED
        assertThat(sub.update(sp)).isTrue();
        assertThat(sp.velNedMps.x).isEqualTo(1.0);
        assertThat(offboard.refusedByAuthority()).isEqualTo(1);
        assertThat(acks()).containsExactly(MavResult.MAV_RESULT_DENIED);
        assertThat(queuedCommands()).isEmpty();
        // And A keeps control
        send(udp0, GCS_A, velocity(2f), 300 * MS);
        assertThat(sub.update(sp)).isTrue();
        assertThat(sp.velNedMps.x).isEqualTo(2.0);
        // And B may still take over with Land (safety first)
        send(udp1, GCS_B, cmd(MavCmd.MAV_CMD_NAV_LAND, 0, 0f, 0f, 0f), 310 * MS);
        assertThat(queuedCommands()).containsExactly(VehicleCommand.NAV_LAND);
        assertThat(authority.refused(AuthorityPolicy.OFFBOARD_OWNED)).isEqualTo(2);
        assertThat(texts()).containsExactly("Refused: offboard owned by another GCS");
    }

    @Test
    void shouldLetOnlyAnAuthorisedSenderTakeOffboardToAnotherMode() {
        // Given A's session, a key installed
        trust.keyInstalled(true);
        for (int i = 0; i < 3; i++) {
            send(udp0, GCS_A, velocity(1f), i * 50 * MS);
        }
        state.offboard = true;
        authority.tick(150 * MS);
        // When unsigned B selects Position, then signed B does
        CommandLong position = cmd(MavCmd.MAV_CMD_DO_SET_MODE, 0, 1f, 3f, 0f);
        send(udp1, GCS_B, position, 160 * MS);
        udp1.signed = true;
        send(udp1, GCS_B, position, 170 * MS);
        // Then the first is DENIED, the second goes to the commander
        assertThat(acks()).containsExactly(MavResult.MAV_RESULT_DENIED);
        assertThat(queuedCommands()).containsExactly(VehicleCommand.DO_SET_MODE);
    }

    @Test
    void shouldNeverTerminateOnASingleRequestOrItsRetries() {
        // When one termination request comes, then QGC-style retries of it (confirmation 1, 2)
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_DO_FLIGHTTERMINATION, 0, 1f, 0f, 0f), 0);
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_DO_FLIGHTTERMINATION, 1, 1f, 0f, 0f), 2500 * MS);
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_DO_FLIGHTTERMINATION, 2, 1f, 0f, 0f), 4000 * MS);
        // Then each is answered TEMPORARILY_REJECTED, the operator is told once how to confirm
        assertThat(acks()).containsExactly(MavResult.MAV_RESULT_TEMPORARILY_REJECTED,
                MavResult.MAV_RESULT_TEMPORARILY_REJECTED, MavResult.MAV_RESULT_TEMPORARILY_REJECTED);
        assertThat(texts()).containsExactly(CommandService.TEXT_TERMINATE_CONFIRM);
        // and nothing reached the commander
        assertThat(queuedCommands()).isEmpty();
    }

    @Test
    void shouldTreatAnEarlyResendWithConfirmationZeroAsTheFirstRequest() {
        // When MAVSDK resends (confirmation 0) 0.5 s after the first (its ACK was lost)
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_DO_FLIGHTTERMINATION, 0, 1f, 0f, 0f), 0);
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_DO_FLIGHTTERMINATION, 0, 1f, 0f, 0f), 500 * MS);
        // Then it is answered as the first, not executed
        assertThat(acks()).containsExactly(MavResult.MAV_RESULT_TEMPORARILY_REJECTED,
                MavResult.MAV_RESULT_TEMPORARILY_REJECTED);
        assertThat(queuedCommands()).isEmpty();
    }

    @Test
    void shouldTerminateWhenConfirmedInsideTheWindow() {
        // Given a first request
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_DO_FLIGHTTERMINATION, 0, 1f, 0f, 0f), 0);
        // When the operator sends it again 3 s later
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_DO_FLIGHTTERMINATION, 0, 1f, 0f, 0f), 3 * S);
        // Then the termination goes to the commander
        assertThat(queuedCommands()).containsExactly(VehicleCommand.DO_FLIGHTTERMINATION);
        assertThat(queued.param1).isEqualTo(1.0);
    }

    @Test
    void shouldStartOverWhenTheWindowExpired() {
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_DO_FLIGHTTERMINATION, 0, 1f, 0f, 0f), 0);
        // When the second request comes 6 s later
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_DO_FLIGHTTERMINATION, 0, 1f, 0f, 0f), 6 * S);
        // Then it opens a new window (told again), nothing is executed
        assertThat(acks()).containsExactly(MavResult.MAV_RESULT_TEMPORARILY_REJECTED,
                MavResult.MAV_RESULT_TEMPORARILY_REJECTED);
        assertThat(texts()).containsExactly(CommandService.TEXT_TERMINATE_CONFIRM,
                CommandService.TEXT_TERMINATE_CONFIRM);
        assertThat(queuedCommands()).isEmpty();
        // and its own confirmation terminates
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_DO_FLIGHTTERMINATION, 0, 1f, 0f, 0f), 9 * S);
        assertThat(queuedCommands()).containsExactly(VehicleCommand.DO_FLIGHTTERMINATION);
    }

    @Test
    void shouldAnswerTerminationWithParam1ZeroFailedAsMavlinkAsks() {
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_DO_FLIGHTTERMINATION, 0, 0f, 0f, 0f), 0);
        assertThat(acks()).containsExactly(MavResult.MAV_RESULT_FAILED);
        assertThat(queuedCommands()).isEmpty();
    }

    @Test
    void shouldRequireTheAuthorisedLinkForTermination() {
        // Given a key: an unsigned termination is DENIED before any confirmation
        trust.keyInstalled(true);
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_DO_FLIGHTTERMINATION, 0, 1f, 0f, 0f), 0);
        send(udp0, GCS_A, cmd(MavCmd.MAV_CMD_DO_FLIGHTTERMINATION, 0, 1f, 0f, 0f), 3 * S);
        assertThat(acks()).containsExactly(MavResult.MAV_RESULT_DENIED, MavResult.MAV_RESULT_DENIED);
        assertThat(queuedCommands()).isEmpty();
    }
}
