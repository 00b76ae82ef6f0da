package org.hoverla.core.mavlink.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.core.mavlink.security.AuthorityPolicy.ALLOW;
import static org.hoverla.core.mavlink.security.AuthorityPolicy.OFFBOARD_OWNED;

import org.hoverla.core.msg.FlightMode;
import org.junit.jupiter.api.Test;

class OffboardOwnershipTest {
    private static final long MS = 1_000_000L;
    private static final long TIMEOUT = 1_000 * MS;
    private final OffboardOwnership o = new OffboardOwnership();

    /** A streams at 20 Hz from t0 for n setpoints, in the given mode state. */
    private long streamA(long t0, int n, boolean offboard) {
        long t = t0;
        for (int i = 0; i < n; i++, t += 50 * MS) {
            assertThat(o.setpoint(255, 190, 0, offboard, t, TIMEOUT)).isTrue();
        }
        return t;
    }

    @Test
    void shouldGiveTheSessionToTheStreamThatWasRunningWhenOffboardStarted() {
        // Given A streaming before the switch, and B streaming too before (both allowed then)
        long t = streamA(0, 5, false);
        assertThat(o.setpoint(254, 1, 1, false, t, TIMEOUT)).isTrue();
        t = streamA(t + 10 * MS, 2, false);
        // When the vehicle enters Offboard
        o.update(true, t, TIMEOUT);
        // Then A (the last sender) owns it, B's setpoints are ignored and counted
        assertThat(o.owned()).isTrue();
        assertThat(o.ownerSystem()).isEqualTo(255);
        assertThat(o.setpoint(254, 1, 1, true, t + MS, TIMEOUT)).isFalse();
        assertThat(o.setpoint(255, 190, 1, true, t + MS, TIMEOUT)).as("same system, other link").isFalse();
        assertThat(o.refusedSetpoints()).isEqualTo(2);
        // and A keeps control
        assertThat(o.setpoint(255, 190, 0, true, t + 2 * MS, TIMEOUT)).isTrue();
    }

    @Test
    void shouldRefuseAnotherSendersSwitchToOffboardButAllowATakeover() {
        long t = streamA(0, 5, false);
        o.update(true, t, TIMEOUT);
        // B's switch to Offboard is refused, authorised or not
        assertThat(o.modeChange(254, 1, 1, FlightMode.OFFBOARD, true, true, t, TIMEOUT)).isEqualTo(OFFBOARD_OWNED);
        // Hold, Land and Return are always allowed (safety first)
        for (FlightMode m : new FlightMode[] {FlightMode.HOLD, FlightMode.LAND, FlightMode.RETURN}) {
            assertThat(o.modeChange(254, 1, 1, m, false, true, t, TIMEOUT)).as("%s", m).isEqualTo(ALLOW);
        }
        // other modes (and unknown ones) only with authority
        for (FlightMode m : new FlightMode[] {FlightMode.POSITION, FlightMode.MISSION, FlightMode.ORBIT, null}) {
            assertThat(o.modeChange(254, 1, 1, m, false, true, t, TIMEOUT)).as("%s", m).isEqualTo(OFFBOARD_OWNED);
            assertThat(o.modeChange(254, 1, 1, m, true, true, t, TIMEOUT)).as("%s", m).isEqualTo(ALLOW);
        }
        // and the owner may do anything
        assertThat(o.modeChange(255, 190, 0, FlightMode.OFFBOARD, false, true, t, TIMEOUT)).isEqualTo(ALLOW);
        assertThat(o.modeChange(255, 190, 0, FlightMode.MISSION, false, true, t, TIMEOUT)).isEqualTo(ALLOW);
    }

    @Test
    void shouldEndTheSessionWhenOffboardEnds() {
        long t = streamA(0, 5, true);
        o.update(true, t, TIMEOUT);
        assertThat(o.owned()).isTrue();
        // When the vehicle leaves Offboard
        o.update(false, t + MS, TIMEOUT);
        // Then nobody owns it and B may stream (and later own a new session)
        assertThat(o.owned()).isFalse();
        assertThat(o.setpoint(254, 1, 1, false, t + 2 * MS, TIMEOUT)).isTrue();
        o.update(true, t + 3 * MS, TIMEOUT);
        assertThat(o.ownerSystem()).isEqualTo(254);
    }

    @Test
    void shouldEndTheSessionWhenTheOwnersStreamTimesOut() {
        long t = streamA(0, 5, true);
        o.update(true, t, TIMEOUT);
        // While A is silent less than the timeout, B is refused
        assertThat(o.setpoint(254, 1, 1, true, t + TIMEOUT - 50 * MS, TIMEOUT)).isFalse();
        // After the timeout (still in Offboard), B's stream takes the session
        assertThat(o.setpoint(254, 1, 1, true, t + TIMEOUT + 50 * MS, TIMEOUT)).isTrue();
        o.update(true, t + TIMEOUT + 60 * MS, TIMEOUT);
        assertThat(o.ownerSystem()).isEqualTo(254);
        assertThat(o.setpoint(255, 190, 0, true, t + TIMEOUT + 70 * MS, TIMEOUT)).isFalse();
    }

    @Test
    void shouldHaveNoOwnerWhenOffboardStartsWithoutALiveStream() {
        // Given a stream that stopped 2 s before the switch
        long t = streamA(0, 2, false);
        o.update(true, t + 2 * TIMEOUT, TIMEOUT);
        // Then no session is owned: nobody is refused
        assertThat(o.owned()).isFalse();
        assertThat(o.modeChange(254, 1, 1, FlightMode.OFFBOARD, false, true, t + 2 * TIMEOUT, TIMEOUT))
                .isEqualTo(ALLOW);
    }
}
