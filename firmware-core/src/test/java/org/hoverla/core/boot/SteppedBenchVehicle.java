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
import org.hoverla.core.time.SimClock;

/**
 * The bench-fake vehicle stepped on a simulated clock, for tests that drive the real commander
 * (arming gates): cycles run as the dedicated runner runs them, optionally {@link #lateNs} late, a
 * hook runs every simulated second (a timing thread's sample), and nothing waits on the wall clock.
 */
final class SteppedBenchVehicle implements AutoCloseable {
    final SimClock clock = new SimClock();
    final Vehicle vehicle;
    final List<String> events = new ArrayList<>();
    final VehicleStatus status = new VehicleStatus();
    /** How late each cycle starts after its deadline (an overloaded loop); 0 = on time. */
    long lateNs;
    /** Runs once per simulated second, after that second's last cycle. */
    Runnable onSecond = () -> { };

    private final VehicleEvent event = new VehicleEvent();
    private final VehicleCommandAck ack = new VehicleCommandAck();
    private final VehicleCommand command = new VehicleCommand();
    private final Subscription<VehicleStatus> statusSub;
    private long sequence;
    private long nextSecondNs;

    SteppedBenchVehicle() throws Exception {
        clock.advance(1_000_000_000L);
        Chips.Buses buses = FakeBuses.create(7, clock::nanoTime, clock::advance);
        BoardConfig board = BoardFile.profile("bench-fake");
        vehicle = Vehicle.builder().clock(clock).executionTimer(clock).errorPolicy(TaskErrorPolicy.RETHROW)
                .devices(params -> BoardDevices.open(board, params, clock, buses, line -> { }))
                .build();
        statusSub = vehicle.stack().bus().vehicleStatus.subscribe();
        nextSecondNs = clock.nanoTime() + 1_000_000_000L;
    }

    /**
     * One cycle as the dedicated runner runs it: wait for the next deadline, then (when
     * overloaded) come {@link #lateNs} late. The fake chips' conversion waits advance the clock in
     * the drivers' reads; on a vehicle those run on their own threads, so the cycle is given the
     * time read before them.
     */
    void step() {
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
            onSecond.run();
            nextSecondNs += 1_000_000_000L;
        }
    }

    void runSeconds(double s) {
        long end = clock.nanoTime() + (long) (s * 1e9);
        while (clock.nanoTime() < end) {
            step();
        }
        statusSub.copy(status);
    }

    /** COMPONENT_ARM_DISARM(1) through the commander's queue; its answer. */
    VehicleCommandAck arm() {
        return armDisarm(true);
    }

    /** COMPONENT_ARM_DISARM(0) through the commander's queue; its answer. */
    VehicleCommandAck disarm() {
        return armDisarm(false);
    }

    private VehicleCommandAck armDisarm(boolean arm) {
        command.command = VehicleCommand.COMPONENT_ARM_DISARM;
        command.param1 = arm ? 1 : 0;
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

    /** Runs until the pre-arm checks have passed (at most a minute of vehicle time). */
    void runUntilReady() {
        for (int s = 0; s < 60 && !(status.preArmChecked && status.preArmFailure.isEmpty()); s++) {
            runSeconds(1);
        }
        assertThat(status.preArmFailure).isEmpty();
    }

    @Override
    public void close() {
        vehicle.close();
    }
}
