package org.hoverla.core.simapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dronefleet.mavlink.common.HilActuatorControls;
import io.dronefleet.mavlink.common.HilGps;
import io.dronefleet.mavlink.common.HilSensor;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavModeFlag;
import io.dronefleet.mavlink.util.EnumValue;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.time.SimClock;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.BatterySample;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.MagSample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The vehicle side of the simulator MAVLink API against a scripted simulator on a loopback
 * socket: roles, lockstep answers, unit conversion, liberal input, disconnects and shutdown.
 */
class SimulatorApiVehicleLinkTest {
    private static final Duration BOUND = Duration.ofSeconds(5);
    /** An absolute (UNIX epoch) simulator time, as some simulators send. */
    private static final long EPOCH_US = 1_764_800_000_000_000L;

    private final SimulatorApiDevices devices = new SimulatorApiDevices(4, 4, 4.05, 3.6, 60.0, 0.5);
    private final SimClock clock = new SimClock();
    private final List<Long> cycleTimes = new ArrayList<>();
    private final ImuSample imu = new ImuSample();
    private final BaroSample baro = new BaroSample();
    private final MagSample mag = new MagSample();
    private final GnssSample gnss = new GnssSample();
    private final List<Boolean> imuFresh = new ArrayList<>();
    private volatile boolean armOnCycle;
    private ScriptedSimulator sim;
    private SimulatorApiVehicleLink link;

    /** Stands in for the scheduler: polls the devices as the flight tasks do, then writes the motors. */
    private void cycle(long nowNs) {
        cycleTimes.add(nowNs);
        imuFresh.add(devices.imu.poll(imu));
        devices.barometer.poll(baro);
        devices.magnetometer.poll(mag);
        devices.gnss.poll(gnss);
        devices.motors.write(new double[] {0.1, 0.2, 0.3, 0.4}, armOnCycle);
    }

    private SimulatorApiVehicleLink newLink(int port) {
        return new SimulatorApiVehicleLink("127.0.0.1", port, devices, clock, this::cycle, 1, 1, 20_000_000L, line -> { });
    }

