package org.hoverla.hal.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Consumer;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.fake.FakeBmp388;
import org.junit.jupiter.api.Test;

class Bmp388Test {
    /** A real part's NVM (0x31..0x45) and one reading, published in elixir-sensors/bmp3xx's tests. */
    private static final Bmp388.Calibration REAL_PART = new Bmp388.Calibration(27427, 18776, -10, -164, -2866, 35, 0,
            25578, 31086, -13, -10, 17322, 18, -60);
    private static final int RAW_P = 0x6D9F97;
    private static final int RAW_T = 0x85D873;
    private static final long PERIOD = Bmp388.PERIOD_NS;

    private final ReadBench<BaroSample> bench = new ReadBench<>(3_000_000_000L, BaroSample::new, BaroSample::copyFrom);
    private final long[] now = bench.now;
    private final List<BaroSample> samples = bench.samples;
    private final Consumer<BaroSample> collect = bench.collect;

    private FakeBmp388 fake() {
        FakeBmp388 fake = new FakeBmp388(2, 0x77, 5L);
        fake.setClock(() -> now[0]);
        return fake;
    }

    private int run(Bmp388 baro, int periods) throws BusException {
        return bench.run(baro, periods, PERIOD);
    }

    @Test
    void shouldScaleTheNvmCoefficientsAsTheDatasheetDoes() {
        // PAR_T1 = NVM_PAR_T1 / 2^-8, PAR_T2 = NVM_PAR_T2 / 2^30, PAR_P1 = (NVM_PAR_P1 - 2^14) / 2^20,
        // PAR_P5 = NVM_PAR_P5 / 2^-3, PAR_P11 = NVM_PAR_P11 / 2^65
        assertThat(REAL_PART.t1).isEqualTo(27427 * 256.0);
        assertThat(REAL_PART.t2).isEqualTo(18776 / 1073741824.0);
        assertThat(REAL_PART.t3).isEqualTo(-10 / Math.pow(2, 48));
        assertThat(REAL_PART.p1).isEqualTo((-164 - 16384) / 1048576.0);
        assertThat(REAL_PART.p2).isEqualTo((-2866 - 16384) / 536870912.0);
        assertThat(REAL_PART.p5).isEqualTo(25578 * 8.0);
        assertThat(REAL_PART.p6).isEqualTo(31086 / 64.0);
        assertThat(REAL_PART.p9).isEqualTo(17322 / Math.pow(2, 48));
        assertThat(REAL_PART.p11).isEqualTo(-60 / Math.pow(2, 65));
    }

    @Test
    void shouldReproduceARealPartsReadingWithTheFloatCompensation() {
        // Given the real part's reading (raw pressure 7184279, raw temperature 8771699)
        // When compensating with the datasheet's floating-point formulae
        double t = Bmp388.temperatureC(REAL_PART, RAW_T);
        double p = Bmp388.pressurePa(REAL_PART, RAW_P, t);
        // Then the published double-precision result: 30.49931 °C, 100876.0063 Pa
        assertThat(t).isCloseTo(30.499314453874284, within(1e-9));
        assertThat(p).isCloseTo(100_876.00634692199, within(1e-4));
        // And Bosch's integer reference (BMP3 API, as in PX4 bmp388.cpp) for the same input:
        // t_lin = 1998803, T = 3049 (0.01 °C), P = 10087600 (0.01 Pa)
        assertThat(t).isCloseTo(30.49, within(0.01));
        assertThat(p).isCloseTo(100_876.00, within(0.05));
    }

    @Test
    void shouldComputeTheTrimmingCrcAsBoschsSelfTest() {
        // Given the real part's 21 NVM bytes (CRC 0x93 by Bosch's bmp3_selftest cal_crc loop)
        byte[] nvm = new byte[21];
        int[] bytes = {0x23, 0x6B, 0x58, 0x49, 0xF6, 0x5C, 0xFF, 0xCE, 0xF4, 0x23, 0x00, 0xEA, 0x63, 0x6E, 0x79, 0xF3,
            0xF6, 0xAA, 0x43, 0x12, 0xC4};
        for (int i = 0; i < 21; i++) {
            nvm[i] = (byte) bytes[i];
        }
        // Then
        assertThat(Bmp388.trimmingCrc(nvm, 0, 21)).isEqualTo(0x93);
        assertThat(fake().peek(0x30)).isEqualTo(0x93);
    }

