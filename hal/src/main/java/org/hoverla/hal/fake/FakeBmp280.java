package org.hoverla.hal.fake;

/**
 * A BMP280 on I2C built from the datasheet's register map (BST-BMP280-DS001 section 4): chip id
 * 0xD0 = 0x58, soft reset 0xE0 ← 0xB6, status 0xF3 (measuring, im_update), ctrl_meas 0xF4, config
 * 0xF5, data 0xF7..0xFC reading 0x80000 until the first measurement, trimming 0x88..0x9F holding
 * the datasheet's example (3.12). Sleep, forced and normal mode; in normal mode a measurement ends
 * every t_meas(typ) + t_standby on the fake's clock, goes through the IIR filter (3.3.3) and lands
 * in the data registers. Raw values are found by inverting the datasheet's compensation (its
 * double-precision formulae, written here independently of the driver). Noise: pressure 3.2 Pa
 * RMS at ×1 falling with √oversampling, temperature 0.005 °C at ×1 (datasheet table 7 use cases).
 */
public class FakeBmp280 extends FakeBoschBaro {
    /** Datasheet example trimming dig_T1..dig_P9 (3.12). */
    static final int[] DATASHEET_TRIM = {27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000};
    private static final int[] OVERSAMPLING = {0, 1, 2, 4, 8, 16, 16, 16};
    private static final int[] FILTER = {1, 2, 4, 8, 16, 16, 16, 16};
    private static final long[] STANDBY_NS = {500_000L, 62_500_000L, 125_000_000L, 250_000_000L, 500_000_000L,
        1_000_000_000L, 2_000_000_000L, 4_000_000_000L};
    public FakeBmp280(int bus, int address, long seed) {
        super(bus, address, seed);
        for (int i = 0; i < 12; i++) {
            poke(0x88 + 2 * i, DATASHEET_TRIM[i]);
            poke(0x89 + 2 * i, DATASHEET_TRIM[i] >> 8);
        }
        powerOnReset();
    }

    @Override
    void powerOnReset() {
        poke(0xD0, 0x58);
        poke(0xE0, 0x00);
        poke(0xF3, 0x00);
        poke(0xF4, 0x00);
        poke(0xF5, 0x00);
        writeData(0x80000, 0x80000);
        resetFilter();
    }

    /** Overwrites one trimming byte (0x88..0x9F), e.g. to fake a blank NVM. */
    public void setTrimmingByte(int register, int value) {
        poke(register, value);
    }

    @Override
    protected void afterWrite(int register, int value) {
        if (register == 0xE0) {
            if (value == 0xB6) {
                softReset();
            }
            poke(0xE0, 0x00); // reads as 0x00
        } else if (register == 0xF4) {
            int mode = value & 0x03;
            if (mode == 0x01 || mode == 0x02) {
                measure();
                poke(0xF4, value & 0xFC); // forced mode ends in sleep mode
            } else if (mode == 0x03) {
                startCycles();
            }
        } else if (register == 0xF5) {
            resetFilter(); // writing the filter register resets the filter (3.3.3)
        }
    }

    @Override
    protected void beforeRead(int register, int len) {
        int end = register + len - 1;
        if ((peek(0xF4) & 0x03) != 0x03 || end < 0xF3 || register > 0xFC) {
            poke(0xF3, 0x00);
            return;
        }
        long cycle = measurementNs() + STANDBY_NS[peek(0xF5) >> 5];
        long elapsed = clock.getAsLong() - cycleStartNs;
        runCycles(elapsed, cycle);
        poke(0xF3, elapsed % cycle < measurementNs() ? 0x08 : 0x00);
    }

    /** Typical measurement time (3.8.1): 1 ms + 2 ms per temperature and per pressure oversample + 0.5 ms. */
    private long measurementNs() {
        int osT = OVERSAMPLING[peek(0xF4) >> 5];
        int osP = OVERSAMPLING[(peek(0xF4) >> 2) & 7];
        return 1_000_000L + 2_000_000L * osT + (osP == 0 ? 0 : 2_000_000L * osP + 500_000L);
    }

    @Override
    void cycle() {
        measure();
    }

    private void measure() {
        if (frozen) {
            return;
        }
        int osT = OVERSAMPLING[peek(0xF4) >> 5];
        int osP = OVERSAMPLING[(peek(0xF4) >> 2) & 7];
        int coefficient = FILTER[(peek(0xF5) >> 2) & 7];
        double t = temperatureC + (osT == 0 ? 0 : random.nextGaussian() * 0.005 / Math.sqrt(osT));
        double p = pressurePa + (osP == 0 ? 0 : random.nextGaussian() * 3.2 / Math.sqrt(osP));
        double rawT = invertTemperature(t);
        double tFine = tFine(rawT);
        double rawP = invertPressure(p, tFine);
        filter(rawT, rawP, coefficient - 1);
        int outT = osT == 0 ? 0x80000 : quantise(filteredT, osT, coefficient);
        int outP = osP == 0 ? 0x80000 : quantise(filteredP, osP, coefficient);
        writeData(outP, outT);
    }

    /** 20 bits with the filter on, else 16 + log2(oversampling) bits (3.3.1, 3.3.2). */
    private static int quantise(double raw, int oversampling, int coefficient) {
        int v = (int) Math.max(0, Math.min(0xFFFFF, Math.round(raw)));
        if (coefficient == 1) {
            int bits = 16 + Integer.numberOfTrailingZeros(oversampling);
            v &= ~((1 << (20 - bits)) - 1);
        }
        return v;
    }

    private void writeData(int adcP, int adcT) {
        poke(0xF7, adcP >> 12);
        poke(0xF8, adcP >> 4);
        poke(0xF9, (adcP & 0x0F) << 4);
        poke(0xFA, adcT >> 12);
        poke(0xFB, adcT >> 4);
        poke(0xFC, (adcT & 0x0F) << 4);
    }

    private int trim(int i) {
        int v = peek(0x88 + 2 * i) | (peek(0x89 + 2 * i) << 8);
        return i == 0 || i == 3 ? v : (short) v;
    }

    private double tFine(double adcT) {
        double a = adcT / 16384.0 - trim(0) / 1024.0;
        double b = adcT / 131072.0 - trim(0) / 8192.0;
        return a * trim(1) + b * b * trim(2);
    }

    /** T(adc) rises monotonically over the 20-bit range for real trimming: bisection, no allocation. */
    private double invertTemperature(double celsius) {
        double target = celsius * 5120.0;
        double lo = 0;
        double hi = 0xFFFFF;
        for (int i = 0; i < 40; i++) {
            double mid = (lo + hi) / 2;
            if (tFine(mid) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private double pressure(double adcP, double tFine) {
        double var1 = tFine / 2.0 - 64000.0;
        double var2 = var1 * var1 * trim(8) / 32768.0 + var1 * trim(7) * 2.0;
        var2 = var2 / 4.0 + trim(6) * 65536.0;
        var1 = (trim(5) * var1 * var1 / 524288.0 + trim(4) * var1) / 524288.0;
        var1 = (1.0 + var1 / 32768.0) * trim(3);
        double p = (1048576.0 - adcP - var2 / 4096.0) * 6250.0 / var1;
        return p + (trim(11) * p * p / 2147483648.0 + p * trim(10) / 32768.0 + trim(9)) / 16.0;
    }

    /** p(adc) falls monotonically: bisection. */
    private double invertPressure(double pa, double tFine) {
        double lo = 0;
        double hi = 0xFFFFF;
        for (int i = 0; i < 40; i++) {
            double mid = (lo + hi) / 2;
            if (pressure(mid, tFine) > pa) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
