package org.hoverla.core.simapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.HilActuatorControls;
import io.dronefleet.mavlink.common.HilSensor;
import io.dronefleet.mavlink.util.EnumValue;
import java.math.BigInteger;
import org.hoverla.core.time.SimClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator link's thread runs the flight cycles, so it is the flight thread (DESIGN §3/§5):
 * reading a step from the socket, decoding it, depositing the samples, answering and writing the
 * answer must allocate nothing once warmed up.
 */
class SimulatorApiVehicleLinkAllocationTest {
    private final SimulatorApiDevices devices = new SimulatorApiDevices(4, 4, 4.05, 3.6, 60.0, 0.5);
    private final SimClock clock = new SimClock();
    private final double[] outputs = {0.1, 0.2, 0.3, 0.4};
    private ScriptedSimulator sim;
    private SimulatorApiVehicleLink link;

    @AfterEach
    void tearDown() throws Exception {
        if (link != null) {
            link.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void shouldAllocateNothingOnTheLinkThreadPerLockstepStep() throws Exception {
        // Given a vehicle connected to a simulator, its cycle writing the motors armed
        sim = new ScriptedSimulator();
        link = new SimulatorApiVehicleLink("127.0.0.1", sim.port(), devices, clock,
                now -> devices.motors.write(outputs, true), 1, 1, 20_000_000L, line -> { });
        link.start();
        sim.accept();
        long[] timeUs = {1_764_800_000_000_000L};
        int warmUp = 6000;
        int window = 2000;
        assertThat(link.allocatedBytes()).as("per-thread allocation counter").isNotNegative();

        // When it is stepped in lockstep past warm-up, then over three measured windows
        steps(warmUp, timeUs);
        long fewest = Long.MAX_VALUE;
        for (int w = 0; w < 3; w++) {
            long before = link.allocatedBytes();
            steps(window, timeUs);
            fewest = Math.min(fewest, link.allocatedBytes() - before);
        }

        // Then a window of steps (heartbeats included) allocates nothing on the link thread
        assertThat(fewest).isZero();
        assertThat(link.answers()).isEqualTo(warmUp + 3L * window);
        assertThat(link.droppedSamples()).isZero();
        assertThat(link.heartbeats()).isGreaterThan(1);
    }

    /** Sends {@code n} sensor steps 1 ms apart, each after the previous one's answer. */
    private void steps(int n, long[] timeUs) throws Exception {
        for (int i = 0; i < n; i++) {
            timeUs[0] += 1000;
            sim.send(HilSensor.builder().timeUsec(BigInteger.valueOf(timeUs[0]))
                    .xacc(0.1f).yacc(-0.2f).zacc(-9.81f).xgyro(0.01f).ygyro(0.02f).zgyro(-0.03f)
                    .xmag(0.21f).ymag(0.01f).zmag(0.42f).absPressure(1013.25f).temperature(21.5f)
                    .fieldsUpdated(EnumValue.create(HilUnits.ACCEL | HilUnits.GYRO | HilUnits.MAG | HilUnits.BARO))
                    .build());
            HilActuatorControls answer = sim.next(HilActuatorControls.class);
            assertThat(answer).isNotNull();
        }
    }
}
