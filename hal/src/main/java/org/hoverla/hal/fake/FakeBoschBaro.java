package org.hoverla.hal.fake;

import java.util.Random;
import java.util.function.LongSupplier;

/**
 * What the Bosch barometer fakes (BMP280, BMP388) share: the physical state they measure, seeded
 * noise, the clock that times normal-mode cycles, soft resets and brown-outs, and the first-order
 * IIR filter both datasheets describe. Register maps, timing and compensation stay in each fake.
 * Allocation-free after construction.
 */
abstract class FakeBoschBaro extends RegisterFileI2c implements ClockedFake {
    /** Catch-up bound after a long pause: the IIR has long converged by then. */
    private static final int MAX_CATCH_UP = 64;

    final Random random;
    LongSupplier clock = System::nanoTime;
    double pressurePa = 101_325.0;
    double temperatureC = 20.0;
    boolean frozen;
    /** Start of normal mode and the cycles run since. */
    long cycleStartNs;
    long cyclesDone;
    double filteredP = Double.NaN;
    double filteredT = Double.NaN;
    long resets;

    FakeBoschBaro(int bus, int address, long seed) {
        super(bus, address);
        random = new Random(seed);
    }

    /** Back to the power-on register state. */
    abstract void powerOnReset();

    /** One normal-mode measurement cycle ends. */
    abstract void cycle();

    @Override
    public void setClock(LongSupplier clock) {
        this.clock = clock;
    }

    /** Static pressure the next measurements see, Pa. */
    public void setPressurePa(double pa) {
        pressurePa = pa;
    }

    /** Die temperature the next measurements see, °C. */
    public void setTemperatureC(double c) {
        temperatureC = c;
    }

    /** Frozen data: the data registers repeat the previous raw values exactly (a stuck chip). */
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    /** Soft resets seen (0xB6 written to the reset/command register). */
    public long resets() {
        return resets;
    }

    /** A brown-out: the chip silently returns to its power-on state (sleep mode, configuration lost). */
    public void brownOut() {
        powerOnReset();
    }

    /** A soft reset command. */
    final void softReset() {
        resets++;
        powerOnReset();
    }

    /** Normal mode starts now. */
    final void startCycles() {
        cycleStartNs = clock.getAsLong();
        cyclesDone = 0;
    }

    /** Runs the cycles that ended by {@code elapsedNs} into normal mode (at most a bounded catch-up). */
    final void runCycles(long elapsedNs, long cycleNs) {
        long due = elapsedNs / cycleNs;
        long todo = Math.min(due - cyclesDone, MAX_CATCH_UP);
        for (long i = 0; i < todo; i++) {
            cycle();
        }
        cyclesDone = due;
    }

    final void resetFilter() {
        filteredP = Double.NaN;
        filteredT = Double.NaN;
    }

    /**
     * The IIR step both datasheets give: filtered = (filtered · w + raw) / (w + 1), where w is the
     * weight of the previous output (0 or a fresh filter: the raw value passes).
     */
    final void filter(double rawT, double rawP, int previousWeight) {
        if (Double.isNaN(filteredT) || previousWeight == 0) {
            filteredT = rawT;
            filteredP = rawP;
        } else {
            filteredT = (filteredT * previousWeight + rawT) / (previousWeight + 1);
            filteredP = (filteredP * previousWeight + rawP) / (previousWeight + 1);
        }
    }
}
