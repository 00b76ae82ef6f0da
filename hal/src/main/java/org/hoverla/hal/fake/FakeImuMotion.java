package org.hoverla.hal.fake;

import java.util.Random;
import java.util.function.LongSupplier;

/**
 * The physical state an IMU fake measures, shared by the InvenSense fakes: specific force and
 * angular rate in the FRD sensor frame, die temperature, seeded Gaussian noise, and a freeze switch
 * (stuck data). Converts to the chip's own axes (InvenSense: x forward, y left, z up, so y and z
 * are negated) and to clamped 16-bit raw counts. Allocation-free after construction.
 */
final class FakeImuMotion {
    static final double STANDARD_GRAVITY = 9.80665;

    final double[] accelFrdMps2 = {0, 0, -STANDARD_GRAVITY};
    final double[] gyroFrdRadps = {0, 0, 0};
    double temperatureC = 20.0;
    boolean frozen;
    /** Scales the factory self-test response (1 = healthy). */
    double selfTestScale = 1.0;
    /** The fake's time base and the time of its latest sample. */
    LongSupplier clock = System::nanoTime;
    long lastSampleNs = clock.getAsLong();
    private double lastTemperatureC = 20.0;
    /** Multiplies the noise densities: √(bandwidth in Hz) turns them into rms per sample. */
    double noiseScale = 1.0;
    /** A fault's extra noise factor (1 = the datasheet's typical noise). */
    double noiseFactor = 1.0;
    private final Random random;
    private final double gyroNoiseDps;
    private final double accelNoiseG;
    /** Latest raw counts in chip axes: accel x, y, z, gyro x, y, z. */
    final int[] raw = new int[6];

    FakeImuMotion(long seed, double gyroNoiseDps, double accelNoiseG) {
        this.random = new Random(seed);
        this.gyroNoiseDps = gyroNoiseDps;
        this.accelNoiseG = accelNoiseG;
    }

    /**
     * Samples the state into {@link #raw} (unless frozen), adding {@code accelSelfTestG[i]} /
     * {@code gyroSelfTestDps[i]} (chip axes) for axes whose self-test is on.
     */
    void sample(double accelLsbPerG, double gyroLsbPerDps, double[] accelSelfTestG, double[] gyroSelfTestDps) {
        if (frozen) {
            return;
        }
        for (int i = 0; i < 3; i++) {
            double sign = i == 0 ? 1 : -1;
            double n = noiseScale * noiseFactor;
            double g = sign * accelFrdMps2[i] / STANDARD_GRAVITY + accelSelfTestG[i] + n * accelNoiseG * random.nextGaussian();
            double dps = sign * Math.toDegrees(gyroFrdRadps[i]) + gyroSelfTestDps[i] + n * gyroNoiseDps * random.nextGaussian();
            raw[i] = clamp16(g * accelLsbPerG);
            raw[3 + i] = clamp16(dps * gyroLsbPerDps);
        }
    }

    /** The die temperature of the next sample: noisy (0.02 °C rms), or the last one while frozen. */
    double sampleTemperatureC() {
        if (!frozen) {
            lastTemperatureC = temperatureC + 0.02 * random.nextGaussian();
        }
        return lastTemperatureC;
    }

    /**
     * For chips read from their data registers, where only the newest sample is visible: true when
     * at least one sample period of {@code periodNs} has passed since the last sample (the sample
     * time moves on by whole periods). Asleep, time passes without samples.
     */
    boolean newestSampleDue(boolean asleep, long periodNs) {
        long now = clock.getAsLong();
        if (asleep) {
            lastSampleNs = now;
            return false;
        }
        long due = (now - lastSampleNs) / periodNs;
        if (due <= 0) {
            return false;
        }
        lastSampleNs += due * periodNs;
        return true;
    }

    void setClock(LongSupplier clock) {
        this.clock = clock;
        lastSampleNs = clock.getAsLong();
    }

    /** Factory self-test codes for accel x, y, z, gyro x, y, z: {@code min + [0, span)}, seeded per part. */
    static int[] selfTestCodes(long seed, int min, int span) {
        Random codes = new Random(seed);
        int[] c = new int[6];
        for (int i = 0; i < 6; i++) {
            c[i] = min + codes.nextInt(span);
        }
        return c;
    }

    /** Stores a 16-bit value big-endian (high byte first, as InvenSense data registers) at {@code at}. */
    static void putBe16(int[] registers, int at, int value) {
        registers[at] = (value >> 8) & 0xFF;
        registers[at + 1] = value & 0xFF;
    }

    /** Saturates as the chips do at ±32767 (-32768 is reserved by several InvenSense parts for "no data"). */
    static int clamp16(double v) {
        long r = Math.round(v);
        return (int) Math.max(-32767, Math.min(32767, r));
    }

    void setAccel(double xMps2, double yMps2, double zMps2) {
        accelFrdMps2[0] = xMps2;
        accelFrdMps2[1] = yMps2;
        accelFrdMps2[2] = zMps2;
    }

    void setGyro(double xRadps, double yRadps, double zRadps) {
        gyroFrdRadps[0] = xRadps;
        gyroFrdRadps[1] = yRadps;
        gyroFrdRadps[2] = zRadps;
    }
}
