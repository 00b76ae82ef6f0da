package org.hoverla.core.mavlink.radio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dronefleet.mavlink.common.RadioStatus;
import io.dronefleet.mavlink.common.Statustext;
import java.util.List;
import org.hoverla.core.mavlink.Frames;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.TestLink;
import org.hoverla.core.mavlink.link.LinkStats;
import org.hoverla.core.mavlink.link.LinkStatsFixture;
import org.junit.jupiter.api.Test;

class RadioStatusServiceTest {
    private static final long S = 1_000_000_000L;
    private static final int SIK_SYSTEM = '3';
    private static final int SIK_COMPONENT = 'D';

    private final RecordingOutput out = new RecordingOutput();
    private final LinkStats serialStats = new LinkStats();
    private final TestLink serial = new TestLink(0, "serial:/dev/ttyAMA0:57600");
    private final TestLink udp = new TestLink(1, "udp:127.0.0.1:14550");
    private final RadioStatusService service = new RadioStatusService(new StatusTextSender(out),
            link -> link.id() == serial.id() ? serialStats : null);

    private static RadioStatus status(int txbuf) {
        return RadioStatus.builder().rssi(180).remrssi(170).txbuf(txbuf).noise(40).remnoise(42)
                .rxerrors(3).fixed(7).build();
    }

    private void fromSik(int txbuf, long nowNs) {
        service.onMessage(serial, Frames.from(SIK_SYSTEM, SIK_COMPONENT, status(txbuf)), nowNs);
    }

    private List<String> texts() {
        return out.payloads(Statustext.class).stream().map(Statustext::text).toList();
    }

    @Test
    void shouldSlowOnlyTheLinkWhoseRadioReportsAFullBuffer() {
        // Given a SiK radio ('3'/'D', MAV_COMP_ID_TELEMETRY_RADIO) on the serial link
        // When it reports 10 % free twice
        fromSik(10, 0);
        fromSik(10, S);
        // Then that link's streams run at 64 %, the other link's at full rate
        assertThat(service.rateMultiplier(serial, S)).isCloseTo(0.64, within(1e-12));
        assertThat(service.rateMultiplier(udp, S)).isEqualTo(1.0);
        RadioStatusService.LinkQuality q = service.quality(serial);
        assertThat(q.rssi()).isEqualTo(180);
        assertThat(q.remrssi()).isEqualTo(170);
        assertThat(q.noise()).isEqualTo(40);
        assertThat(q.remnoise()).isEqualTo(42);
        assertThat(q.rxerrors()).isEqualTo(3);
        assertThat(q.fixed()).isEqualTo(7);
        assertThat(q.flow().lastTxbufPct()).isEqualTo(10);
        assertThat(q.toString()).contains("radio 51/68", "txbuf=10%", "rate=0.64", "rssi=180");
    }

    @Test
    void shouldIgnoreRadioStatusFromSendersThatAreNotRadios() {
        // Given a ground station relaying its own radio's report, and a second autopilot
        // When both say the buffer is empty
        service.onMessage(serial, Frames.from(255, 190, status(0)), 0);
        service.onMessage(serial, Frames.from(2, 1, status(0)), 0);
        // Then nothing slows down and both are counted
        assertThat(service.rateMultiplier(serial, 0)).isEqualTo(1.0);
        assertThat(service.quality(serial).ignoredStatus()).isEqualTo(2);
        assertThat(service.quality(serial).flow().reports()).isZero();
    }

