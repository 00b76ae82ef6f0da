package org.hoverla.hal.chip;

import java.util.function.Consumer;
import org.hoverla.hal.BatterySample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.I2cDevice;

/**
 * A battery monitor built on a TI ADS1115 16-bit ADC on I2C (address 0x48–0x4B): one single-ended
 * input reads the pack voltage through a divider, an optional second input reads an analog current
 * sensor, as a PX4 analog power module ({@code BAT1_V_DIV}, {@code BAT1_A_PER_V},
 * {@code BAT1_V_OFFS_CURR}) or ArduPilot's {@code AP_BattMonitor_Analog} does.
 *
 * <p>Registers (ADS1115 datasheet SBAS444, "Register map"): pointer 0 conversion
 * (signed, MSB first), 1 config (reset 0x8583), 2 Lo_thresh (reset 0x8000), 3 Hi_thresh (reset
 * 0x7FFF). Config bits: OS 15 (write 1 starts a single conversion; reads 0 while converting),
 * MUX 14:12 (100–111 = AINx against GND), PGA 11:9, MODE 8 (1 = single-shot), DR 7:5,
 * COMP_QUE 1:0 (11 = comparator off). The chip has no id register: the probe accepts the config
 * register's reset value 0x8583, or (a warm restart, the chip still configured by an earlier run)
 * the threshold registers' reset values, which this driver never writes.
 *
 * <p>Chosen: PGA ±4.096 V (125 µV/LSB; inputs stay below VDD), 250 SPS (4 ms per conversion),
 * single-shot, comparator off. Each {@link #read} (every 10 ms) collects a finished conversion and
 * starts the next channel's; a sample is handed over when the voltage (and current) channel have
 * both been converted: 50 Hz with a current channel, 100 Hz without.
 *
 * <p>Driver thread only; {@link #read} allocates nothing.
 */
public final class Ads1115Battery extends AbstractSensorBackend<BatterySample> {
    public static final String CHIP = "ads1115";
    /** PX4 drv_sensor.h {@code DRV_ADC_DEVTYPE_ADS1115}. */
    public static final int DEVTYPE = 0x90;
    public static final int DEFAULT_ADDRESS = 0x48;
    /** Defaults of {@link #probe(I2cDevice)}: a Holybro PM02-style analog module (PX4 board defaults). */
    public static final int DEFAULT_VOLTAGE_CHANNEL = 0;
    public static final double DEFAULT_VOLTAGE_SCALE = 18.1;
    public static final int DEFAULT_CURRENT_CHANNEL = 1;
    public static final double DEFAULT_AMPS_PER_VOLT = 36.367515152;
    public static final double DEFAULT_AMPS_OFFSET_V = 0.0;

    static final int REG_CONVERSION = 0x00;
    static final int REG_CONFIG = 0x01;
    static final int REG_LO_THRESH = 0x02;
    static final int REG_HI_THRESH = 0x03;
    static final int CONFIG_RESET = 0x8583;
    static final int LO_THRESH_RESET = 0x8000;
    static final int HI_THRESH_RESET = 0x7FFF;

    static final int OS = 0x8000;
    static final int MUX_SINGLE_ENDED_AIN0 = 0b100;
    static final int PGA_4_096V = 0b001;
    static final int MODE_SINGLE_SHOT = 1;
    static final int DR_250SPS = 0b101;
    static final int COMP_QUE_DISABLE = 0b11;
    /** Full-scale range of PGA ±4.096 V; the LSB is FSR / 2^15 = 125 µV (datasheet table "Full-scale range and corresponding LSB size"). */
    public static final double FULL_SCALE_V = 4.096;

    public static final long PERIOD_NS = 10_000_000L;
    static final long CONVERSION_NS = 4_000_000L;

    /**
     * The same raw code(s) for this many samples in a row means frozen data. A steady pack and a
     * steady load leave only the ADC noise (0.5–1 LSB RMS at ±4.096 V, datasheet noise table), so
     * a code repeats with p ≤ 0.6; 50 in a row (p < 1e-11) does not happen on a live input.
     */
    static final int STUCK_READS = 50;
    /** Conversion still running after this many polls (10× its 4 ms) → unhealthy. */
    static final int MAX_NOT_READY = 4;