    @Test
    void shouldProbeResetReadCalibrationAndConfigure() throws Exception {
        // Given a BMP388 at 0x77
        FakeBmp388 fake = fake();
        // When probing
        Bmp388 baro = Bmp388.probe(fake);
        // Then it soft-reset the chip, read the NVM and configured: OSR 0x03 (x8 / x1), ODR 0x02 (50 Hz),
        // CONFIG 0x04 (IIR coefficient 3), PWR_CTRL 0x33 (pressure, temperature, normal mode), no conf_err
        assertThat(fake.resets()).isEqualTo(1);
        assertThat(fake.peek(0x1C)).isEqualTo(0x03);
        assertThat(fake.peek(0x1D)).isEqualTo(0x02);
        assertThat(fake.peek(0x1F)).isEqualTo(0x04);
        assertThat(fake.peek(0x1B)).isEqualTo(0x33);
        assertThat(fake.peek(0x02)).isZero();
        assertThat(baro.calibration().nvmP9).isEqualTo(17322);
        assertThat(baro.calibration().nvmP11).isEqualTo(-60);
        assertThat(baro.chip()).isEqualTo("bmp388");
        assertThat(baro.deviceId()).isEqualTo(DeviceId.of(DeviceId.BUS_TYPE_I2C, 2, 0x77, 0x67));
    }

