package org.hoverla.core.mavlink.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandInt;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.Statustext;
import java.util.List;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.mavlink.Frames;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.TestLink;
import org.hoverla.core.msg.HomePosition;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.vehicle.FlightBus;
import org.junit.jupiter.api.Test;

class CommandServiceTest {
    private static final int SYS = 1;
    private static final int COMP = 1;
    private static final int GCS = 255;
    private static final int GCS_COMP = 190;

    private final FlightBus bus = new FlightBus();
    private final RecordingOutput out = new RecordingOutput();
    private final CommandService service = new CommandService(SYS, COMP, bus, out);
    private final TestLink udp = new TestLink(0, "udp");
    private final TestLink tcp = new TestLink(1, "tcp");
    private final VehicleCommand received = new VehicleCommand();

    private static CommandLong longCmd(MavCmd cmd, int confirmation, float... p) {
        float[] a = java.util.Arrays.copyOf(p, 7);
        return CommandLong.builder().targetSystem(SYS).targetComponent(COMP).command(cmd).confirmation(confirmation)
                .param1(a[0]).param2(a[1]).param3(a[2]).param4(a[3]).param5(a[4]).param6(a[5]).param7(a[6]).build();
    }

    private void send(TestLink link, Object payload, long nowNs) {
        service.onMessage(link, Frames.from(GCS, GCS_COMP, payload), nowNs);
    }

    /** Plays the commander: takes the queued command and answers it. */
    private VehicleCommand commanderAnswers(int result, String reason) {
        assertThat(bus.gcsCommands.poll(received)).as("a command reached the flight thread").isTrue();
        VehicleCommandAck a = new VehicleCommandAck();
        a.command = received.command;
        a.result = result;
        a.reason = reason;
        a.sequence = received.sequence;
        bus.gcsCommandAcks.offer(a);
        return received;
    }

