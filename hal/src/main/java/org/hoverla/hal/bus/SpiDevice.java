package org.hoverla.hal.bus;

/**
 * One device on an SPI bus behind its chip select. Driver threads only. Register chips (InvenSense,
 * Bosch) take the register address in the first byte with bit 7 set for a read; command chips
 * (MS5611) take a command byte; either way it is one full-duplex transfer with the chip selected.
 */
public interface SpiDevice {
    /** Linux SPI bus number ({@code /dev/spidevB.C}: B). */
    int bus();

    /** Chip select ({@code /dev/spidevB.C}: C). */
    int chipSelect();

    /**
     * Clocks out {@code len} bytes of {@code tx} while clocking in {@code len} bytes into {@code rx},
     * with the chip selected for the whole transfer.
     */
    void transfer(byte[] tx, byte[] rx, int len) throws BusException;
}
