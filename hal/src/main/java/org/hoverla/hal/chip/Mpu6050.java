package org.hoverla.hal.chip;

import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.I2cDevice;

/**
 * InvenSense MPU-6050 6-axis IMU on I2C (0x68, or 0x69 with AD0 high), read from its data
 * registers at 500 Hz behind the 98 Hz DLPF, gyro ±2000 °/s and accel ±16 g.
 *
 * <p>Sources: MPU-6000/MPU-6050 Register Map and Descriptions RM-MPU-6000A-00 rev 4.2 (§4.1 self-test
 * registers and factory-trim equations, §4.2–4.6 SMPLRT_DIV/CONFIG/GYRO_CONFIG/ACCEL_CONFIG, §4.17
 * data registers, §4.18 temperature, §4.28 PWR_MGMT_1, §4.32 WHO_AM_I) and the MPU-6050 Product
 * Specification PS-MPU-6000A-00 rev 3.4 (Tables 6.1–6.2: sensitivities, noise, self-test limits
 * ±14 %); cross-checked with PX4's InvenSense drivers ({@code src/drivers/imu/invensense/mpu6000}:
 * same register map, axis flip).
 *
 * <p>Frames: chip axes are forward-left-up; y and z are negated to FRD as PX4's drivers do.
 * Threads: {@link #probe} at boot, {@link #read} on the bus's driver thread; {@code read} never
 * allocates. The FIFO is not used: one 15-byte burst (INT_STATUS + data) per read is less bus
 * time than FIFO_COUNT + FIFO reads for one sample, and DATA_RDY tells whether it is new.
 */
public final class Mpu6050 extends InvenSenseImu implements ChipSelfTest.SelfTesting {
    /**
     * PX4 drv_sensor.h has no combined MPU-6050 IMU type, only {@code DRV_ACC_DEVTYPE_MPU6050} (0x33)
     * and {@code DRV_GYR_DEVTYPE_MPU6050} (0x35); the accel one identifies this combined backend.
     */
    public static final int DEVTYPE = 0x33;
    public static final int WHO_AM_I_VALUE = 0x68;

    static final int SELF_TEST_X = 0x0D;
    static final int SELF_TEST_A = 0x10;
    static final int SMPLRT_DIV = 0x19;
    static final int CONFIG = 0x1A;
    static final int GYRO_CONFIG = 0x1B;
    static final int ACCEL_CONFIG = 0x1C;
    static final int INT_PIN_CFG = 0x37;
    static final int INT_ENABLE = 0x38;
    static final int INT_STATUS = 0x3A;
    static final int ACCEL_XOUT_H = 0x3B;
    static final int PWR_MGMT_1 = 0x6B;
    static final int WHO_AM_I = 0x75;

    /** SMPLRT_DIV = 1: 1 kHz gyro output rate (DLPF on) / (1 + 1) = 500 Hz. */
    static final int SMPLRT_DIV_VALUE = 0x01;
    /** DLPF_CFG = 2: accel 94 Hz (3.0 ms), gyro 98 Hz (2.8 ms) bandwidth, 1 kHz internal rate. */
    static final int CONFIG_VALUE = 0x02;
    /** FS_SEL = 3: ±2000 °/s. */
    static final int GYRO_CONFIG_VALUE = 0x18;
    /** AFS_SEL = 3: ±16 g. */
    static final int ACCEL_CONFIG_VALUE = 0x18;
    /** INT_STATUS cleared by reading it (INT_RD_CLEAR = 0), push-pull active high. */
    static final int INT_PIN_CFG_VALUE = 0x00;
    /** DATA_RDY_EN. */
    static final int INT_ENABLE_VALUE = 0x01;
    /** CLKSEL = 1 (PLL on the X gyro, recommended over the internal oscillator), SLEEP = 0. */
    static final int PWR_MGMT_1_VALUE = 0x01;

