package org.hoverla.sim.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.hoverla.hal.BaroSample;
import org.hoverla.sim.physics.Airframe;
import org.hoverla.sim.physics.MulticopterSim;
import org.junit.jupiter.api.Test;

class BaroSimTest {

    @Test
    void shouldMatchIsaReferencePoints() {
        // Given the ISA formula
        // Then sea level is 101325 Pa and 1000 m is ~89875 Pa (ISA table value 89,874.6 Pa)
        assertThat(BaroSim.pressureAtAltitudePa(0)).isEqualTo(101325.0);
        assertThat(BaroSim.pressureAtAltitudePa(1000)).isCloseTo(89874.6, within(5.0));
        assertThat(BaroSim.temperatureAtAltitudeC(1000)).isCloseTo(8.5, within(1e-9));
    }

    @Test
    void shouldRoundTripAltitude() {
        // Given a noise-free baro at a 300 m MSL home and the vehicle 50 m up
        BaroSim.Params p = new BaroSim.Params();
        p.homeAltMslM = 300;
        p.noiseSigmaPa = 0;
        p.driftPaPerSqrtS = 0;
        BaroSim baro = new BaroSim(3, p);
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        sim.resetState(new Vec3(0, 0, -50), new Vec3(), new Quat(), new Vec3());
        BaroSample s = new BaroSample();
        // When sampled
        assertThat(baro.update(sim, 0, s)).isTrue();
        // Then the pressure converts back to 350 m
        assertThat(BaroSim.altitudeAtPressureM(s.pressurePa)).isCloseTo(350.0, within(1e-6));
        for (double h = -400; h <= 8000; h += 250) {
            assertThat(BaroSim.altitudeAtPressureM(BaroSim.pressureAtAltitudePa(h))).isCloseTo(h, within(1e-6));
        }
    }

    @Test
    void shouldDeliverAtRateWithConfiguredNoise() {
        // Given a baro at 50 Hz without drift, called at 1 kHz
        BaroSim.Params p = new BaroSim.Params();
        p.driftPaPerSqrtS = 0;
        BaroSim baro = new BaroSim(8, p);
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        BaroSample s = new BaroSample();
        int delivered = 0;
        double sq = 0;
        double p0 = BaroSim.pressureAtAltitudePa(0);
        // When called for 200 s
        for (int i = 0; i < 200_000; i++) {
            if (baro.update(sim, i * 1_000_000L, s)) {
                delivered++;
                sq += (s.pressurePa - p0) * (s.pressurePa - p0);
                assertThat(s.timestampSampleNs).isEqualTo(i * 1_000_000L);
            }
        }
        // Then 50 Hz and 1.2 Pa sigma
        assertThat(delivered).isEqualTo(10_000);
        assertThat(Math.sqrt(sq / delivered)).isCloseTo(1.2, within(0.05));
    }

    @Test
    void shouldRepeatWithSameSeed() {
        // Given two baros with the same seed
        BaroSim a = new BaroSim(4, new BaroSim.Params());
        BaroSim b = new BaroSim(4, new BaroSim.Params());
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        BaroSample sa = new BaroSample();
        BaroSample sb = new BaroSample();
        // When stepped alike, then identical
        for (int i = 0; i < 2000; i++) {
            assertThat(a.update(sim, i * 1_000_000L, sa)).isEqualTo(b.update(sim, i * 1_000_000L, sb));
            assertThat(sa.pressurePa).isEqualTo(sb.pressurePa);
        }
    }
}
