package org.hoverla.core.mavlink.link;

import io.dronefleet.mavlink.MavlinkMessage;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkOutput;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.time.Clock;

/**
 * The vehicle's MAVLink links, their router and its services, on one thread.
 *
 * <p>Owns one single-threaded Netty event loop (epoll where it loads, else NIO), the MAVLink thread, created by
 * {@link #start()} and shut down by {@link #close()}. Every link's bytes are parsed there; each
 * valid frame is then
 * <ul>
 *   <li>delivered to every {@link MavlinkService} if it is addressed to us: its
 *       {@code target_system} is 0 or our system id, or it has no target fields at all
 *       (frames carrying our own system and component id are echoes and are ignored);</li>
 *   <li>forwarded unchanged (original ids, sequence and signature) as mavlink-router does: a
 *       frame for another system goes to the links on which that system has been seen (learned
 *       from the source ids of incoming traffic); a broadcast (target 0 or no target field) goes
 *       to every other link; nothing goes back to the link it came from.</li>
 * </ul>
 * Services also get {@link MavlinkService#tick(long)} at 50 Hz, and {@link FlightPoller}s run after
 * every turn of the event loop (which polls at a short interval while they await the flight
 * thread, for at most {@link #MAX_PENDING_POLL_WALL_NS} of wall time per pending stretch).
 * Time is {@code clock.nanoTime()}.
 *
 * <p>{@link #send} (the {@link MavlinkOutput}) encodes MAVLink 2 frames from our identity with a
 * sequence number per link, signed by the {@link OutboundSigner} (MAVLink 2 signing) where it says
 * so; called off the MAVLink thread it hands the work over with a
 * non-blocking {@code execute}, so the flight thread never waits on this class (it should not
 * call it at all: it allocates).
 */
public final class MavlinkLinkManager implements MavlinkOutput, AutoCloseable {

    /** Service tick period (50 Hz). */
    public static final long TICK_PERIOD_MS = 20;

    /**
     * How long the MAVLink thread parks between looks at the flight thread's queues while a
     * {@link FlightPoller} has work pending (Linux adds its 50 µs timer slack). Short enough to
     * add well under a tenth of a millisecond to a command's answer, long enough that waiting for
     * an answer costs a few percent of a core, not a spinning one.
     */
    public static final long PENDING_POLL_NS = 20_000L;

    /**
     * Longest wall time the MAVLink thread polls without blocking for one continuous stretch of
     * pending work (see {@link FlightPoller}). Wall time, not the vehicle clock: a stopped SITL
     * clock must not keep the thread polling forever.
     */
    public static final long MAX_PENDING_POLL_WALL_NS = 1_000_000_000L;

    /**
     * Most datagrams the MAVLink thread reads from one UDP link per event-loop turn (Netty's
     * {@code maxMessagesPerRead}, 16 by default for datagram channels). After them the loop serves
     * the other ready links, the pollers of the flight thread's answers and its tasks (the 50 Hz
     * service tick, serial chunks) before it reads more: a flooded socket cannot starve the others;
     * the kernel's receive buffer ({@code SO_RCVBUF}) absorbs, then drops, the rest. 4 rather than
     * 16 because a datagram of false frame starts costs the parser ~0.13 ms (docs/link-floods.md):
     * under such a flood the other link's command latency p50 fell from 6.3-7.0 ms to 1.7-2.0 ms
     * ({@code ./hoverla bench flood --kind crafted}).
     */
    public static final int UDP_READS_PER_TURN = 4;
    /** Largest datagram read whole (bytes; longer ones are cut and their tail counted as truncated). */
    public static final int UDP_DATAGRAM_BYTES = 2048;
    /** Most reads from one TCP client per event-loop turn. */
    public static final int TCP_READS_PER_TURN = 4;
    /** Largest TCP read (bytes): with {@link #TCP_READS_PER_TURN}, at most 64 KB per client per turn. */
    public static final int TCP_READ_MAX_BYTES = 16 << 10;

    private final int systemId;
    private final int componentId;
    private final Clock clock;
    private final MavlinkMessageTable table;
    private final MavlinkFrameEncoder encoder;
    private final MavlinkMessageDecoder decoder = new MavlinkMessageDecoder();
    private final AtomicInteger linkIds = new AtomicInteger();
    @SuppressWarnings("unchecked")
    private final List<ManagedLink>[] routes = new List[256];
    private final List<LinkEndpoint> endpoints = new ArrayList<>();

