package org.hoverla.hal.chip;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.I2cDevice;

/**
 * Bosch BMP388 barometer on I2C (0x76 with SDO low, 0x77 with SDO high). Register map from the
 * datasheet BST-BMP388-DS001-07 rev 1.7 (4.2 memory map, 4.3 register description), cross-checked with PX4
 * drivers/barometer/bmp388 (bmp3_defs.h) and ArduPilot AP_Baro_BMP388: CHIP_ID 0x00 = 0x50,
 * ERR_REG 0x02 (fatal, cmd, conf), STATUS 0x03 (cmd_rdy bit 4, drdy_press bit 5, drdy_temp bit 6,
 * each drdy cleared when its data registers are read), DATA 0x04..0x09 (pressure then
 * temperature, 24 bits each, xlsb first), PWR_CTRL 0x1B, OSR 0x1C, ODR 0x1D, CONFIG 0x1F (IIR),
 * CMD 0x7E (0xB6 soft reset), NVM calibration 0x31..0x45 (21 bytes), and the trimming CRC at 0x30
 * that PX4 checks (after Bosch's BMP3 self-test: CRC-8, polynomial 0x1D, seed 0xFF, final XOR 0xFF).
 *
 * <p>Configuration (datasheet 3.5, table 10, use case "Drone"): normal mode, pressure ×8,
 * temperature ×1, iir_filter 2 (coefficient 3), ODR 50 Hz. Conversion time (3.9.2):
 * 234 + 392 + 8·2000 + 313 + 1·2000 µs = 18.9 ms, inside the 20 ms ODR period, so no conf_err. The
 * driver reads status and data in one burst every 10 ms (twice the ODR) and publishes when
 * drdy_press is set, so each conversion is published once.
 *
 * <p>Compensation: the datasheet's floating-point formulae (9.2, 9.3; double here) after scaling the
 * NVM coefficients (9.1: PAR_T1 = NVM_PAR_T1·2⁸, PAR_T2 = NVM_PAR_T2/2³⁰, … PAR_P11 = NVM_PAR_P11/2⁶⁵).
 * The datasheet operating range is 300..1250 hPa. Driver thread only; {@link #read} allocates nothing.
 */
public final class Bmp388 extends AbstractSensorBackend<BaroSample> implements ChipSelfTest.SelfTesting {
    /** PX4 drv_sensor.h {@code DRV_BARO_DEVTYPE_BMP388}. */
    public static final int DEVTYPE = 0x67;
    public static final int REG_CHIP_ID = 0x00;
    public static final int REG_ERR = 0x02;
    public static final int REG_STATUS = 0x03;
    public static final int REG_DATA = 0x04;
    public static final int REG_PWR_CTRL = 0x1B;
    public static final int REG_OSR = 0x1C;
    public static final int REG_ODR = 0x1D;
    public static final int REG_CONFIG = 0x1F;
    public static final int REG_TRIM_CRC = 0x30;
    public static final int REG_CALIB = 0x31;
    public static final int REG_CMD = 0x7E;
    public static final int CHIP_ID = 0x50;
    public static final int CMD_SOFT_RESET = 0xB6;
    public static final int STATUS_CMD_RDY = 0x10;
    public static final int STATUS_DRDY_PRESS = 0x20;
    public static final int STATUS_DRDY_TEMP = 0x40;
    public static final int ERR_FATAL = 0x01;
    public static final int ERR_CMD = 0x02;
    public static final int ERR_CONF = 0x04;
    /** press_en, temp_en, mode = 11 (normal). */
    public static final int PWR_CTRL = 0x33;
    /** osr_p = 011 (×8), osr_t = 000 (×1). */
    public static final int OSR = 0x03;
    /** odr_sel = 2: 200 Hz / 2² = 50 Hz. */
    public static final int ODR = 0x02;
    /** iir_filter = 010: coefficient 3. */
    public static final int CONFIG = 0x02 << 1;
    public static final long PERIOD_NS = 10_000_000L;
    /** Conversion time at ×8 / ×1 (datasheet 3.9.2). */
    static final long CONVERSION_NS = 18_939_000L;
    /** drdy_press absent this many reads (100 ms, five ODR periods) means the chip stopped measuring. */
    static final int DATA_TIMEOUT_READS = 10;
    /**
     * Identical raw pairs in a row, with drdy set, before the data are called stuck. At ×8 the 24-bit
     * pressure output moves by tens of LSB RMS and the temperature by several, so an exact repeat of
     * both is below 1e-3 and four in a row below 1e-12.
     */
    static final int STUCK_REPEATS = 4;
    /** Datasheet operating range 300..1250 hPa. */
    static final double P_MIN_PA = 30_000.0;
    static final double P_MAX_PA = 125_000.0;

