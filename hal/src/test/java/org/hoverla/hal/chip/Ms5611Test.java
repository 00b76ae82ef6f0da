package org.hoverla.hal.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Consumer;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.fake.FakeMs5611;
import org.hoverla.hal.fake.FakeMs5611Spi;
import org.junit.jupiter.api.Test;

class Ms5611Test {
    private static final int[] DATASHEET_PROM = {0, 40127, 36924, 23317, 23282, 33464, 28312, 0};
    private static final long PERIOD = Ms5611.PERIOD_NS;

    private final ReadBench<BaroSample> bench = new ReadBench<>(1_000_000_000L, BaroSample::new, BaroSample::copyFrom);
    private final long[] now = bench.now;
    private final List<BaroSample> samples = bench.samples;
    private final Consumer<BaroSample> collect = bench.collect;

    private FakeMs5611 fakeI2c() {
        FakeMs5611 fake = new FakeMs5611(1, 0x77, 42L);
        fake.setClock(() -> now[0]);
        return fake;
    }

    /** Calls read every period for n periods; returns the number of samples handed over. */
    private int run(Ms5611 baro, int periods) throws BusException {
        return bench.run(baro, periods, PERIOD);
    }

    @Test
    void shouldReproduceTheDatasheetCalculationExample() {
        // Given the datasheet's example (MS5611-01BA03 "Pressure and temperature calculation", typical column)
        Ms5611.Compensated out = new Ms5611.Compensated();
        // When compensating D1 = 9085466, D2 = 8569150
        Ms5611.compensate(DATASHEET_PROM, 9085466L, 8569150L, true, out);
        // Then every intermediate matches: dT = D2 - C5*2^8 = 8569150 - 8566784 = 2366
        assertThat(out.dT).isEqualTo(2366);
        // TEMP = 2000 + 2366*28312/2^23 = 2007 (20.07 °C), no second-order term at or above 20 °C
        assertThat(out.temp).isEqualTo(2007);
        assertThat(out.t2).isZero();
        // OFF = 36924*2^16 + 23282*2366/2^7 = 2419851264 + 430353
        assertThat(out.off).isEqualTo(2_420_281_617L);
        // SENS = 40127*2^15 + 23317*2366/2^8 = 1314881536 + 215500
        assertThat(out.sens).isEqualTo(1_315_097_036L);
        // P = (9085466*SENS/2^21 - OFF)/2^15 = 100009 (1000.09 mbar)
        assertThat(out.pressure).isEqualTo(100_009L);
    }

    @Test
    void shouldApplySecondOrderCompensationBelow20C() {
        // Given D2 300000 counts below the example's: dT = -297634, first-order TEMP = 996 (9.96 °C)
        Ms5611.Compensated out = new Ms5611.Compensated();
        // When compensating with the second-order terms
        Ms5611.compensate(DATASHEET_PROM, 9085466L, 8269150L, true, out);
        // Then T2 = dT^2/2^31 = 41, OFF2 = 5*(996-2000)^2/2 = 2520040, SENS2 = 5*(996-2000)^2/4 = 1260020
        assertThat(out.dT).isEqualTo(-297_634L);
        assertThat(out.t2).isEqualTo(41);
        assertThat(out.off2).isEqualTo(2_520_040L);
        assertThat(out.sens2).isEqualTo(1_260_020L);
        assertThat(out.temp).isEqualTo(955);
        assertThat(out.off).isEqualTo(2_363_194_390L);
        assertThat(out.sens).isEqualTo(1_286_512_407L);
        assertThat(out.pressure).isEqualTo(97_972L);
    }