    @Test
    void shouldRefuseAWrongIdAnAbsentChipAndACorruptNvm() {
        FakeBmp388 bmp390 = fake();
        bmp390.poke(0x00, 0x60);
        assertThatThrownBy(() -> Bmp388.probe(bmp390)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("bmp388 on i2c-2 0x77: wrong chip id 0x60 at register 0x00, expected 0x50");
        FakeBmp388 absent = fake();
        absent.setPresent(false);
        assertThatThrownBy(() -> Bmp388.probe(absent)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("bmp388 on i2c-2 0x77: absent");
        FakeBmp388 corrupt = fake();
        corrupt.setNvmByte(0x3C, 0x64);
        assertThatThrownBy(() -> Bmp388.probe(corrupt)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("corrupt NVM calibration (trimming CRC computed");
        FakeBmp388 blank = fake();
        for (int r = 0x31; r <= 0x45; r++) {
            blank.setNvmByte(r, 0xFF);
        }
        assertThatThrownBy(() -> Bmp388.probe(blank)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("calibration 0x31..0x45 reads all 0xFF");
    }

    @Test
    void shouldPublishEachConversionOnceAt50Hz() throws Exception {
        // Given a probed chip at rest
        FakeBmp388 fake = fake();
        Bmp388 baro = Bmp388.probe(fake);
        // When the driver thread reads every 10 ms for 2 s
        int n = run(baro, 200);
        // Then one sample per 20 ms conversion, no duplicates (drdy cleared by the data read)
        assertThat(n).isBetween(99, 100);
        double mean = samples.stream().skip(10).mapToDouble(s -> s.pressurePa).average().orElseThrow();
        assertThat(mean).isCloseTo(101_325.0, within(0.5));
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.pressurePa).isCloseTo(101_325.0, within(5.0));
            assertThat(s.temperatureC).isCloseTo(20.0, within(0.02));
        });
        assertThat(baro.healthy()).isTrue();
        assertThat(baro.stuckReads()).isZero();
        // And a second read in the same ODR period finds drdy clear
        int again = baro.read(now[0] + 1_000_000L, collect);
        int againAgain = baro.read(now[0] + 2_000_000L, collect);
        assertThat(again + againAgain).isLessThanOrEqualTo(1);
    }

    @Test
    void shouldFollowAChangeInTheState() throws Exception {
        FakeBmp388 fake = fake();
        Bmp388 baro = Bmp388.probe(fake);
        run(baro, 20);
        // When the vehicle climbs and the die cools
        fake.setPressurePa(95_000.0);
        fake.setTemperatureC(5.0);
        run(baro, 80);
        // Then, once the IIR filter (memory 3/4 per conversion) has settled after 40 conversions
        BaroSample last = samples.get(samples.size() - 1);
        assertThat(last.pressurePa).isCloseTo(95_000.0, within(3.0));
        assertThat(last.temperatureC).isCloseTo(5.0, within(0.02));
    }

    @Test
    void shouldTimeOutOnMissingDataAndReconfigureAfterABrownOut() throws Exception {
        FakeBmp388 fake = fake();
        Bmp388 baro = Bmp388.probe(fake);
        run(baro, 10);
        // Given the chip browns out (sleep mode, configuration lost)
        fake.brownOut();
        // When no data come for 100 ms
        int n = run(baro, Bmp388.DATA_TIMEOUT_READS);
        // Then a data timeout is counted, the chip is unhealthy and reconfigured
        assertThat(n).isZero();
        assertThat(baro.dataTimeouts()).isEqualTo(1);
        assertThat(baro.healthy()).isFalse();
        assertThat(fake.peek(0x1B)).isEqualTo(0x33);
        assertThat(fake.peek(0x1C)).isEqualTo(0x03);
        // And samples resume
        assertThat(run(baro, 10)).isGreaterThanOrEqualTo(4);
        assertThat(baro.healthy()).isTrue();
    }

    @Test
    void shouldCountANackAndAShortReadAndRecover() throws Exception {
        FakeBmp388 fake = fake();
        Bmp388 baro = Bmp388.probe(fake);
        run(baro, 4);
        fake.nackNext(1);
        now[0] += PERIOD;
        assertThatThrownBy(() -> baro.read(now[0], collect)).isInstanceOf(BusException.class)
                .satisfies(e -> assertThat(((BusException) e).kind()).isEqualTo(BusException.Kind.NACK));
        fake.shortReadNext(1);
        now[0] += PERIOD;
        assertThatThrownBy(() -> baro.read(now[0], collect)).isInstanceOf(BusException.class)
                .satisfies(e -> assertThat(((BusException) e).kind()).isEqualTo(BusException.Kind.SHORT_READ));
        assertThat(baro.busErrors()).isEqualTo(2);
        assertThat(baro.healthy()).isFalse();
        assertThat(run(baro, 6)).isPositive();
        assertThat(baro.healthy()).isTrue();
        assertThat(samples.get(samples.size() - 1).errorCount).isEqualTo(2);
    }

    @Test
    void shouldFlagStuckDataAndRecover() throws Exception {
        FakeBmp388 fake = fake();
        Bmp388 baro = Bmp388.probe(fake);
        run(baro, 10);
        // Given conversions that repeat the same raw values
        fake.setFrozen(true);
        run(baro, 40);
        // Then after the repeat limit every conversion is stuck, unhealthy, not published
        assertThat(baro.stuckReads()).isEqualTo(20 - Bmp388.STUCK_REPEATS + 1);
        assertThat(baro.healthy()).isFalse();
        fake.setFrozen(false);
        assertThat(run(baro, 4)).isPositive();
        assertThat(baro.healthy()).isTrue();
    }

    @Test
    void shouldFlagPressureOutsideTheChipsRange() throws Exception {
        FakeBmp388 fake = fake();
        Bmp388 baro = Bmp388.probe(fake);
        fake.setPressurePa(140_000.0);
        assertThat(run(baro, 20)).isZero();
        assertThat(baro.saturatedSamples()).isGreaterThanOrEqualTo(9);
    }

    @Test
    void shouldNotAllocateWhileReading() throws Exception {
        FakeBmp388 fake = fake();
        Bmp388 baro = Bmp388.probe(fake);
        double[] sum = new double[1];
        Consumer<BaroSample> sink = s -> sum[0] += s.pressurePa;
        long allocated = ReadAllocation.bytesPer10000Reads(baro, sink, now, PERIOD);
        assertThat(allocated).isZero();
        assertThat(sum[0]).isPositive();
    }
}
