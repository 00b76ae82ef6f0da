package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.sched.TaskErrorPolicy;
import org.hoverla.core.time.SimClock;
import org.hoverla.core.update.ArmedMarker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vehicle's armed marker, wired as the boot wires it ({@link Vehicle#startArmedMarker}): the
 * bench-fake vehicle stepped in lockstep (as FakeBoardInLoopTest does) arms and disarms, and a
 * separate reader ({@link ArmedMarker#armedBy}, what {@code ./hoverla update} asks) follows. The
 * marker thread runs on its own, so the test waits for it (bounded), never for a fixed time.
 */
class ArmedMarkerWiringTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final SimClock clock = new SimClock();
    private Vehicle vehicle;
    private final VehicleCommandAck ack = new VehicleCommandAck();
    private final VehicleCommand command = new VehicleCommand();
    private long sequence;
    @TempDir
    Path state;

    @AfterEach
    void close() {
        if (vehicle != null) {
            vehicle.close();
        }
    }

    private void step() {
        clock.advance(1_000_000L);
        long now = clock.nanoTime();
        for (DriverThread d : vehicle.devices().drivers()) {
            d.runOnce(now);
        }
        vehicle.scheduler().runCycle(now);
        vehicle.devices().motorDriver().runOnce(now);
    }

    private int arm(boolean arm) {
        command.command = VehicleCommand.COMPONENT_ARM_DISARM;
        command.param1 = arm ? 1 : 0;
        command.sequence = ++sequence;
        command.timestampNs = clock.nanoTime();
        assertThat(vehicle.stack().bus().commands.offer(command)).isTrue();
        for (int i = 0; i < 100; i++) {
            step();
            if (vehicle.stack().bus().commandAcks.poll(ack)) {
                return ack.result;
            }
        }
        throw new AssertionError("no answer to the arm command");
    }

    @Test
    void shouldMarkTheRunningVehicleArmedForASeparateUpdater() throws Exception {
        // Given a stale marker from an earlier run of this very process (it would read as armed)
        new ArmedMarker(state).set(true);
        clock.advance(1_000_000_000L);
        Chips.Buses buses = FakeBuses.create(7, clock::nanoTime, clock::advance);
        BoardConfig board = BoardFile.profile("bench-fake");
        vehicle = Vehicle.builder().clock(clock).executionTimer(clock).errorPolicy(TaskErrorPolicy.RETHROW)
                .devices(params -> BoardDevices.open(board, params, clock, buses, line -> { })).build();
        // When the marker starts with the vehicle disarmed, Then the stale marker is removed
        vehicle.startArmedMarker(state, line -> { });
        await().atMost(WAIT).until(() -> !Files.exists(ArmedMarker.file(state)));
        // When the vehicle is stepped until its pre-arm checks pass, and armed
        VehicleStatus status = new VehicleStatus();
        var sub = vehicle.stack().bus().vehicleStatus.subscribe();
        for (int ms = 0; ms < 60_000; ms++) {
            step();
            if (ms % 1000 == 999 && sub.copy(status) && status.preArmChecked && status.preArmFailure.isEmpty()) {
                break;
            }
        }
        assertThat(arm(true)).isEqualTo(VehicleCommandAck.ACCEPTED);
        for (int i = 0; i < 100; i++) {
            step();
        }
        // Then the updater's reader sees it armed
        await().atMost(WAIT).until(() -> ArmedMarker.armedBy(state).isPresent());
        assertThat(ArmedMarker.armedBy(state)).contains("pid " + ProcessHandle.current().pid());
        // When disarmed, Then the marker goes
        assertThat(arm(false)).isEqualTo(VehicleCommandAck.ACCEPTED);
        await().atMost(WAIT).until(() -> ArmedMarker.armedBy(state).isEmpty());
        // When armed again and the vehicle closes, Then no marker is left behind
        assertThat(arm(true)).isEqualTo(VehicleCommandAck.ACCEPTED);
        await().atMost(WAIT).until(() -> ArmedMarker.armedBy(state).isPresent());
        vehicle.close();
        await().atMost(WAIT).until(() -> !Files.exists(ArmedMarker.file(state)));
    }
}
