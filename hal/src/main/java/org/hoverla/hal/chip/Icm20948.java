package org.hoverla.hal.chip;

import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.I2cDevice;

/**
 * TDK InvenSense ICM-20948 9-axis IMU on I2C (0x68 with AD0 low, 0x69 high); this backend reads its
 * gyro and accel from the bank-0 data registers at 550 Hz, gyro ±2000 °/s and accel ±16 g behind
 * the ~120 Hz DLPFs. Its AK09916 magnetometer is {@link Icm20948Ak09916}, probed after this backend.
 *
 * <p>Sources: ICM-20948 datasheet DS-000189 rev 1.3 (§7 register map: user banks 0–3 behind
 * REG_BANK_SEL 0x7F; §8 bank 0 PWR_MGMT_1, INT_ENABLE_1, INT_STATUS_1, data and TEMP_OUT with
 * T = TEMP_OUT/333.87 + 21; §10 bank 2 GYRO_SMPLRT_DIV, GYRO_CONFIG_1/2, ACCEL_SMPLRT_DIV, ACCEL_CONFIG/2;
 * §9 bank 1 SELF_TEST_*), cross-checked with PX4's {@code src/drivers/imu/invensense/icm20948}
 * (InvenSense_ICM20948_registers.hpp) and TDK's eMD {@code Icm20948SelfTest.c} (ST_OTP table and limits).
 *
 * <p>Frames: chip axes forward-left-up; y and z negated to FRD as PX4 does. Threads: {@link #probe}
 * at boot, {@link #read} on the bus's driver thread; {@code read} never allocates.
 */
public final class Icm20948 extends InvenSenseImu implements ChipSelfTest.SelfTesting {
    /** PX4 drv_sensor.h: {@code DRV_IMU_DEVTYPE_ICM20948}. */
    public static final int DEVTYPE = 0x28;
    public static final int WHO_AM_I_VALUE = 0xEA;

    static final int REG_BANK_SEL = 0x7F;
    // Bank 0
    static final int WHO_AM_I = 0x00;
    static final int PWR_MGMT_1 = 0x06;
    static final int PWR_MGMT_2 = 0x07;
    static final int INT_ENABLE_1 = 0x11;
    static final int INT_STATUS_1 = 0x1A;
    static final int ACCEL_XOUT_H = 0x2D;
    // Bank 1
    static final int SELF_TEST_X_GYRO = 0x02;
    static final int SELF_TEST_X_ACCEL = 0x0E;
    // Bank 2
    static final int GYRO_SMPLRT_DIV = 0x00;
    static final int GYRO_CONFIG_1 = 0x01;
    static final int GYRO_CONFIG_2 = 0x02;
    static final int ACCEL_SMPLRT_DIV_1 = 0x10;
    static final int ACCEL_SMPLRT_DIV_2 = 0x11;
    static final int ACCEL_CONFIG = 0x14;
    static final int ACCEL_CONFIG_2 = 0x15;

    /** CLKSEL = 1: best available clock (PLL when the gyro runs), SLEEP = 0. */
    static final int PWR_MGMT_1_VALUE = 0x01;
    /** Gyro ODR = 1.1 kHz / (1 + 1) = 550 Hz. */
    static final int GYRO_SMPLRT_DIV_VALUE = 0x01;
    /** GYRO_DLPFCFG = 2 (119.5 Hz), GYRO_FS_SEL = 3 (±2000 °/s), GYRO_FCHOICE = 1 (DLPF on). */
    static final int GYRO_CONFIG_1_VALUE = 0x17;
    /** Accel ODR = 1.125 kHz / (1 + 1) = 562.5 Hz. */
    static final int ACCEL_SMPLRT_DIV_2_VALUE = 0x01;
    /** ACCEL_DLPFCFG = 2 (111.4 Hz), ACCEL_FS_SEL = 3 (±16 g), ACCEL_FCHOICE = 1. */
    static final int ACCEL_CONFIG_VALUE = 0x17;
    /** RAW_DATA_0_RDY_EN. */
    static final int INT_ENABLE_1_VALUE = 0x01;

