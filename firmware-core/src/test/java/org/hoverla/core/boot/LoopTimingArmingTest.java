package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.tasks.CommanderTask;
import org.hoverla.core.timing.LoopTiming;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loop timing gate and degradation through the real commander: the bench-fake vehicle
 * stepped on a simulated clock (as FakeBoardInLoopTest), its loop timing enforced as in dedicated
 * mode, and cycles made late by the fake clock (each cycle starts 1.2 ms after its deadline, as
 * in a loop whose work overruns its period). The timing thread's one-second sample is called
 * every simulated second; nothing waits on the wall clock.
 */
class LoopTimingArmingTest {
    private SteppedBenchVehicle bench;
    private LoopTiming timing;

    private void boot() throws Exception {
        bench = new SteppedBenchVehicle();
        Vehicle vehicle = bench.vehicle;
        // The vehicle's own timing enforces only with a dedicated flight thread; this one is stepped
        // here, so a timing that always enforces is wired to the commander in its place.
        timing = new LoopTiming(vehicle.scheduler(), vehicle.timing().params(), line -> { }, () -> true);
        timing.startMeasuring();
        org.hoverla.core.sched.TaskTable table = vehicle.stack().taskTable();
        for (int i = 0; i < table.size(); i++) {
            if (table.task(i) instanceof CommanderTask c) {
                c.checkLoopTimingWith(timing);
            }
        }
        bench.onSecond = timing::tick;
    }

    @AfterEach
    void close() {
        if (bench != null) {
            bench.close();
        }
    }

    @Test
    void shouldRefuseArmingNamingTheLoopFigureWhileCyclesAreLateAndArmOnceTheyAreNot() throws Exception {
        // Given the vehicle ready to arm with a whole window of good timing measured
        boot();
        bench.runUntilReady();
        // When cycles come 1.2 ms late for 3 s
        bench.lateNs = 1_200_000L;
        bench.runSeconds(3);
        // Then the pre-arm check fails naming the figure, and arming is denied with it
        assertThat(bench.status.preArmFailure).matches("Preflight Fail: loop (p99 period error|deadline misses) .*");
        VehicleCommandAck refused = bench.arm();
        assertThat(refused.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(refused.reason).contains("loop");
        // When the cycles are on time again for a whole window
        bench.lateNs = 0;
        bench.runSeconds(11);
        // Then it arms
        assertThat(bench.status.preArmFailure).isEmpty();
        assertThat(bench.arm().result).isEqualTo(VehicleCommandAck.ACCEPTED);
    }

    @Test
    void shouldAnnounceEachDegradationStepOnceAndTheRecovery() throws Exception {
        // Given the vehicle armed on good timing
        boot();
        bench.runUntilReady();
        bench.vehicle.stack().params().store.set("COM_DISARM_PRFLT", 0); // stay armed on the ground
        assertThat(bench.arm().result).isEqualTo(VehicleCommandAck.ACCEPTED);
        bench.events.clear();
        // When cycles are late for 3 s
        bench.lateNs = 1_200_000L;
        bench.runSeconds(3.5);
        // Then optional work is dropped, announced once
        assertThat(bench.events).containsOnlyOnce("Loop timing degraded: optional work dropped");
        assertThat(timing.degradation()).isEqualTo(1);
        // When they stay late for 10 s in all (the vehicle is on the ground: no landing to start)
        bench.runSeconds(7);
        assertThat(bench.events).containsOnlyOnce("Loop timing failure");
        // When they are on time again for 5 s
        bench.lateNs = 0;
        bench.runSeconds(5.5);
        // Then the recovery is announced once, and nothing else was said about the loop
        assertThat(bench.events).containsOnlyOnce("Loop timing recovered: optional work restored");
        assertThat(bench.events).filteredOn(e -> e.startsWith("Loop timing")).hasSize(3);
        assertThat(bench.status.armed()).isTrue();
    }
}
