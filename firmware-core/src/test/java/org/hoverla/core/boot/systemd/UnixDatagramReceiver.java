package org.hoverla.core.boot.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real AF_UNIX datagram socket bound to a path, standing in for systemd's notify socket in
 * tests: what the notifier sends arrives here as one datagram per message.
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

    UnixDatagramReceiver(Path path) {
        this.path = path;
        fd = C.socket(1, 2, 0);
        byte[] addr = SystemdNotifier.sockaddrUn(path.toString());
        C.bind(fd, addr, addr.length);
    }

    /** @return every datagram waiting now, without blocking */
    List<String> drain() {
        List<String> out = new ArrayList<>();
        byte[] buf = new byte[4096];
        while (true) {
            long n = C.recv(fd, buf, new NativeLong(buf.length), MSG_DONTWAIT).longValue();
            if (n < 0) {
                return out;
            }
            out.add(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        C.close(fd);
    }
}
