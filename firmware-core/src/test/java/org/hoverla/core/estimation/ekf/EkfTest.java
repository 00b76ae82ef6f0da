package org.hoverla.core.estimation.ekf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.junit.jupiter.api.Test;

class EkfTest {
    private static final double DT = 0.004; // 250 Hz IMU
    private static final int N = Ekf.N;

    private final Vec3 dAng = new Vec3();
    private final Vec3 dVel = new Vec3();
    private final Quat qOut = new Quat();
    private final Vec3 vOut = new Vec3();

    private static Ekf initialisedAt(EkfImuSim sim, Ekf.Config cfg) {
        Ekf ekf = new Ekf(cfg);
        assertThat(ekf.initialise(sim.q, sim.pos, sim.vel)).isTrue();
        return ekf;
    }

    private static EkfImuSim noisySim(long seed, Ekf.Config cfg) {
        EkfImuSim sim = new EkfImuSim(seed);
        sim.gyroNoiseRtHz = cfg.gyroNoiseRadpsRtHz();
        sim.accelNoiseRtHz = cfg.accelNoiseMps2RtHz();
        return sim;
    }

    /** Runs the filter against the truth, fusing aiding at the given rates (0 = never). */
    private void run(Ekf ekf, EkfImuSim sim, double seconds, int posEvery, int velEvery, int headingEvery) {
        int steps = (int) Math.round(seconds / DT);
        for (int i = 1; i <= steps; i++) {
            sim.step(DT, dAng, dVel);
            assertThat(ekf.predict(dAng, dVel, DT)).isTrue();
            if (posEvery > 0 && i % posEvery == 0) {
                ekf.fuseGnssPosition(sim.pos.x + 0.5 * sim.gaussian(), sim.pos.y + 0.5 * sim.gaussian(),
                        sim.pos.z + 0.8 * sim.gaussian(), 0.5, 0.8);
            }
            if (velEvery > 0 && i % velEvery == 0) {
                ekf.fuseGnssVelocity(sim.vel.x + 0.1 * sim.gaussian(), sim.vel.y + 0.1 * sim.gaussian(),
                        sim.vel.z + 0.1 * sim.gaussian(), 0.1);
            }
            if (headingEvery > 0 && i % headingEvery == 0) {
                ekf.fuseHeading(sim.q.yaw() + 0.03 * sim.gaussian(), 0.03);
            }
        }
    }

    @Test
    void shouldStayLevelAndStillWhenStillWithNoisyImuAndZeroVelocityAiding() {
        // Given a still, level vehicle with a noisy IMU, the filter initialised on the truth
        Ekf.Config cfg = Ekf.Config.defaults();
        EkfImuSim sim = noisySim(1L, cfg);
        sim.q.setEuler(0, 0, Math.toRadians(40));
        Ekf ekf = initialisedAt(sim, cfg);
        // When it runs for 60 s fusing zero velocity (a stationary-vehicle update at 10 Hz),
        // noisy position at 5 Hz and noisy heading at 10 Hz
        int steps = (int) Math.round(60.0 / DT);
        Vec3 velVar = new Vec3();
        for (int i = 1; i <= steps; i++) {
            sim.step(DT, dAng, dVel);
            ekf.predict(dAng, dVel, DT);
            if (i % 25 == 0) {
                assertThat(ekf.fuseGnssVelocity(0.0, 0.0, 0.0, 0.05)).isEqualTo(FuseResult.FUSED);
                ekf.fuseHeading(sim.q.yaw() + 0.03 * sim.gaussian(), 0.03);
            }
            if (i % 50 == 0) {
                ekf.fuseGnssPosition(sim.pos.x + 0.5 * sim.gaussian(), sim.pos.y + 0.5 * sim.gaussian(),
                        sim.pos.z + 0.8 * sim.gaussian(), 0.5, 0.8);
            }
        }
        // Then attitude, velocity and position stay at the truth, within the filter's own σ
        assertThat(Math.toDegrees(ekf.attitude(qOut).angleTo(sim.q))).isLessThan(0.5);
        ekf.velocityNed(vOut);
        ekf.velocityVariance(velVar);
        assertThat(vOut.norm()).isLessThan(0.05);
        assertThat(Math.abs(vOut.x)).isLessThan(4.0 * Math.sqrt(velVar.x));
        assertThat(Math.abs(vOut.y)).isLessThan(4.0 * Math.sqrt(velVar.y));
        assertThat(Math.abs(vOut.z)).isLessThan(4.0 * Math.sqrt(velVar.z));
        assertThat(ekf.positionNed(vOut).norm()).isLessThan(0.5);
        assertThat(ekf.horizontalPositionStdDevM()).isBetween(0.01, 0.5);
    }

