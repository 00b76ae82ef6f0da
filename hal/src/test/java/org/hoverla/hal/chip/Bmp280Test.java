package org.hoverla.hal.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Consumer;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.fake.FakeBmp280;
import org.junit.jupiter.api.Test;

class Bmp280Test {
    /** Datasheet BST-BMP280-DS001 3.12, table "Compensation example": dig_T1..dig_P9. */
    private static final Bmp280.Calibration DATASHEET = new Bmp280.Calibration(27504, 26435, -1000, 36477, -10685,
            3024, 2855, 140, -7, 15500, -14600, 6000);
    private static final long PERIOD = Bmp280.PERIOD_NS;

    private final ReadBench<BaroSample> bench = new ReadBench<>(5_000_000_000L, BaroSample::new, BaroSample::copyFrom);
    private final long[] now = bench.now;
    private final List<BaroSample> samples = bench.samples;
    private final Consumer<BaroSample> collect = bench.collect;

    private FakeBmp280 fake() {
        FakeBmp280 fake = new FakeBmp280(1, 0x76, 11L);
        fake.setClock(() -> now[0]);
        return fake;
    }

    private int run(Bmp280 baro, int periods) throws BusException {
        return bench.run(baro, periods, PERIOD);
    }

    @Test
    void shouldReproduceTheDatasheetExampleWithTheIntegerFormulae() {
        // Given the datasheet example (3.12): adc_T = 519888, adc_P = 415148
        // When compensating with the 32-bit temperature and 64-bit pressure code (8.2)
        int tFine = Bmp280.tFine(DATASHEET, 519888);
        long pQ8 = Bmp280.pressureQ24_8(DATASHEET, 415148, tFine);
        // Then var1 = 128793, var2 = -371 -> t_fine = 128422, T = 2508 (25.08 °C)
        assertThat(tFine).isEqualTo(128422);
        assertThat(Bmp280.temperatureCenti(tFine)).isEqualTo(2508);
        // And p = 25767233 / 256 = 100653.25 Pa: the table's 100653.27 within the integer code's
        // rounding (the table carries t_fine unrounded, 128422.2870)
        assertThat(pQ8).isEqualTo(25_767_233L);
        assertThat(pQ8 / 256.0).isCloseTo(100_653.27, within(0.05));
    }

    @Test
    void shouldReproduceTheDatasheetExampleWithTheDoubleFormulae() {
        // Given the same example, double precision (8.1)
        double[] tFine = new double[1];
        double t = Bmp280.temperatureCDouble(DATASHEET, 519888, tFine);
        // Then T = 25.08247793 °C, t_fine = var1 + var2 = 128793.1787 - 370.8917 = 128422.2870
        assertThat(t).isCloseTo(25.08247793, within(1e-8));
        assertThat(tFine[0]).isCloseTo(128422.2870, within(1e-4));
        // And p = 100653.27 Pa with the table's unrounded t_fine
        assertThat(Bmp280.pressurePaDouble(DATASHEET, 415148, tFine[0])).isCloseTo(100_653.27, within(0.005));
    }

    @Test
    void shouldProbeResetReadTrimmingAndConfigure() throws Exception {
        // Given a BMP280 at 0x76
        FakeBmp280 fake = fake();
        // When probing
        Bmp280 baro = Bmp280.probe(fake);
        // Then it soft-reset the chip, read the datasheet trimming, and wrote config then ctrl_meas
        assertThat(fake.resets()).isEqualTo(1);
        Bmp280.Calibration c = baro.calibration();
        assertThat(new int[] {c.t1, c.t2, c.t3, c.p1, c.p2, c.p3, c.p4, c.p5, c.p6, c.p7, c.p8, c.p9})
                .containsExactly(27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000);
        // ctrl_meas 0x2F: osrs_t x1 (001), osrs_p x4 (011), normal mode (11)
        assertThat(fake.peek(0xF4)).isEqualTo(0x2F);
        // config 0x08: t_sb 0.5 ms (000), IIR coefficient 4 (010), 4-wire SPI off
        assertThat(fake.peek(0xF5)).isEqualTo(0x08);
        assertThat(baro.chip()).isEqualTo("bmp280");
        assertThat(baro.deviceId()).isEqualTo(DeviceId.of(DeviceId.BUS_TYPE_I2C, 1, 0x76, 0x3F));
    }

