package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.hoverla.core.boot.FlightClassPreloader;
import org.hoverla.core.msg.FailureDetectorStatus;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.time.SystemClock;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §5 for the motor-failure path: the failure detector task and the mixer without a
 * motor allocate nothing on the flight thread, through the detection, the reconfiguration and
 * the landing on five motors. (The healthy flight, with the detector in the task table, is in
 * FlightTaskAllocationTest.)
 */
class MotorFailureAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldAllocateNothingWhileDetectingAndFlyingWithoutAMotor() {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        // Given a hexa at 30 m in 5 m/s wind whose motor 4 has just failed, detected, landing on five
        SimConfig config = new SimConfig();
        config.windSpeedMps = 5.0;
        LockstepSim sim = new LockstepSim(config, SystemClock.INSTANCE,
                store -> store.set("SYS_AUTOSTART", FlightParams.AUTOSTART_HEXA_X));
        SimDriver d = new SimDriver(sim);
        d.takeOff(30.0);
        d.steps(2_000);
        sim.vehicle().setMotorThrustFactor(3, 0.0);
        // warm-up of the failure path in an earlier window, so the measured one sees compiled code
        d.steps(1_000);
        FailureDetectorStatus status = new FailureDetectorStatus();
        sim.stack().bus().failureDetectorStatus.subscribe().copy(status);
        assertThat(status.motorFailureMask).isEqualTo(1 << 3);
        SimDriver.expectAccepted(d.command(VehicleCommand.NAV_LAND, Double.NaN, Double.NaN, Double.NaN));
        d.steps(3_000);

        // When 10,000 cycles of the descent on five motors run
        FlightClassPreloader.preload(d.getClass(), sim.getClass());
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            sim.step();
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        // Then the mixer ran without the motor, and not one byte was allocated on this thread
        assertThat(sim.stack().mixer().failedMotor()).isEqualTo(3);
        assertThat(sim.vehicle().crashed()).isFalse();
        assertThat(allocated).isZero();
    }
}
