package org.hoverla.core.boot;

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

    /**
     * Probes the chip a board line names ({@code where}: the board file's line, chip and bus, the
     * prefix of every error). Boot thread; also the production self-test's probe.
     */
    public static SensorBackend<?> probe(DeviceConfig d, Buses buses, String where) throws BootException {
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

}