    private final I2cDevice dev;
    private final Calibration cal;
    private final byte[] buf = new byte[7];
    private final BaroSample sample = new BaroSample();
    private int lastP = -1;
    private int lastT = -1;
    private final RepeatRun repeats = new RepeatRun(STUCK_REPEATS);
    private int readsWithoutData;
    private long dataTimeouts;
    private long saturated;
    private double temperatureC = Double.NaN;

    private Bmp388(I2cDevice dev, Calibration cal) {
        super("bmp388", DeviceId.of(DeviceId.BUS_TYPE_I2C, dev.bus(), dev.address(), DEVTYPE), PERIOD_NS);
        this.dev = dev;
        this.cal = cal;
    }

    /**
     * Probes a BMP388: chip id, soft reset (checked through ERR_REG), NVM calibration read with its
     * CRC, configuration, and a conf_err check.
     */
    public static Bmp388 probe(I2cDevice dev) throws ProbeException {
        String where = "bmp388 on i2c-" + dev.bus() + " 0x" + Integer.toHexString(dev.address());
        byte[] one = new byte[1];
        byte[] nvm = new byte[22];
        try {
            dev.readRegisters(REG_CHIP_ID, one, 0, 1);
            int id = one[0] & 0xFF;
            if (id != CHIP_ID) {
                throw new ProbeException(where + ": wrong chip id 0x" + Integer.toHexString(id) + " at register 0x00, expected 0x50"
                        + (id == 0x60 ? " (0x60 is a BMP390)" : ""));
            }
            dev.readRegisters(REG_STATUS, one, 0, 1);
            if ((one[0] & STATUS_CMD_RDY) == 0) {
                throw new ProbeException(where + ": command decoder not ready (STATUS 0x" + Integer.toHexString(one[0] & 0xFF) + ")");
            }
            dev.writeRegister(REG_CMD, CMD_SOFT_RESET);
            LockSupport.parkNanos(2_000_000L); // boot only: 2 ms after a soft reset (PX4, Bosch BMP3 API)
            dev.readRegisters(REG_ERR, one, 0, 1);
            if ((one[0] & (ERR_CMD | ERR_FATAL)) != 0) {
                throw new ProbeException(where + ": soft reset failed (ERR_REG 0x" + Integer.toHexString(one[0] & 0xFF) + ")");
            }
            dev.readRegisters(REG_TRIM_CRC, nvm, 0, 22);
            Calibration cal = Calibration.parse(nvm, where);
            dev.writeRegister(REG_OSR, OSR);
            dev.writeRegister(REG_ODR, ODR);
            dev.writeRegister(REG_CONFIG, CONFIG);
            dev.writeRegister(REG_PWR_CTRL, PWR_CTRL);
            dev.readRegisters(REG_ERR, one, 0, 1);
            if ((one[0] & ERR_CONF) != 0) {
                throw new ProbeException(where + ": configuration refused (ERR_REG conf_err: conversion longer than the ODR period)");
            }
            Bmp388 chip = new Bmp388(dev, cal);
            chip.trimCrc = nvm[0] & 0xFF;
            return chip;
        } catch (BusException e) {
            throw ChipIo.probeFailure(where, e, "during probe");
        }
    }