    @Test
    void shouldAddTheVeryLowTemperatureTermBelowMinus15C() {
        // Given dT = -1397634: first-order TEMP = -2717 (-27.17 °C)
        Ms5611.Compensated out = new Ms5611.Compensated();
        Ms5611.compensate(DATASHEET_PROM, 8985466L, 7169150L, true, out);
        // Then T2 = 909; OFF2 = 5*4717^2/2 + 7*(-1217)^2 = 55624222 + 10368623; SENS2 = 5*4717^2/4 + 11*1217^2/2
        assertThat(out.t2).isEqualTo(909);
        assertThat(out.off2).isEqualTo(65_992_845L);
        assertThat(out.sens2).isEqualTo(35_958_600L);
        assertThat(out.temp).isEqualTo(-3626);
        assertThat(out.pressure).isEqualTo(86_505L);
        // And first order alone would differ (the switch is honoured)
        Ms5611.Compensated first = new Ms5611.Compensated();
        Ms5611.compensate(DATASHEET_PROM, 8985466L, 7169150L, false, first);
        assertThat(first.temp).isEqualTo(-2717);
        assertThat(first.off2).isZero();
    }

    @Test
    void shouldAcceptTheFakesPromAndAgreeWithItsIndependentCrc() throws Exception {
        // Given a fake whose PROM CRC was computed by the fake's own AN520 implementation
        FakeMs5611 fake = fakeI2c();
        // When probing
        Ms5611 baro = Ms5611.probe(fake);
        // Then the PROM is read back word for word and the CRC-4 agrees
        for (int k = 0; k < 8; k++) {
            assertThat(baro.promWord(k)).isEqualTo(fake.promWord(k));
        }
        int[] prom = new int[8];
        for (int k = 0; k < 8; k++) {
            prom[k] = fake.promWord(k);
        }
        assertThat(Ms5611.crc4(prom)).isEqualTo(prom[7] & 0xF);
        assertThat(baro.chip()).isEqualTo("ms5611");
        assertThat(baro.deviceId()).isEqualTo(DeviceId.of(DeviceId.BUS_TYPE_I2C, 1, 0x77, 0x3D));
        assertThat(baro.periodNs()).isEqualTo(10_000_000L);
    }

    @Test
    void shouldDetectEverySingleBitErrorInThePromWithCrc4() {
        // Given a valid PROM
        FakeMs5611 fake = new FakeMs5611(1, 0x77, 1L);
        int[] prom = new int[8];
        for (int k = 0; k < 8; k++) {
            prom[k] = fake.promWord(k);
        }
        int crc = prom[7] & 0xF;
        // When any single bit of words 0..6 or of word 7's high byte flips, Then the CRC changes
        for (int k = 0; k < 8; k++) {
            for (int bit = k == 7 ? 8 : 0; bit < 16; bit++) {
                prom[k] ^= 1 << bit;
                assertThat(Ms5611.crc4(prom)).as("word %d bit %d", k, bit).isNotEqualTo(crc);
                prom[k] ^= 1 << bit;
            }
        }
    }

    @Test
    void shouldRefuseACorruptPromNamingTheCrc() {
        // Given C3 corrupted after the CRC was written
        FakeMs5611 fake = fakeI2c();
        fake.setPromWord(3, fake.promWord(3) ^ 0x0100);
        // When / Then probing fails with a clear message
        assertThatThrownBy(() -> Ms5611.probe(fake))
                .isInstanceOf(ProbeException.class)
                .hasMessageContaining("ms5611 on i2c-1 0x77")
                .hasMessageContaining("corrupt calibration PROM")
                .hasMessageContaining("CRC-4");
    }

