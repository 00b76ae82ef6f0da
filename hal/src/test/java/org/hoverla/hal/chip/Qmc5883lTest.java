package org.hoverla.hal.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Consumer;
import org.hoverla.hal.MagSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.fake.FakeQmc5883l;
import org.junit.jupiter.api.Test;

class Qmc5883lTest {
    private static final long PERIOD = Qmc5883l.PERIOD_NS;

    private final FakeQmc5883l fake = new FakeQmc5883l(2, 0x0D, 7);
    private final MagSample last = new MagSample();
    private final Consumer<MagSample> sink = last::copyFrom;

    @Test
    void shouldWriteContinuousMode50HzRange8GaussOsr512AndTheSetResetPeriodAtProbe() throws Exception {
        // Given a fresh QMC5883L
        // When it is probed
        Qmc5883l mag = Qmc5883l.probe(fake);

        // Then CNTL1 = OSR 512 (00) | RNG 8 G (01) | ODR 50 Hz (01) | continuous (01) = 0x15,
        // SET/RESET period 0x01 as the datasheet recommends, and a first conversion is ready
        assertThat(fake.peek(0x09)).isEqualTo(0x15);
        assertThat(fake.peek(0x0B)).isEqualTo(0x01);
        assertThat(fake.peek(0x06) & 0x01).isEqualTo(1);
        assertThat(mag.chip()).isEqualTo("qmc5883l");
        assertThat(mag.deviceId()).isEqualTo(1 | (2 << 3) | (0x0D << 8) | (0x08 << 16));
        assertThat(mag.periodNs()).isEqualTo(10_000_000L);
    }

    @Test
    void shouldConvertLsbFirstDataAtTheRangeSensitivityAndFlipYAndZ() throws Exception {
        // Given an exact field of (1, -0.5, 2) G in FRD at 30 degC
        fake.setNoise(0);
        fake.setFieldFrd(1.0, -0.5, 2.0);
        fake.setTemperature(30.0);
        Qmc5883l mag = Qmc5883l.probe(fake);

        // When the waiting conversion is read
        assertThat(mag.read(PERIOD, sink)).isEqualTo(1);

        // Then the registers hold LSB-first counts at 3000 LSB/G in sensor axes (y left, z up)
        assertThat((short) (fake.peek(0x00) | fake.peek(0x01) << 8)).isEqualTo((short) 3000);
        assertThat((short) (fake.peek(0x02) | fake.peek(0x03) << 8)).isEqualTo((short) 1500);
        assertThat((short) (fake.peek(0x04) | fake.peek(0x05) << 8)).isEqualTo((short) -6000);
        // and the sample is in FRD gauss, temperature at 100 LSB/degC
        assertThat(last.fieldXGauss).isCloseTo(1.0, within(1e-12));
        assertThat(last.fieldYGauss).isCloseTo(-0.5, within(1e-12));
        assertThat(last.fieldZGauss).isCloseTo(2.0, within(1e-12));
        assertThat(last.temperatureC).isCloseTo(30.0, within(1e-12));
        assertThat(last.timestampSampleNs).isEqualTo(PERIOD - PERIOD / 2);
    }

    @Test
    void shouldUseTheDatasheetSensitivitiesForBothRanges() {
        // Given the datasheet's 12000 LSB/G at +-2 G and 3000 LSB/G at +-8 G
        // When / Then full-scale counts map to the range limits
        assertThat(Qmc5883l.toGauss(24000, 1.0 / Qmc5883l.LSB_PER_GAUSS_2G)).isCloseTo(2.0, within(1e-12));
        assertThat(Qmc5883l.toGauss(-24000, 1.0 / Qmc5883l.LSB_PER_GAUSS_8G)).isCloseTo(-8.0, within(1e-12));
        assertThat(Qmc5883l.toCelsius(-550)).isCloseTo(-5.5, within(1e-12));
    }

    @Test
    void shouldRoundTripTheEarthFieldWithinNoise() throws Exception {
        // Given the default fake (0.21, 0, 0.43) G at 20 degC
        Qmc5883l mag = Qmc5883l.probe(fake);
        double sx = 0;
        double sy = 0;
        double sz = 0;

        // When 200 polls are made
        int n = 0;
        for (int i = 1; i <= 200; i++) {
            n += mag.read(i * PERIOD, sink);
            sx += last.fieldXGauss;
            sy += last.fieldYGauss;
            sz += last.fieldZGauss;
        }

        // Then every poll found a conversion and the mean is the set field
        assertThat(n).isEqualTo(200);
        assertThat(sx / 200).isCloseTo(0.21, within(0.001));
        assertThat(sy / 200).isCloseTo(0.0, within(0.001));
        assertThat(sz / 200).isCloseTo(0.43, within(0.001));
        assertThat(last.temperatureC).isCloseTo(20.0, within(1e-9));
        assertThat(mag.healthy()).isTrue();
    }

