package org.hoverla.hal.chip;

import java.util.function.Consumer;
import org.hoverla.hal.MagSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.I2cDevice;

/**
 * iSentek IST8310 3-axis magnetometer on I2C (address 0x0C–0x0F, 0x0E on most GPS masts), driven in
 * single-measurement mode: each {@link #read} collects the measurement triggered by the previous
 * one and triggers the next, as PX4's {@code isentek/ist8310} driver and ArduPilot's
 * {@code AP_Compass_IST8310} do.
 *
 * <p>Register map and values: IST8310 datasheet (register table: WAI 0x00 = 0x10, STAT1 0x02,
 * DATA 0x03–0x08 little-endian, CNTL1 0x0A, CNTL2 0x0B, STR 0x0C, CNTL3 0x0D, AVGCNTL 0x41,
 * PDCNTL 0x42), cross-checked against PX4 {@code iSentek_IST8310_registers.hpp} and ArduPilot.
 * Resolution is the datasheet's 0.3 µT/LSB (CNTL3 left at its reset value, as ArduPilot does;
 * PX4 instead sets CNTL3's 16-bit bits and scales 1320 LSB/G). Full scale is ±1600 µT on x/y and
 * ±2500 µT on z; readings beyond it are refused and counted in {@link #saturatedReads()}.
 * The sensor's axes are x forward, y right, z up (PX4): z is negated to give FRD.
 *
 * <p>Self-test: the public datasheet only names STR bit 6 (SELF_TEST) and PX4 runs no self-test,
 * so the probe follows the community procedure that sets STR bit 6, which inverts the sensing
 * polarity: a normal and an inverted measurement must sum to about zero on every axis, and the
 * normal one must show a plausible field.
 *
 * <p>Driver thread only; {@link #read} allocates nothing.
 */
public final class Ist8310 extends AbstractSensorBackend<MagSample> implements ChipSelfTest.SelfTesting {
    public static final String CHIP = "ist8310";
    /** PX4 drv_sensor.h {@code DRV_MAG_DEVTYPE_IST8310}. */
    public static final int DEVTYPE = 0x06;
    public static final int DEFAULT_ADDRESS = 0x0E;
    public static final int DEVICE_ID = 0x10;

    static final int REG_WAI = 0x00;
    static final int REG_STAT1 = 0x02;
    static final int REG_DATAXL = 0x03;
    static final int REG_CNTL1 = 0x0A;
    static final int REG_CNTL2 = 0x0B;
    static final int REG_STR = 0x0C;
    static final int REG_CNTL3 = 0x0D;
    static final int REG_AVGCNTL = 0x41;
    static final int REG_PDCNTL = 0x42;

    static final int STAT1_DRDY = 0x01;
    static final int STAT1_DOR = 0x02;
    static final int CNTL1_SINGLE_MEASUREMENT = 0x01;
    static final int CNTL2_SRST = 0x01;
    static final int STR_SELF_TEST = 0x40;
    /** AVGCNTL: y average 16 times (bits 5:3 = 100), x/z average 16 times (bits 2:0 = 100). */
    static final int AVGCNTL_16_TIMES = (0b100 << 3) | 0b100;
    /** PDCNTL bits 7:6 = 11, "normal" pulse duration (the only setting the datasheet recommends). */
    static final int PDCNTL_NORMAL = 0xC0;

    /** 0.3 µT/LSB = 0.003 G/LSB (datasheet sensitivity at the default resolution). */
    public static final double GAUSS_PER_LSB = 0.003;
    /** ±1600 µT on x and y, ±2500 µT on z (datasheet dynamic range), in LSB, rounded up as ArduPilot. */
    static final int FULL_SCALE_XY_LSB = 5334;
    static final int FULL_SCALE_Z_LSB = 8334;

    /** 50 Hz, PX4's and ArduPilot's rate; a 16× averaged measurement takes about 6 ms (ODR max 166 Hz). */
    public static final long PERIOD_NS = 20_000_000L;
    static final long CONVERSION_NS = 6_000_000L;

    /**
     * Identical raw x/y/z for this many reads in a row means frozen data: with the 16× averaged
     * noise of about one LSB per axis, all three axes repeat with probability about 0.02 per read,
     * so eight in a row (0.02^7 ≈ 1e-12) does not happen on a live sensor.
     */
    static final int STUCK_READS = 8;
    /** No data ready for this many reads (each re-triggers) means the chip stopped measuring. */
    static final int MAX_NOT_READY = 5;

