package org.hoverla.hal.chip;

import java.util.Map;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.I2cDevice;
import org.hoverla.hal.bus.SpiDevice;

/**
 * Where each chip keeps its identity register and what it must read, so a production test can
 * read and print the id before (and whatever) the probe does. Sources are the chip classes'
 * (each cites its datasheet): WHO_AM_I / WAI / CHIP_ID registers; the INA226's die id. Chips
 * without an id register (MS5611, PCA9685, ADS1115) have no entry: their probes identify them by
 * behaviour (PROM CRC, register read-back).
 *
 * <p>Boot thread only (allocates).
 */
public final class ChipIds {
    /**
     * One chip's id register.
     *
     * @param register the register address (bank 0 / after reset)
     * @param expected what it reads on a genuine part
     * @param bytes    1, or 2 for a big-endian 16-bit id (INA226)
     */
    public record IdRegister(int register, int expected, int bytes) {
        /** The value as a report prints it: 0x47, 0x2260. */
        public String format(int value) {
            return bytes == 2 ? String.format("0x%04x", value) : String.format("0x%02x", value);
        }
    }

    private static final Map<String, IdRegister> IDS = Map.of(
            "icm42688p", new IdRegister(Icm42688p.WHO_AM_I, Icm42688p.WHO_AM_I_VALUE, 1),
            "mpu6050", new IdRegister(Mpu6050.WHO_AM_I, Mpu6050.WHO_AM_I_VALUE, 1),
            "icm20948", new IdRegister(Icm20948.WHO_AM_I, Icm20948.WHO_AM_I_VALUE, 1),
            "bmp280", new IdRegister(Bmp280.REG_ID, Bmp280.CHIP_ID, 1),
            "bmp388", new IdRegister(Bmp388.REG_CHIP_ID, Bmp388.CHIP_ID, 1),
            "ist8310", new IdRegister(Ist8310.REG_WAI, Ist8310.DEVICE_ID, 1),
            "qmc5883l", new IdRegister(Qmc5883l.REG_CHIP_ID, Qmc5883l.CHIP_ID, 1),
            "ina226", new IdRegister(Ina226.REG_DIE_ID, Ina226.DIE_ID, 2));

    private ChipIds() {
    }

    /** The chip's id register, or null when it has none. */
    public static IdRegister of(String chip) {
        return IDS.get(chip);
    }

    /** Reads the id register over I2C. @throws BusException NACK (absent) or bus error */
    public static int read(IdRegister id, I2cDevice dev) throws BusException {
        byte[] b = new byte[2];
        dev.readRegisters(id.register(), b, 0, id.bytes());
        return id.bytes() == 2 ? ((b[0] & 0xFF) << 8) | (b[1] & 0xFF) : b[0] & 0xFF;
    }

    /**
     * Reads the id register over SPI (register address with bit 7 set, then the data byte; the
     * InvenSense and Bosch convention). SPI has no acknowledge: an absent chip reads 0xFF or 0x00.
     */
    public static int read(IdRegister id, SpiDevice dev) throws BusException {
        byte[] tx = new byte[1 + id.bytes()];
        byte[] rx = new byte[tx.length];
        tx[0] = (byte) (0x80 | id.register());
        dev.transfer(tx, rx, tx.length);
        return id.bytes() == 2 ? ((rx[1] & 0xFF) << 8) | (rx[2] & 0xFF) : rx[1] & 0xFF;
    }
}
