package org.hoverla.core.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hoverla.core.math.Vec3;
import org.junit.jupiter.api.Test;

class StateHistoryTest {
    private final Vec3 now = new Vec3(100, 100, 100);
    private final Vec3 nowVel = new Vec3(9, 9, 9);
    private final Vec3 pos = new Vec3();
    private final Vec3 vel = new Vec3();

    @Test
    void shouldReturnTheNewestEntryNotLaterThanTheSampleTimeAndShiftAll() {
        StateHistory h = new StateHistory(4);
        // Empty: the current state
        h.at(5, now, nowVel, pos, vel);
        assertThat(pos.x).isEqualTo(100.0);
        for (int i = 1; i <= 6; i++) {
            h.push(i * 10L, new Vec3(i, 0, 0), new Vec3(0, i, 0));
        }
        // Entries 30..60 are kept (capacity 4); t = 45 → entry 40
        h.at(45, now, nowVel, pos, vel);
        assertThat(pos.x).isEqualTo(4.0);
        assertThat(vel.y).isEqualTo(4.0);
        // Older than everything kept → the oldest (30)
        h.at(1, now, nowVel, pos, vel);
        assertThat(pos.x).isEqualTo(3.0);
        // A correction moves every entry
        h.shift(1, 2, 3, 4, 5, 6);
        h.at(60, now, nowVel, pos, vel);
        assertThat(pos.x).isEqualTo(7.0);
        assertThat(pos.z).isEqualTo(3.0);
        assertThat(vel.y).isEqualTo(11.0);
        h.clear();
        h.at(60, now, nowVel, pos, vel);
        assertThat(pos.x).isEqualTo(100.0);
        assertThatThrownBy(() -> new StateHistory(3)).isInstanceOf(IllegalArgumentException.class);
    }
}