    @Test
    void shouldTrackPureRotationAtConstantRate() {
        // Given a noise-free IMU on a vehicle spinning at a constant body rate
        Ekf.Config cfg = Ekf.Config.defaults();
        EkfImuSim sim = new EkfImuSim(2L);
        sim.q.setEuler(0.1, -0.05, 1.0);
        sim.rateFrdRadps.set(0.3, -0.2, 0.5);
        Ekf ekf = initialisedAt(sim, cfg);
        // When it predicts for 10 s without aiding
        run(ekf, sim, 10.0, 0, 0, 0);
        // Then the attitude matches the truth and the velocity stays near zero
        assertThat(ekf.attitude(qOut).angleTo(sim.q)).isLessThan(1e-9);
        assertThat(ekf.velocityNed(vOut).norm()).isLessThan(0.01);
    }

    @Test
    void shouldIntegrateConstantAcceleration() {
        // Given a noise-free IMU on a vehicle at a fixed attitude accelerating in NED
        Ekf.Config cfg = Ekf.Config.defaults();
        EkfImuSim sim = new EkfImuSim(3L);
        sim.q.setEuler(0.05, 0.02, Math.toRadians(30));
        sim.accNedMps2.set(1.0, -0.5, -0.2);
        Ekf ekf = initialisedAt(sim, cfg);
        // When it predicts for 10 s
        run(ekf, sim, 10.0, 0, 0, 0);
        // Then v = a t and p = ½ a t²
        ekf.velocityNed(vOut);
        assertThat(vOut.x).isCloseTo(10.0, within(1e-6));
        assertThat(vOut.y).isCloseTo(-5.0, within(1e-6));
        assertThat(vOut.z).isCloseTo(-2.0, within(1e-6));
        ekf.positionNed(vOut);
        assertThat(vOut.x).isCloseTo(50.0, within(1e-5));
        assertThat(vOut.y).isCloseTo(-25.0, within(1e-5));
        assertThat(vOut.z).isCloseTo(-10.0, within(1e-5));
    }

    @Test
    void shouldEstimateGyroBiasFromHeadingAndPositionAiding() {
        // Given a hovering vehicle with a biased, noisy gyro and a filter that assumes no bias
        Ekf.Config cfg = Ekf.Config.defaults().withInitialBiasStd(0.02, 0.2);
        EkfImuSim sim = noisySim(4L, cfg);
        sim.q.setEuler(0.03, -0.02, Math.toRadians(-70));
        sim.gyroBiasRadps.set(0.01, -0.008, 0.015);
        Ekf ekf = initialisedAt(sim, cfg);
        // When it runs for 120 s fusing GNSS position/velocity at 5 Hz and heading at 10 Hz
        run(ekf, sim, 120.0, 50, 50, 25);
        // Then the bias estimate converges to the truth and the attitude is held
        Vec3 b = ekf.gyroBias(new Vec3());
        // (tolerance ≈ 3σ of the converged bias estimate, 10x below the bias itself; a
        // 20-seed sweep gave a worst error of 0.00086 rad/s and 0.83 deg)
        assertThat(b.x).isCloseTo(0.01, within(0.0015));
        assertThat(b.y).isCloseTo(-0.008, within(0.0015));
        assertThat(b.z).isCloseTo(0.015, within(0.0015));
        assertThat(Math.sqrt(ekf.gyroBiasVariance(new Vec3()).z)).isLessThan(0.001);
        assertThat(Math.toDegrees(ekf.attitude(qOut).angleTo(sim.q))).isLessThan(1.5);
    }

