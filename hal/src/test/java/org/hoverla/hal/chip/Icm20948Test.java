package org.hoverla.hal.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Consumer;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.fake.FakeIcm20948;
import org.junit.jupiter.api.Test;

class Icm20948Test {
    private static final double G = 9.80665;
    private static final long P = Icm20948.SAMPLE_PERIOD_NS;
    private final ReadBench<ImuSample> bench = new ReadBench<>(5_000_000_000L, ImuSample::new, ImuSample::copyFrom);
    private final long[] now = bench.now;
    private final FakeIcm20948 fake = new FakeIcm20948(1, 0x68, 7);
    private final List<ImuSample> samples = bench.samples;

    Icm20948Test() {
        fake.setClock(() -> now[0]);
    }

    private Icm20948 probe() throws ProbeException {
        return Icm20948.probe(fake, ns -> now[0] += ns);
    }

    private int readAfter(Icm20948 imu, long ns) throws BusException {
        return bench.readAfter(imu, ns);
    }

    @Test
    void shouldWriteTheDatasheetConfigurationInItsBanksAtProbe() throws Exception {
        // Given a healthy chip, when probed
        Icm20948 imu = probe();
        // Then bank 0: awake on the best clock, data-ready enabled, bank 0 left selected
        assertThat(fake.peek(0, 0x06)).as("PWR_MGMT_1").isEqualTo(0x01);
        assertThat(fake.peek(0, 0x07)).as("PWR_MGMT_2: all axes on").isZero();
        assertThat(fake.peek(0, 0x11)).as("INT_ENABLE_1: RAW_DATA_0_RDY_EN").isEqualTo(0x01);
        assertThat(fake.peek(0, 0x7F)).as("REG_BANK_SEL").isZero();
        // and bank 2: 550 Hz gyro, ±2000 dps, DLPF 119.5 Hz; 562.5 Hz accel, ±16 g, DLPF 111.4 Hz; self-test off
        assertThat(fake.peek(2, 0x00)).as("GYRO_SMPLRT_DIV").isEqualTo(0x01);
        assertThat(fake.peek(2, 0x01)).as("GYRO_CONFIG_1").isEqualTo(0x17);
        assertThat(fake.peek(2, 0x02)).as("GYRO_CONFIG_2").isZero();
        assertThat(fake.peek(2, 0x11)).as("ACCEL_SMPLRT_DIV_2").isEqualTo(0x01);
        assertThat(fake.peek(2, 0x14)).as("ACCEL_CONFIG").isEqualTo(0x17);
        assertThat(fake.peek(2, 0x15)).as("ACCEL_CONFIG_2").isZero();
        assertThat(imu.chip()).isEqualTo("icm20948");
        assertThat(imu.deviceId()).isEqualTo(DeviceId.of(DeviceId.BUS_TYPE_I2C, 1, 0x68, 0x28));
        assertThat(imu.periodNs()).isEqualTo(P);
        assertThat(imu.selfTest().passed()).isTrue();
        for (int axis = 0; axis < 6; axis++) {
            assertThat(imu.selfTest().ratio(axis)).as("axis %d", axis).isCloseTo(1.0, within(0.05));
        }
    }

    @Test
    void shouldComputeTheDatasheetFormulas() {
        // Temperature: T = TEMP_OUT / 333.87 + 21 (0 is 21 °C; -333.87 is 20 °C)
        assertThat(Icm20948.temperatureC(0)).isCloseTo(21.0, within(1e-9));
        assertThat(Icm20948.temperatureC(-334)).isCloseTo(20.0, within(0.001));
        // Sensitivities: 2048 LSB/g at ±16 g, 16.4 LSB/dps at ±2000 dps
        assertThat(Icm20948.accelMps2(2048)).isCloseTo(G, within(1e-9));
        assertThat(Icm20948.gyroRadps(-32768)).isCloseTo(Math.toRadians(-2000), within(1e-9));
        // ST_OTP table of TDK's reference: code 1 -> 2620, 2 -> 2646, 9 -> 2837, 255 -> 32804
        assertThat(Icm20948.selfTestOtpLsb(1)).isEqualTo(2620);
        assertThat(Icm20948.selfTestOtpLsb(2)).isEqualTo(2646);
        assertThat(Icm20948.selfTestOtpLsb(9)).isEqualTo(2837);
        assertThat(Icm20948.selfTestOtpLsb(255)).isEqualTo(32804);
    }

