package org.hoverla.hal.fake;

import java.util.Random;

/**
 * AK09916 magnetometer register file (AKM datasheet AK09916C rev 2016/06, §9–§10), as it sits on
 * the ICM-20948's auxiliary I2C bus at 0x0C; {@link FakeIcm20948} is its only bus master. WIA1 0x48,
 * WIA2 0x09; CNTL2 modes power-down, single, continuous 10/20/50/100 Hz and self-test; CNTL3 soft
 * reset; ST1.DRDY set by a measurement and cleared by reading ST2; ST1.DOR when a measurement
 * overwrote unread data; ST2.HOFL on overflow (±4912 µT). Data little-endian, 0.15 µT/LSB.
 *
 * <p>Axes: the field is set in the ICM-20948's FRD sensor frame and mapped to the AK's axes as
 * PX4's ICM20948_AK09916 expects them (x_FRD = HY, y_FRD = −HX, z_FRD = HZ). Noise: 1 LSB rms
 * (an assumption; the datasheet gives no figure for this package).
 */
final class FakeAk09916 {
    static final int ADDRESS = 0x0C;
    private static final double GAUSS_PER_LSB = 0.0015;
    private static final int ST1 = 0x10;
    private static final int HXL = 0x11;
    private static final int ST2 = 0x18;
    private static final int CNTL2 = 0x31;
    private static final int CNTL3 = 0x32;

    private final int[] registers = new int[0x40];
    private final Random random;
    final double[] fieldFrdGauss = {0.21, 0.0, 0.43};
    boolean present = true;
    boolean frozen;
    double selfTestScale = 1.0;
    private long nextMeasurementNs = Long.MAX_VALUE;
    private final int[] raw = new int[3];

    FakeAk09916(long seed) {
        random = new Random(seed ^ 0x09916L);
        reset();
    }

    private void reset() {
        java.util.Arrays.fill(registers, 0);
        registers[0x00] = 0x48;
        registers[0x01] = 0x09;
        nextMeasurementNs = Long.MAX_VALUE;
    }

    int read(int register, long nowNs) {
        advance(nowNs);
        int r = register & 0x3F;
        int v = registers[r];
        if (r == ST2) {
            registers[ST1] &= ~0x03; // reading ST2 ends the data read: DRDY and DOR clear
        }
        return v;
    }

    void write(int register, int value, long nowNs) {
        advance(nowNs);
        int r = register & 0x3F;
        if (r == CNTL3) {
            if ((value & 0x01) != 0) {
                reset();
            }
            return;
        }
        if (r == CNTL2) {
            registers[CNTL2] = value & 0x1F;
            long period = periodNs(value & 0x1F);
            // Single and self-test: one measurement (≤ 8.2 ms); continuous: the first after one period.
            nextMeasurementNs = period == 0 ? Long.MAX_VALUE : nowNs + period;
        }
    }

    private static long periodNs(int mode) {
        switch (mode) {
            case 0x01: case 0x10: return 8_000_000L;
            case 0x02: return 100_000_000L;
            case 0x04: return 50_000_000L;
            case 0x06: return 20_000_000L;
            case 0x08: return 10_000_000L;
            default: return 0;
        }
    }

    void advance(long nowNs) {
        if (nowNs < nextMeasurementNs) {
            return;
        }
        int mode = registers[CNTL2];
        measure(mode == 0x10);
        if (mode == 0x01 || mode == 0x10) {
            registers[CNTL2] = 0; // back to power-down after one measurement
            nextMeasurementNs = Long.MAX_VALUE;
        } else {
            long period = periodNs(mode);
            long missed = (nowNs - nextMeasurementNs) / period;
            nextMeasurementNs += (missed + 1) * period;
        }
    }

    private void measure(boolean selfTest) {
        if (selfTest) {
            // Inside the datasheet's self-test window (HX, HY within ±200, HZ within −1000..−200 LSB).
            raw[0] = (int) Math.round(60 * selfTestScale);
            raw[1] = (int) Math.round(-40 * selfTestScale);
            raw[2] = (int) Math.round(-500 * selfTestScale);
        } else if (!frozen) {
            raw[0] = (int) Math.round(-fieldFrdGauss[1] / GAUSS_PER_LSB + random.nextGaussian());
            raw[1] = (int) Math.round(fieldFrdGauss[0] / GAUSS_PER_LSB + random.nextGaussian());
            raw[2] = (int) Math.round(fieldFrdGauss[2] / GAUSS_PER_LSB + random.nextGaussian());
        }
        boolean overflow = false;
        for (int i = 0; i < 3; i++) {
            if (Math.abs(raw[i]) > 32752) {
                overflow = true;
            }
            int v = Math.max(-32752, Math.min(32752, raw[i]));
            registers[HXL + 2 * i] = v & 0xFF;
            registers[HXL + 2 * i + 1] = (v >> 8) & 0xFF;
        }
        registers[ST2] = overflow ? 0x08 : 0x00;
        if ((registers[ST1] & 0x01) != 0) {
            registers[ST1] |= 0x02; // DOR: the previous data were never read
        }
        registers[ST1] |= 0x01;
    }
}
