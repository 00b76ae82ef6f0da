package org.hoverla.core.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;
import org.hoverla.core.boot.BoardConfig;
import org.hoverla.core.boot.BoardFile;
import org.hoverla.core.boot.FakeBuses;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.SetResult;
import org.hoverla.core.time.SimClock;
import org.hoverla.core.unit.UnitIdentity;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.api.Test;

/**
 * The production self-test on the fake boards: the device phase runs on a simulated clock that
 * the probes' and the at-rest window's waits advance, so it is deterministic and quick; the loop
 * timing (wall clock, a real flight thread) is left out except in one test that only checks its
 * figures are reported (no timed assertion).
 */
class SelfTestTest {
    /** Device ids of bench-fake's chips (PX4 encoding: bus type, bus, address, device type). */
    static final int ICM42688P = 0x260002;
    static final int MPU6050 = 0x336809;
    static final int IST8310 = 0x060f09;

    private static final String HEALTHY_DEVICES = """
            board: test
            buses: fake
            devices:
              - {role: imu, chip: icm42688p, spi: {bus: 0, cs: 0}%s}
              - {role: imu, chip: mpu6050, i2c: {bus: 1, address: 0x68}%s}
              - {role: mag, chip: ist8310, i2c: {bus: 1, address: 0x0F}%s}
              - {role: baro, chip: ms5611, i2c: {bus: 1, address: 0x76}%s}
              - {role: battery, chip: ina226, i2c: {bus: 1, address: 0x41}%s}
              - {role: pwm, chip: pca9685, i2c: {bus: 1, address: 0x40}%s}
            """;

    /** bench-fake's devices with {@code fault} on the device at {@code index} (0 icm42688p … 5 pca9685). */
    static BoardConfig board(int index, String fault) throws Exception {
        Object[] faults = {"", "", "", "", "", ""};
        if (index >= 0) {
            faults[index] = ", fault: " + fault;
        }
        return BoardFile.parse("test.yaml", HEALTHY_DEVICES.formatted(faults), false);
    }

    /** Parameters with every IMU and the magnetometer calibrated (slots registered where this build has none yet). */
    static FlightParams calibrated() {
        FlightParams params = new FlightParams(new ParamStore());
        ParamStore store = params.store;
        setOrAdd(store, "CAL_ACC0_ID", ICM42688P);
        setOrAdd(store, "CAL_ACC1_ID", MPU6050);
        setOrAdd(store, "CAL_GYRO0_ID", ICM42688P);
        setOrAdd(store, "CAL_GYRO1_ID", MPU6050);
        setOrAdd(store, "CAL_MAG0_ID", IST8310);
        for (String slot : new String[] {"CAL_ACC0", "CAL_ACC1", "CAL_GYRO0", "CAL_GYRO1", "CAL_MAG0"}) {
            setOrAdd(store, slot + "_DATE", 20261204);
        }
        return params;
    }

    static void setOrAdd(ParamStore store, String name, double value) {
        if (store.find(name) == null) {
            store.addFloat(name, 0, -1e9, 1e9, "", "test: a slot the calibration issue registers");
        }
        if (store.find(name) instanceof org.hoverla.core.param.IntParam p && p.set(value) == SetResult.READ_ONLY) {
            // Before the calibration issue, the slot-0 ids are read-only and set by the vehicle.
            assertThat(p.setByVehicle((int) value)).isEqualTo(SetResult.OK);
            return;
        }
        assertThat(store.set(name, value)).isEqualTo(SetResult.OK);
    }

    static SelfTest.Outcome run(BoardConfig board, FlightParams params, long loopWindowNs) {
        SimClock clock = new SimClock(1_000_000_000L);
        SelfTest.BusesFactory buses = () -> FakeBuses.create(7, clock::nanoTime, clock::advance, FakeBuses.faults(board));
        SelfTest.BusesFactory loop = () -> FakeBuses.create(7, board);
        return SelfTest.run(new SelfTest.Options(board, buses, loop, clock::nanoTime, params, SelfTest.SAMPLE_WINDOW_NS,
                loopWindowNs, line -> { }));
    }

    static SelfTestCheck check(SelfTest.Outcome outcome, String device, String check) {
        return outcome.report().checks().stream().filter(c -> c.device().equals(device) && c.check().equals(check))
                .findFirst().orElseThrow(() -> new AssertionError("no check " + device + " / " + check + " in "
                        + outcome.report().checks()));
    }

