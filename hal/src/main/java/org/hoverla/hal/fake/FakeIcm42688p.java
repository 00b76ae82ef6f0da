package org.hoverla.hal.fake;


/**
 * ICM-42688-P register file on SPI, built from datasheet DS-000347 rev 1.6: register banks 0–4
 * behind REG_BANK_SEL (0x76), reset values, WHO_AM_I 0x47, soft reset (DEVICE_CONFIG bit 0, sets
 * INT_STATUS.RESET_DONE), PWR_MGMT0 power modes, GYRO/ACCEL_CONFIG0 full scale and ODR, data
 * registers and INT_STATUS.DATA_RDY (cleared on read) refreshed at the ODR, a 2048-byte FIFO of
 * 16-byte packets (packet 3 of §6.1: header 0x68, accel, gyro, 8-bit temperature, time stamp) with
 * big-endian byte FIFO_COUNT, STOP-on-FULL and stream modes, FIFO flush, and the self-test
 * (SELF_TEST_CONFIG adds each enabled axis's factory response, coded in bank 1/2 ST_DATA).
 *
 * <p>Time comes from a settable clock ({@link #setClock}, default {@link System#nanoTime}); samples
 * are produced lazily, one per ODR period that has passed, when a register is read. The default
 * state is at rest, level, 20 °C, with seeded noise at the datasheet's noise density
 * (0.0028 °/s/√Hz, 70 µg/√Hz over a 250 Hz bandwidth). Allocation-free after construction.
 */
public class FakeIcm42688p extends RegisterFileSpi implements FakeImu {
    private static final int BANKS = 5;
    private static final int REG_BANK_SEL = 0x76;
    private static final int DEVICE_CONFIG = 0x11;
    private static final int FIFO_CONFIG = 0x16;
    private static final int TEMP_DATA1 = 0x1D;
    private static final int INT_STATUS = 0x2D;
    private static final int FIFO_COUNTH = 0x2E;
    private static final int FIFO_COUNTL = 0x2F;
    private static final int FIFO_DATA = 0x30;
    private static final int SIGNAL_PATH_RESET = 0x4B;
    private static final int PWR_MGMT0 = 0x4E;
    private static final int GYRO_CONFIG0 = 0x4F;
    private static final int ACCEL_CONFIG0 = 0x50;
    private static final int FIFO_CONFIG1 = 0x5F;
    private static final int SELF_TEST_CONFIG = 0x70;
    private static final int WHO_AM_I = 0x75;
    private static final int XG_ST_DATA_BANK1 = 0x5F;
    private static final int XA_ST_DATA_BANK2 = 0x3B;
    private static final int FIFO_SIZE = 2048;
    private static final int PACKET = 16;

    private final int[][] banks = new int[BANKS][128];
    private final int[] selfTestCodes; // accel x, y, z, gyro x, y, z
    private final FakeImuMotion motion;
    private final double[] accelSelfTestG = new double[3];
    private final double[] gyroSelfTestDps = new double[3];
    private final byte[] fifo = new byte[FIFO_SIZE];
    private int fifoHead;
    private int fifoSize;
    private boolean fifoBurst;
    private int bank;
    private long samplesProduced;

    public FakeIcm42688p(int bus, int chipSelect, long seed) {
        super(bus, chipSelect);
        // Gyro 0.0028 °/s/√Hz and accel 70 µg/√Hz (DS-000347 Tables 1–2) over the 250 Hz UI filter bandwidth.
        motion = new FakeImuMotion(seed, 0.0028 * Math.sqrt(250), 70e-6 * Math.sqrt(250));
        // Parts carry codes around 100 (a response near 2.7× the code-1 value); spread them per seed.
        selfTestCodes = FakeImuMotion.selfTestCodes(seed ^ 0x42688L, 90, 21);
        reset();
    }

    /** Register of a bank, for test assertions; no side effect. */
    public int peek(int bank, int register) {
        return banks[bank][register & 0x7F];
    }

    /** Sets a register of a bank directly (test set-up); no side effect. */
    public void poke(int bank, int register, int value) {
        banks[bank][register & 0x7F] = value & 0xFF;
    }

    /** Bytes waiting in the FIFO. */
    public int fifoBytes() {
        return fifoSize;
    }

    /** Writes a corrupt packet header into the FIFO (as a desynchronised read would see). */
    public void corruptNextFifoHeader() {
        if (fifoSize > 0) {
            fifo[fifoHead] = 0x10;
        }
    }

