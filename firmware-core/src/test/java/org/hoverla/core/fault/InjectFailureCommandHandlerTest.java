package org.hoverla.core.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.Statustext;
import java.util.List;
import org.hoverla.core.mavlink.Frames;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.TestLink;
import org.hoverla.core.mavlink.command.CommandService;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.api.Test;

/** MAV_CMD_INJECT_FAILURE through the MAVLink command service, as a ground station sends it. */
class InjectFailureCommandHandlerTest {
    private final FlightBus bus = new FlightBus();
    private final FlightParams params = new FlightParams(new ParamStore());
    private final RecordingOutput out = new RecordingOutput();
    private final StatusTextSender texts = new StatusTextSender(out);
    private final CommandService service = new CommandService(1, 1, bus, out, texts);
    private final TestLink udp = new TestLink(0, "udp");
    private long now = 1_000_000;

    InjectFailureCommandHandlerTest() {
        bus.failureInjection.declareSupported(FailureUnit.GPS, FailureType.OFF, FailureType.STUCK);
        bus.failureInjection.declareSupported(FailureUnit.MOTOR, FailureType.OFF);
        service.addLocalHandler(new InjectFailureCommandHandler(bus.failureInjection, params.failureInjection.enabled,
                texts));
    }

    private MavResult inject(double unit, double type, double instance) {
        out.clear();
        now += 5_000_000_000L; // past the retry window: every request is a new one
        service.onMessage(udp, Frames.from(255, 190, CommandLong.builder().targetSystem(1).targetComponent(1)
                .command(MavCmd.MAV_CMD_INJECT_FAILURE).param1((float) unit).param2((float) type)
                .param3((float) instance).build()), now);
        List<CommandAck> acks = out.payloads(CommandAck.class);
        assertThat(acks).hasSize(1);
        return acks.get(0).result().entry();
    }

    /** The texts sent, each long one joined from its 50-character STATUSTEXT chunks. */
    private List<String> texts() {
        return List.of(out.payloads(Statustext.class).stream().map(Statustext::text)
                .collect(java.util.stream.Collectors.joining()));
    }

    @Test
    void shouldRefuseEveryRequestWhileSysFailureEnIsOff() {
        // Given SYS_FAILURE_EN at its default 0
        assertThat(params.failureInjection.enabled.get()).isZero();
        // When a ground station asks for gps off
        MavResult r = inject(4, 1, 0);
        // Then it is denied, told how to enable it, and nothing is injected
        assertThat(r).isEqualTo(MavResult.MAV_RESULT_DENIED);
        assertThat(texts()).containsExactly("Failure injection refused: disabled, set SYS_FAILURE_EN to 1");
        assertThat(bus.failureInjection.active(FailureUnit.GPS)).isFalse();
        assertThat(bus.failureInjection.generation()).isZero();
    }

    @Test
    void shouldInjectAnnounceAndClearASupportedFailureWhenEnabled() {
        params.failureInjection.enabled.set(1);
        // When gps off is injected
        assertThat(inject(4, 1, 0)).isEqualTo(MavResult.MAV_RESULT_ACCEPTED);
        // Then it is active for every instance and announced
        assertThat(bus.failureInjection.type(FailureUnit.GPS, 1)).isEqualTo(FailureType.OFF);
        assertThat(texts()).containsExactly("Failure injected: gps off");
        // When it is cleared with ok
        assertThat(inject(4, 0, 0)).isEqualTo(MavResult.MAV_RESULT_ACCEPTED);
        assertThat(bus.failureInjection.active(FailureUnit.GPS)).isFalse();
        assertThat(texts()).containsExactly("Failure cleared: gps");
    }

    @Test
    void shouldApplyAMotorFailureToItsInstanceOnly() {
        params.failureInjection.enabled.set(1);
        assertThat(inject(101, 1, 2)).isEqualTo(MavResult.MAV_RESULT_ACCEPTED);
        assertThat(texts()).containsExactly("Failure injected: motor off instance 2");
        assertThat(bus.failureInjection.type(FailureUnit.MOTOR, 2)).isEqualTo(FailureType.OFF);
        assertThat(bus.failureInjection.type(FailureUnit.MOTOR, 1)).isEqualTo(FailureType.OK);
    }

    @Test
    void shouldAnswerUnsupportedForPairsAndUnitsThisVehicleCannotApply() {
        params.failureInjection.enabled.set(1);
        // gps garbage is a real FAILURE_TYPE but nothing here applies it
        assertThat(inject(4, 3, 0)).isEqualTo(MavResult.MAV_RESULT_UNSUPPORTED);
        assertThat(texts()).containsExactly("Failure injection: gps garbage not supported here (gps: off, stuck)");
        // optical flow (5) is a FAILURE_UNIT Hoverla has no sensor for
        assertThat(inject(5, 1, 0)).isEqualTo(MavResult.MAV_RESULT_UNSUPPORTED);
        assertThat(texts()).containsExactly("Failure injection: unit 5 not supported");
        assertThat(bus.failureInjection.generation()).isZero();
    }

    @Test
    void shouldDenyMalformedRequestsWithTheReason() {
        params.failureInjection.enabled.set(1);
        assertThat(inject(4, 9, 0)).isEqualTo(MavResult.MAV_RESULT_DENIED);
        assertThat(texts()).containsExactly("Failure injection refused: type 9 is not a FAILURE_TYPE (0..7)");
        assertThat(inject(4.5, 1, 0)).isEqualTo(MavResult.MAV_RESULT_DENIED);
        assertThat(texts()).containsExactly("Failure injection refused: unit, type and instance must be whole numbers");
        assertThat(inject(101, 1, 12)).isEqualTo(MavResult.MAV_RESULT_DENIED);
        assertThat(texts()).containsExactly("Failure injection refused: instance 12 out of range 0..8");
        assertThat(bus.failureInjection.generation()).isZero();
    }
}