    @Test
    void shouldRejectA50mGnssPositionJumpByTheGate() {
        // Given a converged filter
        Ekf.Config cfg = Ekf.Config.defaults();
        EkfImuSim sim = noisySim(5L, cfg);
        Ekf ekf = initialisedAt(sim, cfg);
        run(ekf, sim, 30.0, 50, 50, 25);
        Vec3 before = ekf.positionNed(new Vec3());
        double[] pBefore = new double[N * N];
        ekf.copyCovariance(pBefore);
        // When GNSS jumps 50 m north
        FuseResult r = ekf.fuseGnssPosition(sim.pos.x + 50.0, sim.pos.y, sim.pos.z, 0.5);
        // Then the measurement is refused, reported, and nothing changes
        assertThat(r).isEqualTo(FuseResult.REJECTED_GATE);
        assertThat(ekf.lastInnovation(0)).isCloseTo(50.0, within(1.0));
        assertThat(ekf.lastTestRatio(0)).isGreaterThan(1.0);
        assertThat(ekf.lastMaxTestRatio()).isGreaterThan(100.0);
        assertThat(ekf.positionNed(new Vec3()).x).isEqualTo(before.x);
        double[] pAfter = new double[N * N];
        ekf.copyCovariance(pAfter);
        assertThat(pAfter).containsExactly(pBefore);
        // And a good measurement is fused again, with a small test ratio
        assertThat(ekf.fuseGnssPosition(sim.pos.x, sim.pos.y, Double.NaN, 0.5)).isEqualTo(FuseResult.FUSED);
        assertThat(ekf.lastComponentCount()).isEqualTo(2);
        assertThat(ekf.lastMaxTestRatio()).isLessThan(1.0);
    }

    @Test
    void shouldUnwrapHeadingInnovationAcrossPlusMinusPi() {
        // Given a filter at yaw 179 deg
        Ekf.Config cfg = Ekf.Config.defaults();
        EkfImuSim sim = new EkfImuSim(6L);
        sim.q.setEuler(0, 0, Math.toRadians(179));
        Ekf ekf = initialisedAt(sim, cfg);
        // When a heading of -179 deg is fused
        FuseResult r = ekf.fuseHeading(Math.toRadians(-179), 0.05);
        // Then the innovation is +2 deg, not -358 deg, and yaw moves towards 180
        assertThat(r).isEqualTo(FuseResult.FUSED);
        assertThat(Math.toDegrees(ekf.lastInnovation(0))).isCloseTo(2.0, within(1e-6));
        assertThat(Math.abs(Math.toDegrees(ekf.attitude(qOut).yaw()))).isGreaterThan(179.0);
    }