    @Test
    void shouldReportAnAbsentChipOnI2cAndOnSpi() {
        // Given no chip answering on I2C (NACK) and on SPI (MISO floating high)
        FakeMs5611 i2c = fakeI2c();
        i2c.setPresent(false);
        FakeMs5611Spi spi = new FakeMs5611Spi(0, 1, 1L);
        spi.setPresent(false);
        // When / Then
        assertThatThrownBy(() -> Ms5611.probe(i2c)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("ms5611 on i2c-1 0x77: absent");
        assertThatThrownBy(() -> Ms5611.probe(spi)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("ms5611 on spi0.1: absent").hasMessageContaining("FFFF");
    }

    @Test
    void shouldMeasureTheFakesStateAt50HzWithAlternatingOsr1024Conversions() throws Exception {
        // Given a probed chip at rest: 101325 Pa, 20 °C
        FakeMs5611 fake = fakeI2c();
        Ms5611 baro = Ms5611.probe(fake);
        // When the driver thread reads every 10 ms for 2 s
        int n = run(baro, 200);
        // Then one sample per D2+D1 pair (50 Hz, less the start-up reset and first D2)
        assertThat(n).isBetween(98, 100);
        assertThat(samples).hasSize(n);
        double mean = samples.stream().mapToDouble(s -> s.pressurePa).average().orElseThrow();
        assertThat(mean).isCloseTo(101_325.0, within(2.0));
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.pressurePa).isCloseTo(101_325.0, within(15.0));
            assertThat(s.temperatureC).isCloseTo(20.0, within(0.05));
        });
        // And the conversions are OSR 1024 (0x44 / 0x54), no ADC read ever hit an unfinished conversion
        assertThat(fake.lastConversionCommand()).isIn(0x44, 0x54);
        assertThat(baro.adcNotReady()).isZero();
        assertThat(fake.adcZeroReads()).isZero();
        assertThat(baro.healthy()).isTrue();
        // And samples are stamped in the middle of their D1 conversion, 20 ms apart
        BaroSample a = samples.get(samples.size() - 2);
        BaroSample b = samples.get(samples.size() - 1);
        assertThat(b.timestampSampleNs - a.timestampSampleNs).isEqualTo(20_000_000L);
        assertThat(b.timestampSampleNs).isEqualTo(now[0] - PERIOD + 1_140_000L);
    }

    @Test
    void shouldFollowTheStateThroughTheSecondOrderRangeOnSpi() throws Exception {
        // Given the chip on SPI, cold (-25 °C) at altitude (70000 Pa)
        FakeMs5611Spi fake = new FakeMs5611Spi(0, 0, 7L);
        fake.setClock(() -> now[0]);
        Ms5611 baro = Ms5611.probe(fake);
        assertThat(baro.deviceId()).isEqualTo(DeviceId.of(DeviceId.BUS_TYPE_SPI, 0, 0, 0x3D));
        fake.setTemperatureC(-25.0);
        fake.setPressurePa(70_000.0);
        // When reading for 1 s
        run(baro, 100);
        // Then pressure and temperature come back through the second-order compensation
        BaroSample last = samples.get(samples.size() - 1);
        assertThat(last.temperatureC).isCloseTo(-25.0, within(0.05));
        double mean = samples.stream().skip(5).mapToDouble(s -> s.pressurePa).average().orElseThrow();
        assertThat(mean).isCloseTo(70_000.0, within(3.0));
    }

    @Test
    void shouldNotReadTheAdcBeforeTheConversionTime() throws Exception {
        // Given a running measurement
        FakeMs5611 fake = fakeI2c();
        Ms5611 baro = Ms5611.probe(fake);
        run(baro, 4);
        long transfers = fake.transfers();
        // When the driver thread calls 1 ms after the last call (less than 2.28 ms)
        int n = baro.read(now[0] + 1_000_000L, collect);
        // Then it leaves the bus alone
        assertThat(n).isZero();
        assertThat(fake.transfers()).isEqualTo(transfers);
    }

    @Test
    void shouldCountAndNotPublishAnAdcReadOfZero() throws Exception {
        // Given a chip whose conversions take 5x the datasheet maximum (11.4 ms, longer than the 10 ms period)
        FakeMs5611 fake = fakeI2c();
        Ms5611 baro = Ms5611.probe(fake);
        run(baro, 10);
        int before = samples.size();
        fake.setConversionTimeScale(5.0);
        // When reading for 100 ms
        run(baro, 10);
        // Then every early ADC read (0) is counted, nothing is published
        assertThat(baro.adcNotReady()).isGreaterThanOrEqualTo(5);
        assertThat(samples).hasSize(before);
        // And when conversions are on time again, samples resume
        fake.setConversionTimeScale(1.0);
        assertThat(run(baro, 10)).isGreaterThanOrEqualTo(4);
        assertThat(samples.get(samples.size() - 1).pressurePa).isCloseTo(101_325.0, within(15.0));
    }

    @Test
    void shouldCountANackMidRunAndRecover() throws Exception {
        // Given a running measurement
        FakeMs5611 fake = fakeI2c();
        Ms5611 baro = Ms5611.probe(fake);
        run(baro, 10);
        // When the next transfer is not acknowledged
        fake.nackNext(1);
        now[0] += PERIOD;
        // Then read throws, counted, unhealthy
        assertThatThrownBy(() -> baro.read(now[0], collect)).isInstanceOf(BusException.class)
                .satisfies(e -> assertThat(((BusException) e).kind()).isEqualTo(BusException.Kind.NACK));
        assertThat(baro.busErrors()).isEqualTo(1);
        assertThat(baro.healthy()).isFalse();
        // And after a reset and good reads it is healthy again, errors carried in the samples
        assertThat(run(baro, 10)).isGreaterThanOrEqualTo(3);
        assertThat(baro.healthy()).isTrue();
        assertThat(samples.get(samples.size() - 1).errorCount).isEqualTo(1);
    }

    @Test
    void shouldCountAShortRead() throws Exception {
        FakeMs5611 fake = fakeI2c();
        Ms5611 baro = Ms5611.probe(fake);
        run(baro, 3);
        // Given the next read returns half the bytes
        fake.shortReadNext(1);
        now[0] += PERIOD;
        // Then it is a SHORT_READ bus error, counted
        assertThatThrownBy(() -> baro.read(now[0], collect)).isInstanceOf(BusException.class)
                .satisfies(e -> assertThat(((BusException) e).kind()).isEqualTo(BusException.Kind.SHORT_READ));
        assertThat(baro.busErrors()).isEqualTo(1);
        assertThat(baro.healthy()).isFalse();
    }

    @Test
    void shouldFlagStuckDataAndRecoverWhenItMovesAgain() throws Exception {
        // Given a running measurement
        FakeMs5611 fake = fakeI2c();
        Ms5611 baro = Ms5611.probe(fake);
        run(baro, 10);
        int before = samples.size();
        // When the ADC repeats the same D1 and D2 exactly
        fake.setFrozen(true);
        run(baro, 20);
        // Then after the repeat limit the reads are counted as stuck, unhealthy, not published
        assertThat(baro.stuckReads()).isGreaterThanOrEqualTo(7);
        assertThat(baro.healthy()).isFalse();
        assertThat(samples.size() - before).isLessThanOrEqualTo(Ms5611.STUCK_REPEATS + 1);
        // And when the data move again it is healthy
        fake.setFrozen(false);
        run(baro, 4);
        assertThat(baro.healthy()).isTrue();
    }

    @Test
    void shouldFlagSaturatedPressure() throws Exception {
        // Given a pressure far beyond the ADC's range (a blocked, pressurised port)
        FakeMs5611 fake = fakeI2c();
        Ms5611 baro = Ms5611.probe(fake);
        fake.setPressurePa(400_000.0);
        // When reading
        int n = run(baro, 20);
        // Then no sample is published and each is counted
        assertThat(n).isZero();
        assertThat(baro.saturatedSamples()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void shouldNotAllocateWhileReading() throws Exception {
        // Given a probed chip and a sink that keeps nothing
        FakeMs5611 fake = fakeI2c();
        Ms5611 baro = Ms5611.probe(fake);
        double[] sum = new double[1];
        Consumer<BaroSample> sink = s -> sum[0] += s.pressurePa;
        // When reading 10 000 times
        long allocated = ReadAllocation.bytesPer10000Reads(baro, sink, now, PERIOD);
        // Then nothing was allocated
        assertThat(allocated).isZero();
        assertThat(sum[0]).isPositive();
    }
}
