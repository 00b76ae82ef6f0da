package org.hoverla.hal.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Consumer;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.fake.FakeIcm42688p;
import org.junit.jupiter.api.Test;

class Icm42688pTest {
    private static final double G = 9.80665;
    private final ReadBench<ImuSample> bench = new ReadBench<>(1_000_000_000L, ImuSample::new, ImuSample::copyFrom);
    private final long[] now = bench.now;
    private final FakeIcm42688p fake = new FakeIcm42688p(0, 1, 42);
    private final List<ImuSample> samples = bench.samples;
    private final Consumer<ImuSample> collect = bench.collect;

    Icm42688pTest() {
        fake.setClock(() -> now[0]);
    }

    private Icm42688p probe() throws ProbeException {
        return Icm42688p.probe(fake, ns -> now[0] += ns);
    }

    private int readAfter(Icm42688p imu, long ns) throws BusException {
        return bench.readAfter(imu, ns);
    }

    @Test
    void shouldWriteTheDatasheetConfigurationAtProbe() throws Exception {
        // Given a healthy chip
        // When it is probed
        Icm42688p imu = probe();
        // Then ranges, ODR, FIFO and power modes are those chosen from DS-000347 §14
        assertThat(fake.peek(0, 0x4E)).as("PWR_MGMT0: gyro and accel low-noise").isEqualTo(0x0F);
        assertThat(fake.peek(0, 0x4F)).as("GYRO_CONFIG0: ±2000 dps, 1 kHz").isEqualTo(0x06);
        assertThat(fake.peek(0, 0x50)).as("ACCEL_CONFIG0: ±16 g, 1 kHz").isEqualTo(0x06);
        assertThat(fake.peek(0, 0x52)).as("GYRO_ACCEL_CONFIG0: BW ODR/4").isEqualTo(0x11);
        assertThat(fake.peek(0, 0x16)).as("FIFO_CONFIG: STOP-on-FULL").isEqualTo(0x80);
        assertThat(fake.peek(0, 0x5F)).as("FIFO_CONFIG1: temp, gyro, accel").isEqualTo(0x07);
        assertThat(fake.peek(0, 0x70)).as("SELF_TEST_CONFIG off again").isZero();
        assertThat(fake.peek(0, 0x76)).as("bank 0 selected").isZero();
        assertThat(imu.chip()).isEqualTo("icm42688p");
        assertThat(imu.deviceId()).isEqualTo(DeviceId.of(DeviceId.BUS_TYPE_SPI, 0, 1, 0x26));
        assertThat(imu.periodNs()).isEqualTo(1_000_000L);
        // and the self-test measured each axis near its factory response
        assertThat(imu.selfTest().passed()).isTrue();
        for (int axis = 0; axis < 6; axis++) {
            assertThat(imu.selfTest().ratio(axis)).as("axis %d", axis).isCloseTo(1.0, within(0.05));
        }
    }

    @Test
    void shouldConvertAsTheDatasheetDefines() {
        // Given the datasheet's sensitivities and temperature formulas (DS-000347 Tables 1-2, §6.1, §14)
        // Then 2048 LSB is 1 g at ±16 g, 16.384 LSB is 1 dps at ±2000 dps
        assertThat(Icm42688p.accelMps2(2048)).isCloseTo(G, within(1e-9));
        assertThat(Icm42688p.gyroRadps(16384)).isCloseTo(Math.toRadians(1000), within(1e-9));
        assertThat(Icm42688p.gyroRadps(-32768)).isCloseTo(Math.toRadians(-2000), within(1e-9));
        // FIFO temperature: raw / 2.07 + 25; register temperature: raw / 132.48 + 25
        assertThat(Icm42688p.fifoTemperatureC((byte) 0)).isEqualTo(25.0);
        assertThat(Icm42688p.fifoTemperatureC((byte) -21)).isCloseTo(14.855, within(1e-3));
        assertThat(Icm42688p.registerTemperatureC(13248)).isCloseTo(125.0, within(1e-9));
        // Self-test factory value ST_OTP = 2620 / 2^(3 - FS_SEL) * 1.01^(code - 1)
        assertThat(Icm42688p.selfTestOtpLsb(3, 1)).isCloseTo(2620.0, within(1e-9));
        assertThat(Icm42688p.selfTestOtpLsb(2, 1)).isCloseTo(1310.0, within(1e-9));
        assertThat(Icm42688p.selfTestOtpLsb(3, 101)).isCloseTo(2620.0 * Math.pow(1.01, 100), within(1e-6));
    }