    public static final long SAMPLE_PERIOD_NS = 2_000_000L;
    /**
     * Consecutive identical new samples that mean stuck data. Noise (PS Table 6.1/6.2:
     * 0.005 °/s/√Hz, 400 µg/√Hz; ≈0.8 LSB gyro and ≈8 LSB accel rms behind the 98 Hz DLPF) repeats all
     * six axes with probability ≈2e-6 per sample, so 5 in a row (≈1e-23) is never noise; 10 ms.
     */
    static final int STUCK_RUN = 5;
    /** No new sample for 20 periods (40 ms): the chip has stopped (reset, powered down); unhealthy. */
    static final long SILENT_AFTER_NS = 20 * SAMPLE_PERIOD_NS;

    static final int ST_SAMPLES = 100;
    static final double ST_MAX_CHANGE = 0.14;

    private final I2cDevice dev;
    private final byte[] buf = new byte[16];
    private SelfTestResult selfTest;

    private Mpu6050(I2cDevice dev) {
        super("mpu6050", describe(dev), DeviceId.of(DeviceId.BUS_TYPE_I2C, dev.bus(), dev.address(), DEVTYPE),
                SAMPLE_PERIOD_NS, STUCK_RUN, SILENT_AFTER_NS);
        this.dev = dev;
    }

    /** Probes, resets, self-tests and configures the chip, waiting on the wall clock (about 0.6 s). */
    public static Mpu6050 probe(I2cDevice dev) throws ProbeException {
        return probe(dev, ChipIo::sleepWallClock);
    }

    /**
     * As {@link #probe(I2cDevice)} with waits done by {@code sleepNs}.
     *
     * @throws ProbeException absent (NACK), wrong WHO_AM_I, failed self-test (figures in the
     *     message), a configuration register that did not take, or a bus error during probe
     */
    public static Mpu6050 probe(I2cDevice dev, LongConsumer sleepNs) throws ProbeException {
        String name = describe(dev);
        Mpu6050 chip = new Mpu6050(dev);
        int id;
        try {
            id = chip.readRegister(WHO_AM_I);
        } catch (BusException e) {
            throw ChipIo.probeFailure(name, e, "reading WHO_AM_I");
        }
        checkWhoAmI(name, id, WHO_AM_I_VALUE);
        try {
            // PWR_MGMT_1.DEVICE_RESET: all registers to their defaults; 100 ms before the next access.
            dev.writeRegister(PWR_MGMT_1, 0x80);
            sleepNs.accept(100_000_000L);
            dev.writeRegister(PWR_MGMT_1, PWR_MGMT_1_VALUE);
            // The PLL needs a few ms to lock after leaving sleep.
            sleepNs.accept(10_000_000L);
            int[][] config = {
                {SMPLRT_DIV, SMPLRT_DIV_VALUE},
                {CONFIG, CONFIG_VALUE},
                {INT_PIN_CFG, INT_PIN_CFG_VALUE},
                {INT_ENABLE, INT_ENABLE_VALUE},
            };
            for (int[] c : config) {
                dev.writeRegister(c[0], c[1]);
            }
            SelfTestResult result = chip.runSelfTest(sleepNs);
            if (!result.passed()) {
                throw new ProbeException(name + ": self-test failed: " + result);
            }
            dev.writeRegister(GYRO_CONFIG, GYRO_CONFIG_VALUE);
            dev.writeRegister(ACCEL_CONFIG, ACCEL_CONFIG_VALUE);
            chip.verify(new int[][] {
                {PWR_MGMT_1, PWR_MGMT_1_VALUE},
                {SMPLRT_DIV, SMPLRT_DIV_VALUE},
                {CONFIG, CONFIG_VALUE},
                {GYRO_CONFIG, GYRO_CONFIG_VALUE},
                {ACCEL_CONFIG, ACCEL_CONFIG_VALUE},
                {INT_PIN_CFG, INT_PIN_CFG_VALUE},
                {INT_ENABLE, INT_ENABLE_VALUE},
            });
            // Let the DLPF settle on the new ranges, then drop the stale status.
            sleepNs.accept(20_000_000L);
            chip.readRegister(INT_STATUS);
            chip.selfTest = result;
            return chip;
        } catch (BusException e) {
            throw new ProbeException(name + ": bus error during probe: " + e.getMessage(), e);
        }
    }

