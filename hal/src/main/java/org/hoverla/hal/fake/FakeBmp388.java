package org.hoverla.hal.fake;

/**
 * A BMP388 on I2C built from the datasheet's register map: CHIP_ID 0x00 = 0x50, ERR_REG 0x02,
 * STATUS 0x03 (cmd_rdy; drdy_press / drdy_temp set at each conversion's end and cleared when the
 * pressure / temperature data registers are read), DATA 0x04..0x09, PWR_CTRL 0x1B, OSR 0x1C, ODR
 * 0x1D, CONFIG 0x1F, CMD 0x7E (0xB6 soft reset), the trimming CRC at 0x30 and NVM calibration
 * 0x31..0x45. The NVM holds a real part's dump (published in the elixir-sensors/bmp3xx tests).
 *
 * <p>Normal mode: a conversion ends every ODR period on the fake's clock; ERR_REG conf_err is set
 * when the conversion time (datasheet "Measurement time") exceeds the period. Each conversion goes
 * through the IIR filter (coefficient 2ⁿ−1) and lands in the data registers as raw values found by
 * inverting the datasheet's floating-point compensation (written here independently of the
 * driver). Forced mode converts once and returns to sleep. Noise: the datasheet's tables 8 and 9
 * (IIR off), e.g. 2.3 Pa and 0.005 °C at ×8 / ×1; datasheet BST-BMP388-DS001-07 rev 1.7.
 */
public class FakeBmp388 extends FakeBoschBaro {
    /** Real part NVM 0x31..0x45: T1 27427, T2 18776, T3 -10, P1 -164, P2 -2866, P3 35, P4 0, P5 25578, P6 31086, P7 -13, P8 -10, P9 17322, P10 18, P11 -60. */
    static final int[] NVM = {0x23, 0x6B, 0x58, 0x49, 0xF6, 0x5C, 0xFF, 0xCE, 0xF4, 0x23, 0x00, 0xEA, 0x63, 0x6E, 0x79,
        0xF3, 0xF6, 0xAA, 0x43, 0x12, 0xC4};
    /** Table 8: typical RMS pressure noise with the IIR filter off, ×1..×32 (Pa); the filter then reduces it. */
    private static final double[] NOISE_PA = {6.6, 4.3, 3.2, 2.3, 1.6, 1.2};

    public FakeBmp388(int bus, int address, long seed) {
        super(bus, address, seed);
        for (int i = 0; i < NVM.length; i++) {
            poke(0x31 + i, NVM[i]);
        }
        poke(0x30, crc(NVM));
        powerOnReset();
    }

    /** Bosch's trimming CRC (polynomial 0x1D, seed 0xFF, final XOR 0xFF), written independently of the driver. */
    static int crc(int[] bytes) {
        int c = 0xFF;
        for (int v : bytes) {
            for (int k = 7; k >= 0; k--) {
                int top = ((c >> 7) ^ (v >> k)) & 1;
                c = ((c << 1) & 0xFF) ^ (top == 1 ? 0x1D : 0);
            }
        }
        return c ^ 0xFF;
    }

    @Override
    void powerOnReset() {
        poke(0x00, 0x50);
        poke(0x01, 0x01);
        poke(0x02, 0x00);
        poke(0x03, 0x10);
        for (int r = 0x04; r <= 0x09; r++) {
            poke(r, 0);
        }
        poke(0x06, 0x80); // data reset value 0x800000 (table 24)
        poke(0x09, 0x80);
        poke(0x1B, 0x00);
        poke(0x1C, 0x02);
        poke(0x1D, 0x00);
        poke(0x1F, 0x00);
        poke(0x7E, 0x00);
        resetFilter();
    }

    /** Overwrites one NVM byte (0x30..0x45) without fixing the CRC, to fake a corrupt NVM. */
    public void setNvmByte(int register, int value) {
        poke(register, value);
    }

    @Override
    protected void afterWrite(int register, int value) {
        if (register == 0x7E) {
            if (value == 0xB6) {
                softReset();
            } else {
                poke(0x02, peek(0x02) | 0x02); // cmd_err
            }
            poke(0x7E, 0x00);
        } else if (register == 0x1B) {
            int mode = (value >> 4) & 0x03;
            if (mode == 0x01 || mode == 0x02) {
                convert();
                poke(0x1B, value & 0x0F); // forced mode ends in sleep mode
            } else if (mode == 0x03) {
                startCycles();
                boolean tooSlow = conversionNs() > odrPeriodNs();
                poke(0x02, tooSlow ? peek(0x02) | 0x04 : peek(0x02) & ~0x04);
            }
        } else if (register == 0x1F) {
            resetFilter();
        }
    }

