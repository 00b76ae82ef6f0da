package org.hoverla.core.vehicle;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.msg.FlightMode;
import org.junit.jupiter.api.Test;

class PendingTakeoffTest {
    private static final long S = 1_000_000_000L;
    private static final long TIMEOUT = 10 * S;

    private final PendingTakeoff pending = new PendingTakeoff();

    @Test
    void shouldExpireOnceWhenStillDisarmedInTheSameTakeoffAfterTheTimeout() {
        // Given a takeoff requested at t = 1 s from Position, entered as mode entry 5
        pending.request(S, FlightMode.POSITION, 5);
        // When time passes without arming
        boolean early = pending.expired(S + TIMEOUT - 1, TIMEOUT, false, 5);
        boolean due = pending.expired(S + TIMEOUT, TIMEOUT, false, 5);
        boolean again = pending.expired(S + TIMEOUT + S, TIMEOUT, false, 5);
        // Then it runs out exactly once, at the timeout, naming Position as the mode to restore
        assertThat(early).isFalse();
        assertThat(due).isTrue();
        assertThat(again).isFalse();
        assertThat(pending.active()).isFalse();
        assertThat(pending.previousMode()).isEqualTo(FlightMode.POSITION);
    }

    @Test
    void shouldEndWithoutExpiringWhenTheVehicleArms() {
        pending.request(0, FlightMode.HOLD, 1);
        assertThat(pending.expired(S, TIMEOUT, true, 1)).isFalse();
        assertThat(pending.active()).isFalse();
        assertThat(pending.expired(TIMEOUT * 2, TIMEOUT, false, 1)).isFalse();
    }

    @Test
    void shouldEndWithoutExpiringWhenAnotherModeIsChosen() {
        pending.request(0, FlightMode.HOLD, 1);
        assertThat(pending.expired(TIMEOUT, TIMEOUT, false, 2)).isFalse();
        assertThat(pending.active()).isFalse();
    }

    @Test
    void shouldKeepTheFirstPreviousModeAndRestartTheWaitOnARepeatedRequest() {
        // Given a takeoff from Position, then a second takeoff 8 s later (mode entry 2)
        pending.request(0, FlightMode.POSITION, 1);
        pending.request(8 * S, FlightMode.TAKEOFF, 2);
        // Then the wait runs from the second request and Position is still what comes back
        assertThat(pending.expired(TIMEOUT, TIMEOUT, false, 2)).isFalse();
        assertThat(pending.expired(8 * S + TIMEOUT, TIMEOUT, false, 2)).isTrue();
        assertThat(pending.previousMode()).isEqualTo(FlightMode.POSITION);
    }

    @Test
    void shouldGoBackToHoldWhenTakeoffItselfWasTheModeBefore() {
        pending.request(0, FlightMode.TAKEOFF, 1);
        assertThat(pending.previousMode()).isEqualTo(FlightMode.HOLD);
    }

    @Test
    void shouldForgetTheWaitWhenCleared() {
        pending.request(0, FlightMode.POSITION, 1);
        pending.clear();
        assertThat(pending.active()).isFalse();
        assertThat(pending.expired(TIMEOUT, TIMEOUT, false, 1)).isFalse();
    }
}
