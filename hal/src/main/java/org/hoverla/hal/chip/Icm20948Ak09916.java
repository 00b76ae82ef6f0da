package org.hoverla.hal.chip;

import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.hoverla.hal.MagSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.I2cDevice;

/**
 * The AK09916 magnetometer inside an ICM-20948, reached through the ICM-20948's auxiliary I2C master:
 * slave 4 for one-byte set-up transactions, slave 0 copying ST1..ST2 (9 bytes) into
 * EXT_SLV_SENS_DATA_00.. at every gyro sample; the AK runs continuously at 100 Hz.
 *
 * <p>Sources: ICM-20948 DS-000189 rev 1.3 (bank 0 USER_CTRL.I2C_MST_EN, I2C_MST_STATUS,
 * EXT_SLV_SENS_DATA; bank 3 I2C_MST_CTRL, I2C_SLV0_*, I2C_SLV4_*), AKM AK09916C datasheet (§9.3 WIA1
 * 0x48 / WIA2 0x09, ST1/ST2, CNTL2 modes, CNTL3 soft reset, 0.15 µT/LSB; §9.4.4 self-test limits),
 * cross-checked with PX4's {@code src/drivers/imu/invensense/icm20948/ICM20948_AK09916.cpp} and
 * {@code AKM_AK09916_registers.hpp}. Axes as PX4 maps them: x = HY, y = −HX, z = HZ (FRD).
 *
 * <p>Use: probe after {@link Icm20948#probe} on the same {@link I2cDevice} (the ICM-20948's reset
 * clears its I2C master) and read on the same driver thread as the {@link Icm20948} (both leave user
 * bank 0 selected). {@code read} never allocates.
 */
public final class Icm20948Ak09916 extends AbstractSensorBackend<MagSample> {
    /** PX4 drv_sensor.h: {@code DRV_MAG_DEVTYPE_AK09916}; bus and address are the ICM-20948's, as in PX4. */
    public static final int DEVTYPE = 0x09;
    static final int AK_ADDRESS = 0x0C;
    static final int WIA1 = 0x00;
    static final int WIA2 = 0x01;
    static final int ST1 = 0x10;
    static final int HXL = 0x11;
    static final int ST2 = 0x18;
    static final int CNTL2 = 0x31;
    static final int CNTL3 = 0x32;
    static final int CNTL2_CONTINUOUS_100HZ = 0x08;
    static final int CNTL2_SELF_TEST = 0x10;

    static final int REG_BANK_SEL = 0x7F;
    static final int USER_CTRL = 0x03;
    static final int I2C_MST_STATUS = 0x17;
    static final int EXT_SLV_SENS_DATA_00 = 0x3B;
    static final int I2C_MST_CTRL = 0x01;
    static final int I2C_SLV0_ADDR = 0x03;
    static final int I2C_SLV0_REG = 0x04;
    static final int I2C_SLV0_CTRL = 0x05;
    static final int I2C_SLV4_ADDR = 0x13;
    static final int I2C_SLV4_REG = 0x14;
    static final int I2C_SLV4_CTRL = 0x15;
    static final int I2C_SLV4_DO = 0x16;
    static final int I2C_SLV4_DI = 0x17;
    /** I2C_MST_P_NSR (stop between reads) | I2C_MST_CLK 7 (345.6 kHz, the datasheet's 400 kHz setting). */
    static final int I2C_MST_CTRL_VALUE = 0x17;

    public static final long PERIOD_NS = 10_000_000L;
    public static final double GAUSS_PER_LSB = 0.0015;
    /**
     * The AK updates every 10 ms and its noise (≈1 LSB on three axes) changes at least one axis
     * almost every measurement, so unchanged data are "nothing new" until they last 20 periods
     * (200 ms): then the magnetometer is stuck or gone, unhealthy, and each such read counts in
     * {@link #stuckReads()}.
     */
    static final long STUCK_AFTER_NS = 20 * PERIOD_NS;

    private final I2cDevice dev;
    private final byte[] buf = new byte[16];
    private final MagSample sample = new MagSample();
    private final int[] last = new int[3];
    private long lastChangeNs = Long.MIN_VALUE;
    private long overflows;

    private Icm20948Ak09916(I2cDevice dev) {
        super("ak09916", DeviceId.of(DeviceId.BUS_TYPE_I2C, dev.bus(), dev.address(), DEVTYPE), PERIOD_NS);
        this.dev = dev;
    }

