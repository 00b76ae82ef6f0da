package org.hoverla.core.boot;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.time.Clock;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.hal.MotorOutputs;
import org.hoverla.hal.bus.GpioOutput;
import org.hoverla.hal.bus.I2cDevice;
import org.hoverla.hal.bus.SpiDevice;
import org.hoverla.hal.chip.ProbeException;
import org.hoverla.hal.chip.SensorBackend;

/**
 * Chip names to chip backends: the one place that knows which {@code hal} class drives which
 * board-file chip, on real buses or on their register-file fakes.
 */
public final class Chips {
    private Chips() {
    }

    /** How devices are reached: real Linux buses, or fakes made per chip. Closed after the devices. */
    public interface Buses extends AutoCloseable {
        I2cDevice i2c(int bus, int address, String chip) throws BootException;

        SpiDevice spi(int bus, int chipSelect, String chip) throws BootException;

        GpioOutput gpio(int line) throws BootException;

        /** Seed for simulated noise (fakes, the fixed GNSS). */
        long seed();

        /**
         * How a probe waits for a chip (reset, self-test averaging): the wall clock on a vehicle; the
         * simulated clock advancing on a fake board in lockstep, so the fakes see the time pass.
         */
        default java.util.function.LongConsumer sleeper() {
            return java.util.concurrent.locks.LockSupport::parkNanos;
        }

        /** Every fake made so far (empty on real buses), e.g. for the motor-output record. */
        default List<Object> fakes() {
            return List.of();
        }

        @Override
        default void close() {
        }
    }

    /** The motor output path of a PWM chip: flight-thread side and its driver thread. */
    public interface MotorDriver extends AutoCloseable {
        MotorOutputs outputs();

        /** Starts the driver thread (boot). */
        void start();

        /** One driver period without the thread (lockstep tests). */
        void runOnce(long nowNs);

        @Override
        void close();
    }

    /** Probes the chip a board line names. */
    static SensorBackend<?> probe(DeviceConfig d, Buses buses, String where) throws BootException {
        try {
            return switch (d.chip()) {
                case "icm42688p" -> org.hoverla.hal.chip.Icm42688p.probe(spi(d, buses), buses.sleeper());
                case "mpu6050" -> org.hoverla.hal.chip.Mpu6050.probe(i2c(d, buses), buses.sleeper());
                case "icm20948" -> org.hoverla.hal.chip.Icm20948.probe(i2c(d, buses), buses.sleeper());
                case "ms5611" -> d.bus() instanceof DeviceConfig.Bus.Spi spi
                        ? org.hoverla.hal.chip.Ms5611.probe(buses.spi(spi.bus(), spi.cs(), d.chip()))
                        : org.hoverla.hal.chip.Ms5611.probe(i2c(d, buses));
                case "bmp280" -> org.hoverla.hal.chip.Bmp280.probe(i2c(d, buses));
                case "bmp388" -> org.hoverla.hal.chip.Bmp388.probe(i2c(d, buses));
                case "ist8310" -> org.hoverla.hal.chip.Ist8310.probe(i2c(d, buses));
                case "qmc5883l" -> org.hoverla.hal.chip.Qmc5883l.probe(i2c(d, buses));
                case "ina226" -> org.hoverla.hal.chip.Ina226.probe(i2c(d, buses), d.option("shunt_ohm", 0.0005),
                        d.option("max_current_a", 90));
                case "ads1115" -> org.hoverla.hal.chip.Ads1115Battery.probe(i2c(d, buses), (int) d.option("voltage_channel", 0),
                        d.option("voltage_scale", 11), (int) d.option("current_channel", -1), d.option("amps_per_volt", 0),
                        d.option("amps_offset_v", 0));
                case "fixed" -> new FixedGnss(d.option("lat_deg", 0), d.option("lon_deg", 0), d.option("alt_m", 0),
                        buses.seed() * 31 + 7);
                default -> throw new BootException(where + ": no driver for chip '" + d.chip() + "' in this build");
            };
        } catch (ProbeException | BootException | RuntimeException e) {
            throw new BootException(where + ": " + e.getMessage(), e);
        }
    }

    private static I2cDevice i2c(DeviceConfig d, Buses buses) throws BootException {
        DeviceConfig.Bus.I2c bus = (DeviceConfig.Bus.I2c) d.bus();
        return buses.i2c(bus.bus(), bus.address(), d.chip());
    }

