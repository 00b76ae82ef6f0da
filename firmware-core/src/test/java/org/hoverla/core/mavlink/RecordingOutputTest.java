package org.hoverla.core.mavlink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordingOutputTest {

    @Test
    void shouldRecordSendsInOrderAndFilterByType() {
        // Given
        RecordingOutput out = new RecordingOutput();
        TestLink link = new TestLink(0, "test:0");

        // When
        out.send(link, "a");
        out.send(null, 42);
        out.send(link, "b");

        // Then
        assertThat(out.sent()).containsExactly(
                new RecordingOutput.Sent(link, "a"),
                new RecordingOutput.Sent(null, 42),
                new RecordingOutput.Sent(link, "b"));
        assertThat(out.payloads(String.class)).containsExactly("a", "b");
        assertThat(out.payloads(Integer.class)).containsExactly(42);

        // When
        out.clear();

        // Then
        assertThat(out.sent()).isEmpty();
    }
}