    @Test
    void shouldAcceptMavlinkBridges() {
        // Given / When an ESP bridge (UDP bridge 240) and a UART bridge (241) report
        service.onMessage(serial, Frames.from(1, RadioStatusService.MAV_COMP_ID_UDP_BRIDGE, status(20)), 0);
        service.onMessage(udp, Frames.from(1, RadioStatusService.MAV_COMP_ID_UART_BRIDGE, status(20)), 0);
        // Then both count
        assertThat(service.rateMultiplier(serial, 0)).isCloseTo(0.8, within(1e-12));
        assertThat(service.rateMultiplier(udp, 0)).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void shouldCountTxbufAbovePercentAsInvalid() {
        // Given / When a radio reporting 200 %
        fromSik(200, 0);
        // Then it is refused
        assertThat(service.quality(serial).invalidStatus()).isEqualTo(1);
        assertThat(service.rateMultiplier(serial, 0)).isEqualTo(1.0);
    }

    @Test
    void shouldTellCongestionAndRecoveryAtMostEveryTenSeconds() {
        // Given a radio at full rate: no text
        fromSik(90, 0);
        service.tick(0);
        assertThat(texts()).isEmpty();

        // When its buffer fills: a warning at once
        fromSik(5, S);
        service.tick(S);
        assertThat(texts()).containsExactly("Radio link congested, telemetry at 80%");

        // When it empties: ten reports of room bring the rate back to 100 %, but the recovery
        // is not told inside the ten-second window
        for (long t = 2; t <= 10; t++) {
            fromSik(100, t * S / 10);
            service.tick(t * S / 10);
        }
        fromSik(100, S + S / 10);
        service.tick(S + S / 10);
        assertThat(service.rateMultiplier(serial, 10 * S)).isEqualTo(1.0);
        service.tick(10 * S);
        assertThat(texts()).hasSize(1);

        // Then when the window ends the recovery is told once
        fromSik(100, 11 * S);
        service.tick(11 * S);
        service.tick(11 * S + 1);
        assertThat(texts()).containsExactly("Radio link congested, telemetry at 80%",
                "Radio link recovered, telemetry at 100%");
        assertThat(out.payloads(Statustext.class).get(0).severity().value()).isEqualTo(4);
        assertThat(out.payloads(Statustext.class).get(1).severity().value()).isEqualTo(6);
        assertThat(out.sent()).allMatch(s -> s.target() == null);
    }

    @Test
    void shouldNotTellAChangeThatIsOverBeforeTheWindowEnds() {
        // Given a congestion that was told
        fromSik(5, 0);
        service.tick(0);
        // When it recovers and congests again inside the window
        for (int i = 1; i <= 10; i++) {
            fromSik(100, i * S / 10);
        }
        service.tick(S);
        assertThat(service.rateMultiplier(serial, S)).isEqualTo(1.0);
        fromSik(5, 4 * S);
        service.tick(4 * S);
        fromSik(40, 8 * S);
        fromSik(40, 12 * S);
        service.tick(12 * S);
        // Then only the first text was sent: the state at the window's end is the one told
        assertThat(texts()).containsExactly("Radio link congested, telemetry at 80%");
    }

    @Test
    void shouldWarnWhenTheRadioStopsReporting() {
        // Given a congested radio
        fromSik(5, 0);
        service.tick(0);
        // When it falls silent past the timeout and the text window
        long t = RadioFlowControl.TIMEOUT_NS + 11 * S;
        service.tick(t);
        // Then full rate again and a warning
        assertThat(service.rateMultiplier(serial, t)).isEqualTo(1.0);
        assertThat(texts()).containsExactly("Radio link congested, telemetry at 80%",
                "Radio status lost, telemetry at 100%");
        assertThat(service.quality(serial).flow().timeouts()).isEqualTo(1);
    }

    @Test
    void shouldReportFramesLostAndCorruptedPerSecond() {
        // Given a link that has received 100 frames
        service.addLink(serial);
        LinkStatsFixture.set(serialStats, 100, 0, 0, 0);
        service.tick(0);
        // When over the next second 90 arrive, 10 are missing by sequence and 3 are corrupted
        LinkStatsFixture.set(serialStats, 190, 10, 2, 1);
        service.tick(S);
        // Then drop_rate_comm is 10 % (1000 c%) and errors_comm 3
        assertThat(service.dropRateCommCentiPct(serial)).isEqualTo(1000);
        assertThat(service.errorsComm(serial)).isEqualTo(3);
        // and a link without figures reports zeros
        assertThat(service.dropRateCommCentiPct(udp)).isZero();
        assertThat(service.errorsComm(udp)).isZero();
    }

    @Test
    void shouldSaturateAndBoundTheFigures() {
        // Given / When / Then
        assertThat(RadioStatusService.dropRateCentiPct(0, 0)).isZero();
        assertThat(RadioStatusService.dropRateCentiPct(0, 5)).isEqualTo(10000);
        assertThat(RadioStatusService.dropRateCentiPct(3, 1)).isEqualTo(2500);
        assertThat(RadioStatusService.errorsComm(70_000)).isEqualTo(65535);
        assertThat(RadioStatusService.errorsComm(-1)).isZero();
    }
}
