package org.hoverla.hal.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.fake.FakeBmp280;
import org.hoverla.hal.fake.FakeBmp388;
import org.hoverla.hal.fake.FakeIcm20948;
import org.hoverla.hal.fake.FakeIcm42688p;
import org.hoverla.hal.fake.FakeIna226;
import org.hoverla.hal.fake.FakeIst8310;
import org.hoverla.hal.fake.FakeMpu6050;
import org.hoverla.hal.fake.FakeMs5611;
import org.hoverla.hal.fake.FakePca9685;
import org.hoverla.hal.fake.FakeQmc5883l;
import org.junit.jupiter.api.Test;

/**
 * The production self-test's view of the chips: the id registers read from the register-file
 * fakes, each chip's self-test outcome with its figures, the PCA9685 read-back, and the fakes'
 * production-test faults.
 */
class ChipSelfTestTest {
    private final long[] now = {1_000_000_000L};

    @Test
    void shouldReadEveryChipsIdFromItsFake() throws Exception {
        // Given each chip's fake at rest
        // Then its id register reads what the chip's datasheet says
        assertThat(ChipIds.read(ChipIds.of("mpu6050"), new FakeMpu6050(1, 0x68, 1))).isEqualTo(0x68);
        assertThat(ChipIds.read(ChipIds.of("icm42688p"), new FakeIcm42688p(0, 0, 1))).isEqualTo(0x47);
        assertThat(ChipIds.read(ChipIds.of("icm20948"), new FakeIcm20948(1, 0x69, 1))).isEqualTo(0xEA);
        assertThat(ChipIds.read(ChipIds.of("bmp280"), new FakeBmp280(1, 0x76, 1))).isEqualTo(0x58);
        assertThat(ChipIds.read(ChipIds.of("bmp388"), new FakeBmp388(1, 0x77, 1))).isEqualTo(0x50);
        assertThat(ChipIds.read(ChipIds.of("ist8310"), new FakeIst8310(1, 0x0E, 1))).isEqualTo(0x10);
        assertThat(ChipIds.read(ChipIds.of("qmc5883l"), new FakeQmc5883l(1, 0x0D, 1))).isEqualTo(0xFF);
        assertThat(ChipIds.read(ChipIds.of("ina226"), new FakeIna226(1, 0x40, 1))).isEqualTo(0x2260);
        assertThat(ChipIds.of("ina226").format(0x2260)).isEqualTo("0x2260");
        // And chips without an id register have no entry
        assertThat(ChipIds.of("ms5611")).isNull();
        assertThat(ChipIds.of("pca9685")).isNull();
    }

    @Test
    void shouldReadTheForcedIdOfAWrongPartAndFailEveryNthTransfer() throws Exception {
        // Given an SPI IMU fake reading a wrong id and an I2C fake failing every 3rd transfer
        FakeIcm42688p spi = new FakeIcm42688p(0, 0, 1);
        spi.forceRead(0x75, 0x48);
        FakeMpu6050 i2c = new FakeMpu6050(1, 0x68, 1);
        i2c.failEvery(3);
        // Then the id reads the forced value
        assertThat(ChipIds.read(ChipIds.of("icm42688p"), spi)).isEqualTo(0x48);
        // And transfers 1 and 2 work, the 3rd fails with a bus error
        ChipIds.read(ChipIds.of("mpu6050"), i2c);
        ChipIds.read(ChipIds.of("mpu6050"), i2c);
        assertThatThrownBy(() -> ChipIds.read(ChipIds.of("mpu6050"), i2c)).isInstanceOf(BusException.class)
                .hasMessageContaining("bus error (transfer 3)");
    }

    @Test
    void shouldReportTheInvenSenseSelfTestFiguresAgainstTheFactoryTrim() throws Exception {
        // Given healthy MPU-6050, ICM-42688-P and ICM-20948 fakes probed on a manual clock
        FakeMpu6050 mpuFake = new FakeMpu6050(1, 0x68, 7);
        mpuFake.setClock(() -> now[0]);
        FakeIcm42688p icmFake = new FakeIcm42688p(0, 0, 7);
        icmFake.setClock(() -> now[0]);
        FakeIcm20948 icm20948Fake = new FakeIcm20948(1, 0x69, 7);
        icm20948Fake.setClock(() -> now[0]);

        // When their probes run the datasheet self-tests
        ChipSelfTest mpu = Mpu6050.probe(mpuFake, ns -> now[0] += ns).selfTestOutcome();
        ChipSelfTest icm = Icm42688p.probe(icmFake, ns -> now[0] += ns).selfTestOutcome();
        ChipSelfTest icm20948 = Icm20948.probe(icm20948Fake, ns -> now[0] += ns).selfTestOutcome();

        // Then each passes with its worst axis and the datasheet limit
        assertThat(mpu.passed()).isTrue();
        assertThat(mpu.figure()).matches("worst axis [ag][xyz]: [+-]\\d+\\.\\d % of factory trim");
        assertThat(mpu.limit()).isEqualTo("within ±14 %");
        assertThat(icm.passed()).isTrue();
        assertThat(icm.figure()).startsWith("worst axis ").contains("/ factory").contains("gyro offset");
        assertThat(icm20948.passed()).isTrue();
        assertThat(icm20948.limit()).isEqualTo("ratio gyro > 0.5, accel 0.5..1.5");
    }

