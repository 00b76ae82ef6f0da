package org.hoverla.hal.fake;


/**
 * IST8310 magnetometer as a register file (datasheet register map; see {@code chip.Ist8310}).
 * WAI 0x00 reads 0x10; writing 0x01 to CNTL1 (0x0A) takes one measurement of the set field at once
 * (the real 6 ms conversion is not timed), sets STAT1.DRDY and returns CNTL1 to stand-by; reading
 * a data register clears DRDY (and DOR). Writing CNTL2.SRST restores the power-on registers.
 * STR bit 6 inverts the measured polarity (self-test). The sensor's axes are x forward, y right,
 * z up, so a body-FRD field (x, y, z) reads (x, y, −z) at 0.3 µT/LSB with seeded Gaussian noise
 * of one LSB per axis.
 *
 * <p>Default state: level, facing north, earth field (0.21, 0.0, 0.43) G in FRD.
 */
public class FakeIst8310 extends FakeMagnetometer {
    private static final int WAI = 0x00;
    private static final int STAT1 = 0x02;
    private static final int DATAXL = 0x03;
    private static final int DATAZH = 0x08;
    private static final int CNTL1 = 0x0A;
    private static final int CNTL2 = 0x0B;
    private static final int STR = 0x0C;
    private static final double GAUSS_PER_LSB = 0.003;
    /** One LSB (3 mG) per axis: the 16× averaged noise the driver's stuck-data rule assumes. */
    public static final double NOISE_GAUSS = 0.003;

    private boolean selfTestBroken;
    private long measurements;

    public FakeIst8310(int bus, int address, long seed) {
        super(bus, address, seed, NOISE_GAUSS);
        powerOn();
    }

    private void powerOn() {
        java.util.Arrays.fill(registers, 0);
        registers[WAI] = 0x10;
    }

    @Override
    protected void afterWrite(int register, int value) {
        if (register == CNTL2 && (value & 0x01) != 0) {
            powerOn();
        } else if (register == CNTL1 && (value & 0x0F) == 0x01) {
            measure();
            registers[CNTL1] = 0; // single-measurement mode falls back to stand-by
        }
    }

    @Override
    protected int readByte(int register) {
        int value = registers[register];
        if (register >= DATAXL && register <= DATAZH) {
            registers[STAT1] &= ~0x03;
        }
        return value;
    }

    private void measure() {
        measurements++;
        if (!frozen) {
            double sign = (registers[STR] & 0x40) != 0 && !selfTestBroken ? -1.0 : 1.0;
            putRaw(DATAXL, sign * fieldXGauss);
            putRaw(DATAXL + 2, sign * fieldYGauss);
            putRaw(DATAXL + 4, -sign * fieldZGauss);
        }
        boolean unread = (registers[STAT1] & 0x01) != 0;
        registers[STAT1] = 0x01 | (unread ? 0x02 : 0);
    }

    private void putRaw(int register, double gauss) {
        putLe16(register, noisy(gauss) / GAUSS_PER_LSB);
    }

    /** A broken self-test: STR bit 6 no longer inverts the output. */
    public void setSelfTestBroken(boolean broken) {
        selfTestBroken = broken;
    }

    /** Single measurements taken so far. */
    public long measurements() {
        return measurements;
    }
}
