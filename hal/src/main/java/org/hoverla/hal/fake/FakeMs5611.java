package org.hoverla.hal.fake;

import java.util.function.LongSupplier;

/**
 * An MS5611 on I2C, built from the datasheet's command set (see {@link Ms5611Model}): reset 0x1E,
 * conversions 0x40..0x58, ADC read 0x00 (3 bytes), PROM read 0xA0..0xAE (2 bytes each). The PROM
 * holds the datasheet's example coefficients with a valid CRC-4. Default state: 101325 Pa, 20 °C,
 * with seeded Gaussian noise at the datasheet's RMS resolution for the OSR used.
 */
public class FakeMs5611 extends RegisterFileI2c implements ClockedFake {
    private final Ms5611Model model;

    public FakeMs5611(int bus, int address, long seed) {
        super(bus, address);
        model = new Ms5611Model(seed);
    }

    @Override
    protected void command(int command) {
        model.command(command);
    }

    @Override
    protected void beforeRead(int register, int len) {
        if (register == 0x00) {
            int adc = model.readAdc();
            poke(0, adc >>> 16);
            poke(1, adc >>> 8);
            poke(2, adc);
        } else if (register >= 0xA0 && register <= 0xAE && (register & 1) == 0) {
            int w = model.readProm((register - 0xA0) >> 1);
            poke(register, w >>> 8);
            poke(register + 1, w);
        }
    }

    /** The clock conversions are timed on; defaults to {@link System#nanoTime}. Give it the vehicle clock in SITL and tests. */
    public void setClock(LongSupplier clock) {
        model.setClock(clock);
    }

    /** Static pressure the next conversions measure, Pa. */
    public void setPressurePa(double pa) {
        model.setPressurePa(pa);
    }

    /** Die temperature the next conversions measure, °C. */
    public void setTemperatureC(double c) {
        model.setTemperatureC(c);
    }

    /** Frozen data: every conversion repeats the last D1 and D2 exactly (a stuck ADC). */
    public void setFrozen(boolean frozen) {
        model.setFrozen(frozen);
    }

    /** Conversions take {@code scale} times the datasheet's maximum (a slow or faulty chip); 1 by default. */
    public void setConversionTimeScale(double scale) {
        model.setConversionTimeScale(scale);
    }

    /** Overwrites PROM word k (0..7) without fixing its CRC, to fake a corrupt PROM. */
    public void setPromWord(int k, int value) {
        model.setPromWord(k, value);
    }

    /** PROM word k (0..7) as the chip holds it. */
    public int promWord(int k) {
        return model.readProm(k);
    }

    /** The last conversion command received (0x40..0x58), or -1. */
    public int lastConversionCommand() {
        return model.lastConversionCommand();
    }

    /** ADC reads that returned 0 (conversion unfinished, spoiled, or none started). */
    public long adcZeroReads() {
        return model.adcZeroReads();
    }
}