    /** NVM_PAR_* as read (integers) and scaled to the floating-point PAR_* the compensation uses. */
    public static final class Calibration {
        public final int nvmT1;
        public final int nvmT2;
        public final int nvmT3;
        public final int nvmP1;
        public final int nvmP2;
        public final int nvmP3;
        public final int nvmP4;
        public final int nvmP5;
        public final int nvmP6;
        public final int nvmP7;
        public final int nvmP8;
        public final int nvmP9;
        public final int nvmP10;
        public final int nvmP11;
        final double t1;
        final double t2;
        final double t3;
        final double p1;
        final double p2;
        final double p3;
        final double p4;
        final double p5;
        final double p6;
        final double p7;
        final double p8;
        final double p9;
        final double p10;
        final double p11;

        public Calibration(int nvmT1, int nvmT2, int nvmT3, int nvmP1, int nvmP2, int nvmP3, int nvmP4, int nvmP5,
                int nvmP6, int nvmP7, int nvmP8, int nvmP9, int nvmP10, int nvmP11) {
            this.nvmT1 = nvmT1;
            this.nvmT2 = nvmT2;
            this.nvmT3 = nvmT3;
            this.nvmP1 = nvmP1;
            this.nvmP2 = nvmP2;
            this.nvmP3 = nvmP3;
            this.nvmP4 = nvmP4;
            this.nvmP5 = nvmP5;
            this.nvmP6 = nvmP6;
            this.nvmP7 = nvmP7;
            this.nvmP8 = nvmP8;
            this.nvmP9 = nvmP9;
            this.nvmP10 = nvmP10;
            this.nvmP11 = nvmP11;
            t1 = nvmT1 * 0x1p8;
            t2 = nvmT2 * 0x1p-30;
            t3 = nvmT3 * 0x1p-48;
            p1 = (nvmP1 - 16384) * 0x1p-20;
            p2 = (nvmP2 - 16384) * 0x1p-29;
            p3 = nvmP3 * 0x1p-32;
            p4 = nvmP4 * 0x1p-37;
            p5 = nvmP5 * 0x1p3;
            p6 = nvmP6 * 0x1p-6;
            p7 = nvmP7 * 0x1p-8;
            p8 = nvmP8 * 0x1p-15;
            p9 = nvmP9 * 0x1p-48;
            p10 = nvmP10 * 0x1p-48;
            p11 = nvmP11 * 0x1p-65;
        }

        /**
         * Parses register 0x30 (CRC) and 0x31..0x45 (NVM_PAR_T1 u16, T2 u16, T3 s8, P1 s16, P2 s16,
         * P3 s8, P4 s8, P5 u16, P6 u16, P7 s8, P8 s8, P9 s16, P10 s8, P11 s8; little-endian).
         */
        static Calibration parse(byte[] b, String where) throws ProbeException {
            boolean zeros = true;
            boolean ones = true;
            for (int i = 1; i < 22; i++) {
                zeros &= b[i] == 0;
                ones &= b[i] == (byte) 0xFF;
            }
            if (zeros || ones) {
                throw new ProbeException(where + ": calibration 0x31..0x45 reads all 0x" + (zeros ? "00" : "FF")
                        + " (NVM not loaded or bus fault)");
            }
            int crc = trimmingCrc(b, 1, 21);
            if (crc != (b[0] & 0xFF)) {
                throw new ProbeException(where + ": corrupt NVM calibration (trimming CRC computed 0x"
                        + Integer.toHexString(crc) + ", register 0x30 holds 0x" + Integer.toHexString(b[0] & 0xFF) + ")");
            }
            return new Calibration(ChipIo.u16le(b, 1), ChipIo.u16le(b, 3), b[5], ChipIo.s16le(b, 6), ChipIo.s16le(b, 8), b[10], b[11], ChipIo.u16le(b, 12),
                    ChipIo.u16le(b, 14), b[16], b[17], ChipIo.s16le(b, 18), b[20], b[21]);
        }

    }

    private int trimCrc;

    /** The trimming CRC-8 checked at probe (Bosch BMP3 API self-test; PX4 checks it too): a corrupt NVM is refused there. */
    @Override
    public ChipSelfTest selfTestOutcome() {
        String hex = "0x" + Integer.toHexString(trimCrc);
        return ChipSelfTest.pass("trimming CRC-8", "computed " + hex + " = register 0x30", "= register 0x30");
    }