    static List<SelfTestCheck> failed(SelfTest.Outcome outcome) {
        return outcome.report().checks().stream().filter(Predicate.not(SelfTestCheck::passed)).toList();
    }

    @Test
    void shouldPassEveryDeviceCheckWithItsFigureOnTheHealthyBenchFake() throws Exception {
        // Given the shipped healthy fake board and a calibrated unit
        BoardConfig board = BoardFile.profile("bench-fake");

        // When the device checks run
        SelfTest.Outcome outcome = run(board, calibrated(), 0);

        // Then every check passes, each with a figure, and every kind of check is there
        assertThat(failed(outcome)).isEmpty();
        assertThat(outcome.report().passed()).isTrue();
        assertThat(outcome.report().checks()).allSatisfy(c -> assertThat(c.figure()).isNotBlank());
        assertThat(check(outcome, "imu0:icm42688p", "chip id").figure()).isEqualTo("0x47");
        assertThat(check(outcome, "imu1:mpu6050", "chip id").limit()).isEqualTo("= 0x68");
        assertThat(check(outcome, "imu0:icm42688p", "self-test").figure()).contains("factory ST_OTP");
        assertThat(check(outcome, "imu1:mpu6050", "self-test").figure()).contains("factory trim");
        assertThat(check(outcome, "mag0:ist8310", "self-test").figure()).contains("polarity");
        assertThat(check(outcome, "baro0:ms5611", "self-test").figure()).contains("CRC-4");
        assertThat(check(outcome, "imu0:icm42688p", "gyro noise").figure()).endsWith("°/s RMS");
        assertThat(check(outcome, "imu1:mpu6050", "accel bias").figure()).contains("m/s²");
        assertThat(check(outcome, "mag0:ist8310", "mag noise").figure()).endsWith("mG RMS");
        assertThat(check(outcome, "baro0:ms5611", "baro noise").figure()).endsWith("Pa RMS");
        assertThat(check(outcome, "imu0:icm42688p", "accel calibration").figure()).startsWith("slot 0");
        assertThat(check(outcome, "imu1:mpu6050", "gyro calibration").figure()).startsWith("slot 1");
        assertThat(check(outcome, "pwm0:pca9685", "output 4").figure()).isEqualTo("1000 µs (count 205)");
        assertThat(check(outcome, "battery0:ina226", "data").figure()).contains(" V)");
        // And the identity carries each chip with the id read
        assertThat(outcome.chips()).extracting(UnitIdentity.ChipIdentity::device).contains("imu0:icm42688p",
                "mag0:ist8310", "pwm0:pca9685");
        assertThat(outcome.chips()).filteredOn(c -> c.chip().equals("mpu6050")).singleElement()
                .satisfies(c -> {
                    assertThat(c.chipId()).isEqualTo("0x68");
                    assertThat(c.deviceId()).isEqualTo(MPU6050);
                    assertThat(c.address()).isEqualTo("0x68");
                });
    }

    @Test
    void shouldReportTheLoopTimingFiguresAfterBootingTheBoardsDevices() throws Exception {
        // Given the healthy fake board
        BoardConfig board = BoardFile.profile("bench-fake");

        // When the whole self-test runs, loop timing included (a short window: the figures, not a timed verdict)
        SelfTest.Outcome outcome = run(board, calibrated(), 300_000_000L);

        // Then the loop checks are reported with their figures and limits
        assertThat(check(outcome, "vehicle", "loop rate").figure()).contains("cycles of imu");
        assertThat(check(outcome, "vehicle", "loop jitter").figure()).contains("µs RMS");
        assertThat(check(outcome, "vehicle", "loop lateness").limit()).startsWith("≤ 5000 µs");
        assertThat(check(outcome, "vehicle", "loop overruns").figure()).isNotBlank();
        // And on a fake board (a development host, not the unit) the timing is reported, not
        // judged: a figure beyond its limit says so, and nothing fails
        assertThat(failed(outcome)).isEmpty();
        for (String loop : new String[] {"loop rate", "loop jitter", "loop lateness", "loop overruns"}) {
            SelfTestCheck c = check(outcome, "vehicle", loop);
            assertThat(c.passed()).isTrue();
            if (c.limit().contains("not judged")) {
                assertThat(c.limit()).contains("not judged on a fake board: ").endsWith(" on this development host)");
            }
        }
    }

