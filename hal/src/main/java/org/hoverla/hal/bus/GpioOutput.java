package org.hoverla.hal.bus;

/** One GPIO line driven as an output (e.g. the PCA9685's active-low output enable). Driver threads only. */
public interface GpioOutput {
    /** Linux GPIO line number (BCM numbering on a Raspberry Pi). */
    int line();

    void set(boolean high) throws BusException;
}
