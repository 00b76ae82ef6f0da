package org.hoverla.hal.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Consumer;
import org.hoverla.hal.BatterySample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.fake.FakeAds1115;
import org.junit.jupiter.api.Test;

class Ads1115BatteryTest {
    private static final long PERIOD = Ads1115Battery.PERIOD_NS;

    private final FakeAds1115 fake = new FakeAds1115(1, 0x48, 5);
    private final BatterySample last = new BatterySample();
    private final Consumer<BatterySample> sink = last::copyFrom;

    @Test
    void shouldStartASingleShotConversionOfTheVoltageInputAtProbe() throws Exception {
        // Given a freshly powered ADS1115 (config 0x8583)
        // When probed with the default wiring
        Ads1115Battery monitor = Ads1115Battery.probe(fake);

        // Then config = OS | MUX 100 (AIN0-GND) | PGA 001 (+-4.096 V) | single-shot | DR 101 (250 SPS) | comparator off
        assertThat(fake.peekWord(1)).isEqualTo(0xC3A3);
        assertThat(monitor.chip()).isEqualTo("ads1115");
        assertThat(monitor.deviceId()).isEqualTo(1 | (1 << 3) | (0x48 << 8) | (0x90 << 16));
        assertThat(monitor.periodNs()).isEqualTo(10_000_000L);

        // and after the voltage conversion is collected, the current input AIN1 (MUX 101) is started
        monitor.read(PERIOD, sink);
        assertThat(fake.peekWord(1)).isEqualTo(0xD3A3);
    }

    @Test
    void shouldConvertCodesWithTheDatasheetFullScaleAndLsb() {
        // Given datasheet table 3: FSR +-4.096 V, LSB 125 uV; 7FFFh = +FS - 1 LSB, 8000h = -FS
        // When / Then
        assertThat(Ads1115Battery.codeToVolts(0x0001, 4.096)).isCloseTo(125e-6, within(1e-15));
        assertThat(Ads1115Battery.codeToVolts(0x7FFF, 4.096)).isCloseTo(4.095875, within(1e-12));
        assertThat(Ads1115Battery.codeToVolts(0x8000, 4.096)).isCloseTo(-4.096, within(1e-12));
        assertThat(Ads1115Battery.codeToVolts(0xFFFF, 2.048)).isCloseTo(-62.5e-6, within(1e-15));
        // and PX4's analog battery scaling: V_DIV times the input, (V - offset) times A_PER_V
        assertThat(Ads1115Battery.packVolts(1.0, 18.1)).isCloseTo(18.1, within(1e-12));
        assertThat(Ads1115Battery.amps(0.5, 0.1, 36.367515152)).isCloseTo(14.547006, within(1e-6));
    }

    @Test
    void shouldReadPackVoltageAndCurrentThroughTheWiring() throws Exception {
        // Given an exact 12.0 V pack drawing 10 A through the default module (18.1 divider, 36.37 A/V)
        fake.setNoise(0);
        fake.setBattery(12.0, 10.0);
        Ads1115Battery monitor = Ads1115Battery.probe(fake);

        // When the voltage and then the current conversion are collected
        assertThat(monitor.read(PERIOD, sink)).isZero();
        assertThat(monitor.read(2 * PERIOD, sink)).isEqualTo(1);

        // Then both are within half an LSB of the set values, scaled (125 uV x 18.1, 125 uV x 36.37)
        assertThat(last.voltageV).isCloseTo(12.0, within(0.5 * 125e-6 * 18.1));
        assertThat(last.currentA).isCloseTo(10.0, within(0.5 * 125e-6 * 36.367515152));
        // stamped at the first read (the voltage conversion started at probe, with no time known)
        assertThat(last.timestampSampleNs).isEqualTo(PERIOD);
    }

    @Test
    void shouldRoundTripTheDefaultPackWithinNoiseAndStampTheVoltageConversion() throws Exception {
        // Given the default fake: 16.0 V, 1.5 A
        Ads1115Battery monitor = Ads1115Battery.probe(fake);
        double v = 0;
        double a = 0;
        int n = 0;

        // When it is read 400 times (200 samples)
        for (int i = 1; i <= 400; i++) {
            if (monitor.read(i * PERIOD, sink) == 1) {
                n++;
                v += last.voltageV;
                a += last.currentA;
            }
        }

        // Then
        assertThat(n).isEqualTo(200);
        assertThat(v / n).isCloseTo(16.0, within(0.002));
        assertThat(a / n).isCloseTo(1.5, within(0.005));
        // the voltage conversion of the last sample started at read 398 (+2 ms, half of 4 ms)
        assertThat(last.timestampSampleNs).isEqualTo(398 * PERIOD + 2_000_000L);
        assertThat(monitor.healthy()).isTrue();
    }

