package org.hoverla.core.mavlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.MavSeverity;
import io.dronefleet.mavlink.common.Statustext;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.mavlink.command.CommandService;
import org.hoverla.core.mavlink.telemetry.AutopilotVersionService;
import org.hoverla.core.mavlink.telemetry.TelemetryService;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.vehicle.FlightBus;
import org.junit.jupiter.api.Test;

class StatusTextSenderTest {

    private final RecordingOutput out = new RecordingOutput();
    private final StatusTextSender sender = new StatusTextSender(out);
    private final TestLink link = new TestLink(3, "udp");

    private static String text(int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append((char) ('a' + i % 26));
        }
        return b.toString();
    }

    private List<Statustext> sent() {
        return out.payloads(Statustext.class);
    }

    @Test
    void shouldSendAShortTextAsOneMessageWithIdZeroAndItsSeverity() {
        // Given: a text of exactly 50 characters
        String t = text(50);

        // When
        int n = sender.send(link, VehicleEvent.CRITICAL, t);

        // Then: one message, id 0 and chunk 0 (the only chunk), on the link asked for, severity kept
        assertThat(n).isEqualTo(1);
        assertThat(out.sent()).hasSize(1);
        assertThat(out.sent().get(0).target()).isSameAs(link);
        Statustext s = sent().get(0);
        assertThat(s.text()).isEqualTo(t);
        assertThat(s.id()).isZero();
        assertThat(s.chunkSeq()).isZero();
        assertThat(s.severity().entry()).isEqualTo(MavSeverity.MAV_SEVERITY_CRITICAL);
    }

    @Test
    void shouldChunkALongTextAt50CharactersWithOneNonZeroId() {
        // Given: 120 characters
        String t = text(120);

        // When
        int n = sender.send(null, VehicleEvent.WARNING, t);

        // Then: 50 + 50 + 20, chunk_seq 0..2, one id, reassembling to the text
        assertThat(n).isEqualTo(3);
        List<Statustext> s = sent();
        assertThat(s).extracting(Statustext::chunkSeq).containsExactly(0, 1, 2);
        assertThat(s).extracting(Statustext::id).containsOnly(s.get(0).id());
        assertThat(s.get(0).id()).isNotZero();
        assertThat(s).extracting(m -> m.text().length()).containsExactly(50, 50, 20);
        assertThat(s.get(0).text() + s.get(1).text() + s.get(2).text()).isEqualTo(t);
        assertThat(s).extracting(m -> m.severity().entry()).containsOnly(MavSeverity.MAV_SEVERITY_WARNING);
        assertThat(out.sent()).allMatch(x -> x.target() == null);
    }

    @Test
    void shouldEndATextThatFillsItsLastChunkWithAnEmptyChunk() {
        // Given: 100 characters, two full chunks
        // When
        int n = sender.send(null, VehicleEvent.INFO, text(100));

        // Then: a third, empty chunk carries the terminating NUL
        assertThat(n).isEqualTo(3);
        assertThat(sent()).extracting(Statustext::text).containsExactly(text(100).substring(0, 50),
                text(100).substring(50), "");
        assertThat(sent()).extracting(Statustext::chunkSeq).containsExactly(0, 1, 2);
    }

    @Test
    void shouldCutAt20ChunksClampSeverityAndReplaceNonAscii() {
        // Given: 2000 characters; a text with a non-ASCII character; severities out of range
        // When
        int n = sender.send(null, 99, text(2000));
        sender.send(null, -5, "Höhe");

        // Then
        assertThat(n).isEqualTo(20);
        assertThat(sent().subList(0, 20)).extracting(m -> m.text().length()).containsOnly(50);
        assertThat(sent().get(0).severity().value()).isEqualTo(7);
        assertThat(sent().get(20).text()).isEqualTo("H?he");
        assertThat(sent().get(20).severity().value()).isZero();
        assertThat(sender.messagesSent()).isEqualTo(21);
    }

    @Test
    void shouldWrapChunkIdsAfter65535AndNeverUseZero() {
        // Given
        List<Integer> ids = new ArrayList<>();

        // When: 65,537 chunked texts
        for (int i = 0; i < 65_537; i++) {
            out.clear();
            sender.send(null, VehicleEvent.INFO, text(60));
            ids.add(sent().get(0).id());
        }

        // Then
        assertThat(ids.get(0)).isEqualTo(1);
        assertThat(ids.get(65_534)).isEqualTo(65_535);
        assertThat(ids.get(65_535)).isEqualTo(1);
        assertThat(ids).doesNotContain(0);
    }

    @Test
    void shouldGiveUniqueIncreasingChunkIdsAcrossServicesSharingTheSender() {
        // Given: the telemetry and command services of one vehicle sharing the sender
        FlightBus bus = new FlightBus();
        VehicleIdentity identity = new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 99L);
        TelemetryService telemetry = new TelemetryService(bus, identity, out,
                new AutopilotVersionService(identity, AutopilotVersionService.CAP_PARAM_ENCODE_C_CAST), null, 0L,
                sender);
        CommandService commands = new CommandService(1, 1, bus, out, sender);
        VehicleEvent event = new VehicleEvent();
        event.severity = VehicleEvent.ERROR;
        event.text = "Failsafe: " + text(60);

        // When: long texts from telemetry, the commander's event (through the command service), telemetry again
        telemetry.statusText(VehicleEvent.INFO, text(70));
        bus.events.offer(event);
        commands.tick(1_000_000L);
        sender.send(null, VehicleEvent.INFO, text(80));
        telemetry.statusText(VehicleEvent.INFO, text(90));

        // Then: every chunked text has its own id, increasing 1, 2, 3, 4; severities kept
        List<Integer> firstChunkIds = new ArrayList<>();
        for (Statustext s : sent()) {
            if (s.chunkSeq() == 0) {
                firstChunkIds.add(s.id());
            }
        }
        assertThat(firstChunkIds).containsExactly(1, 2, 3, 4);
        assertThat(sent()).filteredOn(s -> s.id() == 2).extracting(m -> m.severity().entry())
                .containsOnly(MavSeverity.MAV_SEVERITY_ERROR);
        assertThat(sent()).filteredOn(s -> s.id() == 2).extracting(Statustext::text)
                .containsExactly(("Failsafe: " + text(60)).substring(0, 50), ("Failsafe: " + text(60)).substring(50));
    }
}
