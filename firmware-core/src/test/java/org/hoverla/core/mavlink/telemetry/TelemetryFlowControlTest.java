package org.hoverla.core.mavlink.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.Attitude;
import io.dronefleet.mavlink.common.SysStatus;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.mavlink.TestLink;
import org.hoverla.core.vehicle.FlightBus;
import org.junit.jupiter.api.Test;

/** The telemetry scheduler slows one link's streams by that link's flow-control factor. */
class TelemetryFlowControlTest {
    private static final long MS = 1_000_000L;

    private final FlightBus bus = new FlightBus();
    private final RecordingOutput out = new RecordingOutput();
    private final VehicleIdentity identity = new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 99L);
    private final TelemetryService service = new TelemetryService(bus, identity, out,
            new AutopilotVersionService(identity, AutopilotVersionService.CAP_PARAM_ENCODE_C_CAST), null, 0L);
    private final TestLink radio = new TestLink(0, "serial");
    private final TestLink udp = new TestLink(1, "udp");

    @Test
    void shouldSlowOnlyTheCongestedLinkAndFillItsSysStatus() {
        // Given attitude data, two links, and a radio link at 40 % with 2.5 % frames lost
        bus.attitude.advertise().publish(new VehicleAttitude());
        service.linkConditions(new LinkConditions() {
            @Override
            public double rateMultiplier(MavlinkLink link, long nowNs) {
                return link.id() == radio.id() ? 0.4 : 1.0;
            }

            @Override
            public int dropRateCommCentiPct(MavlinkLink link) {
                return link.id() == radio.id() ? 250 : 0;
            }

            @Override
            public int errorsComm(MavlinkLink link) {
                return link.id() == radio.id() ? 12 : 0;
            }
        });
        service.addLink(radio);
        service.addLink(udp);

        // When the service ticks at 50 Hz for 10 s
        for (long t = 0; t < 10_000 * MS; t += 20 * MS) {
            service.tick(t);
        }

        // Then ATTITUDE (20 Hz) runs at 8 Hz on the radio link and 20 Hz on the other
        assertThat(out.payloads(Attitude.class, udp)).hasSize(200);
        assertThat(out.payloads(Attitude.class, radio)).hasSizeBetween(79, 81);
        // and each link's SYS_STATUS carries its own receive figures
        SysStatus onRadio = out.payloads(SysStatus.class, radio).get(0);
        SysStatus onUdp = out.payloads(SysStatus.class, udp).get(0);
        assertThat(onRadio.dropRateComm()).isEqualTo(250);
        assertThat(onRadio.errorsComm()).isEqualTo(12);
        assertThat(onUdp.dropRateComm()).isZero();
        assertThat(onUdp.errorsComm()).isZero();
    }

    @Test
    void shouldAnswerRequestsAtOnceWhateverTheFlowControl() {
        // Given a link slowed to 5 %
        service.linkConditions(new LinkConditions() {
            @Override
            public double rateMultiplier(MavlinkLink link, long nowNs) {
                return 0.05;
            }

            @Override
            public int dropRateCommCentiPct(MavlinkLink link) {
                return 0;
            }

            @Override
            public int errorsComm(MavlinkLink link) {
                return 0;
            }
        });
        service.addLink(radio);
        // When a client asks for SYS_STATUS once
        int result = service.requestMessage(radio, TelemetryService.SYS_STATUS);
        // Then it is sent now
        assertThat(result).isEqualTo(TelemetryService.MAV_RESULT_ACCEPTED);
        assertThat(out.payloads(SysStatus.class, radio)).hasSize(1);
    }
}
