package org.hoverla.hal.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Consumer;
import org.hoverla.hal.MagSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.fake.FakeIst8310;
import org.junit.jupiter.api.Test;

class Ist8310Test {
    private static final long PERIOD = Ist8310.PERIOD_NS;

    private final FakeIst8310 fake = new FakeIst8310(1, 0x0E, 42);
    private final MagSample last = new MagSample();
    private final Consumer<MagSample> sink = last::copyFrom;

    @Test
    void shouldConfigureAveragingPulseDurationAndStartAMeasurementAtProbe() throws Exception {
        // Given a fresh IST8310
        // When it is probed
        Ist8310 mag = Ist8310.probe(fake);

        // Then 16x averaging on all axes, normal pulse duration, self-test off, 0.3 uT/LSB resolution
        assertThat(fake.peek(0x41)).isEqualTo(0x24);
        assertThat(fake.peek(0x42)).isEqualTo(0xC0);
        assertThat(fake.peek(0x0C)).isZero();
        assertThat(fake.peek(0x0D)).isZero();
        // and a first single measurement is waiting (DRDY)
        assertThat(fake.peek(0x02) & 0x01).isEqualTo(1);
        assertThat(mag.chip()).isEqualTo("ist8310");
        assertThat(mag.deviceId()).isEqualTo(1 | (1 << 3) | (0x0E << 8) | (0x06 << 16));
        assertThat(mag.periodNs()).isEqualTo(20_000_000L);
    }

    @Test
    void shouldConvertRawCountsAtPointThreeMicroteslaPerLsbAndFlipZ() throws Exception {
        // Given an exact (noise-free) field of 1000 LSB on x, -500 on y and 2000 on the sensor's z (up)
        fake.setNoise(0);
        fake.setFieldFrd(3.0, -1.5, -6.0);
        Ist8310 mag = Ist8310.probe(fake);

        // When one measurement is read
        int n = mag.read(PERIOD, sink);

        // Then 0.3 uT = 0.003 G per LSB, z negated into FRD
        assertThat(n).isEqualTo(1);
        assertThat(fake.peek(0x03) | fake.peek(0x04) << 8).isEqualTo(1000);
        assertThat((short) (fake.peek(0x07) | fake.peek(0x08) << 8)).isEqualTo((short) 2000);
        assertThat(last.fieldXGauss).isCloseTo(3.0, within(1e-12));
        assertThat(last.fieldYGauss).isCloseTo(-1.5, within(1e-12));
        assertThat(last.fieldZGauss).isCloseTo(-6.0, within(1e-12));
        assertThat(last.temperatureC).isNaN();
    }

    @Test
    void shouldRoundTripTheEarthFieldWithinNoise() throws Exception {
        // Given the default fake: level, facing north, (0.21, 0, 0.43) G
        Ist8310 mag = Ist8310.probe(fake);
        double sx = 0;
        double sy = 0;
        double sz = 0;

        // When 200 samples are read at 50 Hz
        for (int i = 1; i <= 200; i++) {
            assertThat(mag.read(i * PERIOD, sink)).isEqualTo(1);
            sx += last.fieldXGauss;
            sy += last.fieldYGauss;
            sz += last.fieldZGauss;
        }

        // Then the mean field is the set one, and the sample time is the trigger time + 6 ms
        assertThat(sx / 200).isCloseTo(0.21, within(0.002));
        assertThat(sy / 200).isCloseTo(0.0, within(0.002));
        assertThat(sz / 200).isCloseTo(0.43, within(0.002));
        assertThat(last.timestampSampleNs).isEqualTo(199 * PERIOD + 6_000_000L);
        assertThat(mag.healthy()).isTrue();
        assertThat(mag.stuckReads()).isZero();
    }

