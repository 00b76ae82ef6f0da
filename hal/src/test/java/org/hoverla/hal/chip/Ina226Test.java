package org.hoverla.hal.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Consumer;
import org.hoverla.hal.BatterySample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.fake.FakeIna226;
import org.junit.jupiter.api.Test;

class Ina226Test {
    private static final long PERIOD = Ina226.PERIOD_NS;

    private final FakeIna226 fake = new FakeIna226(1, 0x41, 11);
    private final BatterySample last = new BatterySample();
    private final Consumer<BatterySample> sink = last::copyFrom;

    @Test
    void shouldReproduceTheDatasheetConfigureMeasureCalculateExample() throws Exception {
        // Given datasheet table 1: 2 mOhm shunt, 10 A load, 11.98 V bus, Current_LSB 1 mA (max 32.768 A)
        fake.setShuntOhm(0.002);
        fake.setBattery(11.98, 10.0);
        fake.setNoise(0, 0);
        Ina226 monitor = Ina226.probe(fake, 0.002, 32.768);

        // When one conversion is read
        assertThat(monitor.read(PERIOD, sink)).isEqualTo(1);

        // Then the registers are the table's: CAL 0A00h, shunt 1F40h, bus 2570h, current 2710h, power 12B8h
        assertThat(monitor.calibration()).isEqualTo(0x0A00);
        assertThat(fake.peekWord(0x05)).isEqualTo(0x0A00);
        assertThat(fake.peekWord(0x01)).isEqualTo(0x1F40);
        assertThat(fake.peekWord(0x02)).isEqualTo(0x2570);
        assertThat(fake.peekWord(0x04)).isEqualTo(0x2710);
        assertThat(fake.peekWord(0x03)).isEqualTo(0x12B8);
        // and the sample is 11.98 V and 10 A
        assertThat(last.voltageV).isCloseTo(11.98, within(1e-9));
        assertThat(last.currentA).isCloseTo(10.0, within(1e-9));
        assertThat(Ina226.calibrationValue(0.001, 0.002)).isEqualTo(2560);
        assertThat(Ina226.busVolts(0x2570)).isCloseTo(11.98, within(1e-12));
        assertThat(Ina226.currentAmps(0xD8F0, 0.001)).isCloseTo(-10.0, within(1e-12));
    }

    @Test
    void shouldWriteTheConfigurationAndTheCalibrationFromShuntAndMaximumCurrentAtProbe() throws Exception {
        // Given PX4's defaults: 500 uOhm shunt, 163.84 A (81.92 mV full scale)
        // When probed
        Ina226 monitor = Ina226.probe(fake);

        // Then 16 averages, 1.1 ms bus and shunt conversions, continuous shunt and bus = 0x4527
        assertThat(fake.peekWord(0x00)).isEqualTo(0x4527);
        // and CAL = 0.00512 / (163.84 A / 2^15 * 0.0005 ohm) = 2048, Current_LSB 5 mA
        assertThat(fake.peekWord(0x05)).isEqualTo(2048);
        assertThat(monitor.currentLsbA()).isCloseTo(0.005, within(1e-12));
        assertThat(monitor.chip()).isEqualTo("ina226");
        assertThat(monitor.deviceId()).isEqualTo(1 | (1 << 3) | (0x41 << 8) | (0xD0 << 16));
    }

    @Test
    void shouldRoundTripTheDefaultPackWithinNoise() throws Exception {
        // Given the default fake: 16.0 V, 1.5 A
        Ina226 monitor = Ina226.probe(fake);
        double v = 0;
        double a = 0;

        // When 200 conversions are read
        for (int i = 1; i <= 200; i++) {
            assertThat(monitor.read(i * PERIOD, sink)).isEqualTo(1);
            v += last.voltageV;
            a += last.currentA;
        }

        // Then
        assertThat(v / 200).isCloseTo(16.0, within(0.001));
        assertThat(a / 200).isCloseTo(1.5, within(0.005));
        assertThat(last.timestampSampleNs).isEqualTo(200 * PERIOD - PERIOD / 2 - 17_600_000L);
        assertThat(monitor.healthy()).isTrue();
    }

