package org.hoverla.core.estimation.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.hal.GnssSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GnssQualityCheckTest {
    static final GeoRef HOME = new GeoRef(48.16, 24.50, 2061.0);
    static final long PERIOD_NS = 100_000_000L;

    /** A healthy u-blox-like solution at a NED position (m) with small seeded noise. */
    static void good(GnssSample s, long tNs, double n, double e, double d, SplittableRandom rng) {
        Vec3 geo = HOME.toGeodetic(n + 0.02 * rng.nextGaussian(), e + 0.02 * rng.nextGaussian(),
                d + 0.03 * rng.nextGaussian(), new Vec3());
        s.timestampSampleNs = tNs;
        s.fixType = GnssSample.FIX_3D;
        s.satellitesUsed = 14;
        s.latDeg = geo.x;
        s.lonDeg = geo.y;
        s.altMslM = geo.z;
        s.velNMps = 0.01 * rng.nextGaussian();
        s.velEMps = 0.01 * rng.nextGaussian();
        s.velDMps = 0.01 * rng.nextGaussian();
        s.ephM = 1.2;
        s.epvM = 2.0;
        s.sAccMps = 0.2;
        s.jammingIndicator = 10;
        s.spoofingState = 1;
    }

    @Test
    void shouldPassOnlyAfterRequiredTimeOfContinuousGoodFixes() {
        // Given a default check (10 s required) and a healthy receiver on a landed vehicle
        GnssQualityCheck check = new GnssQualityCheck();
        SplittableRandom rng = new SplittableRandom(1);
        GnssSample s = new GnssSample();
        // When 9.9 s of good fixes arrive
        long t = 0;
        for (; t < 9_950_000_000L; t += PERIOD_NS) {
            good(s, t, 0, 0, 0, rng);
            assertThat(check.update(s, t, true)).isTrue();
            // Then each sample passes but the required time has not elapsed
            assertThat(check.passedForRequiredTime()).isFalse();
            assertThat(check.firstFailReason()).isEqualTo(GnssQualityCheck.REASON_NONE);
        }
        // When the 10 s mark is reached, then it has passed for the required time
        good(s, t, 0, 0, 0, rng);
        check.update(s, t, true);
        assertThat(check.passedForRequiredTime()).isTrue();
        assertThat(check.failMask()).isZero();
        assertThat(check.sampleCount()).isEqualTo(101);
        assertThat(check.horizontalDriftMps()).isLessThan(0.05);
    }

    @Test
    void shouldRestartTimerOnASingleBadSample() {
        // Given a check that passed for the required time (5 s configured)
        GnssQualityCheck check = new GnssQualityCheck();
        check.setRequiredPassTimeS(5.0);
        SplittableRandom rng = new SplittableRandom(2);
        GnssSample s = new GnssSample();
        long t = 0;
        for (; t <= 6_000_000_000L; t += PERIOD_NS) {
            good(s, t, 0, 0, 0, rng);
            check.update(s, t, false);
        }
        assertThat(check.passedForRequiredTime()).isTrue();
        // When one sample has too few satellites
        good(s, t, 0, 0, 0, rng);
        s.satellitesUsed = 4;
        check.update(s, t, false);
        long badT = t;
        // Then it fails at once, with its reason, and the timer restarts
        assertThat(check.passing()).isFalse();
        assertThat(check.passedForRequiredTime()).isFalse();
        assertThat(check.firstFailReason()).isEqualTo("GNSS too few satellites");
        assertThat(check.passToFailCount()).isEqualTo(1);
        for (t += PERIOD_NS; t < badT + 5_000_000_000L; t += PERIOD_NS) {
            good(s, t, 0, 0, 0, rng);
            check.update(s, t, false);
            assertThat(check.passing()).isTrue();
            assertThat(check.passedForRequiredTime()).isFalse();
        }
        // And passes for the required time again 5 s after the bad sample
        good(s, t, 0, 0, 0, rng);
        check.update(s, t, false);
        assertThat(check.passedForRequiredTime()).isTrue();
        assertThat(check.passDurationNs()).isEqualTo(5_000_000_000L);
    }

    /** Each case breaks one thing; the sample mutator is applied after {@code good}. */
    interface Breaker {
        void breakIt(GnssSample s, double tS);
    }

    static Stream<Arguments> singleFailures() {
        return Stream.of(
                Arguments.of(GnssQualityCheck.FIX, "GNSS fix type too low", (Breaker) (s, t) -> s.fixType = GnssSample.FIX_2D),
                Arguments.of(GnssQualityCheck.NSATS, "GNSS too few satellites", (Breaker) (s, t) -> s.satellitesUsed = 5),
                Arguments.of(GnssQualityCheck.EPH, "GNSS horizontal accuracy too low", (Breaker) (s, t) -> s.ephM = 3.5),
                Arguments.of(GnssQualityCheck.EPV, "GNSS vertical accuracy too low", (Breaker) (s, t) -> s.epvM = 6.0),
                Arguments.of(GnssQualityCheck.SACC, "GNSS speed accuracy too low", (Breaker) (s, t) -> s.sAccMps = 0.8),
                // position creeps north at 0.3 m/s while the receiver reports no velocity
                Arguments.of(GnssQualityCheck.HDRIFT, "GNSS horizontal drift too high", (Breaker) (s, t) -> {
                    Vec3 g = HOME.toGeodetic(0.3 * t, 0, 0, new Vec3());
                    s.latDeg = g.x;
                    s.lonDeg = g.y;
                }),
                // altitude creeps up at 0.5 m/s
                Arguments.of(GnssQualityCheck.VDRIFT, "GNSS vertical drift too high", (Breaker) (s, t) -> s.altMslM = HOME.refAltM() + 0.5 * t),
                // still position, but the receiver reports 0.3 m/s east
                Arguments.of(GnssQualityCheck.HSPEED, "GNSS horizontal speed too high while landed", (Breaker) (s, t) -> s.velEMps = 0.3),
                Arguments.of(GnssQualityCheck.SPOOFED, "GNSS receiver reports spoofing", (Breaker) (s, t) -> s.spoofingState = 2));
    }

    @ParameterizedTest(name = "check bit {0}: {1}")
    @MethodSource("singleFailures")
    void shouldFailEachCheckAloneWithItsReason(int bit, String reason, Breaker breaker) {
        // Given a landed vehicle, all checks enabled, and a receiver with one defect
        GnssQualityCheck check = new GnssQualityCheck();
        check.setCheckMask(GnssQualityCheck.ALL_CHECKS);
        SplittableRandom rng = new SplittableRandom(3);
        GnssSample s = new GnssSample();
        // When 30 s of such solutions are checked
        for (long t = 0; t <= 30_000_000_000L; t += PERIOD_NS) {
            good(s, t, 0, 0, 0, rng);
            breaker.breakIt(s, t * 1e-9);
            check.update(s, t, true);
        }
        // Then exactly that check fails, with its reason, and no pass time accumulates
        assertThat(check.failMask()).isEqualTo(bit);
        assertThat(check.firstFailReason()).isEqualTo(reason);
        assertThat(GnssQualityCheck.reason(bit)).isEqualTo(reason);
        assertThat(check.passing()).isFalse();
        assertThat(check.passedForRequiredTime()).isFalse();
        assertThat(check.failCount(bit)).isPositive();
    }

    @Test
    void shouldIgnoreDisabledChecksButAlwaysRequireTheFix() {
        // Given a check with only the fix check enabled
        GnssQualityCheck check = new GnssQualityCheck();
        check.setCheckMask(0);
        GnssSample s = new GnssSample();
        good(s, 0, 0, 0, 0, new SplittableRandom(4));
        s.ephM = 50.0;
        // When a sample with a poor eph arrives, then it is reported but does not count
        assertThat(check.update(s, 0, true)).isTrue();
        assertThat(check.failMask()).isEqualTo(GnssQualityCheck.EPH);
        assertThat(check.enabledFailMask()).isZero();
        // When the fix is lost, then it fails regardless of the mask
        s.fixType = GnssSample.FIX_NONE;
        assertThat(check.update(s, PERIOD_NS, true)).isFalse();
        assertThat(check.firstFailReason()).isEqualTo("GNSS fix type too low");
    }

    @Test
    void shouldApplyChangedLimits() {
        // Given a sample with eph 2.5 m and 7 satellites, passing the defaults
        GnssQualityCheck check = new GnssQualityCheck();
        GnssSample s = new GnssSample();
        good(s, 0, 0, 0, 0, new SplittableRandom(5));
        s.ephM = 2.5;
        s.satellitesUsed = 7;
        assertThat(check.update(s, 0, false)).isTrue();
        // When the parameter layer tightens the limits, then it fails them
        check.setMaxEphM(2.0);
        check.setMinSatellites(8);
        assertThat(check.update(s, PERIOD_NS, false)).isFalse();
        assertThat(check.failMask()).isEqualTo(GnssQualityCheck.EPH | GnssQualityCheck.NSATS);
        assertThat(check.firstFailReason()).isEqualTo("GNSS too few satellites");
    }

    /**
     * A stationary receiver whose solution wanders smoothly, as one still converging does:
     * the position integrates a Gauss-Markov "drift velocity" (0.3 m/s sigma, 30 s), while
     * the reported velocity stays near zero.
     */
    private static void wander(GnssQualityCheck check, boolean landed, long seed, int seconds) {
        SplittableRandom rng = new SplittableRandom(seed);
        GnssSample s = new GnssSample();
        double a = Math.exp(-0.1 / 30.0);
        double b = 0.3 * Math.sqrt(1 - a * a);
        double vn = 0.3 * rng.nextGaussian();
        double ve = 0.3 * rng.nextGaussian();
        double vd = 0.3 * rng.nextGaussian();
        double n = 0;
        double e = 0;
        double d = 0;
        for (long t = 0; t <= seconds * 1_000_000_000L; t += PERIOD_NS) {
            vn = a * vn + b * rng.nextGaussian();
            ve = a * ve + b * rng.nextGaussian();
            vd = a * vd + b * rng.nextGaussian();
            n += 0.1 * vn;
            e += 0.1 * ve;
            d += 0.1 * vd;
            good(s, t, n, e, d, rng);
            check.update(s, t, landed);
        }
    }

    @Test
    void shouldFailAWanderingSolutionWhileLandedAndPassItInFlight() {
        // Given a receiver that reports zero velocity and good accuracies, but wanders
        GnssQualityCheck landed = new GnssQualityCheck();
        GnssQualityCheck flying = new GnssQualityCheck();
        // When checked for 60 s while landed and, separately, in flight
        wander(landed, true, 6, 60);
        wander(flying, false, 6, 60);
        // Then the landed check sees the drift and never passes for the required time
        assertThat(landed.failCount(GnssQualityCheck.HDRIFT) + landed.failCount(GnssQualityCheck.VDRIFT))
                .isGreaterThan(300);
        assertThat(landed.passedForRequiredTime()).isFalse();
        // And in flight the drift checks are skipped, so it passes
        assertThat(flying.passedForRequiredTime()).isTrue();
        assertThat(flying.failSampleCount()).isZero();
        assertThat(flying.horizontalDriftMps()).isZero();
    }

    @Test
    void shouldTrackAConstantDriftWithPx4sFilter() {
        // Given a solution creeping east at exactly 0.15 m/s with no noise
        GnssQualityCheck check = new GnssQualityCheck();
        GnssSample s = new GnssSample();
        SplittableRandom rng = new SplittableRandom(7);
        for (long t = 0; t <= 10_000_000_000L; t += PERIOD_NS) {
            good(s, t, 0, 0, 0, rng);
            Vec3 g = HOME.toGeodetic(0, 0.15 * t * 1e-9, 0, new Vec3());
            s.latDeg = g.x;
            s.lonDeg = g.y;
            s.altMslM = HOME.refAltM();
            check.update(s, t, true);
        }
        // Then the first-order filter (τ = 10 s, coefficient dt/τ) is at 1 - 0.99^100 of it
        assertThat(check.horizontalDriftMps()).isCloseTo(0.15 * (1 - Math.pow(0.99, 100)), within(1e-3));
        assertThat(check.verticalDriftMps()).isCloseTo(0.0, within(1e-6));
    }

    @Test
    void shouldFailNonFiniteFieldsWithoutThrowingAndRecover() {
        String[] fields = {"lat", "lon", "alt", "velN", "velE", "velD", "eph", "epv", "sAcc"};
        for (String field : fields) {
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
                // Given a check that has been passing in flight
                GnssQualityCheck check = new GnssQualityCheck();
                check.setRequiredPassTimeS(1.0);
                SplittableRandom rng = new SplittableRandom(8);
                GnssSample s = new GnssSample();
                long t = 0;
                for (; t < 2_000_000_000L; t += PERIOD_NS) {
                    good(s, t, 0, 0, 0, rng);
                    check.update(s, t, field.hashCode() % 2 == 0);
                }
                assertThat(check.passedForRequiredTime()).isTrue();
                // When one field is not finite
                good(s, t, 0, 0, 0, rng);
                switch (field) {
                    case "lat" -> s.latDeg = bad;
                    case "lon" -> s.lonDeg = bad;
                    case "alt" -> s.altMslM = bad;
                    case "velN" -> s.velNMps = bad;
                    case "velE" -> s.velEMps = bad;
                    case "velD" -> s.velDMps = bad;
                    case "eph" -> s.ephM = bad;
                    case "epv" -> s.epvM = bad;
                    default -> s.sAccMps = bad;
                }
                // Then it fails, flags non-finite, and does not throw
                assertThat(check.update(s, t, field.hashCode() % 2 == 0)).as(field).isFalse();
                assertThat(check.failMask() & GnssQualityCheck.NON_FINITE).as(field).isNotZero();
                // And good samples afterwards pass again without poisoned filters
                for (t += PERIOD_NS; t < 6_000_000_000L; t += PERIOD_NS) {
                    good(s, t, 0, 0, 0, rng);
                    check.update(s, t, field.hashCode() % 2 == 0);
                }
                assertThat(check.passedForRequiredTime()).as(field).isTrue();
                assertThat(Double.isFinite(check.horizontalDriftMps())).isTrue();
            }
        }
    }
}