    @Test
    void shouldForwardArmToTheFlightThreadAndAcknowledgeOnTheSourceLink() {
        // Given an arm command from a ground station on the TCP link
        send(tcp, longCmd(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 0, 1f), 1_000);
        assertThat(out.payloads(CommandAck.class)).isEmpty();
        // When the commander accepts it
        VehicleCommand c = commanderAnswers(VehicleCommandAck.ACCEPTED, "");
        service.pollFlightAcks(2_000);
        // Then exactly one ACCEPTED ack goes back on that link, addressed to the sender
        assertThat(c.param1).isEqualTo(1.0);
        assertThat(c.sourceSystem).isEqualTo(GCS);
        List<RecordingOutput.Sent> sent = out.sent();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).target()).isEqualTo(tcp);
        CommandAck ack = (CommandAck) sent.get(0).payload();
        assertThat(ack.result().entry()).isEqualTo(MavResult.MAV_RESULT_ACCEPTED);
        assertThat(ack.command().entry()).isEqualTo(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM);
        assertThat(ack.targetSystem()).isEqualTo(GCS);
        assertThat(ack.targetComponent()).isEqualTo(GCS_COMP);
    }

    @Test
    void shouldSendTheRefusalReasonAsStatustext() {
        send(udp, longCmd(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 0, 1f), 0);
        commanderAnswers(VehicleCommandAck.DENIED, "Pre-arm: no usable GNSS fix");
        service.pollFlightAcks(1);
        assertThat(out.payloads(CommandAck.class).get(0).result().entry()).isEqualTo(MavResult.MAV_RESULT_DENIED);
        assertThat(out.payloads(Statustext.class)).extracting(Statustext::text)
                .containsExactly("Pre-arm: no usable GNSS fix");
    }

    @Test
    void shouldNotExecuteARetryTwice() {
        // Given a takeoff still being executed
        send(udp, longCmd(MavCmd.MAV_CMD_NAV_TAKEOFF, 0), 0);
        // When the ground station retries with a higher confirmation before the answer
        send(udp, longCmd(MavCmd.MAV_CMD_NAV_TAKEOFF, 1), 100_000_000L);
        // Then the retry is answered IN_PROGRESS and only one command reached the flight thread
        assertThat(out.payloads(CommandAck.class)).extracting(a -> a.result().entry())
                .containsExactly(MavResult.MAV_RESULT_IN_PROGRESS);
        assertThat(bus.gcsCommands.size()).isEqualTo(1);
        commanderAnswers(VehicleCommandAck.ACCEPTED, "");
        service.pollFlightAcks(200_000_000L);
        // When a further retry comes after the answer (the ACK was lost)
        send(udp, longCmd(MavCmd.MAV_CMD_NAV_TAKEOFF, 2), 300_000_000L);
        // Then the same answer is repeated without executing again
        assertThat(out.payloads(CommandAck.class)).extracting(a -> a.result().entry())
                .containsExactly(MavResult.MAV_RESULT_IN_PROGRESS, MavResult.MAV_RESULT_ACCEPTED,
                        MavResult.MAV_RESULT_ACCEPTED);
        assertThat(bus.gcsCommands.size()).isZero();
        assertThat(service.retries()).isEqualTo(2);
        // and a new command (confirmation 0) later is executed again
        send(udp, longCmd(MavCmd.MAV_CMD_NAV_TAKEOFF, 0), 400_000_000L);
        assertThat(bus.gcsCommands.size()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreCommandsForAnotherSystemOrComponent() {
        send(udp, CommandLong.builder().targetSystem(7).targetComponent(COMP)
                .command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM).param1(1).build(), 0);
        send(udp, CommandLong.builder().targetSystem(SYS).targetComponent(100)
                .command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM).param1(1).build(), 0);
        assertThat(out.sent()).isEmpty();
        assertThat(bus.gcsCommands.size()).isZero();
        assertThat(service.ignored()).isEqualTo(2);
    }

    @Test
    void shouldAnswerUnknownCommandsUnsupportedAtOnce() {
        send(udp, longCmd(MavCmd.MAV_CMD_DO_PARACHUTE, 0, 1f), 0); // (was DO_FLIGHTTERMINATION, now implemented)
        assertThat(out.payloads(CommandAck.class)).extracting(a -> a.result().entry())
                .containsExactly(MavResult.MAV_RESULT_UNSUPPORTED);
        assertThat(bus.gcsCommands.size()).isZero();
    }

    @Test
    void shouldAnswerLocalCommandsWithoutTheFlightThread() {
        service.addLocalHandler((link, s, c, cmd, p, now) -> LocalCommandHandler.NOT_HANDLED);
        service.addLocalHandler((link, s, c, cmd, p, now) -> cmd == 512 ? VehicleCommandAck.ACCEPTED
                : LocalCommandHandler.NOT_HANDLED);
        send(udp, longCmd(MavCmd.MAV_CMD_REQUEST_MESSAGE, 0, 148f), 0);
        assertThat(out.payloads(CommandAck.class)).extracting(a -> a.result().entry())
                .containsExactly(MavResult.MAV_RESULT_ACCEPTED);
        assertThat(bus.gcsCommands.size()).isZero();
    }

    @Test
    void shouldConvertCommandIntPositionsByFrame() {
        // Given a home at 178 m AMSL
        Publication<HomePosition> homePub = bus.homePosition.advertise();
        HomePosition h = new HomePosition();
        h.valid = true;
        h.altAmslM = 178.0;
        homePub.publish(h);
        // When a reposition arrives as COMMAND_INT relative to home at 20 m
        send(udp, CommandInt.builder().targetSystem(SYS).targetComponent(COMP).command(MavCmd.MAV_CMD_DO_REPOSITION)
                .frame(MavFrame.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT).param1(-1).param4(Float.NaN)
                .x(504_017_000).y(304_495_000).z(20f).build(), 0);
        VehicleCommand c = commanderAnswers(VehicleCommandAck.ACCEPTED, "");
        // Then the commander sees degrees and metres AMSL
        assertThat(c.param5).isCloseTo(50.4017, within(1e-7));
        assertThat(c.param6).isCloseTo(30.4495, within(1e-7));
        assertThat(c.param7).isCloseTo(198.0, within(1e-6));
        // When a local frame is used for a position command, it is refused as unsupported
        send(udp, CommandInt.builder().targetSystem(SYS).targetComponent(COMP).command(MavCmd.MAV_CMD_DO_REPOSITION)
                .frame(MavFrame.MAV_FRAME_LOCAL_NED).x(1).y(2).z(3).build(), 0);
        assertThat(out.payloads(CommandAck.class)).extracting(a -> a.result().entry())
                .containsExactly(MavResult.MAV_RESULT_UNSUPPORTED);
    }

    @Test
    void shouldHandOrbitAndRoiToTheCommanderAsQgcSendsThem() {
        // When QGC's Orbit arrives as COMMAND_INT in MAV_FRAME_GLOBAL (Vehicle::guidedModeOrbit):
        // radius, NaN speed, yaw behaviour UNCHANGED, NaN orbits, centre in degE7, AMSL altitude
        send(udp, CommandInt.builder().targetSystem(SYS).targetComponent(COMP).command(MavCmd.MAV_CMD_DO_ORBIT)
                .frame(MavFrame.MAV_FRAME_GLOBAL).param1(15f).param2(Float.NaN).param3(5f).param4(Float.NaN)
                .x(504_017_000).y(304_495_000).z(188f).build(), 0);
        VehicleCommand orbit = commanderAnswers(VehicleCommandAck.ACCEPTED, "");
        // Then the commander gets DO_ORBIT in degrees and metres AMSL
        assertThat(orbit.command).isEqualTo(VehicleCommand.DO_ORBIT);
        assertThat(orbit.param1).isEqualTo(15.0);
        assertThat(orbit.param2).isNaN();
        assertThat(orbit.param3).isEqualTo(5.0);
        assertThat(orbit.param5).isCloseTo(50.4017, within(1e-7));
        assertThat(orbit.param6).isCloseTo(30.4495, within(1e-7));
        assertThat(orbit.param7).isCloseTo(188.0, within(1e-6));
        // When QGC sets a ROI the same way (Vehicle::guidedModeROI)
        send(udp, CommandInt.builder().targetSystem(SYS).targetComponent(COMP)
                .command(MavCmd.MAV_CMD_DO_SET_ROI_LOCATION).frame(MavFrame.MAV_FRAME_GLOBAL)
                .x(504_018_000).y(304_496_000).z(178f).build(), 0);
        VehicleCommand roi = commanderAnswers(VehicleCommandAck.ACCEPTED, "");
        // Then it reaches the commander in degrees
        assertThat(roi.command).isEqualTo(VehicleCommand.DO_SET_ROI_LOCATION);
        assertThat(roi.param5).isCloseTo(50.4018, within(1e-7));
        // and releases it with NaN everywhere (x/y arrive as whatever NaN cast to int32 gives)
        send(udp, CommandInt.builder().targetSystem(SYS).targetComponent(COMP)
                .command(MavCmd.MAV_CMD_DO_SET_ROI_NONE).frame(MavFrame.MAV_FRAME_GLOBAL)
                .x(Integer.MIN_VALUE).y(Integer.MIN_VALUE).z(Float.NaN).build(), 0);
        VehicleCommand roiNone = commanderAnswers(VehicleCommandAck.ACCEPTED, "");
        // and so does the release, whatever its x/y
        assertThat(roiNone.command).isEqualTo(VehicleCommand.DO_SET_ROI_NONE);
        service.pollFlightAcks(0);
        assertThat(out.payloads(CommandAck.class)).extracting(a -> a.result().entry())
                .containsOnly(MavResult.MAV_RESULT_ACCEPTED).hasSize(3);
        // When an orbit centre comes in a local frame, it is refused as unsupported with a reason
        out.clear();
        send(udp, CommandInt.builder().targetSystem(SYS).targetComponent(COMP).command(MavCmd.MAV_CMD_DO_ORBIT)
                .frame(MavFrame.MAV_FRAME_LOCAL_NED).param1(10f).x(1).y(2).z(3).build(), 0);
        assertThat(out.payloads(CommandAck.class)).extracting(a -> a.result().entry())
                .containsExactly(MavResult.MAV_RESULT_UNSUPPORTED);
        assertThat(bus.gcsCommands.size()).isZero();
    }

    @Test
    void shouldFailACommandTheFlightThreadNeverAnswers() {
        send(udp, longCmd(MavCmd.MAV_CMD_NAV_LAND, 0), 0);
        service.tick(500_000_000L);
        assertThat(out.payloads(CommandAck.class)).isEmpty();
        service.tick(1_100_000_000L);
        assertThat(out.payloads(CommandAck.class)).extracting(a -> a.result().entry())
                .containsExactly(MavResult.MAV_RESULT_FAILED);
        assertThat(service.pendingCount()).isZero();
    }

    @Test
    void shouldRejectTemporarilyWhenTheQueueIsFull() {
        for (int i = 0; i < 64; i++) {
            send(udp, longCmd(MavCmd.MAV_CMD_NAV_LAND, 0), i);
        }
        send(udp, longCmd(MavCmd.MAV_CMD_NAV_RETURN_TO_LAUNCH, 0), 100);
        assertThat(out.payloads(CommandAck.class)).extracting(a -> a.result().entry())
                .containsExactly(MavResult.MAV_RESULT_TEMPORARILY_REJECTED);
    }

    @Test
    void shouldBroadcastFlightEventsAsStatustext() {
        VehicleEvent e = new VehicleEvent();
        e.severity = VehicleEvent.CRITICAL;
        e.text = "Failsafe: ground station link lost, returning";
        bus.events.offer(e);
        service.tick(0);
        assertThat(out.sent()).hasSize(1);
        assertThat(out.sent().get(0).target()).isNull();
        assertThat(((Statustext) out.sent().get(0).payload()).text()).isEqualTo(e.text);
    }
}
