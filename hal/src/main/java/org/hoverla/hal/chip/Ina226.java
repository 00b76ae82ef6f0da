package org.hoverla.hal.chip;

import java.util.Locale;
import java.util.function.Consumer;
import org.hoverla.hal.BatterySample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.I2cDevice;

/**
 * TI INA226 current/power monitor on I2C (address 0x40–0x4F), measuring the pack voltage on VBUS and
 * the current through a shunt, continuously, polled every 20 ms for the conversion-ready flag.
 *
 * <p>Registers (INA226 datasheet SBOS547, "Register maps"; cross-checked with PX4
 * {@code power_monitor/ina226/ina226.h}): configuration 0x00 (reset 0x4127; RST bit 15, AVG 11:9,
 * VBUSCT 8:6, VSHCT 5:3, MODE 2:0), shunt voltage 0x01 (2.5 µV/LSB), bus voltage 0x02
 * (1.25 mV/LSB), power 0x03, current 0x04, calibration 0x05, mask/enable 0x06 (CVRF bit 3,
 * OVF bit 2; reading it clears CVRF), manufacturer id 0xFE = 0x5449 ("TI"), die id 0xFF = 0x2260.
 * Registers are 16 bits, most significant byte first; the register pointer does not
 * auto-increment, so each register is one transaction.
 *
 * <p>Calibration (datasheet "Programming": calibration register and scaling, equations 1 and 2): Current_LSB =
 * maximum expected current / 2^15; CAL = trunc(0.00512 / (Current_LSB × R_shunt)). The current
 * register then reads shunt × CAL / 2048; the driver converts it with the Current_LSB the
 * truncated CAL actually gives, 0.00512 / (CAL × R_shunt).
 *
 * <p>Configuration chosen: 16 averages, 1.1 ms bus and shunt conversion times, continuous shunt
 * and bus (0x4527, PX4's earlier default): a result every 16 × 2.2 ms = 35.2 ms.
 *
 * <p>Driver thread only; {@link #read} allocates nothing.
 */
public final class Ina226 extends AbstractSensorBackend<BatterySample> {
    public static final String CHIP = "ina226";
    /** PX4 drv_sensor.h {@code DRV_POWER_DEVTYPE_INA226}. */
    public static final int DEVTYPE = 0xD0;
    public static final int MANUFACTURER_ID = 0x5449;
    public static final int DIE_ID = 0x2260;
    /** PX4's default shunt (INA226_SHUNT, 500 µΩ). */
    public static final double DEFAULT_SHUNT_OHM = 0.0005;
    /** The shunt ADC's full scale 81.92 mV over the default shunt (PX4 rounds it to 164 A). */
    public static final double DEFAULT_MAX_CURRENT_A = 163.84;

    static final int REG_CONFIG = 0x00;
    static final int REG_SHUNT = 0x01;
    static final int REG_BUS = 0x02;
    static final int REG_CURRENT = 0x04;
    static final int REG_CALIBRATION = 0x05;
    static final int REG_MASK_ENABLE = 0x06;
    static final int REG_MANUFACTURER_ID = 0xFE;
    static final int REG_DIE_ID = 0xFF;

    static final int CONFIG_RESET = 0x8000;
    static final int CONFIG_POWER_ON = 0x4127;
    /** Bit 14 reads 1 (datasheet), AVG = 010 (16), VBUSCT = 100 (1.1 ms), VSHCT = 100, MODE = 111. */
    static final int CONFIG = 0x4000 | (0b010 << 9) | (0b100 << 6) | (0b100 << 3) | 0b111;
    static final int MASK_CVRF = 0x0008;
    static final int MASK_OVF = 0x0004;

    public static final double BUS_VOLTS_PER_LSB = 0.00125;
    public static final double SHUNT_VOLTS_PER_LSB = 2.5e-6;
    /** Shunt ADC full scale (±81.92 mV). */
    public static final double SHUNT_FULL_SCALE_V = 0.08192;
    static final double CAL_CONSTANT = 0.00512;

    public static final long PERIOD_NS = 20_000_000L;
    static final long CONVERSION_NS = 35_200_000L;