    @Test
    void shouldRefuseAWrongWhoAmIAndNameTheIdRead() {
        // Given a chip at 0x0E whose WAI reads 0x48
        fake.poke(0x00, 0x48);

        // When / Then probing names chip, bus, address, id read and id expected
        assertThatThrownBy(() -> Ist8310.probe(fake)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("ist8310 on i2c-1 address 0xe")
                .hasMessageContaining("read 0x48").hasMessageContaining("expected 0x10");
    }

    @Test
    void shouldReportAnAbsentChip() {
        // Given nothing at the address
        fake.setPresent(false);

        // When / Then
        assertThatThrownBy(() -> Ist8310.probe(fake)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("absent");
    }

    @Test
    void shouldFailTheSelfTestWhenThePolarityDoesNotInvert() {
        // Given a chip whose self-test bit has no effect
        fake.setNoise(0);
        fake.setSelfTestBroken(true);

        // When / Then the probe fails with the figures measured
        assertThatThrownBy(() -> Ist8310.probe(fake)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("self-test failed on axis x").hasMessageContaining("normal 70 LSB");
    }

    @Test
    void shouldFailTheSelfTestOnADeadBridge() {
        // Given a sensor that reads no field at all
        fake.setNoise(0);
        fake.setFieldFrd(0, 0, 0);

        // When / Then
        assertThatThrownBy(() -> Ist8310.probe(fake)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("field magnitude 0.0000 G");
    }

    @Test
    void shouldCountANackMidRunAndRecover() throws Exception {
        // Given a running magnetometer
        Ist8310 mag = Ist8310.probe(fake);
        mag.read(PERIOD, sink);

        // When the next transfer is not acknowledged
        fake.nackNext(1);

        // Then the read throws, is counted and the backend is unhealthy
        assertThatThrownBy(() -> mag.read(2 * PERIOD, sink)).isInstanceOf(BusException.class);
        assertThat(mag.busErrors()).isEqualTo(1);
        assertThat(mag.healthy()).isFalse();

        // and good reads bring it back
        assertThat(mag.read(3 * PERIOD, sink)).isEqualTo(1);
        assertThat(mag.healthy()).isTrue();
    }

    @Test
    void shouldCountAShortRead() throws Exception {
        // Given a running magnetometer
        Ist8310 mag = Ist8310.probe(fake);

        // When the data read returns half the bytes
        fake.shortReadNext(1);

        // Then
        assertThatThrownBy(() -> mag.read(PERIOD, sink)).isInstanceOf(BusException.class)
                .satisfies(e -> assertThat(((BusException) e).kind()).isEqualTo(BusException.Kind.SHORT_READ));
        assertThat(mag.busErrors()).isEqualTo(1);
        assertThat(mag.healthy()).isFalse();
    }

    @Test
    void shouldFlagFrozenDataAsStuckAndRecoverWhenItMovesAgain() throws Exception {
        // Given a running magnetometer whose data registers freeze
        Ist8310 mag = Ist8310.probe(fake);
        mag.read(PERIOD, sink);
        fake.setFrozen(true);

        // When it is read 10 more times
        int delivered = 0;
        for (int i = 2; i <= 11; i++) {
            delivered += mag.read(i * PERIOD, sink);
        }

        // Then the 8th identical read and later ones are refused as stuck (reads 9, 10, 11)
        assertThat(mag.stuckReads()).isEqualTo(3);
        assertThat(delivered).isEqualTo(7);
        assertThat(mag.healthy()).isFalse();

        // and live data makes it healthy again (read 12 still collects the frozen measurement)
        fake.setFrozen(false);
        assertThat(mag.read(12 * PERIOD, sink)).isZero();
        assertThat(mag.read(13 * PERIOD, sink)).isEqualTo(1);
        assertThat(mag.healthy()).isTrue();
    }

    @Test
    void shouldRefuseAndCountAFieldBeyondTheDynamicRange() throws Exception {
        // Given a magnet near the sensor: 20 G on x, beyond +-1600 uT
        Ist8310 mag = Ist8310.probe(fake);
        fake.setFieldFrd(20.0, 0, 0.43);
        mag.read(PERIOD, sink); // collects the measurement triggered at probe, before the magnet

        // When the two measurements taken with the magnet are read
        int n = mag.read(2 * PERIOD, sink);
        fake.setFieldFrd(0.21, 0, 0.43);
        n += mag.read(3 * PERIOD, sink);

        // Then no sample, two saturated reads, and the error count carries them on the next good sample
        assertThat(n).isZero();
        assertThat(mag.saturatedReads()).isEqualTo(2);
        assertThat(mag.read(4 * PERIOD, sink)).isEqualTo(1);
        assertThat(last.errorCount).isEqualTo(2);
        assertThat(Ist8310.inRange(5334, -5334, -8334)).isTrue();
        assertThat(Ist8310.inRange(5335, 0, 0)).isFalse();
    }

    @Test
    void shouldRetriggerAndGoUnhealthyWhenNoMeasurementIsEverReady() throws Exception {
        // Given a chip that lost its trigger: DRDY stays clear
        Ist8310 mag = Ist8310.probe(fake);
        mag.read(PERIOD, sink);

        // When it is read while DRDY stays clear
        int delivered = 0;
        for (int i = 2; i < 2 + Ist8310.MAX_NOT_READY; i++) {
            fake.poke(0x02, 0);
            delivered += mag.read(i * PERIOD, sink);
        }

        // Then nothing is delivered, each read re-triggered, and the backend is unhealthy
        assertThat(delivered).isZero();
        assertThat(mag.notReadyReads()).isEqualTo(Ist8310.MAX_NOT_READY);
        assertThat(mag.healthy()).isFalse();
    }

    @Test
    void shouldNotAllocateWhileReading() throws Exception {
        // Given a probed backend
        Ist8310 mag = Ist8310.probe(fake);

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
