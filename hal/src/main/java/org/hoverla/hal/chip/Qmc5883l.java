package org.hoverla.hal.chip;

import java.util.function.Consumer;
import org.hoverla.hal.MagSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.I2cDevice;

/**
 * QST QMC5883L 3-axis magnetometer on I2C (address 0x0D), in continuous mode at 50 Hz, polled every
 * 10 ms: each {@link #read} reads STATUS and TOUT, and the data registers only when DRDY is set.
 *
 * <p>Register map (QMC5883L datasheet rev. 1.0, "Register map" and "Register
 * definition"), cross-checked against PX4 {@code QST_QMC5883L_registers.hpp}: data X/Y/Z 0x00–0x05
 * LSB first, STATUS 0x06 (DRDY bit 0, OVL bit 1, DOR bit 2), TOUT 0x07–0x08 LSB first (100 LSB/°C,
 * offset not calibrated), CNTL1 0x09 (OSR[7:6], RNG[5:4], ODR[3:2], MODE[1:0]), CNTL2 0x0A
 * (SOFT_RST bit 7, ROL_PNT bit 6, INT_ENB bit 0), SET/RESET period 0x0B (0x01 recommended),
 * register 0x0C reads 0x01, chip id 0x0D = 0xFF. Reading a data register clears DRDY and DOR.
 *
 * <p>Chosen: OSR 512 (lowest noise), range ±8 G (3000 LSB/G, as ArduPilot; PX4 uses ±2 G at
 * 12000 LSB/G, which motors and power wires near a mast can exceed), ODR 50 Hz, continuous mode.
 * The sensor's axes are x forward, y left, z up (PX4 negates y and z): y and z are negated to
 * give FRD. OVL (a channel out of range) → the sample is refused and counted in
 * {@link #overflowReads()}. The datasheet defines no self-test; the probe instead requires a
 * first conversion within three output periods.
 *
 * <p>Driver thread only; {@link #read} allocates nothing.
 */
public final class Qmc5883l extends AbstractSensorBackend<MagSample> {
    public static final String CHIP = "qmc5883l";
    /** PX4 drv_sensor.h {@code DRV_MAG_DEVTYPE_QMC5883L}. */
    public static final int DEVTYPE = 0x08;
    public static final int DEFAULT_ADDRESS = 0x0D;
    public static final int CHIP_ID = 0xFF;

    static final int REG_DATA_X_LSB = 0x00;
    static final int REG_STATUS = 0x06;
    static final int REG_CNTL1 = 0x09;
    static final int REG_CNTL2 = 0x0A;
    static final int REG_SET_RESET_PERIOD = 0x0B;
    static final int REG_RESERVED_0C = 0x0C;
    static final int RESERVED_0C_VALUE = 0x01;
    static final int REG_CHIP_ID = 0x0D;

    static final int STATUS_DRDY = 0x01;
    static final int STATUS_OVL = 0x02;
    static final int STATUS_DOR = 0x04;
    static final int CNTL2_SOFT_RST = 0x80;
    static final int SET_RESET_PERIOD = 0x01;

    static final int OSR_512 = 0b00 << 6;
    static final int RNG_2G = 0b00 << 4;
    static final int RNG_8G = 0b01 << 4;
    static final int ODR_50HZ = 0b01 << 2;
    static final int MODE_CONTINUOUS = 0b01;
    /** CNTL1 written at probe: OSR 512, ±8 G, 50 Hz, continuous = 0x15. */
    static final int CNTL1_CONFIG = OSR_512 | RNG_8G | ODR_50HZ | MODE_CONTINUOUS;

    /** Field range codes (CNTL1 RNG) and their sensitivities (datasheet specification table). */
    public static final int LSB_PER_GAUSS_2G = 12000;
    public static final int LSB_PER_GAUSS_8G = 3000;
    /** TOUT sensitivity (datasheet specification table); the offset is not calibrated, so the value is relative. */
    public static final double LSB_PER_DEGREE_C = 100.0;

    /** Polled at twice the 50 Hz output rate so that no conversion is skipped. */
    public static final long PERIOD_NS = 10_000_000L;
    static final long OUTPUT_PERIOD_NS = 20_000_000L;

    /**
     * Identical raw x/y/z this many times in a row means frozen data: at OSR 512 the RMS noise is
     * about 2 mG = 6 LSB at ±8 G, so one axis repeats with p ≈ 0.05, all three with p ≈ 1e-4 and
     * three repeats in a row with p ≈ 1e-12.
     */
    static final int STUCK_READS = 4;
    /** No DRDY for this many polls (5 output periods) means the chip stopped converting. */
    static final int MAX_NOT_READY = 10;

    private final I2cDevice dev;
    private final double gaussPerLsb;
    private final byte[] status = new byte[3];
    private final byte[] data = new byte[6];
    private final byte[] previous = new byte[6];
    private final MagSample sample = new MagSample();
    private final RepeatRun repeats = new RepeatRun(STUCK_READS - 1);
    private int notReady;
    private long overflowReads;
    private long skippedOutputs;

