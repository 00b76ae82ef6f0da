package org.hoverla.core.failsafe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReturnTimeBudgetTest {
    private final ReturnTimeBudget budget = new ReturnTimeBudget();

    /** Flies {@code seconds} at 50 Hz, the charge falling {@code perS} a second from {@code charge0}. */
    private boolean fly(double seconds, double charge0, double perS, double distanceM, double heightM) {
        boolean low = false;
        for (int i = 1; i <= (int) Math.round(seconds * 50); i++) {
            low = budget.update(0.02, charge0 - perS * i * 0.02, 0.05, distanceM, heightM, 5.0, 0.7, 1.1, 100.0);
        }
        return low;
    }

    @Test
    void shouldNotJudgeBeforeTheSettleTimeAndWindow() {
        // Given a steep consumption, When flown for less than settle + window, Then no verdict
        assertThat(fly(ReturnTimeBudget.SETTLE_S + ReturnTimeBudget.MIN_WINDOW_S - 1.0, 0.9, 0.004, 2000.0, 50.0)).isFalse();
        assertThat(budget.remainingS()).isNaN();
    }

    @Test
    void shouldTriggerWhenTheRemainingTimeIsBelowTheSafeTimeHome() {
        // Given 0.1 % per second (1000 s per pack) and the vehicle 2 km out at 50 m
        boolean low = fly(100.0, 0.9, 0.001, 2000.0, 50.0);
        // Then remaining (charge - reserve) / rate and time home 1.1 (2000/5 + 50/0.7) + 100 are as computed
        double charge = 0.9 - 0.001 * 100.0;
        assertThat(budget.remainingS()).isCloseTo((charge - 0.05) / 0.001, within(1.0));
        assertThat(budget.returnS()).isCloseTo(1.1 * (400.0 + 50.0 / 0.7) + 100.0, within(1e-6));
        // 750 s left, 618.6 s needed: not yet
        assertThat(low).isFalse();
        // When it flies on until the margin is gone, Then it triggers
        boolean later = false;
        double t = 100.0;
        while (!later && t < 900.0) {
            t += 0.02;
            later = budget.update(0.02, 0.9 - 0.001 * t, 0.05, 2000.0, 50.0, 5.0, 0.7, 1.1, 100.0);
        }
        assertThat(later).isTrue();
        assertThat(budget.remainingS()).isLessThan(budget.returnS());
        // at 850 - t = 618.6 s, i.e. t = 231.4 s
        assertThat(t).isCloseTo(850.0 - (1.1 * (400.0 + 50.0 / 0.7) + 100.0), within(0.1));
    }

    @Test
    void shouldStayQuietWithoutAConsumptionOrAPosition() {
        assertThat(fly(200.0, 0.9, 0.0, 2000.0, 50.0)).isFalse();
        budget.reset();
        assertThat(fly(200.0, 0.9, 0.002, Double.NaN, 50.0)).isFalse();
        budget.reset();
        assertThat(fly(200.0, Double.NaN, 0.0, 10.0, 5.0)).isFalse();
    }
}