    /**
     * Self-test: |normal + inverted| per axis must stay within this (60 mG, far above the ~1 LSB
     * noise); 20 LSB is the limit a published ESP-IDF IST8310 driver found to hold on real parts.
     */
    static final int SELF_TEST_TOLERANCE_LSB = 20;
    /** Self-test: the normal measurement must show at least this field (G); a dead bridge reads ~0. */
    static final double SELF_TEST_MIN_FIELD_GAUSS = 0.05;

    private final I2cDevice dev;
    private final byte[] buf = new byte[7];
    private final byte[] previous = new byte[6];
    private final MagSample sample = new MagSample();
    private final RepeatRun repeats = new RepeatRun(STUCK_READS - 1);
    private int notReady;
    private long saturatedReads;
    private long notReadyReads;
    private long triggerNs = Long.MIN_VALUE;

    private Ist8310(I2cDevice dev) {
        super(CHIP, DeviceId.of(DeviceId.BUS_TYPE_I2C, dev.bus(), dev.address(), DEVTYPE), PERIOD_NS);
        this.dev = dev;
    }

    /**
     * Checks WAI, soft-resets, sets 16× averaging and the normal pulse duration, runs the
     * polarity-inversion self-test and triggers the first measurement. Start-up only (sleeps).
     *
     * @throws ProbeException absent (NACK), wrong WAI, a reset that does not finish, a register
     *     that does not keep its value, or a failed self-test (with the figures measured)
     */
    public static Ist8310 probe(I2cDevice dev) throws ProbeException {
        String where = CHIP + " on i2c-" + dev.bus() + " address 0x" + Integer.toHexString(dev.address());
        Ist8310 chip = new Ist8310(dev);
        try {
            int wai = chip.readRegister(REG_WAI);
            if (wai != DEVICE_ID) {
                throw new ProbeException(where + ": wrong id: WAI (0x00) read 0x" + ChipIo.hex2(wai) + ", expected 0x"
                        + ChipIo.hex2(DEVICE_ID));
            }
            dev.writeRegister(REG_CNTL2, CNTL2_SRST);
            // Datasheet: SRST clears itself when the power-on-reset routine ends (PX4 allows 50 ms).
            int tries = 0;
            while ((chip.readRegister(REG_CNTL2) & CNTL2_SRST) != 0) {
                if (++tries > 50) {
                    throw new ProbeException(where + ": soft reset did not finish within 50 ms");
                }
                ChipIo.sleepMs(where, 1);
            }
            dev.writeRegister(REG_AVGCNTL, AVGCNTL_16_TIMES);
            dev.writeRegister(REG_PDCNTL, PDCNTL_NORMAL);
            dev.writeRegister(REG_STR, 0);
            ChipIo.expectRegister(dev, where, REG_AVGCNTL, AVGCNTL_16_TIMES, chip.buf);
            ChipIo.expectRegister(dev, where, REG_PDCNTL, PDCNTL_NORMAL, chip.buf);
            chip.selfTest(where);
            dev.writeRegister(REG_CNTL1, CNTL1_SINGLE_MEASUREMENT);
        } catch (BusException e) {
            throw ChipIo.probeFailure(where, e, "at probe");
        }
        return chip;
    }

    private void selfTest(String where) throws BusException, ProbeException {
        int[] normal = new int[3];
        int[] inverted = new int[3];
        measureOnce(where, normal);
        dev.writeRegister(REG_STR, STR_SELF_TEST);
        try {
            measureOnce(where, inverted);
        } finally {
            dev.writeRegister(REG_STR, 0);
        }
        double norm = Math.sqrt((double) normal[0] * normal[0] + (double) normal[1] * normal[1]
                + (double) normal[2] * normal[2]) * GAUSS_PER_LSB;
        if (norm < SELF_TEST_MIN_FIELD_GAUSS) {
            throw new ProbeException(where + ": self-test failed: field magnitude " + String.format(java.util.Locale.ROOT, "%.4f", norm)
                    + " G, at least " + SELF_TEST_MIN_FIELD_GAUSS + " G expected (bridge dead?)");
        }
        for (int axis = 0; axis < 3; axis++) {
            int sum = normal[axis] + inverted[axis];
            worstSelfTestSumLsb = Math.max(worstSelfTestSumLsb, Math.abs(sum));
            selfTestFieldGauss = norm;
            if (Math.abs(sum) > SELF_TEST_TOLERANCE_LSB) {
                throw new ProbeException(where + ": self-test failed on axis " + "xyz".charAt(axis) + ": normal "
                        + normal[axis] + " LSB, inverted " + inverted[axis] + " LSB, sum " + sum + " LSB (limit ±"
                        + SELF_TEST_TOLERANCE_LSB + ")");
            }
        }
    }