    @Test
    void shouldFailTheChipIdWithTheIdReadWhenAnotherPartIsFitted() throws Exception {
        // Given the MPU-6050 reading a wrong WHO_AM_I
        SelfTest.Outcome outcome = run(board(1, "wrong-id"), calibrated(), 0);

        // Then its chip id check fails with the id read, the one expected and why
        SelfTestCheck id = check(outcome, "imu1:mpu6050", "chip id");
        assertThat(id.passed()).isFalse();
        assertThat(id.figure()).isEqualTo("0x69");
        assertThat(id.limit()).isEqualTo("= 0x68");
        assertThat(id.reason()).contains("wrong chip id").contains("register 0x75");
        // And only that device fails
        assertThat(failed(outcome)).extracting(SelfTestCheck::device).containsOnly("imu1:mpu6050");
        assertThat(outcome.report().passed()).isFalse();
    }

    @Test
    void shouldCallAnSpiImuThatReadsAllOnesAbsent() throws Exception {
        // Given the SPI IMU unplugged: its MISO line floats high
        BoardConfig board = BoardFile.profile("bench-fake");
        SimClock clock = new SimClock(1_000_000_000L);
        SelfTest.BusesFactory buses = () -> {
            org.hoverla.core.boot.Chips.Buses fakes = FakeBuses.create(7, clock::nanoTime, clock::advance);
            return new DelegatingBuses(fakes) {
                @Override
                public org.hoverla.hal.bus.SpiDevice spi(int bus, int cs, String chip)
                        throws org.hoverla.core.boot.BootException {
                    org.hoverla.hal.fake.RegisterFileSpi spi = (org.hoverla.hal.fake.RegisterFileSpi) fakes.spi(bus, cs, chip);
                    spi.setPresent(false);
                    return spi;
                }
            };
        };

        // When the device checks run
        SelfTest.Outcome outcome = SelfTest.run(new SelfTest.Options(board, buses, buses, clock::nanoTime, calibrated(),
                SelfTest.SAMPLE_WINDOW_NS, 0, line -> { }));

        // Then its chip id check says absent, with what the bus read, and the other devices pass
        SelfTestCheck id = check(outcome, "imu0:icm42688p", "chip id");
        assertThat(id.figure()).isEqualTo("0xff");
        assertThat(id.reason()).startsWith("absent: SPI has no acknowledge");
        assertThat(failed(outcome)).extracting(SelfTestCheck::device).containsOnly("imu0:icm42688p");
    }

    /** Buses forwarding to others, for a test to change one device. */
    private static class DelegatingBuses implements org.hoverla.core.boot.Chips.Buses {
        private final org.hoverla.core.boot.Chips.Buses d;

        DelegatingBuses(org.hoverla.core.boot.Chips.Buses d) {
            this.d = d;
        }

        @Override
        public org.hoverla.hal.bus.I2cDevice i2c(int bus, int address, String chip)
                throws org.hoverla.core.boot.BootException {
            return d.i2c(bus, address, chip);
        }

        @Override
        public org.hoverla.hal.bus.SpiDevice spi(int bus, int cs, String chip) throws org.hoverla.core.boot.BootException {
            return d.spi(bus, cs, chip);
        }

        @Override
        public org.hoverla.hal.bus.GpioOutput gpio(int line) throws org.hoverla.core.boot.BootException {
            return d.gpio(line);
        }

        @Override
        public long seed() {
            return d.seed();
        }

        @Override
        public java.util.function.LongConsumer sleeper() {
            return d.sleeper();
        }
    }

    @Test
    void shouldFailTheDataAndNoiseChecksOnStuckData() throws Exception {
        // Given the barometer's ADC stuck on its first conversion
        SelfTest.Outcome outcome = run(board(3, "stuck-data"), calibrated(), 0);

        // Then its data check names the stuck data and its noise check a frozen output
        assertThat(check(outcome, "baro0:ms5611", "data").reason()).contains("stuck data");
        assertThat(check(outcome, "baro0:ms5611", "baro noise").reason()).contains("frozen");
        assertThat(failed(outcome)).extracting(SelfTestCheck::device).containsOnly("baro0:ms5611");
    }

