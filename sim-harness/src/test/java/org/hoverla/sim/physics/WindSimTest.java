package org.hoverla.sim.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.core.math.Vec3;
import org.junit.jupiter.api.Test;

class WindSimTest {

    @Test
    void shouldBlowFromTheGivenDirection() {
        // Given a 5 m/s wind from the west (270 deg) without gusts
        WindSim wind = new WindSim(1, 5.0, 270.0, 0.0);
        Vec3 out = new Vec3();
        // When sampled
        wind.update(0.001, out);
        // Then the air moves east
        assertThat(out.x).isCloseTo(0.0, within(1e-9));
        assertThat(out.y).isCloseTo(5.0, within(1e-9));
        assertThat(out.z).isEqualTo(0.0);
    }

    @Test
    void shouldBeCalmAtZeroSpeed() {
        // Given zero mean speed but a gust sigma
        WindSim wind = new WindSim(1, 0.0, 90.0, 2.0);
        Vec3 out = new Vec3(1, 1, 1);
        // When sampled many times
        for (int i = 0; i < 1000; i++) {
            wind.update(0.001, out);
        }
        // Then there is no wind at all
        assertThat(out.norm()).isEqualTo(0.0);
    }

    @Test
    void shouldMatchMeanAndGustStatistics() {
        // Given a 6 m/s wind from north with 1.5 m/s gusts
        WindSim wind = new WindSim(42, 6.0, 0.0, 1.5);
        Vec3 out = new Vec3();
        double dt = 0.01;
        int n = 2_000_000; // 20,000 s ~ 6,700 correlation times
        double sumN = 0;
        double sumE = 0;
        double sumD = 0;
        double sqN = 0;
        double sqD = 0;
        double lag = 0;
        int lagSteps = (int) Math.round(WindSim.HORIZONTAL_CORRELATION_S / dt);
        double[] hist = new double[lagSteps];
        // When sampled for a long time
        for (int i = 0; i < n; i++) {
            wind.update(dt, out);
            sumN += out.x;
            sumE += out.y;
            sumD += out.z;
            sqN += (out.x + 6.0) * (out.x + 6.0);
            sqD += out.z * out.z;
            int k = i % lagSteps;
            if (i >= lagSteps) {
                lag += hist[k] * out.y;
            }
            hist[k] = out.y;
        }
        // Then the mean blows south at 6 m/s and the gusts have the configured sigma
        assertThat(sumN / n).isCloseTo(-6.0, within(0.1));
        assertThat(sumE / n).isCloseTo(0.0, within(0.1));
        assertThat(sumD / n).isCloseTo(0.0, within(0.05));
        assertThat(Math.sqrt(sqN / n)).isCloseTo(1.5, within(0.1));
        assertThat(Math.sqrt(sqD / n)).isCloseTo(0.75, within(0.05));
        // And the autocorrelation at one correlation time is about 1/e
        double rho = lag / (n - lagSteps) / (1.5 * 1.5);
        assertThat(rho).isCloseTo(Math.exp(-1.0), within(0.06));
    }

    @Test
    void shouldRepeatWithSameSeed() {
        // Given two winds with the same seed
        WindSim a = new WindSim(7, 4.0, 45.0, 1.0);
        WindSim b = new WindSim(7, 4.0, 45.0, 1.0);
        Vec3 va = new Vec3();
        Vec3 vb = new Vec3();
        // When stepped alike
        for (int i = 0; i < 1000; i++) {
            a.update(0.001, va);
            b.update(0.001, vb);
            // Then they agree exactly
            assertThat(va.x).isEqualTo(vb.x);
            assertThat(va.z).isEqualTo(vb.z);
        }
    }
}
