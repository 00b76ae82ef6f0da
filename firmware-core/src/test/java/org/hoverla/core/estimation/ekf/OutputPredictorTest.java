package org.hoverla.core.estimation.ekf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.junit.jupiter.api.Test;

/** Delayed fusion horizon: {@link OutputPredictor} and {@link MeasurementBuffer}, alone and with the {@link Ekf}. */
class OutputPredictorTest {
    private static final double DT = 0.004;
    private static final long DT_NS = 4_000_000L;
    private static final long DELAY_NS = 150_000_000L;
    private static final long GNSS_LATENCY_NS = 112_000_000L; // a whole number of 4 ms IMU steps
    private static final double SIGMA = 0.5;

    /**
     * Minimal EstimatorTask-like loop: IMU at 250 Hz through the output predictor, GNSS
     * position at 10 Hz with the given latency, fused either at the delayed horizon (against
     * the state at its sample time) or, for comparison, as if it were current.
     */
    private static final class Loop {
        final EkfImuSim sim = new EkfImuSim(7);
        final Ekf ekf = new Ekf();
        final OutputPredictor out = new OutputPredictor(128);
        final MeasurementBuffer gnss = new MeasurementBuffer(8);
        final Vec3 dAng = new Vec3();
        final Vec3 dVel = new Vec3();
        final Vec3 dAngD = new Vec3();
        final Vec3 dVelD = new Vec3();
        final Vec3 bg = new Vec3();
        final Vec3 ba = new Vec3();
        final Quat q = new Quat();
        final Vec3 v = new Vec3();
        final Vec3 p = new Vec3();
        // truth positions by sample, to make the late measurements
        final double[] truthN = new double[10_000];
        long ekfTimeNs;
        final boolean delayed;

        Loop(boolean delayed) {
            this.delayed = delayed;
            sim.accelNoiseRtHz = 0.05;
            sim.gyroNoiseRtHz = 0.001;
            sim.q.setIdentity();
            ekf.initialise(sim.q, sim.pos, sim.vel);
            out.reset(sim.q, sim.vel, sim.pos, 0L);
        }

        void run(int steps) {
            for (int k = 1; k <= steps; k++) {
                long t = k * DT_NS;
                sim.step(DT, dAng, dVel);
                truthN[k] = sim.pos.x;
                ekf.gyroBias(bg);
                ekf.accelBias(ba);
                assertThat(out.push(t, dAng, dVel, DT, bg, ba)).isTrue();
                // A GNSS fix sampled every 100 ms arrives GNSS_LATENCY_NS later.
                long sampleNs = t - GNSS_LATENCY_NS;
                int sampleK = (int) (sampleNs / DT_NS);
                boolean arrives = sampleNs > 0 && sampleNs % 100_000_000L == 0;
                if (delayed) {
                    if (arrives) {
                        assertThat(gnss.push(sampleNs, ekfTimeNs, truthN[sampleK], 0.0, 0.0)).isTrue();
                    }
                    while (out.popDelayed(t - DELAY_NS, dAngD, dVelD)) {
                        ekf.predict(dAngD, dVelD, out.delayedDtS());
                        ekfTimeNs = out.delayedTimeNs();
                        while (gnss.popDue(ekfTimeNs)) {
                            ekf.fuseGnssPosition(gnss.value(0), gnss.value(1), Double.NaN, SIGMA);
                        }
                        out.correct(ekf.attitude(q), ekf.velocityNed(v), ekf.positionNed(p));
                    }
                } else {
                    ekf.predict(dAng, dVel, DT);
                    if (arrives) {
                        ekf.fuseGnssPosition(truthN[sampleK], 0.0, Double.NaN, SIGMA);
                    }
                    out.reset(ekf.attitude(q), ekf.velocityNed(v), ekf.positionNed(p), t);
                }
            }
        }
    }