    /**
     * Register map §4.1: at ±250 °/s and ±8 g, self-test response STR = output with the axis's
     * self-test bit set − output without; change from factory trim = (STR − FT) / FT must be within
     * ±14 % (PS Table 6.1/6.2). FT from the 5-bit codes in SELF_TEST_X/Y/Z/A ({@link #gyroFactoryTrimLsb},
     * {@link #accelFactoryTrimLsb}).
     */
    private SelfTestResult runSelfTest(LongConsumer sleepNs) throws BusException {
        dev.writeRegister(GYRO_CONFIG, 0x00);
        dev.writeRegister(ACCEL_CONFIG, 0x10);
        sleepNs.accept(20_000_000L);
        double[] off = new double[6];
        average(off, sleepNs);
        dev.writeRegister(GYRO_CONFIG, 0xE0);
        dev.writeRegister(ACCEL_CONFIG, 0xF0);
        sleepNs.accept(20_000_000L);
        double[] on = new double[6];
        average(on, sleepNs);
        dev.writeRegister(GYRO_CONFIG, 0x00);
        dev.writeRegister(ACCEL_CONFIG, 0x10);
        dev.readRegisters(SELF_TEST_X, buf, 0, 4);
        int[] codes = selfTestCodes(buf[0] & 0xFF, buf[1] & 0xFF, buf[2] & 0xFF, buf[3] & 0xFF);
        double[] ft = new double[6];
        for (int i = 0; i < 3; i++) {
            ft[i] = accelFactoryTrimLsb(codes[i]);
            ft[3 + i] = gyroFactoryTrimLsb(codes[3 + i], i == 1);
        }
        double[] str = new double[6];
        for (int i = 0; i < 6; i++) {
            str[i] = on[i] - off[i];
        }
        return SelfTestResult.of(str, ft);
    }

    /** Self-test averages: one sample period apart; accel at 0, TEMP_OUT, gyro at 8 (register map §4.17). */
    private void average(double[] out, LongConsumer sleepNs) throws BusException {
        averageRaw(out, ST_SAMPLES, SAMPLE_PERIOD_NS, 0, 8, sleepNs);
    }

    @Override
    byte[] readDataRegisters() throws BusException {
        dev.readRegisters(ACCEL_XOUT_H, buf, 0, 14);
        return buf;
    }

    /**
     * Unpacks the 5-bit self-test codes (register map §4.1): XA_TEST = SELF_TEST_X[7:5] ‖
     * SELF_TEST_A[5:4] (likewise Y with A[3:2], Z with A[1:0]); XG_TEST = SELF_TEST_X[4:0].
     *
     * @return accel x, y, z, gyro x, y, z codes
     */
    public static int[] selfTestCodes(int x, int y, int z, int a) {
        return new int[] {
            ((x >> 3) & 0x1C) | ((a >> 4) & 0x03),
            ((y >> 3) & 0x1C) | ((a >> 2) & 0x03),
            ((z >> 3) & 0x1C) | (a & 0x03),
            x & 0x1F, y & 0x1F, z & 0x1F,
        };
    }

    /** FT[Xg] = 25 · 131 · 1.046^(XG_TEST − 1) LSB at ±250 °/s, negative for Y; 0 when the code is 0. */
    public static double gyroFactoryTrimLsb(int code, boolean yAxis) {
        if (code == 0) {
            return 0;
        }
        double ft = 25 * 131 * Math.pow(1.046, code - 1);
        return yAxis ? -ft : ft;
    }