    @Test
    void shouldKeepCovarianceSymmetricPositiveDefiniteOverALongRun() {
        // Given a manoeuvring vehicle with a noisy IMU
        Ekf.Config cfg = Ekf.Config.defaults();
        EkfImuSim sim = noisySim(7L, cfg);
        Ekf ekf = initialisedAt(sim, cfg);
        double[] p = new double[N * N];
        double[] l = new double[N * N];
        // When it runs 10 minutes through phases of full aiding, dead reckoning (no GNSS),
        // height-only aiding and changing rates/accelerations
        for (int phase = 0; phase < 20; phase++) {
            sim.rateFrdRadps.set(0.2 * Math.sin(phase), 0.15 * Math.cos(phase), 0.3 * Math.sin(0.7 * phase));
            sim.accNedMps2.set(0.5 * Math.cos(phase), -0.4 * Math.sin(phase), 0.0);
            int steps = (int) Math.round(30.0 / DT);
            for (int i = 1; i <= steps; i++) {
                sim.step(DT, dAng, dVel);
                ekf.predict(dAng, dVel, DT);
                boolean gnss = phase % 4 != 2;
                if (gnss && i % 50 == 0) {
                    ekf.fuseGnssPosition(sim.pos.x + 0.5 * sim.gaussian(), sim.pos.y + 0.5 * sim.gaussian(),
                            sim.pos.z, 0.5, 1.0);
                    ekf.fuseGnssVelocity(sim.vel.x, sim.vel.y, sim.vel.z, 0.2);
                }
                if (i % 20 == 0) {
                    ekf.fuseHeight(sim.pos.z + 0.3 * sim.gaussian(), 0.3);
                }
                if (phase % 5 != 3 && i % 25 == 0) {
                    ekf.fuseHeading(sim.q.yaw() + 0.03 * sim.gaussian(), 0.03);
                }
                if (i % 500 == 0) {
                    // Then every sample of P is symmetric and has a Cholesky factor
                    ekf.copyCovariance(p);
                    assertSymmetric(p);
                    assertThat(cholesky(p, l)).as("Cholesky at phase %d step %d", phase, i).isTrue();
                }
            }
        }
        // And the estimate is finite and close to the truth
        assertThat(ekf.attitude(qOut).isFinite()).isTrue();
        assertThat(Math.toDegrees(qOut.angleTo(sim.q))).isLessThan(3.0);
        assertThat(ekf.positionNed(vOut).sub(sim.pos).norm()).isLessThan(3.0);
    }

    @Test
    void shouldRejectNonFiniteInputsWithoutChangingTheState() {
        // Given an initialised filter that has run for a while
        Ekf.Config cfg = Ekf.Config.defaults();
        EkfImuSim sim = noisySim(8L, cfg);
        Ekf ekf = initialisedAt(sim, cfg);
        run(ekf, sim, 2.0, 50, 50, 25);
        double[] pBefore = new double[N * N];
        ekf.copyCovariance(pBefore);
        Quat qBefore = ekf.attitude(new Quat());
        Vec3 posBefore = ekf.positionNed(new Vec3());
        Vec3 velBefore = ekf.velocityNed(new Vec3());
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        // When every entry point is fed non-finite values or non-positive sigmas
        assertThat(ekf.fuseGnssPosition(nan, 0, 0, 1)).isEqualTo(FuseResult.REJECTED_INVALID);
        assertThat(ekf.fuseGnssPosition(0, inf, 0, 1)).isEqualTo(FuseResult.REJECTED_INVALID);
        assertThat(ekf.fuseGnssPosition(0, 0, inf, 1)).isEqualTo(FuseResult.REJECTED_INVALID);
        assertThat(ekf.fuseGnssPosition(0, 0, 0, nan)).isEqualTo(FuseResult.REJECTED_INVALID);
        assertThat(ekf.fuseGnssPosition(0, 0, 0, 0)).isEqualTo(FuseResult.REJECTED_INVALID);
        assertThat(ekf.fuseGnssVelocity(0, nan, 0, 0.1)).isEqualTo(FuseResult.REJECTED_INVALID);
        assertThat(ekf.fuseGnssVelocity(0, 0, 0, -0.1)).isEqualTo(FuseResult.REJECTED_INVALID);
        assertThat(ekf.fuseHeight(inf, 1)).isEqualTo(FuseResult.REJECTED_INVALID);
        assertThat(ekf.fuseHeight(0, inf)).isEqualTo(FuseResult.REJECTED_INVALID);
        assertThat(ekf.fuseHeading(nan, 0.1)).isEqualTo(FuseResult.REJECTED_INVALID);
        double[] h = new double[N];
        h[Ekf.POS] = nan;
        assertThat(ekf.fuseScalar(h, 0.0, 1.0)).isEqualTo(FuseResult.REJECTED_INVALID);
        h[Ekf.POS] = 1.0;
        assertThat(ekf.fuseScalar(h, nan, 1.0)).isEqualTo(FuseResult.REJECTED_INVALID);
        assertThat(ekf.fuseScalar(h, 0.0, 0.0)).isEqualTo(FuseResult.REJECTED_INVALID);
        assertThat(ekf.predict(new Vec3(nan, 0, 0), dVel, DT)).isFalse();
        assertThat(ekf.predict(dAng, new Vec3(0, inf, 0), DT)).isFalse();
        assertThat(ekf.predict(dAng, dVel, nan)).isFalse();
        assertThat(ekf.predict(dAng, dVel, 0.0)).isFalse();
        // Then nothing changed and the rejections were counted
        double[] pAfter = new double[N * N];
        ekf.copyCovariance(pAfter);
        assertThat(pAfter).containsExactly(pBefore);
        Quat qAfter = ekf.attitude(new Quat());
        // (compare components: angleTo's acos turns a rounding-level dot product into ~1e-8 rad)
        assertThat(new double[] {qAfter.w, qAfter.x, qAfter.y, qAfter.z})
                .containsExactly(qBefore.w, qBefore.x, qBefore.y, qBefore.z);
        assertThat(ekf.positionNed(new Vec3()).sub(posBefore).norm()).isZero();
        assertThat(ekf.velocityNed(new Vec3()).sub(velBefore).norm()).isZero();
        assertThat(ekf.rejectedInvalidCount()).isEqualTo(17);
    }