    @Test
    void shouldFuseALateMeasurementAgainstTheStateAtItsSampleTime() {
        // Given constant 1 m/s² northward acceleration and exact GNSS positions 112 ms late
        Loop horizon = new Loop(true);
        Loop naive = new Loop(false);
        horizon.sim.accNedMps2.set(1.0, 0.0, 0.0);
        naive.sim.accNedMps2.set(1.0, 0.0, 0.0);
        // When both fly 8 s (to 8 m/s)
        horizon.run(2000);
        naive.run(2000);
        // Then the horizon estimate "now" has no lag bias, while fusing the late position as
        // if current lags behind by about v × latency (0.9 m at 8 m/s)
        Vec3 pos = horizon.out.positionNed(new Vec3());
        Vec3 vel = horizon.out.velocityNed(new Vec3());
        // (noisy IMU, GNSS σ 0.5 m: 0.1 m and 0.1 m/s are the noise level of this seed's run)
        assertThat(pos.x - horizon.sim.pos.x).isCloseTo(0.0, within(0.1));
        assertThat(vel.x - horizon.sim.vel.x).isCloseTo(0.0, within(0.1));
        double naiveErr = naive.ekf.positionNed(new Vec3()).x - naive.sim.pos.x;
        System.out.printf("Late GNSS (112 ms) at 8 m/s: horizon error %.3f m (vel %.3f m/s), fused as current %.3f m;"
                + " gated %d / %d%n", pos.x - horizon.sim.pos.x, vel.x - horizon.sim.vel.x, naiveErr,
                horizon.ekf.rejectedGateCount(), naive.ekf.rejectedGateCount());
        assertThat(naiveErr).isLessThan(-0.5);
        // and the EKF itself sits at the horizon: the newest IMU sample at least 150 ms old
        assertThat(horizon.out.timeNs() - horizon.out.delayedTimeNs()).isBetween(DELAY_NS, DELAY_NS + DT_NS - 1);
    }

    @Test
    void shouldMatchTheEkfKinematicsExactlyWithoutCorrections() {
        // Given an output and an EKF started from the same state, the same biases and samples
        EkfImuSim sim = new EkfImuSim(3);
        sim.rateFrdRadps.set(0.1, -0.2, 0.3);
        sim.accNedMps2.set(0.5, -0.3, 0.1);
        Ekf ekf = new Ekf();
        OutputPredictor out = new OutputPredictor(16);
        ekf.initialise(sim.q, sim.pos, sim.vel);
        out.reset(sim.q, sim.vel, sim.pos, 0L);
        Vec3 dAng = new Vec3();
        Vec3 dVel = new Vec3();
        Vec3 zero = new Vec3();
        // When both propagate 2 s (the output never popped, so never corrected)
        for (int k = 1; k <= 500; k++) {
            sim.step(DT, dAng, dVel);
            ekf.predict(dAng, dVel, DT);
            out.push(k * DT_NS, dAng, dVel, DT, zero, zero);
            out.popDelayed(Long.MIN_VALUE + 1, new Vec3(), new Vec3()); // keeps the ring from filling
        }
        // Then they agree to rounding
        assertThat(out.attitude(new Quat()).angleTo(ekf.attitude(new Quat()))).isLessThan(1e-9);
        assertThat(out.positionNed(new Vec3()).sub(ekf.positionNed(new Vec3())).norm()).isLessThan(1e-9);
        assertThat(out.velocityNed(new Vec3()).sub(ekf.velocityNed(new Vec3())).norm()).isLessThan(1e-9);
    }

