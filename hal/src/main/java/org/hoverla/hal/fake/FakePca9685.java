package org.hoverla.hal.fake;

import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.GpioOutput;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A PCA9685 PWM controller as a register file, from the NXP data sheet Rev. 4: power-up register
 * values (§7.3 Table 4: MODE1 0x11, MODE2 0x04, sub-addresses 0xE2/0xE4/0xE8, ALLCALLADR 0xE0,
 * every LEDn_OFF_H full-off, PRE_SCALE 0x1E), PRE_SCALE writes ignored unless SLEEP is set (§7.3.5),
 * the RESTART bit (set when the chip is put to sleep with PWM running, cleared by writing 1,
 * §7.3.1.1), the ALL_LED registers that write every channel at once and read back 0 (§7.3.4), and
 * the active-low output-enable pin (§7.4, with MODE2 OUTNE = 00: outputs low while OE is high).
 *
 * <p>What an ESC would see is computed after every transaction: per channel the pulse width in
 * µs (0 = no pulse: full-off, asleep, or OE high; a full-on channel reports the whole period). Each
 * change goes to the {@link PulseListener} and, when {@link #recordHistory} is on, to a list of
 * {@link PulseChange}s stamped by the fake's clock. Tests and fake boards use these to check that
 * no ESC ever saw anything but its disarmed pulse before arming.
 *
 * <p>One driver thread, like every register-file fake. The seed is accepted for the common fake
 * constructor; a PWM controller has no measurement noise.
 */
public class FakePca9685 extends RegisterFileI2c {
    public static final int CHANNELS = 16;
    private static final int MODE1 = 0x00;
    private static final int MODE2 = 0x01;
    private static final int LED0_ON_L = 0x06;
    private static final int ALL_LED_ON_L = 0xFA;
    private static final int ALL_LED_OFF_H = 0xFD;
    private static final int PRE_SCALE = 0xFE;
    private static final int RESTART = 0x80;
    private static final int SLEEP = 0x10;
    private static final int FULL = 0x10;

    /** Receives every change of what an ESC on a channel sees. */
    public interface PulseListener {
        void onPulse(long timeNs, int channel, int pulseUs);
    }

    /** One change of a channel's output: {@code pulseUs} 0 means no pulse. */
    public record PulseChange(long timeNs, int channel, int pulseUs) {
    }

    private final int[] pulseUs = new int[CHANNELS];
    private final List<PulseChange> history = new ArrayList<>();
    private boolean recordHistory;
    private PulseListener listener;
    private LongSupplier clockNs = System::nanoTime;
    private boolean oeHigh;
    private int prescaleWrites;
    private int prescaleWritesIgnored;
    private final GpioOutput outputEnablePin;

    public FakePca9685(int bus, int address, long seed) {
        super(bus, address);
        powerOn();
        outputEnablePin = new GpioOutput() {
            @Override
            public int line() {
                return 0;
            }

            @Override
            public void set(boolean high) throws BusException {
                oeHigh = high;
                refreshOutputs();
            }
        };
    }

    /** Power-up register state (§7.3 Table 4). The OE pin is left as it was. */
    public final void powerOn() {
        java.util.Arrays.fill(registers, 0);
        registers[MODE1] = 0x11;
        registers[MODE2] = 0x04;
        registers[0x02] = 0xE2;
        registers[0x03] = 0xE4;
        registers[0x04] = 0xE8;
        registers[0x05] = 0xE0;
        for (int ch = 0; ch < CHANNELS; ch++) {
            registers[LED0_ON_L + 4 * ch + 3] = FULL; // LEDn_OFF_H: full off
        }
        registers[PRE_SCALE] = 0x1E;
        previousMode1 = 0x11;
        lastPrescale = 0x1E;
        refreshOutputs();
    }

    /** The SWRST general-call reset (§7.6): the same register state as power-up. */
    public void softwareReset() {
        powerOn();
    }

    /** A {@link GpioOutput} wired to this chip's OE pin (line 0), for the driver under test. */
    public GpioOutput outputEnablePin() {
        return outputEnablePin;
    }

    /** Sets the OE pin level directly (what the line floats to before any driver sets it). */
    public void setOutputEnablePinHigh(boolean high) {
        oeHigh = high;
        refreshOutputs();
    }

    /** True while the OE pin is low (outputs driven) and the oscillator runs (SLEEP clear). */
    public boolean outputsEnabled() {
        return !oeHigh && !asleep();
    }

    public boolean outputEnablePinHigh() {
        return oeHigh;
    }

    public boolean asleep() {
        return (registers[MODE1] & SLEEP) != 0;
    }

    /** What an ESC on {@code channel} sees now (µs, 0 = no pulse). */
    public int pulseUs(int channel) {
        return pulseUs[channel];
    }

    /** PWM frequency the chip runs at (Hz), from PRE_SCALE and the 25 MHz oscillator. */
    public double frequencyHz() {
        return 25_000_000.0 / (4096.0 * (registers[PRE_SCALE] + 1));
    }

    /** PRE_SCALE writes seen, and those the chip ignored because it was awake (§7.3.5). */
    public int prescaleWrites() {
        return prescaleWrites;
    }

    public int prescaleWritesIgnored() {
        return prescaleWritesIgnored;
    }

    public void setListener(PulseListener listener) {
        this.listener = listener;
    }

    /** Time source for {@link PulseChange} stamps (default {@link System#nanoTime}). */
    public void setClock(LongSupplier clockNs) {
        this.clockNs = clockNs;
    }

    /** Starts keeping every change in {@link #history()} (tests: bounded runs only). */
    public void recordHistory(boolean on) {
        recordHistory = on;
    }

    public List<PulseChange> history() {
        return history;
    }

    @Override
    public void writeRegister(int register, int value) throws BusException {
        super.writeRegister(register, value);
        refreshOutputs();
    }

    @Override
    public void write(byte[] src, int offset, int len) throws BusException {
        super.write(src, offset, len);
        refreshOutputs();
    }

    @Override
    protected int readByte(int register) {
        if (register >= ALL_LED_ON_L && register <= ALL_LED_OFF_H) {
            return 0; // write-only broadcast registers
        }
        return registers[register];
    }

    private int previousMode1 = 0x11;

    @Override
    protected void afterWrite(int register, int value) {
        if (register == MODE1) {
            int old = previousMode1;
            int mode = value & ~RESTART;
            boolean restartFlag = (old & RESTART) != 0;
            if ((value & RESTART) != 0) {
                restartFlag = false; // writing 1 clears it and resumes the PWM channels
            }
            if ((old & SLEEP) == 0 && (value & SLEEP) != 0 && anyChannelActive()) {
                restartFlag = true; // put to sleep while running (§7.3.1.1)
            }
            registers[MODE1] = mode | (restartFlag ? RESTART : 0);
            previousMode1 = registers[MODE1];
        } else if (register == PRE_SCALE) {
            prescaleWrites++;
            if ((registers[MODE1] & SLEEP) == 0) {
                prescaleWritesIgnored++;
                registers[PRE_SCALE] = lastPrescale;
            } else {
                lastPrescale = value;
            }
        } else if (register >= ALL_LED_ON_L && register <= ALL_LED_OFF_H) {
            int offset = register - ALL_LED_ON_L;
            for (int ch = 0; ch < CHANNELS; ch++) {
                registers[LED0_ON_L + 4 * ch + offset] = value;
            }
        }
    }

    private int lastPrescale = 0x1E;

    private boolean anyChannelActive() {
        for (int ch = 0; ch < CHANNELS; ch++) {
            if ((registers[LED0_ON_L + 4 * ch + 3] & FULL) == 0) {
                return true;
            }
        }
        return false;
    }

    private void refreshOutputs() {
        if (registers[PRE_SCALE] != lastPrescale && (registers[MODE1] & SLEEP) != 0) {
            lastPrescale = registers[PRE_SCALE]; // poke() in a test
        }
        double countUs = (registers[PRE_SCALE] + 1) / 25.0;
        for (int ch = 0; ch < CHANNELS; ch++) {
            int base = LED0_ON_L + 4 * ch;
            int on = registers[base] | (registers[base + 1] & 0x0F) << 8;
            int off = registers[base + 2] | (registers[base + 3] & 0x0F) << 8;
            boolean fullOn = (registers[base + 1] & FULL) != 0;
            boolean fullOff = (registers[base + 3] & FULL) != 0;
            int width;
            if (oeHigh || asleep() || fullOff) {
                width = 0;
            } else if (fullOn) {
                width = (int) Math.round(4096 * countUs);
            } else {
                width = (int) Math.round(((off - on) & 0xFFF) * countUs);
            }
            if (width != pulseUs[ch]) {
                pulseUs[ch] = width;
                long t = clockNs.getAsLong();
                if (listener != null) {
                    listener.onPulse(t, ch, width);
                }
                if (recordHistory) {
                    history.add(new PulseChange(t, ch, width));
                }
            }
        }
    }
}