    /**
     * Bus and current words unchanged over this many conversions (3.5 s) means frozen data. With 16
     * averages the bus word of a resting pack often repeats, and a steady load can repeat the current
     * word too, so only a long run of both together is treated as stuck.
     */
    static final int STUCK_READS = 100;
    /** No conversion-ready flag for this many polls (about 3 conversion times) → unhealthy. */
    static final int MAX_NOT_READY = 6;

    private final I2cDevice dev;
    private final double currentLsbA;
    private final int calibration;
    private final byte[] word = new byte[2];
    private final BatterySample sample = new BatterySample();
    private int previousBus = -1;
    private int previousCurrent = -1;
    private final RepeatRun repeats = new RepeatRun(STUCK_READS - 1);
    private int notReady;
    private long saturatedReads;

    private Ina226(I2cDevice dev, int calibration, double shuntOhm) {
        super(CHIP, DeviceId.of(DeviceId.BUS_TYPE_I2C, dev.bus(), dev.address(), DEVTYPE), PERIOD_NS);
        this.dev = dev;
        this.calibration = calibration;
        this.currentLsbA = CAL_CONSTANT / (calibration * shuntOhm);
    }

    /** Probes with PX4's defaults: 500 µΩ shunt, 163.84 A maximum. */
    public static Ina226 probe(I2cDevice dev) throws ProbeException {
        return probe(dev, DEFAULT_SHUNT_OHM, DEFAULT_MAX_CURRENT_A);
    }

    /**
     * Checks the manufacturer and die ids, resets, writes the configuration and the calibration
     * computed from the shunt and the maximum current, and reads both back. Start-up only.
     *
     * @param shuntOhm the shunt resistance (Ω), positive
     * @param maxCurrentA the largest current to measure (A); with the shunt it must stay within
     *     the shunt ADC's 81.92 mV
     * @throws ProbeException absent (NACK), wrong ids, a shunt/current pair the chip cannot
     *     represent, or registers that do not keep their values
     */
    public static Ina226 probe(I2cDevice dev, double shuntOhm, double maxCurrentA) throws ProbeException {
        String where = CHIP + " on i2c-" + dev.bus() + " address 0x" + Integer.toHexString(dev.address());
        if (!(shuntOhm > 0) || !(maxCurrentA > 0) || Double.isInfinite(shuntOhm) || Double.isInfinite(maxCurrentA)) {
            throw new ProbeException(where + ": shunt " + shuntOhm + " ohm and maximum current " + maxCurrentA
                    + " A must be positive and finite");
        }
        if (maxCurrentA * shuntOhm > SHUNT_FULL_SCALE_V * 1.0000001) {
            throw new ProbeException(where + String.format(Locale.ROOT,
                    ": maximum current %.2f A drops %.2f mV on the %.6f ohm shunt, beyond the shunt ADC's 81.92 mV"
                            + " (at most %.2f A)", maxCurrentA, maxCurrentA * shuntOhm * 1e3, shuntOhm,
                    SHUNT_FULL_SCALE_V / shuntOhm));
        }
        int cal = calibrationValue(maxCurrentA / 32768.0, shuntOhm);
        if (cal < 1 || cal > 0x7FFF) {
            throw new ProbeException(where + ": calibration " + cal + " for a " + shuntOhm + " ohm shunt and "
                    + maxCurrentA + " A does not fit the 15-bit calibration register");
        }
        byte[] w = new byte[2];
        try {
            int manufacturer = readWord(dev, REG_MANUFACTURER_ID, w);
            int die = readWord(dev, REG_DIE_ID, w);
            // Die id bits 15:4 name the device, 3:0 its revision (datasheet "Die ID register"): accept any revision.
            if (manufacturer != MANUFACTURER_ID || (die & 0xFFF0) != DIE_ID) {
                throw new ProbeException(where + ": wrong id: manufacturer id (0xFE) read 0x" + ChipIo.hex4(manufacturer)
                        + ", die id (0xFF) read 0x" + ChipIo.hex4(die) + ", expected 0x" + ChipIo.hex4(MANUFACTURER_ID) + " and 0x"
                        + ChipIo.hex4(DIE_ID));
            }
            writeWord(dev, REG_CONFIG, CONFIG_RESET, w);
            int afterReset = readWord(dev, REG_CONFIG, w);
            if (afterReset != CONFIG_POWER_ON) {
                throw new ProbeException(where + ": configuration reads 0x" + ChipIo.hex4(afterReset) + " after reset, 0x"
                        + ChipIo.hex4(CONFIG_POWER_ON) + " expected");
            }
            writeWord(dev, REG_CONFIG, CONFIG, w);
            writeWord(dev, REG_CALIBRATION, cal, w);
            expectWord(dev, where, REG_CONFIG, CONFIG, w);
            expectWord(dev, where, REG_CALIBRATION, cal, w);
        } catch (BusException e) {
            throw ChipIo.probeFailure(where, e, "at probe");
        }
        return new Ina226(dev, cal, shuntOhm);
    }