    private static SpiDevice spi(DeviceConfig d, Buses buses) throws BootException {
        DeviceConfig.Bus.Spi bus = (DeviceConfig.Bus.Spi) d.bus();
        return buses.spi(bus.bus(), bus.cs(), d.chip());
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

    static MotorDriver openPwm(DeviceConfig d, Buses buses, FlightParams params, int motorCount, Clock clock,
                               String where) throws BootException {
        if (!"pca9685".equals(d.chip())) {
            throw new BootException(where + ": no PWM driver for chip '" + d.chip() + "'");
        }
        try {
            I2cDevice dev = i2c(d, buses);
            int oeLine = (int) d.option("output_enable_gpio", -1);
            GpioOutput oe = null;
            if (oeLine >= 0) {
                oe = dev instanceof org.hoverla.hal.fake.FakePca9685 fake ? fake.outputEnablePin() : buses.gpio(oeLine);
            }
            org.hoverla.hal.chip.Pca9685 chip = org.hoverla.hal.chip.Pca9685.probe(dev, oe);
            PwmMotorOutputs outputs = new PwmMotorOutputs(motorCount, params.pwm, clock);
            return new PwmMotorDriver(outputs, new PwmOutputDriver(chip, outputs));
        } catch (ProbeException | BootException | RuntimeException e) {
            throw new BootException(where + ": " + e.getMessage(), e);
        }
    }

    /** The PCA9685 path: the flight side and the driver thread that owns the chip. */
    private static final class PwmMotorDriver implements MotorDriver {
        private final PwmMotorOutputs outputs;
        private final PwmOutputDriver driver;
        private Thread thread;

        PwmMotorDriver(PwmMotorOutputs outputs, PwmOutputDriver driver) {
            this.outputs = outputs;
            this.driver = driver;
        }

        @Override
        public MotorOutputs outputs() {
            return outputs;
        }

        @Override
        public synchronized void start() {
            thread = new Thread(driver, "driver-pwm");
            // Not a daemon: the JVM must not exit before the driver has written the disarmed value.
            thread.start();
        }

        @Override
        public void runOnce(long nowNs) {
            driver.runOnce(nowNs);
        }

        @Override
        public synchronized void close() {
            if (thread == null) {
                driver.close();
                return;
            }
            driver.stop();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * SPI mode and clock for every SPI chip here: the InvenSense IMUs and the MS5611 all accept mode
     * 3; 8 MHz is within every one's limit (ICM-42688-P 24 MHz, MS5611 20 MHz) with margin for
     * HAT wiring.
     */
    static final int SPI_MODE = 3;
    static final int SPI_CLOCK_HZ = 8_000_000;

    /**
     * Real buses through Pi4J 2.8 (linuxfs for I2C and SPI, gpiod for GPIO), on a Pi4J context
     * made at the first device and shut down with the vehicle. An I2C or SPI device that cannot be
     * opened (no {@code /dev/i2c-N}, no {@code /dev/spidevB.C}, no permission) stops the boot with
     * Pi4J's reason.
     */
    public static Buses linuxBuses() {
        return new Buses() {
            private com.pi4j.context.Context pi4j;

            private synchronized com.pi4j.context.Context context() throws BootException {
                if (pi4j == null) {
                    try {
                        pi4j = com.pi4j.Pi4J.newAutoContext();
                    } catch (RuntimeException | LinkageError e) {
                        throw new BootException("Pi4J could not start (is this a Linux board with I2C/SPI enabled?): "
                                + e.getMessage(), e);
                    }
                }
                return pi4j;
            }

            @Override
            public I2cDevice i2c(int bus, int address, String chip) throws BootException {
                try {
                    return org.hoverla.hal.bus.Pi4jBuses.openI2c(context(), bus, address);
                } catch (RuntimeException e) {
                    throw new BootException("cannot open /dev/i2c-" + bus + ": " + e.getMessage(), e);
                }
            }

            @Override
            public SpiDevice spi(int bus, int chipSelect, String chip) throws BootException {
                try {
                    return org.hoverla.hal.bus.Pi4jBuses.openSpi(context(), bus, chipSelect, SPI_MODE, SPI_CLOCK_HZ);
                } catch (RuntimeException e) {
                    throw new BootException("cannot open /dev/spidev" + bus + "." + chipSelect + ": " + e.getMessage(), e);
                }
            }

            @Override
            public GpioOutput gpio(int line) throws BootException {
                try {
                    // Starts high (PCA9685 OE: outputs off) and goes back high when Pi4J shuts down.
                    return org.hoverla.hal.bus.Pi4jBuses.openGpioOutput(context(), line, true, true);
                } catch (RuntimeException e) {
                    throw new BootException("cannot open GPIO line " + line + ": " + e.getMessage(), e);
                }
            }

            @Override
            public long seed() {
                return 0;
            }

            @Override
            public synchronized void close() {
                if (pi4j != null) {
                    try {
                        pi4j.shutdown();
                    } catch (RuntimeException e) {
                        // Shutting down: nothing left to protect.
                    }
                    pi4j = null;
                }
            }
        };
    }

    /** Register-file fakes of each chip, at rest on a bench, on the wall clock. */
    public static Buses fakeBuses(long seed) {
        return fakeBuses(seed, System::nanoTime, java.util.concurrent.locks.LockSupport::parkNanos);
    }

    /**
     * Register-file fakes of each chip, at rest on a bench.
     *
     * @param clock   the time base of fakes with conversion times (the vehicle clock; a SimClock in lockstep tests)
     * @param sleeper how probes wait (advance the SimClock in lockstep tests)
     */
    public static Buses fakeBuses(long seed, java.util.function.LongSupplier clock,
                                  java.util.function.LongConsumer sleeper) {
        List<Object> made = new ArrayList<>();
        return new Buses() {
            @Override
            public I2cDevice i2c(int bus, int address, String chip) throws BootException {
                I2cDevice fake = fakeI2c(chip, bus, address, seed * 131 + made.size());
                clock(fake);
                made.add(fake);
                return fake;
            }

            @Override
            public SpiDevice spi(int bus, int chipSelect, String chip) throws BootException {
                SpiDevice fake = fakeSpi(chip, bus, chipSelect, seed * 131 + made.size());
                clock(fake);
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

    /** The fake PWM chip of a fake board, or null. */
    public static org.hoverla.hal.fake.FakePca9685 fakePwm(Buses buses) {
        for (Object f : buses.fakes()) {
            if (f instanceof org.hoverla.hal.fake.FakePca9685 pwm) {
                return pwm;
            }
        }
        return null;
    }

    static String describe(ProbeException e) {
        return e.getMessage();
    }
}