    private final I2cDevice dev;
    private final int channelCount;
    private final int[] channels;
    private final byte[][] startFrames;
    private final int[] raw = new int[2];
    private final int[] previousRaw = {Integer.MIN_VALUE, Integer.MIN_VALUE};
    private final long[] startNs = {Long.MIN_VALUE, Long.MIN_VALUE};
    private final double voltageScale;
    private final double ampsPerVolt;
    private final double ampsOffsetV;
    private final byte[] word = new byte[2];
    private final BatterySample sample = new BatterySample();
    private int converting;
    private boolean pendingStart;
    private long voltageSampleNs;
    private final RepeatRun repeats = new RepeatRun(STUCK_READS - 1);
    private int notReady;
    private long saturatedReads;

    private Ads1115Battery(I2cDevice dev, int voltageChannel, double voltageScale, int currentChannel,
            double ampsPerVolt, double ampsOffsetV) {
        super(CHIP, DeviceId.of(DeviceId.BUS_TYPE_I2C, dev.bus(), dev.address(), DEVTYPE), PERIOD_NS);
        this.dev = dev;
        this.channelCount = currentChannel < 0 ? 1 : 2;
        this.channels = currentChannel < 0 ? new int[] {voltageChannel} : new int[] {voltageChannel, currentChannel};
        this.startFrames = new byte[channelCount][];
        for (int i = 0; i < channelCount; i++) {
            int config = startConfig(channels[i]);
            startFrames[i] = new byte[] {(byte) REG_CONFIG, (byte) (config >> 8), (byte) config};
        }
        this.voltageScale = voltageScale;
        this.ampsPerVolt = ampsPerVolt;
        this.ampsOffsetV = ampsOffsetV;
    }

    /** Probes with the defaults: voltage on AIN0 through an 18.1 divider, current on AIN1 at 36.37 A/V. */
    public static Ads1115Battery probe(I2cDevice dev) throws ProbeException {
        return probe(dev, DEFAULT_VOLTAGE_CHANNEL, DEFAULT_VOLTAGE_SCALE, DEFAULT_CURRENT_CHANNEL,
                DEFAULT_AMPS_PER_VOLT, DEFAULT_AMPS_OFFSET_V);
    }

    /**
     * Identifies the chip by its reset register values, then starts the first conversion.
     *
     * @param voltageChannel AIN0–AIN3 (0–3) carrying the divided pack voltage
     * @param voltageScale pack volts per ADC volt (the divider ratio, PX4 {@code BAT1_V_DIV}), > 0
     * @param currentChannel AIN0–AIN3 of the current sensor, or -1 for none
     * @param ampsPerVolt current-sensor gain (PX4 {@code BAT1_A_PER_V}), finite and non-zero
     * @param ampsOffsetV current-sensor output at zero current (PX4 {@code BAT1_V_OFFS_CURR}), V
     * @throws ProbeException absent (NACK), not an ADS1115 (register values named), or bad wiring
     */
    public static Ads1115Battery probe(I2cDevice dev, int voltageChannel, double voltageScale, int currentChannel,
            double ampsPerVolt, double ampsOffsetV) throws ProbeException {
        String where = CHIP + " on i2c-" + dev.bus() + " address 0x" + Integer.toHexString(dev.address());
        if (voltageChannel < 0 || voltageChannel > 3 || currentChannel < -1 || currentChannel > 3
                || currentChannel == voltageChannel) {
            throw new ProbeException(where + ": voltage channel " + voltageChannel + " and current channel "
                    + currentChannel + " must be distinct inputs 0-3 (current -1 for none)");
        }
        if (!(voltageScale > 0) || Double.isInfinite(voltageScale)) {
            throw new ProbeException(where + ": voltage scale " + voltageScale + " must be positive and finite");
        }
        if (currentChannel >= 0 && (!Double.isFinite(ampsPerVolt) || ampsPerVolt == 0 || !Double.isFinite(ampsOffsetV))) {
            throw new ProbeException(where + ": amps per volt " + ampsPerVolt + " and offset " + ampsOffsetV
                    + " V must be finite, amps per volt non-zero");
        }
        Ads1115Battery chip = new Ads1115Battery(dev, voltageChannel, voltageScale, currentChannel, ampsPerVolt,
                ampsOffsetV);
        try {
            int config = chip.readWord(REG_CONFIG);
            if (config != CONFIG_RESET) {
                int lo = chip.readWord(REG_LO_THRESH);
                int hi = chip.readWord(REG_HI_THRESH);
                if (lo != LO_THRESH_RESET || hi != HI_THRESH_RESET) {
                    throw new ProbeException(where + ": not an ADS1115: config (0x01) read 0x" + ChipIo.hex4(config)
                            + ", expected reset value 0x" + ChipIo.hex4(CONFIG_RESET) + "; thresholds read 0x" + ChipIo.hex4(lo)
                            + "/0x" + ChipIo.hex4(hi) + ", expected 0x8000/0x7fff");
                }
            }
            chip.start(0, Long.MIN_VALUE);
            int written = chip.readWord(REG_CONFIG);
            int expected = startConfig(voltageChannel);
            // OS reads 0 while the conversion runs: compare the other bits.
            if ((written & ~OS) != (expected & ~OS)) {
                throw new ProbeException(where + ": config reads 0x" + ChipIo.hex4(written) + " after writing 0x"
                        + ChipIo.hex4(expected));
            }
        } catch (BusException e) {
            throw ChipIo.probeFailure(where, e, "at probe");
        }
        return chip;
    }

