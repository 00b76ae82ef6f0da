package org.hoverla.core.mavlink.link;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * A UDP link: one bound local socket. Sends to the address that last sent to us (as PX4 does);
 * until someone has, to the fixed remote if one is configured, otherwise frames are dropped and
 * counted. Each datagram is parsed on its own (a frame never spans datagrams).
 */
public final class UdpLink extends ManagedLink implements LinkEndpoint {

    private final InetSocketAddress fixedRemote;
    private volatile InetSocketAddress lastPeer;
    private volatile Channel channel;

    UdpLink(MavlinkLinkManager manager, int id, String name, InetSocketAddress fixedRemote) {
        super(manager, id, name);
        this.fixedRemote = fixedRemote;
    }

    void attach(Channel ch) {
        this.channel = ch;
        ch.closeFuture().addListener(f -> closed = true);
    }

    SimpleChannelInboundHandler<DatagramPacket> handler() {
        return new SimpleChannelInboundHandler<>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                lastPeer = packet.sender();
                parser.feed(packet.content());
                parser.endOfDatagram();
            }
        };
    }

    /** The address frames currently go to, or null if none is known. */
    public InetSocketAddress peer() {
        InetSocketAddress p = lastPeer;
        return p != null ? p : fixedRemote;
    }

    @Override
    public int localPort() {
        Channel ch = channel;
        return ch == null ? -1 : ((InetSocketAddress) ch.localAddress()).getPort();
    }

    @Override
    boolean write(byte[] frame) {
        InetSocketAddress to = peer();
        Channel ch = channel;
        if (to == null || ch == null) {
            return false;
        }
        ch.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(frame), to), ch.voidPromise());
        return true;
    }

    @Override
    public void close() {
        closed = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
        manager.unregister(this);
    }
}
