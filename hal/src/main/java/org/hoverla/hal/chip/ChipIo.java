package org.hoverla.hal.chip;

import java.util.concurrent.locks.LockSupport;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.I2cDevice;

/**
 * Small helpers the chip backends share: register byte decoding, hex for messages, and the
 * start-up error for a failed probe transfer. The decoders are allocation-free (read path); the
 * formatters allocate and are for probe messages only.
 */
final class ChipIo {
    private ChipIo() {
    }

    /** Unsigned 16-bit little-endian word at {@code offset}. */
    static int u16le(byte[] b, int offset) {
        return (b[offset] & 0xFF) | ((b[offset + 1] & 0xFF) << 8);
    }

    /** Signed 16-bit little-endian word at {@code offset}. */
    static int s16le(byte[] b, int offset) {
        return (short) u16le(b, offset);
    }

    /** Signed 16-bit big-endian word at {@code offset} (InvenSense data registers and FIFO). */
    static int s16be(byte[] b, int offset) {
        return (short) (((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF));
    }

    /**
     * True when {@code data[offset..offset+len)} equals {@code previous[0..len)}; copies the new
     * bytes into {@code previous} where they differ, so the next call compares against this read.
     */
    static boolean sameAsPrevious(byte[] previous, byte[] data, int offset, int len) {
        boolean same = true;
        for (int i = 0; i < len; i++) {
            if (previous[i] != data[offset + i]) {
                same = false;
                previous[i] = data[offset + i];
            }
        }
        return same;
    }

    static String hex2(int v) {
        return String.format("%02x", v);
    }

    static String hex4(int v) {
        return String.format("%04x", v);
    }

    /**
     * The probe error for a failed transfer: "absent (no acknowledge)" on a NACK, else
     * "bus error {@code when}: message".
     */
    static ProbeException probeFailure(String where, BusException e, String when) {
        return new ProbeException(where + (e.kind() == BusException.Kind.NACK
                ? ": absent (no acknowledge)" : ": bus error " + when + ": " + e.getMessage()), e);
    }

    /** One register byte, read through {@code scratch[0]}. */
    static int readRegister(I2cDevice dev, int register, byte[] scratch) throws BusException {
        dev.readRegisters(register, scratch, 0, 1);
        return scratch[0] & 0xFF;
    }

    /** Start-up check that a written register kept its value. */
    static void expectRegister(I2cDevice dev, String where, int register, int expected, byte[] scratch)
            throws BusException, ProbeException {
        int value = readRegister(dev, register, scratch);
        if (value != expected) {
            throw new ProbeException(where + ": register 0x" + hex2(register) + " reads 0x" + hex2(value)
                    + " after writing 0x" + hex2(expected));
        }
    }

    /** Start-up only: sleeps on the wall clock; an interrupt aborts the probe. */
    static void sleepMs(String where, long ms) throws ProbeException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeException(where + ": interrupted during start-up", e);
        }
    }

    /** Start-up waits of the IMU probes: parks until {@code ns} of wall-clock time have passed. */
    static void sleepWallClock(long ns) {
        long deadline = System.nanoTime() + ns;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