    @Test
    void shouldRefuseUpdatesBeforeInitialisation() {
        // Given a fresh filter
        Ekf ekf = new Ekf();
        // When measurements and IMU data arrive before initialise
        // Then they are refused
        assertThat(ekf.predict(new Vec3(), new Vec3(0, 0, -Ekf.GRAVITY_MPS2 * DT), DT)).isFalse();
        assertThat(ekf.fuseHeight(0, 1)).isEqualTo(FuseResult.REJECTED_INVALID);
        assertThat(ekf.initialise(new Quat(Double.NaN, 0, 0, 0), new Vec3(), new Vec3())).isFalse();
        assertThat(ekf.isInitialised()).isFalse();
    }

    @Test
    void shouldFuseGenericScalarLikeTheDedicatedHeightUpdate() {
        // Given two identical filters
        EkfImuSim sim = new EkfImuSim(9L);
        Ekf a = initialisedAt(sim, Ekf.Config.defaults());
        Ekf b = initialisedAt(sim, Ekf.Config.defaults());
        // When one fuses a height and the other the same scalar through the helper
        a.fuseHeight(-0.7, 0.4);
        double[] h = new double[N];
        h[Ekf.POS + 2] = 1.0;
        b.fuseScalar(h, -0.7 - 0.0, 0.16);
        // Then both end in the same state and covariance
        assertThat(a.positionNed(new Vec3()).z).isCloseTo(b.positionNed(new Vec3()).z, within(1e-12));
        assertThat(a.verticalPositionStdDevM()).isCloseTo(b.verticalPositionStdDevM(), within(1e-12));
        assertThat(a.positionNed(new Vec3()).z).isLessThan(-0.5);
    }

