package org.hoverla.hal.chip;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.I2cDevice;
import org.hoverla.hal.bus.SpiDevice;

/**
 * TE/MEAS MS5611-01BA03 barometer on I2C (address 0x77 with CSB low, 0x76 with CSB high) or SPI.
 * The chip has no registers: five commands (datasheet "Commands"): reset 0x1E, convert D1
 * (pressure) 0x40 | osr, convert D2 (temperature) 0x50 | osr, ADC read 0x00 (24-bit result, MSB
 * first), PROM read 0xA0 + 2·k (16-bit word k, k = 0..7).
 *
 * <p>Probe: reset (then the 2.8 ms PROM reload), read the 8 PROM words, refuse an all-zero or
 * all-ones PROM (absent chip, floating bus) and a PROM whose CRC-4 (application note AN520) does not
 * match word 7's low nibble.
 *
 * <p>Measurement: the driver thread calls {@link #read} every {@link #periodNs()} = 10 ms; each call
 * collects the conversion started by the previous call and starts the next, alternating D2 and D1
 * at OSR 1024 (2.28 ms maximum conversion). OSR 1024 and the 10 ms cycle follow PX4
 * (drivers/barometer/ms5611/MS5611.hpp: the lower OSR limits self-heating). A sample (pressure with
 * the latest temperature) is handed over after each D1, so 50 Hz. The ADC reads 0 when read before
 * its conversion ended or read twice (datasheet "Commands"): such reads are counted in
 * {@link #adcNotReady()}, never published, and the conversion is started again.
 *
 * <p>Driver thread only; {@link #read} allocates nothing.
 */
public final class Ms5611 extends AbstractSensorBackend<BaroSample> implements ChipSelfTest.SelfTesting {
    /** PX4 drv_sensor.h {@code DRV_BARO_DEVTYPE_MS5611}. */
    public static final int DEVTYPE = 0x3D;
    public static final int CMD_RESET = 0x1E;
    public static final int CMD_CONVERT_D1 = 0x40;
    public static final int CMD_CONVERT_D2 = 0x50;
    public static final int CMD_ADC_READ = 0x00;
    public static final int CMD_PROM_READ = 0xA0;
    /** OSR 1024 in the conversion command's bits 1..3 (0 = 256, 2 = 512, 4 = 1024, 6 = 2048, 8 = 4096). */
    public static final int OSR_1024 = 0x04;
    /** Maximum conversion time per OSR 256, 512, 1024, 2048, 4096 (datasheet "Operating characteristics"), ns. */
    static final long[] CONVERSION_NS = {600_000L, 1_170_000L, 2_280_000L, 4_540_000L, 9_040_000L};
    /** PROM reload after reset (datasheet "Reset sequence": 2.8 ms). */
    public static final long RESET_RELOAD_NS = 2_800_000L;
    public static final long PERIOD_NS = 10_000_000L;
    /**
     * Identical (D1, D2) pairs in a row before the data are called stuck. At OSR 1024 the RMS noise
     * (0.027 mbar, 0.005 °C) is about 140 counts on D1 and D2, so one exact repeat of both has a
     * probability below 1e-5 and three in a row below 1e-15: 3 repeats never flag a working chip.
     */
    static final int STUCK_REPEATS = 3;
    /** Datasheet operating range 10..1200 mbar; outside it (or a 24-bit ADC at full scale) is saturated. */
    static final int P_MIN_PA = 1_000;
    static final int P_MAX_PA = 120_000;
    private static final int ADC_FULL_SCALE = 0xFF_FFFF;

    private enum Phase { IDLE, RESETTING, CONVERTING_D2, CONVERTING_D1 }

    private final Port port;
    private final int[] prom;
    private final long conversionNs;
    private final byte[] adc = new byte[3];
    private final Compensated comp = new Compensated();
    private final BaroSample sample = new BaroSample();

