package org.hoverla.hal.chip;

import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.bus.BusException;

/**
 * What the InvenSense IMU backends (MPU-6050, ICM-20948, ICM-42688-P) share: the health kept by an
 * {@link ImuRawMonitor}, the one configuration they all run (gyro ±2000 °/s = 16.4 LSB/°/s, accel
 * ±16 g = 2048 LSB/g; each chip's datasheet sensitivity table), the chip-to-FRD axis flip (chip axes
 * forward-left-up, y and z negated as PX4's InvenSense drivers do) and the start-up read-back of
 * configuration registers. Register maps, rates, thresholds and self-tests stay in each chip's class.
 * Driver thread only; {@link #deliver} allocates nothing.
 */
abstract class InvenSenseImu extends AbstractSensorBackend<ImuSample> {
    static final double STANDARD_GRAVITY = 9.80665;
    static final double GYRO_LSB_PER_DPS = 32768.0 / 2000.0;
    static final double ACCEL_LSB_PER_G = 32768.0 / 16.0;
    /** Raw value at which an axis counts as saturated. */
    static final int FULL_SCALE_RAW = 32767;

    /** Chip and bus, for probe messages. */
    final String name;
    final ImuRawMonitor monitor;
    private final ImuSample sample = new ImuSample();

    InvenSenseImu(String chip, String name, int deviceId, long periodNs, int stuckRun, long silentAfterNs) {
        super(chip, deviceId, periodNs);
        this.name = name;
        this.monitor = new ImuRawMonitor(stuckRun, silentAfterNs);
    }

    /** Raw accel at ±16 g (2048 LSB/g) to m/s². */
    public static double accelMps2(int raw) {
        return raw / ACCEL_LSB_PER_G * STANDARD_GRAVITY;
    }

    /** Raw gyro at ±2000 °/s (16.4 LSB/°/s) to rad/s. */
    public static double gyroRadps(int raw) {
        return Math.toRadians(raw / GYRO_LSB_PER_DPS);
    }

    /**
     * Checks one sample's raw axes with the monitor, converts it to FRD SI units and hands it to
     * {@code sink}. Accel x, y, z and gyro x, y, z are big-endian 16-bit words from {@code accelOffset}
     * and {@code gyroOffset} of {@code b}.
     */
    final void deliver(long timestampNs, byte[] b, int accelOffset, int gyroOffset, double temperatureC,
            Consumer<ImuSample> sink) {
        int ax = ChipIo.s16be(b, accelOffset);
        int ay = ChipIo.s16be(b, accelOffset + 2);
        int az = ChipIo.s16be(b, accelOffset + 4);
        int gx = ChipIo.s16be(b, gyroOffset);
        int gy = ChipIo.s16be(b, gyroOffset + 2);
        int gz = ChipIo.s16be(b, gyroOffset + 4);
        monitor.sample(ax, ay, az, gx, gy, gz, FULL_SCALE_RAW);
        sample.timestampSampleNs = timestampNs;
        sample.accelXMps2 = accelMps2(ax);
        sample.accelYMps2 = accelMps2(-ay);
        sample.accelZMps2 = accelMps2(-az);
        sample.gyroXRadps = gyroRadps(gx);
        sample.gyroYRadps = gyroRadps(-gy);
        sample.gyroZRadps = gyroRadps(-gz);
        sample.temperatureC = temperatureC;
        sample.errorCount = monitor.errorCount();
        sink.accept(sample);
    }

    /** Start-up: WHO_AM_I must name this chip. */
    static void checkWhoAmI(String name, int id, int expected) throws ProbeException {
        if (id != expected) {
            throw new ProbeException(name + ": wrong chip id: WHO_AM_I read 0x" + ChipIo.hex2(id) + ", expected 0x"
                    + ChipIo.hex2(expected));
        }
    }

    /**
     * Start-up (self-tests): reads the accel and gyro data registers (one burst) and returns the
     * buffer holding them, accel x/y/z at {@link #averageRaw}'s {@code accelOffset}, gyro at its
     * {@code gyroOffset}.
     */
    abstract byte[] readDataRegisters() throws BusException;

    /**
     * Start-up: adds the mean of {@code samples} data-register reads, {@code spacingNs} apart, to
     * {@code out} (accel x, y, z, gyro x, y, z; raw LSB). {@code out} starts at zero.
     */
    final void averageRaw(double[] out, int samples, long spacingNs, int accelOffset, int gyroOffset,
            LongConsumer sleepNs) throws BusException {
        for (int n = 0; n < samples; n++) {
            sleepNs.accept(spacingNs);
            byte[] b = readDataRegisters();
            for (int axis = 0; axis < 3; axis++) {
                out[axis] += ChipIo.s16be(b, accelOffset + 2 * axis);
                out[3 + axis] += ChipIo.s16be(b, gyroOffset + 2 * axis);
            }
        }
        for (int axis = 0; axis < 6; axis++) {
            out[axis] /= samples;
        }
    }

    /** One register of the currently selected bank. */
    abstract int readRegister(int register) throws BusException;

    /** Start-up: each {register, value} pair must read back as written. */
    final void verify(int[][] config) throws BusException, ProbeException {
        for (int[] c : config) {
            int v = readRegister(c[0]);
            if (v != c[1]) {
                throw new ProbeException(name + ": register 0x" + ChipIo.hex2(c[0]) + " reads 0x" + ChipIo.hex2(v)
                        + " after writing 0x" + ChipIo.hex2(c[1]));
            }
        }
    }

    @Override
    public final boolean healthy() {
        return monitor.healthy();
    }

    @Override
    public final long busErrors() {
        return monitor.busErrors();
    }

    @Override
    public final long stuckReads() {
        return monitor.stuckReads();
    }

    /** Reads that found the chip silent for longer than its limit (reset or powered down behind the driver). */
    public final long silentReads() {
        return monitor.starvedReads();
    }

    /** Samples with any axis at ±full scale (clipped). */
    public final long saturatedSamples() {
        return monitor.saturatedSamples();
    }
}
