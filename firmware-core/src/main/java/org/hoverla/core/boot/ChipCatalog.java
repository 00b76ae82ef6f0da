package org.hoverla.core.boot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hoverla.core.boot.DeviceConfig.Role;

/**
 * The chips a board file may name: role, the buses each can sit on, its usual addresses, and the
 * chip-specific options with their ranges. Only data: {@link BoardDevices} turns an entry into a
 * probed backend (or its register-file fake).
 */
public final class ChipCatalog {
    /** How a chip can be attached. */
    public enum BusKind { I2C, SPI, UART, NONE }

    /** One option a chip accepts in its board-file entry. */
    public record Option(String key, double min, double max, double fallback, String meaning) {
    }

    /** One chip the boot code can bring up. */
    public record Chip(String name, Role role, Set<BusKind> buses, List<Integer> i2cAddresses, List<Option> options,
                       String description) {
        public Option option(String key) {
            for (Option o : options) {
                if (o.key().equals(key)) {
                    return o;
                }
            }
            return null;
        }
    }

    private static final Map<String, Chip> CHIPS = new LinkedHashMap<>();

    static {
        add(new Chip("icm42688p", Role.IMU, Set.of(BusKind.SPI), List.of(), List.of(),
                "TDK InvenSense ICM-42688-P 6-axis IMU (PilotPi-class HATs)"));
        add(new Chip("mpu6050", Role.IMU, Set.of(BusKind.I2C), List.of(0x68, 0x69), List.of(),
                "InvenSense MPU-6050 6-axis IMU"));
        add(new Chip("icm20948", Role.IMU, Set.of(BusKind.I2C), List.of(0x68, 0x69), List.of(),
                "TDK InvenSense ICM-20948 9-axis IMU (accelerometer and gyro used)"));
        add(new Chip("ms5611", Role.BARO, Set.of(BusKind.I2C, BusKind.SPI), List.of(0x76, 0x77), List.of(),
                "TE MS5611 barometer"));
        add(new Chip("bmp280", Role.BARO, Set.of(BusKind.I2C), List.of(0x76, 0x77), List.of(),
                "Bosch BMP280 barometer"));
        add(new Chip("bmp388", Role.BARO, Set.of(BusKind.I2C), List.of(0x76, 0x77), List.of(),
                "Bosch BMP388 barometer"));
        add(new Chip("ist8310", Role.MAG, Set.of(BusKind.I2C), List.of(0x0C, 0x0D, 0x0E, 0x0F), List.of(),
                "Isentek IST8310 magnetometer"));
        add(new Chip("qmc5883l", Role.MAG, Set.of(BusKind.I2C), List.of(0x0D), List.of(),
                "QST QMC5883L magnetometer"));
        add(new Chip("ina226", Role.BATTERY, Set.of(BusKind.I2C), java.util.stream.IntStream.rangeClosed(0x40, 0x4F).boxed().toList(), List.of(
                new Option("shunt_ohm", 0.0001, 1.0, 0.0005, "shunt resistance (ohm)"),
                new Option("max_current_a", 0.1, 500.0, 90.0, "largest current to measure (A), sets the LSB")),
                "TI INA226 voltage and current monitor"));
        add(new Chip("ads1115", Role.BATTERY, Set.of(BusKind.I2C), List.of(0x48, 0x49, 0x4A, 0x4B), List.of(
                new Option("voltage_channel", 0, 3, 0, "ADC input of the divided pack voltage"),
                new Option("voltage_scale", 1.0, 100.0, 11.0, "divider ratio: pack volts per ADC volt (PX4 BAT1_V_DIV)"),
                new Option("current_channel", -1, 3, -1, "ADC input of the current sensor, -1 for none"),
                new Option("amps_per_volt", 0.0, 1000.0, 0.0, "current sensor scale (PX4 BAT1_A_PER_V)"),
                new Option("amps_offset_v", -5.0, 5.0, 0.0, "current sensor output at 0 A (V)")),
                "TI ADS1115 4-channel ADC with a power module's voltage divider and current sensor"));
        add(new Chip("pca9685", Role.PWM, Set.of(BusKind.I2C), List.of(0x40, 0x41, 0x70), List.of(
                new Option("output_enable_gpio", -1, 63, -1, "GPIO line wired to the active-low OE pin, -1 for none")),
                "NXP PCA9685 16-channel PWM generator driving the ESCs"));
        add(new Chip("ublox", Role.GNSS, Set.of(BusKind.UART), List.of(), List.of(),
                "u-blox receiver on a serial port (UBX, NMEA read too); baud rate found and configured by UBX at start-up and after a reboot"));
        add(new Chip("nmea", Role.GNSS, Set.of(BusKind.UART), List.of(), List.of(),
                "NMEA 0183 receiver on a serial port (any talker; UBX read too)"));
        add(new Chip("crsf", Role.RC, Set.of(BusKind.UART), List.of(), List.of(
                new Option("link_timeout_ms", 50, 5000, 500, "no valid RC frame for this long is RC loss (ms; PX4 crsf_rc: 500)"),
                new Option("telemetry", 0, 1, 1, "1: send battery, attitude and flight mode back to the transmitter")),
                "CRSF receiver (ExpressLRS, TBS Crossfire) on a serial port, 420000 baud 8N1 unless 'baud' says otherwise"));
        add(new Chip("sbus", Role.RC, Set.of(BusKind.UART), List.of(), List.of(
                new Option("link_timeout_ms", 50, 5000, 500, "no valid RC frame for this long is RC loss (ms)")),
                "SBUS receiver on a serial port, 100000 baud 8E2, behind a signal inverter (docs/rc-receivers.md)"));
        add(new Chip("fixed", Role.GNSS, Set.of(BusKind.NONE), List.of(), List.of(
                new Option("lat_deg", -90.0, 90.0, 47.397742, "latitude of the bench (deg)"),
                new Option("lon_deg", -180.0, 180.0, 8.545594, "longitude of the bench (deg)"),
                new Option("alt_m", -500.0, 9000.0, 488.0, "altitude above mean sea level (m)")),
                "a stationary receiver with a 3-D fix at a fixed position, for fake boards on a bench"));
    }

    private ChipCatalog() {
    }

    private static void add(Chip chip) {
        CHIPS.put(chip.name(), chip);
    }

    /** @return the chip, or null when no chip has that name */
    public static Chip chip(String name) {
        return CHIPS.get(name);
    }

    public static Iterable<Chip> all() {
        return CHIPS.values();
    }

    /** Chip names of a role, for error messages. */
    public static List<String> namesOf(Role role) {
        return CHIPS.values().stream().filter(c -> c.role() == role).map(Chip::name).toList();
    }
}
