package org.hoverla.hal.chip;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.I2cDevice;

/**
 * Bosch BMP280 barometer on I2C (0x76 with SDO low, 0x77 with SDO high). Register map from the
 * datasheet BST-BMP280-DS001 rev 1.23, section 4 ("Global memory map"): chip id 0xD0 = 0x58,
 * reset 0xE0 (write 0xB6), status 0xF3, ctrl_meas 0xF4, config 0xF5, data 0xF7..0xFC (press
 * msb/lsb/xlsb, temp msb/lsb/xlsb, 20 bits each), trimming dig_T1..dig_P9 at 0x88..0x9F
 * (little-endian, T1 and P1 unsigned). Constants cross-checked with PX4
 * drivers/barometer/bmp280/bmp280.h.
 *
 * <p>Configuration (datasheet 3.4, table 7 "handheld device dynamic" with a shorter filter for less
 * lag): normal mode, pressure ×4 (standard resolution), temperature ×1, IIR coefficient 4, standby
 * 0.5 ms: a measurement cycle of at most 13.8 ms (3.8.1: 1.25 + 2.3·1 + 2.3·4 + 0.575 ms, plus
 * standby), about 83 Hz. The chip has no data-ready flag, so the driver reads every 20 ms, which
 * always finds at least one new conversion.
 *
 * <p>Compensation: the datasheet's 32-bit integer temperature and 64-bit integer pressure
 * formulae (section 8.2 / 3.11.3), and the double-precision ones (8.1) for reference. Driver
 * thread only; {@link #read} allocates nothing.
 */
public final class Bmp280 extends AbstractSensorBackend<BaroSample> implements ChipSelfTest.SelfTesting {
    /** PX4 drv_sensor.h {@code DRV_BARO_DEVTYPE_BMP280}. */
    public static final int DEVTYPE = 0x3F;
    public static final int REG_CALIB = 0x88;
    public static final int REG_ID = 0xD0;
    public static final int REG_RESET = 0xE0;
    public static final int REG_STATUS = 0xF3;
    public static final int REG_CTRL_MEAS = 0xF4;
    public static final int REG_CONFIG = 0xF5;
    public static final int REG_DATA = 0xF7;
    public static final int CHIP_ID = 0x58;
    public static final int RESET_VALUE = 0xB6;
    public static final int STATUS_MEASURING = 0x08;
    public static final int STATUS_IM_UPDATE = 0x01;
    /** osrs_t = 001 (×1), osrs_p = 011 (×4), mode = 11 (normal). */
    public static final int CTRL_MEAS = (0b001 << 5) | (0b011 << 2) | 0b11;
    /** t_sb = 000 (0.5 ms), filter = 010 (coefficient 4), spi3w_en = 0. */
    public static final int CONFIG = (0b000 << 5) | (0b010 << 2);
    /** Output of a skipped or not yet performed measurement (datasheet 3.3.1). */
    static final int SKIPPED = 0x80000;
    public static final long PERIOD_NS = 20_000_000L;
    /** Typical cycle (3.8.1: 1 + 2·1 + 2·4 + 0.5 ms measurement, 0.5 ms standby): data are on average half of it old. */
    static final long TYPICAL_CYCLE_NS = 12_000_000L;
    /**
     * Identical (press, temp) raw pairs in a row before the data are called stuck. With the IIR
     * filter on, output is 20 bits (≈0.17 Pa and 0.0003 °C per LSB with typical trimming); the noise
     * (≈0.8 Pa RMS at ×4 / IIR 4, table 7; ≈0.002 °C) is a few LSB on each, so an exact repeat of both
     * is below a 1e-2 event and six in a row below 1e-12 (one false flag in ~600 years at 50 Hz).
     */
    static final int STUCK_REPEATS = 6;
    /** Datasheet operating range 300..1100 hPa. */
    static final double P_MIN_PA = 30_000.0;
    static final double P_MAX_PA = 110_000.0;