    /** Config word that starts one single-shot conversion of AIN{@code channel} against GND. */
    static int startConfig(int channel) {
        return OS | ((MUX_SINGLE_ENDED_AIN0 + channel) << 12) | (PGA_4_096V << 9) | (MODE_SINGLE_SHOT << 8)
                | (DR_250SPS << 5) | COMP_QUE_DISABLE;
    }

    /** Conversion code to input volts: code × FSR / 2^15 (datasheet "Data format": 7FFFh = +FS − 1 LSB, 8000h = −FS). */
    public static double codeToVolts(int code, double fullScaleV) {
        return (short) code * fullScaleV / 32768.0;
    }

    /** Pack volts from the ADC input volts and the divider ratio. */
    public static double packVolts(double inputV, double voltageScale) {
        return inputV * voltageScale;
    }

    /** Current from the sensor's output volts: (V − offset) × A/V, as PX4's analog battery. */
    public static double amps(double inputV, double ampsOffsetV, double ampsPerVolt) {
        return (inputV - ampsOffsetV) * ampsPerVolt;
    }

    @Override
    public int read(long nowNs, Consumer<BatterySample> sink) throws BusException {
        int code;
        try {
            if (pendingStart) {
                // The previous start was not acknowledged: the chip is idle with a stale result.
                start(converting, nowNs);
                return 0;
            }
            if ((readWord(REG_CONFIG) & OS) == 0) {
                if (++notReady >= MAX_NOT_READY) {
                    setHealthy(false);
                }
                return 0;
            }
            code = (short) readWord(REG_CONVERSION);
            int finished = converting;
            raw[finished] = code;
            if (finished == 0) {
                long started = startNs[0];
                voltageSampleNs = started == Long.MIN_VALUE ? nowNs : Math.min(nowNs, started + CONVERSION_NS / 2);
            }
            converting = finished + 1 == channelCount ? 0 : finished + 1;
            pendingStart = true;
            start(converting, nowNs);
            if (converting != 0) {
                notReady = 0;
                return 0;
            }
        } catch (BusException e) {
            throw busError(e);
        }
        notReady = 0;
        boolean same = raw[0] == previousRaw[0] && (channelCount == 1 || raw[1] == previousRaw[1]);
        previousRaw[0] = raw[0];
        previousRaw[1] = raw[1];
        if (repeats.stuck(same)) {
            stuckRead();
            return 0;
        }
        if (atLimit(raw[0]) || (channelCount == 2 && atLimit(raw[1]))) {
            saturatedReads++;
        }
        setHealthy(true);
        // Stamped at the middle of the voltage conversion, the quantity battery estimation leans on.
        sample.timestampSampleNs = voltageSampleNs;
        sample.voltageV = packVolts(codeToVolts(raw[0], FULL_SCALE_V), voltageScale);
        sample.currentA = channelCount == 2 ? amps(codeToVolts(raw[1], FULL_SCALE_V), ampsOffsetV, ampsPerVolt)
                : Double.NaN;
        sample.errorCount = busErrors() + stuckReads() + saturatedReads;
        sink.accept(sample);
        return 1;
    }

    private static boolean atLimit(int code) {
        return code >= Short.MAX_VALUE || code <= Short.MIN_VALUE;
    }

    private void start(int index, long nowNs) throws BusException {
        dev.write(startFrames[index], 0, 3);
        pendingStart = false;
        startNs[index] = nowNs;
    }

    private int readWord(int register) throws BusException {
        dev.readRegisters(register, word, 0, 2);
        return ((word[0] & 0xFF) << 8) | (word[1] & 0xFF);
    }


    /** Samples with a channel at the ADC's full-scale code (input at or beyond ±4.096 V): delivered, flagged. */
    public long saturatedReads() {
        return saturatedReads;
    }
}
