package org.hoverla.deploy;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real AF_UNIX datagram socket bound to a path: systemd's notify socket as far as the vehicle
 * runtime under test can tell ({@code NOTIFY_SOCKET} names it).
 */
final class UnixDatagramReceiver implements AutoCloseable {
    private static final int MSG_DONTWAIT = 0x40;

    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] addr, int addrLen) throws LastErrorException;

        NativeLong recv(int fd, byte[] buf, NativeLong len, int flags);

        int close(int fd);
    }

    private static final LibC C = Native.load("c", LibC.class);
    private final int fd;
    final Path path;
    private final List<String> received = new ArrayList<>();

    UnixDatagramReceiver(Path path) {
        this.path = path;
        byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer addr = ByteBuffer.allocate(2 + p.length + 1).order(ByteOrder.nativeOrder());
        addr.putShort((short) 1).put(p);
        fd = C.socket(1, 2, 0);
        C.bind(fd, addr.array(), addr.capacity());
    }

    /** @return every message received so far (those waiting are read first, without blocking) */
    List<String> received() {
        byte[] buf = new byte[4096];
        while (true) {
            long n = C.recv(fd, buf, new NativeLong(buf.length), MSG_DONTWAIT).longValue();
            if (n < 0) {
                return List.copyOf(received);
            }
            received.add(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        C.close(fd);
    }
}
