package org.hoverla.core.mavlink.signing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayGuardTest {
    private static final long NOW = 1_000_000_000L;

    @Test
    void shouldRequireStrictlyIncreasingTimestampsPerStream() {
        // Given a stream with an accepted timestamp
        ReplayGuard g = new ReplayGuard(4);
        g.accept(255, 190, 0, NOW);
        // Then the same timestamp and an older one are replays, a newer one is fine
        assertThat(g.check(255, 190, 0, NOW, NOW)).isEqualTo(ReplayGuard.REPLAY);
        assertThat(g.check(255, 190, 0, NOW - 1, NOW)).isEqualTo(ReplayGuard.REPLAY);
        assertThat(g.check(255, 190, 0, NOW + 1, NOW)).isEqualTo(ReplayGuard.OK);
    }

    @Test
    void shouldKeepStreamsApartBySystemComponentAndLink() {
        // Given one accepted stream
        ReplayGuard g = new ReplayGuard(8);
        g.accept(255, 190, 0, NOW);
        // Then another link id, component or system is a new stream (window rule only)
        assertThat(g.check(255, 190, 1, NOW - 10, NOW)).isEqualTo(ReplayGuard.OK);
        assertThat(g.check(255, 191, 0, NOW - 10, NOW)).isEqualTo(ReplayGuard.OK);
        assertThat(g.check(254, 190, 0, NOW - 10, NOW)).isEqualTo(ReplayGuard.OK);
    }

    @Test
    void shouldAcceptANewStreamOnlyWithinOneMinuteBehindOurTimestamp() {
        ReplayGuard g = new ReplayGuard(4);
        // Given our timestamp NOW / Then exactly one minute behind is fine, one unit more is old; ahead is fine
        assertThat(g.check(1, 1, 0, NOW - MavlinkSignature.ONE_MINUTE, NOW)).isEqualTo(ReplayGuard.OK);
        assertThat(g.check(1, 1, 0, NOW - MavlinkSignature.ONE_MINUTE - 1, NOW)).isEqualTo(ReplayGuard.OLD);
        assertThat(g.check(1, 1, 0, NOW + 500_000_000L, NOW)).isEqualTo(ReplayGuard.OK);
    }

    @Test
    void shouldNotMoveAStreamOnCheckAlone() {
        // Given a stream; When a (forged) frame is only checked, not accepted
        ReplayGuard g = new ReplayGuard(4);
        g.accept(7, 1, 2, NOW);
        g.check(7, 1, 2, NOW + 100, NOW);
        // Then a frame between the two is still fine
        assertThat(g.check(7, 1, 2, NOW + 50, NOW)).isEqualTo(ReplayGuard.OK);
        assertThat(g.size()).isEqualTo(1);
    }

    @Test
    void shouldEvictTheLeastRecentlyAcceptedStreamWhenFull() {
        // Given a full table of 3 streams, stream 1 the least recently accepted
        ReplayGuard g = new ReplayGuard(3);
        g.accept(1, 1, 0, NOW);
        g.accept(2, 1, 0, NOW);
        g.accept(3, 1, 0, NOW);
        g.accept(2, 1, 0, NOW + 1);
        g.accept(3, 1, 0, NOW + 1);
        // When a fourth stream arrives
        g.accept(4, 1, 0, NOW);
        // Then stream 1 is forgotten (a replay of it is judged by the window only), the others are kept
        assertThat(g.evictions()).isEqualTo(1);
        assertThat(g.size()).isEqualTo(3);
        assertThat(g.check(1, 1, 0, NOW, NOW)).isEqualTo(ReplayGuard.OK);
        assertThat(g.check(2, 1, 0, NOW + 1, NOW)).isEqualTo(ReplayGuard.REPLAY);
        assertThat(g.check(3, 1, 0, NOW + 1, NOW)).isEqualTo(ReplayGuard.REPLAY);
        assertThat(g.check(4, 1, 0, NOW, NOW)).isEqualTo(ReplayGuard.REPLAY);
    }

    @Test
    void shouldForgetEveryStreamOnClear() {
        ReplayGuard g = new ReplayGuard(2);
        g.accept(1, 1, 0, NOW);
        g.clear();
        assertThat(g.size()).isZero();
        assertThat(g.check(1, 1, 0, NOW, NOW)).isEqualTo(ReplayGuard.OK);
    }
}