    public static final long SAMPLE_PERIOD_NS = 1_818_182L;
    /**
     * Consecutive identical new samples that mean stuck data. Noise (DS-000189 Tables 1–2:
     * 0.015 °/s/√Hz, 230 µg/√Hz; ≈2.7 LSB gyro, ≈5 LSB accel rms at these bandwidths) repeats all six
     * axes with probability ≈2e-7 per sample, so 5 in a row (≈1e-27) is never noise; 9 ms.
     */
    static final int STUCK_RUN = 5;
    /** No new sample for 20 periods (36 ms): the chip has stopped (reset, powered down); unhealthy. */
    static final long SILENT_AFTER_NS = 20 * SAMPLE_PERIOD_NS;

    static final int ST_SAMPLES = 100;
    /** Self-test set-up (TDK eMD): gyro ±250 °/s DLPF 0; accel ±2 g DLPF 7; both FCHOICE = 1. */
    static final int ST_GYRO_CONFIG_1 = 0x01;
    static final int ST_ACCEL_CONFIG = 0x39;
    static final int ST_GYRO_ENABLE = 0x38; // XGYRO/YGYRO/ZGYRO_CTEN
    static final int ST_ACCEL_ENABLE = 0x1C; // AX/AY/AZ_ST_EN_REG

    private final I2cDevice dev;
    private final byte[] buf = new byte[16];
    private SelfTestResult selfTest;

    private Icm20948(I2cDevice dev) {
        super("icm20948", describe(dev), DeviceId.of(DeviceId.BUS_TYPE_I2C, dev.bus(), dev.address(), DEVTYPE),
                SAMPLE_PERIOD_NS, STUCK_RUN, SILENT_AFTER_NS);
        this.dev = dev;
    }

    /** Probes, resets, self-tests and configures the chip, waiting on the wall clock (about 0.5 s). */
    public static Icm20948 probe(I2cDevice dev) throws ProbeException {
        return probe(dev, ChipIo::sleepWallClock);
    }

    /**
     * As {@link #probe(I2cDevice)} with waits done by {@code sleepNs}.
     *
     * @throws ProbeException absent (NACK), wrong WHO_AM_I, failed self-test (figures in the
     *     message), a configuration register that did not take, or a bus error during probe
     */
    public static Icm20948 probe(I2cDevice dev, LongConsumer sleepNs) throws ProbeException {
        String name = describe(dev);
        Icm20948 chip = new Icm20948(dev);
        int id;
        try {
            dev.writeRegister(REG_BANK_SEL, 0);
            id = chip.readRegister(WHO_AM_I);
        } catch (BusException e) {
            throw ChipIo.probeFailure(name, e, "reading WHO_AM_I");
        }
        checkWhoAmI(name, id, WHO_AM_I_VALUE);
        try {
            // PWR_MGMT_1.DEVICE_RESET; TDK's reference waits 100 ms before the next access.
            dev.writeRegister(PWR_MGMT_1, 0x80);
            sleepNs.accept(100_000_000L);
            dev.writeRegister(REG_BANK_SEL, 0);
            dev.writeRegister(PWR_MGMT_1, PWR_MGMT_1_VALUE);
            dev.writeRegister(PWR_MGMT_2, 0x00);
            SelfTestResult result = chip.runSelfTest(sleepNs);
            if (!result.passed()) {
                throw new ProbeException(name + ": self-test failed: " + result);
            }
            int[][] bank2 = {
                {GYRO_SMPLRT_DIV, GYRO_SMPLRT_DIV_VALUE},
                {GYRO_CONFIG_1, GYRO_CONFIG_1_VALUE},
                {GYRO_CONFIG_2, 0x00},
                {ACCEL_SMPLRT_DIV_1, 0x00},
                {ACCEL_SMPLRT_DIV_2, ACCEL_SMPLRT_DIV_2_VALUE},
                {ACCEL_CONFIG, ACCEL_CONFIG_VALUE},
                {ACCEL_CONFIG_2, 0x00},
            };
            dev.writeRegister(REG_BANK_SEL, 2 << 4);
            for (int[] c : bank2) {
                dev.writeRegister(c[0], c[1]);
            }
            chip.verify(bank2);
            dev.writeRegister(REG_BANK_SEL, 0);
            dev.writeRegister(INT_ENABLE_1, INT_ENABLE_1_VALUE);
            chip.verify(new int[][] {{PWR_MGMT_1, PWR_MGMT_1_VALUE}, {PWR_MGMT_2, 0}, {INT_ENABLE_1, INT_ENABLE_1_VALUE}});
            // DLPF settling on the new ranges, then drop the stale data-ready flag.
            sleepNs.accept(20_000_000L);
            chip.readRegister(INT_STATUS_1);
            chip.selfTest = result;
            return chip;
        } catch (BusException e) {
            throw new ProbeException(name + ": bus error during probe: " + e.getMessage(), e);
        }
    }

