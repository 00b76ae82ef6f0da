package org.hoverla.hal.bus;

/**
 * One device on an I2C bus: the small port chip backends talk through. Pi4J backs it on a
 * vehicle ({@link Pi4jBuses}), register-file fakes back it in tests and fake boards. Driver
 * threads only: every call is a bus transaction that may take hundreds of microseconds.
 *
 * <p>All transfers are all-or-nothing: a NACK or a short read throws {@link BusException} and
 * leaves nothing half-reported.
 */
public interface I2cDevice {
    /** Linux bus number ({@code /dev/i2c-N}). */
    int bus();

    /** 7-bit device address. */
    int address();

    /**
     * Writes the register (or command) byte, then reads {@code len} bytes with a repeated start:
     * a burst read from auto-incrementing registers, or the reply of a command-style chip.
     */
    void readRegisters(int register, byte[] dst, int offset, int len) throws BusException;

    /** Writes one byte to a register. */
    void writeRegister(int register, int value) throws BusException;

    /** Writes raw bytes (e.g. a command byte alone, as the MS5611's reset and conversion commands). */
    void write(byte[] src, int offset, int len) throws BusException;
}
