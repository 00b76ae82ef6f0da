package org.hoverla.sim.simapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dronefleet.mavlink.common.HilGps;
import io.dronefleet.mavlink.common.HilSensor;
import io.dronefleet.mavlink.common.HilStateQuaternion;
import java.net.InetAddress;
import java.util.List;
import org.hoverla.core.simapi.HilUnits;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.lockstep.SimWorld;
import org.hoverla.sim.physics.Airframe;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator side of the simulator MAVLink API against a scripted vehicle on loopback TCP. */
class SimulatorApiServerTest {
    private final SimConfig config = new SimConfig();
    private final SimWorld world = new SimWorld(config, Airframe.forAutostart(FlightParams.AUTOSTART_QUAD_X));
    private SimulatorApiServer server;
    private FakeVehicle vehicle;

    private void connect(long answerTimeoutNs) throws Exception {
        server = new SimulatorApiServer(world, InetAddress.getLoopbackAddress(), 0, answerTimeoutNs, 5);
        vehicle = new FakeVehicle(server.port());
        assertThat(server.acceptVehicle(5000)).isTrue();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (vehicle != null) {
            vehicle.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldReportNoVehicleInsteadOfWaiting() throws Exception {
        // Given a server nobody connects to
        server = new SimulatorApiServer(world, InetAddress.getLoopbackAddress(), 0, 1_000_000_000L, 5);
        // When it waits briefly and steps
        assertThat(server.acceptVehicle(50)).isFalse();
        // Then the step reports the missing vehicle and the world still moved
        assertThat(server.step()).isEqualTo(SimulatorApiServer.StepResult.NO_VEHICLE);
        assertThat(world.clock().nanoTime()).isEqualTo(SimConfig.STEP_NS);
    }

    @Test
    void shouldSendSensorStepsInHilUnitsAndApplyEachAnswer() throws Exception {
        // Given a vehicle that answers every step with 0.5 on four motors, armed
        connect(5_000_000_000L);
        // When the world runs 400 steps (0.4 s)
        for (int i = 0; i < 400; i++) {
            assertThat(server.step()).isEqualTo(SimulatorApiServer.StepResult.ANSWERED);
        }
        // Then each step sent one HIL_SENSOR at the world time, IMU always marked updated
        List<HilSensor> sensors = vehicle.all(HilSensor.class);
        assertThat(sensors).hasSize(400);
        assertThat(sensors.get(0).timeUsec().longValue()).isEqualTo(1000);
        assertThat(sensors.get(399).timeUsec().longValue()).isEqualTo(400_000);
        assertThat(sensors).allSatisfy(s -> assertThat(HilUnits.all(s.fieldsUpdated().value(),
                HilUnits.ACCEL | HilUnits.GYRO)).isTrue());
        // and a vehicle at rest reads about -1 g on z
        assertThat(sensors.get(0).zacc()).isCloseTo(-9.8f, within(0.3f));
        // and the barometer went in hPa with PX4's three barometer bits, near sea-level-ish pressure at 178 m
        HilSensor withBaro = sensors.stream().filter(s -> HilUnits.all(s.fieldsUpdated().value(), HilUnits.BARO))
                .findFirst().orElseThrow();
        assertThat(withBaro.absPressure()).isBetween(980f, 1010f);
        assertThat(withBaro.pressureAlt()).isCloseTo(178f, within(15f));
        assertThat(sensors.stream().anyMatch(s -> HilUnits.all(s.fieldsUpdated().value(), HilUnits.MAG))).isTrue();
        // and GNSS solutions went as HIL_GPS in degE7 around home, with a 3D fix
        List<HilGps> gps = vehicle.all(HilGps.class);
        assertThat(gps).isNotEmpty();
        HilGps last = gps.get(gps.size() - 1);
        assertThat(last.fixType()).isEqualTo(3);
        assertThat(last.lat() * 1e-7).isCloseTo(config.homeLatDeg, within(1e-4));
        assertThat(last.lon() * 1e-7).isCloseTo(config.homeLonDeg, within(1e-4));
        assertThat(last.satellitesVisible()).isGreaterThanOrEqualTo(6);
        // and truth went every fifth step
        assertThat(vehicle.all(HilStateQuaternion.class)).hasSize(80);
        // and the answers reached the motors of the world, one round trip recorded per step
        assertThat(world.devices().motors.armed()).isTrue();
        assertThat(world.devices().motors.commands()).containsExactly(0.5, 0.5, 0.5, 0.5);
        assertThat(server.answers()).isEqualTo(400);
        assertThat(server.roundTripUs().getTotalCount()).isEqualTo(400);
    }

    @Test
    void shouldReportAStalledVehicleWithinTheBoundAndSkipItsLateAnswer() throws Exception {
        // Given a vehicle that stops answering
        connect(200_000_000L);
        vehicle.behaviour = FakeVehicle.Behaviour.SILENT;
        // When a step waits for it
        long t0 = System.nanoTime();
        SimulatorApiServer.StepResult r = server.step();
        // Then the step reports the stall after the 200 ms bound, not later
        assertThat(r).isEqualTo(SimulatorApiServer.StepResult.STALLED);
        assertThat(System.nanoTime() - t0).isBetween(150_000_000L, 3_000_000_000L);
        assertThat(server.stalls()).isEqualTo(1);
        // and when the vehicle answers late and then resumes, the late answer is skipped
        vehicle.answer(1000, 0.9f);
        vehicle.behaviour = FakeVehicle.Behaviour.ANSWER;
        assertThat(server.step()).isEqualTo(SimulatorApiServer.StepResult.ANSWERED);
        assertThat(server.staleAnswers()).isEqualTo(1);
        assertThat(world.devices().motors.commands()[0]).isEqualTo(0.5);
    }

    @Test
    void shouldReportADisconnectedVehicleAndStopTheMotors() throws Exception {
        // Given an armed vehicle flying at 0.5
        connect(5_000_000_000L);
        assertThat(server.step()).isEqualTo(SimulatorApiServer.StepResult.ANSWERED);
        assertThat(world.devices().motors.armed()).isTrue();
        // When it disconnects
        vehicle.close();
        SimulatorApiServer.StepResult r = server.step();
        // Then the step says so and the world's motors stop
        assertThat(r).isEqualTo(SimulatorApiServer.StepResult.DISCONNECTED);
        assertThat(world.devices().motors.armed()).isFalse();
        assertThat(world.devices().motors.commands()).containsOnly(0.0);
        assertThat(server.vehicleConnected()).isFalse();
    }

    @Test
    void shouldStopAMotorWhoseControlIsNotANumber() throws Exception {
        // Given a vehicle that answers with NaN controls
        connect(5_000_000_000L);
        vehicle.behaviour = FakeVehicle.Behaviour.NAN_CONTROLS;
        // When a step is answered
        assertThat(server.step()).isEqualTo(SimulatorApiServer.StepResult.ANSWERED);
        // Then the motors get 0, not NaN
        assertThat(world.devices().motors.commands()).containsOnly(0.0);
    }
}
