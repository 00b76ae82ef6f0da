package org.hoverla.core.control;

import org.hoverla.core.control.MotorTest.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MotorTestTest {
    private static final long S = 1_000_000_000L;
    private static final double NAN = Double.NaN;
    private final MotorTest test = new MotorTest();

    private Result request(double instance, double type, double value, double timeoutS, double count) {
        return test.request(instance, type, value, timeoutS, count, false, true, 4, 10 * S);
    }

    @Test
    void shouldRunTheRequestedMotorAtThePercentThrottleUntilTheTimeout() {
        // When motor 2 is asked at 30 % for 1.5 s at t = 10 s
        assertThat(request(2, MotorTest.THROTTLE_PERCENT, 30, 1.5, 1)).isEqualTo(Result.ACCEPTED);

        // Then motor index 1 runs at 0.3 from 10 s to 11.5 s
        assertThat(test.motor()).isEqualTo(1);
        assertThat(test.value()).isCloseTo(0.3, within(1e-12));
        assertThat(test.reason()).isEmpty();
        assertThat(test.active(10 * S)).isTrue();
        assertThat(test.active(11 * S + S / 2 - 1)).isTrue();
        assertThat(test.active(11 * S + S / 2)).isFalse();
    }

    @Test
    void shouldClampThrottleAndTimeoutAsPx4Does() {
        // 150 % → 100 %; a timeout of 0, negative, NaN or above 3 s → 3 s
        request(1, MotorTest.THROTTLE_PERCENT, 150, 0, 1);
        assertThat(test.value()).isEqualTo(1.0);
        assertThat(test.endNs()).isEqualTo(13 * S);
        for (double timeout : new double[] {-1, NAN, 10, 3.0004}) {
            request(1, MotorTest.THROTTLE_PERCENT, 10, timeout, 1);
            assertThat(test.endNs()).as("timeout %s", timeout).isEqualTo(13 * S);
        }
        request(1, MotorTest.THROTTLE_PERCENT, 10, 0.25, NAN);
        assertThat(test.endNs()).isEqualTo(10 * S + S / 4);
    }

    @Test
    void shouldKeepAPwmThrottleInMicroseconds() {
        assertThat(request(4, MotorTest.THROTTLE_PWM, 1300, 1, 0)).isEqualTo(Result.ACCEPTED);
        assertThat(test.throttleType()).isEqualTo(MotorTest.THROTTLE_PWM);
        assertThat(test.value()).isEqualTo(1300.0);
        assertThat(test.motor()).isEqualTo(3);
    }

    @Test
    void shouldStopARunningTestAtZeroPercent() {
        request(1, MotorTest.THROTTLE_PERCENT, 20, 2, 1);
        assertThat(request(1, MotorTest.THROTTLE_PERCENT, 0, 2, 1)).isEqualTo(Result.ACCEPTED);
        assertThat(test.active(10 * S)).isFalse();
    }

    @Test
    void shouldRefuseWhileArmedOrDisabled() {
        assertThat(test.request(1, 0, 20, 1, 1, true, true, 4, 0)).isEqualTo(Result.DENIED);
        assertThat(test.reason()).isEqualTo(MotorTest.REFUSED_ARMED);
        assertThat(test.request(1, 0, 20, 1, 1, false, false, 4, 0)).isEqualTo(Result.DENIED);
        assertThat(test.reason()).isEqualTo(MotorTest.REFUSED_DISABLED);
        assertThat(test.active(0)).isFalse();
    }

    @Test
    void shouldRefuseBadRequestsWithAReason() {
        // unsupported throttle types (pilot, compass calibration, NaN) and sequences
        assertThat(request(1, 2, 20, 1, 1)).isEqualTo(Result.UNSUPPORTED);
        assertThat(request(1, 3, 20, 1, 1)).isEqualTo(Result.UNSUPPORTED);
        assertThat(request(1, NAN, 20, 1, 1)).isEqualTo(Result.UNSUPPORTED);
        assertThat(test.reason()).isEqualTo(MotorTest.REFUSED_THROTTLE_TYPE);
        assertThat(request(1, 0, 20, 1, 4)).isEqualTo(Result.UNSUPPORTED);
        assertThat(test.reason()).isEqualTo(MotorTest.REFUSED_SEQUENCE);
        // instances outside 1..4 and NaN
        for (double instance : new double[] {0, 5, -1, NAN, Double.POSITIVE_INFINITY}) {
            assertThat(request(instance, 0, 20, 1, 1)).as("instance %s", instance).isEqualTo(Result.DENIED);
            assertThat(test.reason()).isEqualTo(MotorTest.REFUSED_INSTANCE);
        }
        // a throttle that is not a number
        assertThat(request(1, 0, NAN, 1, 1)).isEqualTo(Result.DENIED);
        assertThat(test.reason()).isEqualTo(MotorTest.REFUSED_VALUE);
        // and nothing runs
        assertThat(test.active(10 * S)).isFalse();
    }
}
