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

    /** Runs a still receiver for {@code ms} milliseconds from {@code t0}; returns the end time. */
    private static long run(GnssSim gnss, MulticopterSim sim, long t0, int ms, GnssSample out) {
        long t = t0;
        for (int i = 0; i < ms; i++) {
            t += 1_000_000L;
            gnss.update(sim, t, out);
        }
        return t;
    }

    @Test
    void shouldJumpByPositionOffsetWithoutChangingNoise() {
        // Given two receivers with the same seed, one with a glitch set after 1 s
        GnssSim clean = new GnssSim(7, new GnssSim.Params(), HOME);
        GnssSim faulty = new GnssSim(7, new GnssSim.Params(), HOME);
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        GnssSample a = new GnssSample();
        GnssSample b = new GnssSample();
        Vec3 na = new Vec3();
        Vec3 nb = new Vec3();
        run(clean, sim, 0, 1000, a);
        run(faulty, sim, 0, 1000, b);
        // When a 20 m north, 5 m east, 3 m up jump is set
        faulty.setPositionOffset(20, 5, -3);
        for (int i = 1001; i <= 3000; i++) {
            boolean ga = clean.update(sim, i * 1_000_000L, a);
            boolean gb = faulty.update(sim, i * 1_000_000L, b);
            assertThat(gb).isEqualTo(ga);
            if (ga && a.timestampSampleNs > 1_000_000_000L) {
                // Then every later solution is moved by exactly the offset, velocity unchanged
                HOME.toNed(a.latDeg, a.lonDeg, a.altMslM, na);
                HOME.toNed(b.latDeg, b.lonDeg, b.altMslM, nb);
                assertThat(nb.x - na.x).isCloseTo(20.0, within(1e-6));
                assertThat(nb.y - na.y).isCloseTo(5.0, within(1e-6));
                assertThat(nb.z - na.z).isCloseTo(-3.0, within(1e-6));
                assertThat(b.velNMps).isEqualTo(a.velNMps);
            }
        }
        // And removing it restores the clean solution
        faulty.setPositionOffset(0, 0, 0);
        run(clean, sim, 3000_000_000L, 300, a);
        run(faulty, sim, 3000_000_000L, 300, b);
        assertThat(b.latDeg).isEqualTo(a.latDeg);
    }

    @Test
    void shouldDragPositionAndOptionallyVelocityFromWhenSpoofStarts() {
        for (boolean dragVelocity : new boolean[] {false, true}) {
            // Given a clean and a spoofed receiver with the same seed, spoof set at 2 s
            GnssSim clean = new GnssSim(8, new GnssSim.Params(), HOME);
            GnssSim spoofed = new GnssSim(8, new GnssSim.Params(), HOME);
            MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
            GnssSample a = new GnssSample();
            GnssSample b = new GnssSample();
            Vec3 na = new Vec3();
            Vec3 nb = new Vec3();
            run(clean, sim, 0, 2000, a);
            run(spoofed, sim, 0, 2000, b);
            // When the position is dragged at 1 m/s north, 0.5 m/s down
            spoofed.setSpoofDrift(1.0, 0.0, 0.5, dragVelocity);
            long start = -1;
            for (int i = 2001; i <= 12_000; i++) {
                boolean ga = clean.update(sim, i * 1_000_000L, a);
                spoofed.update(sim, i * 1_000_000L, b);
                if (ga && a.timestampSampleNs > 2_000_000_000L) {
                    if (start < 0) {
                        start = a.timestampSampleNs;
                    }
                    double dt = (a.timestampSampleNs - start) * 1e-9;
                    HOME.toNed(a.latDeg, a.lonDeg, a.altMslM, na);
                    HOME.toNed(b.latDeg, b.lonDeg, b.altMslM, nb);
                    // Then the reported position moves away at that rate from the first spoofed fix
                    assertThat(nb.x - na.x).isCloseTo(1.0 * dt, within(1e-6));
                    assertThat(nb.z - na.z).isCloseTo(0.5 * dt, within(1e-6));
                    assertThat(nb.y - na.y).isCloseTo(0.0, within(1e-6));
                    // And the velocity carries the drag only when asked to
                    assertThat(b.velNMps - a.velNMps).isCloseTo(dragVelocity ? 1.0 : 0.0, within(1e-9));
                    assertThat(b.velDMps - a.velDMps).isCloseTo(dragVelocity ? 0.5 : 0.0, within(1e-9));
                }
            }
            assertThat(spoofed.spoofOffsetNed(new Vec3()).x).isCloseTo(9.9, within(0.11));
            // When the drag rate is set to zero, the offset so far is kept, and clearSpoof removes it
            spoofed.setSpoofDrift(0, 0, 0, false);
            run(clean, sim, 12_000_000_000L, 1000, a);
            run(spoofed, sim, 12_000_000_000L, 1000, b);
            HOME.toNed(a.latDeg, a.lonDeg, a.altMslM, na);
            HOME.toNed(b.latDeg, b.lonDeg, b.altMslM, nb);
            assertThat(nb.x - na.x).isCloseTo(10.0, within(0.11));
            assertThat(b.velNMps).isEqualTo(a.velNMps);
            spoofed.clearSpoof();
            run(clean, sim, 13_000_000_000L, 300, a);
            run(spoofed, sim, 13_000_000_000L, 300, b);
            assertThat(b.latDeg).isEqualTo(a.latDeg);
        }
    }

    @Test
    void shouldReportJammingAndDegradeWhenHigh() {
        // Given a receiver, by default with an unknown jamming indicator
        GnssSim gnss = new GnssSim(9, new GnssSim.Params(), HOME);
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        GnssSample s = new GnssSample();
        long t = run(gnss, sim, 0, 500, s);
        assertThat(s.jammingIndicator).isEqualTo(-1);
        // When a low indicator is set, then it is reported and nothing degrades
        gnss.setJamming(40);
        t = run(gnss, sim, t, 500, s);
        assertThat(s.jammingIndicator).isEqualTo(40);
        assertThat(s.satellitesUsed).isEqualTo(14);
        assertThat(s.ephM).isCloseTo(gnss.ephM(), within(1e-12));
        // When strong jamming (200 of 255) is set
        gnss.setJamming(200);
        double sq = 0;
        int n = 0;
        for (int i = 0; i < 200_000; i++) {
            t += 1_000_000L;
            if (gnss.update(sim, t, s) && s.jammingIndicator == 200) {
                sq += s.velEMps * s.velEMps;
                n++;
            }
        }
        // Then the receiver reports it, with fewer satellites and worse accuracies
        double f = (200 - 80) / 175.0;
        assertThat(s.jammingIndicator).isEqualTo(200);
        assertThat(s.fixType).isEqualTo(GnssSample.FIX_3D);
        assertThat(s.satellitesUsed).isEqualTo((int) Math.round(14 * (1 - 0.6 * f))).isLessThan(14);
        assertThat(s.ephM).isCloseTo(gnss.ephM() * (1 + 4 * f), within(1e-9));
        assertThat(s.sAccMps).isCloseTo(0.05 * (1 + 9 * f), within(1e-9));
        // And the velocity noise really grew as reported (sAcc stays honest)
        assertThat(Math.sqrt(sq / n)).isCloseTo(s.sAccMps, within(0.05 * s.sAccMps));
        // When jamming stops, the receiver recovers
        gnss.setJamming(5);
        run(gnss, sim, t, 500, s);
        assertThat(s.satellitesUsed).isEqualTo(14);
        assertThat(s.ephM).isCloseTo(gnss.ephM(), within(1e-12));
    }

    @Test
    void shouldKeepTheRandomStreamIndependentOfFaults() {
        // Given two receivers with the same seed, one with every fault switched on and off
        GnssSim a = new GnssSim(10, new GnssSim.Params(), HOME);
        GnssSim b = new GnssSim(10, new GnssSim.Params(), HOME);
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        GnssSample sa = new GnssSample();
        GnssSample sb = new GnssSample();
        b.setJamming(250);
        b.setSpoofDrift(3, 3, 3, true);
        b.setPositionOffset(50, 50, 50);
        run(a, sim, 0, 3000, sa);
        run(b, sim, 0, 3000, sb);
        // When the faults are removed
        b.setJamming(-1);
        b.clearSpoof();
        b.setPositionOffset(0, 0, 0);
        run(a, sim, 3_000_000_000L, 500, sa);
        run(b, sim, 3_000_000_000L, 500, sb);
        // Then both report the same solution: the faults drew no extra random numbers
        assertThat(sb.latDeg).isEqualTo(sa.latDeg);
        assertThat(sb.altMslM).isEqualTo(sa.altMslM);
        assertThat(sb.velEMps).isEqualTo(sa.velEMps);
        assertThat(sb.jammingIndicator).isEqualTo(-1);
    }
}
