package org.hoverla.hal.chip;

import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.GpioOutput;
import org.hoverla.hal.bus.I2cDevice;

import java.util.concurrent.locks.LockSupport;

/**
 * NXP PCA9685 16-channel, 12-bit PWM controller on I2C, driving ESCs with servo-style pulses.
 * Register map and procedures from the NXP PCA9685 product data sheet, Rev. 4 (16 April 2015):
 * §7.3 register map (Table 4), §7.3.1 MODE1 (Table 5), §7.3.2 MODE2 (Table 6), §7.3.3 LED
 * output and PWM control (LEDn_ON/OFF, full-on/full-off bits), §7.3.5 PWM frequency PRE_SCALE,
 * §7.3.1.1 restart mode, §7.4 active-low output enable. Cross-checked against PX4's
 * {@code src/drivers/pca9685_pwm_out/PCA9685.h} register constants.
 *
 * <p>Identity: the chip has no id register. {@link #probe} therefore brings the chip to its
 * power-up register state and checks it answers like a PCA9685: MODE1 reads back its reset value
 * (0x11 = SLEEP | ALLCALL) after the driver writes it, and PRE_SCALE (writable only while asleep)
 * reads back what was written. Another chip at 0x40 (INA219/INA226, HTU21D, Si7021) fails one of
 * the two. The datasheet's SWRST (§7.6) is a general-call transaction to address 0x00, which would
 * also reset every other device on the bus that honours it; the driver writes the reset state
 * explicitly instead.
 *
 * <p>Pulses: channel n is high from count 0 (LEDn_ON = 0) to count LEDn_OFF of a 4096-count
 * period at the frequency PRE_SCALE selects. Width 0 sets the channel's full-off bit (no pulse).
 * Counts are computed from the actual frequency the prescaler gives (25 MHz / (4096 × (PRE_SCALE+1))),
 * not the requested one, so a 1000 µs pulse stays 1000 µs whatever rounding the prescaler did.
 *
 * <p>Thread: one driver thread. {@link #writePulsesUs} is one burst write of 4 × count bytes from a
 * preallocated buffer (MODE1 auto-increment): no allocation after probe.
 */
public final class Pca9685 implements PwmOutput {
    public static final String CHIP = "pca9685";
    public static final int DEFAULT_ADDRESS = 0x40;
    public static final int CHANNELS = 16;

    // Register map, datasheet §7.3 Table 4.
    static final int MODE1 = 0x00;
    static final int MODE2 = 0x01;
    static final int ALLCALLADR = 0x05;
    static final int LED0_ON_L = 0x06;
    static final int ALL_LED_OFF_H = 0xFD;
    static final int PRE_SCALE = 0xFE;

    // MODE1 bits, §7.3.1 Table 5.
    static final int MODE1_RESTART = 0x80;
    static final int MODE1_EXTCLK = 0x40;
    static final int MODE1_AI = 0x20;
    static final int MODE1_SLEEP = 0x10;
    static final int MODE1_ALLCALL = 0x01;
    /** MODE1 power-up value (Table 5): SLEEP and ALLCALL set. */
    static final int MODE1_RESET = MODE1_SLEEP | MODE1_ALLCALL;

    // MODE2 bits, §7.3.2 Table 6: OUTDRV = totem-pole outputs (drive ESC signal lines directly);
    // OUTNE = 00: outputs low while OE is high, so a disabled output never looks like a pulse.
    static final int MODE2_OUTDRV = 0x04;

    /** Full-on / full-off bit in LEDn_ON_H / LEDn_OFF_H (§7.3.3); full-off wins. */
    static final int LED_FULL = 0x10;

    /** Internal oscillator (§7.3.5): 25 MHz. */
    public static final double OSCILLATOR_HZ = 25_000_000.0;
    /** PRE_SCALE limits (§7.3.5): 3 → 1526 Hz, 255 → 24 Hz. */
    static final int PRESCALE_MIN = 3;
    static final int PRESCALE_MAX = 255;
    /** The oscillator needs 500 µs to start after SLEEP is cleared (§7.3.1.1, restart step 3). */
    private static final long OSCILLATOR_START_NS = 500_000L;

    private final I2cDevice dev;
    private final GpioOutput outputEnable;
    private final byte[] burst = new byte[1 + 4 * CHANNELS];
    private final byte[] one = new byte[1];
    private int prescale;
    private boolean enabled;
    /** Last pulses written (µs), replayed when outputs come back on without an OE line. */
    private final int[] lastPulsesUs = new int[CHANNELS];
    private int lastCount;

    private Pca9685(I2cDevice dev, GpioOutput outputEnable) {
        this.dev = dev;
        this.outputEnable = outputEnable;
    }

