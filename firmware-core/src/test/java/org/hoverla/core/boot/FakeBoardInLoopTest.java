package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.sched.TaskErrorPolicy;
import org.hoverla.core.time.SimClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The vehicle runtime booted from the shipped fake board ({@code bench-fake}: the PilotPi layout
 * on register-file fake chips) through the same boot path as {@code ./hoverla run}, stepped in
 * lockstep: the driver threads' work and the flight cycles take turns on this thread on a
 * simulated clock, so the test is deterministic and never waits on the wall clock.
 */
class FakeBoardInLoopTest {
    private static final long STEP_NS = 1_000_000L;
    private final SimClock clock = new SimClock();
    private Vehicle vehicle;
    private Chips.Buses buses;
    private final VehicleCommandAck ack = new VehicleCommandAck();
    private final VehicleCommand command = new VehicleCommand();
    private long sequence;

    private Vehicle boot(String profile) throws Exception {
        // The fakes see the simulated clock; probes' waits advance it.
        clock.advance(1_000_000_000L);
        buses = FakeBuses.create(7, clock::nanoTime, clock::advance);
        BoardConfig board = BoardFile.profile(profile);
        vehicle = Vehicle.builder().clock(clock).executionTimer(clock).errorPolicy(TaskErrorPolicy.RETHROW)
                .devices(params -> BoardDevices.open(board, params, clock, buses, line -> { }))
                .build();
        return vehicle;
    }

    @AfterEach
    void close() {
        if (vehicle != null) {
            vehicle.close();
        }
    }

    /** One millisecond: every driver thread's due reads, then one flight cycle. */
    private void step() {
        clock.advance(STEP_NS);
        long now = clock.nanoTime();
        for (DriverThread d : vehicle.devices().drivers()) {
            d.runOnce(now);
        }
        vehicle.scheduler().runCycle(now);
        vehicle.devices().motorDriver().runOnce(now);
    }

    private void stepFor(double seconds) {
        for (int i = 0; i < (int) (seconds * 1000); i++) {
            step();
        }
    }

