package org.hoverla.hal.fake;

import java.util.SplittableRandom;

/**
 * What the I2C magnetometer fakes (IST8310, QMC5883L) share: the field they measure (FRD, gauss),
 * seeded Gaussian noise, the freeze switch, and little-endian 16-bit output registers that
 * saturate at the signed 16-bit limits. Axis mapping, scale and status bits stay in each fake.
 */
abstract class FakeMagnetometer extends RegisterFileI2c {
    private final SplittableRandom random;
    double fieldXGauss = 0.21;
    double fieldYGauss = 0.0;
    double fieldZGauss = 0.43;
    double noiseGauss;
    boolean frozen;

    FakeMagnetometer(int bus, int address, long seed, double noiseGauss) {
        super(bus, address);
        this.random = new SplittableRandom(seed);
        this.noiseGauss = noiseGauss;
    }

    /** Sets the magnetic field in body FRD (gauss). */
    public void setFieldFrd(double xGauss, double yGauss, double zGauss) {
        fieldXGauss = xGauss;
        fieldYGauss = yGauss;
        fieldZGauss = zGauss;
    }

    /** Noise standard deviation per axis (gauss); 0 gives exact readings. */
    public void setNoise(double gauss) {
        noiseGauss = gauss;
    }

    /** Frozen data: measurements still set data-ready but the output registers keep their last value. */
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    /** {@code gauss} plus one draw of the noise. */
    final double noisy(double gauss) {
        return gauss + noiseGauss * random.nextGaussian();
    }

    /** Rounds {@code counts}, saturates it to 16 bits and stores it LSB first at {@code register}. */
    final void putLe16(int register, double counts) {
        long raw = Math.round(counts);
        int clamped = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, raw));
        registers[register] = clamped & 0xFF;
        registers[register + 1] = (clamped >> 8) & 0xFF;
    }
}
