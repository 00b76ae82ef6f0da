package org.hoverla.hal.chip;

/**
 * PX4's sensor device id ({@code union DeviceId} in drivers/device/Device.hpp): bus type in bits
 * 0–2, bus number in bits 3–7, address in bits 8–15, device type in bits 16–23. Calibration is
 * stored per device id, so a replaced chip is noticed.
 */
public final class DeviceId {
    public static final int BUS_TYPE_I2C = 1;
    public static final int BUS_TYPE_SPI = 2;
    public static final int BUS_TYPE_SIMULATION = 4;

    private DeviceId() {
    }

    /** @throws IllegalArgumentException if a field does not fit its bits */
    public static int of(int busType, int bus, int address, int devType) {
        if (busType < 0 || busType > 7 || bus < 0 || bus > 31 || address < 0 || address > 255
                || devType < 0 || devType > 255) {
            throw new IllegalArgumentException("device id field out of range: bus type " + busType + ", bus " + bus
                    + ", address " + address + ", device type " + devType);
        }
        return busType | (bus << 3) | (address << 8) | (devType << 16);
    }
}
