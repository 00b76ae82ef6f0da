package org.hoverla.hal.fake;

import java.util.SplittableRandom;

/**
 * ADS1115 16-bit ADC as four 16-bit registers, most significant byte first, addressed by the
 * pointer's two low bits (datasheet SBAS444 "Register map"; see {@code chip.Ads1115Battery}).
 * Power-on: conversion 0, config 0x8583, Lo_thresh 0x8000, Hi_thresh 0x7FFF.
 *
 * <p>Writing config with OS = 1 in single-shot mode starts a conversion of the MUX input at the
 * PGA's full scale: OS reads 0 for {@link #setBusyReads} config reads (0 by default, so the result
 * is ready at the next read), then the conversion register holds the code and OS reads 1. In
 * continuous mode each read of the conversion register returns a fresh conversion. Codes are
 * round(V / (FSR / 2^15)) plus seeded Gaussian noise of one LSB, clamped to the 16-bit range.
 * All eight MUX settings are modelled (four differential pairs, four single-ended inputs).
 *
 * <p>Default wiring and state: AIN0 = pack voltage / 18.1 (divider), AIN1 = current × 1/36.3675
 * V/A (an analog power module, as {@code Ads1115Battery.probe(I2cDevice)} assumes), a 16.0 V pack
 * drawing 1.5 A; AIN2 and AIN3 at 0 V.
 */
public class FakeAds1115 extends WordRegisterFileI2c {
    private static final int CONVERSION = 0;
    private static final int CONFIG = 1;
    private static final double[] FULL_SCALE_V = {6.144, 4.096, 2.048, 1.024, 0.512, 0.256, 0.256, 0.256};

    private final double[] inputV = new double[4];
    private final SplittableRandom random;
    private double voltageDivider = 18.1;
    private double ampsPerVolt = 36.367515152;
    private double ampsOffsetV;
    private double noiseLsb = 1.0;
    private int busyReads;
    private int busyLeft;
    private boolean frozen;
    private long conversions;

    public FakeAds1115(int bus, int address, long seed) {
        super(bus, address);
        this.random = new SplittableRandom(seed);
        words[CONVERSION] = 0;
        words[CONFIG] = 0x8583;
        words[2] = 0x8000;
        words[3] = 0x7FFF;
        setBattery(16.0, 1.5);
    }

    @Override
    void writeWord(int pointer, int value) {
        int register = pointer & 0x03;
        if (register == CONFIG) {
            boolean singleShot = (value & 0x0100) != 0;
            words[CONFIG] = (value & 0x7FFF) | 0x8000;
            if (singleShot && (value & 0x8000) != 0) {
                convert();
                busyLeft = busyReads;
                if (busyLeft > 0) {
                    words[CONFIG] &= 0x7FFF;
                }
            }
        } else if (register != CONVERSION) {
            words[register] = value;
        }
    }

    @Override
    protected void beforeRead(int register, int len) {
        int r = register & 0x03;
        if (r == CONFIG && busyLeft > 0) {
            latch(words[CONFIG]);
            if (--busyLeft == 0) {
                words[CONFIG] |= 0x8000;
            }
        } else {
            if (r == CONVERSION && (words[CONFIG] & 0x0100) == 0) {
                convert();
            }
            latch(words[r]);
        }
    }

    private void convert() {
        conversions++;
        if (frozen) {
            return;
        }
        int config = words[CONFIG];
        int mux = (config >> 12) & 0x7;
        double fsr = FULL_SCALE_V[(config >> 9) & 0x7];
        double v;
        switch (mux) {
            case 0 -> v = inputV[0] - inputV[1];
            case 1 -> v = inputV[0] - inputV[3];
            case 2 -> v = inputV[1] - inputV[3];
            case 3 -> v = inputV[2] - inputV[3];
            default -> v = inputV[mux - 4];
        }
        long code = Math.round(v / (fsr / 32768.0) + noiseLsb * random.nextGaussian());
        words[CONVERSION] = (int) Math.max(-32768, Math.min(32767, code)) & 0xFFFF;
    }

    /** Sets the pack voltage and current, driving AIN0 and AIN1 through the fake's wiring. */
    public void setBattery(double voltageV, double currentA) {
        inputV[0] = voltageV / voltageDivider;
        inputV[1] = currentA / ampsPerVolt + ampsOffsetV;
    }

    /** Changes the wiring {@link #setBattery} uses (divider ratio, current-sensor A/V and offset V). */
    public void setWiring(double voltageDivider, double ampsPerVolt, double ampsOffsetV) {
        this.voltageDivider = voltageDivider;
        this.ampsPerVolt = ampsPerVolt;
        this.ampsOffsetV = ampsOffsetV;
    }

    /** Sets one input's voltage against GND directly. */
    public void setInputVolts(int channel, double volts) {
        inputV[channel] = volts;
    }

    /** Noise standard deviation in LSB; 0 gives exact codes. */
    public void setNoise(double lsb) {
        noiseLsb = lsb;
    }

    /** Each single-shot conversion reads as running (OS = 0) for the next {@code reads} config reads. */
    public void setBusyReads(int reads) {
        busyReads = reads;
    }

    /** Frozen data: conversions complete but the conversion register keeps its value. */
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    /** The 16-bit register at pointer {@code register} (0–3); no fault, no side effect. */
    public int peekWord(int register) {
        return words[register & 0x03];
    }

    /** Sets a 16-bit register directly (test set-up); no fault, no side effect. */
    public void pokeWord(int register, int value) {
        words[register & 0x03] = value & 0xFFFF;
    }

    /** Conversions completed so far. */
    public long conversions() {
        return conversions;
    }
}