    @Test
    void shouldReadNewDataOnlyWhenReady() throws Exception {
        // Given a probed chip at rest, level, 20 °C
        Icm20948 imu = probe();
        readAfter(imu, P);
        samples.clear();
        // When read twice within one sample period, then the second read has nothing new
        assertThat(readAfter(imu, P)).isEqualTo(1);
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
        Icm20948 imu = probe();
        fake.setGyro(-0.7, 0.3, 1.5);
        fake.setAccel(2.0, 1.0, -8.0);
        fake.setTemperature(35.0);
        readAfter(imu, P);
        samples.clear();
        for (int i = 0; i < 200; i++) {
            readAfter(imu, P);
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
        // Given another chip answering at that address with 0x71 in register 0x00
        fake.poke(0, 0x00, 0x71);
        assertThatThrownBy(this::probe).isInstanceOf(ProbeException.class)
                .hasMessageContaining("icm20948 on i2c-1 0x68").hasMessageContaining("wrong chip id")
                .hasMessageContaining("0x71").hasMessageContaining("0xea");
    }

    @Test
    void shouldReportAnAbsentChip() {
        fake.setPresent(false);
        assertThatThrownBy(this::probe).isInstanceOf(ProbeException.class)
                .hasMessageContaining("icm20948 on i2c-1 0x68").hasMessageContaining("absent");
    }

    @Test
    void shouldFailTheSelfTestWithTheMeasuredFigures() {
        // Given a part responding at 40 % of its factory value (limit 50 %)
        fake.setSelfTestScale(0.4);
        assertThatThrownBy(this::probe).isInstanceOf(ProbeException.class)
                .hasMessageContaining("self-test failed").hasMessageContaining("= 0.40");
    }

    @Test
    void shouldCountNackAndShortReadAndRecover() throws Exception {
        Icm20948 imu = probe();
        readAfter(imu, P);
        // When a read is not acknowledged
        fake.nackNext(1);
        assertThatThrownBy(() -> readAfter(imu, P)).isInstanceOf(BusException.class);
        assertThat(imu.healthy()).isFalse();
        // and the next comes back short
        fake.shortReadNext(1);
        assertThatThrownBy(() -> readAfter(imu, P))
                .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.kind()).isEqualTo(BusException.Kind.SHORT_READ));
        // Then both are counted, and a good read recovers
        assertThat(imu.busErrors()).isEqualTo(2);
        samples.clear();
        assertThat(readAfter(imu, P)).isEqualTo(1);
        assertThat(imu.healthy()).isTrue();
        assertThat(samples.get(0).errorCount).isEqualTo(2);
    }

    @Test
    void shouldFlagStuckDataAndRecover() throws Exception {
        Icm20948 imu = probe();
        readAfter(imu, P);
        fake.setFrozen(true);
        // The last live sample repeated 3 more times: 4 identical, still plausible
        for (int i = 0; i < 3; i++) {
            readAfter(imu, P);
        }
        assertThat(imu.healthy()).isTrue();
        // 5 identical: stuck
        readAfter(imu, P);
        assertThat(imu.healthy()).isFalse();
        assertThat(imu.stuckReads()).isEqualTo(1);
        fake.setFrozen(false);
        readAfter(imu, P);
        assertThat(imu.healthy()).isTrue();
    }

    @Test
    void shouldCountSaturatedSamples() throws Exception {
        Icm20948 imu = probe();
        readAfter(imu, P);
        // ±16 g exceeded on z
        fake.setAccel(0, 0, -200);
        readAfter(imu, P);
        assertThat(imu.saturatedSamples()).isEqualTo(1);
        assertThat(samples.get(samples.size() - 1).accelZMps2).isCloseTo(-16 * G, within(0.01));
    }

    @Test
    void shouldRunForMinutes() throws Exception {
        Icm20948 imu = probe();
        readAfter(imu, P);
        int total = 0;
        for (int i = 0; i < 100_000; i++) {
            now[0] += P;
            total += imu.read(now[0], s -> { });
        }
        assertThat(total).isEqualTo(100_000);
        assertThat(imu.stuckReads()).isZero();
        assertThat(imu.healthy()).isTrue();
    }

    @Test
    void shouldGoUnhealthyWhenTheChipFallsSilent() throws Exception {
        // Given a running chip that is reset behind the driver's back (PWR_MGMT_1.SLEEP set)
        Icm20948 imu = probe();
        readAfter(imu, P);
        fake.poke(0, 0x06, 0x41);
        // When no sample arrives for 30 periods (limit 36 ms)
        for (int i = 0; i < 30; i++) {
            assertThat(readAfter(imu, P)).isZero();
        }
        // Then it is unhealthy and the silent reads are counted
        assertThat(imu.healthy()).isFalse();
        assertThat(imu.silentReads()).isPositive();
        // and data again makes it healthy
        fake.poke(0, 0x06, 0x01);
        readAfter(imu, P);
        readAfter(imu, P);
        assertThat(imu.healthy()).isTrue();
    }

    @Test
    void shouldNotAllocateWhenReading() throws Exception {
        Icm20948 imu = probe();
        ImuSample last = new ImuSample();
        Consumer<ImuSample> sink = last::copyFrom;
        long allocated = ReadAllocation.bytesPer10000Reads(imu, sink, now, P);
        assertThat(allocated).isZero();
        assertThat(last.accelZMps2).isCloseTo(-G, within(0.15));
    }
}