    private volatile MavlinkService[] services = new MavlinkService[0];
    private volatile FlightPoller[] pollers = new FlightPoller[0];
    private volatile InboundFilter[] filters = new InboundFilter[0];
    private volatile OutboundSigner signer;
    private final AtomicInteger instances = new AtomicInteger();
    private final Object linksLock = new Object();
    private volatile ManagedLink[] links = new ManagedLink[0];
    /** Epoll where its native loads, else NIO (see {@link NettyTransport}). */
    private final NettyTransport transport = NettyTransport.current();
    private volatile EventLoopGroup group;
    private volatile EventLoop loop;
    private ScheduledFuture<?> ticker;
    private volatile long serviceErrors;
    private LongSupplier wallNanos = System::nanoTime;
    private volatile PollingIoHandler ioHandler;

    /** A manager using the common dialect's message table. */
    public MavlinkLinkManager(int systemId, int componentId, Clock clock) {
        this(systemId, componentId, clock, MavlinkMessageTable.common());
    }

    /**
     * @param systemId our MAVLink system id (1..255)
     * @param componentId our component id (1..255, usually 1 = autopilot)
     * @param table message table; register extra message classes in it before {@link #start()}
     */
    public MavlinkLinkManager(int systemId, int componentId, Clock clock, MavlinkMessageTable table) {
        if (systemId < 1 || systemId > 255 || componentId < 1 || componentId > 255) {
            throw new IllegalArgumentException("system/component id must be 1..255: " + systemId + "/" + componentId);
        }
        this.systemId = systemId;
        this.componentId = componentId;
        this.clock = clock;
        this.table = table;
        this.encoder = new MavlinkFrameEncoder(table);
    }

    public int systemId() {
        return systemId;
    }

    public int componentId() {
        return componentId;
    }

    /** The message table (register extra classes before {@link #start()}). */
    public MavlinkMessageTable table() {
        return table;
    }

    /** Adds a service; it receives messages and ticks from then on. Any thread. */
    public synchronized void addService(MavlinkService service) {
        MavlinkService[] s = Arrays.copyOf(services, services.length + 1);
        s[s.length - 1] = service;
        services = s;
    }

    /**
     * The {@code MAV_PROTOCOL_CAPABILITY} bits of this vehicle's MAVLink interface, for
     * {@code AUTOPILOT_VERSION}: {@code MAVLINK2} (every frame this layer sends is MAVLink 2) ORed
     * with {@link MavlinkService#capabilities()} of every service added so far. Any thread.
     */
    public long capabilities() {
        long bits = org.hoverla.core.mavlink.MavlinkCapabilities.MAVLINK2;
        for (MavlinkService s : services) {
            bits |= s.capabilities();
        }
        return bits;
    }

    /** The services added so far, in order (a copy). Any thread. */
    public List<MavlinkService> services() {
        return List.of(services);
    }

    /**
     * Adds a poller of the flight thread's outputs; from then on it runs after every turn of the
     * event loop (see {@link FlightPoller}). Any thread.
     */
    public synchronized void addPoller(FlightPoller poller) {
        FlightPoller[] p = Arrays.copyOf(pollers, pollers.length + 1);
        p[p.length - 1] = poller;
        pollers = p;
    }

    /**
     * Adds a check that every validated frame passes before routing and delivery (see
     * {@link InboundFilter}); filters run in the order added. Any thread, normally before
     * {@link #start()}.
     */
    public synchronized void addInboundFilter(InboundFilter filter) {
        InboundFilter[] f = Arrays.copyOf(filters, filters.length + 1);
        f[f.length - 1] = filter;
        filters = f;
    }

    /**
     * Sets what signs the frames sent from our identity ({@link #send}); null: none. Forwarded
     * frames are never touched. Any thread, normally before {@link #start()}.
     */
    public void outboundSigner(OutboundSigner signer) {
        this.signer = signer;
    }

    /** Whether a poller awaits the flight thread. MAVLink thread. */
    boolean pollersPending() {
        for (FlightPoller p : pollers) {
            try {
                if (p.pending()) {
                    return true;
                }
            } catch (RuntimeException e) {
                serviceErrors++;
            }
        }
        return false;
    }

