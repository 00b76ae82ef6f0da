package org.hoverla.core.estimation.ekf;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.junit.jupiter.api.Test;

/** DESIGN.md section 5: prediction and every update must not allocate once warmed up. */
class EkfAllocationFreeTest {

    @Test
    void shouldNotAllocateInPredictOrFuse() {
        // Given an initialised filter and a cycle of predict + all update kinds
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Ekf ekf = new Ekf();
        assertThat(ekf.initialise(new Quat().setEuler(0.02, -0.01, 0.5), new Vec3(1, 2, -3), new Vec3())).isTrue();
        assertThat(ekf.resetMagField(0.18, -0.1, 0.42)).isTrue();
        Cycle cycle = new Cycle(ekf, new Vec3(), new Vec3(), new double[Ekf.N]);
        // When the cycle runs warm (as a method the JIT compiles whole, not only as an
        // on-stack-replaced loop, whose deoptimisation would rematerialise eliminated objects)
        for (int i = 0; i < 200; i++) {
            cycle.run(200);
        }
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            cycle.run(4_000);
            fewest = Math.min(fewest, mx.getCurrentThreadAllocatedBytes() - before);
        }
        // Then nothing was allocated, and every path (including rejections) was exercised
        // Fewest over windows: an allocation per cycle shows in every window, the JIT's one-off
        // deoptimisation (rematerialising eliminated objects) in one at most.
        assertThat(fewest).isZero();
        assertThat(ekf.rejectedGateCount()).isPositive();
        assertThat(ekf.rejectedInvalidCount()).isPositive();
        assertThat(ekf.attitude(new Quat()).isFinite()).isTrue();
        assertThat(ekf.magEarthNed(new Vec3()).isFinite()).isTrue();
    }

    @Test
    void shouldNotAllocateInResetMagField() {
        // Given a warmed-up filter
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Ekf ekf = new Ekf();
        ekf.initialise(new Quat().setEuler(0.02, -0.01, 0.5), new Vec3(), new Vec3());
        for (int i = 0; i < 20_000; i++) {
            ekf.resetMagField(0.2, 0.01 * (i % 3), 0.4);
        }
        // When the magnetic states are reset many times
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 4_000; i++) {
                ekf.resetMagField(0.2, 0.01 * (i % 3), 0.4);
            }
            fewest = Math.min(fewest, mx.getCurrentThreadAllocatedBytes() - before);
        }
        // Then nothing was allocated
        // Fewest over windows: an allocation per cycle shows in every window, the JIT's one-off
        // deoptimisation (rematerialising eliminated objects) in one at most.
        assertThat(fewest).isZero();
    }

    /** One estimator cycle, repeated. */
    private record Cycle(Ekf ekf, Vec3 dAng, Vec3 dVel, double[] h) {
        int run(int n) {
            int fused = 0;
            for (int k = 0; k < n; k++) {
                double dt = 0.004;
                dAng.set(0.001 * ((k % 7) - 3), 0.0005, -0.0002);
                dVel.set(0.001, -0.001, -Ekf.GRAVITY_MPS2 * dt);
                ekf.predict(dAng, dVel, dt);
                if (k % 10 == 0) {
                    fused += ekf.fuseGnssPosition(1.0, 2.0, -3.0, 0.5) == FuseResult.FUSED ? 1 : 0;
                    fused += ekf.fuseGnssPosition(1.0, 2.0, Double.NaN, 0.5) == FuseResult.FUSED ? 1 : 0;
                    fused += ekf.fuseGnssVelocity(0.0, 0.0, 0.0, 0.2) == FuseResult.FUSED ? 1 : 0;
                    fused += ekf.fuseHeight(-3.0, 0.5) == FuseResult.FUSED ? 1 : 0;
                    fused += ekf.fuseHeading(0.5, 0.05) == FuseResult.FUSED ? 1 : 0;
                    fused += ekf.fuseMag3D(0.18, -0.1, 0.42, 0.05) == FuseResult.FUSED ? 1 : 0;
                    fused += ekf.fuseMag3D(0.18, -0.1, 5.0, 0.05) == FuseResult.FUSED ? 1 : 0; // gated
                    fused += ekf.fuseMagDeclination(0.1, 0.02) == FuseResult.FUSED ? 1 : 0;
                    fused += ekf.fuseHeight(500.0, 0.5) == FuseResult.FUSED ? 1 : 0; // gated
                    fused += ekf.fuseHeight(Double.NaN, 0.5) == FuseResult.FUSED ? 1 : 0; // invalid
                    h[Ekf.VEL + 2] = 1.0;
                    fused += ekf.fuseScalar(h, -ekf.velocityNed(dVel).z, 0.04) == FuseResult.FUSED ? 1 : 0;
                }
            }
            return fused;
        }
    }
}