    @Test
    void shouldRefuseAWrongChipIdNamingBoth() {
        // Given a BME280 (id 0x60) where a BMP280 was expected
        FakeBmp280 fake = fake();
        fake.poke(0xD0, 0x60);
        // Then
        assertThatThrownBy(() -> Bmp280.probe(fake)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("bmp280 on i2c-1 0x76")
                .hasMessageContaining("wrong chip id 0x60")
                .hasMessageContaining("expected 0x58");
    }

    @Test
    void shouldReportAnAbsentChip() {
        FakeBmp280 fake = fake();
        fake.setPresent(false);
        assertThatThrownBy(() -> Bmp280.probe(fake)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("bmp280 on i2c-1 0x76: absent");
    }

    @Test
    void shouldRefuseBlankTrimming() {
        // Given an NVM reading all 0xFF
        FakeBmp280 ones = fake();
        for (int r = 0x88; r <= 0x9F; r++) {
            ones.setTrimmingByte(r, 0xFF);
        }
        assertThatThrownBy(() -> Bmp280.probe(ones)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("trimming parameters 0x88..0x9F read all 0xFF");
        // And dig_P1 = 0 (the pressure formula would divide by zero)
        FakeBmp280 p1 = fake();
        p1.setTrimmingByte(0x8E, 0);
        p1.setTrimmingByte(0x8F, 0);
        assertThatThrownBy(() -> Bmp280.probe(p1)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("dig_P1 is 0");
    }

    @Test
    void shouldMeasureTheFakesStateEveryPeriod() throws Exception {
        // Given a probed chip at rest
        FakeBmp280 fake = fake();
        Bmp280 baro = Bmp280.probe(fake);
        // When read every 20 ms for 2 s
        int n = run(baro, 100);
        // Then every read delivers a sample close to 101325 Pa, 20 °C
        assertThat(n).isEqualTo(100);
        double mean = samples.stream().skip(10).mapToDouble(s -> s.pressurePa).average().orElseThrow();
        assertThat(mean).isCloseTo(101_325.0, within(0.5));
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.pressurePa).isCloseTo(101_325.0, within(5.0));
            assertThat(s.temperatureC).isCloseTo(20.0, within(0.02));
        });
        assertThat(samples.get(99).timestampSampleNs).isEqualTo(now[0] - 6_000_000L);
        assertThat(baro.healthy()).isTrue();
        assertThat(baro.stuckReads()).isZero();
    }

    @Test
    void shouldFollowAChangeThroughTheIirFilter() throws Exception {
        // Given a chip settled at rest
        FakeBmp280 fake = fake();
        Bmp280 baro = Bmp280.probe(fake);
        run(baro, 20);
        // When the vehicle climbs ~80 m (pressure -1000 Pa) and the die warms to 35 °C
        fake.setPressurePa(100_325.0);
        fake.setTemperatureC(35.0);
        run(baro, 25);
        // Then after the filter's settling (a few samples of 12 ms) the readings follow
        BaroSample last = samples.get(samples.size() - 1);
        assertThat(last.pressurePa).isCloseTo(100_325.0, within(3.0));
        assertThat(last.temperatureC).isCloseTo(35.0, within(0.02));
    }

    @Test
    void shouldCountNotReadyDataAndReconfigureAfterABrownOut() throws Exception {
        // Given a running chip
        FakeBmp280 fake = fake();
        Bmp280 baro = Bmp280.probe(fake);
        run(baro, 5);
        // When it browns out (back to sleep mode, data registers 0x80000)
        fake.brownOut();
        int n = run(baro, 2);
        // Then nothing is published, the reads are counted, and the driver rewrote its configuration
        assertThat(n).isZero();
        assertThat(baro.notReady()).isEqualTo(2);
        assertThat(fake.peek(0xF4)).isEqualTo(0x2F);
        assertThat(fake.peek(0xF5)).isEqualTo(0x08);
        // And samples resume
        assertThat(run(baro, 5)).isEqualTo(5);
    }

    @Test
    void shouldCountANackAndAShortReadAndRecover() throws Exception {
        FakeBmp280 fake = fake();
        Bmp280 baro = Bmp280.probe(fake);
        run(baro, 3);
        // Given a NACK, then a short read
        fake.nackNext(1);
        now[0] += PERIOD;
        assertThatThrownBy(() -> baro.read(now[0], collect)).isInstanceOf(BusException.class);
        assertThat(baro.healthy()).isFalse();
        fake.shortReadNext(1);
        now[0] += PERIOD;
        assertThatThrownBy(() -> baro.read(now[0], collect)).isInstanceOf(BusException.class)
                .satisfies(e -> assertThat(((BusException) e).kind()).isEqualTo(BusException.Kind.SHORT_READ));
        // Then both are counted, and the next good read is healthy again
        assertThat(baro.busErrors()).isEqualTo(2);
        assertThat(run(baro, 1)).isEqualTo(1);
        assertThat(baro.healthy()).isTrue();
        assertThat(samples.get(samples.size() - 1).errorCount).isEqualTo(2);
    }

    @Test
    void shouldFlagStuckDataAndRecover() throws Exception {
        FakeBmp280 fake = fake();
        Bmp280 baro = Bmp280.probe(fake);
        run(baro, 5);
        // Given the data registers stop updating
        fake.setFrozen(true);
        run(baro, 20);
        // Then after the repeat limit reads are stuck, unhealthy, unpublished
        assertThat(baro.stuckReads()).isEqualTo(20 - Bmp280.STUCK_REPEATS + 1);
        assertThat(baro.healthy()).isFalse();
        // And when data move again it is healthy
        fake.setFrozen(false);
        assertThat(run(baro, 2)).isPositive();
        assertThat(baro.healthy()).isTrue();
    }

    @Test
    void shouldFlagPressureOutsideTheChipsRange() throws Exception {
        FakeBmp280 fake = fake();
        Bmp280 baro = Bmp280.probe(fake);
        // Given a pressure above 1100 hPa
        fake.setPressurePa(150_000.0);
        // Then nothing is published, each read counted
        assertThat(run(baro, 10)).isZero();
        assertThat(baro.saturatedSamples()).isEqualTo(10);
    }

    @Test
    void shouldNotAllocateWhileReading() throws Exception {
        FakeBmp280 fake = fake();
        Bmp280 baro = Bmp280.probe(fake);
        double[] sum = new double[1];
        Consumer<BaroSample> sink = s -> sum[0] += s.pressurePa;
        long allocated = ReadAllocation.bytesPer10000Reads(baro, sink, now, PERIOD);
        assertThat(allocated).isZero();
        assertThat(sum[0]).isPositive();
    }
}
