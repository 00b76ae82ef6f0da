package org.hoverla.hal.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Consumer;
import org.hoverla.hal.MagSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.fake.FakeIcm20948;
import org.junit.jupiter.api.Test;

class Icm20948Ak09916Test {
    private final ReadBench<MagSample> bench = new ReadBench<>(3_000_000_000L, MagSample::new, MagSample::copyFrom);
    private final long[] now = bench.now;
    private final FakeIcm20948 fake = new FakeIcm20948(1, 0x69, 11);
    private final List<MagSample> samples = bench.samples;

    Icm20948Ak09916Test() {
        fake.setClock(() -> now[0]);
    }

    private Icm20948Ak09916 probeBoth() throws ProbeException {
        Icm20948.probe(fake, ns -> now[0] += ns);
        return Icm20948Ak09916.probe(fake, ns -> now[0] += ns);
    }

    private int readAfter(Icm20948Ak09916 mag, long ns) throws BusException {
        return bench.readAfter(mag, ns);
    }

    @Test
    void shouldStartTheAuxiliaryMasterAndContinuousMode() throws Exception {
        // Given an ICM-20948 with its AK09916, when both are probed
        Icm20948Ak09916 mag = probeBoth();
        // Then the master is on, slave 0 reads ST1..ST2 from 0x0c, bank 0 is selected
        assertThat(fake.peek(0, 0x03) & 0x20).as("USER_CTRL.I2C_MST_EN").isEqualTo(0x20);
        assertThat(fake.peek(3, 0x01)).as("I2C_MST_CTRL").isEqualTo(0x17);
        assertThat(fake.peek(3, 0x03)).as("I2C_SLV0_ADDR: read 0x0c").isEqualTo(0x8C);
        assertThat(fake.peek(3, 0x04)).as("I2C_SLV0_REG: ST1").isEqualTo(0x10);
        assertThat(fake.peek(3, 0x05)).as("I2C_SLV0_CTRL: EN, 9 bytes").isEqualTo(0x89);
        assertThat(fake.peek(0, 0x7F)).isZero();
        assertThat(mag.chip()).isEqualTo("ak09916");
        assertThat(mag.deviceId()).isEqualTo(DeviceId.of(DeviceId.BUS_TYPE_I2C, 1, 0x69, 0x09));
        assertThat(mag.periodNs()).isEqualTo(10_000_000L);
    }

    @Test
    void shouldReadTheEarthFieldInFrdGauss() throws Exception {
        // Given the default field, level facing north: (0.21, 0, 0.43) gauss
        Icm20948Ak09916 mag = probeBoth();
        // When read at 100 Hz for a second
        for (int i = 0; i < 100; i++) {
            readAfter(mag, 10_000_000);
        }
        // Then about one new sample per AK measurement, averaging the field within a LSB
        assertThat(samples.size()).isBetween(95, 100);
        double x = samples.stream().mapToDouble(s -> s.fieldXGauss).average().orElseThrow();
        double y = samples.stream().mapToDouble(s -> s.fieldYGauss).average().orElseThrow();
        double z = samples.stream().mapToDouble(s -> s.fieldZGauss).average().orElseThrow();
        assertThat(x).isCloseTo(0.21, within(0.0015));
        assertThat(y).isCloseTo(0.0, within(0.0015));
        assertThat(z).isCloseTo(0.43, within(0.0015));
        assertThat(mag.healthy()).isTrue();
    }

    @Test
    void shouldFollowTheFieldOnEachAxis() throws Exception {
        Icm20948Ak09916 mag = probeBoth();
        fake.setField(-0.1, 0.3, -0.2);
        readAfter(mag, 30_000_000);
        samples.clear();
        for (int i = 0; i < 50; i++) {
            readAfter(mag, 10_000_000);
        }
        assertThat(samples.stream().mapToDouble(s -> s.fieldXGauss).average().orElseThrow()).isCloseTo(-0.1, within(0.002));
        assertThat(samples.stream().mapToDouble(s -> s.fieldYGauss).average().orElseThrow()).isCloseTo(0.3, within(0.002));
        assertThat(samples.stream().mapToDouble(s -> s.fieldZGauss).average().orElseThrow()).isCloseTo(-0.2, within(0.002));
    }

    @Test
    void shouldCheckTheSelfTestWindowsOfTheDatasheet() {
        assertThat(Icm20948Ak09916.selfTestPasses(0, 0, -500)).isTrue();
        assertThat(Icm20948Ak09916.selfTestPasses(200, -200, -200)).isTrue();
        assertThat(Icm20948Ak09916.selfTestPasses(201, 0, -500)).isFalse();
        assertThat(Icm20948Ak09916.selfTestPasses(0, 0, -199)).isFalse();
        assertThat(Icm20948Ak09916.selfTestPasses(0, 0, -1001)).isFalse();
    }