    /**
     * TDK's procedure (eMD Icm20948SelfTest.c): at ±250 °/s and ±2 g, average the outputs with the
     * self-test bits off and on (20 ms to settle); response = on − off (signed), factory value ST_OTP =
     * 2620 · 1.01^(code − 1) LSB from bank-1 SELF_TEST_*; pass when response > 0.5 · ST_OTP on every axis
     * and, for the accel, < 1.5 · ST_OTP; a code of 0 fails. Simplified: 100 samples 1 ms apart instead of
     * 200 samples 10 ms apart, gyro and accel in one pass, no restore (the chip is configured afresh).
     */
    private SelfTestResult runSelfTest(LongConsumer sleepNs) throws BusException {
        dev.writeRegister(REG_BANK_SEL, 2 << 4);
        dev.writeRegister(GYRO_SMPLRT_DIV, 0);
        dev.writeRegister(GYRO_CONFIG_1, ST_GYRO_CONFIG_1);
        dev.writeRegister(ACCEL_SMPLRT_DIV_1, 0);
        dev.writeRegister(ACCEL_SMPLRT_DIV_2, 0);
        dev.writeRegister(ACCEL_CONFIG, ST_ACCEL_CONFIG);
        dev.writeRegister(REG_BANK_SEL, 0);
        // Gyro start-up (DS-000189 Table 1: 35 ms from sleep).
        sleepNs.accept(50_000_000L);
        double[] off = new double[6];
        average(off, sleepNs);
        dev.writeRegister(REG_BANK_SEL, 2 << 4);
        dev.writeRegister(GYRO_CONFIG_2, ST_GYRO_ENABLE);
        dev.writeRegister(ACCEL_CONFIG_2, ST_ACCEL_ENABLE);
        dev.writeRegister(REG_BANK_SEL, 0);
        sleepNs.accept(20_000_000L);
        double[] on = new double[6];
        average(on, sleepNs);
        dev.writeRegister(REG_BANK_SEL, 2 << 4);
        dev.writeRegister(GYRO_CONFIG_2, 0);
        dev.writeRegister(ACCEL_CONFIG_2, 0);
        dev.writeRegister(REG_BANK_SEL, 1 << 4);
        int[] codes = new int[6];
        dev.readRegisters(SELF_TEST_X_ACCEL, buf, 0, 3);
        for (int i = 0; i < 3; i++) {
            codes[i] = buf[i] & 0xFF;
        }
        dev.readRegisters(SELF_TEST_X_GYRO, buf, 0, 3);
        for (int i = 0; i < 3; i++) {
            codes[3 + i] = buf[i] & 0xFF;
        }
        dev.writeRegister(REG_BANK_SEL, 0);
        double[] response = new double[6];
        double[] otp = new double[6];
        for (int i = 0; i < 6; i++) {
            response[i] = on[i] - off[i];
            otp[i] = codes[i] == 0 ? 0 : selfTestOtpLsb(codes[i]);
        }
        return SelfTestResult.of(response, otp);
    }

