package org.hoverla.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimClockTest {

    @Test
    void shouldStartAtZeroAndAdvance() {
        // Given a new clock
        SimClock clock = new SimClock();

        // When advanced twice
        clock.advance(5);
        long returned = clock.advance(10);

        // Then time is the sum
        assertThat(returned).isEqualTo(15);
        assertThat(clock.nanoTime()).isEqualTo(15);
    }

    @Test
    void shouldSetForwardAndAllowSettingTheSameTime() {
        // Given a clock at 100 ns
        SimClock clock = new SimClock(100);

        // When set to the same and to a later time
        clock.set(100);
        clock.set(250);

        // Then it holds the later time
        assertThat(clock.nanoTime()).isEqualTo(250);
    }

    @Test
    void shouldRefuseToGoBackwards() {
        // Given a clock at 100 ns
        SimClock clock = new SimClock(100);

        // When asked to go backwards / Then it refuses and keeps its time
        assertThatThrownBy(() -> clock.set(99)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.advance(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.advance(Long.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.nanoTime()).isEqualTo(100);
    }

    @Test
    void shouldReadSystemTimeMonotonically() {
        // Given the system clock
        Clock clock = SystemClock.INSTANCE;

        // When read twice / Then it does not go backwards
        long a = clock.nanoTime();
        long b = clock.nanoTime();
        assertThat(b).isGreaterThanOrEqualTo(a);
    }
}
