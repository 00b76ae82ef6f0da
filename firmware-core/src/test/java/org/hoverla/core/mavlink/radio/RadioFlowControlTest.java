package org.hoverla.core.mavlink.radio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RadioFlowControlTest {
    private static final long S = 1_000_000_000L;

    private final RadioFlowControl flow = new RadioFlowControl();

    @Test
    void shouldRunAtFullRateWithoutRadio() {
        // Given no report
        // When / Then
        assertThat(flow.rateMultiplier(100 * S)).isEqualTo(1.0);
        assertThat(flow.available()).isFalse();
        assertThat(flow.critical()).isFalse();
        assertThat(flow.lastTxbufPct()).isEqualTo(-1);
    }

    @Test
    void shouldApplyPx4FactorsPerReport() {
        // Given PX4's thresholds: <25 % x0.80, <35 % x0.975, 35..50 % unchanged, >50 % x1.025
        // When / Then
        flow.onRadioStatus(10, 1 * S);
        assertThat(flow.radioMultiplier()).isCloseTo(0.80, within(1e-12));
        assertThat(flow.critical()).isTrue();
        flow.onRadioStatus(24, 2 * S);
        assertThat(flow.radioMultiplier()).isCloseTo(0.64, within(1e-12));
        flow.onRadioStatus(25, 3 * S);
        assertThat(flow.radioMultiplier()).isCloseTo(0.64 * 0.975, within(1e-12));
        flow.onRadioStatus(34, 4 * S);
        assertThat(flow.radioMultiplier()).isCloseTo(0.64 * 0.975 * 0.975, within(1e-12));
        double held = flow.radioMultiplier();
        flow.onRadioStatus(35, 5 * S);
        flow.onRadioStatus(50, 6 * S);
        assertThat(flow.radioMultiplier()).isEqualTo(held);
        assertThat(flow.critical()).isFalse();
        flow.onRadioStatus(51, 7 * S);
        assertThat(flow.radioMultiplier()).isCloseTo(held * 1.025, within(1e-12));
        assertThat(flow.reports()).isEqualTo(7);
    }

    @Test
    void shouldNotRaiseTheRateWhileTheBufferIsFilling() {
        // Given a throttled link
        flow.onRadioStatus(10, 0);
        double throttled = flow.radioMultiplier();
        // When the buffer is more than half free but filling (Hoverla's addition to PX4's rule)
        flow.onRadioStatus(90, S);
        double afterRoom = flow.radioMultiplier();
        flow.onRadioStatus(70, 2 * S);
        // Then the first report of room raises the rate, the shrinking one holds it
        assertThat(afterRoom).isCloseTo(throttled * 1.025, within(1e-12));
        assertThat(flow.radioMultiplier()).isEqualTo(afterRoom);
        // and a fall of less than five points is a frame passing, not filling
        flow.onRadioStatus(66, 3 * S);
        assertThat(flow.radioMultiplier()).isCloseTo(afterRoom * 1.025, within(1e-12));
        flow.onRadioStatus(61, 4 * S);
        assertThat(flow.radioMultiplier()).isCloseTo(afterRoom * 1.025, within(1e-12));
    }

    @Test
    void shouldKeepRadioMultiplierWithinOnePercentAndOneAndRatesAboveFivePercent() {
        // Given a radio reporting an empty buffer for a long time
        for (int i = 0; i < 100; i++) {
            flow.onRadioStatus(0, i * S);
        }
        // Then the radio multiplier stops at 1 % and the streams at 5 %
        assertThat(flow.radioMultiplier()).isEqualTo(0.01);
        assertThat(flow.rateMultiplier(100 * S)).isEqualTo(0.05);

        // When the buffer has room again, the rate climbs back by 2.5 % per report and stops at 1
        long t = 100 * S;
        int reports = 0;
        while (flow.radioMultiplier() < 1.0) {
            flow.onRadioStatus(100, t);
            t += S;
            reports++;
        }
        assertThat(flow.radioMultiplier()).isEqualTo(1.0);
        assertThat(reports).isEqualTo((int) Math.ceil(Math.log(100) / Math.log(1.025)));
        flow.onRadioStatus(100, t);
        assertThat(flow.rateMultiplier(t)).isEqualTo(1.0);
    }

    @Test
    void shouldReturnToFullRateWhenRadioFallsSilent() {
        // Given a congested radio
        flow.onRadioStatus(5, 0);
        flow.onRadioStatus(5, S);
        assertThat(flow.rateMultiplier(S)).isCloseTo(0.64, within(1e-12));

        // When no report comes for the timeout
        // Then at exactly the timeout it still holds; just past it the radio is gone, once
        assertThat(flow.checkTimeout(S + RadioFlowControl.TIMEOUT_NS)).isFalse();
        assertThat(flow.checkTimeout(S + RadioFlowControl.TIMEOUT_NS + 1)).isTrue();
        assertThat(flow.checkTimeout(S + RadioFlowControl.TIMEOUT_NS + 2)).isFalse();
        assertThat(flow.rateMultiplier(20 * S)).isEqualTo(1.0);
        assertThat(flow.available()).isFalse();
        assertThat(flow.timeouts()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreTxbufOutsidePercentRange() {
        // Given / When reports that are not percentages
        // Then they are refused and change nothing
        assertThat(flow.onRadioStatus(101, S)).isFalse();
        assertThat(flow.onRadioStatus(255, S)).isFalse();
        assertThat(flow.onRadioStatus(-1, S)).isFalse();
        assertThat(flow.available()).isFalse();
        assertThat(flow.radioMultiplier()).isEqualTo(1.0);
        assertThat(flow.reports()).isZero();
    }

    @Test
    void shouldSettleWhereTheRadioCarriesTheLoadInAClosedLoop() {
        // Given a 5760 B/s air link with a 2048-byte buffer and 12 000 B/s of telemetry on offer
        double airBps = 5760;
        double offeredBps = 12_000;
        double capacity = 2048;
        double fill = 0;
        double overflowed = 0;
        double lateOverflow = 0;
        double lastMinuteSent = 0;
        int lowestFreeLate = 100;
        // When the radio reports its free space every second for two minutes
        for (int second = 0; second < 120; second++) {
            double sent = offeredBps * flow.rateMultiplier(second * S);
            if (second >= 60) {
                lastMinuteSent += sent;
            }
            fill += sent - airBps;
            if (fill > capacity) {
                overflowed += fill - capacity;
                if (second >= 10) {
                    lateOverflow += fill - capacity;
                }
                fill = capacity;
            }
            fill = Math.max(0, fill);
            int free = (int) (100 * (capacity - fill) / capacity);
            if (second >= 30) {
                lowestFreeLate = Math.min(lowestFreeLate, free);
            }
            flow.onRadioStatus(free, second * S);
        }
        // Then over the last minute the vehicle sends what the radio carries, give or take PX4's
        // dead band (35..50 % free) and 2.5 % steps, and after the first seconds nothing overflows
        assertThat(lastMinuteSent / 60).isBetween(0.90 * airBps, 1.01 * airBps);
        // with room to spare: the cycle turns well before the buffer is full
        assertThat(lowestFreeLate).isGreaterThanOrEqualTo(20);
        assertThat(overflowed).isPositive();
        assertThat(lateOverflow).isZero();
    }
}
