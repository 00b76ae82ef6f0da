package org.hoverla.hal.bus;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiChipSelect;

/**
 * The bus ports on a real board, over Pi4J 2.8: I2C and SPI through the linuxfs provider
 * ({@code /dev/i2c-N}, {@code /dev/spidevB.C}), GPIO outputs through gpiod (works on Pi 4 and
 * Pi 5, where pigpio does not). Boot code opens each device once; driver threads then use the
 * ports.
 *
 * <p>Errors: Pi4J reports failures as unchecked {@code Pi4JException}s wrapping the kernel's
 * errno, and short transfers as a smaller return count. Both become {@link BusException}: a
 * missing acknowledge (ENXIO "No such device or address", EREMOTEIO "Remote I/O error", what
 * i2c-bcm2835 and most Linux I2C controllers return for a NACK) → NACK; fewer bytes than asked →
 * SHORT_READ; anything else, including a negative count → IO. Only the message of the failure
 * is built on error; the happy path adds nothing to Pi4J's own per-call cost (linuxfs allocates a
 * small buffer per register read).
 */
public final class Pi4jBuses {
    /** errno values Linux I2C drivers return for a missing acknowledge. */
    private static final int ENXIO = 6;
    private static final int EREMOTEIO = 121;

    private Pi4jBuses() {
    }

    /** Opens {@code /dev/i2c-bus} at a 7-bit address through the linuxfs provider. */
    public static I2cDevice openI2c(Context pi4j, int bus, int address) {
        I2C i2c = pi4j.create(I2C.newConfigBuilder(pi4j)
                .id("i2c-" + bus + "-0x" + Integer.toHexString(address))
                .bus(bus).device(address).provider("linuxfs-i2c").build());
        return i2c(i2c, bus, address);
    }

    /** Opens {@code /dev/spidevBUS.CS} (SPI mode and clock as the chip needs) through the linuxfs provider. */
    public static SpiDevice openSpi(Context pi4j, int bus, int chipSelect, int mode, int baudHz) {
        Spi spi = pi4j.create(Spi.newConfigBuilder(pi4j)
                .id("spi-" + bus + "-" + chipSelect)
                .bus(bus).chipSelect(SpiChipSelect.getByNumber((short) chipSelect)).channel(chipSelect)
                .mode(mode).baud(baudHz).provider("linuxfs-spi").build());
        return spi(spi, bus, chipSelect);
    }

    /**
     * Opens a GPIO line (BCM number) as an output through gpiod, driven to {@code initialHigh} at
     * once and to {@code shutdownHigh} when Pi4J shuts down (for the PCA9685's OE: high both times,
     * outputs off).
     */
    public static GpioOutput openGpioOutput(Context pi4j, int line, boolean initialHigh, boolean shutdownHigh) {
        DigitalOutput out = pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
                .id("gpio-" + line).address(line)
                .initial(initialHigh ? DigitalState.HIGH : DigitalState.LOW)
                .shutdown(shutdownHigh ? DigitalState.HIGH : DigitalState.LOW)
                .provider("gpiod-digital-output").build());
        return gpio(out, line);
    }

    /** Adapts an open Pi4J I2C device. */
    public static I2cDevice i2c(I2C i2c, int bus, int address) {
        return new I2cDevice() {
            @Override
            public int bus() {
                return bus;
            }

            @Override
            public int address() {
                return address;
            }

            @Override
            public void readRegisters(int register, byte[] dst, int offset, int len) throws BusException {
                int n;
                try {
                    n = i2c.readRegister(register, dst, offset, len);
                } catch (RuntimeException e) {
                    throw translate(where(bus, address) + ": read of register 0x" + Integer.toHexString(register), e);
                }
                if (n < len) {
                    throw countError(n, len, where(bus, address) + ": register 0x" + Integer.toHexString(register));
                }
            }

            @Override
            public void writeRegister(int register, int value) throws BusException {
                int n;
                try {
                    n = i2c.writeRegister(register, (byte) value);
                } catch (RuntimeException e) {
                    throw translate(where(bus, address) + ": write of register 0x" + Integer.toHexString(register), e);
                }
                if (n < 0) {
                    throw countError(n, 1, where(bus, address) + ": write of register 0x" + Integer.toHexString(register));
                }
            }

            @Override
            public void write(byte[] src, int offset, int len) throws BusException {
                int n;
                try {
                    n = i2c.write(src, offset, len);
                } catch (RuntimeException e) {
                    throw translate(where(bus, address) + ": write of " + len + " bytes", e);
                }
                if (n < 0) {
                    throw countError(n, len, where(bus, address) + ": write of " + len + " bytes");
                }
            }
        };
    }

    /** Adapts an open Pi4J SPI device. */
    public static SpiDevice spi(Spi spi, int bus, int chipSelect) {
        return new SpiDevice() {
            @Override
            public int bus() {
                return bus;
            }

            @Override
            public int chipSelect() {
                return chipSelect;
            }

            @Override
            public void transfer(byte[] tx, byte[] rx, int len) throws BusException {
                int n;
                try {
                    n = spi.transfer(tx, 0, rx, 0, len);
                } catch (RuntimeException e) {
                    throw translate("spidev" + bus + "." + chipSelect + ": transfer of " + len + " bytes", e);
                }
                if (n < len) {
                    throw countError(n, len, "spidev" + bus + "." + chipSelect + ": transfer");
                }
            }
        };
    }

    /** Adapts an open Pi4J digital output. */
    public static GpioOutput gpio(DigitalOutput out, int line) {
        return new GpioOutput() {
            @Override
            public int line() {
                return line;
            }

            @Override
            public void set(boolean high) throws BusException {
                try {
                    out.state(high ? DigitalState.HIGH : DigitalState.LOW);
                } catch (RuntimeException e) {
                    throw new BusException(BusException.Kind.IO, "gpio " + line + ": set " + (high ? "high" : "low")
                            + " failed: " + e.getMessage(), e);
                }
            }
        };
    }

    /** A Pi4J failure as a BusException: NACK when any cause says the device did not acknowledge. */
    static BusException translate(String what, RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isNack(t)) {
                return new BusException(BusException.Kind.NACK, what + ": no acknowledge (" + t.getMessage() + ")", e);
            }
        }
        return new BusException(BusException.Kind.IO, what + " failed: " + e.getMessage(), e);
    }

    private static boolean isNack(Throwable t) {
        if (t instanceof com.pi4j.library.linuxfs.LinuxFile.LinuxFileException) {
            int code = ((com.pi4j.library.linuxfs.LinuxFile.LinuxFileException) t).getCode();
            if (code == ENXIO || code == EREMOTEIO) {
                return true;
            }
        }
        String m = t.getMessage();
        return m != null && (m.contains("Remote I/O error") || m.contains("No such device or address"));
    }

    /** A negative count is an error code (IO); a smaller one a short transfer. */
    private static BusException countError(int n, int len, String what) {
        if (n < 0) {
            return new BusException(BusException.Kind.IO, what + ": failed (" + n + ")");
        }
        return new BusException(BusException.Kind.SHORT_READ, what + ": " + n + " of " + len + " bytes");
    }

    private static String where(int bus, int address) {
        return "i2c-" + bus + " 0x" + Integer.toHexString(address);
    }
}
