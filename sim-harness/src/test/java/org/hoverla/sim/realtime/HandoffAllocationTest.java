package org.hoverla.sim.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.hoverla.core.time.SystemClock;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.BatterySample;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.MagSample;
import org.hoverla.hal.RcInputSample;
import org.hoverla.sim.hal.SimDevices;
import org.junit.jupiter.api.Test;

/**
 * The flight thread's side of the real-time hand-off allocates nothing: motor writes (with the
 * cycle log, past its miss ring's capacity) and the polls of every sensor channel; the physics
 * side neither. Heap bytes of this thread over 10 000 rounds after a warm-up, the smallest of
 * three windows (a JIT recompilation can allocate inside one).
 */
class HandoffAllocationTest {

    private static long smallestWindowBytes(Runnable round) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) {
            round.run();
        }
        long smallest = Long.MAX_VALUE;
        for (int w = 0; w < 3; w++) {
            threads.getThreadAllocatedBytes(tid);
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) {
                round.run();
            }
            smallest = Math.min(smallest, threads.getThreadAllocatedBytes(tid) - before);
        }
        return smallest;
    }

    @Test
    void shouldNotAllocateOnEitherSideOfTheHandoff() {
        // Given a hand-off whose cycle log counts a miss every round (a 1 ns threshold)
        CycleIntervalLog cycles = new CycleIntervalLog(1);
        cycles.countFrom(0);
        SimHandoff handoff = new SimHandoff(4, SystemClock.INSTANCE, cycles);
        SimDevices world = new SimDevices(4);
        double[] commands = {0.5, 0.5, 0.5, 0.5};
        ImuSample imu = new ImuSample();
        BaroSample baro = new BaroSample();
        MagSample mag = new MagSample();
        GnssSample gnss = new GnssSample();
        BatterySample battery = new BatterySample();
        RcInputSample rc = new RcInputSample();
        Runnable step = () -> {
            world.imu.deliver();
            world.barometer.deliver();
            world.magnetometer.deliver();
            world.gnss.deliver();
            world.battery.deliver();
            world.rc.deliver();
        };
        long[] sink = new long[1];
        // When the flight side writes and polls and the physics side exchanges, round after round
        long bytes = smallestWindowBytes(() -> {
            handoff.motors.write(commands, true);
            handoff.exchange(world, step);
            if (handoff.imu.poll(imu) & handoff.baro.poll(baro) & handoff.mag.poll(mag) & handoff.gnss.poll(gnss)
                    & handoff.battery.poll(battery) & handoff.rc.poll(rc)) {
                sink[0]++;
            }
        });
        // Then nothing was allocated, and every round delivered every sample
        assertThat(bytes).isZero();
        assertThat(sink[0]).isEqualTo(50_000);
        assertThat(cycles.misses()).isGreaterThan(CycleIntervalLog.CAPACITY);
    }
}
