package org.hoverla.hal.fake;

import java.util.Arrays;

/**
 * ICM-20948 register file on I2C, built from DS-000189 rev 1.3: user banks 0–3 behind REG_BANK_SEL
 * (0x7F, bits 5:4, present in every bank), reset values (WHO_AM_I 0xEA, PWR_MGMT_1 0x41 asleep,
 * GYRO_CONFIG_1/ACCEL_CONFIG 0x01), DEVICE_RESET, SLEEP, gyro ODR = 1.1 kHz / (1 + GYRO_SMPLRT_DIV)
 * driving the data registers, INT_STATUS_1.RAW_DATA_0_RDY (when enabled) cleared on read, gyro and
 * accel full scales, TEMP_OUT = (T − 21) · 333.87, and the self-test: GYRO_CONFIG_2[5:3] and
 * ACCEL_CONFIG_2[4:2] add the factory response ST_OTP = 2620 · 1.01^(code − 1) LSB (at ±250 °/s,
 * ±2 g) coded in bank-1 SELF_TEST_*. The auxiliary I2C master (USER_CTRL.I2C_MST_EN, bank 3) reaches
 * an {@link FakeAk09916} at 0x0C: slave 4 runs one byte transaction per I2C_SLV4_CTRL.EN write
 * (I2C_MST_STATUS SLV4_DONE / SLV4_NACK, cleared on read; read data in I2C_SLV4_DI); slave 0 copies
 * I2C_SLV0_LENG bytes into EXT_SLV_SENS_DATA_00.. at every gyro sample. Not modelled: FIFO, DMP,
 * slaves 1–3, accel ODR separate from the gyro's, filter dynamics.
 *
 * <p>Time from a settable clock (default {@link System#nanoTime}); default state at rest, level,
 * 20 °C, seeded noise at DS-000189's densities (0.015 °/s/√Hz, 230 µg/√Hz) over ~120 Hz.
 */
public class FakeIcm20948 extends RegisterFileI2c implements FakeImu {
    private static final int REG_BANK_SEL = 0x7F;
    private static final int WHO_AM_I = 0x00;
    private static final int PWR_MGMT_1 = 0x06;
    private static final int INT_ENABLE_1 = 0x11;
    private static final int INT_STATUS_1 = 0x1A;
    private static final int ACCEL_XOUT_H = 0x2D;
    private static final int TEMP_OUT_H = 0x39;
    private static final int SELF_TEST_X_GYRO = 0x02;
    private static final int SELF_TEST_X_ACCEL = 0x0E;
    private static final int GYRO_SMPLRT_DIV = 0x00;
    private static final int GYRO_CONFIG_1 = 0x01;
    private static final int GYRO_CONFIG_2 = 0x02;
    private static final int ACCEL_CONFIG = 0x14;
    private static final int ACCEL_CONFIG_2 = 0x15;
    private static final int USER_CTRL = 0x03;
    private static final int I2C_MST_STATUS = 0x17;
    private static final int EXT_SLV_SENS_DATA_00 = 0x3B;
    private static final int I2C_SLV0_ADDR = 0x03;
    private static final int I2C_SLV0_REG = 0x04;
    private static final int I2C_SLV0_CTRL = 0x05;
    private static final int I2C_SLV4_ADDR = 0x13;
    private static final int I2C_SLV4_REG = 0x14;
    private static final int I2C_SLV4_CTRL = 0x15;
    private static final int I2C_SLV4_DO = 0x16;
    private static final int I2C_SLV4_DI = 0x17;

    private final int[][] banks = new int[4][128];
    private final int[] selfTestCodes; // accel x, y, z, gyro x, y, z
    private final FakeImuMotion motion;
    private final FakeAk09916 magnetometer;
    private final double[] accelSelfTestG = new double[3];
    private final double[] gyroSelfTestDps = new double[3];
    private int bank;

