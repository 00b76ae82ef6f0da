package org.hoverla.hal.chip;

import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.SpiDevice;

/**
 * TDK InvenSense ICM-42688-P 6-axis IMU on SPI (the PilotPi-class HAT's IMU), read through its
 * FIFO at 1 kHz with gyro ±2000 °/s and accel ±16 g.
 *
 * <p>Sources: ICM-42688-P datasheet DS-000347 rev 1.6 (register map §13–§14, FIFO packet
 * structure §6.1, the self-test section with the ST_DATA registers of banks 1 and 2), cross-checked
 * against PX4's {@code src/drivers/imu/invensense/icm42688p} (InvenSense_ICM42688P_registers.hpp,
 * ICM42688P.cpp) and TDK's eMD driver's self-test routine (Icm426xxSelfTest.c: ST_OTP equation,
 * pass limits).
 *
 * <p>Frames: the chip's axes are x forward, y left, z up; like PX4's driver this backend negates y
 * and z so samples come out in the FRD sensor frame ({@code (0, 0, -9.81)} when level and still).
 * Board rotations (PX4 ids) apply on top, in the frontend.
 *
 * <p>Threads: {@link #probe} at boot; {@link #read} on the one driver thread that owns the bus
 * device. {@code read} never allocates.
 */
public final class Icm42688p extends InvenSenseImu implements ChipSelfTest.SelfTesting {
    /** PX4 drv_sensor.h: {@code DRV_IMU_DEVTYPE_ICM42688P}. */
    public static final int DEVTYPE = 0x26;
    public static final int WHO_AM_I_VALUE = 0x47;

    // Bank 0 registers (DS-000347 §13, PX4 InvenSense_ICM42688P_registers.hpp).
    static final int DEVICE_CONFIG = 0x11;
    static final int FIFO_CONFIG = 0x16;
    static final int TEMP_DATA1 = 0x1D;
    static final int ACCEL_DATA_X1 = 0x1F;
    static final int GYRO_DATA_X1 = 0x25;
    static final int INT_STATUS = 0x2D;
    static final int FIFO_COUNTH = 0x2E;
    static final int FIFO_DATA = 0x30;
    static final int SIGNAL_PATH_RESET = 0x4B;
    static final int INTF_CONFIG0 = 0x4C;
    static final int PWR_MGMT0 = 0x4E;
    static final int GYRO_CONFIG0 = 0x4F;
    static final int ACCEL_CONFIG0 = 0x50;
    static final int GYRO_CONFIG1 = 0x51;
    static final int GYRO_ACCEL_CONFIG0 = 0x52;
    static final int ACCEL_CONFIG1 = 0x53;
    static final int FIFO_CONFIG1 = 0x5F;
    static final int SELF_TEST_CONFIG = 0x70;
    static final int WHO_AM_I = 0x75;
    static final int REG_BANK_SEL = 0x76;
    // Bank 1 and bank 2: factory self-test codes (ST_DATA), one byte per axis.
    static final int XG_ST_DATA_BANK1 = 0x5F;
    static final int XA_ST_DATA_BANK2 = 0x3B;

    static final int INT_STATUS_RESET_DONE = 0x10;
    static final int INT_STATUS_DATA_RDY = 0x08;
    static final int INT_STATUS_FIFO_FULL = 0x02;
    static final int SIGNAL_PATH_RESET_FIFO_FLUSH = 0x02;

    /** INTF_CONFIG0 reset value: FIFO count in bytes, big-endian count and sensor data (kept). */
    static final int INTF_CONFIG0_VALUE = 0x30;
    /** FIFO_MODE = STOP-on-FULL (bits 7:6 = 10): an overflow is seen and flushed, never silently wrapped. */
    static final int FIFO_CONFIG_VALUE = 0x80;
    /** Gyro and accel in low-noise mode (bits 3:2 = 11, 1:0 = 11). */
    static final int PWR_MGMT0_VALUE = 0x0F;
    /** GYRO_FS_SEL = 000 (±2000 °/s), GYRO_ODR = 0110 (1 kHz). */
    static final int GYRO_CONFIG0_VALUE = 0x06;
    /** ACCEL_FS_SEL = 000 (±16 g), ACCEL_ODR = 0110 (1 kHz). */
    static final int ACCEL_CONFIG0_VALUE = 0x06;
    /** UI filter bandwidth index 1 for both: max(400 Hz, ODR)/4 = 250 Hz at 1 kHz (reset value, written explicitly). */
    static final int GYRO_ACCEL_CONFIG0_VALUE = 0x11;
    /** FIFO_TEMP_EN | FIFO_GYRO_EN | FIFO_ACCEL_EN, no high resolution: FIFO packet 3 (16 bytes, §6.1). */
    static final int FIFO_CONFIG1_VALUE = 0x07;