    /** Runs every poller once. MAVLink thread. */
    void runPollers() {
        FlightPoller[] ps = pollers;
        if (ps.length == 0) {
            return;
        }
        long now = clock.nanoTime();
        for (FlightPoller p : ps) {
            try {
                p.poll(now);
            } catch (RuntimeException e) {
                serviceErrors++;
            }
        }
    }

    /** Starts the MAVLink thread and the 50 Hz service tick. Idempotent. */
    public synchronized void start() {
        if (group != null) {
            return;
        }
        IoHandlerFactory io = transport.ioHandlerFactory();
        LongSupplier wall = wallNanos;
        IoHandlerFactory polling = executor -> {
            PollingIoHandler h = new PollingIoHandler(io.newHandler(executor), this, PENDING_POLL_NS,
                    MAX_PENDING_POLL_WALL_NS, wall);
            ioHandler = h;
            return h;
        };
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("mavlink", true), polling);
        loop = group.next();
        ticker = loop.scheduleAtFixedRate(this::tick, TICK_PERIOD_MS, TICK_PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Replaces the wall clock that bounds non-blocking polling ({@code System::nanoTime}); tests
     * only, before {@link #start()}.
     */
    synchronized void wallNanos(LongSupplier wallNanos) {
        this.wallNanos = wallNanos;
    }

    /** Turns the MAVLink thread has run without blocking because a poller was pending (0 before start). */
    long nonBlockingTurns() {
        PollingIoHandler h = ioHandler;
        return h == null ? 0L : h.nonBlockingTurns();
    }

    /** The Netty transport of the UDP and TCP links: {@code epoll} or {@code nio}. */
    public String transport() {
        return transport.label();
    }

    /** The MAVLink thread's event loop (after {@link #start()}). */
    public EventLoop eventLoop() {
        return loop;
    }

    /** Opens a link from a {@code --mavlink} spec; starts the manager if needed. Blocks until bound. */
    public LinkEndpoint open(LinkSpec spec) {
        if (spec instanceof LinkSpec.Udp u) {
            return openUdp(new InetSocketAddress(0), new InetSocketAddress(u.remoteHost(), u.remotePort()),
                    u.text(), u.bindPort(), u.profile());
        }
        if (spec instanceof LinkSpec.UdpIn u) {
            return openUdp(new InetSocketAddress(u.bindHost(), u.bindPort()), null, u.text(), u.bindPort(),
                    u.profile());
        }
        if (spec instanceof LinkSpec.TcpServer t) {
            return openTcpServer(t.bindHost(), t.bindPort(), t.profile());
        }
        LinkSpec.Serial s = (LinkSpec.Serial) spec;
        return openSerial(s.path(), s.baud(), s.profile());
    }

    /** Opens every spec in order (see {@link #open(LinkSpec)}). */
    public List<LinkEndpoint> openAll(List<String> specs) {
        List<LinkSpec> parsed = new ArrayList<>();
        for (String s : specs) {
            parsed.add(LinkSpec.parse(s));
        }
        List<LinkEndpoint> out = new ArrayList<>();
        for (LinkSpec s : parsed) {
            out.add(open(s));
        }
        return out;
    }

    private UdpLink openUdp(InetSocketAddress bindAddr, InetSocketAddress remote, String name, int bindPort,
                            org.hoverla.core.mavlink.StreamProfile profile) {
        start();
        InetSocketAddress local = remote != null ? new InetSocketAddress(bindPort) : bindAddr;
        UdpLink link = new UdpLink(this, nextLinkId(), name, remote);
        link.streamProfile = profile;
        link.instance = instances.getAndIncrement();
        Channel ch = new Bootstrap().group(loop).channel(transport.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, 1 << 20)
                .option(ChannelOption.SO_SNDBUF, 1 << 20)
                .option(ChannelOption.RCVBUF_ALLOCATOR,
                        new io.netty.channel.FixedRecvByteBufAllocator(UDP_DATAGRAM_BYTES)
                                .maxMessagesPerRead(UDP_READS_PER_TURN))
                .handler(link.handler())
                .bind(local).syncUninterruptibly().channel();
        link.attach(ch);
        register(link);
        addEndpoint(link);
        return link;
    }

    /** Opens a TCP server on {@code host:port} (port 0: any free port, see {@link LinkEndpoint#localPort()}). */
    public TcpServerLink openTcpServer(String host, int port) {
        return openTcpServer(host, port, org.hoverla.core.mavlink.StreamProfile.NORMAL);
    }

    /** As {@link #openTcpServer(String, int)}, every client streaming {@code profile}. */
    public TcpServerLink openTcpServer(String host, int port, org.hoverla.core.mavlink.StreamProfile profile) {
        start();
        TcpServerLink server = new TcpServerLink(this, "tcpin:" + host + ":" + port
                + (profile != org.hoverla.core.mavlink.StreamProfile.NORMAL ? "?profile=" + profile.specName() : ""),
                profile, instances.getAndIncrement());
        Channel ch = new ServerBootstrap().group(loop, loop).channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR,
                        new io.netty.channel.AdaptiveRecvByteBufAllocator(64, 2048, TCP_READ_MAX_BYTES)
                                .maxMessagesPerRead(TCP_READS_PER_TURN))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 << 10, 256 << 10))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        server.accept(c);
                    }
                })
                .bind(host, port).syncUninterruptibly().channel();
        server.attach(ch);
        addEndpoint(server);
        return server;
    }

    /**
     * Opens a serial port by path.
     *
     * @throws IllegalStateException if the port cannot be opened
     */
    public SerialLink openSerial(String path, int baud) {
        return openSerial(path, baud, org.hoverla.core.mavlink.StreamProfile.NORMAL);
    }

    /** As {@link #openSerial(String, int)}, streaming {@code profile}. */
    public SerialLink openSerial(String path, int baud, org.hoverla.core.mavlink.StreamProfile profile) {
        start();
        SerialLink link = new SerialLink(this, nextLinkId(), path, baud, loop);
        link.streamProfile = profile;
        link.instance = instances.getAndIncrement();
        register(link);
        addEndpoint(link);
        return link;
    }

    private void addEndpoint(LinkEndpoint e) {
        synchronized (endpoints) {
            endpoints.add(e);
        }
    }

    int nextLinkId() {
        return linkIds.getAndIncrement();
    }

    /** The links now open (UDP, serial, each TCP client); a snapshot, any thread. */
    public List<MavlinkLink> links() {
        return List.of(links);
    }

    /** Statistics of a link of this manager. */
    public LinkStats stats(MavlinkLink link) {
        return ((ManagedLink) link).stats();
    }

    /** Exceptions thrown by services (caught so one service cannot stop the MAVLink thread). */
    public long serviceErrors() {
        return serviceErrors;
    }

    /** One line per link: name and counters. For reports. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        for (ManagedLink l : links) {
            sb.append(l.name()).append(": ").append(l.stats()).append('\n');
        }
        return sb.toString();
    }

    void register(ManagedLink link) {
        synchronized (linksLock) {
            ManagedLink[] l = Arrays.copyOf(links, links.length + 1);
            l[l.length - 1] = link;
            links = l;
        }
    }

    void unregister(ManagedLink link) {
        synchronized (linksLock) {
            ManagedLink[] l = links;
            int i = Arrays.asList(l).indexOf(link);
            if (i < 0) {
                return;
            }
            ManagedLink[] n = new ManagedLink[l.length - 1];
            System.arraycopy(l, 0, n, 0, i);
            System.arraycopy(l, i + 1, n, i, l.length - i - 1);
            links = n;
        }
        EventLoop el = loop;
        if (el != null && !el.isShuttingDown()) {
            el.execute(() -> {
                for (List<ManagedLink> r : routes) {
                    if (r != null) {
                        r.remove(link);
                    }
                }
            });
        }
    }

    /** A validated frame arrived on {@code source}. MAVLink thread. */
    void onFrame(ManagedLink source, MavlinkFrame frame) {
        int srcSys = frame.systemId();
        if (srcSys == systemId && frame.componentId() == componentId) {
            return; // our own frame looped back
        }
        InboundFilter[] fs = filters;
        if (fs.length > 0) {
            long nowNs = clock.nanoTime();
            for (InboundFilter f : fs) {
                if (!f.admit(source, frame, nowNs)) {
                    return;
                }
            }
        }
        learn(srcSys, source);
        int target = frame.targetSystem();
        if (target <= 0) {
            forwardToAllBut(source, frame);
        } else if (target != systemId) {
            forwardTo(routes[target], source, frame);
            return;
        }
        MavlinkService[] s = services;
        if (s.length == 0) {
            return;
        }
        MavlinkMessage<?> msg = decoder.decode(frame);
        if (msg == null) {
            source.stats.decodeErrors++;
            return;
        }
        long now = clock.nanoTime();
        source.deliveringAuthenticated = frame.isAuthenticated();
        try {
            for (MavlinkService service : s) {
                try {
                    service.onMessage(source, msg, now);
                } catch (RuntimeException e) {
                    serviceErrors++;
                }
            }
        } finally {
            source.deliveringAuthenticated = false;
        }
    }

    private void learn(int sysId, ManagedLink link) {
        List<ManagedLink> r = routes[sysId];
        if (r == null) {
            r = new ArrayList<>(2);
            routes[sysId] = r;
        }
        for (int i = 0; i < r.size(); i++) {
            if (r.get(i) == link) {
                return;
            }
        }
        if (!link.closed) {
            r.add(link);
        }
    }

    private void forwardToAllBut(ManagedLink source, MavlinkFrame frame) {
        ManagedLink[] all = links;
        if (all.length <= 1) {
            return;
        }
        byte[] raw = null;
        for (ManagedLink l : all) {
            if (l != source) {
                if (raw == null) {
                    raw = frame.copyBytes();
                }
                l.send(raw);
                source.stats.forwarded++;
            }
        }
    }

    private void forwardTo(List<ManagedLink> to, ManagedLink source, MavlinkFrame frame) {
        if (to == null) {
            return;
        }
        byte[] raw = null;
        for (int i = 0; i < to.size(); i++) {
            ManagedLink l = to.get(i);
            if (l != source) {
                if (raw == null) {
                    raw = frame.copyBytes();
                }
                l.send(raw);
                source.stats.forwarded++;
            }
        }
    }

    /**
     * Sends a payload from our identity as MAVLink 2 to one link, or to every link when
     * {@code target} is null. On the MAVLink thread it sends at once; from another thread it is
     * handed over (non-blocking). Dropped silently before {@link #start()} or after {@link #close()}.
     *
     * @throws IllegalArgumentException if the payload's class is not an annotated MAVLink message
     */
    @Override
    public void send(MavlinkLink target, Object payload) {
        EventLoop el = loop;
        if (el == null) {
            return;
        }
        if (!el.inEventLoop()) {
            if (table.get(payload.getClass()) == null) {
                MavlinkMessageTable.describe(payload.getClass()); // throws for non-messages
            }
            if (!el.isShuttingDown()) {
                el.execute(() -> send(target, payload));
            }
            return;
        }
        MavlinkFrameEncoder.Payload p = encoder.serialize(payload);
        if (target == null) {
            for (ManagedLink l : links) {
                sendOwn(l, p);
            }
        } else if (target instanceof ManagedLink l && l.manager == this) {
            sendOwn(l, p);
        }
    }

    void sendOwn(ManagedLink l, MavlinkFrameEncoder.Payload p) {
        int seq = l.txSequence;
        l.txSequence = (seq + 1) & 0xFF;
        OutboundSigner s = signer;
        boolean sign = s != null && s.signs(l);
        byte[] f = MavlinkFrameEncoder.frame(p, systemId, componentId, seq, sign);
        if (sign) {
            s.sign(l, f, f.length - MavlinkFrame.SIGNATURE_LENGTH);
        }
        l.send(f);
    }

    private void tick() {
        long now = clock.nanoTime();
        for (MavlinkService s : services) {
            try {
                s.tick(now);
            } catch (RuntimeException e) {
                serviceErrors++;
            }
        }
    }

    /** Closes every link, frees every port and stops the MAVLink thread. Idempotent; not from the MAVLink thread. */
    @Override
    public synchronized void close() {
        EventLoopGroup g = group;
        if (g == null) {
            return;
        }
        List<LinkEndpoint> eps;
        synchronized (endpoints) {
            eps = new ArrayList<>(endpoints);
            endpoints.clear();
        }
        for (LinkEndpoint e : eps) {
            e.close();
        }
        if (ticker != null) {
            ticker.cancel(false);
        }
        g.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        group = null;
        loop = null;
    }
}