    /** Sends arm (1) or disarm (0) and steps until the commander answers. */
    private int arm(boolean arm) {
        command.command = VehicleCommand.COMPONENT_ARM_DISARM;
        command.param1 = arm ? 1 : 0;
        command.param2 = 0;
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
    void shouldStopTheBootNamingTheBoardLineWhenAChipIsAbsent() throws Exception {
        // Given the bench-fake board whose barometer does not answer (unplugged)
        Chips.Buses fakes = FakeBuses.create(7, clock::nanoTime, clock::advance);
        Chips.Buses unplugged = new Chips.Buses() {
            @Override
            public org.hoverla.hal.bus.I2cDevice i2c(int bus, int address, String chip) throws BootException {
                org.hoverla.hal.bus.I2cDevice d = fakes.i2c(bus, address, chip);
                if (chip.equals("ms5611")) {
                    ((org.hoverla.hal.fake.RegisterFileI2c) d).setPresent(false);
                }
                return d;
            }

            @Override
            public org.hoverla.hal.bus.SpiDevice spi(int bus, int cs, String chip) throws BootException {
                return fakes.spi(bus, cs, chip);
            }

            @Override
            public org.hoverla.hal.bus.GpioOutput gpio(int line) throws BootException {
                return fakes.gpio(line);
            }

            @Override
            public long seed() {
                return 7;
            }

            @Override
            public java.util.function.LongConsumer sleeper() {
                return clock::advance;
            }
        };
        BoardConfig board = BoardFile.profile("bench-fake");
        // When it boots
        BootException e = org.assertj.core.api.Assertions.catchThrowableOfType(BootException.class, () ->
                Vehicle.builder().clock(clock).executionTimer(clock)
                        .devices(params -> BoardDevices.open(board, params, clock, unplugged, line -> { })).build());
        // Then the boot stops with the board line, the chip, its bus and the reason
        assertThat(e.getMessage()).startsWith("boards/bench-fake.yaml:19: ms5611 on i2c bus 1 address 0x76: ")
                .contains("absent");
    }

    @Test
    void shouldBootFromFakeChipsAndArmOnlyOnceThePreArmChecksPass() throws Exception {
        // Given the bench-fake board booted and its devices brought up
        boot("bench-fake");
        assertThat(vehicle.devices().devices().imus()).hasSize(2);
        assertThat(vehicle.devices().devices().imus().get(0).name()).endsWith("icm42688p");
        Subscription<VehicleStatus> statusSub = vehicle.stack().bus().vehicleStatus.subscribe();
        VehicleStatus status = new VehicleStatus();

        // When it is asked to arm half a second after boot
        stepFor(0.5);
        int early = arm(true);
        statusSub.copy(status);
        // Then it refuses, naming the failing check
        assertThat(early).isNotEqualTo(VehicleCommandAck.ACCEPTED);
        assertThat(status.preArmFailure).startsWith("Pre-arm:");
        assertThat(status.armed()).isFalse();

        // When the estimator has converged on the fake chips' data (GNSS checks need EST_GPS_CHK_T)
        List<String> failures = new ArrayList<>();
        double readyAtS = -1;
        for (int s = 0; s < 60; s++) {
            stepFor(1.0);
            statusSub.copy(status);
            failures.add(status.preArmFailure);
            if (status.preArmChecked && status.preArmFailure.isEmpty()) {
                readyAtS = s + 1.5;
                break;
            }
        }
        assertThat(readyAtS).as("pre-arm failures per second: %s", failures).isPositive();
        assertThat(failures.get(0)).startsWith("Pre-arm:");
        // And until then every ESC saw only its disarmed pulse (outputs enabled, 1000 us)
        org.hoverla.hal.fake.FakePca9685 pwm = FakeBuses.pwm(buses);
        assertThat(pwm.outputsEnabled()).isTrue();
        long armRequestNs = clock.nanoTime();
        assertThat(pwm.history()).isNotEmpty().allSatisfy(c -> assertThat(c.pulseUs()).isIn(0, 1000));
        // Then arming is accepted, and disarming too
        assertThat(arm(true)).isEqualTo(VehicleCommandAck.ACCEPTED);
        stepFor(1.5);
        statusSub.copy(status);
        assertThat(status.armed()).isTrue();
        // And armed, the motors spool up to idle on the four motor channels
        for (int ch = 0; ch < 4; ch++) {
            assertThat(pwm.pulseUs(ch)).isGreaterThan(1000);
        }
        assertThat(pwm.history()).filteredOn(c -> c.pulseUs() > 1000)
                .allSatisfy(c -> assertThat(c.timeNs()).isGreaterThanOrEqualTo(armRequestNs));
        assertThat(arm(false)).isEqualTo(VehicleCommandAck.ACCEPTED);
        stepFor(0.1);
        for (int ch = 0; ch < 4; ch++) {
            assertThat(pwm.pulseUs(ch)).isEqualTo(1000);
        }
        System.out.printf("[fake board] pre-arm checks passed %.1f s after boot%n", readyAtS);
    }

    @Test
    void shouldRefuseArmingForAnUncalibratedOrForeignCalibrationOrARunningCalibration() throws Exception {
        // Given the bench-fake board (its fake chips come with a factory calibration) ready to arm
        boot("bench-fake");
        Subscription<VehicleStatus> statusSub = vehicle.stack().bus().vehicleStatus.subscribe();
        VehicleStatus status = new VehicleStatus();
        for (int s = 0; s < 60 && !(status.preArmChecked && status.preArmFailure.isEmpty()); s++) {
            stepFor(1.0);
            statusSub.copy(status);
        }
        assertThat(status.preArmFailure).isEmpty();
        org.hoverla.core.param.ParamStore store = vehicle.store();
        int mpu6050 = vehicle.devices().devices().imus().get(1).deviceId();
        int icm42688p = vehicle.devices().devices().imus().get(0).deviceId();

        // When the second IMU's accelerometer slot is cleared (as on a board never calibrated)
        store.set("CAL_ACC1_ID", 0);
        // Then arming is refused in PX4's words
        assertThat(arm(true)).isEqualTo(VehicleCommandAck.DENIED);
        statusSub.copy(status);
        assertThat(status.preArmFailure).isEqualTo("Preflight Fail: Accel 1 uncalibrated");
        store.set("CAL_ACC1_ID", mpu6050);

        // When the first IMU's gyro slot holds another device's calibration (the chip was replaced)
        store.set("CAL_GYRO0_ID", 0x123456);
        // Then the refusal names both ids
        assertThat(arm(true)).isEqualTo(VehicleCommandAck.DENIED);
        statusSub.copy(status);
        assertThat(status.preArmFailure).isEqualTo(String.format(
                "Preflight Fail: Gyro 0: calibration is for device 0x123456, this is 0x%06X", icm42688p));
        store.set("CAL_GYRO0_ID", icm42688p);

        // When a calibration is running
        vehicle.stack().bus().sensorCalibrating.set(true);
        // Then arming is refused until it ends
        assertThat(arm(true)).isEqualTo(VehicleCommandAck.DENIED);
        statusSub.copy(status);
        assertThat(status.preArmFailure).isEqualTo("Preflight Fail: calibration running");
        vehicle.stack().bus().sensorCalibrating.set(false);
        assertThat(arm(true)).isEqualTo(VehicleCommandAck.ACCEPTED);
    }
}
