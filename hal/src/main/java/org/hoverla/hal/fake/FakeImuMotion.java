package org.hoverla.hal.fake;

import java.util.Random;

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
    /** Multiplies the noise densities: √(bandwidth in Hz) turns them into rms per sample. */
    double noiseScale = 1.0;
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
            double g = sign * accelFrdMps2[i] / STANDARD_GRAVITY + accelSelfTestG[i] + noiseScale * accelNoiseG * random.nextGaussian();
            double dps = sign * Math.toDegrees(gyroFrdRadps[i]) + gyroSelfTestDps[i] + noiseScale * gyroNoiseDps * random.nextGaussian();
            raw[i] = clamp16(g * accelLsbPerG);
            raw[3 + i] = clamp16(dps * gyroLsbPerDps);
        }
    }

    double noisyTemperatureC(double sigmaC) {
        return temperatureC + sigmaC * random.nextGaussian();
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