    /** Datasheet equation 1: CAL = trunc(0.00512 / (Current_LSB × R_shunt)). */
    public static int calibrationValue(double currentLsbA, double shuntOhm) {
        // The tiny bias keeps exact quotients (2560 for 1 mA and 2 mΩ) from truncating to one less.
        return (int) Math.floor(CAL_CONSTANT / (currentLsbA * shuntOhm) * (1 + 1e-12));
    }

    /** Bus voltage register to volts (1.25 mV/LSB, bits 14:0). */
    public static double busVolts(int busRegister) {
        return (busRegister & 0x7FFF) * BUS_VOLTS_PER_LSB;
    }

    /** Signed current register to amperes with the given Current_LSB. */
    public static double currentAmps(int currentRegister, double currentLsbA) {
        return (short) currentRegister * currentLsbA;
    }

    @Override
    public int read(long nowNs, Consumer<BatterySample> sink) throws BusException {
        int mask;
        int bus;
        int current;
        try {
            mask = readWord(dev, REG_MASK_ENABLE, word);
            if ((mask & MASK_CVRF) == 0) {
                if (++notReady >= MAX_NOT_READY) {
                    setHealthy(false);
                }
                return 0;
            }
            bus = readWord(dev, REG_BUS, word);
            current = readWord(dev, REG_CURRENT, word);
        } catch (BusException e) {
            throw busError(e);
        }
        notReady = 0;
        boolean same = bus == previousBus && current == previousCurrent;
        previousBus = bus;
        previousCurrent = current;
        if (repeats.stuck(same)) {
            stuckRead();
            return 0;
        }
        short signed = (short) current;
        // OVF: the power or current arithmetic overflowed; ±32767: the shunt beyond its range.
        if ((mask & MASK_OVF) != 0 || signed == Short.MAX_VALUE || signed <= -Short.MAX_VALUE) {
            saturatedReads++;
        }
        setHealthy(true);
        // The result averages the last 35.2 ms and became ready within the last poll period.
        sample.timestampSampleNs = nowNs - PERIOD_NS / 2 - CONVERSION_NS / 2;
        sample.voltageV = busVolts(bus);
        sample.currentA = currentAmps(current, currentLsbA);
        sample.errorCount = busErrors() + stuckReads() + saturatedReads;
        sink.accept(sample);
        return 1;
    }

    private static int readWord(I2cDevice dev, int register, byte[] w) throws BusException {
        dev.readRegisters(register, w, 0, 2);
        return ((w[0] & 0xFF) << 8) | (w[1] & 0xFF);
    }

    private static void writeWord(I2cDevice dev, int register, int value, byte[] w) throws BusException {
        byte[] frame = {(byte) register, (byte) (value >> 8), (byte) value};
        dev.write(frame, 0, 3);
    }

    private static void expectWord(I2cDevice dev, String where, int register, int expected, byte[] w)
            throws BusException, ProbeException {
        int value = readWord(dev, register, w);
        if (value != expected) {
            throw new ProbeException(where + ": register 0x" + Integer.toHexString(register) + " reads 0x"
                    + ChipIo.hex4(value) + " after writing 0x" + ChipIo.hex4(expected));
        }
    }


    /** The calibration register value written at probe. */
    public int calibration() {
        return calibration;
    }

    /** The current register's LSB in amperes, as the written calibration gives it. */
    public double currentLsbA() {
        return currentLsbA;
    }

    /** Conversions at the shunt ADC's limit or with the math-overflow flag (delivered, flagged). */
    public long saturatedReads() {
        return saturatedReads;
    }
}
