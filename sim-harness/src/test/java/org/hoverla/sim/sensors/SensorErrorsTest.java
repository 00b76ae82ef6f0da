package org.hoverla.sim.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.MagSample;
import org.hoverla.sim.physics.Airframe;
import org.hoverla.sim.physics.MulticopterSim;
import org.junit.jupiter.api.Test;

class SensorErrorsTest {
    private static final double G = Airframe.GRAVITY_MPS2;

    private static ImuSim.Params noiseless() {
        ImuSim.Params p = new ImuSim.Params();
        p.gyroNoiseDensity = 0;
        p.accelNoiseDensity = 0;
        p.gyroTurnOnBiasSigma = 0;
        p.accelTurnOnBiasSigma = 0;
        p.gyroBiasRandomWalk = 0;
        p.accelBiasRandomWalk = 0;
        return p;
    }

    @Test
    void shouldReadTheDistortedTruthPlusOffsetAndBias() {
        // Given a noiseless IMU with the demo errors on a vehicle resting level
        SensorErrors e = SensorErrors.demo();
        ImuSim imu = new ImuSim(3, noiseless(), e);
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        ImuSample s = new ImuSample();
        // When sampled
        imu.sample(sim, 0, s);
        // Then accel = D · (0, 0, -g) + offset and gyro = bias
        double[][] d = e.accelDistortion;
        assertThat(s.accelXMps2).isCloseTo(d[0][2] * -G + e.accelOffsetMps2[0], within(1e-12));
        assertThat(s.accelYMps2).isCloseTo(d[1][2] * -G + e.accelOffsetMps2[1], within(1e-12));
        assertThat(s.accelZMps2).isCloseTo(d[2][2] * -G + e.accelOffsetMps2[2], within(1e-12));
        assertThat(s.gyroXRadps).isCloseTo(e.gyroBiasRadps[0], within(1e-15));
        assertThat(s.gyroZRadps).isCloseTo(e.gyroBiasRadps[2], within(1e-15));
    }

    @Test
    void shouldBeUndoneExactlyByTheStoredModel() {
        // Given the demo errors and the correction they imply
        SensorErrors e = SensorErrors.demo();
        double[][] m = e.expectedAccelCorrection();
        // When M · D is formed
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double sum = 0;
                for (int k = 0; k < 3; k++) {
                    sum += m[i][k] * e.accelDistortion[k][j];
                }
                // Then it is the identity, and M is symmetric (PX4's SCALE / ODIAG can hold it)
                assertThat(sum).isCloseTo(i == j ? 1.0 : 0.0, within(1e-12));
                assertThat(m[i][j]).isCloseTo(m[j][i], within(1e-12));
            }
        }
    }

    @Test
    void shouldNameTheParametersThatUndoTheErrors() {
        // Given the demo errors
        SensorErrors e = SensorErrors.demo();
        // When the parameters that undo them are listed
        java.util.Map<String, Double> p = e.expectedParameters();
        // Then they are PX4's names with the offsets and D's inverse
        assertThat(p.get("CAL_ACC0_XOFF")).isEqualTo(0.25);
        assertThat(p.get("CAL_ACC0_XSCALE")).isCloseTo(e.expectedAccelCorrection()[0][0], within(1e-15));
        assertThat(p.get("CAL_ACC0_ZODIAG")).isCloseTo(e.expectedAccelCorrection()[1][2], within(1e-15));
        assertThat(p.get("CAL_GYRO0_YOFF")).isEqualTo(Math.toRadians(-0.5));
        assertThat(p.get("CAL_MAG0_ZOFF")).isEqualTo(0.05);
        assertThat(p).hasSize(16).allSatisfy((name, value) -> assertThat(name.length()).isLessThanOrEqualTo(16));
    }

    @Test
    void shouldTakeTheOldPathWithoutErrors() {
        // Given two IMUs with the same seed, one built without errors, one with none()
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.3);
        ImuSim a = new ImuSim(7, new ImuSim.Params());
        ImuSim b = new ImuSim(7, new ImuSim.Params(), SensorErrors.none());
        ImuSample sa = new ImuSample();
        ImuSample sb = new ImuSample();
        for (int i = 0; i < 100; i++) {
            // When sampled alike
            a.sample(sim, i * 1_000_000L, sa);
            b.sample(sim, i * 1_000_000L, sb);
            // Then bit for bit the same
            assertThat(sb.accelXMps2).isEqualTo(sa.accelXMps2);
            assertThat(sb.gyroZRadps).isEqualTo(sa.gyroZRadps);
        }
        assertThat(SensorErrors.none().any()).isFalse();
        assertThat(SensorErrors.demo().any()).isTrue();
    }

    @Test
    void shouldApplySoftAndHardIronToTheMagnetometer() {
        // Given a noiseless magnetometer with the demo errors, vehicle level facing north
        SensorErrors e = SensorErrors.demo();
        MagSim.Params p = new MagSim.Params();
        p.noiseSigmaGauss = 0;
        MagSim mag = new MagSim(1, p, e);
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        MagSample s = new MagSample();
        // When sampled
        assertThat(mag.update(sim, 0, s)).isTrue();
        // Then raw = S · field + hard iron
        Vec3 f = p.fieldNedGauss;
        double[][] si = e.magSoftIron;
        assertThat(s.fieldXGauss).isCloseTo(si[0][0] * f.x + si[0][1] * f.y + si[0][2] * f.z + e.magHardIronGauss[0],
                within(1e-12));
        assertThat(s.fieldZGauss).isCloseTo(si[2][0] * f.x + si[2][1] * f.y + si[2][2] * f.z + e.magHardIronGauss[2],
                within(1e-12));
    }

    @Test
    void shouldSeeIronNearbyThatNoEllipsoidFits() {
        // Given the iron on the bench near a magnetometer on a 5 cm mast
        SensorErrors e = SensorErrors.none();
        MagSim mag = new MagSim(1, new MagSim.Params(), e);
        Quat towards = new Quat().setEuler(0, 0, 0);
        Quat away = new Quat().setEuler(0, 0, Math.PI);
        Quat upright = new Quat().setEuler(0, Math.PI / 2, 0);
        // When the disturbance is evaluated with the mast towards, away from and across the iron
        double near = mag.ironFieldFrd(towards, new Vec3()).norm();
        double far = mag.ironFieldFrd(away, new Vec3()).norm();
        double across = mag.ironFieldFrd(upright, new Vec3()).norm();
        // Then it is of the Earth field's size close by and falls with 1/r^3 far off: its
        // magnitude depends on the attitude, which a fixed field (sphere) or an affine one
        // (ellipsoid) cannot do
        assertThat(near).isBetween(0.2, 0.4);
        assertThat(far).isLessThan(0.05);
        assertThat(across).isBetween(far, near);
        // And the sensor sees it only while the iron is there
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        MagSample clean = new MagSample();
        MagSample disturbed = new MagSample();
        MagSim.Params quiet = new MagSim.Params();
        quiet.noiseSigmaGauss = 0;
        MagSim a = new MagSim(1, quiet, e);
        a.update(sim, 0, clean);
        a.nearbyIron(true);
        a.update(sim, 20_000_000L, disturbed);
        double dx = disturbed.fieldXGauss - clean.fieldXGauss;
        double dy = disturbed.fieldYGauss - clean.fieldYGauss;
        double dz = disturbed.fieldZGauss - clean.fieldZGauss;
        assertThat(Math.sqrt(dx * dx + dy * dy + dz * dz)).isGreaterThan(0.1);
    }
}
