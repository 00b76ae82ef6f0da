package org.hoverla.core.timing;

/**
 * What a supervisor outside the flight thread (the systemd watchdog feeder, {@code status}, the
 * self-test) may ask of the flight loop. Read from any thread; every answer is a recent value.
 */
public interface LoopHealth {

    /** @return flight cycles completed so far; a supervisor that sees it stop advancing knows the loop stalled */
    long cycles();

    /** @return whether the measured timing is within the configured limits right now */
    boolean timingHealthy();

    /** @return a short description of the worst broken figure, or {@code ""} when healthy */
    String problem();
}
