package org.hoverla.sim.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.hoverla.hal.MagSample;
import org.hoverla.sim.physics.Airframe;
import org.hoverla.sim.physics.MulticopterSim;
import org.junit.jupiter.api.Test;

class MagSimTest {

    @Test
    void shouldRotateFieldIntoBodyAtNinetyDegreesYaw() {
        // Given a noise-free mag and the vehicle resting facing east
        MagSim.Params p = new MagSim.Params();
        p.noiseSigmaGauss = 0;
        MagSim mag = new MagSim(1, p);
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), Math.PI / 2);
        MagSample s = new MagSample();
        // When sampled
        assertThat(mag.update(sim, 0, s)).isTrue();
        // Then north appears on the body's left (-y) and east straight ahead (+x)
        Vec3 f = mag.fieldNedGauss();
        assertThat(s.fieldXGauss).isCloseTo(f.y, within(1e-12));
        assertThat(s.fieldYGauss).isCloseTo(-f.x, within(1e-12));
        assertThat(s.fieldZGauss).isCloseTo(f.z, within(1e-12));
    }

    @Test
    void shouldAddHardIronAndNoise() {
        // Given a mag with a hard-iron offset on a level north-facing vehicle
        MagSim.Params p = new MagSim.Params();
        p.hardIronFrdGauss.set(0.1, -0.05, 0.02);
        MagSim mag = new MagSim(2, p);
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        MagSample s = new MagSample();
        int n = 0;
        double sum = 0;
        double sq = 0;
        // When sampled at 100 Hz for 200 s (called at 1 kHz)
        for (int i = 0; i < 200_000; i++) {
            if (mag.update(sim, i * 1_000_000L, s)) {
                n++;
                double e = s.fieldXGauss - (0.195 + 0.1);
                sum += e;
                sq += e * e;
            }
        }
        // Then 100 Hz, offset applied, 5 mG sigma
        assertThat(n).isEqualTo(20_000);
        assertThat(sum / n).isCloseTo(0.0, within(2e-4));
        assertThat(Math.sqrt(sq / n)).isCloseTo(0.005, within(2.5e-4));
    }

    @Test
    void shouldBuildFieldFromAnglesAndDipole() {
        // Given declination 7.3 deg, inclination 66.9 deg, 0.5 G
        Vec3 f = MagSim.fieldFromAngles(7.3, 66.9, 0.5, new Vec3());
        // Then the vector has those angles
        assertThat(Math.toDegrees(Math.atan2(f.y, f.x))).isCloseTo(7.3, within(1e-9));
        assertThat(Math.toDegrees(Math.atan2(f.z, f.normXy()))).isCloseTo(66.9, within(1e-9));
        assertThat(f.norm()).isCloseTo(0.5, within(1e-12));
        // And the dipole near Kyiv gives Europe-like intensity and inclination
        Vec3 d = MagSim.dipoleField(50.45, 30.52, new Vec3());
        assertThat(d.norm()).isBetween(0.45, 0.55);
        assertThat(Math.toDegrees(Math.atan2(d.z, d.normXy()))).isBetween(60.0, 70.0);
        // And at the equator on the prime meridian the field points north, roughly horizontal
        Vec3 e = MagSim.dipoleField(0, 0, new Vec3());
        assertThat(e.x).isGreaterThan(0.25);
        // And the default field's declination is exposed
        MagSim mag = new MagSim(1, new MagSim.Params());
        assertThat(Math.toDegrees(mag.declinationRad())).isCloseTo(7.3, within(0.1));
    }

    @Test
    void shouldRepeatWithSameSeed() {
        // Given two mags with the same seed on a tilted vehicle
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        sim.resetState(new Vec3(0, 0, -5), new Vec3(), new Quat().setEuler(0.2, 0.1, 1.0), new Vec3());
        MagSim a = new MagSim(3, new MagSim.Params());
        MagSim b = new MagSim(3, new MagSim.Params());
        MagSample sa = new MagSample();
        MagSample sb = new MagSample();
        // When stepped alike, then identical
        for (int i = 0; i < 1000; i++) {
            a.update(sim, i * 1_000_000L, sa);
            b.update(sim, i * 1_000_000L, sb);
            assertThat(sa.fieldZGauss).isEqualTo(sb.fieldZGauss);
        }
    }
}