    @Test
    void shouldReportCovarianceConsistentWithTheActualErrors() {
        // Given a manoeuvring vehicle, IMU noise as the filter assumes, GNSS and heading aiding
        Vec3 e = new Vec3();
        Quat qe = new Quat();
        Quat dq = new Quat();
        double[] p = new double[N * N];
        double sumPos = 0;
        double sumVel = 0;
        double sumAtt = 0;
        int n = 0;
        // When 5 seeded runs of 2 minutes each are compared with the truth after 20 s
        for (long seed = 100; seed < 105; seed++) {
            Ekf.Config cfg = Ekf.Config.defaults();
            EkfImuSim sim = noisySim(seed, cfg);
            sim.rateFrdRadps.set(0.1, -0.05, 0.2);
            sim.accNedMps2.set(0.3, 0.1, 0);
            Ekf ekf = initialisedAt(sim, cfg);
            for (int i = 1; i <= 30_000; i++) {
                sim.step(DT, dAng, dVel);
                ekf.predict(dAng, dVel, DT);
                if (i % 50 == 0) {
                    ekf.fuseGnssPosition(sim.pos.x + 0.5 * sim.gaussian(), sim.pos.y + 0.5 * sim.gaussian(),
                            sim.pos.z + 0.8 * sim.gaussian(), 0.5, 0.8);
                    ekf.fuseGnssVelocity(sim.vel.x + 0.1 * sim.gaussian(), sim.vel.y + 0.1 * sim.gaussian(),
                            sim.vel.z + 0.1 * sim.gaussian(), 0.1);
                }
                if (i % 25 == 0) {
                    ekf.fuseHeading(sim.q.yaw() + 0.03 * sim.gaussian(), 0.03);
                }
                if (i > 5_000 && i % 250 == 0) {
                    ekf.copyCovariance(p);
                    sumPos += nees3(p, Ekf.POS, ekf.positionNed(e).sub(sim.pos));
                    sumVel += nees3(p, Ekf.VEL, ekf.velocityNed(e).sub(sim.vel));
                    // body-frame error: q_true = q ⊗ Exp(δθ), so δθ = Log(q⁻¹ ⊗ q_true)
                    dq.setConjProduct(ekf.attitude(qe), sim.q).toRotationVector(e);
                    sumAtt += nees3(p, Ekf.ATT, e);
                    n++;
                }
            }
        }
        // Then the mean normalised estimation error squared of each 3-vector is near its
        // degrees of freedom (3): neither over- nor under-confident. Samples are correlated in
        // time, so the bounds are wide; a 10-seed run gave pos 3.4, vel 3.0, att 2.5.
        assertThat(sumPos / n).isBetween(1.5, 6.0);
        assertThat(sumVel / n).isBetween(1.5, 6.0);
        assertThat(sumAtt / n).isBetween(1.0, 6.0);
    }

    /** eᵀ P_bb⁻¹ e for the 3×3 block of P starting at index o. */
    private static double nees3(double[] p, int o, Vec3 e) {
        double a = p[o * N + o];
        double b = p[o * N + o + 1];
        double c = p[o * N + o + 2];
        double d = p[(o + 1) * N + o + 1];
        double f = p[(o + 1) * N + o + 2];
        double g = p[(o + 2) * N + o + 2];
        // adjugate of the symmetric block [[a,b,c],[b,d,f],[c,f,g]]
        double ia = d * g - f * f;
        double ib = c * f - b * g;
        double ic = b * f - c * d;
        double id = a * g - c * c;
        double ie = b * c - a * f;
        double ig = a * d - b * b;
        double det = a * ia + b * ib + c * ic;
        return (ia * e.x * e.x + id * e.y * e.y + ig * e.z * e.z
                + 2 * (ib * e.x * e.y + ic * e.x * e.z + ie * e.y * e.z)) / det;
    }

    private static void assertSymmetric(double[] p) {
        for (int i = 0; i < N; i++) {
            for (int j = i + 1; j < N; j++) {
                double scale = Math.max(1.0, Math.sqrt(Math.abs(p[i * N + i] * p[j * N + j])));
                assertThat(Math.abs(p[i * N + j] - p[j * N + i]) / scale).isLessThanOrEqualTo(1e-9);
            }
        }
    }

    /** Cholesky–Banachiewicz; false when a pivot is not positive (P not positive definite). */
    static boolean cholesky(double[] a, double[] l) {
        java.util.Arrays.fill(l, 0.0);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * N + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * N + k] * l[j * N + k];
                }
                if (i == j) {
                    if (!(s > 0.0)) {
                        return false;
                    }
                    l[i * N + i] = Math.sqrt(s);
                } else {
                    l[i * N + j] = s / l[j * N + j];
                }
            }
        }
        return true;
    }
}