    @Override
    protected void beforeRead(int register, int len) {
        if ((peek(0x1B) & 0x30) != 0x30 || (peek(0x02) & 0x04) != 0) {
            return;
        }
        runCycles(clock.getAsLong() - cycleStartNs, odrPeriodNs());
    }

    @Override
    protected int readByte(int register) {
        int v = peek(register);
        if (register == 0x02) {
            poke(0x02, v & ~0x06); // cmd_err and conf_err clear on read (4.3.2)
        } else if (register >= 0x04 && register <= 0x06) {
            poke(0x03, peek(0x03) & ~0x20);
        } else if (register >= 0x07 && register <= 0x09) {
            poke(0x03, peek(0x03) & ~0x40);
        }
        return v;
    }

    private long odrPeriodNs() {
        return 5_000_000L << (peek(0x1D) & 0x1F);
    }

    /** Datasheet 3.9.2: T_conv = 234 µs + press_en·(392 + 2^osr_p·2000) + temp_en·(313 + 2^osr_t·2000) µs. */
    private long conversionNs() {
        int pwr = peek(0x1B);
        int osrP = 1 << (peek(0x1C) & 0x07);
        int osrT = 1 << ((peek(0x1C) >> 3) & 0x07);
        long us = 234 + ((pwr & 1) != 0 ? 392 + osrP * 2000L : 0) + ((pwr & 2) != 0 ? 313 + osrT * 2000L : 0);
        return us * 1000L;
    }

    @Override
    void cycle() {
        convert();
    }

    /** One conversion; frozen, it still ends (drdy set) but repeats the previous raw values exactly. */
    private void convert() {
        int pwr = peek(0x1B);
        if (!frozen) {
            int osrP = 1 << (peek(0x1C) & 0x07);
            int osrT = 1 << ((peek(0x1C) >> 3) & 0x07);
            int coefficient = (1 << ((peek(0x1F) >> 1) & 0x07)) - 1;
            int osrPIndex = Math.min(5, peek(0x1C) & 0x07);
            double t = temperatureC + random.nextGaussian() * (osrT >= 16 ? 0.004 : 0.005);
            double p = pressurePa + random.nextGaussian() * NOISE_PA[osrPIndex];
            double rawT = invertTemperature(t);
            double rawP = invertPressure(p, temperature(rawT));
            filter(rawT, rawP, coefficient);
            if ((pwr & 1) != 0) {
                write24(0x04, filteredP);
            }
            if ((pwr & 2) != 0) {
                write24(0x07, filteredT);
            }
        }
        poke(0x03, peek(0x03) | ((pwr & 1) != 0 ? 0x20 : 0) | ((pwr & 2) != 0 ? 0x40 : 0));
    }

    private void write24(int register, double raw) {
        int v = (int) Math.max(0, Math.min(0xFF_FFFF, Math.round(raw)));
        poke(register, v);
        poke(register + 1, v >> 8);
        poke(register + 2, v >> 16);
    }

    private int u16(int r) {
        return peek(r) | (peek(r + 1) << 8);
    }

    private int s16(int r) {
        return (short) u16(r);
    }

    private int s8(int r) {
        return (byte) peek(r);
    }

    private double temperature(double rawT) {
        double d = rawT - u16(0x31) * 256.0;
        return d * u16(0x33) / 1073741824.0 + d * d * s8(0x35) / 281474976710656.0;
    }

    private double pressure(double rawP, double t) {
        double p1 = (s16(0x36) - 16384) / 1048576.0;
        double p2 = (s16(0x38) - 16384) / 536870912.0;
        double p3 = s8(0x3A) / 4294967296.0;
        double p4 = s8(0x3B) / 137438953472.0;
        double p5 = u16(0x3C) * 8.0;
        double p6 = u16(0x3E) / 64.0;
        double p7 = s8(0x40) / 256.0;
        double p8 = s8(0x41) / 32768.0;
        double p9 = s16(0x42) / 281474976710656.0;
        double p10 = s8(0x44) / 281474976710656.0;
        double p11 = s8(0x45) / 36893488147419103232.0;
        double offset = p5 + t * (p6 + t * (p7 + t * p8));
        double sensitivity = p1 + t * (p2 + t * (p3 + t * p4));
        return offset + rawP * sensitivity + rawP * rawP * (p9 + p10 * t) + rawP * rawP * rawP * p11;
    }

    private double invertTemperature(double celsius) {
        double lo = 0;
        double hi = 0xFF_FFFF;
        for (int i = 0; i < 48; i++) {
            double mid = (lo + hi) / 2;
            if (temperature(mid) < celsius) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private double invertPressure(double pa, double t) {
        double lo = 0;
        double hi = 0xFF_FFFF;
        for (int i = 0; i < 48; i++) {
            double mid = (lo + hi) / 2;
            if (pressure(mid, t) > pa) { // pressure falls as the raw value rises
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
