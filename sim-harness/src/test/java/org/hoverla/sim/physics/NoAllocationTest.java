package org.hoverla.sim.physics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.BatterySample;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.MagSample;
import org.hoverla.sim.sensors.BaroSim;
import org.hoverla.sim.sensors.GnssSim;
import org.hoverla.sim.sensors.ImuSim;
import org.hoverla.sim.sensors.MagSim;
import org.junit.jupiter.api.Test;

/** Checks the hot-path rule of DESIGN.md section 5 for the whole simulated vehicle. */
class NoAllocationTest {
    /** Keeps the probe allocation from being optimised away. */
    static volatile byte[] sink;

    /** Everything the lockstep runner touches per 1 kHz cycle, preallocated. */
    private static final class Rig {
        final Airframe af = Airframe.defaultQuadX();
        final MulticopterSim sim = new MulticopterSim(af, 0.5);
        final WindSim wind = new WindSim(1, 4.0, 200.0, 1.0);
        final BatterySim battery = new BatterySim(af);
        final ImuSim imu = new ImuSim(2, new ImuSim.Params());
        final BaroSim baro = new BaroSim(3, new BaroSim.Params());
        final MagSim mag = new MagSim(4, new MagSim.Params());
        final GnssSim gnss = new GnssSim(5, new GnssSim.Params(), new GeoRef(50.45, 30.52, 180.0));
        final Vec3 windNed = new Vec3();
        final double[] u = new double[4];
        final ImuSample imuS = new ImuSample();
        final BaroSample baroS = new BaroSample();
        final MagSample magS = new MagSample();
        final GnssSample gnssS = new GnssSample();
        final BatterySample batS = new BatterySample();
        long nowNs;
        int deliveries;

        void cycles(int n) {
            for (int i = 0; i < n; i++) {
                // A wobbly climb-and-descend pattern exercises flight, contact and rest.
                double phase = (nowNs % 4_000_000_000L) / 4.0e9;
                double base = phase < 0.5 ? 0.8 : 0.5;
                u[0] = base + 0.01;
                u[1] = base + 0.01;
                u[2] = base - 0.01;
                u[3] = base - 0.01;
                wind.update(0.001, windNed);
                sim.step(0.001, u, battery.voltageV(), windNed);
                battery.update(0.001, sim.totalCurrentA());
                nowNs += 1_000_000L;
                imu.sample(sim, nowNs, imuS);
                if (baro.update(sim, nowNs, baroS)) {
                    deliveries++;
                }
                if (mag.update(sim, nowNs, magS)) {
                    deliveries++;
                }
                if (gnss.update(sim, nowNs, gnssS)) {
                    deliveries++;
                }
                gnss.setOutage((nowNs / 1_000_000_000L) % 5 == 4);
                battery.sample(nowNs, batS);
            }
        }
    }

    @Test
    void shouldNotAllocateInStepOrSample() {
        // Given a warmed-up rig (JIT compiled)
        Rig rig = new Rig();
        rig.cycles(50_000);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        // Measure the measurement itself, so its own cost (if any) is not blamed on the sim.
        long c0 = mx.getCurrentThreadAllocatedBytes();
        long c1 = mx.getCurrentThreadAllocatedBytes();
        long overhead = c1 - c0;
        // (and check the counter works at all on this JVM)
        assertThat(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled()).isTrue();
        long probe0 = mx.getCurrentThreadAllocatedBytes();
        sink = new byte[4096];
        assertThat(mx.getCurrentThreadAllocatedBytes() - probe0).isGreaterThanOrEqualTo(4096);
        // When 10,000 cycles run
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            rig.cycles(2_000);
            fewest = Math.min(fewest, mx.getCurrentThreadAllocatedBytes() - before - overhead);
        }
        // Then nothing was allocated
        // Fewest over windows: an allocation per cycle shows in every window, the JIT's one-off
        // deoptimisation (rematerialising eliminated objects) in one at most.
        assertThat(fewest).isZero();
        assertThat(rig.deliveries).isGreaterThan(0);
        assertThat(rig.sim.positionNed().isFinite()).isTrue();
    }

    @Test
    void shouldNotAllocateInHoverWithGroundContact() {
        // Given a sim that lands and rests repeatedly (ground branch) after warm-up
        Airframe af = Airframe.defaultQuadX();
        MulticopterSim sim = new MulticopterSim(af, 0.0);
        double[] up = {0.9, 0.9, 0.9, 0.9};
        double[] down = {0.4, 0.4, 0.4, 0.4};
        Vec3 wind = new Vec3(2, 1, 0);
        for (int i = 0; i < 60_000; i++) {
            sim.step(0.001, (i / 500) % 2 == 0 ? up : down, 11.1, wind);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long c0 = mx.getCurrentThreadAllocatedBytes();
        long overhead = mx.getCurrentThreadAllocatedBytes() - c0;
        // When 10,000 more steps run
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                sim.step(0.001, (i / 500) % 2 == 0 ? up : down, 11.1, wind);
            }
            fewest = Math.min(fewest, mx.getCurrentThreadAllocatedBytes() - before - overhead);
        }
        // Then nothing was allocated
        // Fewest over windows: an allocation per cycle shows in every window, the JIT's one-off
        // deoptimisation (rematerialising eliminated objects) in one at most.
        assertThat(fewest).isZero();
        assertThat(new Quat().set(sim.attitude()).isFinite()).isTrue();
    }

    @Test
    void shouldNotAllocateOnTheCalibrationBench() {
        // Given a vehicle in the bench fixture, its sensors with known errors and iron nearby
        Airframe af = Airframe.defaultQuadX();
        MulticopterSim sim = new MulticopterSim(af, 0.0);
        org.hoverla.sim.sensors.SensorErrors errors = org.hoverla.sim.sensors.SensorErrors.demo();
        errors.nearbyIronAtStart = true;
        ImuSim imu = new ImuSim(2, new ImuSim.Params(), errors);
        MagSim mag = new MagSim(4, new MagSim.Params(), errors);
        ImuSample imuS = new ImuSample();
        MagSample magS = new MagSample();
        BenchFixture fixture = new BenchFixture();
        fixture.engage(sim.attitude());
        Quat[] sides = {new Quat().setEuler(0, Math.PI / 2, 0), new Quat().setEuler(Math.PI, 0, 0), new Quat()};
        double[] off = new double[4];
        long[] now = {0};
        Runnable cycles = () -> {
            for (int i = 0; i < 2_000; i++) {
                int k = (int) ((now[0] / 1_000_000L) % 9_000);
                if (k == 0) {
                    fixture.moveTo(sides[(int) ((now[0] / 9_000_000_000L) % 3)]);
                } else if (k == 3_000) {
                    fixture.spin(0, 0, 1, 1.0);
                } else if (k == 6_000) {
                    fixture.wobble(0.2, 0.6);
                }
                fixture.step(0.001);
                sim.holdInFixture(0.001, fixture.attitude(), fixture.rateFrd(), off, 16.0);
                now[0] += 1_000_000L;
                imu.sample(sim, now[0], imuS);
                mag.update(sim, now[0], magS);
            }
        };
        for (int i = 0; i < 30; i++) {
            cycles.run();
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadAllocatedBytes();
        long overhead = mx.getCurrentThreadAllocatedBytes() - c0;
        // When 10,000 more steps run
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            cycles.run();
            fewest = Math.min(fewest, mx.getCurrentThreadAllocatedBytes() - before - overhead);
        }
        // Then nothing was allocated
        assertThat(fewest).isZero();
        assertThat(Double.isFinite(magS.fieldXGauss)).isTrue();
    }
}