    @Test
    void shouldFailTheDataCheckWithTheBusErrorsCounted() throws Exception {
        // Given the battery monitor on a marginal connector (every 25th transfer fails)
        SelfTest.Outcome outcome = run(board(4, "bus-errors"), calibrated(), 0);

        // Then its data check counts the bus errors and names the last one
        SelfTestCheck data = check(outcome, "battery0:ina226", "data");
        assertThat(data.passed()).isFalse();
        assertThat(data.reason()).containsPattern("\\d+ bus errors in \\d+ reads").contains("bus error (transfer");
    }

    @Test
    void shouldFailAProbeThatMeetsBusErrors() throws Exception {
        // Given the MPU-6050 on a marginal connector: its probe's many transfers meet an error
        SelfTest.Outcome outcome = run(board(1, "bus-errors"), calibrated(), 0);

        // Then the probe (or the self-test inside it) fails naming the bus error
        assertThat(failed(outcome)).isNotEmpty().allSatisfy(c -> {
            assertThat(c.device()).isEqualTo("imu1:mpu6050");
            assertThat(c.reason()).contains("bus error");
        });
    }

    @Test
    void shouldFailTheNoiseChecksOfANoisyImuAndKeepItsBiasChecks() throws Exception {
        // Given the ICM-42688-P with ten times its datasheet noise
        SelfTest.Outcome outcome = run(board(0, "noisy"), calibrated(), 0);

        // Then gyro and accel noise fail with how far over the limit they are; bias still passes
        assertThat(check(outcome, "imu0:icm42688p", "gyro noise").reason()).contains("× the limit");
        assertThat(check(outcome, "imu0:icm42688p", "accel noise").passed()).isFalse();
        assertThat(check(outcome, "imu0:icm42688p", "gyro bias").passed()).isTrue();
        assertThat(failed(outcome)).extracting(SelfTestCheck::check).containsOnly("gyro noise", "accel noise");
    }

    @Test
    void shouldFailTheNoiseCheckOfANoisyMagnetometerAndBarometer() throws Exception {
        // Given a noisy magnetometer, then a noisy barometer
        SelfTest.Outcome mag = run(board(2, "noisy"), calibrated(), 0);
        SelfTest.Outcome baro = run(board(3, "noisy"), calibrated(), 0);

        // Then each fails its noise check only
        assertThat(failed(mag)).extracting(SelfTestCheck::check).containsOnly("mag noise");
        assertThat(failed(baro)).extracting(SelfTestCheck::check).containsOnly("baro noise");
    }

    @Test
    void shouldFailTheDeadOutputWithItsReadBack() throws Exception {
        // Given PWM channel 0 keeping nothing written to it
        SelfTest.Outcome outcome = run(board(5, "dead-output"), calibrated(), 0);

        // Then output 1 fails, read back full-off; the other outputs pass
        SelfTestCheck out1 = check(outcome, "pwm0:pca9685", "output 1");
        assertThat(out1.figure()).isEqualTo("full off");
        assertThat(out1.reason()).contains("dead output");
        assertThat(check(outcome, "pwm0:pca9685", "output 2").passed()).isTrue();
        assertThat(failed(outcome)).hasSize(1);
    }

    @Test
    void shouldFailTheChipSelfTestsWithTheirFigures() throws Exception {
        // Given each chip whose fake models a failing self-test
        SelfTest.Outcome icm = run(board(0, "self-test"), calibrated(), 0);
        SelfTest.Outcome mpu = run(board(1, "self-test"), calibrated(), 0);
        SelfTest.Outcome ist = run(board(2, "self-test"), calibrated(), 0);
        SelfTest.Outcome ms = run(board(3, "self-test"), calibrated(), 0);

        // Then the self-test check fails with the datasheet figures in its reason
        assertThat(check(icm, "imu0:icm42688p", "self-test").reason()).contains("factory");
        assertThat(check(mpu, "imu1:mpu6050", "self-test").reason()).contains("limit ±14 %");
        assertThat(check(ist, "mag0:ist8310", "self-test").reason()).contains("inverted");
        assertThat(check(ms, "baro0:ms5611", "self-test").reason()).contains("CRC-4");
        for (SelfTest.Outcome o : List.of(icm, mpu, ist, ms)) {
            assertThat(failed(o)).extracting(SelfTestCheck::check).containsOnly("self-test");
        }
    }