    @Test
    void shouldFollowAnEkfCorrectionSmoothlyAndConverge() {
        // Given a still vehicle whose EKF (at the horizon) jumps 1 m north and 2° in yaw
        OutputPredictor out = new OutputPredictor(64);
        Quat level = new Quat();
        Vec3 zero = new Vec3();
        out.reset(level, zero, zero, 0L);
        Quat ekfQ = new Quat().setEuler(0.0, 0.0, Math.toRadians(2.0));
        Vec3 ekfPos = new Vec3(1.0, 0.0, 0.0);
        Vec3 dAng = new Vec3();
        Vec3 dVel = new Vec3(0.0, 0.0, -Ekf.GRAVITY_MPS2 * DT);
        Vec3 a = new Vec3();
        Vec3 b = new Vec3();
        Vec3 pos = new Vec3();
        Quat q = new Quat();
        double prevN = 0.0;
        double maxStep = 0.0;
        double maxN = 0.0;
        // When it runs 10 s with the EKF holding that state
        for (int k = 1; k <= 2500; k++) {
            long t = k * DT_NS;
            out.push(t, dAng, dVel, DT, zero, zero);
            while (out.popDelayed(t - DELAY_NS, a, b)) {
                out.correct(ekfQ, zero, ekfPos);
            }
            double n = out.positionNed(pos).x;
            maxStep = Math.max(maxStep, Math.abs(n - prevN));
            maxN = Math.max(maxN, n);
            prevN = n;
            if (k == 750) {
                // 3 s: within 5 %
                assertThat(n).isCloseTo(1.0, within(0.05));
            }
            if (k == 50) {
                // 200 ms: the 150 ms delayed correction has only begun
                assertThat(n).isBetween(0.0, 0.5);
            }
        }
        // Then the output moved there in small steps, with a small overshoot (PX4's integral
        // term, which removes a persistent output-EKF offset), and arrived
        System.out.printf("Output predictor: 1 m EKF step, max output step %.4f m, peak %.3f m, after 10 s %.4f m%n",
                maxStep, maxN, out.positionNed(pos).x);
        assertThat(maxStep).isLessThan(0.05);
        assertThat(maxN).isLessThan(1.1);
        assertThat(out.positionNed(pos).x).isCloseTo(1.0, within(0.01));
        assertThat(Math.toDegrees(out.attitude(q).angleTo(ekfQ))).isLessThan(0.05);
    }

    @Test
    void shouldPassResetsOnUnfiltered() {
        OutputPredictor out = new OutputPredictor(8);
        out.reset(new Quat(), new Vec3(), new Vec3(1, 2, 3), 0L);
        out.applyReset(10.0, -5.0, 0.0, 1.0, 0.0, 0.0);
        assertThat(out.positionNed(new Vec3()).x).isEqualTo(11.0);
        assertThat(out.positionNed(new Vec3()).y).isEqualTo(-3.0);
        assertThat(out.velocityNed(new Vec3()).x).isEqualTo(1.0);
    }

    @Test
    void shouldRejectAndCountBadImuSamples() {
        OutputPredictor out = new OutputPredictor(4);
        Vec3 ok = new Vec3(0.0, 0.0, -0.04);
        Vec3 zero = new Vec3();
        Vec3 a = new Vec3();
        Vec3 b = new Vec3();
        // before reset
        assertThat(out.push(1, zero, ok, DT, zero, zero)).isFalse();
        out.reset(new Quat(), zero, zero, 0L);
        // underflow: nothing buffered yet
        assertThat(out.popDelayed(Long.MAX_VALUE, a, b)).isFalse();
        assertThat(out.push(DT_NS, new Vec3(Double.NaN, 0, 0), ok, DT, zero, zero)).isFalse();
        assertThat(out.push(DT_NS, zero, ok, Double.POSITIVE_INFINITY, zero, zero)).isFalse();
        assertThat(out.push(DT_NS, zero, ok, 0.0, zero, zero)).isFalse();
        assertThat(out.rejectedInvalid()).isEqualTo(4);
        assertThat(out.push(DT_NS, zero, ok, DT, zero, zero)).isTrue();
        // out of order and duplicate
        assertThat(out.push(DT_NS, zero, ok, DT, zero, zero)).isFalse();
        assertThat(out.push(DT_NS / 2, zero, ok, DT, zero, zero)).isFalse();
        assertThat(out.rejectedOutOfOrder()).isEqualTo(2);
        // overflow: a full ring refuses
        for (int k = 2; k <= 4; k++) {
            assertThat(out.push(k * DT_NS, zero, ok, DT, zero, zero)).isTrue();
        }
        assertThat(out.push(5 * DT_NS, zero, ok, DT, zero, zero)).isFalse();
        assertThat(out.overflows()).isEqualTo(1);
        // a nearly full ring hands its oldest sample over early, counted
        assertThat(out.popDelayed(0L, a, b)).isTrue();
        assertThat(out.delayedTimeNs()).isEqualTo(DT_NS);
        assertThat(out.popDelayed(0L, a, b)).isTrue();
        assertThat(out.popDelayed(0L, a, b)).isFalse();
        assertThat(out.horizonOverruns()).isEqualTo(2);
        assertThat(out.positionNed(new Vec3()).isFinite()).isTrue();
    }

