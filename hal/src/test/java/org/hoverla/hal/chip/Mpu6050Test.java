package org.hoverla.hal.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Consumer;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.fake.FakeMpu6050;
import org.junit.jupiter.api.Test;

class Mpu6050Test {
    private static final double G = 9.80665;
    private final ReadBench<ImuSample> bench = new ReadBench<>(5_000_000_000L, ImuSample::new, ImuSample::copyFrom);
    private final long[] now = bench.now;
    private final FakeMpu6050 fake = new FakeMpu6050(1, 0x68, 7);
    private final List<ImuSample> samples = bench.samples;

    Mpu6050Test() {
        fake.setClock(() -> now[0]);
    }

    private Mpu6050 probe() throws ProbeException {
        return Mpu6050.probe(fake, ns -> now[0] += ns);
    }

    private int readAfter(Mpu6050 imu, long ns) throws BusException {
        return bench.readAfter(imu, ns);
    }

    @Test
    void shouldWriteTheRegisterMapsConfigurationAtProbe() throws Exception {
        // Given a healthy chip, when probed
        Mpu6050 imu = probe();
        // Then clock, DLPF, sample rate, ranges and data-ready are as chosen (RM-MPU-6000A §4)
        assertThat(fake.peek(0x6B)).as("PWR_MGMT_1: awake, PLL X gyro").isEqualTo(0x01);
        assertThat(fake.peek(0x1A)).as("CONFIG: DLPF 98/94 Hz").isEqualTo(0x02);
        assertThat(fake.peek(0x19)).as("SMPLRT_DIV: 500 Hz").isEqualTo(0x01);
        assertThat(fake.peek(0x1B)).as("GYRO_CONFIG: ±2000 dps, self-test off").isEqualTo(0x18);
        assertThat(fake.peek(0x1C)).as("ACCEL_CONFIG: ±16 g, self-test off").isEqualTo(0x18);
        assertThat(fake.peek(0x38)).as("INT_ENABLE: DATA_RDY").isEqualTo(0x01);
        assertThat(imu.chip()).isEqualTo("mpu6050");
        assertThat(imu.deviceId()).isEqualTo(DeviceId.of(DeviceId.BUS_TYPE_I2C, 1, 0x68, 0x33));
        assertThat(imu.periodNs()).isEqualTo(2_000_000L);
        assertThat(imu.selfTest().passed()).isTrue();
        for (int axis = 0; axis < 6; axis++) {
            assertThat(imu.selfTest().change(axis)).as("axis %d", axis).isCloseTo(0, within(0.05));
        }
    }

    @Test
    void shouldComputeTheRegisterMapsFormulas() {
        // Temperature §4.18: T = raw / 340 + 36.53 (raw -5622 is 20.0 °C; 0 is 36.53 °C)
        assertThat(Mpu6050.temperatureC(0)).isCloseTo(36.53, within(1e-9));
        assertThat(Mpu6050.temperatureC(-5620)).isCloseTo(20.0, within(0.01));
        // Sensitivities: 2048 LSB/g at ±16 g, 16.4 LSB/dps at ±2000 dps
        assertThat(Mpu6050.accelMps2(2048)).isCloseTo(G, within(1e-9));
        assertThat(Mpu6050.gyroRadps(32768)).isCloseTo(Math.toRadians(2000), within(1e-9));
        // Factory trim §4.1: code 1 gives 25·131 = 3275 LSB (Y negative) and 4096·0.34 = 1392.64 LSB
        assertThat(Mpu6050.gyroFactoryTrimLsb(1, false)).isCloseTo(3275, within(1e-9));
        assertThat(Mpu6050.gyroFactoryTrimLsb(1, true)).isCloseTo(-3275, within(1e-9));
        assertThat(Mpu6050.accelFactoryTrimLsb(1)).isCloseTo(1392.64, within(1e-9));
        // the top code 31 gives 4096·0.92 LSB for the accel
        assertThat(Mpu6050.accelFactoryTrimLsb(31)).isCloseTo(4096 * 0.92, within(1e-6));
        assertThat(Mpu6050.gyroFactoryTrimLsb(0, false)).isZero();
        // 5-bit codes: XA = X[7:5] << 2 | A[5:4], XG = X[4:0]
        assertThat(Mpu6050.selfTestCodes(0b101_10011, 0b010_00001, 0b111_11111, 0b00_10_01_11))
                .containsExactly(0b10110, 0b01001, 0b11111, 0b10011, 0b00001, 0b11111);
    }

