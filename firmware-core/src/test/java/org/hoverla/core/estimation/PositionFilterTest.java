package org.hoverla.core.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.core.math.Vec3;
import org.junit.jupiter.api.Test;

class PositionFilterTest {
    private static final double DT = 0.004;
    private static final long DT_NS = 4_000_000L;

    @Test
    void shouldIntegrateConstantAccelerationExactly() {
        // Given a filter at rest and a constant 1 m/s^2 north acceleration
        PositionFilter f = new PositionFilter();
        f.reset(0, 0, 0);
        Vec3 acc = new Vec3(1.0, 0, 0);
        // When 2 s pass without measurements
        for (int i = 1; i <= 500; i++) {
            f.predict(acc, DT, i * DT_NS);
        }
        // Then x = a t^2 / 2, v = a t
        assertThat(f.positionNed().x).isCloseTo(2.0, within(1e-9));
        assertThat(f.velocityNed().x).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void shouldCorrectDelayedMeasurementsAndLearnAnAccelerometerBias() {
        // Given a still vehicle at (5, -3, -10) whose accelerometer reads 0.2 m/s^2 too much north
        PositionFilter f = new PositionFilter();
        f.reset(0, 0, 0);
        Vec3 acc = new Vec3(0.2, 0, 0);
        Vec3 vel = new Vec3();
        long t = 0;
        // When it runs 60 s with GNSS-like position and velocity at 10 Hz, 100 ms late, and baro at 50 Hz
        for (int i = 1; i <= 15_000; i++) {
            t += DT_NS;
            f.predict(acc, DT, t);
            if (i % 25 == 0) {
                long sampleT = t - 100_000_000L;
                f.fuseHorizontalPosition(5.0, -3.0, sampleT, 0.1, t);
                f.fuseVelocity(vel, true, sampleT, 0.1);
            }
            if (i % 5 == 0) {
                f.fuseVerticalPosition(-10.0, t, 0.02);
            }
        }
        // Then position and velocity converge and the bias is learnt
        assertThat(f.positionNed().x).isCloseTo(5.0, within(0.05));
        assertThat(f.positionNed().y).isCloseTo(-3.0, within(0.05));
        assertThat(f.positionNed().z).isCloseTo(-10.0, within(0.05));
        assertThat(f.velocityNed().norm()).isLessThan(0.02);
        assertThat(f.accelBiasNed().x).isCloseTo(0.2, within(0.02));
    }

    @Test
    void shouldGateA50MetreJumpThenResetWhenItPersists() {
        // Given a converged filter at the origin
        PositionFilter f = new PositionFilter();
        f.reset(0, 0, 0);
        f.setPositionGateM(10.0);
        Vec3 zero = new Vec3();
        long t = 0;
        for (int i = 1; i <= 2500; i++) {
            t += DT_NS;
            f.predict(zero, DT, t);
            if (i % 25 == 0) {
                f.fuseHorizontalPosition(0, 0, t, 0.1, t);
            }
        }
        // When GNSS jumps 50 m north for 3 s
        for (int i = 1; i <= 750; i++) {
            t += DT_NS;
            f.predict(zero, DT, t);
            if (i % 25 == 0) {
                assertThat(f.fuseHorizontalPosition(50.0, 0, t, 0.1, t)).isFalse();
            }
        }
        // Then the jump was refused and the estimate stayed
        assertThat(f.gnssRejected()).isEqualTo(30);
        assertThat(f.positionNed().x).isCloseTo(0.0, within(0.01));
        // When the jump persists beyond the reset time (5 s), the filter moves to it
        for (int i = 1; i <= 1000; i++) {
            t += DT_NS;
            f.predict(zero, DT, t);
            if (i % 25 == 0) {
                f.fuseHorizontalPosition(50.0, 0, t, 0.1, t);
            }
        }
        assertThat(f.gnssResets()).isEqualTo(1);
        assertThat(f.positionNed().x).isCloseTo(50.0, within(0.5));
    }

    @Test
    void shouldRejectNonFiniteInput() {
        PositionFilter f = new PositionFilter();
        f.reset(1, 2, 3);
        assertThat(f.predict(new Vec3(Double.NaN, 0, 0), DT, 1)).isFalse();
        assertThat(f.fuseHorizontalPosition(Double.NaN, 0, 1, 0.1, 1)).isFalse();
        assertThat(f.fuseVerticalPosition(Double.POSITIVE_INFINITY, 1, 0.1)).isFalse();
        assertThat(f.fuseVelocity(new Vec3(0, Double.NaN, 0), true, 1, 0.1)).isFalse();
        assertThat(f.positionNed().x).isEqualTo(1.0);
        assertThat(f.positionNed().isFinite()).isTrue();
    }
}