    /**
     * {@link #probe(I2cDevice, GpioOutput, double)} at 50 Hz, the frequency every servo-style ESC
     * accepts, until {@link #setFrequencyHz} is called.
     */
    public static Pca9685 probe(I2cDevice dev, GpioOutput outputEnableOrNull) throws ProbeException {
        return probe(dev, outputEnableOrNull, 50.0);
    }

    /**
     * Brings the chip up with outputs disabled and every channel full-off, checks it behaves as a
     * PCA9685 (see the class comment), sets the frequency and wakes the oscillator.
     *
     * @param outputEnableOrNull the GPIO wired to the active-low OE pin, or null (then disabling
     *                           sets every channel full-off)
     * @throws ProbeException absent (NACK), not a PCA9685 (read-back mismatch), or a bus error
     */
    public static Pca9685 probe(I2cDevice dev, GpioOutput outputEnableOrNull, double initialHz) throws ProbeException {
        String where = CHIP + " on i2c-" + dev.bus() + " 0x" + Integer.toHexString(dev.address());
        Pca9685 chip = new Pca9685(dev, outputEnableOrNull);
        try {
            if (outputEnableOrNull != null) {
                outputEnableOrNull.set(true); // OE is active-low: high = outputs off, first of all
            }
            // Power-up state (§7.3.1 Table 5, §7.3.2 Table 6), asleep: the oscillator is off, so no
            // pulse can leave the chip whatever the LED registers held from a previous run.
            dev.writeRegister(MODE1, MODE1_RESET);
            dev.writeRegister(MODE2, MODE2_OUTDRV);
            int mode1 = chip.readRegister(MODE1) & ~MODE1_RESTART; // RESTART reflects the previous run
            if (mode1 != MODE1_RESET) {
                throw new ProbeException(where + ": not a PCA9685: MODE1 read 0x" + Integer.toHexString(mode1)
                        + " after writing its reset value 0x" + Integer.toHexString(MODE1_RESET));
            }
            // Every channel full-off (ALL_LED_OFF_H full-off bit, §7.3.4), then auto-increment on.
            dev.writeRegister(ALL_LED_OFF_H, LED_FULL);
            dev.writeRegister(MODE1, MODE1_RESET | MODE1_AI);
            int wanted = prescaleFor(initialHz);
            dev.writeRegister(PRE_SCALE, wanted);
            int readBack = chip.readRegister(PRE_SCALE);
            if (readBack != wanted) {
                throw new ProbeException(where + ": not a PCA9685: PRE_SCALE read " + readBack + " after writing "
                        + wanted + " in sleep mode");
            }
            chip.prescale = wanted;
            chip.wake();
        } catch (BusException e) {
            if (e.kind() == BusException.Kind.NACK) {
                throw new ProbeException(where + ": absent (no acknowledge)", e);
            }
            throw new ProbeException(where + ": bus error at probe: " + e.getMessage(), e);
        }
        return chip;
    }

    /**
     * PRE_SCALE for a PWM frequency (§7.3.5, equation 1): round(25 MHz / (4096 × f)) − 1, clamped to
     * the chip's 3..255.
     */
    public static int prescaleFor(double hz) {
        if (!(hz > 0.0) || Double.isInfinite(hz)) {
            throw new IllegalArgumentException("PWM frequency must be a positive number of Hz: " + hz);
        }
        long value = Math.round(OSCILLATOR_HZ / (4096.0 * hz)) - 1;
        return (int) Math.max(PRESCALE_MIN, Math.min(PRESCALE_MAX, value));
    }

    /** The frequency a PRE_SCALE value gives: 25 MHz / (4096 × (prescale + 1)). */
    public static double frequencyHz(int prescale) {
        return OSCILLATOR_HZ / (4096.0 * (prescale + 1));
    }

    /** 12-bit OFF count for a pulse width at a PRE_SCALE value; one count is (prescale+1)/25 µs. */
    public static int countsFor(int pulseUs, int prescale) {
        long counts = Math.round(pulseUs * (OSCILLATOR_HZ / 1e6) / (prescale + 1));
        return (int) Math.max(0, Math.min(4095, counts));
    }

    @Override
    public String chip() {
        return CHIP;
    }

    @Override
    public int channels() {
        return CHANNELS;
    }

    /** Current PRE_SCALE register value. */
    public int prescale() {
        return prescale;
    }

    /** The actual PWM frequency (Hz), after the prescaler's rounding. */
    public double actualFrequencyHz() {
        return frequencyHz(prescale);
    }