    public FakeIcm20948(int bus, int address, long seed) {
        super(bus, address);
        motion = new FakeImuMotion(seed, 0.015 * Math.sqrt(120), 230e-6 * Math.sqrt(115));
        selfTestCodes = FakeImuMotion.selfTestCodes(seed ^ 0x20948L, 90, 21);
        magnetometer = new FakeAk09916(seed);
        reset();
    }

    @Override
    public FakeImuMotion motion() {
        return motion;
    }

    /** Magnetic field in the FRD sensor frame (gauss); default (0.21, 0, 0.43), level facing north. */
    public void setField(double xGauss, double yGauss, double zGauss) {
        magnetometer.fieldFrdGauss[0] = xGauss;
        magnetometer.fieldFrdGauss[1] = yGauss;
        magnetometer.fieldFrdGauss[2] = zGauss;
    }

    /** Whether the AK09916 answers on the auxiliary bus. */
    public void setMagnetometerPresent(boolean present) {
        magnetometer.present = present;
    }

    public void setMagnetometerFrozen(boolean frozen) {
        magnetometer.frozen = frozen;
    }

    /** Scales the AK09916's self-test field (1 = healthy). */
    public void setMagnetometerSelfTestScale(double scale) {
        magnetometer.selfTestScale = scale;
    }

    /** Register of a user bank, for test assertions; no side effect. */
    public int peek(int bank, int register) {
        return banks[bank][register & 0x7F];
    }

    /** Sets a register of a user bank directly (test set-up). */
    public void poke(int bank, int register, int value) {
        banks[bank][register & 0x7F] = value & 0xFF;
    }

    public void update() {
        produceSamples();
    }

    private void reset() {
        for (int[] b : banks) {
            Arrays.fill(b, 0);
        }
        bank = 0;
        banks[0][WHO_AM_I] = 0xEA;
        banks[0][PWR_MGMT_1] = 0x41;
        banks[0][0x05] = 0x40; // LP_CONFIG
        banks[2][GYRO_CONFIG_1] = 0x01;
        banks[2][ACCEL_CONFIG] = 0x01;
        for (int i = 0; i < 3; i++) {
            banks[1][SELF_TEST_X_ACCEL + i] = selfTestCodes[i];
            banks[1][SELF_TEST_X_GYRO + i] = selfTestCodes[3 + i];
        }
    }

    @Override
    protected void beforeRead(int register, int len) {
        produceSamples();
    }

    @Override
    protected int readByte(int register) {
        int r = register & 0x7F;
        int v = banks[bank][r];
        if (bank == 0 && (r == INT_STATUS_1 || r == I2C_MST_STATUS)) {
            banks[0][r] = 0;
        }
        return v;
    }

    @Override
    protected void afterWrite(int register, int value) {
        int r = register & 0x7F;
        if (r == REG_BANK_SEL) {
            bank = (value >> 4) & 0x03;
            for (int[] b : banks) {
                b[REG_BANK_SEL] = value & 0x30;
            }
            return;
        }
        if (bank == 0 && (r == WHO_AM_I || r == INT_STATUS_1 || r == I2C_MST_STATUS
                || (r >= ACCEL_XOUT_H && r <= EXT_SLV_SENS_DATA_00 + 23))) {
            return; // read-only
        }
        if (bank == 3 && r == I2C_SLV4_DI) {
            return;
        }
        if (bank == 3 && r == I2C_SLV4_CTRL && (value & 0x80) != 0) {
            banks[3][r] = value & 0x7F; // EN clears when the transaction is done
            slave4Transaction();
            return;
        }
        if (bank == 1 && ((r >= SELF_TEST_X_GYRO && r <= SELF_TEST_X_GYRO + 2)
                || (r >= SELF_TEST_X_ACCEL && r <= SELF_TEST_X_ACCEL + 2))) {
            return; // factory codes
        }
        if (bank == 0 && r == PWR_MGMT_1) {
            if ((value & 0x80) != 0) {
                reset();
                return;
            }
            motion.lastSampleNs = motion.clock.getAsLong();
        }
        banks[bank][r] = value;
    }

