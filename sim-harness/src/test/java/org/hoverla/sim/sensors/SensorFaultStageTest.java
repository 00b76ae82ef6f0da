package org.hoverla.sim.sensors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.hoverla.core.fault.FailureType;
import org.hoverla.hal.BaroSample;
import org.junit.jupiter.api.Test;

/** Each failure type on a stream of barometer samples at 50 Hz (pressure = the sample's index). */
class SensorFaultStageTest {
    private static final long PERIOD_NS = 20_000_000L;

    private final SensorFaultStage<BaroSample> stage = new SensorFaultStage<>(7, BaroSample::new, BaroSample::copyFrom,
            new SensorFaultStage.Corruption<>() {
                @Override
                public void hold(BaroSample d, BaroSample h) {
                    d.pressurePa = h.pressurePa;
                }

                @Override
                public void garbage(BaroSample s, SplittableRandom r) {
                    s.pressurePa = r.nextDouble(-1e6, 1e6);
                }

                @Override
                public void wrong(BaroSample s) {
                    s.pressurePa += 1000;
                }
            }, 32);
    private final BaroSample s = new BaroSample();

    /** Feeds samples i = from..to-1 with {@code type}; returns the pressures delivered. */
    private double[] run(FailureType type, int from, int to) {
        double[] delivered = new double[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            long now = i * PERIOD_NS;
            s.timestampSampleNs = now;
            s.pressurePa = i;
            if (stage.apply(type, now, s)) {
                delivered[n++] = s.pressurePa;
                assertThat(s.timestampSampleNs).as("timestamps are never rewritten except by delay").isLessThanOrEqualTo(now);
            }
        }
        return java.util.Arrays.copyOf(delivered, n);
    }

    @Test
    void shouldPassSamplesUnchangedWhenOk() {
        assertThat(run(FailureType.OK, 0, 5)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void shouldDeliverNothingWhenOff() {
        assertThat(run(FailureType.OFF, 0, 50)).isEmpty();
    }

    @Test
    void shouldRepeatTheLastValueWhenStuckWithFreshTimestamps() {
        run(FailureType.OK, 0, 10);
        assertThat(run(FailureType.STUCK, 10, 20)).containsOnly(10.0).hasSize(10);
        assertThat(s.timestampSampleNs).isEqualTo(19 * PERIOD_NS);
        // When cleared and stuck again, it holds the new value
        run(FailureType.OK, 20, 25);
        assertThat(run(FailureType.STUCK, 25, 27)).containsOnly(25.0);
    }

    @Test
    void shouldOffsetWhenWrongAndRandomiseWhenGarbage() {
        assertThat(run(FailureType.WRONG, 0, 3)).containsExactly(1000, 1001, 1002);
        double[] garbage = run(FailureType.GARBAGE, 0, 100);
        assertThat(garbage).hasSize(100);
        assertThat(java.util.Arrays.stream(garbage).filter(v -> Math.abs(v) > 1000).count()).isGreaterThan(90);
    }

    @Test
    void shouldDeliverOneInFiveWhenSlow() {
        assertThat(run(FailureType.SLOW, 0, 50)).hasSize(50 / SensorFaultStage.SLOW_DIVIDER);
    }

    @Test
    void shouldDeliverEachSampleLateByTheDelayWhenDelayed() {
        double[] out = run(FailureType.DELAYED, 0, 100);
        // 300 ms at 20 ms per sample: the first 15 are held back, then every sample comes, 15 late
        assertThat(out).hasSize(100 - 15);
        assertThat(out[0]).isEqualTo(0.0);
        assertThat(s.timestampSampleNs).isEqualTo(84 * PERIOD_NS);
    }

    @Test
    void shouldDropWholeWindowsWhenIntermittentTheSameWayForTheSameSeed() {
        double[] out = run(FailureType.INTERMITTENT, 0, 3000); // 60 s
        assertThat(out.length).isBetween(900, 2100);
        assertThat(out.length % 50).as("whole one-second windows").isZero();
        SensorFaultStage<BaroSample> same = new SensorFaultStage<>(7, BaroSample::new, BaroSample::copyFrom, null, 4);
        int n = 0;
        for (int i = 0; i < 3000; i++) {
            n += same.apply(FailureType.INTERMITTENT, i * PERIOD_NS, s) ? 1 : 0;
        }
        assertThat(n).isEqualTo(out.length);
    }
}