    /**
     * PRE_SCALE is writable only in SLEEP (§7.3.5): sleep, write, then the restart procedure
     * (§7.3.1.1). Pulses are stopped for about 0.5 ms while the oscillator restarts.
     */
    @Override
    public void setFrequencyHz(double hz) throws BusException {
        int wanted = prescaleFor(hz);
        if (wanted == prescale) {
            return;
        }
        dev.writeRegister(MODE1, MODE1_AI | MODE1_ALLCALL | MODE1_SLEEP);
        dev.writeRegister(PRE_SCALE, wanted);
        prescale = wanted;
        wake();
        // The LED registers hold counts of the old period: rewrite them so the widths stay in µs.
        if (lastCount > 0 && (outputEnable != null || enabled)) {
            burstWrite(lastPulsesUs, lastCount);
        }
    }

    @Override
    public void writePulsesUs(int[] pulsesUs, int count) throws BusException {
        if (count < 0 || count > CHANNELS) {
            throw new IllegalArgumentException("channel count " + count + " outside 0.." + CHANNELS);
        }
        System.arraycopy(pulsesUs, 0, lastPulsesUs, 0, count);
        lastCount = Math.max(lastCount, count);
        if (outputEnable == null && !enabled) {
            return; // no OE line: the channels stay full-off until enabled, which replays these
        }
        burstWrite(lastPulsesUs, count);
    }

    @Override
    public void setOutputsEnabled(boolean on) throws BusException {
        if (outputEnable != null) {
            outputEnable.set(!on); // active-low (§7.4)
        } else if (on) {
            burstWrite(lastPulsesUs, lastCount);
        } else {
            dev.writeRegister(ALL_LED_OFF_H, LED_FULL);
        }
        enabled = on;
    }

    public boolean outputsEnabled() {
        return enabled;
    }

    private void burstWrite(int[] pulsesUs, int count) throws BusException {
        if (count == 0) {
            return;
        }
        byte[] b = burst;
        b[0] = (byte) LED0_ON_L;
        for (int ch = 0; ch < count; ch++) {
            int i = 1 + 4 * ch;
            int pulse = pulsesUs[ch];
            b[i] = 0;     // LEDn_ON_L: rising edge at count 0
            b[i + 1] = 0; // LEDn_ON_H
            if (pulse <= 0) {
                b[i + 2] = 0;
                b[i + 3] = (byte) LED_FULL; // full off: no pulse at all
            } else {
                int off = countsFor(pulse, prescale);
                b[i + 2] = (byte) (off & 0xFF);
                b[i + 3] = (byte) ((off >> 8) & 0x0F);
            }
        }
        dev.write(b, 0, 1 + 4 * count);
    }

    /** Restart procedure (§7.3.1.1): clear SLEEP, wait for the oscillator, then set RESTART. */
    private void wake() throws BusException {
        dev.writeRegister(MODE1, MODE1_AI | MODE1_ALLCALL);
        long deadline = System.nanoTime() + OSCILLATOR_START_NS;
        for (long left = OSCILLATOR_START_NS; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left); // may return early: loop to the deadline
        }
        dev.writeRegister(MODE1, MODE1_AI | MODE1_ALLCALL | MODE1_RESTART);
    }

    /**
     * Production test (boot thread, not the output path): reads channel {@code channel}'s four LED
     * registers back (§7.3.3) and returns the pulse they hold in counts of 4096 per period, or
     * {@link #FULL_OFF} when the channel is full-off (no pulse), {@code 4096} when full-on.
     */
    public int readBackCounts(int channel) throws BusException {
        if (channel < 0 || channel >= CHANNELS) {
            throw new IllegalArgumentException("channel " + channel + " outside 0.." + (CHANNELS - 1));
        }
        byte[] b = new byte[4];
        dev.readRegisters(LED0_ON_L + 4 * channel, b, 0, 4);
        if ((b[3] & LED_FULL) != 0) {
            return FULL_OFF;
        }
        if ((b[1] & LED_FULL) != 0) {
            return 4096;
        }
        int on = (b[0] & 0xFF) | ((b[1] & 0x0F) << 8);
        int off = (b[2] & 0xFF) | ((b[3] & 0x0F) << 8);
        return (off - on) & 0xFFF;
    }

    /** {@link #readBackCounts} of a full-off channel. */
    public static final int FULL_OFF = -1;

    /** Pulse width of {@code counts} at {@code prescale}, µs (inverse of {@link #countsFor}, to the count's resolution). */
    public static double pulseUsFor(int counts, int prescale) {
        return counts * (prescale + 1) / (OSCILLATOR_HZ / 1e6);
    }

    private int readRegister(int register) throws BusException {
        dev.readRegisters(register, one, 0, 1);
        return one[0] & 0xFF;
    }
}
