package org.hoverla.sim.simapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.boot.BoardConfig;
import org.hoverla.core.boot.BoardFile;
import org.hoverla.core.boot.Vehicle;
import org.hoverla.core.boot.VehicleBoot;
import org.hoverla.core.msg.EstimatorStatus;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.lockstep.SimWorld;
import org.hoverla.sim.physics.Airframe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./hoverla run --board} with a {@code buses: simulator-api} board boots the vehicle the way
 * {@code run} does ({@link VehicleBoot#bootAndStart}) and lets the external simulator drive it:
 * here Hoverla's own world on the simulator side of the API, on a loopback TCP port.
 */
class RunOnSimulatorApiBoardTest {
    @TempDir
    Path state;

    @Test
    void shouldConnectToTheSimulatorAndRunOneCyclePerSensorStep() throws Exception {
        // Given a simulator listening on a free port and a board file pointing at it
        SimConfig config = new SimConfig();
        config.seed = 3;
        SimWorld world = new SimWorld(config, Airframe.forAutostart(4001));
        try (SimulatorApiServer server = new SimulatorApiServer(world, InetAddress.getLoopbackAddress(), 0,
                2_000_000_000L, 5)) {
            BoardConfig board = BoardFile.parse("ext.yaml", "board: ext\nbuses: simulator-api\nsimulator: {host: 127.0.0.1, port: "
                    + server.port() + "}\n", false);
            List<String> log = new ArrayList<>();
            // When the vehicle boots from it
            Vehicle vehicle = VehicleBoot.bootAndStart(new VehicleBoot.Options(board, null, s -> { }, List.of(), 1L,
                    state, line -> {
                        synchronized (log) {
                            log.add(line);
                        }
                    }, () -> 0));
            try {
                assertThat(server.acceptVehicle(10_000)).isTrue();
                // Then every one of 20 s of simulator steps is answered, and the estimator aligns on the
                // simulator's sensors with the simulator's time as its clock
                for (int i = 0; i < 20_000; i++) {
                    assertThat(server.step()).isEqualTo(SimulatorApiServer.StepResult.ANSWERED);
                }
                assertThat(server.answers()).isEqualTo(20_000);
                assertThat(vehicle.clock().nanoTime()).isBetween(19_990_000_000L, 20_010_000_000L);
                EstimatorStatus status = new EstimatorStatus();
                vehicle.stack().bus().estimatorStatus.subscribe().copy(status);
                assertThat(status.attitudeValid).isTrue();
                assertThat(status.baroHealthy).isTrue();
            } finally {
                VehicleBoot.stop(vehicle, new VehicleBoot.Options(board, null, s -> { }, List.of(), 1L, state, s -> { },
                        () -> 0));
            }
            synchronized (log) {
                assertThat(log).anyMatch(l -> l.contains("simulator at 127.0.0.1:" + server.port()));
            }
        }
    }
}