    @Test
    void shouldReadNewDataOnlyWhenReady() throws Exception {
        // Given a probed chip at rest, level, 20 °C
        Mpu6050 imu = probe();
        readAfter(imu, 2_000_000);
        samples.clear();
        // When read twice within one sample period, then the second read has nothing new
        assertThat(readAfter(imu, 2_000_000)).isEqualTo(1);
        assertThat(readAfter(imu, 500_000)).isZero();
        // and the sample is level and still, stamped at the read
        ImuSample s = samples.get(0);
        assertThat(s.timestampSampleNs).isEqualTo(now[0] - 500_000);
        assertThat(s.accelZMps2).isCloseTo(-G, within(0.15));
        assertThat(s.accelXMps2).isCloseTo(0, within(0.15));
        assertThat(s.gyroZRadps).isCloseTo(0, within(0.01));
        assertThat(s.temperatureC).isCloseTo(20.0, within(0.1));
        assertThat(imu.healthy()).isTrue();
    }

    @Test
    void shouldRoundTripTheFakesMotion() throws Exception {
        Mpu6050 imu = probe();
        fake.setGyro(-0.7, 0.3, 1.5);
        fake.setAccel(2.0, 1.0, -8.0);
        fake.setTemperature(35.0);
        readAfter(imu, 2_000_000);
        samples.clear();
        for (int i = 0; i < 200; i++) {
            readAfter(imu, 2_000_000);
        }
        double[] mean = new double[7];
        for (ImuSample s : samples) {
            mean[0] += s.gyroXRadps / samples.size();
            mean[1] += s.gyroYRadps / samples.size();
            mean[2] += s.gyroZRadps / samples.size();
            mean[3] += s.accelXMps2 / samples.size();
            mean[4] += s.accelYMps2 / samples.size();
            mean[5] += s.accelZMps2 / samples.size();
            mean[6] += s.temperatureC / samples.size();
        }
        assertThat(samples).hasSize(200);
        assertThat(mean[0]).isCloseTo(-0.7, within(0.002));
        assertThat(mean[1]).isCloseTo(0.3, within(0.002));
        assertThat(mean[2]).isCloseTo(1.5, within(0.002));
        assertThat(mean[3]).isCloseTo(2.0, within(0.02));
        assertThat(mean[4]).isCloseTo(1.0, within(0.02));
        assertThat(mean[5]).isCloseTo(-8.0, within(0.02));
        assertThat(mean[6]).isCloseTo(35.0, within(0.01));
    }

    @Test
    void shouldRefuseAWrongChipId() {
        // Given an MPU-6500 (WHO_AM_I 0x70) at that address
        fake.poke(0x75, 0x70);
        assertThatThrownBy(this::probe).isInstanceOf(ProbeException.class)
                .hasMessageContaining("mpu6050 on i2c-1 0x68").hasMessageContaining("wrong chip id")
                .hasMessageContaining("0x70").hasMessageContaining("0x68");
    }

    @Test
    void shouldReportAnAbsentChip() {
        fake.setPresent(false);
        assertThatThrownBy(this::probe).isInstanceOf(ProbeException.class)
                .hasMessageContaining("mpu6050 on i2c-1 0x68").hasMessageContaining("absent");
    }

    @Test
    void shouldFailTheSelfTestWithTheMeasuredFigures() {
        // Given a part responding 20 % below its factory trim (limit ±14 %)
        fake.setSelfTestScale(0.8);
        assertThatThrownBy(this::probe).isInstanceOf(ProbeException.class)
                .hasMessageContaining("self-test failed").hasMessageContaining("-20.");
    }

