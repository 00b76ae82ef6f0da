package org.hoverla.core.mavlink.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP server (e.g. port 5760). Every accepted client becomes its own {@link Client} link with
 * its own parser, statistics and sequence numbers, named {@code tcp:PORT#n}; it leaves the
 * manager when the client disconnects. Writes to a client whose socket buffer is above the high
 * water mark are dropped and counted instead of queued without bound.
 */
public final class TcpServerLink implements LinkEndpoint {

    private final MavlinkLinkManager manager;
    private final String name;
    private volatile Channel serverChannel;
    private final List<Client> clients = new ArrayList<>();
    private int accepted;

    private final org.hoverla.core.mavlink.StreamProfile profile;
    private final int instance;

    TcpServerLink(MavlinkLinkManager manager, String name, org.hoverla.core.mavlink.StreamProfile profile,
                  int instance) {
        this.manager = manager;
        this.name = name;
        this.profile = profile;
        this.instance = instance;
    }

    void attach(Channel ch) {
        this.serverChannel = ch;
    }

    /** Called on the event loop for each accepted socket. */
    void accept(Channel ch) {
        int n;
        synchronized (clients) {
            n = ++accepted;
        }
        Client c = new Client(manager, manager.nextLinkId(), "tcp:" + localPort() + "#" + n, ch);
        c.streamProfile = profile;
        c.instance = instance;
        synchronized (clients) {
            clients.add(c);
        }
        ch.pipeline().addLast(c.handler());
        manager.register(c);
        ch.closeFuture().addListener(f -> {
            c.closed = true;
            synchronized (clients) {
                clients.remove(c);
            }
            manager.unregister(c);
        });
    }

    /** Connected clients (a snapshot). */
    public List<Client> clients() {
        synchronized (clients) {
            return List.copyOf(clients);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int localPort() {
        Channel ch = serverChannel;
        return ch == null ? -1 : ((InetSocketAddress) ch.localAddress()).getPort();
    }

    @Override
    public void close() {
        Channel ch = serverChannel;
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
        for (Client c : clients()) {
            c.close();
        }
    }

    /** One accepted TCP client: a link of its own. */
    public static final class Client extends ManagedLink {
        private final Channel channel;

        Client(MavlinkLinkManager manager, int id, String name, Channel channel) {
            super(manager, id, name);
            this.channel = channel;
        }

        ChannelInboundHandlerAdapter handler() {
            return new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ByteBuf b = (ByteBuf) msg;
                    try {
                        parser.feed(b);
                    } finally {
                        b.release();
                    }
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    ctx.close();
                }
            };
        }

        /** The client's remote address. */
        public InetSocketAddress remoteAddress() {
            return (InetSocketAddress) channel.remoteAddress();
        }

        @Override
        boolean write(byte[] frame) {
            if (!channel.isActive() || !channel.isWritable()) {
                return false;
            }
            channel.writeAndFlush(Unpooled.wrappedBuffer(frame), channel.voidPromise());
            return true;
        }

        @Override
        public void close() {
            closed = true;
            channel.close().syncUninterruptibly();
            manager.unregister(this);
        }
    }
}