    private void connect() throws IOException {
        sim = new ScriptedSimulator();
        link = newLink(sim.port());
        link.start();
        sim.accept();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (link != null) {
            link.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private static HilSensor sensor(long timeUs, int flags) {
        return HilSensor.builder().timeUsec(BigInteger.valueOf(timeUs))
                .xacc(0.1f).yacc(-0.2f).zacc(-9.81f)
                .xgyro(0.01f).ygyro(0.02f).zgyro(-0.03f)
                .xmag(0.21f).ymag(0.01f).zmag(0.42f)
                .absPressure(1013.25f).pressureAlt(0f).temperature(21.5f)
                .fieldsUpdated(EnumValue.create(flags)).id(0).build();
    }

    private static final int ALL = HilUnits.ACCEL | HilUnits.GYRO | HilUnits.MAG | HilUnits.BARO;

    @Test
    void shouldSendHeartbeatOnConnectingAndAnswerEachSensorStepWithOneActuatorControl() throws Exception {
        // Given a vehicle connected to the simulator, armed by its flight cycle
        armOnCycle = true;
        connect();
        Heartbeat first = sim.next(Heartbeat.class);
        assertThat(first).isNotNull();
        assertThat(first.baseMode().flagsEnabled(MavModeFlag.MAV_MODE_FLAG_SAFETY_ARMED)).isFalse();

        // When the simulator sends three sensor steps, 1 ms apart, with absolute timestamps
        for (int k = 0; k < 3; k++) {
            sim.send(sensor(EPOCH_US + k * 1000L, ALL));
            HilActuatorControls answer = sim.next(HilActuatorControls.class);

            // Then each is answered once, at the step's own time, with the motor outputs
            assertThat(answer).isNotNull();
            assertThat(answer.timeUsec().longValue()).isEqualTo(EPOCH_US + k * 1000L);
            assertThat(answer.controls().subList(0, 5)).containsExactly(0.1f, 0.2f, 0.3f, 0.4f, 0f);
            assertThat(answer.mode().value()).isEqualTo(HilUnits.MODE_FLAG_CUSTOM | HilUnits.MODE_FLAG_ARMED);
            assertThat(answer.flags().longValue() & HilUnits.FLAG_LOCKSTEP).isEqualTo(1L);
        }
        // and the vehicle clock is the simulator's time since its first step, starting at 1 ms
        assertThat(cycleTimes).containsExactly(1_000_000L, 2_000_000L, 3_000_000L);
        assertThat(clock.nanoTime()).isEqualTo(3_000_000L);
        assertThat(link.cycles()).isEqualTo(3);
        assertThat(link.answers()).isEqualTo(3);
        // and the heartbeat at 1 Hz of simulator time carried the armed flag
        Heartbeat armed = sim.next(Heartbeat.class);
        assertThat(armed).isNotNull();
        assertThat(armed.baseMode().flagsEnabled(MavModeFlag.MAV_MODE_FLAG_SAFETY_ARMED)).isTrue();
    }

    @Test
    void shouldConvertSensorFieldsToSiSamples() throws Exception {
        // Given a connected vehicle
        connect();
        // When one step carries every sensor
        sim.send(sensor(5_000, ALL));
        assertThat(sim.next(HilActuatorControls.class)).isNotNull();
        // Then the flight cycle polled SI samples stamped at the vehicle time
        assertThat(imuFresh).containsExactly(true);
        assertThat(imu.timestampSampleNs).isEqualTo(1_000_000L);
        assertThat(imu.accelZMps2).isCloseTo(-9.81, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(imu.gyroZRadps).isCloseTo(-0.03, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(imu.temperatureC).isEqualTo(21.5);
        assertThat(baro.pressurePa).isCloseTo(101_325.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(baro.temperatureC).isEqualTo(21.5);
        assertThat(mag.fieldZGauss).isCloseTo(0.42, org.assertj.core.data.Offset.offset(1e-6));
        // and the disarmed vehicle answered with stopped motors
        assertThat(devices.motors.armed()).isFalse();
        // and the battery model published a full pack (4 cells at BAT1_V_CHARGED)
        BatterySample battery = new BatterySample();
        assertThat(devices.battery.poll(battery)).isTrue();
        assertThat(battery.voltageV).isCloseTo(16.2, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldDepositOnlyTheSensorsMarkedUpdated() throws Exception {
        // Given a connected vehicle
        connect();
        // When a step marks only the IMU updated
        sim.send(sensor(5_000, HilUnits.ACCEL | HilUnits.GYRO));
        assertThat(sim.next(HilActuatorControls.class)).isNotNull();
        // Then neither barometer nor magnetometer delivered
        assertThat(baro.timestampSampleNs).isZero();
        assertThat(mag.timestampSampleNs).isZero();
        assertThat(imuFresh).containsExactly(true);
    }

    @Test
    void shouldTakeEveryFiniteFieldWhenTheSenderLeavesFieldsUpdatedEmpty() throws Exception {
        // Given a connected vehicle
        connect();
        // When a step comes with fields_updated 0
        sim.send(sensor(5_000, 0));
        assertThat(sim.next(HilActuatorControls.class)).isNotNull();
        // Then IMU, barometer and magnetometer were all taken
        assertThat(imuFresh).containsExactly(true);
        assertThat(baro.pressurePa).isCloseTo(101_325.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(mag.fieldXGauss).isCloseTo(0.21, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void shouldDropOutOfOrderTimeButStillAnswerEveryStep() throws Exception {
        // Given a connected vehicle
        connect();
        // When the simulator's time goes 1000, 3000, 2000 (back), 3000 (repeat), 4000 µs
        long[] times = {1000, 3000, 2000, 3000, 4000};
        for (long t : times) {
            sim.send(sensor(t, ALL));
            HilActuatorControls answer = sim.next(HilActuatorControls.class);
            // Then every step is answered, so a lockstep simulator never waits on the vehicle
            assertThat(answer).isNotNull();
            assertThat(answer.timeUsec().longValue()).isEqualTo(t);
        }
        // and only the steps that moved time forward ran a cycle; the clock never went back
        assertThat(cycleTimes).containsExactly(1_000_000L, 3_000_000L, 4_000_000L);
        assertThat(link.droppedSamples()).isEqualTo(2);
        assertThat(clock.nanoTime()).isEqualTo(4_000_000L);
    }

    @Test
    void shouldDropNonFiniteSensorValuesAndCountThem() throws Exception {
        // Given a connected vehicle
        connect();
        // When a step's accelerometer and gyro are NaN and its pressure infinite
        sim.send(HilSensor.builder().timeUsec(BigInteger.valueOf(1000))
                .xacc(Float.NaN).yacc(0f).zacc(-9.8f).xgyro(0f).ygyro(Float.NaN).zgyro(0f)
                .absPressure(Float.POSITIVE_INFINITY).temperature(20f)
                .fieldsUpdated(EnumValue.create(HilUnits.ACCEL | HilUnits.GYRO | HilUnits.BARO)).id(0).build());
        assertThat(sim.next(HilActuatorControls.class)).isNotNull();
        // Then the cycle ran without a new IMU or barometer sample, and three drops were counted
        assertThat(cycleTimes).hasSize(1);
        assertThat(imuFresh).containsExactly(false);
        assertThat(baro.timestampSampleNs).isZero();
        assertThat(link.droppedSamples()).isEqualTo(3);
    }

    @Test
    void shouldAcceptMavlink1AndSkipCorruptFrames() throws Exception {
        // Given a connected vehicle
        connect();
        // When garbage, a frame with a broken checksum and then a MAVLink 1 HIL_SENSOR arrive
        byte[] corrupt = sim.encode(sensor(500, ALL));
        corrupt[corrupt.length - 1] ^= 0x55;
        sim.sendBytes(new byte[] {0x01, 0x02, (byte) 0xFD, 0x00});
        sim.sendBytes(corrupt);
        sim.sendV1(sensor(1000, ALL));
        // Then the MAVLink 1 step is run and answered, the corrupt one is counted and skipped
        HilActuatorControls answer = sim.next(HilActuatorControls.class);
        assertThat(answer).isNotNull();
        assertThat(answer.timeUsec().longValue()).isEqualTo(1000);
        assertThat(cycleTimes).containsExactly(1_000_000L);
        assertThat(link.badFrames()).isGreaterThanOrEqualTo(1);
        assertThat(link.stats().v1Frames()).isEqualTo(1);
    }

    @Test
    void shouldConvertHilGpsAndUseItsTimeWhenOnTheSensorTimeBase() throws Exception {
        // Given a connected vehicle at simulator time 200 ms
        connect();
        sim.send(sensor(100_000, ALL));
        assertThat(sim.next(HilActuatorControls.class)).isNotNull();
        sim.send(sensor(200_000, ALL));
        assertThat(sim.next(HilActuatorControls.class)).isNotNull();
        // When a fix valid at 150 ms arrives before the 201 ms step
        sim.send(HilGps.builder().timeUsec(BigInteger.valueOf(150_000)).fixType(3)
                .lat(504_017_000).lon(304_495_000).alt(178_250).eph(80).epv(120).vel(150)
                .vn(100).ve(-50).vd(-20).cog(0xFFFF).satellitesVisible(14).id(0).build());
        sim.send(sensor(201_000, ALL));
        assertThat(sim.next(HilActuatorControls.class)).isNotNull();
        // Then the cycle polled it in SI, stamped at its own time
        assertThat(gnss.fixType).isEqualTo(3);
        assertThat(gnss.latDeg).isCloseTo(50.4017, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gnss.lonDeg).isCloseTo(30.4495, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gnss.altMslM).isCloseTo(178.25, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gnss.velNMps).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gnss.velEMps).isCloseTo(-0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gnss.velDMps).isCloseTo(-0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gnss.ephM).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gnss.epvM).isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gnss.satellitesUsed).isEqualTo(14);
        assertThat(gnss.sAccMps).isEqualTo(SimulatorApiVehicleLink.HIL_GPS_SPEED_ACCURACY_MPS);
        assertThat(gnss.timestampSampleNs).isEqualTo(51_000_000L);
    }

    @Test
    void shouldKeepUnknownGpsAccuracyUnknown() throws Exception {
        // Given a connected vehicle
        connect();
        sim.send(sensor(1000, ALL));
        assertThat(sim.next(HilActuatorControls.class)).isNotNull();
        // When a fix comes with eph/epv UINT16_MAX and a UTC time
        sim.send(HilGps.builder().timeUsec(BigInteger.valueOf(EPOCH_US)).fixType(3).lat(1).lon(1).alt(0)
                .eph(0xFFFF).epv(0xFFFF).satellitesVisible(255).id(0).build());
        sim.send(sensor(2000, ALL));
        assertThat(sim.next(HilActuatorControls.class)).isNotNull();
        // Then the accuracies are NaN (failing the GNSS checks), satellites 0, stamped on arrival
        assertThat(gnss.ephM).isNaN();
        assertThat(gnss.epvM).isNaN();
        assertThat(gnss.satellitesUsed).isZero();
        assertThat(gnss.timestampSampleNs).isEqualTo(1_000_000L);
    }

    @Test
    void shouldRetryUntilTheSimulatorListensLoggingTheWaitOnce() throws Exception {
        // Given a free port with nobody listening
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        link = new SimulatorApiVehicleLink("127.0.0.1", port, devices, clock, this::cycle, 1, 1, 20_000_000L, lines::add);
        // When the vehicle starts first
        link.start();
        await().atMost(BOUND).until(() -> link.connectAttempts() >= 3);
        // Then it keeps trying, logging the wait once
        assertThat(lines.stream().filter(l -> l.contains("waiting")).count()).isEqualTo(1);
        // and it connects when the simulator comes up
        sim = new ScriptedSimulator(port);
        sim.accept();
        await().atMost(BOUND).until(link::connected);
        assertThat(sim.next(Heartbeat.class)).isNotNull();
    }

    @Test
    void shouldTreatMotorsAsDisarmedWhenTheSimulatorGoesAndCarryOnAfterItReturns() throws Exception {
        // Given an armed vehicle in the middle of a flight at simulator time 50 ms
        armOnCycle = true;
        connect();
        sim.send(sensor(50_000, ALL));
        assertThat(sim.next(HilActuatorControls.class)).isNotNull();
        assertThat(devices.motors.armed()).isTrue();
        // When the simulator drops the connection
        sim.dropClient();
        // Then the motors are treated as disarmed and the link reconnects
        await().atMost(BOUND).until(() -> !devices.motors.armed());
        sim.accept();
        await().atMost(BOUND).until(() -> link.reconnects() == 1);
        // and a restarted simulator whose time begins at 0 moves the clock forward, not back
        armOnCycle = false;
        sim.send(sensor(0, ALL));
        HilActuatorControls answer = sim.next(HilActuatorControls.class);
        assertThat(answer).isNotNull();
        assertThat(answer.mode().value() & HilUnits.MODE_FLAG_ARMED).isZero();
        assertThat(cycleTimes).containsExactly(1_000_000L, 2_000_000L);
    }

    @Test
    void shouldCloseWhileStillWaitingForASimulator() throws Exception {
        // Given a vehicle waiting for a simulator that never comes
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        link = new SimulatorApiVehicleLink("127.0.0.1", port, devices, clock, this::cycle, 1, 1, 1_000_000_000L, l -> { });
        link.start();
        await().atMost(BOUND).until(() -> link.connectAttempts() >= 1);
        // When it is closed during its one-second retry wait
        long t0 = System.nanoTime();
        link.close();
        // Then its thread is gone at once
        assertThat(link.threadAlive()).isFalse();
        assertThat(System.nanoTime() - t0).isLessThan(900_000_000L);
    }

    @Test
    void shouldCloseWhileConnected() throws Exception {
        // Given a connected vehicle
        connect();
        assertThat(sim.next(Heartbeat.class)).isNotNull();
        // When it is closed
        link.close();
        // Then its thread ended and the motors are disarmed
        assertThat(link.threadAlive()).isFalse();
        assertThat(devices.motors.armed()).isFalse();
    }

    @Test
    void shouldCountAFailingCycleAndDisarm() throws Exception {
        // Given a flight cycle that throws
        sim = new ScriptedSimulator();
        link = new SimulatorApiVehicleLink("127.0.0.1", sim.port(), devices, clock, now -> {
            devices.motors.write(new double[] {1, 1, 1, 1}, true);
            throw new IllegalStateException("boom");
        }, 1, 1, 20_000_000L, l -> { });
        link.start();
        sim.accept();
        // When a step runs it
        sim.send(sensor(1000, ALL));
        HilActuatorControls answer = sim.next(HilActuatorControls.class);
        // Then the step is still answered, with the motors stopped, and the failure counted
        assertThat(answer).isNotNull();
        assertThat(answer.controls().get(0)).isEqualTo(0f);
        assertThat(link.cycleFailures()).isEqualTo(1);
        assertThat(link.firstCycleFailure()).hasMessage("boom");
    }
}
