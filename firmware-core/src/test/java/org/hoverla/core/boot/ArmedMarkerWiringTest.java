package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hoverla.core.msg.VehicleCommandAck;
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
    private SteppedBenchVehicle bench;
    @TempDir
    Path state;

    @AfterEach
    void close() {
        if (bench != null) {
            bench.close();
        }
    }

    @Test
    void shouldMarkTheRunningVehicleArmedForASeparateUpdater() throws Exception {
        // Given a stale marker from an earlier run of this very process (it would read as armed)
        new ArmedMarker(state).set(true);
        bench = new SteppedBenchVehicle();
        Vehicle vehicle = bench.vehicle;
        // When the marker starts with the vehicle disarmed, Then the stale marker is removed
        vehicle.startArmedMarker(state, line -> { });
        await().atMost(WAIT).until(() -> !Files.exists(ArmedMarker.file(state)));
        // When the vehicle is stepped until its pre-arm checks pass, and armed
        bench.runUntilReady();
        assertThat(bench.arm().result).isEqualTo(VehicleCommandAck.ACCEPTED);
        bench.runSeconds(0.1);
        // Then the updater's reader sees it armed
        await().atMost(WAIT).until(() -> ArmedMarker.armedBy(state).isPresent());
        assertThat(ArmedMarker.armedBy(state)).contains("pid " + ProcessHandle.current().pid());
        // When disarmed, Then the marker goes
        assertThat(bench.disarm().result).isEqualTo(VehicleCommandAck.ACCEPTED);
        await().atMost(WAIT).until(() -> ArmedMarker.armedBy(state).isEmpty());
        // When armed again and the vehicle closes, Then no marker is left behind
        assertThat(bench.arm().result).isEqualTo(VehicleCommandAck.ACCEPTED);
        await().atMost(WAIT).until(() -> ArmedMarker.armedBy(state).isPresent());
        vehicle.close();
        await().atMost(WAIT).until(() -> !Files.exists(ArmedMarker.file(state)));
    }
}