    public static Icm20948Ak09916 probe(I2cDevice icm20948) throws ProbeException {
        return probe(icm20948, ChipIo::sleepWallClock);
    }

    /**
     * Enables the auxiliary I2C master, checks WIA1/WIA2, soft-resets the AK09916, runs its self-test
     * (§9.4.4: −200 ≤ HX, HY ≤ 200, −1000 ≤ HZ ≤ −200 LSB), starts 100 Hz continuous mode and slave 0.
     *
     * @throws ProbeException the ICM-20948 itself absent, the AK09916 not answering on the auxiliary
     *     bus, a wrong id, a failed self-test (with the values), or a bus error
     */
    public static Icm20948Ak09916 probe(I2cDevice icm20948, LongConsumer sleepNs) throws ProbeException {
        Icm20948Ak09916 mag = new Icm20948Ak09916(icm20948);
        String name = describe(icm20948);
        try {
            icm20948.writeRegister(REG_BANK_SEL, 0);
            icm20948.writeRegister(USER_CTRL, 0x20); // I2C_MST_EN
            icm20948.writeRegister(REG_BANK_SEL, 3 << 4);
            icm20948.writeRegister(I2C_MST_CTRL, I2C_MST_CTRL_VALUE);
            icm20948.writeRegister(I2C_SLV0_CTRL, 0);
            icm20948.writeRegister(REG_BANK_SEL, 0);
            int wia1 = mag.akRead(WIA1, sleepNs, name);
            int wia2 = mag.akRead(WIA2, sleepNs, name);
            if (wia1 != 0x48 || wia2 != 0x09) {
                throw new ProbeException(name + ": wrong chip id: WIA1/WIA2 read 0x" + ChipIo.hex2(wia1) + "/0x" + ChipIo.hex2(wia2)
                        + ", expected 0x48/0x09");
            }
            mag.akWrite(CNTL3, 0x01, sleepNs, name);
            sleepNs.accept(100_000_000L); // PX4 waits 100 ms after SRST
            mag.akWrite(CNTL2, CNTL2_SELF_TEST, sleepNs, name);
            sleepNs.accept(10_000_000L); // one measurement takes at most 8.2 ms
            if ((mag.akRead(ST1, sleepNs, name) & 0x01) == 0) {
                throw new ProbeException(name + ": self-test measurement never became ready (ST1.DRDY clear)");
            }
            int[] h = new int[3];
            for (int i = 0; i < 3; i++) {
                int lo = mag.akRead(HXL + 2 * i, sleepNs, name);
                int hi = mag.akRead(HXL + 2 * i + 1, sleepNs, name);
                h[i] = (short) ((hi << 8) | lo);
            }
            mag.akRead(ST2, sleepNs, name);
            if (!selfTestPasses(h[0], h[1], h[2])) {
                throw new ProbeException(name + ": self-test failed: HX " + h[0] + ", HY " + h[1] + ", HZ " + h[2]
                        + " LSB (limits HX, HY −200..200, HZ −1000..−200)");
            }
            mag.akWrite(CNTL2, CNTL2_CONTINUOUS_100HZ, sleepNs, name);
            int mode = mag.akRead(CNTL2, sleepNs, name);
            if (mode != CNTL2_CONTINUOUS_100HZ) {
                throw new ProbeException(name + ": CNTL2 reads 0x" + ChipIo.hex2(mode) + " after writing 0x08");
            }
            icm20948.writeRegister(REG_BANK_SEL, 3 << 4);
            icm20948.writeRegister(I2C_SLV0_ADDR, 0x80 | AK_ADDRESS);
            icm20948.writeRegister(I2C_SLV0_REG, ST1);
            icm20948.writeRegister(I2C_SLV0_CTRL, 0x80 | 9); // EN, ST1..ST2
            icm20948.writeRegister(REG_BANK_SEL, 0);
            return mag;
        } catch (BusException e) {
            if (e.kind() == BusException.Kind.NACK) {
                throw new ProbeException(name + ": the ICM-20948 is absent (no acknowledge)", e);
            }
            throw new ProbeException(name + ": bus error during probe: " + e.getMessage(), e);
        }
    }

    /** AK09916 §9.4.4.3: the self-test field must fall in these windows. */
    public static boolean selfTestPasses(int hx, int hy, int hz) {
        return hx >= -200 && hx <= 200 && hy >= -200 && hy <= 200 && hz >= -1000 && hz <= -200;
    }