    @Test
    void shouldRefuseAnImuWhoseSelfTestResponseIsWeakWithTheFigures() {
        // Given an MPU-6050 whose self-test response is 30 % of its factory trim
        FakeMpu6050 fake = new FakeMpu6050(1, 0x68, 7);
        fake.setClock(() -> now[0]);
        fake.setSelfTestScale(0.3);

        // Then the probe refuses it with every axis's figures
        assertThatThrownBy(() -> Mpu6050.probe(fake, ns -> now[0] += ns)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("self-test failed").hasMessageContaining("-70.0 %").hasMessageContaining("limit ±14 %");
    }

    @Test
    void shouldReportTheIst8310PolarityInversion() throws Exception {
        // Given a healthy IST8310 fake in the default Earth field (0.48 G)
        ChipSelfTest st = Ist8310.probe(new FakeIst8310(1, 0x0E, 3)).selfTestOutcome();

        // Then normal + inverted stays within the tolerance and the field is plausible
        assertThat(st.passed()).isTrue();
        assertThat(st.figure()).matches("worst \\|normal \\+ inverted\\| \\d+ LSB, field 0\\.4\\d\\d G");
        assertThat(st.limit()).isEqualTo("≤ 20 LSB, ≥ 0.05 G");
    }

    @Test
    void shouldReportTheBarometersPromAndTrimmingChecks() throws Exception {
        // Given healthy MS5611, BMP388 and BMP280 fakes (the datasheets' example PROM and trimming)
        ChipSelfTest ms = Ms5611.probe(new FakeMs5611(1, 0x76, 1)).selfTestOutcome();
        ChipSelfTest bmp388 = Bmp388.probe(new FakeBmp388(1, 0x77, 1)).selfTestOutcome();
        ChipSelfTest bmp280 = Bmp280.probe(new FakeBmp280(1, 0x76, 1)).selfTestOutcome();

        // Then the MS5611's CRC-4 matches PROM word 7, the BMP388's CRC-8 register 0x30
        assertThat(ms.passed()).isTrue();
        assertThat(ms.figure()).matches("computed 0x[0-9a-f], PROM word 7 holds 0x[0-9a-f]");
        assertThat(bmp388.figure()).matches("computed 0x[0-9a-f]+ = register 0x30");
        // And the BMP280's example trimming turns the example readings into the datasheet's 25.08 °C and 100653 Pa
        assertThat(bmp280.passed()).isTrue();
        assertThat(bmp280.figure()).endsWith("example readings give 25.08 °C, 100653 Pa");
    }

    @Test
    void shouldFailTrimmingThatCompensatesOutOfRange() {
        // Given trimming with dig_P1 far too small (the datasheet example has 36477)
        Bmp280.Calibration bad = new Bmp280.Calibration(27504, 26435, -1000, 100, -10685, 3024, 2855, 140, -7, 15500,
                -14600, 6000);

        // Then the sanity check fails naming the out-of-range compensation
        ChipSelfTest st = Bmp280.trimmingSanity(bad);
        assertThat(st.passed()).isFalse();
        assertThat(st.reason()).isEqualTo("the trimming compensates the example readings out of range");
    }

    @Test
    void shouldReadBackEachPwmChannelAndSeeADeadOne() throws Exception {
        // Given a probed PCA9685 whose channel 2 keeps nothing written to it
        FakePca9685 fake = new FakePca9685(1, 0x40, 1);
        fake.dropWrites(0x06 + 4 * 2, 0x06 + 4 * 2 + 3);
        Pca9685 chip = Pca9685.probe(fake, fake.outputEnablePin());

        // When 1000 µs is written to four channels with the outputs on
        chip.writePulsesUs(new int[] {1000, 1000, 1000, 1000}, 4);
        chip.setOutputsEnabled(true);

        // Then channels 0, 1, 3 read back the count written, channel 2 full-off
        int counts = Pca9685.countsFor(1000, chip.prescale());
        assertThat(chip.readBackCounts(0)).isEqualTo(counts);
        assertThat(chip.readBackCounts(3)).isEqualTo(counts);
        assertThat(chip.readBackCounts(2)).isEqualTo(Pca9685.FULL_OFF);
        assertThat(Pca9685.pulseUsFor(counts, chip.prescale())).isCloseTo(1000, org.assertj.core.data.Offset.offset(5.0));
    }
}
