package org.hoverla.sim.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.hoverla.hal.GnssSample;
import org.hoverla.sim.physics.Airframe;
import org.hoverla.sim.physics.MulticopterSim;
import org.junit.jupiter.api.Test;

class GnssSimTest {
    private static final GeoRef HOME = new GeoRef(48.16, 24.50, 2061.0);

    @Test
    void shouldDeliverAtRateWithLatency() {
        // Given a default 10 Hz receiver with 100 ms latency, called at 1 kHz
        GnssSim gnss = new GnssSim(1, new GnssSim.Params(), HOME);
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        GnssSample s = new GnssSample();
        int delivered = 0;
        long lastDelivery = -1;
        // When run for 10 s
        for (int i = 0; i <= 10_000; i++) {
            long now = i * 1_000_000L;
            if (gnss.update(sim, now, s)) {
                delivered++;
                // Then each solution arrives exactly 100 ms after its sample time
                assertThat(now - s.timestampSampleNs).isEqualTo(100_000_000L);
                if (lastDelivery >= 0) {
                    assertThat(now - lastDelivery).isEqualTo(100_000_000L);
                }
                lastDelivery = now;
                assertThat(s.fixType).isEqualTo(GnssSample.FIX_3D);
                assertThat(s.satellitesUsed).isEqualTo(14);
            }
        }
        // And 10 Hz: solutions for t = 0 .. 9.9 s delivered by 10 s
        assertThat(delivered).isEqualTo(100);
        assertThat(s.ephM).isCloseTo(gnss.ephM(), within(1e-12));
    }

    @Test
    void shouldReportPositionNearTruthWithConsistentAccuracy() {
        // Given a receiver and a vehicle 30 m north, 10 m up
        GnssSim gnss = new GnssSim(2, new GnssSim.Params(), HOME);
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        sim.resetState(new Vec3(30, 0, -10), new Vec3(), new Quat(), new Vec3());
        GnssSample s = new GnssSample();
        Vec3 ned = new Vec3();
        Vec3 slow = new Vec3();
        int n = 0;
        // When many solutions are taken (sim not stepped, so truth is fixed)
        for (int i = 0; i <= 200_000; i++) {
            if (gnss.update(sim, i * 1_000_000L, s)) {
                HOME.toNed(s.latDeg, s.lonDeg, s.altMslM, ned);
                // Then the error stays within a few reported sigmas
                assertThat(Math.abs(ned.x - 30)).isLessThan(5 * s.ephM);
                assertThat(Math.abs(ned.z + 10)).isLessThan(5 * s.epvM);
                assertThat(s.velNMps).isCloseTo(0.0, within(5 * s.sAccMps));
                n++;
            }
        }
        assertThat(n).isEqualTo(2000);
        assertThat(gnss.correlatedErrorNed(slow).norm()).isLessThan(15.0);
    }

    @Test
    void shouldMatchWhitePositionNoiseSigma() {
        // Given a receiver with the slow error switched off
        GnssSim.Params p = new GnssSim.Params();
        p.horizontalGmSigmaM = 0;
        p.verticalGmSigmaM = 0;
        GnssSim gnss = new GnssSim(6, p, HOME);
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        GnssSample s = new GnssSample();
        Vec3 ned = new Vec3();
        double sqN = 0;
        double sqD = 0;
        int n = 0;
        // When 20,000 solutions are delivered
        for (long i = 0; n < 20_000; i++) {
            if (gnss.update(sim, i * 1_000_000L, s)) {
                HOME.toNed(s.latDeg, s.lonDeg, s.altMslM, ned);
                sqN += ned.x * ned.x;
                sqD += ned.z * ned.z;
                n++;
            }
        }
        // Then the white noise has the configured sigmas and eph reports it
        assertThat(Math.sqrt(sqN / n)).isCloseTo(0.4, within(0.015));
        assertThat(Math.sqrt(sqD / n)).isCloseTo(0.6, within(0.02));
        assertThat(s.ephM).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void shouldMatchVelocityNoiseSigma() {
        // Given a receiver on a still vehicle
        GnssSim gnss = new GnssSim(3, new GnssSim.Params(), HOME);
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        GnssSample s = new GnssSample();
        double sq = 0;
        int n = 0;
        // When 20,000 solutions are delivered
        for (long i = 0; n < 20_000; i++) {
            if (gnss.update(sim, i * 1_000_000L, s)) {
                sq += s.velEMps * s.velEMps;
                n++;
            }
        }
        // Then the velocity noise has the configured 0.05 m/s sigma
        assertThat(Math.sqrt(sq / n)).isCloseTo(0.05, within(0.002));
    }

    @Test
    void shouldReportNoFixDuringOutage() {
        // Given a receiver delivering fixes
        GnssSim gnss = new GnssSim(4, new GnssSim.Params(), HOME);
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        GnssSample s = new GnssSample();
        long t = 0;
        while (!gnss.update(sim, t, s)) {
            t += 1_000_000L;
        }
        assertThat(s.fixType).isEqualTo(GnssSample.FIX_3D);
        // When the outage starts, after the latency has flushed the old fixes
        gnss.setOutage(true);
        int noFix = 0;
        for (int i = 0; i < 1000; i++) {
            t += 1_000_000L;
            if (gnss.update(sim, t, s) && s.fixType == GnssSample.FIX_NONE) {
                noFix++;
                assertThat(s.satellitesUsed).isZero();
                assertThat(s.latDeg).isNaN();
                assertThat(s.ephM).isEqualTo(GnssSim.OUTAGE_ACCURACY_M);
            }
        }
        // Then the receiver keeps reporting, without a fix
        assertThat(noFix).isGreaterThanOrEqualTo(8);
        assertThat(s.fixType).isEqualTo(GnssSample.FIX_NONE);
        // When the sky returns, fixes come back
        gnss.setOutage(false);
        for (int i = 0; i < 300; i++) {
            t += 1_000_000L;
            gnss.update(sim, t, s);
        }
        assertThat(s.fixType).isEqualTo(GnssSample.FIX_3D);
        assertThat(s.satellitesUsed).isEqualTo(14);
    }

    @Test
    void shouldRepeatWithSameSeed() {
        // Given two receivers with the same seed
        GnssSim a = new GnssSim(5, new GnssSim.Params(), HOME);
        GnssSim b = new GnssSim(5, new GnssSim.Params(), HOME);
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        GnssSample sa = new GnssSample();
        GnssSample sb = new GnssSample();
        // When stepped alike, then identical
        for (int i = 0; i < 3000; i++) {
            assertThat(a.update(sim, i * 1_000_000L, sa)).isEqualTo(b.update(sim, i * 1_000_000L, sb));
            assertThat(sa.latDeg).isEqualTo(sb.latDeg);
            assertThat(sa.velDMps).isEqualTo(sb.velDMps);
        }
    }
}