    @Test
    void measurementBufferShouldQueueInOrderAndCountDrops() {
        MeasurementBuffer m = new MeasurementBuffer(2);
        long horizon = 100;
        // late: the horizon already passed it
        assertThat(m.push(99, horizon, 1, 2, 3)).isFalse();
        assertThat(m.late()).isEqualTo(1);
        // non-finite
        assertThat(m.push(150, horizon, Double.NaN, 2, 3)).isFalse();
        assertThat(m.invalid()).isEqualTo(1);
        assertThat(m.push(200, horizon, 1, 0, 0)).isTrue();
        // out of order
        assertThat(m.push(190, horizon, 2, 0, 0)).isFalse();
        assertThat(m.outOfOrder()).isEqualTo(1);
        assertThat(m.push(300, horizon, 2, 0, 0)).isTrue();
        // overflow drops the oldest
        assertThat(m.push(400, horizon, 3, 0, 0, 0, 0, 9)).isTrue();
        assertThat(m.overflows()).isEqualTo(1);
        // due only once the horizon reaches the sample time, oldest first
        assertThat(m.popDue(299)).isFalse();
        assertThat(m.popDue(300)).isTrue();
        assertThat(m.value(0)).isEqualTo(2.0);
        assertThat(m.sampleTimeNs()).isEqualTo(300);
        assertThat(m.popDue(1000)).isTrue();
        assertThat(m.value(5)).isEqualTo(9.0);
        assertThat(m.popDue(1000)).isFalse();
        assertThat(m.size()).isZero();
    }

    @Test
    void shouldNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Loop loop = new Loop(true);
        loop.sim.rateFrdRadps.set(0.01, 0.0, 0.02);
        loop.run(1000);
        // Warm up with many short calls so the JIT compiles cycle() whole: a mid-loop (OSR)
        // compilation or deoptimisation during a measured call is the JVM's allocation, not
        // ours (as MissionExecutorTest). Code that allocated per cycle would allocate in every
        // window.
        for (int i = 0; i < 400; i++) {
            cycle(loop, 100);
        }
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            cycle(loop, 5_000);
            fewest = Math.min(fewest, mx.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(fewest).isZero();
    }

    private static void cycle(Loop loop, int n) {
        OutputPredictor out = loop.out;
        MeasurementBuffer m = loop.gnss;
        long t0 = out.timeNs();
        for (int k = 1; k <= n; k++) {
            long t = t0 + k * DT_NS;
            loop.dAng.set(0.0001, 0.0, 0.0);
            loop.dVel.set(0.0, 0.0, -Ekf.GRAVITY_MPS2 * DT);
            out.push(t, loop.dAng, loop.dVel, DT, loop.bg, loop.ba);
            if (k % 25 == 0) {
                m.push(t - GNSS_LATENCY_NS, loop.ekfTimeNs, 0.0, 0.0, 0.0);
                m.push(t - GNSS_LATENCY_NS, loop.ekfTimeNs, Double.NaN, 0.0, 0.0);
            }
            while (out.popDelayed(t - DELAY_NS, loop.dAngD, loop.dVelD)) {
                loop.ekfTimeNs = out.delayedTimeNs();
                while (m.popDue(loop.ekfTimeNs)) {
                    loop.p.x += m.value(0);
                }
                out.correct(loop.q, loop.v, loop.p);
            }
        }
    }
}