    private final I2cDevice dev;
    private final Calibration cal;
    private final byte[] data = new byte[6];
    private final BaroSample sample = new BaroSample();
    private int lastP = -1;
    private int lastT = -1;
    private final RepeatRun repeats = new RepeatRun(STUCK_REPEATS);
    private int notReadyRun;
    private long notReady;
    private long saturated;

    private Bmp280(I2cDevice dev, Calibration cal) {
        super("bmp280", DeviceId.of(DeviceId.BUS_TYPE_I2C, dev.bus(), dev.address(), DEVTYPE), PERIOD_NS);
        this.dev = dev;
        this.cal = cal;
    }

    /**
     * Probes a BMP280: chip id, soft reset, trimming read and check, configuration.
     *
     * @throws ProbeException absent (NACK), wrong id, trimming all 0x00/0xFF or dig_P1 = 0
     */
    public static Bmp280 probe(I2cDevice dev) throws ProbeException {
        String where = "bmp280 on i2c-" + dev.bus() + " 0x" + Integer.toHexString(dev.address());
        byte[] one = new byte[1];
        byte[] trim = new byte[24];
        try {
            dev.readRegisters(REG_ID, one, 0, 1);
            int id = one[0] & 0xFF;
            if (id != CHIP_ID) {
                throw new ProbeException(where + ": wrong chip id 0x" + Integer.toHexString(id) + " at register 0xd0, expected 0x58"
                        + (id == 0x60 ? " (0x60 is a BME280)" : ""));
            }
            dev.writeRegister(REG_RESET, RESET_VALUE);
            // Boot only: 2 ms start-up after a soft reset (datasheet 1, table 2), then the NVM copy.
            LockSupport.parkNanos(2_000_000L);
            int tries = 0;
            do {
                dev.readRegisters(REG_STATUS, one, 0, 1);
                if ((one[0] & STATUS_IM_UPDATE) == 0) {
                    break;
                }
                LockSupport.parkNanos(1_000_000L);
            } while (++tries < 10);
            if ((one[0] & STATUS_IM_UPDATE) != 0) {
                throw new ProbeException(where + ": NVM copy (status im_update) still running 12 ms after reset");
            }
            dev.readRegisters(REG_CALIB, trim, 0, 24);
            Calibration cal = Calibration.parse(trim, where);
            // config before ctrl_meas: writes to config in normal mode may be ignored (datasheet 5.4.6).
            dev.writeRegister(REG_CONFIG, CONFIG);
            dev.writeRegister(REG_CTRL_MEAS, CTRL_MEAS);
            return new Bmp280(dev, cal);
        } catch (BusException e) {
            throw ChipIo.probeFailure(where, e, "during probe");
        }
    }

    /** Trimming parameters dig_T1..dig_P9 (datasheet 3.11.2, table 17). */
    public static final class Calibration {
        public final int t1;
        public final int t2;
        public final int t3;
        public final int p1;
        public final int p2;
        public final int p3;
        public final int p4;
        public final int p5;
        public final int p6;
        public final int p7;
        public final int p8;
        public final int p9;

        public Calibration(int t1, int t2, int t3, int p1, int p2, int p3, int p4, int p5, int p6, int p7, int p8,
                int p9) {
            this.t1 = t1;
            this.t2 = t2;
            this.t3 = t3;
            this.p1 = p1;
            this.p2 = p2;
            this.p3 = p3;
            this.p4 = p4;
            this.p5 = p5;
            this.p6 = p6;
            this.p7 = p7;
            this.p8 = p8;
            this.p9 = p9;
        }