    static final int PACKET_BYTES = 16;
    static final int FIFO_SIZE_BYTES = 2048;
    static final int MAX_PACKETS = FIFO_SIZE_BYTES / PACKET_BYTES;
    /** Header of packet 3: accel and gyro present, ODR time stamp (0b0110_10xx); bit 7 = FIFO empty. */
    static final int HEADER_EMPTY = 0x80;
    static final int HEADER_ACCEL_GYRO = 0x60;

    public static final long ODR_NS = 1_000_000L;
    public static final double GYRO_FULL_SCALE_DPS = 2000.0;
    public static final double ACCEL_FULL_SCALE_G = 16.0;

    /**
     * Consecutive identical samples (all six raw axes) that mean stuck data. At rest the chip's
     * noise (DS-000347 Table 1/2: 0.0028 °/s/√Hz, 70 µg/√Hz; ≈0.7 LSB and ≈2.3 LSB rms at this
     * range and a 250 Hz bandwidth) repeats all six axes with probability ≈1e-4 per sample, so a
     * run of 8 (≈1e-28) is never noise, and it is caught within 8 ms.
     */
    static final int STUCK_RUN = 8;
    /** No new sample for 20 periods (20 ms): the chip has stopped (reset, powered down); unhealthy. */
    static final long SILENT_AFTER_NS = 20 * ODR_NS;

    // Self-test (TDK eMD Icm426xxSelfTest.c; DS-000347 self-test section).
    static final int ST_GYRO_CONFIG0 = 0x66; // ±250 °/s, 1 kHz
    static final int ST_ACCEL_CONFIG0 = 0x46; // ±4 g, 1 kHz
    static final int ST_GYRO_FS_SEL = 3;
    static final int ST_ACCEL_FS_SEL = 2;
    static final int ST_GYRO_ENABLE = 0x07;
    static final int ST_ACCEL_ENABLE = 0x78; // EN_AX/AY/AZ_ST | ACCEL_ST_POWER
    static final int ST_SAMPLES = 200;
    static final double ST_MIN_RATIO = 0.5;
    static final double ST_MAX_ACCEL_RATIO = 1.5;
    static final double ST_MIN_GYRO_DPS = 60;
    static final double ST_MAX_GYRO_OFFSET_DPS = 20;
    static final double ST_MIN_ACCEL_G = 0.050;
    static final double ST_MAX_ACCEL_G = 1.200;

    private final SpiDevice dev;
    private final byte[] tx = new byte[1 + FIFO_SIZE_BYTES];
    private final byte[] rx = new byte[1 + FIFO_SIZE_BYTES];
    private SelfTestResult selfTest;
    private long fifoOverflows;

    private Icm42688p(SpiDevice dev) {
        super("icm42688p", describe(dev), DeviceId.of(DeviceId.BUS_TYPE_SPI, dev.bus(), dev.chipSelect(), DEVTYPE),
                ODR_NS, STUCK_RUN, SILENT_AFTER_NS);
        this.dev = dev;
    }

    /** Probes, resets, self-tests and configures the chip, sleeping on the wall clock where the datasheet asks for waits (about 1 s). */
    public static Icm42688p probe(SpiDevice dev) throws ProbeException {
        return probe(dev, ChipIo::sleepWallClock);
    }

    /**
     * As {@link #probe(SpiDevice)}, with the waits done by {@code sleepNs} (tests advance a fake clock).
     *
     * @throws ProbeException absent chip (MISO reads 0xFF/0x00), wrong WHO_AM_I, no reset-done flag,
     *     failed self-test (with the measured figures), a configuration register that did not take,
     *     or a bus error during probe
     */
    public static Icm42688p probe(SpiDevice dev, LongConsumer sleepNs) throws ProbeException {
        String name = describe(dev);
        Icm42688p chip = new Icm42688p(dev);
        try {
            chip.writeRegister(REG_BANK_SEL, 0);
            int id = chip.readRegister(WHO_AM_I);
            if (id == 0xFF || id == 0x00) {
                throw new ProbeException(name + ": absent (WHO_AM_I reads 0x" + ChipIo.hex2(id) + ", expected 0x"
                        + ChipIo.hex2(WHO_AM_I_VALUE) + "; SPI has no acknowledge, a floating or stuck MISO reads this)");
            }
            checkWhoAmI(name, id, WHO_AM_I_VALUE);
            chip.softReset(sleepNs);
            SelfTestResult result = chip.runSelfTest(sleepNs);
            if (!result.passed()) {
                throw new ProbeException(name + ": self-test failed: " + result);
            }
            chip.softReset(sleepNs);
            chip.configure(sleepNs);
            chip.selfTest = result;
            return chip;
        } catch (BusException e) {
            throw new ProbeException(name + ": bus error during probe: " + e.getMessage(), e);
        }
    }