    private Phase phase = Phase.IDLE;
    private long phaseStartNs;
    private long d2;
    private boolean haveD2;
    private long lastD1 = -1;
    private long lastD2 = -1;
    private final RepeatRun repeats = new RepeatRun(STUCK_REPEATS);
    private long adcNotReady;
    private long saturated;

    private Ms5611(Port port, int deviceId, int[] prom) {
        super("ms5611", deviceId, PERIOD_NS);
        this.port = port;
        this.prom = prom;
        this.conversionNs = CONVERSION_NS[OSR_1024 >> 1];
    }

    /** Probes an MS5611 on I2C: reset, PROM read and CRC-4 check. */
    public static Ms5611 probe(I2cDevice dev) throws ProbeException {
        String where = "ms5611 on i2c-" + dev.bus() + " 0x" + Integer.toHexString(dev.address());
        Port port = new I2cPort(dev);
        int[] prom = probePort(port, where);
        return new Ms5611(port, DeviceId.of(DeviceId.BUS_TYPE_I2C, dev.bus(), dev.address(), DEVTYPE), prom);
    }

    /** Probes an MS5611 on SPI (mode 0 or 3, up to 20 MHz): reset, PROM read and CRC-4 check. */
    public static Ms5611 probe(SpiDevice dev) throws ProbeException {
        String where = "ms5611 on spi" + dev.bus() + "." + dev.chipSelect();
        Port port = new SpiPort(dev);
        int[] prom = probePort(port, where);
        return new Ms5611(port, DeviceId.of(DeviceId.BUS_TYPE_SPI, dev.bus(), dev.chipSelect(), DEVTYPE), prom);
    }

    private static int[] probePort(Port port, String where) throws ProbeException {
        int[] prom = new int[8];
        byte[] word = new byte[2];
        try {
            port.command(CMD_RESET);
            // Boot only: the PROM is reloaded for 2.8 ms after a reset and reads garbage meanwhile.
            LockSupport.parkNanos(RESET_RELOAD_NS + 200_000L);
            for (int k = 0; k < 8; k++) {
                port.read(CMD_PROM_READ + 2 * k, word, 2);
                prom[k] = ((word[0] & 0xFF) << 8) | (word[1] & 0xFF);
            }
        } catch (BusException e) {
            throw ChipIo.probeFailure(where, e, "during probe");
        }
        checkProm(prom, where);
        return prom;
    }

    /** Refuses an absent chip (PROM all 0x0000 or all 0xFFFF) and a PROM failing its CRC-4. */
    static void checkProm(int[] prom, String where) throws ProbeException {
        boolean allZero = true;
        boolean allOnes = true;
        for (int w : prom) {
            allZero &= w == 0;
            allOnes &= w == 0xFFFF;
        }
        if (allOnes || allZero) {
            throw new ProbeException(where + ": absent or not an MS5611 (PROM reads all 0x"
                    + (allOnes ? "FFFF" : "0000") + ")");
        }
        int expected = prom[7] & 0x0F;
        int computed = crc4(prom);
        if (computed != expected) {
            throw new ProbeException(where + ": corrupt calibration PROM (CRC-4 computed 0x"
                    + Integer.toHexString(computed) + ", PROM word 7 holds 0x" + Integer.toHexString(expected)
                    + "; words " + hexWords(prom) + ")");
        }
    }

