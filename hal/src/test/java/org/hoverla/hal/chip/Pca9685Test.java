package org.hoverla.hal.chip;

import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.fake.FakePca9685;
import org.hoverla.hal.fake.RegisterFileI2c;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class Pca9685Test {
    private final FakePca9685 fake = new FakePca9685(1, 0x40, 1L);

    @Test
    void shouldComputeTheDatasheetPrescaleValues() {
        // Given/When/Then: §7.3.5's example, 200 Hz → PRE_SCALE 30 (0x1E), the power-up value; and
        // the limits 1526 Hz → 3 and 23.84 Hz → 255.
        assertThat(Pca9685.prescaleFor(200.0)).isEqualTo(0x1E);
        assertThat(Pca9685.prescaleFor(1526.0)).isEqualTo(3);
        assertThat(Pca9685.prescaleFor(23.84)).isEqualTo(255);
        assertThat(Pca9685.prescaleFor(20.0)).as("clamped").isEqualTo(255);
        assertThat(Pca9685.prescaleFor(50.0)).isEqualTo(121);
        assertThat(Pca9685.prescaleFor(400.0)).isEqualTo(14);
        assertThat(Pca9685.prescaleFor(5000.0)).isEqualTo(3);
        assertThatThrownBy(() -> Pca9685.prescaleFor(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldLeaveTheChipAwakeWithEveryChannelOffAndOutputsDisabledAfterProbe() throws Exception {
        // Given a chip whose OE line floats low (enabled) at power-up
        fake.setOutputEnablePinHigh(false);

        // When probed
        Pca9685 chip = Pca9685.probe(fake, fake.outputEnablePin());

        // Then the datasheet's registers are set: auto-increment, ALLCALL, awake, RESTART cleared;
        // totem-pole outputs; PRE_SCALE for 50 Hz; every channel full-off; OE high
        assertThat(fake.peek(0x00)).isEqualTo(0x21);
        assertThat(fake.peek(0x01)).isEqualTo(0x04);
        assertThat(fake.peek(0xFE)).isEqualTo(121);
        assertThat(fake.prescaleWritesIgnored()).isZero();
        for (int ch = 0; ch < 16; ch++) {
            assertThat(fake.peek(0x09 + 4 * ch) & 0x10).as("LED%d_OFF_H full-off", ch).isEqualTo(0x10);
            assertThat(fake.pulseUs(ch)).isZero();
        }
        assertThat(fake.outputEnablePinHigh()).isTrue();
        assertThat(chip.outputsEnabled()).isFalse();
        assertThat(chip.actualFrequencyHz()).isCloseTo(50.0, within(0.5));
        assertThat(chip.chip()).isEqualTo("pca9685");
        assertThat(chip.channels()).isEqualTo(16);
    }

    @Test
    void shouldOutputTheRequestedPulseWidthsOnlyOnceEnabled() throws Exception {
        // Given a probed chip at 400 Hz
        Pca9685 chip = Pca9685.probe(fake, fake.outputEnablePin());
        chip.setFrequencyHz(400.0);
        int[] pulses = {1000, 1500, 2000, 0};

        // When pulses are written while outputs are disabled
        chip.writePulsesUs(pulses, 4);

        // Then no ESC sees a pulse
        assertThat(fake.pulseUs(0)).isZero();

        // When outputs are enabled
        chip.setOutputsEnabled(true);

        // Then each ESC sees its width within one count (0.6 µs at 400 Hz), and width 0 is full-off
        assertThat(fake.pulseUs(0)).isCloseTo(1000, within(1));
        assertThat(fake.pulseUs(1)).isCloseTo(1500, within(1));
        assertThat(fake.pulseUs(2)).isCloseTo(2000, within(1));
        assertThat(fake.pulseUs(3)).isZero();
        assertThat(fake.peek(0x06 + 4 * 3 + 3) & 0x10).isEqualTo(0x10);
        assertThat(fake.outputsEnabled()).isTrue();
    }

    @Test
    void shouldChangeFrequencyOnlyThroughSleepAndKeepPulseWidths() throws Exception {
        // Given a chip running 1500 µs pulses at 50 Hz
        Pca9685 chip = Pca9685.probe(fake, fake.outputEnablePin());
        chip.writePulsesUs(new int[] {1500}, 1);
        chip.setOutputsEnabled(true);
        assertThat(fake.pulseUs(0)).isCloseTo(1500, within(7));

        // When the frequency changes to 400 Hz
        chip.setFrequencyHz(400.0);

        // Then PRE_SCALE was written in sleep (the chip took it), the oscillator runs again with
        // RESTART cleared, and the width is still 1500 µs
        assertThat(fake.prescaleWritesIgnored()).isZero();
        assertThat(fake.peek(0xFE)).isEqualTo(14);
        assertThat(fake.asleep()).isFalse();
        assertThat(fake.peek(0x00) & 0x80).isZero();
        assertThat(fake.frequencyHz()).isCloseTo(406.9, within(0.1));
        assertThat(fake.pulseUs(0)).isCloseTo(1500, within(1));
    }

    @Test
    void shouldSwitchChannelsFullOffWhenDisabledWithoutAnOutputEnableLine() throws Exception {
        // Given a chip without an OE line, enabled with 1200 µs on channel 0
        Pca9685 chip = Pca9685.probe(fake, null);
        chip.writePulsesUs(new int[] {1200}, 1);
        assertThat(fake.pulseUs(0)).as("not enabled yet").isZero();
        chip.setOutputsEnabled(true);
        assertThat(fake.pulseUs(0)).isCloseTo(1200, within(7));

        // When disabled, then written again
        chip.setOutputsEnabled(false);
        chip.writePulsesUs(new int[] {1800}, 1);

        // Then nothing leaves the chip until enabled, which replays the latest widths
        assertThat(fake.pulseUs(0)).isZero();
        chip.setOutputsEnabled(true);
        assertThat(fake.pulseUs(0)).isCloseTo(1800, within(7));
    }

    @Test
    void shouldReportAnAbsentChip() {
        // Given nothing at the address
        fake.setPresent(false);

        // When/Then
        assertThatThrownBy(() -> Pca9685.probe(fake, null))
                .isInstanceOf(ProbeException.class)
                .hasMessageContaining("pca9685 on i2c-1 0x40")
                .hasMessageContaining("absent");
    }

    @Test
    void shouldRefuseAChipWhoseMode1DoesNotReadBack() {
        // Given an INA226 at 0x40: register 0x00 is its 16-bit configuration (MSB 0x41)
        RegisterFileI2c ina226 = new RegisterFileI2c(1, 0x40) {
            @Override
            protected int readByte(int register) {
                return register == 0x00 ? 0x41 : register == 0xFE ? 0x54 : 0;
            }
        };

        // When/Then
        assertThatThrownBy(() -> Pca9685.probe(ina226, null))
                .isInstanceOf(ProbeException.class)
                .hasMessageContaining("not a PCA9685")
                .hasMessageContaining("MODE1 read 0x41");
    }

    @Test
    void shouldRefuseAChipWhosePrescaleDoesNotReadBack() {
        // Given a chip whose MODE1 happens to read back but whose 0xFE is a fixed id (INA226: 0x54)
        RegisterFileI2c other = new RegisterFileI2c(1, 0x40) {
            @Override
            protected int readByte(int register) {
                return register == 0xFE ? 0x54 : super.readByte(register);
            }
        };

        // When/Then
        assertThatThrownBy(() -> Pca9685.probe(other, null))
                .isInstanceOf(ProbeException.class)
                .hasMessageContaining("PRE_SCALE read 84 after writing 121");
    }

    @Test
    void shouldReportAShortReadAtProbeAsABusError() {
        fake.shortReadNext(1);
        assertThatThrownBy(() -> Pca9685.probe(fake, null))
                .isInstanceOf(ProbeException.class)
                .hasMessageContaining("bus error");
    }

    @Test
    void shouldThrowANackMidRunAndRecoverAtTheNextWrite() throws Exception {
        // Given a running chip
        Pca9685 chip = Pca9685.probe(fake, fake.outputEnablePin());
        chip.setOutputsEnabled(true);

        // When the next transfer is not acknowledged
        fake.nackNext(1);

        // Then the write throws a NACK BusException, and the next write goes through
        assertThatThrownBy(() -> chip.writePulsesUs(new int[] {1100}, 1))
                .isInstanceOf(BusException.class)
                .extracting(e -> ((BusException) e).kind()).isEqualTo(BusException.Kind.NACK);
        chip.writePulsesUs(new int[] {1100}, 1);
        assertThat(fake.pulseUs(0)).isCloseTo(1100, within(7));
    }

    @Test
    void shouldRecordEveryPulseChangeInTheFake() throws Exception {
        // Given a recording fake on a test clock
        long[] now = {0};
        fake.setClock(() -> now[0]);
        fake.recordHistory(true);
        Pca9685 chip = Pca9685.probe(fake, fake.outputEnablePin());
        chip.setOutputsEnabled(true);

        // When two widths are written at t = 1 s and t = 2 s
        now[0] = 1_000_000_000L;
        chip.writePulsesUs(new int[] {1000, 1000}, 2);
        now[0] = 2_000_000_000L;
        chip.writePulsesUs(new int[] {1000, 2000}, 2);

        // Then the history holds exactly those changes
        assertThat(fake.history()).extracting(FakePca9685.PulseChange::timeNs, FakePca9685.PulseChange::channel)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1_000_000_000L, 0),
                        org.assertj.core.groups.Tuple.tuple(1_000_000_000L, 1),
                        org.assertj.core.groups.Tuple.tuple(2_000_000_000L, 1));
        assertThat(fake.history().get(2).pulseUs()).isCloseTo(2000, within(7));
    }

    @Test
    void shouldNotAllocateWhenWritingPulses() throws Exception {
        // Given a running chip and alternating pulse sets
        Pca9685 chip = Pca9685.probe(fake, fake.outputEnablePin());
        chip.setOutputsEnabled(true);
        int[] a = {1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700};
        int[] b = {2000, 1900, 1800, 1700, 1600, 1500, 1400, 1300};
        for (int i = 0; i < 20_000; i++) {
            chip.writePulsesUs((i & 1) == 0 ? a : b, 8);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();

        // When 3 × 10 000 writes run
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 3; window++) {
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) {
                chip.writePulsesUs((i & 1) == 0 ? a : b, 8);
            }
            fewest = Math.min(fewest, mx.getThreadAllocatedBytes(tid) - before);
        }

        // Then nothing was allocated (fewest window: a one-off JIT deoptimisation is not per call)
        assertThat(fewest).isZero();
    }
}
