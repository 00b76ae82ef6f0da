package org.hoverla.core.boot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hoverla.core.unit.HostSerial;
import org.hoverla.core.unit.UnitIdentity;
import org.hoverla.hal.chip.Bmp280;
import org.hoverla.hal.chip.Bmp388;
import org.hoverla.hal.chip.Icm20948;
import org.hoverla.hal.chip.Icm42688p;
import org.hoverla.hal.chip.Ina226;
import org.hoverla.hal.chip.Ist8310;
import org.hoverla.hal.chip.Mpu6050;
import org.hoverla.hal.chip.Qmc5883l;

/**
 * Builds the unit's {@link UnitIdentity} from what a boot (or a self-test) probed. Boot thread.
 *
 * <p><b>Chip ids.</b> Every chip backend's {@code probe} reads the chip's identity register and
 * refuses the chip unless it holds the datasheet's value, so for a probed device the value read is
 * the value below; {@link #CHIP_IDS} gives it in the form {@code 0xNN} (two registers:
 * {@code 0xNNNN/0xNNNN}). Chips with no identity register (MS5611: its PROM's CRC-4 is checked
 * instead; PCA9685; ADS1115) and serial devices (GNSS, RC) have "".
 */
public final class UnitIdentities {
    /**
     * Chip name → identity register value its probe checked. Sources are the backends' constants
     * (each cites its datasheet): ICM-42688-P WHO_AM_I (0x75), MPU-6050 WHO_AM_I (0x75), ICM-20948
     * WHO_AM_I (0x00), BMP280 id (0xD0), BMP388 CHIP_ID (0x00), IST8310 WAI (0x00), QMC5883L chip id
     * (0x0D), INA226 manufacturer id (0xFE) / die id (0xFF).
     */
    public static final Map<String, String> CHIP_IDS = Map.of(
            "icm42688p", hex2(Icm42688p.WHO_AM_I_VALUE),
            "mpu6050", hex2(Mpu6050.WHO_AM_I_VALUE),
            "icm20948", hex2(Icm20948.WHO_AM_I_VALUE),
            "bmp280", hex2(Bmp280.CHIP_ID),
            "bmp388", hex2(Bmp388.CHIP_ID),
            "ist8310", hex2(Ist8310.DEVICE_ID),
            "qmc5883l", hex2(Qmc5883l.CHIP_ID),
            "ina226", String.format("0x%04x/0x%04x", Ina226.MANUFACTURER_ID, Ina226.DIE_ID));

    private UnitIdentities() {
    }

    /**
     * The identity of the unit a board file describes, with the devices a boot probed, the host's
     * serial ({@link HostSerial#read()}) and the UID {@link UnitIdentity#resolveUid kept or made}
     * in {@code stateDir}.
     */
    public static UnitIdentity of(BoardConfig board, List<UnitIdentity.ChipIdentity> probed, Path stateDir)
            throws IOException {
        String serial = HostSerial.read();
        return new UnitIdentity(UnitIdentity.resolveUid(stateDir, serial), board.name(), board.source(), serial, probed);
    }

    /** As above with a known UID and host serial (tests, callers that resolved them already). */
    public static UnitIdentity of(BoardConfig board, List<UnitIdentity.ChipIdentity> probed, long uid, String hostSerial) {
        return new UnitIdentity(uid, board.name(), board.source(), hostSerial, probed);
    }

    /**
     * One probed device.
     *
     * @param name     the device's name in this boot ({@code imu0}, {@code baro3}: role and board-file index)
     * @param deviceId the PX4 device id its backend reports (0 for devices without one)
     */
    public static UnitIdentity.ChipIdentity chip(String name, DeviceConfig d, int deviceId) {
        String bus;
        String address;
        if (d.bus() instanceof DeviceConfig.Bus.I2c i2c) {
            bus = "i2c" + i2c.bus();
            address = "0x" + String.format("%02x", i2c.address());
        } else if (d.bus() instanceof DeviceConfig.Bus.Spi spi) {
            bus = "spi" + spi.bus();
            address = "cs" + spi.cs();
        } else if (d.bus() instanceof DeviceConfig.Bus.Uart uart) {
            bus = "uart";
            address = uart.path();
        } else {
            bus = "none";
            address = "";
        }
        return new UnitIdentity.ChipIdentity(name, d.chip(), bus, address, deviceId, CHIP_IDS.getOrDefault(d.chip(), ""));
    }

    private static String hex2(int v) {
        return String.format("0x%02x", v);
    }
}