    private static String hexWords(int[] prom) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < prom.length; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%04X", prom[i]));
        }
        return sb.toString();
    }

    /**
     * CRC-4 of the 8 PROM words as application note AN520 defines it: polynomial x⁴+x+1 (0x3000 in
     * the 16-bit remainder) over the 16 PROM bytes, MSB first, with word 7's low byte (which holds
     * the CRC) taken as zero.
     *
     * @param prom the 8 PROM words, unmodified
     * @return the 4-bit CRC (0..15), to compare with {@code prom[7] & 0xF}
     */
    public static int crc4(int[] prom) {
        int rem = 0;
        for (int i = 0; i < 16; i++) {
            int word = i == 15 || i == 14 ? (prom[7] & 0xFF00) : prom[i >> 1];
            int b = (i & 1) == 1 ? word & 0xFF : (word >> 8) & 0xFF;
            rem ^= b;
            for (int bit = 0; bit < 8; bit++) {
                rem = (rem & 0x8000) != 0 ? ((rem << 1) ^ 0x3000) : rem << 1;
                rem &= 0xFFFF;
            }
        }
        return (rem >> 12) & 0x0F;
    }

    /** The results of the datasheet's compensation, intermediates included (for tests and logs). */
    public static final class Compensated {
        /** D2 − C5·2⁸. */
        public long dT;
        /** Temperature, 0.01 °C. */
        public long temp;
        public long off;
        public long sens;
        /** Second-order terms (0 at or above 20 °C). */
        public long t2;
        public long off2;
        public long sens2;
        /** Pressure, 0.01 mbar = Pa. */
        public long pressure;
    }

    /**
     * The datasheet's "Pressure and temperature calculation" with integer arithmetic as the datasheet
     * gives it (divisions truncate as C integer division does), optionally followed by its
     * "Second order temperature compensation" (below 20 °C, with an extra term below −15 °C).
     *
     * @param c  the PROM words, c[1]..c[6] = C1..C6
     * @param d1 the digital pressure value
     * @param d2 the digital temperature value
     */
    public static void compensate(int[] c, long d1, long d2, boolean secondOrder, Compensated out) {
        long dT = d2 - ((long) c[5] << 8);
        long temp = 2000 + dT * c[6] / (1L << 23);
        long off = ((long) c[2] << 16) + (long) c[4] * dT / (1L << 7);
        long sens = ((long) c[1] << 15) + (long) c[3] * dT / (1L << 8);
        long t2 = 0;
        long off2 = 0;
        long sens2 = 0;
        if (secondOrder && temp < 2000) {
            t2 = dT * dT / (1L << 31);
            long below20 = (temp - 2000) * (temp - 2000);
            off2 = 5 * below20 / 2;
            sens2 = 5 * below20 / 4;
            if (temp < -1500) {
                long belowMinus15 = (temp + 1500) * (temp + 1500);
                off2 += 7 * belowMinus15;
                sens2 += 11 * belowMinus15 / 2;
            }
        }
        temp -= t2;
        off -= off2;
        sens -= sens2;
        out.dT = dT;
        out.temp = temp;
        out.off = off;
        out.sens = sens;
        out.t2 = t2;
        out.off2 = off2;
        out.sens2 = sens2;
        out.pressure = (d1 * sens / (1L << 21) - off) / (1L << 15);
    }

    /** The PROM CRC-4 (AN520) checked at probe: the MS5611's only self-check; a corrupt PROM is refused there. */
    @Override
    public ChipSelfTest selfTestOutcome() {
        int crc = crc4(prom);
        return ChipSelfTest.pass("PROM CRC-4 (AN520)", "computed 0x" + Integer.toHexString(crc) + ", PROM word 7 holds 0x"
                + Integer.toHexString(prom[7] & 0x0F), "= PROM word 7 bits 0..3");
    }

    /** The PROM words read at probe (word 0 factory data, 1..6 C1..C6, 7 serial and CRC). */
    public int promWord(int k) {
        return prom[k];
    }

    @Override
    public int read(long nowNs, Consumer<BaroSample> sink) throws BusException {
        try {
            return step(nowNs, sink);
        } catch (BusException e) {
            // The conversion in flight is lost or unknown: reset the chip on the next call, as PX4 does.
            phase = Phase.IDLE;
            haveD2 = false;
            throw busError(e);
        }
    }

    private int step(long nowNs, Consumer<BaroSample> sink) throws BusException {
        switch (phase) {
            case IDLE:
                port.command(CMD_RESET);
                phase = Phase.RESETTING;
                phaseStartNs = nowNs;
                return 0;
            case RESETTING:
                if (nowNs - phaseStartNs < RESET_RELOAD_NS) {
                    return 0;
                }
                startConversion(Phase.CONVERTING_D2, nowNs);
                return 0;
            default:
                break;
        }
        if (nowNs - phaseStartNs < conversionNs) {
            return 0; // called early: reading now would return 0 and spoil the conversion
        }
        port.read(CMD_ADC_READ, adc, 3);
        long raw = ((adc[0] & 0xFFL) << 16) | ((adc[1] & 0xFFL) << 8) | (adc[2] & 0xFFL);
        if (raw == 0) {
            adcNotReady++;
            startConversion(phase, nowNs);
            return 0;
        }
        if (phase == Phase.CONVERTING_D2) {
            d2 = raw;
            haveD2 = true;
            startConversion(Phase.CONVERTING_D1, nowNs);
            return 0;
        }
        long d1StartNs = phaseStartNs;
        startConversion(Phase.CONVERTING_D2, nowNs);
        if (!haveD2) {
            return 0;
        }
        return publish(raw, d1StartNs, sink);
    }

    private int publish(long d1, long d1StartNs, Consumer<BaroSample> sink) {
        if (repeats.stuck(d1 == lastD1 && d2 == lastD2)) {
            stuckRead();
            return 0;
        }
        lastD1 = d1;
        lastD2 = d2;
        compensate(prom, d1, d2, true, comp);
        if (d1 == ADC_FULL_SCALE || d2 == ADC_FULL_SCALE || comp.pressure < P_MIN_PA || comp.pressure > P_MAX_PA) {
            saturated++;
            return 0;
        }
        setHealthy(true);
        // The pressure is integrated over the D1 conversion: stamp its middle.
        sample.timestampSampleNs = d1StartNs + conversionNs / 2;
        sample.pressurePa = comp.pressure;
        sample.temperatureC = comp.temp * 0.01;
        sample.errorCount = busErrors() + saturated;
        sink.accept(sample);
        return 1;
    }

    private void startConversion(Phase next, long nowNs) throws BusException {
        port.command((next == Phase.CONVERTING_D1 ? CMD_CONVERT_D1 : CMD_CONVERT_D2) | OSR_1024);
        phase = next;
        phaseStartNs = nowNs;
    }

    /** ADC reads that returned 0 (conversion not finished, or no conversion started): not published. */
    public long adcNotReady() {
        return adcNotReady;
    }

    /** Samples at the ADC's full scale or outside the chip's 10..1200 mbar range: not published. */
    public long saturatedSamples() {
        return saturated;
    }

    /** The two buses behind one command protocol; preallocated buffers, no allocation per call. */
    private interface Port {
        void command(int cmd) throws BusException;

        void read(int cmd, byte[] dst, int len) throws BusException;
    }

    private static final class I2cPort implements Port {
        private final I2cDevice dev;
        private final byte[] cmd = new byte[1];

        I2cPort(I2cDevice dev) {
            this.dev = dev;
        }

        @Override
        public void command(int c) throws BusException {
            cmd[0] = (byte) c;
            dev.write(cmd, 0, 1);
        }

        @Override
        public void read(int c, byte[] dst, int len) throws BusException {
            dev.readRegisters(c, dst, 0, len);
        }
    }

    private static final class SpiPort implements Port {
        private final SpiDevice dev;
        private final byte[] tx = new byte[4];
        private final byte[] rx = new byte[4];

        SpiPort(SpiDevice dev) {
            this.dev = dev;
        }

        @Override
        public void command(int c) throws BusException {
            tx[0] = (byte) c;
            dev.transfer(tx, rx, 1);
        }

        @Override
        public void read(int c, byte[] dst, int len) throws BusException {
            tx[0] = (byte) c;
            for (int i = 1; i <= len; i++) {
                tx[i] = 0;
            }
            dev.transfer(tx, rx, len + 1);
            System.arraycopy(rx, 1, dst, 0, len);
        }
    }
}
