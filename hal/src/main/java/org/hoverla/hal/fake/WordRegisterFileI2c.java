package org.hoverla.hal.fake;

import org.hoverla.hal.bus.BusException;

/**
 * A chip with 16-bit registers behind an 8-bit pointer, most significant byte first (TI ADS1115,
 * INA226): a write frame is pointer, MSB, LSB; a read returns the word the pointer selects, which
 * the chip latches when the read starts. Faults and transfer counts are {@link RegisterFileI2c}'s.
 */
abstract class WordRegisterFileI2c extends RegisterFileI2c {
    final int[] words = new int[256];
    private int latched;
    private int byteIndex;

    WordRegisterFileI2c(int bus, int address) {
        super(bus, address);
    }

    /** A register write: pointer byte {@code register}, 16-bit {@code value}. */
    abstract void writeWord(int register, int value);

    @Override
    public void write(byte[] src, int offset, int len) throws BusException {
        super.write(src, offset, len); // faults, transfer count
        if (len >= 3) {
            int register = src[offset] & 0xFF;
            int value = ((src[offset + 1] & 0xFF) << 8) | (src[offset + 2] & 0xFF);
            writeWord(register, value);
        }
    }

    /** The word the read now starting returns, MSB first. */
    final void latch(int word) {
        latched = word;
        byteIndex = 0;
    }

    @Override
    protected int readByte(int register) {
        int b = (byteIndex++ & 1) == 0 ? latched >> 8 : latched;
        return b & 0xFF;
    }
}
