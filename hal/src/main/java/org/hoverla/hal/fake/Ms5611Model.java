package org.hoverla.hal.fake;

import java.util.Random;
import java.util.function.LongSupplier;

/**
 * The MS5611's behaviour behind either bus, shared by {@link FakeMs5611} (I2C) and
 * {@link FakeMs5611Spi}: the PROM, the command decoder, the conversion timing and the ADC result
 * computed from a physical state by inverting the datasheet's compensation.
 *
 * <p>Datasheet behaviour modelled ("Commands", "Operating characteristics"): a conversion takes the
 * OSR's maximum conversion time; an ADC read before it ended returns 0 and spoils that conversion;
 * an ADC read repeated without a new conversion returns 0; reset clears any conversion.
 */
final class Ms5611Model {
    /** Typical PROM of the datasheet's calculation example, C1..C6; word 0 factory data, word 7 serial + CRC. */
    static final int[] DATASHEET_C = {0, 40127, 36924, 23317, 23282, 33464, 28312};
    /** Maximum conversion time per OSR 256..4096 (datasheet), ns. */
    private static final long[] CONVERSION_NS = {600_000L, 1_170_000L, 2_280_000L, 4_540_000L, 9_040_000L};
    /** RMS resolution per OSR 256..4096 (datasheet "Operating characteristics"): pressure mbar, temperature °C. */
    private static final double[] NOISE_MBAR = {0.065, 0.042, 0.027, 0.018, 0.012};
    private static final double[] NOISE_C = {0.012, 0.008, 0.005, 0.003, 0.002};

    final int[] prom = new int[8];
    private final Random random;
    private LongSupplier clock = System::nanoTime;
    private double pressurePa = 101_325.0;
    private double temperatureC = 20.0;
    private boolean frozen;
    private double conversionTimeScale = 1.0;
    private double noiseFactor = 1.0;

    private int converting; // 0 none, 1 D1, 2 D2
    private int osrIndex;
    private long conversionEndNs;
    private boolean spoiled;
    private int lastD1;
    private int lastD2;
    private int lastConversionCommand = -1;
    private long adcReads;
    private long adcZeroReads;

    Ms5611Model(long seed) {
        random = new Random(seed);
        prom[0] = 0x3132;
        System.arraycopy(DATASHEET_C, 1, prom, 1, 6);
        prom[7] = 0x4560;
        prom[7] |= crc4(prom);
    }

    /** AN520's CRC-4, written independently of the driver's so a test compares two implementations. */
    static int crc4(int[] words) {
        int rem = 0;
        for (int byteIndex = 0; byteIndex < 16; byteIndex++) {
            int w = byteIndex >= 14 ? words[7] & 0xFF00 : words[byteIndex / 2];
            rem ^= byteIndex % 2 == 0 ? w >>> 8 : w & 0xFF;
            for (int k = 8; k > 0; k--) {
                rem = ((rem & 0x8000) != 0 ? (rem << 1) ^ 0x3000 : rem << 1) & 0xFFFF;
            }
        }
        return rem >>> 12;
    }

    void setClock(LongSupplier clock) {
        this.clock = clock;
    }

    void setPressurePa(double pa) {
        pressurePa = pa;
    }

    void setTemperatureC(double c) {
        temperatureC = c;
    }

    double pressurePa() {
        return pressurePa;
    }

    double temperatureC() {
        return temperatureC;
    }

    void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    /** Replaces PROM word k (e.g. to corrupt it) without fixing the CRC. */
    void setPromWord(int k, int value) {
        prom[k] = value & 0xFFFF;
    }

    void setNoiseFactor(double factor) {
        noiseFactor = factor;
    }

    void setConversionTimeScale(double scale) {
        conversionTimeScale = scale;
    }

    int lastConversionCommand() {
        return lastConversionCommand;
    }

    long adcZeroReads() {
        return adcZeroReads;
    }

    long adcReads() {
        return adcReads;
    }

    /** A command byte with no reply: reset or a conversion start. Unknown commands are ignored. */
    void command(int cmd) {
        if (cmd == 0x1E) {
            converting = 0;
            return;
        }
        if ((cmd & 0xE0) == 0x40 && (cmd & 0x0F) <= 8 && (cmd & 1) == 0) {
            // A conversion started while another runs gives a wrong result (datasheet): spoil it.
            spoiled = converting != 0 && clock.getAsLong() < conversionEndNs;
            osrIndex = (cmd & 0x0F) >> 1;
            converting = (cmd & 0x10) == 0 ? 1 : 2;
            conversionEndNs = clock.getAsLong() + (long) (CONVERSION_NS[osrIndex] * conversionTimeScale);
            lastConversionCommand = cmd;
        }
    }

    /** The 24-bit ADC result, consumed by the read; 0 when not ready, already read or spoiled. */
    int readAdc() {
        adcReads++;
        int r;
        if (converting != 0 && clock.getAsLong() >= conversionEndNs) {
            r = spoiled ? 0 : convert(converting);
            converting = 0;
        } else if (converting != 0) {
            spoiled = true; // read during conversion: 0 now, and the conversion's result is wrong
            r = 0;
        } else {
            r = 0;
        }
        if (r == 0) {
            adcZeroReads++;
        }
        return r;
    }

    int readProm(int k) {
        return prom[k & 7];
    }

    private int convert(int which) {
        if (frozen && lastD1 != 0 && lastD2 != 0) {
            return which == 1 ? lastD1 : lastD2;
        }
        double t = temperatureC + random.nextGaussian() * NOISE_C[osrIndex] * noiseFactor;
        double p = pressurePa + random.nextGaussian() * NOISE_MBAR[osrIndex] * 100.0 * noiseFactor;
        double dT = rawDeltaT(t * 100.0);
        int d2 = clamp24(Math.round(dT + prom[5] * 256.0));
        int d1 = clamp24(Math.round(rawPressure(p, dT)));
        lastD1 = d1;
        lastD2 = d2;
        return which == 1 ? d1 : d2;
    }

    /** Inverts TEMP(dT), second-order term included, by fixed-point iteration (converges in a few steps). */
    private double rawDeltaT(double tempCenti) {
        double c6 = prom[6];
        double dT = (tempCenti - 2000.0) * 8388608.0 / c6;
        for (int i = 0; i < 6; i++) {
            double first = 2000.0 + dT * c6 / 8388608.0;
            double t2 = first < 2000.0 ? dT * dT / 2147483648.0 : 0.0;
            dT = (tempCenti + t2 - 2000.0) * 8388608.0 / c6;
        }
        return dT;
    }

    /** Inverts P = (D1·SENS/2²¹ − OFF)/2¹⁵ for D1, with OFF and SENS at the given dT (doubles, own code). */
    private double rawPressure(double pa, double dT) {
        double temp = 2000.0 + dT * prom[6] / 8388608.0;
        double off = prom[2] * 65536.0 + prom[4] * dT / 128.0;
        double sens = prom[1] * 32768.0 + prom[3] * dT / 256.0;
        if (temp < 2000.0) {
            double sq = (temp - 2000.0) * (temp - 2000.0);
            off -= 2.5 * sq;
            sens -= 1.25 * sq;
            if (temp < -1500.0) {
                double sq15 = (temp + 1500.0) * (temp + 1500.0);
                off -= 7.0 * sq15;
                sens -= 5.5 * sq15;
            }
        }
        return (pa * 32768.0 + off) * 2097152.0 / sens;
    }

    private static int clamp24(long v) {
        return (int) Math.max(1, Math.min(0xFF_FFFF, v));
    }
}
