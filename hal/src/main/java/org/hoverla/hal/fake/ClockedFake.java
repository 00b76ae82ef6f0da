package org.hoverla.hal.fake;

import java.util.function.LongSupplier;

/**
 * A fake whose behaviour depends on time (conversion times, output data rates): boards and tests
 * give it the vehicle clock, so a fake board in lockstep sees simulated time, not the wall clock.
 */
public interface ClockedFake {
    /** The time base in nanoseconds ({@code System::nanoTime} unless set). */
    void setClock(LongSupplier clock);
}