    @Test
    void shouldRefuseAWrongChipIdAndNameIt() {
        // Given another chip at 0x0D whose register 0x0D reads 0x00
        fake.poke(0x0D, 0x00);

        // When / Then
        assertThatThrownBy(() -> Qmc5883l.probe(fake)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("qmc5883l on i2c-2 address 0xd")
                .hasMessageContaining("read 0x00").hasMessageContaining("expected 0xff");
    }

    @Test
    void shouldRefuseAChipWhoseRegister0x0CIsNotOne() {
        // Given a chip at 0x0D whose id register happens to read 0xFF but 0x0C reads 0xFF too
        fake.poke(0x0C, 0xFF);

        // When / Then
        assertThatThrownBy(() -> Qmc5883l.probe(fake)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("register 0x0C read 0xff, expected 0x01");
    }

    @Test
    void shouldReportAnAbsentChip() {
        // Given nothing at 0x0D
        fake.setPresent(false);

        // When / Then
        assertThatThrownBy(() -> Qmc5883l.probe(fake)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("absent");
    }

    @Test
    void shouldCountANackMidRunAndRecover() throws Exception {
        // Given a running magnetometer
        Qmc5883l mag = Qmc5883l.probe(fake);
        mag.read(PERIOD, sink);

        // When the next transfer is not acknowledged
        fake.nackNext(1);

        // Then it is thrown, counted, unhealthy, and the next good read recovers
        assertThatThrownBy(() -> mag.read(2 * PERIOD, sink)).isInstanceOf(BusException.class);
        assertThat(mag.busErrors()).isEqualTo(1);
        assertThat(mag.healthy()).isFalse();
        assertThat(mag.read(3 * PERIOD, sink)).isEqualTo(1);
        assertThat(mag.healthy()).isTrue();
    }

    @Test
    void shouldCountAShortReadOfTheDataRegisters() throws Exception {
        // Given a running magnetometer
        Qmc5883l mag = Qmc5883l.probe(fake);

        // When the next read returns half the bytes asked for
        fake.shortReadNext(1);

        // Then
        assertThatThrownBy(() -> mag.read(PERIOD, sink)).isInstanceOf(BusException.class);
        assertThat(mag.busErrors()).isEqualTo(1);
        assertThat(mag.healthy()).isFalse();
    }

    @Test
    void shouldFlagFrozenDataAsStuckAndRecover() throws Exception {
        // Given a running magnetometer whose output registers freeze
        Qmc5883l mag = Qmc5883l.probe(fake);
        mag.read(PERIOD, sink);
        fake.setFrozen(true);

        // When it is polled five more times
        int delivered = 0;
        for (int i = 2; i <= 6; i++) {
            delivered += mag.read(i * PERIOD, sink);
        }

        // Then the 4th identical conversion and later ones are refused as stuck
        assertThat(delivered).isEqualTo(2);
        assertThat(mag.stuckReads()).isEqualTo(3);
        assertThat(mag.healthy()).isFalse();

        // and live data recovers
        fake.setFrozen(false);
        assertThat(mag.read(7 * PERIOD, sink)).isEqualTo(1);
        assertThat(mag.healthy()).isTrue();
    }

    @Test
    void shouldRefuseAndCountAnOverflowedConversion() throws Exception {
        // Given a running magnetometer and then a 10 G field, beyond the 8 G range
        Qmc5883l mag = Qmc5883l.probe(fake);
        mag.read(PERIOD, sink);
        fake.setFieldFrd(10.0, 0.0, 0.43);

        // When the next conversion is polled
        int n = mag.read(2 * PERIOD, sink);

        // Then it is refused (STATUS.OVL) and counted
        assertThat(n).isZero();
        assertThat(mag.overflowReads()).isEqualTo(1);

        // and the next in-range conversion is delivered with the error counted
        fake.setFieldFrd(0.21, 0.0, 0.43);
        assertThat(mag.read(3 * PERIOD, sink)).isEqualTo(1);
        assertThat(last.errorCount).isEqualTo(1);
    }

    @Test
    void shouldGoUnhealthyWhenConversionsStop() throws Exception {
        // Given a running magnetometer that falls back to stand-by (e.g. a brown-out reset)
        Qmc5883l mag = Qmc5883l.probe(fake);
        mag.read(PERIOD, sink);
        fake.poke(0x09, 0x00);

        // When it is polled for five output periods
        int delivered = 0;
        for (int i = 2; i < 2 + Qmc5883l.MAX_NOT_READY; i++) {
            delivered += mag.read(i * PERIOD, sink);
        }

        // Then nothing is delivered and it is unhealthy
        assertThat(delivered).isZero();
        assertThat(mag.healthy()).isFalse();
    }

    @Test
    void shouldNotAllocateWhileReading() throws Exception {
        // Given a probed backend
        Qmc5883l mag = Qmc5883l.probe(fake);

        // When it is read 10 000 times after a warm-up
        long allocated = ReadAllocation.bytesPer10000Reads(mag, sink, PERIOD);

        // Then nothing was allocated (the fake's noise generator included)
        assertThat(allocated).isZero();
        // and 50 000 reads (minutes of a fake board) never looked stuck or unhealthy
        assertThat(mag.stuckReads()).isZero();
        assertThat(mag.busErrors()).isZero();
        assertThat(mag.healthy()).isTrue();
    }
}