    private void softReset(LongConsumer sleepNs) throws BusException, ProbeException {
        writeRegister(DEVICE_CONFIG, 0x01);
        // DS-000347 DEVICE_CONFIG: wait 1 ms after a soft reset before further register access.
        sleepNs.accept(1_000_000L);
        writeRegister(REG_BANK_SEL, 0);
        int status = readRegister(INT_STATUS);
        if ((status & INT_STATUS_RESET_DONE) == 0) {
            throw new ProbeException(name + ": soft reset not confirmed (INT_STATUS 0x" + ChipIo.hex2(status)
                    + ", RESET_DONE_INT clear)");
        }
        int id = readRegister(WHO_AM_I);
        if (id != WHO_AM_I_VALUE) {
            throw new ProbeException(name + ": WHO_AM_I read 0x" + ChipIo.hex2(id) + " after soft reset, expected 0x"
                    + ChipIo.hex2(WHO_AM_I_VALUE));
        }
    }

    private void configure(LongConsumer sleepNs) throws BusException, ProbeException {
        int[][] config = {
            {INTF_CONFIG0, INTF_CONFIG0_VALUE},
            {FIFO_CONFIG, FIFO_CONFIG_VALUE},
            {GYRO_CONFIG0, GYRO_CONFIG0_VALUE},
            {ACCEL_CONFIG0, ACCEL_CONFIG0_VALUE},
            {GYRO_ACCEL_CONFIG0, GYRO_ACCEL_CONFIG0_VALUE},
            {FIFO_CONFIG1, FIFO_CONFIG1_VALUE},
            {PWR_MGMT0, PWR_MGMT0_VALUE},
        };
        for (int[] c : config) {
            writeRegister(c[0], c[1]);
        }
        // PWR_MGMT0 note: no register writes for 200 µs after a mode change; the gyro needs up to
        // 45 ms to start (DS-000347 Table 1, start-up time), so wait before the first FIFO data.
        sleepNs.accept(50_000_000L);
        verify(config);
        writeRegister(SIGNAL_PATH_RESET, SIGNAL_PATH_RESET_FIFO_FLUSH);
    }

    /**
     * The factory self-test as TDK's reference driver runs it: at ±250 °/s and ±4 g, 1 kHz, average
     * {@value #ST_SAMPLES} samples with self-test off and on, and compare each axis's response with the
     * factory value ST_OTP = 2620 / 2^(3 − FS_SEL) × 1.01^(ST_code − 1) LSB coded in bank 1 (gyro) and
     * bank 2 (accel) ST_DATA. Simplification: gyro and accel are averaged in the same pass (TDK runs
     * them one after the other); the chip is soft-reset afterwards instead of restoring registers.
     */
    private SelfTestResult runSelfTest(LongConsumer sleepNs) throws BusException {
        writeRegister(GYRO_CONFIG0, ST_GYRO_CONFIG0);
        writeRegister(ACCEL_CONFIG0, ST_ACCEL_CONFIG0);
        // Third-order UI filters at bandwidth index 4 (ODR/10), as the reference procedure sets them.
        writeRegister(GYRO_CONFIG1, 0x1A);
        writeRegister(ACCEL_CONFIG1, 0x15);
        writeRegister(GYRO_ACCEL_CONFIG0, 0x44);
        writeRegister(PWR_MGMT0, PWR_MGMT0_VALUE);
        sleepNs.accept(60_000_000L);
        double[] off = new double[6];
        average(off, sleepNs);
        writeRegister(SELF_TEST_CONFIG, ST_GYRO_ENABLE | ST_ACCEL_ENABLE);
        // Reference procedure: 200 ms for the gyro's self-test oscillation to settle.
        sleepNs.accept(200_000_000L);
        double[] on = new double[6];
        average(on, sleepNs);
        writeRegister(SELF_TEST_CONFIG, 0);
        int[] codes = new int[6];
        writeRegister(REG_BANK_SEL, 1);
        readBurst(XG_ST_DATA_BANK1, 3);
        for (int i = 0; i < 3; i++) {
            codes[3 + i] = rx[1 + i] & 0xFF;
        }
        writeRegister(REG_BANK_SEL, 2);
        readBurst(XA_ST_DATA_BANK2, 3);
        for (int i = 0; i < 3; i++) {
            codes[i] = rx[1 + i] & 0xFF;
        }
        writeRegister(REG_BANK_SEL, 0);
        return SelfTestResult.evaluate(off, on, codes);
    }