        /** Parses the 24 bytes at 0x88; refuses all-0x00 / all-0xFF (no chip, bus stuck) and dig_P1 = 0. */
        static Calibration parse(byte[] b, String where) throws ProbeException {
            boolean zeros = true;
            boolean ones = true;
            for (byte x : b) {
                zeros &= x == 0;
                ones &= x == (byte) 0xFF;
            }
            if (zeros || ones) {
                throw new ProbeException(where + ": trimming parameters 0x88..0x9F read all 0x" + (zeros ? "00" : "FF")
                        + " (NVM not loaded or bus fault)");
            }
            Calibration c = new Calibration(ChipIo.u16le(b, 0), ChipIo.s16le(b, 2), ChipIo.s16le(b, 4), ChipIo.u16le(b, 6), ChipIo.s16le(b, 8), ChipIo.s16le(b, 10),
                    ChipIo.s16le(b, 12), ChipIo.s16le(b, 14), ChipIo.s16le(b, 16), ChipIo.s16le(b, 18), ChipIo.s16le(b, 20), ChipIo.s16le(b, 22));
            if (c.p1 == 0 || c.t1 == 0) {
                throw new ProbeException(where + ": trimming parameter " + (c.p1 == 0 ? "dig_P1" : "dig_T1")
                        + " is 0 (corrupt NVM; the compensation would divide by zero)");
            }
            return c;
        }

    }

    /** t_fine from the datasheet's 32-bit temperature formula (8.2), fine temperature in 1/5120 °C. */
    public static int tFine(Calibration c, int adcT) {
        int var1 = (((adcT >> 3) - (c.t1 << 1)) * c.t2) >> 11;
        int d = (adcT >> 4) - c.t1;
        int var2 = (((d * d) >> 12) * c.t3) >> 14;
        return var1 + var2;
    }

    /** Temperature in 0.01 °C from t_fine (8.2). */
    public static int temperatureCenti(int tFine) {
        return (tFine * 5 + 128) >> 8;
    }

    /** Pressure in Pa as unsigned Q24.8 from the datasheet's 64-bit formula (8.2); 0 where it would divide by zero. */
    public static long pressureQ24_8(Calibration c, int adcP, int tFine) {
        long var1 = (long) tFine - 128000;
        long var2 = var1 * var1 * c.p6;
        var2 = var2 + ((var1 * c.p5) << 17);
        var2 = var2 + ((long) c.p4 << 35);
        var1 = ((var1 * var1 * c.p3) >> 8) + ((var1 * c.p2) << 12);
        var1 = (((1L << 47) + var1) * c.p1) >> 33;
        if (var1 == 0) {
            return 0;
        }
        long p = 1048576 - adcP;
        p = (((p << 31) - var2) * 3125) / var1;
        var1 = (c.p9 * (p >> 13) * (p >> 13)) >> 25;
        var2 = (c.p8 * p) >> 19;
        return ((p + var1 + var2) >> 8) + ((long) c.p7 << 4);
    }

    /** Temperature in °C, double precision (8.1); {@code tFineOut[0]} receives the unrounded t_fine. */
    public static double temperatureCDouble(Calibration c, int adcT, double[] tFineOut) {
        double var1 = (adcT / 16384.0 - c.t1 / 1024.0) * c.t2;
        double x = adcT / 131072.0 - c.t1 / 8192.0;
        double var2 = x * x * c.t3;
        tFineOut[0] = var1 + var2;
        return (var1 + var2) / 5120.0;
    }

    /** Pressure in Pa, double precision (8.1). */
    public static double pressurePaDouble(Calibration c, int adcP, double tFine) {
        double var1 = tFine / 2.0 - 64000.0;
        double var2 = var1 * var1 * c.p6 / 32768.0;
        var2 = var2 + var1 * c.p5 * 2.0;
        var2 = var2 / 4.0 + c.p4 * 65536.0;
        var1 = (c.p3 * var1 * var1 / 524288.0 + c.p2 * var1) / 524288.0;
        var1 = (1.0 + var1 / 32768.0) * c.p1;
        if (var1 == 0.0) {
            return 0.0;
        }
        double p = 1048576.0 - adcP;
        p = (p - var2 / 4096.0) * 6250.0 / var1;
        var1 = c.p9 * p * p / 2147483648.0;
        var2 = p * c.p8 / 32768.0;
        return p + (var1 + var2 + c.p7) / 16.0;
    }

