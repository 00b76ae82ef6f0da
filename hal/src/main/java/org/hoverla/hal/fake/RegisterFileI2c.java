package org.hoverla.hal.fake;

import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.I2cDevice;

/**
 * A chip behind an I2C address, faked as a 256-byte register file with auto-increment. Chip
 * fakes extend it: they fill identity and calibration registers from the datasheet and
 * override {@link #beforeRead} / {@link #afterWrite} for registers with behaviour (conversion
 * results, command bytes, self-clearing bits). Faults are injectable: absent (every transfer
 * NACKs), a NACK for the next N transfers, a short read, and frozen data registers; for production
 * test demos also a bus that fails every Nth transfer, a register that reads a forced value (a
 * wrong part) and registers that drop writes (a dead output).
 *
 * <p>Not thread-safe beyond what one driver thread needs; tests and fake boards give each fake
 * to one driver thread. Mockito can spy on it where a test wants the transaction log.
 */
public class RegisterFileI2c implements I2cDevice {
    protected final int[] registers = new int[256];
    private final int bus;
    private final int address;
    private boolean present = true;
    private int nackNext;
    private int shortReadNext;
    private long transfers;
    private int failEvery;
    private int forcedRegister = -1;
    private int forcedValue;
    private int dropFrom = -1;
    private int dropTo = -1;

    public RegisterFileI2c(int bus, int address) {
        this.bus = bus;
        this.address = address;
    }

    @Override
    public int bus() {
        return bus;
    }

    @Override
    public int address() {
        return address;
    }

    @Override
    public void readRegisters(int register, byte[] dst, int offset, int len) throws BusException {
        fault();
        beforeRead(register, len);
        int n = len;
        if (shortReadNext > 0) {
            shortReadNext--;
            n = len / 2;
        }
        for (int i = 0; i < n; i++) {
            int r = (register + i) & 0xFF;
            dst[offset + i] = (byte) (r == forcedRegister ? forcedValue : readByte(r));
        }
        if (n < len) {
            throw new BusException(BusException.Kind.SHORT_READ, "i2c-" + bus + " 0x" + Integer.toHexString(address)
                    + ": read " + n + " of " + len + " bytes from register 0x" + Integer.toHexString(register));
        }
    }

    @Override
    public void writeRegister(int register, int value) throws BusException {
        fault();
        if (dropsWrite(register & 0xFF)) {
            return;
        }
        registers[register & 0xFF] = value & 0xFF;
        afterWrite(register & 0xFF, value & 0xFF);
    }

    @Override
    public void write(byte[] src, int offset, int len) throws BusException {
        fault();
        if (len == 0) {
            return;
        }
        int register = src[offset] & 0xFF;
        if (len == 1) {
            command(register);
            return;
        }
        for (int i = 1; i < len; i++) {
            int r = (register + i - 1) & 0xFF;
            if (dropsWrite(r)) {
                continue;
            }
            registers[r] = src[offset + i] & 0xFF;
            afterWrite(r, src[offset + i] & 0xFF);
        }
    }

    /** One byte read at {@code register}; chip fakes override for read-to-clear or FIFO registers. */
    protected int readByte(int register) {
        return registers[register];
    }

    /** Called before a burst read starting at {@code register}: refresh conversion results here. */
    protected void beforeRead(int register, int len) {
    }

    /** Called after a register write: apply resets, mode changes, self-clearing bits here. */
    protected void afterWrite(int register, int value) {
    }

    /** A lone command byte (MS5611 style); by default it only selects the register to read. */
    protected void command(int command) {
    }

    /** Sets a register directly (test set-up, chip behaviour); no fault, no side effect. */
    public final void poke(int register, int value) {
        registers[register & 0xFF] = value & 0xFF;
    }

    /** Reads a register directly (test assertions); no fault, no side effect. */
    public final int peek(int register) {
        return registers[register & 0xFF];
    }

    /** An absent chip NACKs every transfer. */
    public final void setPresent(boolean present) {
        this.present = present;
    }

    /** The next {@code n} transfers are not acknowledged. */
    public final void nackNext(int n) {
        nackNext = n;
    }

    /** The next {@code n} reads return only half the bytes asked for. */
    public final void shortReadNext(int n) {
        shortReadNext = n;
    }

    /** Every {@code n}th transfer fails with a bus error (0: never): a marginal bus or connector. */
    public final void failEvery(int n) {
        failEvery = n;
    }

    /** Reads of {@code register} return {@code value} whatever the chip holds (-1: off): a different part. */
    public final void forceRead(int register, int value) {
        forcedRegister = register;
        forcedValue = value & 0xFF;
    }

    /** Writes to registers {@code from..to} are lost (the chip acknowledges but keeps nothing): a dead output. */
    public final void dropWrites(int from, int to) {
        dropFrom = from;
        dropTo = to;
    }

    private boolean dropsWrite(int register) {
        return register >= dropFrom && register <= dropTo;
    }

    /** Bus transfers attempted so far. */
    public final long transfers() {
        return transfers;
    }

    private void fault() throws BusException {
        transfers++;
        if (!present) {
            throw new BusException(BusException.Kind.NACK, "i2c-" + bus + " 0x" + Integer.toHexString(address)
                    + ": no acknowledge (device absent)");
        }
        if (failEvery > 0 && transfers % failEvery == 0) {
            throw new BusException(BusException.Kind.IO, "i2c-" + bus + " 0x" + Integer.toHexString(address)
                    + ": bus error (transfer " + transfers + ")");
        }
        if (nackNext > 0) {
            nackNext--;
            throw new BusException(BusException.Kind.NACK, "i2c-" + bus + " 0x" + Integer.toHexString(address)
                    + ": no acknowledge");
        }
    }
}
