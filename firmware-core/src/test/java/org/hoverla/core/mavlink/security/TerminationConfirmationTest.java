package org.hoverla.core.mavlink.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.core.mavlink.security.TerminationConfirmation.CONFIRMED;
import static org.hoverla.core.mavlink.security.TerminationConfirmation.OPENED;
import static org.hoverla.core.mavlink.security.TerminationConfirmation.RESEND;

import org.junit.jupiter.api.Test;

class TerminationConfirmationTest {
    private static final long S = 1_000_000_000L;
    private final TerminationConfirmation t = new TerminationConfirmation();

    @Test
    void shouldNeverConfirmWithASingleRequest() {
        // When one request comes
        assertThat(t.request(255, 190, 0, 0, 10 * S)).isEqualTo(OPENED);
        // Then a window is pending and nothing is confirmed, however long one waits
        assertThat(t.pending(12 * S)).isTrue();
        assertThat(t.pending(16 * S)).isFalse();
    }

    @Test
    void shouldTreatAnEarlyResendAsTheFirstRequest() {
        // Given an opened window
        t.request(255, 190, 0, 0, 0);
        // When MAVSDK-style resends (confirmation 0) come 0.5, 1.0, 1.5 s later
        // Then each is a resend, and they do not move the window
        assertThat(t.request(255, 190, 0, 0, S / 2)).isEqualTo(RESEND);
        assertThat(t.request(255, 190, 0, 0, S)).isEqualTo(RESEND);
        assertThat(t.request(255, 190, 0, 0, 3 * S / 2)).isEqualTo(RESEND);
        // and a deliberate second request after the hold-off confirms
        assertThat(t.request(255, 190, 0, 0, 2 * S)).isEqualTo(CONFIRMED);
        assertThat(t.pending(2 * S)).isFalse();
    }

    @Test
    void shouldNeverConfirmWithARetransmissionOfTheFirst() {
        // Given an opened window
        t.request(255, 190, 0, 0, 0);
        // When QGC-style retries (confirmation 1, 2, 3) arrive anywhere in the window
        for (int c = 1; c <= 3; c++) {
            assertThat(t.request(255, 190, 0, c, c * 1_400_000_000L)).isEqualTo(RESEND);
        }
        // Then only a separate request (confirmation 0) confirms
        assertThat(t.request(255, 190, 0, 0, 4_900_000_000L)).isEqualTo(CONFIRMED);
    }

    @Test
    void shouldConfirmOnlyFromTheSameSenderAndLink() {
        t.request(255, 190, 0, 0, 0);
        // Another component, system or link starts its own window instead of confirming
        assertThat(t.request(255, 191, 0, 0, 3 * S)).isEqualTo(OPENED);
        assertThat(t.request(254, 191, 0, 0, 3 * S + 1)).isEqualTo(OPENED);
        assertThat(t.request(254, 191, 1, 0, 3 * S + 2)).isEqualTo(OPENED);
        // and the last one confirms its own
        assertThat(t.request(254, 191, 1, 0, 6 * S)).isEqualTo(CONFIRMED);
    }

    @Test
    void shouldOpenANewWindowAfterExpiry() {
        // Given a window opened at 0
        t.request(255, 190, 0, 0, 0);
        // When the second request comes just after 5 s
        // Then it is a new first request, not a confirmation
        assertThat(t.request(255, 190, 0, 0, 5 * S + 1)).isEqualTo(OPENED);
        // and the edges of its window: resend before 2 s, confirmed at exactly 5 s
        assertThat(t.request(255, 190, 0, 0, 7 * S)).isEqualTo(RESEND);
        assertThat(t.request(255, 190, 0, 0, 10 * S + 1)).isEqualTo(CONFIRMED);
    }
}
