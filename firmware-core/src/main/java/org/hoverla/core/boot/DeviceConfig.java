package org.hoverla.core.boot;

import java.util.Map;
import org.hoverla.core.sensors.Rotation;

/**
 * One device line of a board file, validated.
 *
 * @param line      the board file line where the device starts (for boot errors)
 * @param role      what the device is for
 * @param chip      the chip name (lower case, as {@link ChipCatalog} knows it)
 * @param bus       where it is: {@link Bus.I2c}, {@link Bus.Spi}, {@link Bus.Uart} or {@link Bus.None} (simulated devices)
 * @param rotation  mounting rotation (PX4 numbering)
 * @param priority  0..100 among instances of the same role; higher is preferred while healthy
 * @param options   chip-specific numbers (e.g. {@code voltage_scale}), already checked against the chip's option list
 * @param fault     on a {@code buses: fake} board, the fault its fake is given ({@code fault: wrong-id}); null: healthy
 */
public record DeviceConfig(int line, Role role, String chip, Bus bus, Rotation rotation, int priority,
                           Map<String, Double> options, FakeFault fault) {

    /** A healthy device. */
    public DeviceConfig(int line, Role role, String chip, Bus bus, Rotation rotation, int priority,
                        Map<String, Double> options) {
        this(line, role, chip, bus, rotation, priority, options, null);
    }

    /** The roles a board file can name. */
    public enum Role {
        IMU, BARO, MAG, GNSS, BATTERY, PWM, RC;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Where a device is attached. */
    public sealed interface Bus permits Bus.I2c, Bus.Spi, Bus.Uart, Bus.None {
        /** A device on I2C bus {@code bus} ({@code /dev/i2c-bus}) at 7-bit {@code address}. */
        record I2c(int bus, int address) implements Bus {
            @Override
            public String toString() {
                return "i2c bus " + bus + " address 0x" + Integer.toHexString(address);
            }
        }

        /** A device on SPI bus {@code bus} with chip select {@code cs} ({@code /dev/spidevB.C}). */
        record Spi(int bus, int cs) implements Bus {
            @Override
            public String toString() {
                return "spi bus " + bus + " chip select " + cs;
            }
        }

        /** A device on a serial port ({@code /dev/ttyAMA0}, {@code /dev/ttyUSB0}, a pty) at {@code baud}, 8N1. */
        record Uart(String path, int baud) implements Bus {
            @Override
            public String toString() {
                return "uart " + path + " at " + baud + " baud";
            }
        }

        /** No bus: a simulated or external-simulator device. */
        record None() implements Bus {
            @Override
            public String toString() {
                return "no bus";
            }
        }
    }

    public double option(String key, double fallback) {
        Double v = options.get(key);
        return v == null ? fallback : v;
    }
}