    @Test
    void shouldMeasureVoltageOnlyWhenNoCurrentChannelIsWired() throws Exception {
        // Given voltage on AIN2 through a 10.1 divider and no current sensor
        fake.setNoise(0);
        fake.setInputVolts(2, 1.5);
        Ads1115Battery monitor = Ads1115Battery.probe(fake, 2, 10.1, -1, 0, 0);

        // When read once
        assertThat(monitor.read(PERIOD, sink)).isEqualTo(1);

        // Then every read is a sample, current unknown
        assertThat(fake.peekWord(1) >> 12 & 0x7).isEqualTo(0b110);
        assertThat(last.voltageV).isCloseTo(15.15, within(0.5 * 125e-6 * 10.1));
        assertThat(last.currentA).isNaN();
    }

    @Test
    void shouldAcceptAWarmRestartByTheThresholdResetValues() throws Exception {
        // Given a chip configured by an earlier run: config no longer at reset, thresholds untouched
        fake.pokeWord(1, 0xD3A3);

        // When / Then
        assertThat(Ads1115Battery.probe(fake).chip()).isEqualTo("ads1115");
    }

    @Test
    void shouldRefuseAChipWithoutTheResetValuesAndNameThem() {
        // Given another chip at 0x48 (e.g. an INA226's shunt/bus registers)
        fake.pokeWord(1, 0x0123);
        fake.pokeWord(2, 0x2570);
        fake.pokeWord(3, 0x0000);

        // When / Then
        assertThatThrownBy(() -> Ads1115Battery.probe(fake)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("ads1115 on i2c-1 address 0x48")
                .hasMessageContaining("config (0x01) read 0x0123, expected reset value 0x8583")
                .hasMessageContaining("thresholds read 0x2570/0x0000");
    }

    @Test
    void shouldReportAnAbsentChip() {
        fake.setPresent(false);
        assertThatThrownBy(() -> Ads1115Battery.probe(fake)).isInstanceOf(ProbeException.class)
                .hasMessageContaining("absent");
    }

    @Test
    void shouldRefuseImpossibleWiring() {
        assertThatThrownBy(() -> Ads1115Battery.probe(fake, 1, 18.1, 1, 36.0, 0))
                .isInstanceOf(ProbeException.class).hasMessageContaining("distinct inputs 0-3");
        assertThatThrownBy(() -> Ads1115Battery.probe(fake, 4, 18.1, -1, 0, 0))
                .isInstanceOf(ProbeException.class).hasMessageContaining("distinct inputs 0-3");
        assertThatThrownBy(() -> Ads1115Battery.probe(fake, 0, 0.0, -1, 0, 0))
                .isInstanceOf(ProbeException.class).hasMessageContaining("voltage scale 0.0");
        assertThatThrownBy(() -> Ads1115Battery.probe(fake, 0, 18.1, 1, Double.NaN, 0))
                .isInstanceOf(ProbeException.class).hasMessageContaining("amps per volt NaN");
    }

    @Test
    void shouldCountANackAndAShortReadMidRunAndRecover() throws Exception {
        // Given a running monitor
        Ads1115Battery monitor = Ads1115Battery.probe(fake);
        monitor.read(PERIOD, sink);
        monitor.read(2 * PERIOD, sink);

        // When a transfer is not acknowledged and the next read is short
        fake.nackNext(1);
        assertThatThrownBy(() -> monitor.read(3 * PERIOD, sink)).isInstanceOf(BusException.class);
        fake.shortReadNext(1);
        assertThatThrownBy(() -> monitor.read(4 * PERIOD, sink)).isInstanceOf(BusException.class);

        // Then both are counted, it is unhealthy, and the next complete cycle recovers
        assertThat(monitor.busErrors()).isEqualTo(2);
        assertThat(monitor.healthy()).isFalse();
        int n = monitor.read(5 * PERIOD, sink) + monitor.read(6 * PERIOD, sink);
        assertThat(n).isEqualTo(1);
        assertThat(monitor.healthy()).isTrue();
        assertThat(last.voltageV).isCloseTo(16.0, within(0.01));
    }

    @Test
    void shouldRestartALostConversionStartInsteadOfReadingAStaleResultAsTheNextChannel() throws Exception {
        // Given a chip that does not acknowledge the write starting the current conversion
        boolean[] nackWrite = {false};
        FakeAds1115 chip = new FakeAds1115(1, 0x48, 5) {
            @Override
            public void write(byte[] src, int offset, int len) throws BusException {
                if (nackWrite[0]) {
                    nackWrite[0] = false;
                    throw new BusException(BusException.Kind.NACK, "no acknowledge");
                }
                super.write(src, offset, len);
            }
        };
        Ads1115Battery monitor = Ads1115Battery.probe(chip);
        nackWrite[0] = true;

        // When the voltage is collected but the start of AIN1 is lost
        assertThatThrownBy(() -> monitor.read(PERIOD, sink)).isInstanceOf(BusException.class);

        // Then the next read restarts AIN1 and the one after delivers the real current, not the voltage code
        assertThat(monitor.read(2 * PERIOD, sink)).isZero();
        assertThat(chip.peekWord(1)).isEqualTo(0xD3A3);
        assertThat(monitor.read(3 * PERIOD, sink)).isEqualTo(1);
        assertThat(last.currentA).isCloseTo(1.5, within(0.02));
        assertThat(last.voltageV).isCloseTo(16.0, within(0.01));
    }

    @Test
    void shouldWaitForARunningConversionAndGoUnhealthyWhenItNeverEnds() throws Exception {
        // Given a running monitor whose conversions take one extra poll
        Ads1115Battery monitor = Ads1115Battery.probe(fake);
        fake.setBusyReads(1);
        int n = 0;
        for (int i = 1; i <= 8; i++) {
            n += monitor.read(i * PERIOD, sink);
        }
        assertThat(n).isEqualTo(2);
        assertThat(monitor.healthy()).isTrue();

        // When conversions stop finishing
        fake.setBusyReads(1000);
        monitor.read(9 * PERIOD, sink); // collects the last finished one, starts a never-ending one
        int delivered = 0;
        for (int i = 10; i < 10 + Ads1115Battery.MAX_NOT_READY; i++) {
            delivered += monitor.read(i * PERIOD, sink);
        }

        // Then nothing is delivered and it is unhealthy
        assertThat(delivered).isZero();
        assertThat(monitor.healthy()).isFalse();
    }

    @Test
    void shouldFlagAFrozenConversionRegisterAsStuck() throws Exception {
        // Given a voltage-only monitor whose conversion register freezes
        Ads1115Battery monitor = Ads1115Battery.probe(fake, 0, 18.1, -1, 0, 0);
        monitor.read(PERIOD, sink);
        fake.setFrozen(true);

        // When it is read 54 more times
        int delivered = 0;
        for (int i = 2; i <= 55; i++) {
            delivered += monitor.read(i * PERIOD, sink);
        }

        // Then (read 2 collects the conversion started before the freeze) the 50th identical code,
        // at read 51, and later ones are refused as stuck
        assertThat(delivered).isEqualTo(49);
        assertThat(monitor.stuckReads()).isEqualTo(5);
        assertThat(monitor.healthy()).isFalse();

        // and live codes recover (read 56 still collects a conversion made while frozen)
        fake.setFrozen(false);
        assertThat(monitor.read(56 * PERIOD, sink)).isZero();
        assertThat(monitor.read(57 * PERIOD, sink)).isEqualTo(1);
        assertThat(monitor.healthy()).isTrue();
    }

    @Test
    void shouldFlagAnInputAtFullScale() throws Exception {
        // Given a voltage-only monitor whose input is driven beyond +4.096 V (a wrong divider)
        fake.setInputVolts(0, 5.0);
        Ads1115Battery monitor = Ads1115Battery.probe(fake, 0, 18.1, -1, 0, 0);

        // When read
        assertThat(monitor.read(PERIOD, sink)).isEqualTo(1);

        // Then it is delivered at the clamp but counted as saturated
        assertThat(last.voltageV).isCloseTo(4.095875 * 18.1, within(1e-9));
        assertThat(monitor.saturatedReads()).isEqualTo(1);
        assertThat(last.errorCount).isEqualTo(1);
    }

    @Test
    void shouldNotAllocateWhileReading() throws Exception {
        // Given a probed backend
        Ads1115Battery monitor = Ads1115Battery.probe(fake);

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