    /**
     * The BMP280 has no self-test; its trimming is checked instead. The probe refuses all-0x00 /
     * all-0xFF trimming and a zero dig_T1 or dig_P1; this also requires that the datasheet's
     * example raw readings (3.12: adc_T 519888, adc_P 415148, i.e. 25.08 °C and 100653 Pa with the
     * example trimming) compensate to within the operating range (-40..85 °C, 300..1100 hPa, 1.1).
     */
    @Override
    public ChipSelfTest selfTestOutcome() {
        return trimmingSanity(calibration());
    }

    /** {@link #selfTestOutcome()} for a trimming set (tests). */
    public static ChipSelfTest trimmingSanity(Calibration c) {
        double[] tFine = new double[1];
        double t = temperatureCDouble(c, 519888, tFine);
        double p = pressurePaDouble(c, 415148, tFine[0]);
        String figure = String.format(java.util.Locale.ROOT, "dig_T1 %d, dig_P1 %d; example readings give %.2f °C, %.0f Pa",
                c.t1, c.p1, t, p);
        String limit = "dig_T1, dig_P1 > 0; -40..85 °C; 30000..110000 Pa";
        String procedure = "trimming sanity";
        if (c.t1 == 0 || c.p1 == 0) {
            return ChipSelfTest.fail(procedure, figure, limit, "a zero trimming parameter");
        }
        if (!(t >= -40 && t <= 85 && p >= P_MIN_PA && p <= P_MAX_PA)) {
            return ChipSelfTest.fail(procedure, figure, limit, "the trimming compensates the example readings out of range");
        }
        return ChipSelfTest.pass(procedure, figure, limit);
    }

    /** The trimming read at probe. */
    public Calibration calibration() {
        return cal;
    }

    @Override
    public int read(long nowNs, Consumer<BaroSample> sink) throws BusException {
        try {
            dev.readRegisters(REG_DATA, data, 0, 6);
        } catch (BusException e) {
            throw busError(e);
        }
        int adcP = ((data[0] & 0xFF) << 12) | ((data[1] & 0xFF) << 4) | ((data[2] & 0xFF) >> 4);
        int adcT = ((data[3] & 0xFF) << 12) | ((data[4] & 0xFF) << 4) | ((data[5] & 0xFF) >> 4);
        if (adcP == SKIPPED || adcT == SKIPPED) {
            notReady++;
            // Twice in a row is no start-up delay: the chip lost its configuration (brown-out reset).
            if (++notReadyRun >= 2) {
                reconfigure();
            }
            return 0;
        }
        notReadyRun = 0;
        if (repeats.stuck(adcP == lastP && adcT == lastT)) {
            stuckRead();
            return 0;
        }
        lastP = adcP;
        lastT = adcT;
        int tFine = tFine(cal, adcT);
        double pressurePa = pressureQ24_8(cal, adcP, tFine) / 256.0;
        if (adcP == 0 || adcP == 0xFFFFF || adcT == 0 || adcT == 0xFFFFF || pressurePa < P_MIN_PA
                || pressurePa > P_MAX_PA) {
            saturated++;
            return 0;
        }
        setHealthy(true);
        sample.timestampSampleNs = nowNs - TYPICAL_CYCLE_NS / 2;
        sample.pressurePa = pressurePa;
        sample.temperatureC = temperatureCenti(tFine) * 0.01;
        sample.errorCount = busErrors() + saturated;
        sink.accept(sample);
        return 1;
    }

    private void reconfigure() throws BusException {
        notReadyRun = 0;
        try {
            dev.writeRegister(REG_CONFIG, CONFIG);
            dev.writeRegister(REG_CTRL_MEAS, CTRL_MEAS);
        } catch (BusException e) {
            throw busError(e);
        }
    }

    /** Reads whose data registers still held the skipped/reset value 0x80000: not published. */
    public long notReady() {
        return notReady;
    }

    /** Samples at ADC full scale or outside the 300..1100 hPa range: not published. */
    public long saturatedSamples() {
        return saturated;
    }
}