    /** Averages {@value #ST_SAMPLES} data-register samples (accel x, y, z, gyro x, y, z; raw LSB). */
    private void average(double[] out, LongConsumer sleepNs) throws BusException {
        averageRaw(out, ST_SAMPLES, ODR_NS, 1, 7, sleepNs);
    }

    /** ACCEL_DATA_X1.. and GYRO_DATA_X1.. in one burst; rx[0] is the byte clocked out with the address. */
    @Override
    byte[] readDataRegisters() throws BusException {
        readBurst(ACCEL_DATA_X1, 12);
        return rx;
    }

    /** ST_OTP of DS-000347's self-test section / TDK eMD: the factory response in LSB at full-scale select {@code fsSel}. */
    public static double selfTestOtpLsb(int fsSel, int stCode) {
        return 2620.0 / Math.pow(2, 3 - fsSel) * Math.pow(1.01, stCode - 1);
    }

    /**
     * The self-test figures: per axis (accel x, y, z, gyro x, y, z) the response ST_ON − ST_OFF in
     * LSB, the factory ST_OTP in LSB (0 when the part carries no code) and the ratio.
     */
    public record SelfTestResult(double[] responseLsb, double[] otpLsb, double gyroOffsetMaxDps, boolean passed) {
        static SelfTestResult evaluate(double[] off, double[] on, int[] codes) {
            double[] response = new double[6];
            double[] otp = new double[6];
            boolean pass = true;
            double gyroLsbPerDps = 32768.0 / 250.0;
            double accelLsbPerG = 32768.0 / 4.0;
            double offsetMax = 0;
            for (int axis = 0; axis < 6; axis++) {
                boolean gyro = axis >= 3;
                response[axis] = Math.abs(on[axis] - off[axis]);
                otp[axis] = codes[axis] == 0 ? 0 : Math.rint(selfTestOtpLsb(gyro ? ST_GYRO_FS_SEL : ST_ACCEL_FS_SEL, codes[axis]));
                if (gyro) {
                    if (otp[axis] != 0) {
                        pass &= response[axis] / otp[axis] > ST_MIN_RATIO;
                    } else {
                        pass &= response[axis] >= ST_MIN_GYRO_DPS * gyroLsbPerDps;
                    }
                    offsetMax = Math.max(offsetMax, Math.abs(off[axis]) / gyroLsbPerDps);
                } else if (otp[axis] != 0) {
                    double ratio = response[axis] / otp[axis];
                    pass &= ratio > ST_MIN_RATIO && ratio < ST_MAX_ACCEL_RATIO;
                } else {
                    pass &= response[axis] >= ST_MIN_ACCEL_G * accelLsbPerG && response[axis] <= ST_MAX_ACCEL_G * accelLsbPerG;
                }
            }
            pass &= offsetMax < ST_MAX_GYRO_OFFSET_DPS;
            return new SelfTestResult(response, otp, offsetMax, pass);
        }

        /** Response over factory value for one axis (0 accel x … 5 gyro z); NaN without a factory code. */
        public double ratio(int axis) {
            return otpLsb[axis] == 0 ? Double.NaN : responseLsb[axis] / otpLsb[axis];
        }