    @Test
    void shouldCountNackAndShortReadAndRecover() throws Exception {
        Mpu6050 imu = probe();
        readAfter(imu, 2_000_000);
        // When a read is not acknowledged
        fake.nackNext(1);
        assertThatThrownBy(() -> readAfter(imu, 2_000_000)).isInstanceOf(BusException.class);
        assertThat(imu.healthy()).isFalse();
        // and the next comes back short
        fake.shortReadNext(1);
        assertThatThrownBy(() -> readAfter(imu, 2_000_000))
                .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.kind()).isEqualTo(BusException.Kind.SHORT_READ));
        // Then both are counted, and a good read recovers
        assertThat(imu.busErrors()).isEqualTo(2);
        samples.clear();
        assertThat(readAfter(imu, 2_000_000)).isEqualTo(1);
        assertThat(imu.healthy()).isTrue();
        assertThat(samples.get(0).errorCount).isEqualTo(2);
    }

    @Test
    void shouldFlagStuckDataAndRecover() throws Exception {
        Mpu6050 imu = probe();
        readAfter(imu, 2_000_000);
        fake.setFrozen(true);
        // The last live sample repeated 3 more times: 4 identical, still plausible
        for (int i = 0; i < 3; i++) {
            readAfter(imu, 2_000_000);
        }
        assertThat(imu.healthy()).isTrue();
        // 5 identical: stuck
        readAfter(imu, 2_000_000);
        assertThat(imu.healthy()).isFalse();
        assertThat(imu.stuckReads()).isEqualTo(1);
        fake.setFrozen(false);
        readAfter(imu, 2_000_000);
        assertThat(imu.healthy()).isTrue();
    }

    @Test
    void shouldCountSaturatedSamples() throws Exception {
        Mpu6050 imu = probe();
        readAfter(imu, 2_000_000);
        // ±16 g exceeded on z
        fake.setAccel(0, 0, -200);
        readAfter(imu, 2_000_000);
        assertThat(imu.saturatedSamples()).isEqualTo(1);
        assertThat(samples.get(samples.size() - 1).accelZMps2).isCloseTo(-16 * G, within(0.01));
    }

    @Test
    void shouldRunForMinutes() throws Exception {
        Mpu6050 imu = probe();
        readAfter(imu, 2_000_000);
        int total = 0;
        for (int i = 0; i < 90_000; i++) {
            now[0] += 2_000_000;
            total += imu.read(now[0], s -> { });
        }
        assertThat(total).isEqualTo(90_000);
        assertThat(imu.stuckReads()).isZero();
        assertThat(imu.healthy()).isTrue();
    }

    @Test
    void shouldGoUnhealthyWhenTheChipFallsSilent() throws Exception {
        // Given a running chip that is reset behind the driver's back (PWR_MGMT_1.SLEEP set)
        Mpu6050 imu = probe();
        readAfter(imu, 2_000_000);
        fake.poke(0x6B, 0x40);
        // When no sample arrives for 30 periods (limit 40 ms)
        for (int i = 0; i < 30; i++) {
            assertThat(readAfter(imu, 2_000_000)).isZero();
        }
        // Then it is unhealthy and the silent reads are counted
        assertThat(imu.healthy()).isFalse();
        assertThat(imu.silentReads()).isPositive();
        // and data again makes it healthy
        fake.poke(0x6B, 0x01);
        readAfter(imu, 2_000_000);
        readAfter(imu, 2_000_000);
        assertThat(imu.healthy()).isTrue();
    }

    @Test
    void shouldNotAllocateWhenReading() throws Exception {
        Mpu6050 imu = probe();
        ImuSample last = new ImuSample();
        Consumer<ImuSample> sink = last::copyFrom;
        long allocated = ReadAllocation.bytesPer10000Reads(imu, sink, now, 2_000_000);
        assertThat(allocated).isZero();
        assertThat(last.accelZMps2).isCloseTo(-G, within(0.15));
    }
}
