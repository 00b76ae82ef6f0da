package org.hoverla.core.mavlink.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavMode;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.SetMode;
import io.dronefleet.mavlink.common.Statustext;
import io.dronefleet.mavlink.util.EnumValue;
import org.hoverla.core.mavlink.Frames;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.TestLink;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.vehicle.FlightBus;
import org.junit.jupiter.api.Test;

class SetModeServiceTest {
    private static final int SYS = 1;
    private static final int COMP = 1;
    private static final int GCS = 255;
    private static final int GCS_COMP = 190;
    /** MAV_MODE_FLAG values. */
    private static final int CUSTOM = 1;
    private static final int AUTO = 4;
    private static final int STABILIZE = 16;
    private static final int ARMED = 128;

    private final FlightBus bus = new FlightBus();
    private final RecordingOutput out = new RecordingOutput();
    private final CommandService commands = new CommandService(SYS, COMP, bus, out);
    private final SetModeService service = new SetModeService(SYS, commands);
    private final TestLink udp = new TestLink(0, "udp");
    private final VehicleCommand received = new VehicleCommand();

    private void setMode(int target, int baseMode, long customMode, long nowNs) {
        SetMode m = SetMode.builder().targetSystem(target).baseMode(EnumValue.create(MavMode.class, baseMode))
                .customMode(customMode).build();
        service.onMessage(udp, Frames.from(GCS, GCS_COMP, m), nowNs);
    }

    private void commanderAnswers(int result, String reason) {
        VehicleCommandAck a = new VehicleCommandAck();
        a.command = received.command;
        a.result = result;
        a.reason = reason;
        a.sequence = received.sequence;
        bus.gcsCommandAcks.offer(a);
    }

    @Test
    void shouldHandQgcsSetModeToTheCommanderAsDoSetModeAndAcknowledgeItAsPx4Does() {
        // Given QGC asking for Return while its last heartbeat said armed, in Hold (AUTO flag set)
        setMode(SYS, ARMED | AUTO | STABILIZE | CUSTOM, FlightMode.RETURN.px4CustomMode(), 1_000);
        // Then the commander gets DO_SET_MODE with PX4's parameters (base mode, main, sub)
        assertThat(bus.gcsCommands.poll(received)).isTrue();
        assertThat(received.command).isEqualTo(VehicleCommand.DO_SET_MODE);
        assertThat(received.param1).isEqualTo(ARMED | AUTO | STABILIZE | CUSTOM);
        assertThat(received.param2).isEqualTo(4.0);
        assertThat(received.param3).isEqualTo(5.0);
        assertThat(received.param4).isNaN();
        assertThat(received.sourceSystem).isEqualTo(GCS);
        assertThat(received.sourceComponent).isEqualTo(GCS_COMP);
        assertThat(out.sent()).isEmpty();
        // When the commander accepts
        commanderAnswers(VehicleCommandAck.ACCEPTED, "");
        commands.pollFlightAcks(2_000);
        // Then one COMMAND_ACK for DO_SET_MODE goes to the sender on its link
        assertThat(out.payloads(CommandAck.class, udp)).singleElement().satisfies(ack -> {
            assertThat(ack.command().entry()).isEqualTo(MavCmd.MAV_CMD_DO_SET_MODE);
            assertThat(ack.result().entry()).isEqualTo(MavResult.MAV_RESULT_ACCEPTED);
            assertThat(ack.targetSystem()).isEqualTo(GCS);
            assertThat(ack.targetComponent()).isEqualTo(GCS_COMP);
        });
        assertThat(service.received()).isEqualTo(1);
    }

    @Test
    void shouldExecuteAResentSetModeAgainRatherThanAnswerItAsARetry() {
        // QGC resends SET_MODE when the heartbeat does not change (no confirmation counter)
        setMode(SYS, CUSTOM, FlightMode.LAND.px4CustomMode(), 0);
        setMode(SYS, CUSTOM, FlightMode.LAND.px4CustomMode(), 100_000_000L);
        assertThat(bus.gcsCommands.size()).isEqualTo(2);
        assertThat(out.payloads(CommandAck.class)).isEmpty();
    }

    @Test
    void shouldAcceptTheBroadcastSystemId() {
        setMode(0, CUSTOM, FlightMode.HOLD.px4CustomMode(), 0);
        assertThat(bus.gcsCommands.size()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreAndCountSetModeForAnotherSystem() {
        setMode(7, CUSTOM, FlightMode.HOLD.px4CustomMode(), 0);
        assertThat(bus.gcsCommands.size()).isZero();
        assertThat(out.sent()).isEmpty();
        assertThat(service.ignored()).isEqualTo(1);
        assertThat(service.received()).isZero();
    }

    @Test
    void shouldRefuseAnUnknownCustomModeUnsupportedNamingIt() {
        // Given PX4's AUTO_FOLLOW_TARGET (main 4, sub 7), which Hoverla does not have
        setMode(SYS, CUSTOM, (4L << 16) | (7L << 24), 0);
        // Then no command reaches the flight thread; UNSUPPORTED and a STATUSTEXT naming 4/7
        assertThat(bus.gcsCommands.size()).isZero();
        assertThat(out.payloads(CommandAck.class)).singleElement().satisfies(ack -> {
            assertThat(ack.command().entry()).isEqualTo(MavCmd.MAV_CMD_DO_SET_MODE);
            assertThat(ack.result().entry()).isEqualTo(MavResult.MAV_RESULT_UNSUPPORTED);
        });
        assertThat(out.payloads(Statustext.class)).extracting(Statustext::text)
                .containsExactly("Mode refused: unknown PX4 main/sub mode 4/7");
        assertThat(service.unknownModes()).isEqualTo(1);
    }

    @Test
    void shouldFitTheLongestUnknownModeReasonInOneStatustext() {
        assertThat(SetModeService.unknownModeReason(0xFFFF_FFFFL)).hasSizeLessThanOrEqualTo(50);
    }

    @Test
    void shouldPassABaseModeWithoutCustomModeToTheCommanderForItsRefusal() {
        // base_mode without CUSTOM_MODE_ENABLED: the custom mode means nothing; the commander
        // refuses it as it refuses the same DO_SET_MODE
        setMode(SYS, AUTO, 0x0009_0000L, 0);
        assertThat(bus.gcsCommands.poll(received)).isTrue();
        assertThat(received.param1).isEqualTo(AUTO);
        commanderAnswers(VehicleCommandAck.DENIED, "Mode refused: no CUSTOM_MODE_ENABLED");
        commands.pollFlightAcks(1);
        assertThat(out.payloads(CommandAck.class)).extracting(a -> a.result().entry())
                .containsExactly(MavResult.MAV_RESULT_DENIED);
        assertThat(out.payloads(Statustext.class)).extracting(Statustext::text)
                .containsExactly("Mode refused: no CUSTOM_MODE_ENABLED");
    }

    @Test
    void shouldLeaveDoSetModeToTheCommandService() {
        // DO_SET_MODE in a COMMAND_LONG keeps its own path; this service does not touch it
        service.onMessage(udp, Frames.from(GCS, GCS_COMP, CommandLong.builder().targetSystem(SYS).targetComponent(COMP)
                .command(MavCmd.MAV_CMD_DO_SET_MODE).param1(CUSTOM).param2(4).param3(3).build()), 0);
        assertThat(bus.gcsCommands.size()).isZero();
        assertThat(service.received()).isZero();
    }
}
