package org.hoverla.core.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class FailureInjectionTest {
    private final FailureInjection f = new FailureInjection();

    @Test
    void shouldNumberUnitsAndTypesAsMavlinkDoes() {
        // FAILURE_UNIT and FAILURE_TYPE of MAVLink's common.xml
        assertThat(FailureUnit.fromMavlink(0)).isEqualTo(FailureUnit.GYRO);
        assertThat(FailureUnit.fromMavlink(4)).isEqualTo(FailureUnit.GPS);
        assertThat(FailureUnit.fromMavlink(100)).isEqualTo(FailureUnit.BATTERY);
        assertThat(FailureUnit.fromMavlink(101)).isEqualTo(FailureUnit.MOTOR);
        assertThat(FailureUnit.fromMavlink(104)).isEqualTo(FailureUnit.RC_SIGNAL);
        assertThat(FailureUnit.fromMavlink(105)).isEqualTo(FailureUnit.MAVLINK_SIGNAL);
        assertThat(FailureUnit.fromMavlink(5)).isNull();
        assertThat(FailureType.fromMavlink(7)).isEqualTo(FailureType.INTERMITTENT);
        assertThat(FailureType.fromMavlink(8)).isNull();
        assertThat(FailureType.fromName("garbage").mavlinkValue()).isEqualTo(3);
        assertThat(FailureUnit.fromName("rc_signal")).isEqualTo(FailureUnit.RC_SIGNAL);
    }

    @Test
    void shouldLetTheAllInstancesFailureWinAndClearEverythingWithOkForAll() {
        f.inject(FailureUnit.MOTOR, FailureType.WRONG, 3);
        assertThat(f.type(FailureUnit.MOTOR, 3)).isEqualTo(FailureType.WRONG);
        assertThat(f.type(FailureUnit.MOTOR, 1)).isEqualTo(FailureType.OK);
        f.inject(FailureUnit.MOTOR, FailureType.OFF, 0);
        assertThat(f.type(FailureUnit.MOTOR, 1)).isEqualTo(FailureType.OFF);
        assertThat(f.type(FailureUnit.MOTOR, 3)).isEqualTo(FailureType.OFF);
        f.inject(FailureUnit.MOTOR, FailureType.OK, 0);
        assertThat(f.active(FailureUnit.MOTOR)).isFalse();
        assertThat(f.generation()).isEqualTo(3);
        assertThatThrownBy(() -> f.inject(FailureUnit.MOTOR, FailureType.OFF, 9))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadWithoutAllocating() {
        f.inject(FailureUnit.GPS, FailureType.STUCK, 0);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int hits = 0;
        for (int i = 0; i < 20_000; i++) { // warm up
            hits += f.type(FailureUnit.GPS, 1) == FailureType.STUCK && f.active(FailureUnit.GYRO) ? 1 : 0;
        }
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++) {
            hits += f.type(FailureUnit.GPS, 1) == FailureType.STUCK ? 1 : 0;
            hits += f.active(FailureUnit.MOTOR) ? 1 : 0;
            hits += f.generation() & 1;
        }
        long after = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        assertThat(after - before).isZero();
        assertThat(hits).isGreaterThanOrEqualTo(100_000);
    }
}
