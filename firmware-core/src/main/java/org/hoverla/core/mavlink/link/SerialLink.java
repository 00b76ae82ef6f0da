package org.hoverla.core.mavlink.link;

import com.fazecast.jSerialComm.SerialPort;
import io.netty.channel.EventLoop;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A serial link through jSerialComm, opened by path (pseudo-terminals are not listed by
 * {@code getCommPorts()}, DESIGN §9). A reader thread blocks on the port and hands each chunk to
 * the MAVLink thread with {@code eventLoop.execute}; a writer thread drains a bounded queue so a
 * slow radio never blocks the event loop (frames beyond 256 queued are dropped and counted).
 *
 * <p>Sets {@code -Dfazecast.jSerialComm.appid=hoverla} unless already set, so JVMs with other
 * jSerialComm versions do not delete each other's native library.
 */
public final class SerialLink extends ManagedLink implements LinkEndpoint {

    private static final int QUEUE = 256;
    private static final byte[] POISON = new byte[0];

    private final SerialPort port;
    private final BlockingQueue<byte[]> outbox = new ArrayBlockingQueue<>(QUEUE);
    private final Thread reader;
    private final Thread writer;

    SerialLink(MavlinkLinkManager manager, int id, String path, int baud, EventLoop loop) {
        super(manager, id, "serial:" + path + ":" + baud);
        if (System.getProperty("fazecast.jSerialComm.appid") == null) {
            System.setProperty("fazecast.jSerialComm.appid", "hoverla");
        }
        port = SerialPort.getCommPort(path);
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, 100, 0);
        if (!port.openPort()) {
            throw new IllegalStateException("cannot open serial port " + path + " (error "
                    + port.getLastErrorCode() + ")");
        }
        reader = new Thread(() -> readLoop(loop), "mavlink-serial-rx " + path);
        writer = new Thread(this::writeLoop, "mavlink-serial-tx " + path);
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private void readLoop(EventLoop loop) {
        byte[] buf = new byte[1024];
        while (!closed) {
            int n = port.readBytes(buf, buf.length);
            if (n < 0) {
                if (!closed) {
                    loop.execute(this::close);
                }
                return;
            }
            if (n > 0) {
                byte[] chunk = Arrays.copyOf(buf, n);
                loop.execute(() -> parser.feed(chunk, 0, chunk.length));
            }
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                byte[] f = outbox.take();
                if (f == POISON || closed) {
                    return;
                }
                port.writeBytes(f, f.length);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int localPort() {
        return -1;
    }

    @Override
    boolean write(byte[] frame) {
        return outbox.offer(frame);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        outbox.clear();
        outbox.offer(POISON);
        port.closePort();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(1));
            if (Thread.currentThread() != reader) {
                reader.join(TimeUnit.SECONDS.toMillis(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        manager.unregister(this);
    }
}
