package org.hoverla.hal.bus;

import com.fazecast.jSerialComm.SerialPort;

/**
 * A {@link UartPort} over jSerialComm that also works at non-standard line rates (CRSF 420 000
 * baud, SBUS 100 000 baud 8E2), for drivers that read with one fixed timeout (RC receivers).
 *
 * <p>jSerialComm 2.11.2 fails to open a Linux tty at a rate termios has no constant for (see
 * {@link LinuxCustomBaud}), and it rewrites the rate each time it configures the port, timeouts
 * included. So this class configures everything once before opening, with a standard placeholder
 * rate (38 400 baud) and the wanted parity and stop bits, opens, and then sets the real rate with
 * {@link LinuxCustomBaud}; it never reconfigures an open port, so the read timeout is fixed at
 * {@link #open}. Standard rates go through jSerialComm alone.
 *
 * <p>Reads are semi-blocking (return as soon as a byte is there, or 0 after the timeout); a failed
 * or vanished port answers -1, which becomes a {@link BusException}. Writes block until done.
 *
 * <p>Threads: one driver thread reads and writes.
 */
public final class AnyRateUart implements UartPort {
    /** The rates termios names (Linux {@code B*} constants) up to 4 Mbaud; jSerialComm sets these itself. */
    private static final int[] STANDARD = {50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200,
        38400, 57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000, 1152000, 1500000, 2000000, 2500000,
        3000000, 3500000, 4000000};
    private static final int PLACEHOLDER_BAUD = 38400;

    private final SerialPort port;
    private final String path;
    private final int readTimeoutMs;
    private final int baud;
    private volatile boolean closed;

    private AnyRateUart(SerialPort port, String path, int readTimeoutMs, int baud) {
        this.port = port;
        this.path = path;
        this.readTimeoutMs = readTimeoutMs;
        this.baud = baud;
    }

    /** Whether termios has a constant for the rate (jSerialComm can set it alone). */
    public static boolean isStandardRate(int baud) {
        for (int s : STANDARD) {
            if (s == baud) {
                return true;
            }
        }
        return false;
    }

    /**
     * Opens {@code path} with 8 data bits, the given parity and stop bits, no flow control, at
     * {@code baud}, reads waiting at most {@code readTimeoutMs} (≥ 1).
     *
     * @throws BusException when the device is missing, cannot be opened, or refuses the rate
     */
    public static AnyRateUart open(String path, int baud, JSerialCommUart.Parity parity, int stopBits,
                                   int readTimeoutMs) throws BusException {
        if (baud <= 0 || readTimeoutMs < 1 || (stopBits != 1 && stopBits != 2)) {
            throw new IllegalArgumentException("bad serial settings: " + baud + " baud, " + stopBits
                    + " stop bits, read timeout " + readTimeoutMs + " ms");
        }
        if (System.getProperty("fazecast.jSerialComm.appid") == null) {
            System.setProperty("fazecast.jSerialComm.appid", "hoverla");
        }
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (RuntimeException e) {
            throw new BusException(BusException.Kind.IO, "no serial port at " + path, e);
        }
        boolean standard = isStandardRate(baud);
        port.setComPortParameters(standard ? baud : PLACEHOLDER_BAUD, 8,
                stopBits == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT, parity.code);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                readTimeoutMs, 0);
        if (!port.openPort()) {
            throw new BusException(BusException.Kind.IO,
                    "cannot open serial port " + path + " (error " + port.getLastErrorCode() + ")");
        }
        if (!standard) {
            try {
                int actual = LinuxCustomBaud.set(path, baud);
                if (actual != baud) {
                    throw new BusException(BusException.Kind.IO, path + " runs at " + actual + " baud, not " + baud);
                }
            } catch (BusException e) {
                port.closePort();
                throw e;
            }
        }
        return new AnyRateUart(port, path, readTimeoutMs, baud);
    }

    /** The line rate set at open. */
    public int baud() {
        return baud;
    }

    /** Reads with the timeout fixed at {@link #open}; {@code timeoutMs} is ignored (reconfiguring would reset the rate). */
    @Override
    public int read(byte[] dst, int off, int len, int timeoutMs) throws BusException {
        if (closed) {
            throw new BusException(BusException.Kind.IO, path + " is closed");
        }
        if (len == 0) {
            return 0;
        }
        int n = port.readBytes(dst, len, off);
        if (n < 0) {
            throw new BusException(BusException.Kind.IO, "read failed on " + path + " (port gone?)");
        }
        return n;
    }

    @Override
    public void write(byte[] src, int off, int len) throws BusException {
        if (closed) {
            throw new BusException(BusException.Kind.IO, path + " is closed");
        }
        JSerialCommUart.writeFully(port, path, src, off, len);
    }

    /** Not supported: an RC receiver's rate is fixed by its protocol. */
    @Override
    public void setBaud(int baud) throws BusException {
        throw new BusException(BusException.Kind.IO, "the rate of " + path + " is fixed at open (" + this.baud + " baud)");
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            port.closePort();
        }
    }
}
