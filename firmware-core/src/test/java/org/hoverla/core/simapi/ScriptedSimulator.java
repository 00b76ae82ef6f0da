package org.hoverla.core.simapi;

import io.dronefleet.mavlink.MavlinkMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.hoverla.core.mavlink.link.LinkStats;
import org.hoverla.core.mavlink.link.MavlinkCrc;
import org.hoverla.core.mavlink.link.MavlinkFrame;
import org.hoverla.core.mavlink.link.MavlinkFrameEncoder;
import org.hoverla.core.mavlink.link.MavlinkFrameParser;
import org.hoverla.core.mavlink.link.MavlinkMessageDecoder;
import org.hoverla.core.mavlink.link.MavlinkMessageTable;

/**
 * A scripted external simulator for tests: listens on an ephemeral loopback port, accepts the
 * vehicle, writes the frames a test gives it (MAVLink 2, MAVLink 1 or raw bytes) and queues every
 * payload the vehicle sends. Every wait is bounded.
 */
final class ScriptedSimulator implements AutoCloseable {
    static final long WAIT_MS = 5000;

    private final ServerSocket server;
    private final MavlinkMessageTable table = MavlinkMessageTable.common();
    private final MavlinkFrameEncoder encoder = new MavlinkFrameEncoder(table);
    private final java.util.List<Object> received = new java.util.ArrayList<>();
    private volatile Socket client;
    private Thread reader;

    ScriptedSimulator() throws IOException {
        this(0);
    }

    ScriptedSimulator(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server.setSoTimeout((int) WAIT_MS);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Waits (bounded) for the vehicle to connect and starts reading what it sends. */
    void accept() throws IOException {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        client = s;
        MavlinkMessageDecoder decoder = new MavlinkMessageDecoder();
        MavlinkFrameParser parser = new MavlinkFrameParser(table, new LinkStats(), (MavlinkFrame f) -> {
            MavlinkMessage<?> m = decoder.decode(f);
            if (m != null) {
                synchronized (received) {
                    received.add(m.getPayload());
                    received.notifyAll();
                }
            }
        });
        reader = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                InputStream in = s.getInputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    parser.feed(buf, 0, n);
                }
            } catch (IOException e) {
                // closed
            }
        }, "scripted-simulator");
        reader.setDaemon(true);
        reader.start();
    }

    void send(Object payload) throws IOException {
        sendBytes(encoder.encode(1, 51, payload));
    }

    /** Sends a MAVLink 1 frame (full base-length payload, no extensions). */
    void sendV1(Object payload) throws IOException {
        MavlinkFrameEncoder.Payload p = encoder.serialize(payload);
        MavlinkMessageTable.Entry e = table.get(p.messageId());
        byte[] pl = Arrays.copyOf(p.bytes(), e.baseLength());
        byte[] f = new byte[6 + pl.length + 2];
        f[0] = (byte) MavlinkFrame.MAGIC_V1;
        f[1] = (byte) pl.length;
        f[2] = 0;
        f[3] = 1;
        f[4] = 51;
        f[5] = (byte) p.messageId();
        System.arraycopy(pl, 0, f, 6, pl.length);
        int crc = MavlinkCrc.frameCrc(f, 1, 5 + pl.length, p.crcExtra());
        f[6 + pl.length] = (byte) crc;
        f[7 + pl.length] = (byte) (crc >>> 8);
        sendBytes(f);
    }

    byte[] encode(Object payload) {
        return encoder.encode(1, 51, payload);
    }

    void sendBytes(byte[] bytes) throws IOException {
        OutputStream o = client.getOutputStream();
        o.write(bytes);
        o.flush();
    }

    /** The oldest unread payload of {@code type} the vehicle sent (others stay queued), or null after the bound. */
    <T> T next(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        synchronized (received) {
            while (true) {
                for (java.util.Iterator<Object> it = received.iterator(); it.hasNext(); ) {
                    Object o = it.next();
                    if (type.isInstance(o)) {
                        it.remove();
                        return type.cast(o);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
        }
    }

    /** Closes the vehicle's connection (the server keeps listening). */
    void dropClient() throws IOException {
        Socket s = client;
        if (s != null) {
            s.close();
        }
        synchronized (received) {
            received.clear();
        }
    }

    @Override
    public void close() throws IOException {
        dropClient();
        server.close();
    }
}
