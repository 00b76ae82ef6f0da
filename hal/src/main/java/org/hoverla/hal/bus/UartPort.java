package org.hoverla.hal.bus;

/**
 * A serial port (UART) as a driver thread sees it: bytes in with a bounded wait, bytes out.
 *
 * <p>Contract: {@link #read} waits at most {@code timeoutMs} for the first byte and returns what
 * has arrived (possibly fewer than {@code len}), or 0 when nothing came in time; it never blocks
 * longer. A port that has gone away (USB receiver unplugged, device node removed) answers with a
 * {@link BusException} of kind {@link BusException.Kind#IO}, never with a silent 0 forever.
 *
 * <p>Threads: one driver thread reads; writes may come from the same thread (configuration
 * exchanges). Implementations allocate nothing per {@link #read} or {@link #write}.
 */
public interface UartPort extends AutoCloseable {

    /**
     * Reads up to {@code len} bytes into {@code dst[off, off+len)}.
     *
     * @param timeoutMs longest wait for the first byte, ms (an implementation may round 0 up to its
     *                  shortest bounded wait; jSerialComm: 1 ms)
     * @return the number of bytes read, 0 on timeout
     * @throws BusException when the port failed or vanished
     */
    int read(byte[] dst, int off, int len, int timeoutMs) throws BusException;

    /** Writes {@code src[off, off+len)} completely, or throws. */
    void write(byte[] src, int off, int len) throws BusException;

    /** Changes the baud rate (bit/s) of an open port; framing stays as it was. */
    void setBaud(int baud) throws BusException;

    /** The device path this port was opened on, e.g. {@code /dev/ttyAMA0}. */
    String path();

    /** Closes the port; idempotent, never throws. */
    @Override
    void close();
}
