package org.hoverla.core.boot;

import org.hoverla.hal.bus.GpioOutput;
import org.hoverla.hal.bus.I2cDevice;
import org.hoverla.hal.bus.SpiDevice;

/** The buses of a {@code buses: linux} board: Pi4J on the companion computer's I2C, SPI and GPIO. */
public final class LinuxBuses {
    private LinuxBuses() {
    }

    /**
     * SPI mode and clock for every SPI chip here: the InvenSense IMUs and the MS5611 all accept mode
     * 3; 8 MHz is within every one's limit (ICM-42688-P 24 MHz, MS5611 20 MHz) with margin for
     * HAT wiring.
     */
    static final int SPI_MODE = 3;
    static final int SPI_CLOCK_HZ = 8_000_000;

    /**
     * Real buses through Pi4J 2.8 (linuxfs for I2C and SPI, gpiod for GPIO), on a Pi4J context
     * made at the first device and shut down with the vehicle. An I2C or SPI device that cannot be
     * opened (no {@code /dev/i2c-N}, no {@code /dev/spidevB.C}, no permission) stops the boot with
     * Pi4J's reason.
     */
    public static Chips.Buses create() {
        return new Chips.Buses() {
            private com.pi4j.context.Context pi4j;

            private synchronized com.pi4j.context.Context context() throws BootException {
                if (pi4j == null) {
                    try {
                        pi4j = com.pi4j.Pi4J.newAutoContext();
                    } catch (RuntimeException | LinkageError e) {
                        throw new BootException("Pi4J could not start (is this a Linux board with I2C/SPI enabled?): "
                                + e.getMessage(), e);
                    }
                }
                return pi4j;
            }

            @Override
            public I2cDevice i2c(int bus, int address, String chip) throws BootException {
                try {
                    return org.hoverla.hal.bus.Pi4jBuses.openI2c(context(), bus, address);
                } catch (RuntimeException e) {
                    throw new BootException("cannot open /dev/i2c-" + bus + ": " + e.getMessage(), e);
                }
            }

            @Override
            public SpiDevice spi(int bus, int chipSelect, String chip) throws BootException {
                try {
                    return org.hoverla.hal.bus.Pi4jBuses.openSpi(context(), bus, chipSelect, SPI_MODE, SPI_CLOCK_HZ);
                } catch (RuntimeException e) {
                    throw new BootException("cannot open /dev/spidev" + bus + "." + chipSelect + ": " + e.getMessage(), e);
                }
            }

            @Override
            public GpioOutput gpio(int line) throws BootException {
                try {
                    // Starts high (PCA9685 OE: outputs off) and goes back high when Pi4J shuts down.
                    return org.hoverla.hal.bus.Pi4jBuses.openGpioOutput(context(), line, true, true);
                } catch (RuntimeException e) {
                    throw new BootException("cannot open GPIO line " + line + ": " + e.getMessage(), e);
                }
            }

            @Override
            public long seed() {
                return 0;
            }

            @Override
            public synchronized void close() {
                if (pi4j != null) {
                    try {
                        pi4j.shutdown();
                    } catch (RuntimeException e) {
                        // Shutting down: nothing left to protect.
                    }
                    pi4j = null;
                }
            }
        };
    }
}
