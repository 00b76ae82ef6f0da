package org.hoverla.hal.fake;

import org.hoverla.hal.bus.BusException;

/**
 * An MS5611 on SPI: the first byte clocked in is the command (reset 0x1E, conversions 0x40..0x58,
 * ADC read 0x00 followed by 3 reply bytes, PROM read 0xA0..0xAE followed by 2); the chip's
 * behaviour is {@link Ms5611Model}'s. The chip has no registers, so this fake decodes commands
 * itself and only borrows {@link RegisterFileSpi}'s fault injection (failed transfer; absent =
 * MISO floating high, all ones).
 */
public class FakeMs5611Spi extends RegisterFileSpi implements FakeMs5611Controls {
    private final Ms5611Model model;
    private final byte[] probeTx = new byte[1];
    private final byte[] probeRx = new byte[1];

    public FakeMs5611Spi(int bus, int chipSelect, long seed) {
        super(bus, chipSelect);
        model = new Ms5611Model(seed);
    }

    @Override
    public void transfer(byte[] tx, byte[] rx, int len) throws BusException {
        // A one-byte no-op transfer through the register file applies its faults and counts the
        // transfer: it throws on an injected failure and answers 0xFF when the chip is absent.
        super.transfer(probeTx, probeRx, 1);
        if (len == 0) {
            return;
        }
        if ((probeRx[0] & 0xFF) == 0xFF) {
            for (int i = 0; i < len; i++) {
                rx[i] = (byte) 0xFF;
            }
            return;
        }
        int cmd = tx[0] & 0xFF;
        rx[0] = (byte) 0xFE;
        for (int i = 1; i < len; i++) {
            rx[i] = 0;
        }
        if (cmd == 0x00) {
            int adc = model.readAdc();
            for (int i = 1; i < len && i <= 3; i++) {
                rx[i] = (byte) (adc >>> (8 * (3 - i)));
            }
        } else if (cmd >= 0xA0 && cmd <= 0xAE && (cmd & 1) == 0) {
            int w = model.readProm((cmd - 0xA0) >> 1);
            if (len > 1) {
                rx[1] = (byte) (w >>> 8);
            }
            if (len > 2) {
                rx[2] = (byte) w;
            }
        } else {
            model.command(cmd);
        }
    }

    @Override
    public Ms5611Model model() {
        return model;
    }
}