        @Override
        public String toString() {
            String[] axes = {"ax", "ay", "az", "gx", "gy", "gz"};
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                b.append(axes[i]).append(" response ").append(Math.round(responseLsb[i])).append(" LSB");
                if (otpLsb[i] != 0) {
                    b.append(String.format(" / factory %d LSB = %.2f", Math.round(otpLsb[i]), ratio(i)));
                }
                b.append("; ");
            }
            b.append(String.format("gyro offset max %.1f dps (limit %.0f); ratio limits gyro > %.1f, accel %.1f..%.1f",
                    gyroOffsetMaxDps, ST_MAX_GYRO_OFFSET_DPS, ST_MIN_RATIO, ST_MIN_RATIO, ST_MAX_ACCEL_RATIO));
            return b.toString();
        }
    }

    /** Self-test figures measured at probe. */
    public SelfTestResult selfTest() {
        return selfTest;
    }

    /** The TDK procedure run at probe: the worst axis's response over its factory ST_OTP value. */
    @Override
    public ChipSelfTest selfTestOutcome() {
        String figure = ChipSelfTest.worstRatio(selfTest.responseLsb(), selfTest.otpLsb(), 1.0)
                + String.format(java.util.Locale.ROOT, "; gyro offset %.2f °/s", selfTest.gyroOffsetMaxDps());
        String limit = String.format(java.util.Locale.ROOT, "ratio gyro > %.1f, accel %.1f..%.1f; gyro offset < %.0f °/s",
                ST_MIN_RATIO, ST_MIN_RATIO, ST_MAX_ACCEL_RATIO, ST_MAX_GYRO_OFFSET_DPS);
        return selfTest.passed() ? ChipSelfTest.pass("self-test response vs factory ST_OTP", figure, limit)
                : ChipSelfTest.fail("self-test response vs factory ST_OTP", figure, limit, selfTest.toString());
    }

    /**
     * Reads INT_STATUS and FIFO_COUNT, then the whole packets in the FIFO in one burst. Each valid
     * packet becomes one sample stamped {@code nowNs − (n − 1 − i) × 1 ms} (the newest packet is
     * taken as sampled at the read). A FIFO that filled (STOP-on-FULL) or a bad header is flushed and
     * counted in {@code errorCount}; no samples are returned from it because their times are unknown.
     */
    @Override
    public int read(long nowNs, Consumer<ImuSample> sink) throws BusException {
        int count;
        int status;
        try {
            readBurst(INT_STATUS, 3);
            status = rx[1] & 0xFF;
            count = ((rx[2] & 0xFF) << 8) | (rx[3] & 0xFF);
            if ((status & INT_STATUS_FIFO_FULL) != 0 || count >= FIFO_SIZE_BYTES) {
                fifoOverflows++;
                monitor.badFrame();
                writeRegister(SIGNAL_PATH_RESET, SIGNAL_PATH_RESET_FIFO_FLUSH);
                monitor.readOk();
                monitor.endRead(nowNs, 0);
                return 0;
            }
            int packets = count / PACKET_BYTES;
            if (packets == 0) {
                monitor.readOk();
                monitor.endRead(nowNs, 0);
                return 0;
            }
            readBurst(FIFO_DATA, packets * PACKET_BYTES);
            int valid = 0;
            while (valid < packets) {
                int header = rx[1 + valid * PACKET_BYTES] & 0xFF;
                if ((header & HEADER_EMPTY) != 0) {
                    break;
                }
                if ((header & HEADER_ACCEL_GYRO) != HEADER_ACCEL_GYRO) {
                    monitor.badFrame();
                    writeRegister(SIGNAL_PATH_RESET, SIGNAL_PATH_RESET_FIFO_FLUSH);
                    break;
                }
                valid++;
            }
            monitor.readOk();
            for (int i = 0; i < valid; i++) {
                int p = 1 + i * PACKET_BYTES;
                // Packet 3 (§6.1): header, accel x/y/z, gyro x/y/z, temperature byte, time stamp.
                // Stamped from the count the chip reported, so packets kept before a bad one keep their age.
                deliver(nowNs - (packets - 1 - i) * ODR_NS, rx, p + 1, p + 7, fifoTemperatureC(rx[p + 13]), sink);
            }
            monitor.endRead(nowNs, valid);
            return valid;
        } catch (BusException e) {
            monitor.busError();
            throw e;
        }
    }

    /** FIFO temperature byte (DS-000347 §6.1): T = FIFO_TEMP_DATA / 2.07 + 25 °C. */
    public static double fifoTemperatureC(byte raw) {
        return raw / 2.07 + 25.0;
    }

    /** TEMP_DATA register (DS-000347 §14, TEMP_DATA1/0): T = TEMP_DATA / 132.48 + 25 °C. */
    public static double registerTemperatureC(int raw16) {
        return raw16 / 132.48 + 25.0;
    }

    /** FIFO overflows (flushed) and bad packet headers. */
    public long badFrames() {
        return monitor.badFrames();
    }

    public long fifoOverflows() {
        return fifoOverflows;
    }

    @Override
    int readRegister(int register) throws BusException {
        readBurst(register, 1);
        return rx[1] & 0xFF;
    }

    private void readBurst(int register, int len) throws BusException {
        tx[0] = (byte) (0x80 | register);
        dev.transfer(tx, rx, 1 + len);
    }

    private void writeRegister(int register, int value) throws BusException {
        tx[0] = (byte) (register & 0x7F);
        tx[1] = (byte) value;
        dev.transfer(tx, rx, 2);
        tx[1] = 0;
    }

    private static String describe(SpiDevice dev) {
        return "icm42688p on spi" + dev.bus() + "." + dev.chipSelect();
    }
}
