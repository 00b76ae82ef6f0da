package org.hoverla.core.mavlink.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefusalLogTest {
    private static final long S = 1_000_000_000L;

    @Test
    void shouldTellTheFirstRefusalAtOnceThenAtMostOneSummaryPer10Seconds() {
        RefusalLog log = new RefusalLog();
        int r = AuthorityPolicy.SYSTEM_NOT_ALLOWED;
        // When the first refusal comes, a text is due and covers it
        assertThat(log.refuse(r, 0)).isTrue();
        assertThat(log.takeUnreported(r, 0)).isEqualTo(1);
        // When 49 more come within 10 s (a 5 Hz flood), none is due
        for (int i = 1; i < 50; i++) {
            assertThat(log.refuse(r, i * S / 5)).isFalse();
        }
        assertThat(log.due(r, 10 * S - 1)).isFalse();
        // Then at 10 s one summary covers them all
        assertThat(log.due(r, 10 * S)).isTrue();
        assertThat(log.takeUnreported(r, 10 * S)).isEqualTo(49);
        assertThat(log.due(r, 30 * S)).isFalse();
        assertThat(log.total(r)).isEqualTo(50);
        // and the other reasons count apart
        assertThat(log.refuse(AuthorityPolicy.LINK_NOT_ALLOWED, 10 * S)).isTrue();
        assertThat(log.total(AuthorityPolicy.LINK_NOT_ALLOWED)).isEqualTo(1);
        assertThat(log.total()).isEqualTo(51);
    }
}
