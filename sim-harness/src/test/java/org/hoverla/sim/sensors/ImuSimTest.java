package org.hoverla.sim.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.hal.ImuSample;
import org.hoverla.sim.physics.Airframe;
import org.hoverla.sim.physics.MulticopterSim;
import org.junit.jupiter.api.Test;

class ImuSimTest {
    private static final double G = Airframe.GRAVITY_MPS2;

    @Test
    void shouldRepeatWithSameSeed() {
        // Given two IMUs with the same seed on the same vehicle
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        ImuSim a = new ImuSim(99, new ImuSim.Params());
        ImuSim b = new ImuSim(99, new ImuSim.Params());
        ImuSample sa = new ImuSample();
        ImuSample sb = new ImuSample();
        // When sampled alike
        for (int i = 0; i < 1000; i++) {
            a.sample(sim, i * 1_000_000L, sa);
            b.sample(sim, i * 1_000_000L, sb);
            // Then identical
            assertThat(sa.gyroXRadps).isEqualTo(sb.gyroXRadps);
            assertThat(sa.accelZMps2).isEqualTo(sb.accelZMps2);
        }
        // And another seed differs
        ImuSim c = new ImuSim(100, new ImuSim.Params());
        ImuSample sc = new ImuSample();
        c.sample(sim, 0, sc);
        assertThat(sc.gyroXRadps).isNotEqualTo(sa.gyroXRadps);
    }

    @Test
    void shouldHaveConfiguredNoiseAroundTruth() {
        // Given an IMU without biases on a vehicle resting on the ground
        ImuSim.Params p = new ImuSim.Params();
        p.gyroTurnOnBiasSigma = 0;
        p.accelTurnOnBiasSigma = 0;
        p.gyroBiasRandomWalk = 0;
        p.accelBiasRandomWalk = 0;
        ImuSim imu = new ImuSim(5, p);
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        ImuSample s = new ImuSample();
        int n = 200_000;
        double sumGx = 0;
        double sqGx = 0;
        double sumAz = 0;
        double sqAz = 0;
        // When sampled 200 s at 1 kHz
        for (int i = 0; i < n; i++) {
            imu.sample(sim, i * 1_000_000L, s);
            sumGx += s.gyroXRadps;
            sqGx += s.gyroXRadps * s.gyroXRadps;
            sumAz += s.accelZMps2;
            sqAz += (s.accelZMps2 + G) * (s.accelZMps2 + G);
        }
        // Then mean is the truth and sigma = density * sqrt(rate)
        double gyroSigma = Math.toRadians(2.8e-3) * Math.sqrt(1000);
        double accelSigma = 70e-6 * G * Math.sqrt(1000);
        assertThat(imu.gyroSigmaRadps()).isCloseTo(gyroSigma, within(1e-12));
        assertThat(sumGx / n).isCloseTo(0.0, within(4 * gyroSigma / Math.sqrt(n)));
        assertThat(Math.sqrt(sqGx / n)).isCloseTo(gyroSigma, within(0.02 * gyroSigma));
        assertThat(sumAz / n).isCloseTo(-G, within(4 * accelSigma / Math.sqrt(n)));
        assertThat(Math.sqrt(sqAz / n)).isCloseTo(accelSigma, within(0.02 * accelSigma));
        assertThat(s.timestampSampleNs).isEqualTo((n - 1) * 1_000_000L);
    }

    @Test
    void shouldApplyConstantTurnOnBias() {
        // Given an IMU with turn-on bias only and little noise
        ImuSim.Params p = new ImuSim.Params();
        p.gyroNoiseDensity = 0;
        p.accelNoiseDensity = 0;
        p.gyroBiasRandomWalk = 0;
        p.accelBiasRandomWalk = 0;
        ImuSim imu = new ImuSim(11, p);
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        ImuSample s = new ImuSample();
        // When sampled twice far apart
        imu.sample(sim, 0, s);
        double first = s.gyroYRadps;
        for (int i = 1; i < 5000; i++) {
            imu.sample(sim, i * 1_000_000L, s);
        }
        // Then the reading is the same nonzero bias
        assertThat(first).isNotEqualTo(0.0).isEqualTo(imu.gyroBiasRadps(1));
        assertThat(s.gyroYRadps).isEqualTo(first);
    }
}
