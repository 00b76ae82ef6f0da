package org.hoverla.hal.chip;

import org.hoverla.hal.bus.BusException;

/**
 * A PWM generator driving ESCs or servos (e.g. the PCA9685). Driver thread only; the flight thread
 * hands its commands over through an allocation-free exchange and never waits for the bus.
 */
public interface PwmOutput {
    String chip();

    int channels();

    /** Sets the PWM frequency (Hz) for all channels; ESCs take 50–490 Hz. */
    void setFrequencyHz(double hz) throws BusException;

    /**
     * Sets the pulse width of channels {@code 0..count-1} in microseconds; 0 turns a channel's
     * output fully off (no pulses).
     */
    void writePulsesUs(int[] pulsesUs, int count) throws BusException;

    /** Enables or disables all outputs (output-enable line or the chip's sleep mode). */
    void setOutputsEnabled(boolean enabled) throws BusException;
}