    @Test
    void shouldReadLevelAndStillFromTheFifoWithBackDatedStamps() throws Exception {
        // Given a probed chip at rest, level, 20 °C
        Icm42688p imu = probe();
        readAfter(imu, 3_000_000);
        samples.clear();
        // When 5 ms pass and the FIFO is read
        int n = readAfter(imu, 5_000_000);
        // Then five samples, FRD, 1 ms apart ending at the read time
        assertThat(n).isEqualTo(5);
        assertThat(samples).hasSize(5);
        for (int i = 0; i < 5; i++) {
            ImuSample s = samples.get(i);
            assertThat(s.timestampSampleNs).isEqualTo(now[0] - (4 - i) * 1_000_000L);
            assertThat(s.accelXMps2).isCloseTo(0, within(0.06));
            assertThat(s.accelYMps2).isCloseTo(0, within(0.06));
            assertThat(s.accelZMps2).isCloseTo(-G, within(0.06));
            assertThat(s.gyroXRadps).isCloseTo(0, within(0.005));
            assertThat(s.temperatureC).isCloseTo(20.0, within(0.5));
            assertThat(s.errorCount).isZero();
        }
        assertThat(imu.healthy()).isTrue();
    }

    @Test
    void shouldRoundTripTheFakesMotion() throws Exception {
        // Given a chip rotating and accelerating
        Icm42688p imu = probe();
        fake.setGyro(0.5, -1.0, 2.0);
        fake.setAccel(1.0, -2.0, -12.0);
        readAfter(imu, 2_000_000);
        samples.clear();
        // When 100 samples are read
        for (int i = 0; i < 100; i++) {
            readAfter(imu, 1_000_000);
        }
        // Then their mean is the state, within the noise and one LSB
        double[] mean = new double[6];
        for (ImuSample s : samples) {
            mean[0] += s.gyroXRadps / samples.size();
            mean[1] += s.gyroYRadps / samples.size();
            mean[2] += s.gyroZRadps / samples.size();
            mean[3] += s.accelXMps2 / samples.size();
            mean[4] += s.accelYMps2 / samples.size();
            mean[5] += s.accelZMps2 / samples.size();
        }
        assertThat(samples).hasSize(100);
        assertThat(mean[0]).isCloseTo(0.5, within(0.002));
        assertThat(mean[1]).isCloseTo(-1.0, within(0.002));
        assertThat(mean[2]).isCloseTo(2.0, within(0.002));
        assertThat(mean[3]).isCloseTo(1.0, within(0.01));
        assertThat(mean[4]).isCloseTo(-2.0, within(0.01));
        assertThat(mean[5]).isCloseTo(-12.0, within(0.01));
    }

    @Test
    void shouldRefuseAWrongChipId() {
        // Given another chip answering at that chip select (an ICM-42605 reads 0x42)
        fake.poke(0, 0x75, 0x42);
        // When probed, then the error names chip, bus, id read and id expected
        assertThatThrownBy(this::probe).isInstanceOf(ProbeException.class)
                .hasMessageContaining("icm42688p on spi0.1").hasMessageContaining("wrong chip id")
                .hasMessageContaining("0x42").hasMessageContaining("0x47");
    }

    @Test
    void shouldReportAnAbsentChip() {
        // Given nothing on the chip select (MISO floats high)
        fake.setPresent(false);
        // When probed, then absent
        assertThatThrownBy(this::probe).isInstanceOf(ProbeException.class)
                .hasMessageContaining("icm42688p on spi0.1").hasMessageContaining("absent").hasMessageContaining("0xff");
    }

    @Test
    void shouldReportABusErrorDuringProbe() {
        fake.failNext(1);
        assertThatThrownBy(this::probe).isInstanceOf(ProbeException.class).hasMessageContaining("bus error");
    }

    @Test
    void shouldFailTheSelfTestWithTheMeasuredFigures() {
        // Given a part whose self-test response is 30 % of its factory value
        fake.setSelfTestScale(0.3);
        // When probed, then refused with the ratios measured
        assertThatThrownBy(this::probe).isInstanceOf(ProbeException.class)
                .hasMessageContaining("self-test failed").hasMessageContaining("= 0.30");
    }

    @Test
    void shouldFailTheSelfTestWhenMovedDuringBoot() {
        // Given the vehicle turning at 30 dps while the gyro offset is measured (limit 20 dps)
        fake.setGyro(0, 0, Math.toRadians(30));
        assertThatThrownBy(this::probe).isInstanceOf(ProbeException.class)
                .hasMessageContaining("gyro offset max 30.0 dps");
    }

    @Test
    void shouldCountABusErrorAndRecover() throws Exception {
        // Given a running chip
        Icm42688p imu = probe();
        readAfter(imu, 2_000_000);
        // When one transfer fails
        fake.failNext(1);
        assertThatThrownBy(() -> readAfter(imu, 1_000_000)).isInstanceOf(BusException.class);
        // Then it is counted and the chip is unhealthy
        assertThat(imu.busErrors()).isEqualTo(1);
        assertThat(imu.healthy()).isFalse();
        // and the next good read recovers, reporting the error in the samples
        samples.clear();
        assertThat(readAfter(imu, 1_000_000)).isEqualTo(2);
        assertThat(imu.healthy()).isTrue();
        assertThat(samples.get(1).errorCount).isEqualTo(1);
    }

