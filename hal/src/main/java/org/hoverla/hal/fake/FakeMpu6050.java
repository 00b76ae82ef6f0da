package org.hoverla.hal.fake;

import java.util.Arrays;

/**
 * MPU-6050 register file on I2C, built from RM-MPU-6000A-00 rev 4.2: reset values (PWR_MGMT_1 0x40,
 * sleeping; WHO_AM_I 0x68 whatever AD0 is), DEVICE_RESET (self-clearing), SLEEP, sample rate =
 * gyro output rate (8 kHz with DLPF_CFG 0 or 7, else 1 kHz) / (1 + SMPLRT_DIV), FS_SEL/AFS_SEL
 * ranges, data registers refreshed at the sample rate, INT_STATUS.DATA_RDY (when enabled) cleared
 * on read, temperature (TEMP_OUT = (T − 36.53) · 340), and the self-test: the XG/YG/ZG_ST and
 * XA/YA/ZA_ST bits add the factory-trim response coded in SELF_TEST_X/Y/Z/A. Not modelled: FIFO,
 * auxiliary I2C, motion interrupts, DLPF dynamics (noise is scaled to the DLPF bandwidth).
 *
 * <p>Time from a settable clock (default {@link System#nanoTime}); default state at rest, level,
 * 20 °C, seeded noise at PS-MPU-6000A Table 6.1/6.2 densities (0.005 °/s/√Hz, 400 µg/√Hz).
 */
public class FakeMpu6050 extends RegisterFileI2c implements FakeImu {
    private static final int SELF_TEST_X = 0x0D;
    private static final int SMPLRT_DIV = 0x19;
    private static final int CONFIG = 0x1A;
    private static final int GYRO_CONFIG = 0x1B;
    private static final int ACCEL_CONFIG = 0x1C;
    private static final int INT_ENABLE = 0x38;
    private static final int INT_STATUS = 0x3A;
    private static final int ACCEL_XOUT_H = 0x3B;
    private static final int TEMP_OUT_H = 0x41;
    private static final int GYRO_XOUT_H = 0x43;
    private static final int PWR_MGMT_1 = 0x6B;
    private static final int WHO_AM_I = 0x75;
    private static final double[] DLPF_BANDWIDTH_HZ = {256, 188, 98, 42, 20, 10, 5, 256};

    private final int[] selfTestCodes; // accel x, y, z, gyro x, y, z
    private final FakeImuMotion motion;
    private final double[] accelSelfTestG = new double[3];
    private final double[] gyroSelfTestDps = new double[3];

    public FakeMpu6050(int bus, int address, long seed) {
        super(bus, address);
        motion = new FakeImuMotion(seed, 0.005, 400e-6);
        selfTestCodes = FakeImuMotion.selfTestCodes(seed ^ 0x6050L, 8, 16);
        reset();
    }

    @Override
    public FakeImuMotion motion() {
        return motion;
    }

    /** Produces the samples due by the clock now. */
    public void update() {
        produceSamples();
    }

    private void reset() {
        Arrays.fill(registers, 0);
        registers[PWR_MGMT_1] = 0x40;
        registers[WHO_AM_I] = 0x68;
        writeSelfTestCodes();
    }

    /** SELF_TEST_X/Y/Z/A (register map §4.1): XA_TEST[4:2] ‖ XG_TEST in X/Y/Z, the XA_TEST[1:0] pairs in A. */
    private void writeSelfTestCodes() {
        int[] c = selfTestCodes;
        registers[SELF_TEST_X] = ((c[0] >> 2) << 5) | c[3];
        registers[SELF_TEST_X + 1] = ((c[1] >> 2) << 5) | c[4];
        registers[SELF_TEST_X + 2] = ((c[2] >> 2) << 5) | c[5];
        registers[SELF_TEST_X + 3] = ((c[0] & 3) << 4) | ((c[1] & 3) << 2) | (c[2] & 3);
    }

    @Override
    protected void beforeRead(int register, int len) {
        produceSamples();
    }

    @Override
    protected int readByte(int register) {
        int v = registers[register];
        if (register == INT_STATUS) {
            registers[INT_STATUS] = 0;
        }
        return v;
    }

    @Override
    protected void afterWrite(int register, int value) {
        if (register == PWR_MGMT_1) {
            if ((value & 0x80) != 0) {
                reset();
                return;
            }
            motion.lastSampleNs = motion.clock.getAsLong();
        }
        if (register == WHO_AM_I || (register >= SELF_TEST_X && register <= SELF_TEST_X + 3)) {
            restoreReadOnly(register);
        }
    }

    /** Read-only registers keep their value. */
    private void restoreReadOnly(int register) {
        if (register == WHO_AM_I) {
            registers[WHO_AM_I] = 0x68;
        } else if (register >= SELF_TEST_X && register <= SELF_TEST_X + 3) {
            writeSelfTestCodes();
        }
    }

    private long samplePeriodNs() {
        int dlpf = registers[CONFIG] & 0x07;
        long gyroRateHz = (dlpf == 0 || dlpf == 7) ? 8000 : 1000;
        return 1_000_000_000L * (1 + registers[SMPLRT_DIV]) / gyroRateHz;
    }

    private void produceSamples() {
        if (motion.newestSampleDue((registers[PWR_MGMT_1] & 0x40) != 0, samplePeriodNs())) {
            produceOne();
        }
    }

    private void produceOne() {
        int gyroFs = (registers[GYRO_CONFIG] >> 3) & 0x03;
        int accelFs = (registers[ACCEL_CONFIG] >> 3) & 0x03;
        double gyroLsbPerDps = 32768.0 / (250.0 * (1 << gyroFs));
        double accelLsbPerG = 32768.0 / (2.0 * (1 << accelFs));
        for (int i = 0; i < 3; i++) {
            // Self-test responses: factory trim in LSB at ±250 °/s and ±8 g, expressed physically.
            double ftGyro = 25 * 131 * Math.pow(1.046, selfTestCodes[3 + i] - 1) * (i == 1 ? -1 : 1);
            double ftAccel = 4096 * 0.34 * Math.pow(0.92 / 0.34, (selfTestCodes[i] - 1) / 30.0);
            gyroSelfTestDps[i] = (registers[GYRO_CONFIG] & (0x80 >> i)) != 0 ? motion.selfTestScale * ftGyro / 131.072 : 0;
            accelSelfTestG[i] = (registers[ACCEL_CONFIG] & (0x80 >> i)) != 0 ? motion.selfTestScale * ftAccel / 4096.0 : 0;
        }
        double bandwidth = DLPF_BANDWIDTH_HZ[registers[CONFIG] & 0x07];
        motion.noiseScale = Math.sqrt(bandwidth);
        motion.sample(accelLsbPerG, gyroLsbPerDps, accelSelfTestG, gyroSelfTestDps);
        int[] raw = motion.raw;
        for (int i = 0; i < 3; i++) {
            FakeImuMotion.putBe16(registers, ACCEL_XOUT_H + 2 * i, raw[i]);
            FakeImuMotion.putBe16(registers, GYRO_XOUT_H + 2 * i, raw[3 + i]);
        }
        double t = motion.sampleTemperatureC();
        int tempRaw = FakeImuMotion.clamp16((t - 36.53) * 340.0);
        FakeImuMotion.putBe16(registers, TEMP_OUT_H, tempRaw);
        if ((registers[INT_ENABLE] & 0x01) != 0) {
            registers[INT_STATUS] |= 0x01;
        }
    }
}