    /** FT[Xa] = 4096 · 0.34 · (0.92/0.34)^((XA_TEST − 1)/(2^5 − 2)) LSB at ±8 g; 0 when the code is 0. */
    public static double accelFactoryTrimLsb(int code) {
        if (code == 0) {
            return 0;
        }
        return 4096 * 0.34 * Math.pow(0.92 / 0.34, (code - 1) / 30.0);
    }

    /** Temperature (register map §4.18): T = TEMP_OUT / 340 + 36.53 °C. */
    public static double temperatureC(int raw16) {
        return raw16 / 340.0 + 36.53;
    }

    /** Self-test figures per axis (accel x, y, z, gyro x, y, z): response STR and factory trim FT in LSB. */
    public record SelfTestResult(double[] responseLsb, double[] factoryTrimLsb, boolean passed) {
        static SelfTestResult of(double[] str, double[] ft) {
            boolean pass = true;
            for (int i = 0; i < 6; i++) {
                pass &= ft[i] != 0 && Math.abs((str[i] - ft[i]) / ft[i]) <= ST_MAX_CHANGE;
            }
            return new SelfTestResult(str, ft, pass);
        }

        /** (STR − FT) / FT of one axis; NaN without a factory code. */
        public double change(int axis) {
            return factoryTrimLsb[axis] == 0 ? Double.NaN : (responseLsb[axis] - factoryTrimLsb[axis]) / factoryTrimLsb[axis];
        }

        @Override
        public String toString() {
            String[] axes = {"ax", "ay", "az", "gx", "gy", "gz"};
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                b.append(String.format("%s response %d LSB / factory trim %d LSB = %+.1f %%; ", axes[i],
                        Math.round(responseLsb[i]), Math.round(factoryTrimLsb[i]), 100 * change(i)));
            }
            return b.append("limit ±14 %").toString();
        }
    }

    public SelfTestResult selfTest() {
        return selfTest;
    }

    /** Register map §4.1 self-test at probe: the worst axis's (STR − FT) / FT against ±14 % (PS Tables 6.1–6.2). */
    @Override
    public ChipSelfTest selfTestOutcome() {
        int worst = 0;
        for (int i = 1; i < 6; i++) {
            if (!(Math.abs(selfTest.change(i)) <= Math.abs(selfTest.change(worst)))) {
                worst = i;
            }
        }
        String figure = String.format(java.util.Locale.ROOT, "worst axis %s: %+.1f %% of factory trim",
                new String[] {"ax", "ay", "az", "gx", "gy", "gz"}[worst], 100 * selfTest.change(worst));
        return selfTest.passed() ? ChipSelfTest.pass("self-test response vs factory trim", figure, "within ±14 %")
                : ChipSelfTest.fail("self-test response vs factory trim", figure, "within ±14 %", selfTest.toString());
    }

    /**
     * One burst of INT_STATUS and the 14 data bytes; a sample is delivered when DATA_RDY says it is
     * new, stamped {@code nowNs} (the registers hold the latest sample, at most one period old).
     */
    @Override
    public int read(long nowNs, Consumer<ImuSample> sink) throws BusException {
        try {
            dev.readRegisters(INT_STATUS, buf, 0, 15);
        } catch (BusException e) {
            monitor.busError();
            throw e;
        }
        monitor.readOk();
        if ((buf[0] & 0x01) == 0) {
            monitor.endRead(nowNs, 0);
            return 0;
        }
        // Burst layout (register map §4.17): INT_STATUS, accel x/y/z, TEMP_OUT, gyro x/y/z.
        deliver(nowNs, buf, 1, 9, temperatureC(ChipIo.s16be(buf, 7)), sink);
        monitor.endRead(nowNs, 1);
        return 1;
    }

    @Override
    int readRegister(int register) throws BusException {
        return ChipIo.readRegister(dev, register, buf);
    }

    private static String describe(I2cDevice dev) {
        return "mpu6050 on i2c-" + dev.bus() + " 0x" + ChipIo.hex2(dev.address());
    }
}
