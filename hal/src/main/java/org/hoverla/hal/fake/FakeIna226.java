package org.hoverla.hal.fake;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * INA226 power monitor as a file of 16-bit registers, most significant byte first, with a
 * register pointer that does not auto-increment (datasheet SBOS547 "Register maps"; see
 * {@code chip.Ina226}). Power-on values: configuration 0x4127, manufacturer id 0x5449, die id
 * 0x2260, everything else 0. Writing configuration bit 15 resets all registers.
 *
 * <p>Conversions: in a continuous mode (MODE 101–111), reading mask/enable (0x06) while CVRF is
 * clear completes a conversion (the real averaging time is not modelled) and returns CVRF set;
 * reading mask/enable clears CVRF, as the datasheet says. A conversion computes, from the set
 * pack voltage, current and shunt resistance, the shunt register (2.5 µV/LSB, clamped at
 * ±81.92 mV), bus register (1.25 mV/LSB), current = shunt × CAL / 2048 and power =
 * current × bus / 20000 (datasheet "Programming", table 1 example), with seeded Gaussian noise of one LSB on
 * the shunt and bus readings.
 *
 * <p>Default state: 16.0 V, 1.5 A discharge, 500 µΩ shunt (PX4's default).
 */
public class FakeIna226 extends WordRegisterFileI2c {
    private static final int CONFIG = 0x00;
    private static final int SHUNT = 0x01;
    private static final int BUS = 0x02;
    private static final int POWER = 0x03;
    private static final int CURRENT = 0x04;
    private static final int CALIBRATION = 0x05;
    private static final int MASK_ENABLE = 0x06;
    private static final int CVRF = 0x0008;

    private final SplittableRandom random;
    private double voltageV = 16.0;
    private double currentA = 1.5;
    private double shuntOhm = 0.0005;
    private double shuntNoiseLsb = 1.0;
    private double busNoiseLsb = 1.0;
    private boolean frozen;
    private long conversions;

    public FakeIna226(int bus, int address, long seed) {
        super(bus, address);
        this.random = new SplittableRandom(seed);
        powerOn();
    }

    private void powerOn() {
        Arrays.fill(words, 0);
        words[CONFIG] = 0x4127;
        words[0xFE] = 0x5449;
        words[0xFF] = 0x2260;
    }

    @Override
    void writeWord(int register, int value) {
        if (register == CONFIG) {
            if ((value & 0x8000) != 0) {
                powerOn();
            } else {
                words[CONFIG] = value | 0x4000; // bit 14 is fixed at 1
            }
        } else if (register == CALIBRATION) {
            words[CALIBRATION] = value & 0x7FFF; // bit 15 is reserved, reads 0
        } else if (register == MASK_ENABLE || register == 0x07) {
            words[register] = value;
        }
    }

    @Override
    protected void beforeRead(int register, int len) {
        if (register == MASK_ENABLE) {
            int mode = words[CONFIG] & 0x7;
            if ((words[MASK_ENABLE] & CVRF) == 0 && mode >= 5) {
                convert();
            }
            latch(words[MASK_ENABLE]);
            words[MASK_ENABLE] &= ~CVRF;
        } else {
            latch(words[register]);
        }
    }

    private void convert() {
        conversions++;
        words[MASK_ENABLE] |= CVRF;
        if (frozen) {
            return;
        }
        long shunt = Math.round(currentA * shuntOhm / 2.5e-6 + shuntNoiseLsb * random.nextGaussian());
        shunt = Math.max(-32768, Math.min(32767, shunt));
        long bus = Math.round(voltageV / 0.00125 + busNoiseLsb * random.nextGaussian());
        bus = Math.max(0, Math.min(0x7FFF, bus));
        long current = shunt * words[CALIBRATION] / 2048;
        boolean overflow = current > 32767 || current < -32768;
        current = Math.max(-32768, Math.min(32767, current));
        long power = Math.abs(current) * bus / 20000;
        words[SHUNT] = (int) shunt & 0xFFFF;
        words[BUS] = (int) bus;
        words[CURRENT] = (int) current & 0xFFFF;
        words[POWER] = (int) Math.min(0xFFFF, power);
        words[MASK_ENABLE] = (words[MASK_ENABLE] & ~0x0004) | (overflow ? 0x0004 : 0);
    }

    /** The 16-bit register (test assertions); no fault, no side effect. */
    public int peekWord(int register) {
        return words[register & 0xFF];
    }

    /** Sets a 16-bit register directly (test set-up); no fault, no side effect. */
    public void pokeWord(int register, int value) {
        words[register & 0xFF] = value & 0xFFFF;
    }

    /** Sets the pack voltage on VBUS (V) and the current through the shunt (A, positive discharging). */
    public void setBattery(double voltageV, double currentA) {
        this.voltageV = voltageV;
        this.currentA = currentA;
    }

    /** Sets the shunt resistance the fake circuit has (Ω). */
    public void setShuntOhm(double ohm) {
        shuntOhm = ohm;
    }

    /** Noise standard deviations in LSB of the shunt and bus readings; 0 gives exact readings. */
    public void setNoise(double shuntLsb, double busLsb) {
        shuntNoiseLsb = shuntLsb;
        busNoiseLsb = busLsb;
    }

    /** Frozen data: conversions still raise CVRF but the result registers keep their values. */
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    /** Conversions completed so far. */
    public long conversions() {
        return conversions;
    }
}
