package org.hoverla.core.boot;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.hal.bus.GpioOutput;
import org.hoverla.hal.bus.I2cDevice;
import org.hoverla.hal.bus.SpiDevice;

/**
 * The buses of a {@code buses: fake} board: each device is the register-file fake of its chip
 * ({@code org.hoverla.hal.fake}), at rest on a bench, so the same probes, drivers and conversions
 * run as on the hardware.
 */
public final class FakeBuses {
    private FakeBuses() {
    }

    /** Register-file fakes of each chip, at rest on a bench, on the wall clock. */
    public static Chips.Buses create(long seed) {
        return create(seed, System::nanoTime, java.util.concurrent.locks.LockSupport::parkNanos);
    }

    /** The fakes of a board, with the faults its devices name ({@code fault:}), on the wall clock. */
    public static Chips.Buses create(long seed, BoardConfig board) {
        return create(seed, System::nanoTime, java.util.concurrent.locks.LockSupport::parkNanos, faults(board));
    }

    /** Each faulty device's fault by where it sits. */
    public static java.util.Map<DeviceConfig.Bus, FakeFault> faults(BoardConfig board) {
        java.util.Map<DeviceConfig.Bus, FakeFault> faults = new java.util.HashMap<>();
        for (DeviceConfig d : board.devices()) {
            if (d.fault() != null) {
                faults.put(d.bus(), d.fault());
            }
        }
        return faults;
    }

    /**
     * Register-file fakes of each chip, at rest on a bench.
     *
     * @param clock   the time base of fakes with conversion times (the vehicle clock; a SimClock in lockstep tests)
     * @param sleeper how probes wait (advance the SimClock in lockstep tests)
     */
    public static Chips.Buses create(long seed, java.util.function.LongSupplier clock,
                                  java.util.function.LongConsumer sleeper) {
        return create(seed, clock, sleeper, java.util.Map.of());
    }

    /**
     * As {@link #create(long, java.util.function.LongSupplier, java.util.function.LongConsumer)}, with
     * the fake at each bus location in {@code faults} given its fault.
     */
    public static Chips.Buses create(long seed, java.util.function.LongSupplier clock,
                                  java.util.function.LongConsumer sleeper,
                                  java.util.Map<DeviceConfig.Bus, FakeFault> faults) {
        List<Object> made = new ArrayList<>();
        return new Chips.Buses() {
            @Override
            public I2cDevice i2c(int bus, int address, String chip) throws BootException {
                I2cDevice fake = fakeI2c(chip, bus, address, seed * 131 + made.size());
                clock(fake);
                FakeFault fault = faults.get(new DeviceConfig.Bus.I2c(bus, address));
                if (fault != null) {
                    fault.apply(fake, chip);
                }
                made.add(fake);
                return fake;
            }

            @Override
            public SpiDevice spi(int bus, int chipSelect, String chip) throws BootException {
                SpiDevice fake = fakeSpi(chip, bus, chipSelect, seed * 131 + made.size());
                clock(fake);
                FakeFault fault = faults.get(new DeviceConfig.Bus.Spi(bus, chipSelect));
                if (fault != null) {
                    fault.apply(fake, chip);
                }
                made.add(fake);
                return fake;
            }

            private void clock(Object fake) {
                if (fake instanceof org.hoverla.hal.fake.ClockedFake c) {
                    c.setClock(clock);
                }
                if (fake instanceof org.hoverla.hal.fake.FakePca9685 pwm) {
                    pwm.setClock(clock);
                }
            }

            @Override
            public GpioOutput gpio(int line) {
                return new GpioOutput() {
                    @Override
                    public int line() {
                        return line;
                    }

                    @Override
                    public void set(boolean high) {
                        // A fake line: nothing is wired to it.
                    }
                };
            }

            @Override
            public long seed() {
                return seed;
            }

            @Override
            public java.util.function.LongConsumer sleeper() {
                return sleeper;
            }

            @Override
            public List<Object> fakes() {
                return made;
            }
        };
    }

    /** The register-file fake of an I2C chip, at rest. */
    static I2cDevice fakeI2c(String chip, int bus, int address, long seed) throws BootException {
        return switch (chip) {
            case "mpu6050" -> new org.hoverla.hal.fake.FakeMpu6050(bus, address, seed);
            case "icm20948" -> new org.hoverla.hal.fake.FakeIcm20948(bus, address, seed);
            case "ms5611" -> new org.hoverla.hal.fake.FakeMs5611(bus, address, seed);
            case "bmp280" -> new org.hoverla.hal.fake.FakeBmp280(bus, address, seed);
            case "bmp388" -> new org.hoverla.hal.fake.FakeBmp388(bus, address, seed);
            case "ist8310" -> new org.hoverla.hal.fake.FakeIst8310(bus, address, seed);
            case "qmc5883l" -> new org.hoverla.hal.fake.FakeQmc5883l(bus, address, seed);
            case "ina226" -> new org.hoverla.hal.fake.FakeIna226(bus, address, seed);
            case "ads1115" -> new org.hoverla.hal.fake.FakeAds1115(bus, address, seed);
            case "pca9685" -> {
                org.hoverla.hal.fake.FakePca9685 pwm = new org.hoverla.hal.fake.FakePca9685(bus, address, seed);
                pwm.recordHistory(true);
                yield pwm;
            }
            default -> throw new BootException("no fake for I2C chip " + chip);
        };
    }

    /** The register-file fake of an SPI chip, at rest. */
    static SpiDevice fakeSpi(String chip, int bus, int chipSelect, long seed) throws BootException {
        return switch (chip) {
            case "icm42688p" -> new org.hoverla.hal.fake.FakeIcm42688p(bus, chipSelect, seed);
            case "ms5611" -> new org.hoverla.hal.fake.FakeMs5611Spi(bus, chipSelect, seed);
            default -> throw new BootException("no fake for SPI chip " + chip);
        };
    }

    /** The fake PWM chip of a fake board, or null. */
    public static org.hoverla.hal.fake.FakePca9685 pwm(Chips.Buses buses) {
        for (Object f : buses.fakes()) {
            if (f instanceof org.hoverla.hal.fake.FakePca9685 pwm) {
                return pwm;
            }
        }
        return null;
    }
}