    @Test
    void shouldFailAnUncalibratedSensorNamingTheDeviceId() throws Exception {
        // Given a real board (not fake: no factory calibration) whose parameters hold no calibration
        BoardConfig fake = BoardFile.profile("bench-fake");
        BoardConfig real = new BoardConfig(fake.name(), fake.description(), fake.source(), BoardConfig.Buses.LINUX,
                fake.simulatorHost(), fake.simulatorPort(), fake.devices(), fake.mavlink());
        SelfTest.Outcome outcome = run(real, new FlightParams(new ParamStore()), 0);

        // Then each IMU's accel and gyro and the magnetometer fail as not calibrated; the barometer's is optional
        assertThat(failed(outcome)).extracting(SelfTestCheck::check).containsOnly("accel calibration",
                "gyro calibration", "mag calibration");
        assertThat(failed(outcome)).hasSize(5);
        assertThat(check(outcome, "imu1:mpu6050", "accel calibration").reason())
                .isEqualTo("no CAL_ACCn_ID holds device id " + MPU6050 + " (CAL_ACC0_ID=0, CAL_ACC1_ID=0, CAL_ACC2_ID=0, CAL_ACC3_ID=0)");
        assertThat(check(outcome, "baro0:ms5611", "baro calibration").figure()).isEqualTo("none (optional)");
    }

    @Test
    void shouldPassAFakeBoardsFactoryCalibrationAsTheVehicleBootsIt() throws Exception {
        // Given a fake board and parameters that hold no calibration of their own
        SelfTest.Outcome outcome = run(BoardFile.profile("bench-fake"), new FlightParams(new ParamStore()), 0);

        // Then its register-file chips are checked with the factory calibration `run` gives them
        assertThat(check(outcome, "imu1:mpu6050", "accel calibration").passed()).isTrue();
        assertThat(check(outcome, "imu1:mpu6050", "accel calibration").figure()).contains("date 20260101");
        assertThat(check(outcome, "mag0:ist8310", "mag calibration").passed()).isTrue();
    }

    @Test
    void shouldFailAnImplausibleCalibrationAndANeverDatedSlot() {
        // Given an accel slot for the device with an offset of 3 m/s², a scale of 1.5 and date 0
        ParamStore store = new ParamStore();
        setOrAdd(store, "CAL_ACC2_ID", 42);
        setOrAdd(store, "CAL_ACC2_XOFF", 3.0);
        setOrAdd(store, "CAL_ACC2_YOFF", 0.1);
        setOrAdd(store, "CAL_ACC2_XSCALE", 1.5);
        setOrAdd(store, "CAL_ACC2_DATE", 0);

        // When its plausibility is checked
        SelfTestCheck c = SelfTest.calibrationCheck("imu0", "accel calibration", store, "ACC", 42,
                SelfTestLimits.ACCEL_OFFSET_MAX_MPS2, "m/s²", SelfTestLimits.ACCEL_SCALE_MIN,
                SelfTestLimits.ACCEL_SCALE_MAX, true);

        // Then it fails naming each implausible parameter
        assertThat(c.passed()).isFalse();
        assertThat(c.figure()).startsWith("slot 2; offset 3.000, 0.1000 m/s²; scale 1.500; date never");
        assertThat(c.reason()).contains("CAL_ACC2_XOFF = 3.000 m/s² beyond ±1.569").contains("CAL_ACC2_XSCALE = 1.500 outside")
                .contains("CAL_ACC2_DATE = 0");
    }

    @Test
    void shouldPassAPlausibleDatedCalibrationAndShowItsFigures() {
        // Given a dated gyro slot with small offsets taken at 24.5 °C
        ParamStore store = new ParamStore();
        setOrAdd(store, "CAL_GYRO0_ID", 42);
        setOrAdd(store, "CAL_GYRO0_XOFF", 0.01);
        setOrAdd(store, "CAL_GYRO0_DATE", 20261204);
        setOrAdd(store, "CAL_GYRO0_TEMP", 24.5);

        // When its plausibility is checked
        SelfTestCheck c = SelfTest.calibrationCheck("imu0", "gyro calibration", store, "GYRO", 42,
                SelfTestLimits.GYRO_OFFSET_MAX_RADPS, "rad/s", Double.NaN, Double.NaN, true);

        // Then it passes with slot, offsets, date and temperature
        assertThat(c.passed()).isTrue();
        assertThat(c.figure()).isEqualTo("slot 0; offset 0.01000 rad/s; date 20261204; at 24.50 °C");
    }
}
