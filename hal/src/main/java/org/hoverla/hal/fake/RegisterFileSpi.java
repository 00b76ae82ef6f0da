package org.hoverla.hal.fake;

import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.SpiDevice;

/**
 * A register chip on SPI (InvenSense and Bosch convention: first byte is the register address,
 * bit 7 set for a read; the following bytes are data, auto-incrementing), faked as a 256-byte
 * register file. Chip fakes extend it as with {@link RegisterFileI2c}. Faults: absent (the bus
 * reads all ones, as a floating MISO line does: SPI has no acknowledge), and a failed transfer.
 */
public class RegisterFileSpi implements SpiDevice {
    protected final int[] registers = new int[256];
    private final int bus;
    private final int chipSelect;
    private boolean present = true;
    private int failNext;
    private long transfers;
    private int failEvery;
    private int forcedRegister = -1;
    private int forcedValue;

    public RegisterFileSpi(int bus, int chipSelect) {
        this.bus = bus;
        this.chipSelect = chipSelect;
    }

    @Override
    public int bus() {
        return bus;
    }

    @Override
    public int chipSelect() {
        return chipSelect;
    }

    @Override
    public void transfer(byte[] tx, byte[] rx, int len) throws BusException {
        transfers++;
        if (failEvery > 0 && transfers % failEvery == 0) {
            throw new BusException(BusException.Kind.IO, "spi" + bus + "." + chipSelect + ": transfer " + transfers
                    + " failed");
        }
        if (failNext > 0) {
            failNext--;
            throw new BusException(BusException.Kind.IO, "spi" + bus + "." + chipSelect + ": transfer failed");
        }
        if (len == 0) {
            return;
        }
        if (!present) {
            for (int i = 0; i < len; i++) {
                rx[i] = (byte) 0xFF;
            }
            return;
        }
        int first = tx[0] & 0xFF;
        int register = first & 0x7F;
        rx[0] = 0;
        if ((first & 0x80) != 0) {
            beforeRead(register, len - 1);
            for (int i = 1; i < len; i++) {
                int r = (register + i - 1) & 0x7F;
                rx[i] = (byte) (r == forcedRegister ? forcedValue : readByte(r));
            }
        } else {
            for (int i = 1; i < len; i++) {
                int r = (register + i - 1) & 0x7F;
                registers[r] = tx[i] & 0xFF;
                rx[i] = 0;
                afterWrite(r, tx[i] & 0xFF);
            }
        }
    }

    protected int readByte(int register) {
        return registers[register];
    }

    protected void beforeRead(int register, int len) {
    }

    protected void afterWrite(int register, int value) {
    }

    public final void poke(int register, int value) {
        registers[register & 0xFF] = value & 0xFF;
    }

    public final int peek(int register) {
        return registers[register & 0xFF];
    }

    public final void setPresent(boolean present) {
        this.present = present;
    }

    public final void failNext(int n) {
        failNext = n;
    }

    /** Every {@code n}th transfer fails (0: never): a marginal bus or connector. */
    public final void failEvery(int n) {
        failEvery = n;
    }

    /** Reads of {@code register} return {@code value} whatever the chip holds (-1: off): a different part. */
    public final void forceRead(int register, int value) {
        forcedRegister = register;
        forcedValue = value & 0xFF;
    }

    public final long transfers() {
        return transfers;
    }
}