    @Test
    void shouldRefuseAWrongManufacturerIdAndNameBothIds() {
        // Given another chip at the address
        fake.pokeWord(0xFE, 0x0000);

        // When / Then
        assertThatThrownBy(() -> Ina226.probe(fake)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("ina226 on i2c-1 address 0x41")
                .hasMessageContaining("manufacturer id (0xFE) read 0x0000")
                .hasMessageContaining("expected 0x5449 and 0x2260");
    }

    @Test
    void shouldAcceptAnotherDieRevision() throws Exception {
        // Given die id 0x2261 (revision 1)
        fake.pokeWord(0xFF, 0x2261);

        // When / Then
        assertThat(Ina226.probe(fake).chip()).isEqualTo("ina226");
    }

    @Test
    void shouldReportAnAbsentChip() {
        fake.setPresent(false);
        assertThatThrownBy(() -> Ina226.probe(fake)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("absent");
    }

    @Test
    void shouldRefuseAMaximumCurrentBeyondTheShuntRange() {
        // Given 200 A on a 500 uOhm shunt = 100 mV > 81.92 mV
        // When / Then
        assertThatThrownBy(() -> Ina226.probe(fake, 0.0005, 200.0)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("beyond the shunt ADC's 81.92 mV").hasMessageContaining("at most 163.84 A");
    }

    @Test
    void shouldRefuseACalibrationThatDoesNotFitFifteenBits() {
        // Given a 1 uOhm shunt and 10 mA maximum: CAL would be ~1.7e10
        // When / Then
        assertThatThrownBy(() -> Ina226.probe(fake, 1e-6, 0.01)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("15-bit calibration register");
        assertThatThrownBy(() -> Ina226.probe(fake, Double.NaN, 10)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("positive and finite");
    }

    @Test
    void shouldCountANackAndAShortReadMidRunAndRecover() throws Exception {
        // Given a running monitor
        Ina226 monitor = Ina226.probe(fake);
        monitor.read(PERIOD, sink);

        // When a transfer is not acknowledged and the next is short
        fake.nackNext(1);
        assertThatThrownBy(() -> monitor.read(2 * PERIOD, sink)).isInstanceOf(BusException.class);
        fake.shortReadNext(1);
        assertThatThrownBy(() -> monitor.read(3 * PERIOD, sink)).isInstanceOf(BusException.class);

        // Then both are counted, it is unhealthy, and a good read recovers
        assertThat(monitor.busErrors()).isEqualTo(2);
        assertThat(monitor.healthy()).isFalse();
        assertThat(monitor.read(4 * PERIOD, sink)).isEqualTo(1);
        assertThat(monitor.healthy()).isTrue();
    }

    @Test
    void shouldFlagFrozenResultsAsStuck() throws Exception {
        // Given a running monitor whose result registers freeze
        Ina226 monitor = Ina226.probe(fake);
        monitor.read(PERIOD, sink);
        fake.setFrozen(true);

        // When 104 more conversions are read
        int delivered = 0;
        for (int i = 2; i <= 105; i++) {
            delivered += monitor.read(i * PERIOD, sink);
        }

        // Then the 100th identical conversion and later ones are refused as stuck
        assertThat(delivered).isEqualTo(98);
        assertThat(monitor.stuckReads()).isEqualTo(6);
        assertThat(monitor.healthy()).isFalse();

        // and live results recover
        fake.setFrozen(false);
        assertThat(monitor.read(106 * PERIOD, sink)).isEqualTo(1);
        assertThat(monitor.healthy()).isTrue();
    }

    @Test
    void shouldFlagACurrentBeyondTheShuntRange() throws Exception {
        // Given a running monitor and then a 200 A burst on the 500 uOhm shunt (100 mV)
        Ina226 monitor = Ina226.probe(fake);
        fake.setBattery(15.2, 200.0);

        // When the conversion is read
        assertThat(monitor.read(PERIOD, sink)).isEqualTo(1);

        // Then it is delivered at the clamp (163.8 A) and counted as saturated
        assertThat(last.currentA).isCloseTo(163.835, within(1e-9));
        assertThat(monitor.saturatedReads()).isEqualTo(1);
        assertThat(last.errorCount).isEqualTo(1);
    }

    @Test
    void shouldGoUnhealthyWhenConversionsStop() throws Exception {
        // Given a running monitor that is switched to shutdown mode (e.g. reset by a brown-out)
        Ina226 monitor = Ina226.probe(fake);
        monitor.read(PERIOD, sink);
        fake.pokeWord(0x00, 0x4120);

        // When it is polled
        int delivered = 0;
        for (int i = 2; i < 2 + Ina226.MAX_NOT_READY; i++) {
            delivered += monitor.read(i * PERIOD, sink);
        }

        // Then
        assertThat(delivered).isZero();
        assertThat(monitor.healthy()).isFalse();
    }

    @Test
    void shouldNotAllocateWhileReading() throws Exception {
        // Given a probed backend
        Ina226 monitor = Ina226.probe(fake);

        // When it is read 10 000 times after a warm-up
        long allocated = ReadAllocation.bytesPer10000Reads(monitor, sink, PERIOD);

        // Then nothing was allocated (the fake's noise generator included)
        assertThat(allocated).isZero();
        // and 50 000 reads (minutes of a fake board) never looked stuck or unhealthy
        assertThat(monitor.stuckReads()).isZero();
        assertThat(monitor.busErrors()).isZero();
        assertThat(monitor.healthy()).isTrue();
    }
}