    private int akRead(int register, LongConsumer sleepNs, String name) throws BusException, ProbeException {
        slave4(0x80 | AK_ADDRESS, register, 0, sleepNs, name);
        dev.writeRegister(REG_BANK_SEL, 3 << 4);
        dev.readRegisters(I2C_SLV4_DI, buf, 0, 1);
        dev.writeRegister(REG_BANK_SEL, 0);
        return buf[0] & 0xFF;
    }

    private void akWrite(int register, int value, LongConsumer sleepNs, String name) throws BusException, ProbeException {
        slave4(AK_ADDRESS, register, value, sleepNs, name);
    }

    /** One slave-4 transaction: set it up in bank 3, enable, and poll I2C_MST_STATUS in bank 0 for DONE. */
    private void slave4(int address, int register, int value, LongConsumer sleepNs, String name)
            throws BusException, ProbeException {
        dev.writeRegister(REG_BANK_SEL, 3 << 4);
        dev.writeRegister(I2C_SLV4_ADDR, address);
        dev.writeRegister(I2C_SLV4_REG, register);
        dev.writeRegister(I2C_SLV4_DO, value);
        dev.writeRegister(I2C_SLV4_CTRL, 0x80);
        dev.writeRegister(REG_BANK_SEL, 0);
        for (int attempt = 0; attempt < 10; attempt++) {
            dev.readRegisters(I2C_MST_STATUS, buf, 0, 1);
            int status = buf[0] & 0xFF;
            if ((status & 0x10) != 0) {
                throw new ProbeException(name + ": absent (the AK09916 at 0x0c on the auxiliary bus did not acknowledge)");
            }
            if ((status & 0x40) != 0) {
                return;
            }
            sleepNs.accept(1_000_000L);
        }
        throw new ProbeException(name + ": auxiliary I2C master transaction to register 0x" + ChipIo.hex2(register)
                + " never completed (I2C_MST_STATUS.SLV4_DONE clear after 10 ms)");
    }

    /**
     * Reads the 9 bytes slave 0 last copied (ST1, HX, HY, HZ, TMPS, ST2). A sample is delivered when
     * the field differs from the last one delivered (the AK's 100 Hz is slower than the master's
     * reads, so unchanged data are not new); ST2.HOFL (overflow) is dropped and counted.
     */
    @Override
    public int read(long nowNs, Consumer<MagSample> sink) throws BusException {
        try {
            dev.readRegisters(EXT_SLV_SENS_DATA_00, buf, 0, 9);
        } catch (BusException e) {
            throw busError(e);
        }
        if (lastChangeNs == Long.MIN_VALUE) {
            lastChangeNs = nowNs;
        }
        int hx = (short) (((buf[2] & 0xFF) << 8) | (buf[1] & 0xFF));
        int hy = (short) (((buf[4] & 0xFF) << 8) | (buf[3] & 0xFF));
        int hz = (short) (((buf[6] & 0xFF) << 8) | (buf[5] & 0xFF));
        boolean overflow = (buf[8] & 0x08) != 0;
        if (overflow) {
            overflows++;
        }
        boolean changed = hx != last[0] || hy != last[1] || hz != last[2];
        if (!changed || overflow || (hx == 0 && hy == 0 && hz == 0)) {
            // A good transfer clears a bus fault; only data unchanged for too long keep it unhealthy.
            setHealthy(true);
            if (nowNs - lastChangeNs > STUCK_AFTER_NS) {
                stuckRead();
            }
            return 0;
        }
        last[0] = hx;
        last[1] = hy;
        last[2] = hz;
        lastChangeNs = nowNs;
        setHealthy(true);
        sample.timestampSampleNs = nowNs;
        sample.fieldXGauss = hy * GAUSS_PER_LSB;
        sample.fieldYGauss = -hx * GAUSS_PER_LSB;
        sample.fieldZGauss = hz * GAUSS_PER_LSB;
        sample.errorCount = busErrors() + overflows;
        sink.accept(sample);
        return 1;
    }

    /** Measurements dropped because ST2.HOFL flagged a magnetic overflow. */
    public long overflows() {
        return overflows;
    }

    private static String describe(I2cDevice dev) {
        return "ak09916 behind icm20948 on i2c-" + dev.bus() + " 0x" + ChipIo.hex2(dev.address());
    }
}
