package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.sched.TaskErrorPolicy;
import org.hoverla.core.tasks.CommanderTask;
import org.hoverla.core.time.SimClock;
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
    private final SimClock clock = new SimClock();
    private Vehicle vehicle;
    private LoopTiming timing;
    private final List<String> events = new ArrayList<>();
    private final VehicleEvent event = new VehicleEvent();
    private final VehicleCommandAck ack = new VehicleCommandAck();
    private final VehicleCommand command = new VehicleCommand();
    private long sequence;
    private long lateNs;
    private long nextSecondNs;
    private Subscription<VehicleStatus> statusSub;
    private final VehicleStatus status = new VehicleStatus();

    private void boot() throws Exception {
        clock.advance(1_000_000_000L);
        Chips.Buses buses = FakeBuses.create(7, clock::nanoTime, clock::advance);
        BoardConfig board = BoardFile.profile("bench-fake");
        vehicle = Vehicle.builder().clock(clock).executionTimer(clock).errorPolicy(TaskErrorPolicy.RETHROW)
                .devices(params -> BoardDevices.open(board, params, clock, buses, line -> { }))
                .build();
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
        statusSub = vehicle.stack().bus().vehicleStatus.subscribe();
        nextSecondNs = clock.nanoTime() + 1_000_000_000L;
    }

    @AfterEach
    void close() {
        if (vehicle != null) {
            vehicle.close();
        }
    }

    /**
     * One cycle as the dedicated runner runs it: wait for the next deadline, then (when
     * overloaded) come {@link #lateNs} late. The fake chips' conversion waits advance the clock in
     * the drivers' reads; on a vehicle those run on their own threads, so the cycle is given the
     * time read before them.
     */
    private void step() {
        long due = vehicle.scheduler().nextDeadlineNs();
        if (clock.nanoTime() < due) {
            clock.advance(due - clock.nanoTime());
        }
        clock.advance(lateNs);
        long now = clock.nanoTime();
        for (DriverThread d : vehicle.devices().drivers()) {
            d.runOnce(now);
        }
        vehicle.scheduler().runCycle(now);
        vehicle.devices().motorDriver().runOnce(now);
        while (vehicle.stack().bus().events.poll(event)) {
            events.add(event.text);
        }
        if (now >= nextSecondNs) {
            timing.tick();
            nextSecondNs += 1_000_000_000L;
        }
    }

    private void runSeconds(double s) {
        long end = clock.nanoTime() + (long) (s * 1e9);
        while (clock.nanoTime() < end) {
            step();
        }
        statusSub.copy(status);
    }

    private VehicleCommandAck arm() {
        command.command = VehicleCommand.COMPONENT_ARM_DISARM;
        command.param1 = 1;
        command.param2 = 0;
        command.sequence = ++sequence;
        command.timestampNs = clock.nanoTime();
        assertThat(vehicle.stack().bus().commands.offer(command)).isTrue();
        for (int i = 0; i < 100; i++) {
            step();
            if (vehicle.stack().bus().commandAcks.poll(ack)) {
                return ack;
            }
        }
        throw new AssertionError("no answer to the arm command");
    }

    private void runUntilReady() {
        for (int s = 0; s < 60 && !(status.preArmChecked && status.preArmFailure.isEmpty()); s++) {
            runSeconds(1);
        }
        assertThat(status.preArmFailure).isEmpty();
    }

    @Test
    void shouldRefuseArmingNamingTheLoopFigureWhileCyclesAreLateAndArmOnceTheyAreNot() throws Exception {
        // Given the vehicle ready to arm with a whole window of good timing measured
        boot();
        runUntilReady();
        // When cycles come 1.2 ms late for 3 s
        lateNs = 1_200_000L;
        runSeconds(3);
        // Then the pre-arm check fails naming the figure, and arming is denied with it
        assertThat(status.preArmFailure).matches("Preflight Fail: loop (p99 period error|deadline misses) .*");
        VehicleCommandAck refused = arm();
        assertThat(refused.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(refused.reason).contains("loop");
        // When the cycles are on time again for a whole window
        lateNs = 0;
        runSeconds(11);
        // Then it arms
        assertThat(status.preArmFailure).isEmpty();
        assertThat(arm().result).isEqualTo(VehicleCommandAck.ACCEPTED);
    }

    @Test
    void shouldAnnounceEachDegradationStepOnceAndTheRecovery() throws Exception {
        // Given the vehicle armed on good timing
        boot();
        runUntilReady();
        vehicle.stack().params().store.set("COM_DISARM_PRFLT", 0); // stay armed on the ground
        assertThat(arm().result).isEqualTo(VehicleCommandAck.ACCEPTED);
        events.clear();
        // When cycles are late for 3 s
        lateNs = 1_200_000L;
        runSeconds(3.5);
        // Then optional work is dropped, announced once
        assertThat(events).containsOnlyOnce("Loop timing degraded: optional work dropped");
        assertThat(timing.degradation()).isEqualTo(1);
        // When they stay late for 10 s in all (the vehicle is on the ground: no landing to start)
        runSeconds(7);
        assertThat(events).containsOnlyOnce("Loop timing failure");
        // When they are on time again for 5 s
        lateNs = 0;
        runSeconds(5.5);
        // Then the recovery is announced once, and nothing else was said about the loop
        assertThat(events).containsOnlyOnce("Loop timing recovered: optional work restored");
        assertThat(events).filteredOn(e -> e.startsWith("Loop timing")).hasSize(3);
        assertThat(status.armed()).isTrue();
    }
}
