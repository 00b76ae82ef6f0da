package org.hoverla.core.boot.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Sends {@code sd_notify} messages ("READY=1", "WATCHDOG=1", "STATUS=...") to the service
 * manager's datagram socket named by {@code $NOTIFY_SOCKET}, as systemd's sd_notify(3) does.
 *
 * <p>Java 17 has Unix-domain stream channels only (JEP 380), and the protocol is one datagram per
 * message, so the datagram goes through libc's {@code socket}/{@code sendto} via JNA (already on
 * the classpath through Pi4J's linuxfs plugin) rather than through libsystemd, which a minimal
 * image may lack. Without {@code $NOTIFY_SOCKET} (not started by systemd) {@link #NONE} does
 * nothing. Thread: any, one message at a time per caller; a send opens and closes its own socket.
 */
public class SystemdNotifier {
    /** A notifier for a process systemd did not start: every message is dropped. */
    public static final SystemdNotifier NONE = new SystemdNotifier(null);

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(sockaddr_un.sun_path) on Linux. */
    private static final int SUN_PATH_MAX = 108;

    /** The libc calls needed, mapped by JNA. */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        NativeLong sendto(int fd, byte[] buf, NativeLong len, int flags, byte[] addr, int addrLen)
                throws LastErrorException;

        int close(int fd);
    }

    private static volatile LibC libc;

    private final String socketPath;

    SystemdNotifier(String socketPath) {
        this.socketPath = socketPath;
    }

    /** @return a notifier for {@code $NOTIFY_SOCKET} in {@code env}, or {@link #NONE} when it is unset or empty */
    public static SystemdNotifier fromEnvironment(Map<String, String> env) {
        String path = env.get("NOTIFY_SOCKET");
        return path == null || path.isEmpty() ? NONE : new SystemdNotifier(path);
    }

    /** @return whether messages go anywhere (the process was started by systemd with a notify socket) */
    public boolean enabled() {
        return socketPath != null;
    }

    /** @return the socket messages are sent to, or null for {@link #NONE} */
    public String socketPath() {
        return socketPath;
    }

    /**
     * Sends one message (newline-separated assignments, e.g. {@code "READY=1\nSTATUS=flying"}).
     *
     * @return whether it was sent; false without a socket or when the send failed (the service
     *         manager is gone or the socket is full: nothing the vehicle can do about it)
     */
    public boolean notify(String state) {
        if (socketPath == null) {
            return false;
        }
        byte[] message = state.getBytes(StandardCharsets.UTF_8);
        byte[] address = sockaddrUn(socketPath);
        LibC c = libc();
        int fd;
        try {
            fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            return false;
        }
        try {
            return c.sendto(fd, message, new NativeLong(message.length), MSG_NOSIGNAL, address, address.length)
                    .longValue() == message.length;
        } catch (LastErrorException e) {
            return false;
        } finally {
            c.close(fd);
        }
    }

    /**
     * A {@code struct sockaddr_un} for a socket path; a leading '@' names Linux's abstract
     * namespace (a NUL first byte), as sd_notify(3) documents for {@code $NOTIFY_SOCKET}.
     *
     * @throws IllegalArgumentException when the path does not fit sun_path
     */
    static byte[] sockaddrUn(String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = p.length > 0 && p[0] == '@';
        if (p.length > SUN_PATH_MAX - (abstractName ? 0 : 1)) {
            throw new IllegalArgumentException("socket path longer than " + SUN_PATH_MAX + " bytes: " + path);
        }
        // sa_family_t (unsigned short, host order) then the path: NUL-terminated for a file,
        // exactly its length for an abstract name (whose NUL bytes would be part of the name).
        ByteBuffer b = ByteBuffer.allocate(2 + p.length + (abstractName ? 0 : 1)).order(ByteOrder.nativeOrder());
        b.putShort((short) AF_UNIX);
        b.put(p);
        byte[] out = b.array();
        if (abstractName) {
            out[2] = 0;
        }
        return out;
    }

    private static LibC libc() {
        LibC c = libc;
        if (c == null) {
            c = Native.load("c", LibC.class);
            libc = c;
        }
        return c;
    }
}
