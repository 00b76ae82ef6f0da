package org.hoverla.core.mavlink.link;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.Locale;

/**
 * The Netty transport of the MAVLink UDP and TCP links: epoll where its native library loads
 * (Linux x86-64 and aarch64; the vehicle artifact carries both), otherwise NIO, chosen once per
 * JVM. Epoll wakes the MAVLink thread with {@code epoll_wait}'s microsecond-capable timeout and
 * no selector garbage; NIO stays the fallback, with one warning naming why epoll did not load.
 * {@code -Dhoverla.mavlink.transport=nio} forces NIO (to compare, or to rule epoll out).
 *
 * <p>Immutable; any thread.
 */
enum NettyTransport {
    EPOLL("epoll"), NIO("nio");

    /** The system property that forces a transport ({@code nio} or {@code epoll}). */
    static final String PROPERTY = "hoverla.mavlink.transport";

    private static volatile NettyTransport chosen;

    private final String label;

    NettyTransport(String label) {
        this.label = label;
    }

    /** The transport of this JVM: decided at the first call, with one log line if epoll is not used on Linux. */
    static NettyTransport current() {
        NettyTransport t = chosen;
        if (t == null) {
            synchronized (NettyTransport.class) {
                t = chosen;
                if (t == null) {
                    t = choose();
                    chosen = t;
                }
            }
        }
        return t;
    }

    private static NettyTransport choose() {
        String forced = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        if (forced.equals("nio")) {
            return NIO;
        }
        String why;
        try {
            if (Epoll.isAvailable()) {
                return EPOLL;
            }
            Throwable cause = Epoll.unavailabilityCause();
            why = cause == null ? "unknown cause" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        } catch (LinkageError e) {
            why = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (forced.equals("epoll") || System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            org.slf4j.LoggerFactory.getLogger(NettyTransport.class).warn(
                    "MAVLink links fall back to NIO: epoll did not load on {} ({})", System.getProperty("os.arch"), why);
        }
        return NIO;
    }

    /** {@code epoll} or {@code nio}. */
    String label() {
        return label;
    }

    IoHandlerFactory ioHandlerFactory() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    Class<? extends DatagramChannel> datagramChannel() {
        return this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
