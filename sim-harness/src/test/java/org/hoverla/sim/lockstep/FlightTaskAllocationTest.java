package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §5: the flight thread allocates nothing. Steps the complete flight task set (and
 * the simulated world around it) through takeoff, hover and landing and reads the thread's
 * allocation counter.
 */
class FlightTaskAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldAllocateNothingWhileFlying() {
        assertThat(THREADS.isThreadAllocatedMemorySupported()).isTrue();
        THREADS.setThreadAllocatedMemoryEnabled(true);
        // Given a vehicle that armed and took off in 5 m/s wind
        SimConfig config = new SimConfig();
        config.windSpeedMps = 5.0;
        config.windFromDeg = 270.0;
        SimDriver d = new SimDriver(config);
        d.stepUntilReady(30.0);
        assertThat(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN).result)
                .isEqualTo(VehicleCommandAck.ACCEPTED);
        assertThat(d.command(VehicleCommand.NAV_TAKEOFF, Double.NaN, Double.NaN, Double.NaN).result)
                .isEqualTo(VehicleCommandAck.ACCEPTED);
        d.steps(3_000); // warm-up: climbing

        // When 10,000 cycles run through the rest of the climb and the hover
        long climbAndHover = allocatedDuring(d, 10_000);
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);

        // and, after the land command, 10,000 cycles of descent
        assertThat(d.command(VehicleCommand.NAV_LAND, Double.NaN, Double.NaN, Double.NaN).result)
                .isEqualTo(VehicleCommandAck.ACCEPTED);
        long descent = allocatedDuring(d, 10_000);

        // Then not one byte was allocated on this thread
        assertThat(climbAndHover).isZero();
        assertThat(descent).isZero();
        assertThat(d.sim.scheduler().perf(0).runs()).isGreaterThan(20_000);
    }

    @Test
    void shouldDetectAnAllocationWhenThereIsOne() {
        // Guards the test above against a counter that never moves.
        THREADS.setThreadAllocatedMemoryEnabled(true);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Object[] sink = new Object[1000];
        long after = THREADS.getCurrentThreadAllocatedBytes();
        assertThat(sink).hasSize(1000);
        assertThat(after - before).isGreaterThanOrEqualTo(4000);
    }

    private static long allocatedDuring(SimDriver d, int cycles) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < cycles; i++) {
            d.sim.step();
        }
        long after = THREADS.getCurrentThreadAllocatedBytes();
        d.statusSub.update(d.status);
        return after - before;
    }
}