    private Qmc5883l(I2cDevice dev, int lsbPerGauss) {
        super(CHIP, DeviceId.of(DeviceId.BUS_TYPE_I2C, dev.bus(), dev.address(), DEVTYPE), PERIOD_NS);
        this.dev = dev;
        this.gaussPerLsb = 1.0 / lsbPerGauss;
    }

    /**
     * Checks the chip id, soft-resets, writes SET/RESET period and CNTL1 (OSR 512, ±8 G, 50 Hz,
     * continuous), reads them back and waits for the first conversion. Start-up only (sleeps).
     *
     * @throws ProbeException absent (NACK), wrong chip id, a reset that does not finish, a register
     *     that does not keep its value, or no conversion within 60 ms
     */
    public static Qmc5883l probe(I2cDevice dev) throws ProbeException {
        String where = CHIP + " on i2c-" + dev.bus() + " address 0x" + Integer.toHexString(dev.address());
        Qmc5883l chip = new Qmc5883l(dev, LSB_PER_GAUSS_8G);
        byte[] one = new byte[1];
        try {
            int id = ChipIo.readRegister(dev, REG_CHIP_ID, one);
            // 0xFF alone is a weak id, so the reserved register 0x0C (reads 0x01) is checked too, as ArduPilot does.
            int reserved = ChipIo.readRegister(dev, REG_RESERVED_0C, one);
            if (id != CHIP_ID || reserved != RESERVED_0C_VALUE) {
                throw new ProbeException(where + ": wrong id: chip id (0x0D) read 0x" + ChipIo.hex2(id) + ", expected 0x"
                        + ChipIo.hex2(CHIP_ID) + "; register 0x0C read 0x" + ChipIo.hex2(reserved) + ", expected 0x01");
            }
            dev.writeRegister(REG_CNTL2, CNTL2_SOFT_RST);
            int tries = 0;
            while ((ChipIo.readRegister(dev, REG_CNTL2, one) & CNTL2_SOFT_RST) != 0) {
                if (++tries > 50) {
                    throw new ProbeException(where + ": soft reset did not finish within 50 ms");
                }
                ChipIo.sleepMs(where, 1);
            }
            dev.writeRegister(REG_SET_RESET_PERIOD, SET_RESET_PERIOD);
            dev.writeRegister(REG_CNTL1, CNTL1_CONFIG);
            ChipIo.expectRegister(dev, where, REG_SET_RESET_PERIOD, SET_RESET_PERIOD, one);
            ChipIo.expectRegister(dev, where, REG_CNTL1, CNTL1_CONFIG, one);
            tries = 0;
            while ((ChipIo.readRegister(dev, REG_STATUS, one) & STATUS_DRDY) == 0) {
                if (++tries > 60) {
                    throw new ProbeException(where + ": no conversion within 60 ms of entering continuous mode");
                }
                ChipIo.sleepMs(where, 1);
            }
        } catch (BusException e) {
            throw ChipIo.probeFailure(where, e, "at probe");
        }
        return chip;
    }

    @Override
    public int read(long nowNs, Consumer<MagSample> sink) throws BusException {
        try {
            dev.readRegisters(REG_STATUS, status, 0, 3);
            if ((status[0] & STATUS_DRDY) == 0) {
                if (++notReady >= MAX_NOT_READY) {
                    setHealthy(false);
                }
                return 0;
            }
            dev.readRegisters(REG_DATA_X_LSB, data, 0, 6);
        } catch (BusException e) {
            throw busError(e);
        }
        notReady = 0;
        if ((status[0] & STATUS_DOR) != 0) {
            skippedOutputs++;
        }
        if ((status[0] & STATUS_OVL) != 0) {
            overflowReads++;
            return 0;
        }
        if (repeats.stuck(ChipIo.sameAsPrevious(previous, data, 0, 6))) {
            stuckRead();
            return 0;
        }
        setHealthy(true);
        // DRDY is seen within one poll period of the conversion: stamp the middle of that window.
        sample.timestampSampleNs = nowNs - PERIOD_NS / 2;
        sample.fieldXGauss = toGauss(ChipIo.s16le(data, 0), gaussPerLsb);
        sample.fieldYGauss = -toGauss(ChipIo.s16le(data, 2), gaussPerLsb);
        sample.fieldZGauss = -toGauss(ChipIo.s16le(data, 4), gaussPerLsb);
        sample.temperatureC = toCelsius(ChipIo.s16le(status, 1));
        sample.errorCount = busErrors() + stuckReads() + overflowReads;
        sink.accept(sample);
        return 1;
    }

    /** Raw count to gauss at the range's sensitivity (1/12000 G at ±2 G, 1/3000 G at ±8 G). */
    public static double toGauss(int raw, double gaussPerLsb) {
        return raw * gaussPerLsb;
    }

    /** TOUT to °C at 100 LSB/°C; the datasheet leaves the offset uncalibrated (relative temperature). */
    public static double toCelsius(int raw) {
        return raw / LSB_PER_DEGREE_C;
    }


    /** Conversions refused because STATUS.OVL said a channel was out of range. */
    public long overflowReads() {
        return overflowReads;
    }

    /** Conversions the chip reported skipped (STATUS.DOR): the driver thread polled too late. */
    public long skippedOutputs() {
        return skippedOutputs;
    }
}
