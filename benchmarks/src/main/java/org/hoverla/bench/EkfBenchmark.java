package org.hoverla.bench;

import java.util.concurrent.TimeUnit;
import org.hoverla.core.estimation.ekf.Ekf;
import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of one EKF operation (21 states): one IMU prediction and each measurement update.
 *
 * <p>Each iteration starts from the same filter, initialised and run for 2 s of hovering with
 * every aiding source so that the covariance is realistic (correlated, not diagonal). The
 * updates fuse a measurement equal to the current prediction, so every call passes the gate
 * and does the full update (gain, Joseph form, injection, reset) whatever the iteration
 * count; the cost of a scalar update does not depend on the innovation's value.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EkfBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EkfBenchmark {
    private static final double DT = 0.004;

    private Ekf ekf;
    private final Vec3 dAng = new Vec3(0.0004, -0.0002, 0.0008);
    private final Vec3 dVel = new Vec3(0.001, -0.0005, -Ekf.GRAVITY_MPS2 * DT);
    private final Vec3 pos = new Vec3();
    private final Vec3 vel = new Vec3();
    private final Quat q = new Quat();
    private final Vec3 mag = new Vec3();
    private final Vec3 magEarth = new Vec3();
    private final Vec3 magBias = new Vec3();

    @Setup(Level.Iteration)
    public void setUp() {
        ekf = new Ekf();
        ekf.initialise(new Quat().setEuler(0.03, -0.02, 0.7), new Vec3(1, 2, -10), new Vec3());
        ekf.resetMagField(0.19, 0.03, 0.43);
        for (int i = 1; i <= 500; i++) {
            ekf.predict(dAng, dVel, DT);
            if (i % 10 == 0) {
                ekf.fuseMag3D(0.19, 0.03, 0.43, 0.05);
            }
            if (i % 50 == 0) {
                ekf.fuseGnssPosition(1, 2, -10, 0.5);
                ekf.fuseGnssVelocity(0, 0, 0, 0.2);
                ekf.fuseHeight(-10, 0.5);
                ekf.fuseMagDeclination(0.1, 0.02);
            }
        }
        ekf.positionNed(pos);
        ekf.velocityNed(vel);
        ekf.attitude(q);
        // the magnetometer sample the filter predicts: R(q)ᵀ m_E + b
        q.rotateInverse(ekf.magEarthNed(magEarth), mag).add(ekf.magBodyFrd(magBias));
    }

    @Benchmark
    public void predict(Blackhole bh) {
        bh.consume(ekf.predict(dAng, dVel, DT));
    }

    @Benchmark
    public void fuseGnssPosition3(Blackhole bh) {
        bh.consume(ekf.fuseGnssPosition(pos.x, pos.y, pos.z, 0.5));
    }

    @Benchmark
    public void fuseGnssVelocity(Blackhole bh) {
        bh.consume(ekf.fuseGnssVelocity(vel.x, vel.y, vel.z, 0.2));
    }

    @Benchmark
    public void fuseHeight(Blackhole bh) {
        bh.consume(ekf.fuseHeight(pos.z, 0.5));
    }

    @Benchmark
    public void fuseHeading(Blackhole bh) {
        bh.consume(ekf.fuseHeading(q.yaw(), 0.05));
    }

    @Benchmark
    public void fuseMag3D(Blackhole bh) {
        bh.consume(ekf.fuseMag3D(mag.x, mag.y, mag.z, 0.05));
    }
}