    /** CRC-8 of the trimming bytes as Bosch's BMP3 self-test computes it: polynomial 0x1D, seed 0xFF, final XOR 0xFF. */
    public static int trimmingCrc(byte[] b, int offset, int len) {
        int crc = 0xFF;
        for (int i = offset; i < offset + len; i++) {
            int data = b[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                boolean xor = ((crc ^ data) & 0x80) != 0;
                crc = (crc << 1) & 0xFF;
                data = (data << 1) & 0xFF;
                if (xor) {
                    crc ^= 0x1D;
                }
            }
        }
        return crc ^ 0xFF;
    }

    /** Compensated temperature (°C) = t_lin, the datasheet's floating-point formula. */
    public static double temperatureC(Calibration c, int uncompTemp) {
        double d1 = uncompTemp - c.t1;
        double d2 = d1 * c.t2;
        return d2 + d1 * d1 * c.t3;
    }

    /** Compensated pressure (Pa) from the raw pressure and t_lin, the datasheet's floating-point formula. */
    public static double pressurePa(Calibration c, int uncompPress, double tLin) {
        double t2 = tLin * tLin;
        double t3 = t2 * tLin;
        double out1 = c.p5 + c.p6 * tLin + c.p7 * t2 + c.p8 * t3;
        double out2 = uncompPress * (c.p1 + c.p2 * tLin + c.p3 * t2 + c.p4 * t3);
        double up2 = (double) uncompPress * uncompPress;
        double out3 = up2 * (c.p9 + c.p10 * tLin) + up2 * uncompPress * c.p11;
        return out1 + out2 + out3;
    }

    public Calibration calibration() {
        return cal;
    }

    @Override
    public int read(long nowNs, Consumer<BaroSample> sink) throws BusException {
        try {
            dev.readRegisters(REG_STATUS, buf, 0, 7);
        } catch (BusException e) {
            throw busError(e);
        }
        int status = buf[0] & 0xFF;
        int rawP = (buf[1] & 0xFF) | ((buf[2] & 0xFF) << 8) | ((buf[3] & 0xFF) << 16);
        int rawT = (buf[4] & 0xFF) | ((buf[5] & 0xFF) << 8) | ((buf[6] & 0xFF) << 16);
        if ((status & STATUS_DRDY_TEMP) != 0 || Double.isNaN(temperatureC)) {
            temperatureC = temperatureC(cal, rawT);
        }
        if ((status & STATUS_DRDY_PRESS) == 0) {
            if (++readsWithoutData >= DATA_TIMEOUT_READS) {
                dataTimeouts++;
                setHealthy(false);
                readsWithoutData = 0;
                reconfigure();
            }
            return 0;
        }
        readsWithoutData = 0;
        if (repeats.stuck(rawP == lastP && rawT == lastT)) {
            stuckRead();
            return 0;
        }
        lastP = rawP;
        lastT = rawT;
        double pressure = pressurePa(cal, rawP, temperatureC);
        if (rawP == 0 || rawP == 0xFF_FFFF || !(pressure >= P_MIN_PA && pressure <= P_MAX_PA)) {
            saturated++;
            return 0;
        }
        setHealthy(true);
        // The conversion ended at most one read period ago; stamp the middle of the conversion.
        sample.timestampSampleNs = nowNs - PERIOD_NS / 2 - CONVERSION_NS / 2;
        sample.pressurePa = pressure;
        sample.temperatureC = temperatureC;
        sample.errorCount = busErrors() + saturated;
        sink.accept(sample);
        return 1;
    }

    /** After a brown-out the chip sleeps with its configuration lost: write it again (no allocation). */
    private void reconfigure() throws BusException {
        try {
            dev.writeRegister(REG_OSR, OSR);
            dev.writeRegister(REG_ODR, ODR);
            dev.writeRegister(REG_CONFIG, CONFIG);
            dev.writeRegister(REG_PWR_CTRL, PWR_CTRL);
        } catch (BusException e) {
            throw busError(e);
        }
    }

    /** Times the chip showed no new pressure for {@link #DATA_TIMEOUT_READS} reads (then reconfigured). */
    public long dataTimeouts() {
        return dataTimeouts;
    }

    /** Samples at ADC full scale or outside 300..1250 hPa: not published. */
    public long saturatedSamples() {
        return saturated;
    }
}
