package org.hoverla.sim.sensors;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.estimation.Atmosphere;
import org.hoverla.core.estimation.gnss.GnssConsistencyMonitor;
import org.hoverla.core.estimation.gnss.GnssQualityCheck;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.GnssSample;
import org.hoverla.sim.physics.Airframe;
import org.hoverla.sim.physics.MulticopterSim;
import org.junit.jupiter.api.Test;

/**
 * GnssSim's injected faults against the firmware's GNSS checks, with the simulator's default
 * receiver (NEO-M8N-like: 1.6 m / 2.5 m Gauss-Markov, eph 1.65 m, epv 2.6 m) and MS5611 baro,
 * vehicle holding 10 m above home (truth fixed; manoeuvring flight is covered in
 * firmware-core's GnssConsistencyMonitorTest).
 */
class GnssFaultDetectionTest {
    private static final GeoRef HOME = new GeoRef(48.16, 24.50, 2061.0);

    interface Fault {
        void inject(GnssSim gnss);
    }

    /** Runs {@code seconds}; injects at 120 s; returns the first suspect time (s) or NaN. */
    private static double run(long seed, int seconds, Fault fault, GnssConsistencyMonitor monitor,
            GnssQualityCheck check) {
        GnssSim gnss = new GnssSim(seed, new GnssSim.Params(), HOME);
        BaroSim.Params bp = new BaroSim.Params();
        bp.homeAltMslM = HOME.refAltM();
        BaroSim baro = new BaroSim(seed + 100, bp);
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        sim.resetState(new Vec3(0, 0, -10), new Vec3(), new Quat(), new Vec3());
        GnssSample g = new GnssSample();
        BaroSample b = new BaroSample();
        Vec3 ned = new Vec3();
        double first = Double.NaN;
        for (long ms = 0; ms <= seconds * 1000L; ms++) {
            long t = ms * 1_000_000L;
            if (ms == 120_000 && fault != null) {
                fault.inject(gnss);
            }
            if (baro.update(sim, t, b)) {
                monitor.updateBaro(b.timestampSampleNs, Atmosphere.pressureToAltitudeM(b.pressurePa));
            }
            if (gnss.update(sim, t, g)) {
                HOME.toNed(g.latDeg, g.lonDeg, g.altMslM, ned);
                monitor.updateGnss(g, ned);
                check.update(g, t, false);
            }
            if (monitor.suspect() && Double.isNaN(first)) {
                first = t * 1e-9;
            }
        }
        return first;
    }

    @Test
    void shouldStayQuietForTenMinutesOfTheHonestSimReceiver() {
        for (long seed = 1; seed <= 3; seed++) {
            GnssConsistencyMonitor m = new GnssConsistencyMonitor();
            GnssQualityCheck c = new GnssQualityCheck();
            assertThat(run(seed, 600, null, m, c)).as("seed %d", seed).isNaN();
            assertThat(m.reasonMask()).isZero();
            assertThat(c.passedForRequiredTime()).isTrue();
            assertThat(c.failSampleCount()).isZero();
        }
    }

    @Test
    void shouldFlagANaiveSpoofGlitchAndCoherentVerticalDrag() {
        // A naive spoof: position walked north at 1 m/s, velocity honest
        GnssConsistencyMonitor m = new GnssConsistencyMonitor();
        assertThat(run(21, 150, g -> g.setSpoofDrift(1.0, 0, 0, false), m, new GnssQualityCheck())).isBetween(120.0, 126.0);
        assertThat(m.tripCount(GnssConsistencyMonitor.POS_VEL_MISMATCH)).isPositive();
        // A glitch: a 15 m jump east without velocity
        m = new GnssConsistencyMonitor();
        assertThat(run(22, 150, g -> g.setPositionOffset(0, 15, 0), m, new GnssQualityCheck())).isBetween(120.0, 124.0);
        assertThat(m.tripCount(GnssConsistencyMonitor.POS_VEL_MISMATCH)).isPositive();
        // A coherent vertical drag at 0.5 m/s with velocity: only the baro sees it (epv 2.6 m:
        // limit 3 x sqrt(2) x 2.6 = 11 m, reached after ~22 s)
        m = new GnssConsistencyMonitor();
        assertThat(run(23, 200, g -> g.setSpoofDrift(0, 0, 0.5, true), m, new GnssQualityCheck())).isBetween(130.0, 150.0);
        assertThat(m.tripCount(GnssConsistencyMonitor.BARO_MISMATCH)).isPositive();
        assertThat(m.tripCount(GnssConsistencyMonitor.POS_VEL_MISMATCH)).isZero();
    }

    @Test
    void shouldReportJammingAndFailTheQualityCheckOnTheDegradedSolution() {
        // Given strong jamming (200 of 255) from 120 s
        GnssConsistencyMonitor m = new GnssConsistencyMonitor();
        GnssQualityCheck c = new GnssQualityCheck();
        run(24, 130, g -> g.setJamming(200), m, c);
        // Then the monitor carries the receiver's jamming flag (not a spoofing suspicion) and
        // the quality check rejects the degraded accuracy
        assertThat(m.jamming()).isTrue();
        assertThat(m.suspect()).isFalse();
        assertThat(c.passing()).isFalse();
        assertThat(c.failMask() & GnssQualityCheck.EPH).isNotZero();
        assertThat(c.firstFailReason()).isEqualTo("GNSS horizontal accuracy too low");
    }
}