    @Override
    public FakeImuMotion motion() {
        return motion;
    }

    /** Produces the samples due by the clock now (a register read does this too). */
    public void update() {
        produceSamples();
    }

    public long samplesProduced() {
        return samplesProduced;
    }

    @Override
    protected void beforeRead(int register, int len) {
        fifoBurst = false;
        produceSamples();
    }

    @Override
    protected int readByte(int register) {
        if (bank == 0) {
            if (fifoBurst || register == FIFO_DATA) {
                fifoBurst = true;
                return popFifo();
            }
            if (register == INT_STATUS) {
                int v = banks[0][INT_STATUS];
                banks[0][INT_STATUS] = 0; // read-to-clear (INT_CONFIG0 defaults)
                return v;
            }
            if (register == FIFO_COUNTH) {
                return (fifoSize >> 8) & 0xFF;
            }
            if (register == FIFO_COUNTL) {
                return fifoSize & 0xFF;
            }
        }
        return banks[bank][register & 0x7F];
    }

    @Override
    protected void afterWrite(int register, int value) {
        if (register == REG_BANK_SEL) {
            bank = Math.min(value & 0x07, BANKS - 1);
            for (int[] b : banks) {
                b[REG_BANK_SEL] = bank;
            }
            return;
        }
        if (readOnly(bank, register)) {
            return;
        }
        if (bank == 0 && register == DEVICE_CONFIG && (value & 0x01) != 0) {
            reset();
            return;
        }
        if (bank == 0 && register == SIGNAL_PATH_RESET) {
            if ((value & 0x02) != 0) {
                fifoHead = 0;
                fifoSize = 0;
            }
            return; // self-clearing bits
        }
        if (bank == 0 && register == PWR_MGMT0 && !sensorsOn()) {
            motion.lastSampleNs = motion.clock.getAsLong();
        }
        banks[bank][register] = value;
    }

    private static boolean readOnly(int bank, int register) {
        switch (bank) {
            case 0:
                return (register >= TEMP_DATA1 && register <= FIFO_DATA) || register == WHO_AM_I;
            case 1:
                return register >= XG_ST_DATA_BANK1 && register <= XG_ST_DATA_BANK1 + 2;
            case 2:
                return register >= XA_ST_DATA_BANK2 && register <= XA_ST_DATA_BANK2 + 2;
            default:
                return false;
        }
    }

    /** Power-on / soft-reset values (DS-000347 §13–§14 register map). */
    private void reset() {
        for (int[] b : banks) {
            java.util.Arrays.fill(b, 0);
        }
        bank = 0;
        int[] b0 = banks[0];
        b0[0x13] = 0x05; // DRIVE_CONFIG
        for (int r = TEMP_DATA1; r <= 0x2A; r += 2) {
            b0[r] = 0x80; // -32768: no data while the sensors are off
        }
        b0[INT_STATUS] = 0x10; // RESET_DONE_INT
        b0[0x4C] = 0x30; // INTF_CONFIG0
        b0[0x4D] = 0x91; // INTF_CONFIG1
        b0[GYRO_CONFIG0] = 0x06;
        b0[ACCEL_CONFIG0] = 0x06;
        b0[0x51] = 0x16; // GYRO_CONFIG1
        b0[0x52] = 0x11; // GYRO_ACCEL_CONFIG0
        b0[0x53] = 0x0D; // ACCEL_CONFIG1
        b0[0x54] = 0x23; // TMST_CONFIG
        b0[0x64] = 0x10; // INT_CONFIG1
        b0[0x65] = 0x10; // INT_SOURCE0
        b0[WHO_AM_I] = 0x47;
        for (int i = 0; i < 3; i++) {
            banks[1][XG_ST_DATA_BANK1 + i] = selfTestCodes[3 + i];
            banks[2][XA_ST_DATA_BANK2 + i] = selfTestCodes[i];
        }
        fifoHead = 0;
        fifoSize = 0;
    }

    private boolean sensorsOn() {
        return (banks[0][PWR_MGMT0] & 0x0F) != 0;
    }

    private static long odrNs(int code) {
        switch (code & 0x0F) {
            case 1: return 31_250;
            case 2: return 62_500;
            case 3: return 125_000;
            case 4: return 250_000;
            case 5: return 500_000;
            case 6: return 1_000_000;
            case 7: return 5_000_000;
            case 8: return 10_000_000;
            case 9: return 20_000_000;
            case 10: return 40_000_000;
            case 11: return 80_000_000;
            case 15: return 2_000_000;
            default: return 1_000_000;
        }
    }

