package org.hoverla.hal.bus;

import com.fazecast.jSerialComm.SerialPort;

/**
 * {@link UartPort} over jSerialComm.
 *
 * <p>The port is opened by path ({@link SerialPort#getCommPort(String)}), because
 * {@code SerialPort.getCommPorts()} does not list pseudo-terminals and a board file names its
 * device anyway. Framing is 8N1 by default; parity and stop bits can be set for receivers that need
 * them (SBUS is 100000 baud 8E2). Reads use jSerialComm's semi-blocking mode: they return as soon
 * as at least one byte is there, or after the timeout with 0. The read timeout is only pushed to
 * the native side when it changes, so a driver that always reads with the same timeout makes one
 * plain native call per read. jSerialComm reports a failed or vanished port as -1 from
 * {@code readBytes}/{@code writeBytes}; that becomes a {@link BusException}.
 *
 * <p>Sets {@code fazecast.jSerialComm.appid=hoverla} unless already set (as firmware-core's
 * SerialLink does), so JVMs with another jSerialComm version do not delete each other's native
 * library (DESIGN.md, libraries table).
 *
 * <p>Threads: one driver thread; not safe for concurrent reads.
 */
public final class JSerialCommUart implements UartPort {

    /** Parity setting (jSerialComm's constants behind it). */
    public enum Parity {
        NONE(SerialPort.NO_PARITY), EVEN(SerialPort.EVEN_PARITY), ODD(SerialPort.ODD_PARITY);

        final int code;

        Parity(int code) {
            this.code = code;
        }
    }

    private final SerialPort port;
    private final String path;
    private int readTimeoutMs = -1;
    private volatile boolean closed;

    private JSerialCommUart(SerialPort port, String path) {
        this.port = port;
        this.path = path;
    }

    /** Opens {@code path} at {@code baud}, 8N1, no flow control. */
    public static JSerialCommUart open(String path, int baud) throws BusException {
        return open(path, baud, Parity.NONE, 1);
    }

    /**
     * Opens {@code path} at {@code baud} with 8 data bits, the given parity and 1 or 2 stop bits,
     * no flow control.
     *
     * @throws BusException when the device does not exist or cannot be opened or configured
     */
    public static JSerialCommUart open(String path, int baud, Parity parity, int stopBits) throws BusException {
        if (baud <= 0) {
            throw new IllegalArgumentException("baud must be positive: " + baud);
        }
        if (stopBits != 1 && stopBits != 2) {
            throw new IllegalArgumentException("stop bits must be 1 or 2: " + stopBits);
        }
        if (System.getProperty("fazecast.jSerialComm.appid") == null) {
            System.setProperty("fazecast.jSerialComm.appid", "hoverla");
        }
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (RuntimeException e) {
            // jSerialComm throws SerialPortInvalidPortException for a path it cannot resolve.
            throw new BusException(BusException.Kind.IO, "no serial port at " + path, e);
        }
        port.setComPortParameters(baud, 8, stopBits == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT,
                parity.code);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, 100, 0);
        if (!port.openPort()) {
            throw new BusException(BusException.Kind.IO,
                    "cannot open serial port " + path + " (error " + port.getLastErrorCode() + ")");
        }
        JSerialCommUart uart = new JSerialCommUart(port, path);
        uart.readTimeoutMs = 100;
        return uart;
    }

    @Override
    public int read(byte[] dst, int off, int len, int timeoutMs) throws BusException {
        if (closed) {
            throw new BusException(BusException.Kind.IO, path + " is closed");
        }
        if (len == 0) {
            return 0;
        }
        if (timeoutMs != readTimeoutMs) {
            // jSerialComm treats a 0 semi-blocking timeout as "wait forever"; 1 ms is the shortest bounded wait.
            int t = Math.max(1, timeoutMs);
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, t, 0);
            readTimeoutMs = timeoutMs;
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
        writeFully(port, path, src, off, len);
    }

    /** Blocking write of all {@code len} bytes through jSerialComm; shared with {@link AnyRateUart}. */
    static void writeFully(SerialPort port, String path, byte[] src, int off, int len) throws BusException {
        int done = 0;
        while (done < len) {
            int n = port.writeBytes(src, len - done, off + done);
            if (n <= 0) {
                // A blocking write that moved nothing is a dead port; retrying would spin.
                throw new BusException(BusException.Kind.IO, "write failed on " + path + " (port gone?)");
            }
            done += n;
        }
    }

    @Override
    public void setBaud(int baud) throws BusException {
        if (baud <= 0) {
            throw new IllegalArgumentException("baud must be positive: " + baud);
        }
        if (!port.setBaudRate(baud)) {
            throw new BusException(BusException.Kind.IO, "cannot set " + baud + " baud on " + path);
        }
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