    /** Self-test averages: 1 ms apart; accel at 0, gyro at 6 (DS-000189 §8). */
    private void average(double[] out, LongConsumer sleepNs) throws BusException {
        averageRaw(out, ST_SAMPLES, 1_000_000L, 0, 6, sleepNs);
    }

    @Override
    byte[] readDataRegisters() throws BusException {
        dev.readRegisters(ACCEL_XOUT_H, buf, 0, 12);
        return buf;
    }

    /** ST_OTP = 2620 / 2^FS · 1.01^(code − 1) LSB with FS = 0 (±250 °/s, ±2 g), rounded as TDK's table. */
    public static double selfTestOtpLsb(int code) {
        return Math.rint(2620.0 * Math.pow(1.01, code - 1));
    }

    /** Temperature (DS-000189 §8, TEMP_OUT): T = TEMP_OUT / 333.87 + 21 °C (room-temperature offset 0). */
    public static double temperatureC(int raw16) {
        return raw16 / 333.87 + 21.0;
    }

    /** Self-test figures per axis (accel x, y, z, gyro x, y, z): signed response and ST_OTP in LSB. */
    public record SelfTestResult(double[] responseLsb, double[] otpLsb, boolean passed) {
        static SelfTestResult of(double[] response, double[] otp) {
            boolean pass = true;
            for (int i = 0; i < 6; i++) {
                pass &= otp[i] != 0 && response[i] > 0.5 * otp[i] && (i >= 3 || response[i] < 1.5 * otp[i]);
            }
            return new SelfTestResult(response, otp, pass);
        }

        public double ratio(int axis) {
            return otpLsb[axis] == 0 ? Double.NaN : responseLsb[axis] / otpLsb[axis];
        }

        @Override
        public String toString() {
            String[] axes = {"ax", "ay", "az", "gx", "gy", "gz"};
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                b.append(String.format("%s response %d LSB / factory %d LSB = %.2f; ", axes[i],
                        Math.round(responseLsb[i]), Math.round(otpLsb[i]), ratio(i)));
            }
            return b.append("limits gyro > 0.5, accel 0.5..1.5").toString();
        }
    }

    public SelfTestResult selfTest() {
        return selfTest;
    }

    /** TDK's procedure (eMD Icm20948SelfTest.c) run at probe: the worst axis's response over its factory value. */
    @Override
    public ChipSelfTest selfTestOutcome() {
        String figure = ChipSelfTest.worstRatio(selfTest.responseLsb(), selfTest.otpLsb(), 1.0);
        String limit = "ratio gyro > 0.5, accel 0.5..1.5";
        return selfTest.passed() ? ChipSelfTest.pass("self-test response vs factory ST_OTP", figure, limit)
                : ChipSelfTest.fail("self-test response vs factory ST_OTP", figure, limit, selfTest.toString());
    }

    /**
     * Reads INT_STATUS_1; when RAW_DATA_0_RDY is set, the 14 bytes of accel, gyro and temperature,
     * delivered as one sample stamped {@code nowNs}.
     */
    @Override
    public int read(long nowNs, Consumer<ImuSample> sink) throws BusException {
        try {
            dev.readRegisters(INT_STATUS_1, buf, 0, 1);
            if ((buf[0] & 0x01) == 0) {
                monitor.readOk();
                monitor.endRead(nowNs, 0);
                return 0;
            }
            dev.readRegisters(ACCEL_XOUT_H, buf, 0, 14);
        } catch (BusException e) {
            monitor.busError();
            throw e;
        }
        monitor.readOk();
        // Data layout (DS-000189 §8): accel x/y/z, gyro x/y/z, TEMP_OUT.
        deliver(nowNs, buf, 0, 6, temperatureC(ChipIo.s16be(buf, 12)), sink);
        monitor.endRead(nowNs, 1);
        return 1;
    }

    @Override
    int readRegister(int register) throws BusException {
        return ChipIo.readRegister(dev, register, buf);
    }

    private static String describe(I2cDevice dev) {
        return "icm20948 on i2c-" + dev.bus() + " 0x" + ChipIo.hex2(dev.address());
    }
}
