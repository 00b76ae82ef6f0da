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
    void shouldCutAt20ChunksLeavingRoomForTheTerminatorAndClampSeverity() {
        // Given: 2000 characters; severities out of range
        // When
        int n = sender.send(null, 99, text(2000));
        sender.send(null, -5, "short");

        // Then: 20 chunks, 19 full and a last one of 49 (999 characters: the NUL still fits),
        // no 21st chunk; severities clamped to 7 and 0
        assertThat(n).isEqualTo(20);
        assertThat(sent().subList(0, 19)).extracting(m -> m.text().length()).containsOnly(50);
        assertThat(sent().get(19).text()).isEqualTo(text(2000).substring(950, 999));
        assertThat(sent().subList(0, 20)).extracting(Statustext::chunkSeq).doesNotContain(20);
        assertThat(sent().get(0).severity().value()).isEqualTo(7);
        assertThat(sent().get(20).text()).isEqualTo("short");
        assertThat(sent().get(20).severity().value()).isZero();
        assertThat(sender.messagesSent()).isEqualTo(21);
    }

    @Test
    void shouldCutATextOfExactly1000CharactersTo999SoItsLastChunkEndsWithTheTerminator() {
        // Given: exactly 1000 characters, which would fill all 20 chunks and need an empty 21st
        String t = text(1000);

        // When
        int n = sender.send(null, VehicleEvent.INFO, t);

        // Then: 20 chunks, the last one 49 characters, reassembling to the first 999
        assertThat(n).isEqualTo(20);
        assertThat(sent()).extracting(Statustext::chunkSeq).containsExactlyElementsOf(range(20));
        assertThat(sent().get(19).text()).hasSize(49);
        StringBuilder joined = new StringBuilder();
        sent().forEach(m -> joined.append(m.text()));
        assertThat(joined.toString()).isEqualTo(t.substring(0, StatusTextSender.MAX_TEXT)).hasSize(999);
    }

    @Test
    void shouldSendA999CharacterTextWhole() {
        // Given: 999 characters, the longest text that fits 20 chunks with its terminator
        String t = text(999);

        // When
        int n = sender.send(null, VehicleEvent.INFO, t);

        // Then: 20 chunks, nothing cut, no empty chunk
        assertThat(n).isEqualTo(20);
        StringBuilder joined = new StringBuilder();
        sent().forEach(m -> joined.append(m.text()));
        assertThat(joined.toString()).isEqualTo(t);
        assertThat(sent()).extracting(Statustext::text).doesNotContain("");
    }

    @Test
    void shouldEndA950CharacterTextWithAnEmpty20thChunk() {
        // Given: 950 characters, 19 full chunks
        // When
        int n = sender.send(null, VehicleEvent.INFO, text(950));

        // Then: the terminating empty chunk is the 20th (chunk_seq 19), within the limit
        assertThat(n).isEqualTo(20);
        assertThat(sent().get(19).text()).isEmpty();
        assertThat(sent().get(19).chunkSeq()).isEqualTo(19);
    }

    @Test
    void shouldReplaceEveryCharacterOutsidePrintableAsciiWithAQuestionMark() {
        // Given: control characters (NUL, tab, newline, CR, unit separator 31, ESC), DEL (127),
        // non-ASCII, and the printable bounds space (32) and '~' (126)
        String t = "a\0b\tc\nd\re\037f\033g\177h\u00f6i\u20ac ~";

        // When
        sender.send(link, VehicleEvent.INFO, t);

        // Then: each of them is '?', the printable ones kept
        assertThat(sent().get(0).text()).isEqualTo("a?b?c?d?e?f?g?h?i? ~");
    }

    @Test
    void shouldKeepAPrintableAsciiTextUnchanged() {
        // Given: every printable ASCII character, 32..126
        StringBuilder b = new StringBuilder();
        for (char c = 32; c <= 126; c++) {
            b.append(c);
        }

        // When: sent (95 characters: two chunks)
        sender.send(link, VehicleEvent.INFO, b.toString());

        // Then: reassembled exactly
        assertThat(sent().get(0).text() + sent().get(1).text()).isEqualTo(b.toString());
    }

    private static List<Integer> range(int n) {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(i);
        }
        return r;
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