    private void produceSamples() {
        boolean asleep = (banks[0][PWR_MGMT_1] & 0x40) != 0;
        long period = 1_000_000_000L * (1 + banks[2][GYRO_SMPLRT_DIV]) / 1100;
        if (motion.newestSampleDue(asleep, period)) {
            produceOne();
        }
    }

    private void produceOne() {
        int gyroFs = (banks[2][GYRO_CONFIG_1] >> 1) & 0x03;
        int accelFs = (banks[2][ACCEL_CONFIG] >> 1) & 0x03;
        double gyroLsbPerDps = 32768.0 / (250.0 * (1 << gyroFs));
        double accelLsbPerG = 32768.0 / (2.0 * (1 << accelFs));
        int gst = banks[2][GYRO_CONFIG_2];
        int ast = banks[2][ACCEL_CONFIG_2];
        for (int i = 0; i < 3; i++) {
            gyroSelfTestDps[i] = (gst & (0x20 >> i)) != 0
                    ? motion.selfTestScale * otp(selfTestCodes[3 + i]) / (32768.0 / 250.0) : 0;
            accelSelfTestG[i] = (ast & (0x10 >> i)) != 0
                    ? motion.selfTestScale * otp(selfTestCodes[i]) / (32768.0 / 2.0) : 0;
        }
        motion.sample(accelLsbPerG, gyroLsbPerDps, accelSelfTestG, gyroSelfTestDps);
        int[] raw = motion.raw;
        int[] b0 = banks[0];
        for (int i = 0; i < 6; i++) {
            FakeImuMotion.putBe16(b0, ACCEL_XOUT_H + 2 * i, raw[i]);
        }
        double t = motion.sampleTemperatureC();
        int tempRaw = FakeImuMotion.clamp16((t - 21.0) * 333.87);
        FakeImuMotion.putBe16(b0, TEMP_OUT_H, tempRaw);
        if ((b0[INT_ENABLE_1] & 0x01) != 0) {
            b0[INT_STATUS_1] |= 0x01;
        }
        slave0Read();
    }

    private boolean masterEnabled() {
        return (banks[0][USER_CTRL] & 0x20) != 0;
    }

    /** Slave 4: one byte to or from the auxiliary device, then SLV4_DONE (DS-000189 §14, I2C_SLV4_*). */
    private void slave4Transaction() {
        if (!masterEnabled()) {
            return; // the master is off: nothing happens and DONE never comes
        }
        int address = banks[3][I2C_SLV4_ADDR];
        if (!magnetometer.present || (address & 0x7F) != FakeAk09916.ADDRESS) {
            banks[0][I2C_MST_STATUS] |= 0x50; // SLV4_DONE | SLV4_NACK
            return;
        }
        long now = motion.clock.getAsLong();
        if ((address & 0x80) != 0) {
            banks[3][I2C_SLV4_DI] = magnetometer.read(banks[3][I2C_SLV4_REG], now);
        } else {
            magnetometer.write(banks[3][I2C_SLV4_REG], banks[3][I2C_SLV4_DO], now);
        }
        banks[0][I2C_MST_STATUS] |= 0x40;
    }

    /** Slave 0: the periodic read into EXT_SLV_SENS_DATA, once per sample. */
    private void slave0Read() {
        int ctrl = banks[3][I2C_SLV0_CTRL];
        int address = banks[3][I2C_SLV0_ADDR];
        if (!masterEnabled() || (ctrl & 0x80) == 0 || (address & 0x80) == 0) {
            return;
        }
        if (!magnetometer.present || (address & 0x7F) != FakeAk09916.ADDRESS) {
            banks[0][I2C_MST_STATUS] |= 0x01; // I2C_SLV0_NACK
            return;
        }
        long now = motion.clock.getAsLong();
        int len = ctrl & 0x0F;
        for (int i = 0; i < len; i++) {
            banks[0][EXT_SLV_SENS_DATA_00 + i] = magnetometer.read(banks[3][I2C_SLV0_REG] + i, now);
        }
    }

    private static double otp(int code) {
        return Math.rint(2620.0 * Math.pow(1.01, code - 1));
    }
}