    private void produceSamples() {
        long now = motion.clock.getAsLong();
        if (!sensorsOn()) {
            motion.lastSampleNs = now;
            return;
        }
        long odr = odrNs(banks[0][GYRO_CONFIG0]);
        long due = (now - motion.lastSampleNs) / odr;
        if (due <= 0) {
            return;
        }
        // After a long pause only the last FIFO-full of samples can matter.
        long skip = Math.max(0, due - 2L * FIFO_SIZE / PACKET);
        motion.lastSampleNs += skip * odr;
        for (long i = skip; i < due; i++) {
            motion.lastSampleNs += odr;
            produceOne();
        }
    }

    private void produceOne() {
        samplesProduced++;
        int st = banks[0][SELF_TEST_CONFIG];
        int gyroFs = (banks[0][GYRO_CONFIG0] >> 5) & 0x07;
        int accelFs = (banks[0][ACCEL_CONFIG0] >> 5) & 0x03;
        double gyroLsbPerDps = 32768.0 / (2000.0 / (1 << gyroFs));
        double accelLsbPerG = 32768.0 / (16.0 / (1 << accelFs));
        for (int i = 0; i < 3; i++) {
            // The factory response (ST_OTP, in LSB at ±250 °/s and ±4 g) expressed physically.
            gyroSelfTestDps[i] = (st & (1 << i)) != 0
                    ? motion.selfTestScale * otp(3, selfTestCodes[3 + i]) / (32768.0 / 250.0) : 0;
            accelSelfTestG[i] = (st & (8 << i)) != 0
                    ? motion.selfTestScale * otp(2, selfTestCodes[i]) / (32768.0 / 4.0) : 0;
        }
        motion.sample(accelLsbPerG, gyroLsbPerDps, accelSelfTestG, gyroSelfTestDps);
        int[] raw = motion.raw;
        int[] b0 = banks[0];
        double t = motion.sampleTemperatureC();
        int tempRaw = FakeImuMotion.clamp16((t - 25.0) * 132.48);
        FakeImuMotion.putBe16(b0, TEMP_DATA1, tempRaw);
        for (int i = 0; i < 6; i++) {
            FakeImuMotion.putBe16(b0, 0x1F + 2 * i, raw[i]); // ACCEL_DATA_X1.., then GYRO_DATA_X1..
        }
        b0[INT_STATUS] |= 0x08; // DATA_RDY_INT
        int mode = (b0[FIFO_CONFIG] >> 6) & 0x03;
        if (mode == 0 || (b0[FIFO_CONFIG1] & 0x03) == 0) {
            return; // bypass, or nothing routed to the FIFO
        }
        if (fifoSize + PACKET > FIFO_SIZE) {
            if (mode >= 2) {
                b0[INT_STATUS] |= 0x02; // FIFO_FULL_INT; STOP-on-FULL drops the new packet
                return;
            }
            fifoHead = (fifoHead + PACKET) % FIFO_SIZE; // stream: the oldest packet is overwritten
            fifoSize -= PACKET;
        }
        push(0x68); // 0b0110_1000: accel, gyro, ODR time stamp
        for (int i = 0; i < 6; i++) {
            push(raw[i] >> 8);
            push(raw[i]);
        }
        push(FakeImuMotion.clamp16((t - 25.0) * 2.07)); // FIFO temperature: T = raw / 2.07 + 25
        int stamp = (int) ((motion.lastSampleNs / 1000) & 0xFFFF);
        push(stamp >> 8);
        push(stamp);
    }

    private static double otp(int fsSel, int code) {
        return Math.rint(2620.0 / Math.pow(2, 3 - fsSel) * Math.pow(1.01, code - 1));
    }

    private void push(int v) {
        fifo[(fifoHead + fifoSize) % FIFO_SIZE] = (byte) v;
        fifoSize++;
    }

    private int popFifo() {
        if (fifoSize == 0) {
            return 0xFF; // an empty FIFO reads all ones; bit 7 of a header means "empty"
        }
        int v = fifo[fifoHead] & 0xFF;
        fifoHead = (fifoHead + 1) % FIFO_SIZE;
        fifoSize--;
        return v;
    }
}