    @Test
    void shouldFlagStuckDataAndRecover() throws Exception {
        // Given a running chip whose outputs freeze
        Icm42688p imu = probe();
        readAfter(imu, 2_000_000);
        fake.setFrozen(true);
        // When the last live sample is repeated 6 times (7 identical), not yet stuck; at 8 identical it is
        readAfter(imu, 6_000_000);
        assertThat(imu.healthy()).isTrue();
        readAfter(imu, 1_000_000);
        readAfter(imu, 1_000_000);
        assertThat(imu.healthy()).isFalse();
        assertThat(imu.stuckReads()).isEqualTo(2);
        // Then live data again makes it healthy
        fake.setFrozen(false);
        readAfter(imu, 1_000_000);
        assertThat(imu.healthy()).isTrue();
        assertThat(imu.stuckReads()).isEqualTo(2);
    }

    @Test
    void shouldCountSaturatedSamples() throws Exception {
        // Given a rate beyond ±2000 dps (40 rad/s)
        Icm42688p imu = probe();
        readAfter(imu, 2_000_000);
        fake.setGyro(40, 0, 0);
        // When read
        readAfter(imu, 3_000_000);
        // Then clipped samples are counted and read as full scale
        assertThat(imu.saturatedSamples()).isEqualTo(3);
        assertThat(samples.get(samples.size() - 1).gyroXRadps).isCloseTo(Math.toRadians(2000), within(0.01));
    }

    @Test
    void shouldFlushAnOverflowedFifoAndResume() throws Exception {
        // Given a driver thread that stalled for 300 ms (the FIFO holds 128 packets)
        Icm42688p imu = probe();
        readAfter(imu, 2_000_000);
        // When it reads again
        samples.clear();
        assertThat(readAfter(imu, 300_000_000)).isZero();
        // Then the overflow is counted, the FIFO flushed, and reading resumes
        assertThat(imu.fifoOverflows()).isEqualTo(1);
        assertThat(fake.fifoBytes()).isZero();
        assertThat(readAfter(imu, 2_000_000)).isEqualTo(2);
        assertThat(samples.get(1).errorCount).isEqualTo(1);
    }

    @Test
    void shouldDropPacketsWithABadHeader() throws Exception {
        // Given three packets in the FIFO, the first with a corrupt header
        Icm42688p imu = probe();
        readAfter(imu, 2_000_000);
        now[0] += 3_000_000;
        fake.update();
        fake.corruptNextFifoHeader();
        // When read
        int n = imu.read(now[0], collect);
        // Then nothing is delivered from it, it is counted, and the FIFO is flushed
        assertThat(n).isZero();
        assertThat(imu.badFrames()).isEqualTo(1);
        assertThat(fake.fifoBytes()).isZero();
        assertThat(readAfter(imu, 1_000_000)).isEqualTo(1);
    }

    @Test
    void shouldRunForMinutesWithoutLosingSamples() throws Exception {
        // Given a probed chip read every millisecond
        Icm42688p imu = probe();
        readAfter(imu, 1_000_000);
        int total = 0;
        // When three minutes pass
        for (int i = 0; i < 180_000; i++) {
            now[0] += 1_000_000;
            total += imu.read(now[0], s -> { });
        }
        // Then one sample per millisecond, no errors, healthy
        assertThat(total).isEqualTo(180_000);
        assertThat(imu.badFrames()).isZero();
        assertThat(imu.stuckReads()).isZero();
        assertThat(imu.healthy()).isTrue();
    }

    @Test
    void shouldGoUnhealthyWhenTheChipFallsSilent() throws Exception {
        // Given a running chip that is reset behind the driver's back (PWR_MGMT0 back to 0 (sensors off))
        Icm42688p imu = probe();
        readAfter(imu, 1_000_000);
        fake.poke(0, 0x4E, 0x00);
        // When no sample arrives for 30 periods (limit 20 ms)
        for (int i = 0; i < 30; i++) {
            assertThat(readAfter(imu, 1_000_000)).isZero();
        }
        // Then it is unhealthy and the silent reads are counted
        assertThat(imu.healthy()).isFalse();
        assertThat(imu.silentReads()).isPositive();
        // and data again makes it healthy
        fake.poke(0, 0x4E, 0x0F);
        readAfter(imu, 1_000_000);
        readAfter(imu, 1_000_000);
        assertThat(imu.healthy()).isTrue();
    }

    @Test
    void shouldNotAllocateWhenReading() throws Exception {
        // Given a probed chip and a sink that copies without allocating
        Icm42688p imu = probe();
        ImuSample last = new ImuSample();
        Consumer<ImuSample> sink = last::copyFrom;
        // When 10 000 reads are made
        long allocated = ReadAllocation.bytesPer10000Reads(imu, sink, now, 1_000_000);
        // Then nothing was allocated
        assertThat(allocated).isZero();
        assertThat(last.accelZMps2).isCloseTo(-G, within(0.06));
    }
}