    private int worstSelfTestSumLsb;
    private double selfTestFieldGauss;

    /** The polarity-inversion self-test run at probe (a failing chip is refused there, with its figures). */
    @Override
    public ChipSelfTest selfTestOutcome() {
        return ChipSelfTest.pass("polarity-inversion self-test", String.format(java.util.Locale.ROOT,
                "worst |normal + inverted| %d LSB, field %.3f G", worstSelfTestSumLsb, selfTestFieldGauss),
                "≤ " + SELF_TEST_TOLERANCE_LSB + " LSB, ≥ " + SELF_TEST_MIN_FIELD_GAUSS + " G");
    }

    private void measureOnce(String where, int[] raw) throws BusException, ProbeException {
        dev.writeRegister(REG_CNTL1, CNTL1_SINGLE_MEASUREMENT);
        int tries = 0;
        while (true) {
            dev.readRegisters(REG_STAT1, buf, 0, 7);
            if ((buf[0] & STAT1_DRDY) != 0) {
                break;
            }
            if (++tries > 50) {
                throw new ProbeException(where + ": self-test: no data ready 50 ms after a single measurement");
            }
            ChipIo.sleepMs(where, 1);
        }
        raw[0] = ChipIo.s16le(buf, 1);
        raw[1] = ChipIo.s16le(buf, 3);
        raw[2] = ChipIo.s16le(buf, 5);
    }

    private int readRegister(int register) throws BusException {
        return ChipIo.readRegister(dev, register, buf);
    }

    @Override
    public int read(long nowNs, Consumer<MagSample> sink) throws BusException {
        try {
            dev.readRegisters(REG_STAT1, buf, 0, 7);
        } catch (BusException e) {
            throw busError(e);
        }
        boolean ready = (buf[0] & STAT1_DRDY) != 0;
        long sampleNs = triggerNs == Long.MIN_VALUE ? nowNs : Math.min(nowNs, triggerNs + CONVERSION_NS);
        // Trigger the next measurement before judging this one, so a refused sample costs no period.
        try {
            dev.writeRegister(REG_CNTL1, CNTL1_SINGLE_MEASUREMENT);
            triggerNs = nowNs;
        } catch (BusException e) {
            throw busError(e);
        }
        if (!ready) {
            notReadyReads++;
            if (++notReady >= MAX_NOT_READY) {
                setHealthy(false);
            }
            return 0;
        }
        notReady = 0;
        if (repeats.stuck(ChipIo.sameAsPrevious(previous, buf, 1, 6))) {
            stuckRead();
            return 0;
        }
        int x = ChipIo.s16le(buf, 1);
        int y = ChipIo.s16le(buf, 3);
        int z = ChipIo.s16le(buf, 5);
        if (!inRange(x, y, z)) {
            saturatedReads++;
            return 0;
        }
        setHealthy(true);
        sample.timestampSampleNs = sampleNs;
        sample.fieldXGauss = x * GAUSS_PER_LSB;
        sample.fieldYGauss = y * GAUSS_PER_LSB;
        sample.fieldZGauss = -z * GAUSS_PER_LSB;
        sample.temperatureC = Double.NaN;
        sample.errorCount = busErrors() + stuckReads() + saturatedReads;
        sink.accept(sample);
        return 1;
    }

    /** True when raw x/y/z (sensor axes, LSB) lie within the datasheet's dynamic range. */
    public static boolean inRange(int x, int y, int z) {
        return Math.abs(x) <= FULL_SCALE_XY_LSB && Math.abs(y) <= FULL_SCALE_XY_LSB && Math.abs(z) <= FULL_SCALE_Z_LSB;
    }

    /** Measurements refused because a raw axis lay beyond the datasheet's dynamic range. */
    public long saturatedReads() {
        return saturatedReads;
    }

    /** Reads that found no measurement ready (the next one was triggered again). */
    public long notReadyReads() {
        return notReadyReads;
    }
}
