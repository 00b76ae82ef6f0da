package org.hoverla.hal.fake;

import java.util.Arrays;

/**
 * QMC5883L magnetometer as a register file (datasheet register map; see {@code chip.Qmc5883l}).
 * Chip id 0x0D reads 0xFF, register 0x0C reads 0x01. In continuous mode (CNTL1 MODE = 01) a read
 * of STATUS (0x06) while DRDY is clear completes a new conversion, so a poller always finds fresh
 * data at its own pace (the real 50 Hz output timing is not modelled); reading a data register
 * (0x00–0x05) clears DRDY and DOR. A channel beyond the CNTL1 range (±2 or ±8 G) sets OVL and
 * clamps its output. CNTL2 bit 7 (SOFT_RST) restores the power-on registers and clears itself.
 * The sensor's axes are x forward, y left, z up, so a body-FRD field (x, y, z) reads (x, −y, −z).
 * TOUT holds the temperature at 100 LSB/°C. Noise: seeded Gaussian, 2 mG RMS per axis (datasheet
 * field resolution at OSR 512).
 *
 * <p>Default state: level, facing north, earth field (0.21, 0.0, 0.43) G in FRD, 20 °C.
 */
public class FakeQmc5883l extends FakeMagnetometer {
    private static final int STATUS = 0x06;
    private static final int CNTL1 = 0x09;
    private static final int CNTL2 = 0x0A;
    /** 2 mG RMS per axis (datasheet field resolution at OSR 512). */
    public static final double NOISE_GAUSS = 0.002;

    private double temperatureC = 20.0;
    private long conversions;

    public FakeQmc5883l(int bus, int address, long seed) {
        super(bus, address, seed, NOISE_GAUSS);
        powerOn();
    }

    private void powerOn() {
        Arrays.fill(registers, 0);
        registers[0x0C] = 0x01;
        registers[0x0D] = 0xFF;
    }

    @Override
    protected void afterWrite(int register, int value) {
        if (register == CNTL2 && (value & 0x80) != 0) {
            powerOn();
        }
    }

    @Override
    protected void beforeRead(int register, int len) {
        boolean coversStatus = register <= STATUS && register + len > STATUS;
        if (coversStatus && (registers[CNTL1] & 0x03) == 0x01 && (registers[STATUS] & 0x01) == 0) {
            convert();
        }
    }

    @Override
    protected int readByte(int register) {
        int value = registers[register];
        if (register <= 0x05) {
            registers[STATUS] &= ~0x05;
        }
        return value;
    }

    private void convert() {
        conversions++;
        int status = 0x01;
        if (!frozen) {
            double lsbPerGauss = (registers[CNTL1] & 0x30) == 0x10 ? 3000.0 : 12000.0;
            double rangeGauss = (registers[CNTL1] & 0x30) == 0x10 ? 8.0 : 2.0;
            boolean over = Math.abs(fieldXGauss) > rangeGauss || Math.abs(fieldYGauss) > rangeGauss
                    || Math.abs(fieldZGauss) > rangeGauss;
            putRaw(0x00, fieldXGauss, lsbPerGauss);
            putRaw(0x02, -fieldYGauss, lsbPerGauss);
            putRaw(0x04, -fieldZGauss, lsbPerGauss);
            long t = Math.round(temperatureC * 100.0);
            registers[0x07] = (int) (t & 0xFF);
            registers[0x08] = (int) ((t >> 8) & 0xFF);
            if (over) {
                status |= 0x02;
            }
        } else {
            status |= registers[STATUS] & 0x02;
        }
        registers[STATUS] = status;
    }

    private void putRaw(int register, double gauss, double lsbPerGauss) {
        putLe16(register, noisy(gauss) * lsbPerGauss);
    }

    /** Sets the die temperature (°C). */
    public void setTemperature(double celsius) {
        temperatureC = celsius;
    }

    /** Conversions completed so far. */
    public long conversions() {
        return conversions;
    }
}
