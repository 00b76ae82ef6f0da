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
import org.hoverla.core.timing.LoopTiming;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The boot check's arming refusal through the real commander ({@link Vehicle#refuseArmingWhen}):
 * the bench-fake vehicle stepped on a simulated clock, as LoopTimingArmingTest steps it.
 */
class BootCheckArmingTest {
    private final SimClock clock = new SimClock();
    private Vehicle vehicle;
    private LoopTiming timing;
    private final List<String> events = new ArrayList<>();
    private final VehicleEvent event = new VehicleEvent();
    private final VehicleCommandAck ack = new VehicleCommandAck();
    private final VehicleCommand command = new VehicleCommand();
    private long sequence;
    private volatile String refusal = "";
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
        timing = vehicle.timing();
        vehicle.refuseArmingWhen(() -> refusal);
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
    void shouldRefuseArmingWithTheBootChecksReasonWhileOnTrialAndArmOnceCommitted() throws Exception {
        // Given the vehicle ready to arm
        boot();
        runUntilReady();
        // When the boot check puts the version on trial
        refusal = org.hoverla.core.update.BootCheck.PREARM_ON_TRIAL;
        runSeconds(1);
        // Then the pre-arm check names it, and arming is denied with it
        assertThat(status.preArmFailure).isEqualTo("Preflight Fail: new version on trial (boot check)");
        VehicleCommandAck refused = arm();
        assertThat(refused.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(refused.reason).contains("on trial");
        assertThat(status.armed()).isFalse();
        // When it commits
        refusal = "";
        runSeconds(1);
        // Then it arms
        assertThat(status.preArmFailure).isEmpty();
        assertThat(arm().result).isEqualTo(VehicleCommandAck.ACCEPTED);
    }
}
