package org.hoverla.hal.fake;

import java.util.function.LongSupplier;

/**
 * The test controls of the MS5611 fakes (I2C and SPI), which differ only in how commands reach
 * the shared {@link Ms5611Model}.
 */
public interface FakeMs5611Controls extends ClockedFake {
    /** The chip model behind the bus; internal to the fakes. */
    Ms5611Model model();

    /** The clock conversions are timed on; defaults to {@link System#nanoTime}. Give it the vehicle clock in SITL and tests. */
    @Override
    default void setClock(LongSupplier clock) {
        model().setClock(clock);
    }

    /** Static pressure the next conversions measure, Pa. */
    default void setPressurePa(double pa) {
        model().setPressurePa(pa);
    }

    /** Die temperature the next conversions measure, °C. */
    default void setTemperatureC(double c) {
        model().setTemperatureC(c);
    }

    /** Frozen data: every conversion repeats the last D1 and D2 exactly (a stuck ADC). */
    default void setFrozen(boolean frozen) {
        model().setFrozen(frozen);
    }

    /** Multiplies the pressure and temperature noise (1 = the datasheet's RMS resolution). */
    default void setNoiseFactor(double factor) {
        model().setNoiseFactor(factor);
    }

    /** Conversions take {@code scale} times the datasheet's maximum (a slow or faulty chip); 1 by default. */
    default void setConversionTimeScale(double scale) {
        model().setConversionTimeScale(scale);
    }

    /** Overwrites PROM word k (0..7) without fixing its CRC, to fake a corrupt PROM. */
    default void setPromWord(int k, int value) {
        model().setPromWord(k, value);
    }

    /** PROM word k (0..7) as the chip holds it. */
    default int promWord(int k) {
        return model().readProm(k);
    }

    /** The last conversion command received (0x40..0x58), or -1. */
    default int lastConversionCommand() {
        return model().lastConversionCommand();
    }

    /** ADC reads that returned 0 (conversion unfinished, spoiled, or none started). */
    default long adcZeroReads() {
        return model().adcZeroReads();
    }
}