    @Test
    void shouldFailTheSelfTestWithTheValues() throws Exception {
        // Given an AK09916 whose self-test field is 2.5 times too strong
        Icm20948.probe(fake, ns -> now[0] += ns);
        fake.setMagnetometerSelfTestScale(2.5);
        assertThatThrownBy(() -> Icm20948Ak09916.probe(fake, ns -> now[0] += ns)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("self-test failed").hasMessageContaining("HZ -1250");
    }

    @Test
    void shouldReportAMissingMagnetometer() throws Exception {
        // Given an ICM-20948 whose auxiliary bus has nothing at 0x0c
        Icm20948.probe(fake, ns -> now[0] += ns);
        fake.setMagnetometerPresent(false);
        assertThatThrownBy(() -> Icm20948Ak09916.probe(fake, ns -> now[0] += ns)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("ak09916 behind icm20948 on i2c-1 0x69").hasMessageContaining("absent");
    }

    @Test
    void shouldReportAnAbsentIcm20948() {
        fake.setPresent(false);
        assertThatThrownBy(() -> Icm20948Ak09916.probe(fake, ns -> now[0] += ns)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("absent");
    }

    @Test
    void shouldCountABusErrorAndRecover() throws Exception {
        Icm20948Ak09916 mag = probeBoth();
        readAfter(mag, 10_000_000);
        fake.nackNext(1);
        assertThatThrownBy(() -> readAfter(mag, 10_000_000)).isInstanceOf(BusException.class);
        assertThat(mag.healthy()).isFalse();
        assertThat(mag.busErrors()).isEqualTo(1);
        samples.clear();
        readAfter(mag, 10_000_000);
        assertThat(mag.healthy()).isTrue();
        assertThat(samples).hasSize(1);
        assertThat(samples.get(0).errorCount).isEqualTo(1);
    }

    @Test
    void shouldFlagAFrozenMagnetometerAfter200Ms() throws Exception {
        Icm20948Ak09916 mag = probeBoth();
        readAfter(mag, 10_000_000);
        fake.setMagnetometerFrozen(true);
        for (int i = 0; i < 19; i++) {
            readAfter(mag, 10_000_000);
        }
        assertThat(mag.healthy()).isTrue();
        readAfter(mag, 10_000_000);
        readAfter(mag, 10_000_000);
        assertThat(mag.healthy()).isFalse();
        assertThat(mag.stuckReads()).isPositive();
        fake.setMagnetometerFrozen(false);
        readAfter(mag, 10_000_000);
        assertThat(mag.healthy()).isTrue();
    }

    @Test
    void shouldDropOverflowedMeasurements() throws Exception {
        // Given a field beyond ±4912 µT (a magnet on the sensor)
        Icm20948Ak09916 mag = probeBoth();
        readAfter(mag, 10_000_000);
        fake.setField(60.0, 0, 0);
        samples.clear();
        readAfter(mag, 10_000_000);
        assertThat(samples).isEmpty();
        assertThat(mag.overflows()).isPositive();
    }

    @Test
    void shouldShareTheBusWithTheImuBackend() throws Exception {
        // Given both backends on one device, read alternately by one driver thread
        Icm20948 imu = Icm20948.probe(fake, ns -> now[0] += ns);
        Icm20948Ak09916 mag = Icm20948Ak09916.probe(fake, ns -> now[0] += ns);
        int imuSamples = 0;
        int magSamples = 0;
        for (int i = 0; i < 1100; i++) {
            now[0] += Icm20948.SAMPLE_PERIOD_NS;
            imuSamples += imu.read(now[0], s -> { });
            if (i % 5 == 0) {
                magSamples += mag.read(now[0], s -> { });
            }
        }
        // Then both deliver at their rates, healthy
        assertThat(imuSamples).isEqualTo(1100);
        assertThat(magSamples).isBetween(190, 200);
        assertThat(imu.healthy()).isTrue();
        assertThat(mag.healthy()).isTrue();
    }

    @Test
    void shouldNotAllocateWhenReading() throws Exception {
        Icm20948Ak09916 mag = probeBoth();
        MagSample last = new MagSample();
        Consumer<MagSample> sink = last::copyFrom;
        long allocated = ReadAllocation.bytesPer10000Reads(mag, sink, now, 10_000_000);
        assertThat(allocated).isZero();
        assertThat(last.fieldZGauss).isCloseTo(0.43, within(0.01));
    }
}
