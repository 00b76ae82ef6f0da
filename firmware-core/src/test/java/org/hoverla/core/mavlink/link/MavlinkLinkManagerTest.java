package org.hoverla.core.mavlink.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.ParamValue;
import io.dronefleet.mavlink.minimal.Heartbeat;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.hoverla.core.mavlink.MavlinkLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MavlinkLinkManagerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final AtomicLong fakeNow = new AtomicLong(1_000_000_000L);
    private final MavlinkLinkManager manager = new MavlinkLinkManager(1, 1, fakeNow::get);
    private final RecordingService service = new RecordingService();

    @AfterEach
    void closeManager() {
        manager.close();
    }

    private static void sendTo(DatagramSocket s, int port, byte[] frame) throws Exception {
        s.send(new DatagramPacket(frame, frame.length, LOOPBACK, port));
    }

    private static MavlinkMessage<?> receive(DatagramSocket s) throws Exception {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return MavlinkConnection.create(new ByteArrayInputStream(Arrays.copyOf(buf, p.getLength())),
                OutputStream.nullOutputStream()).next();
    }

    private static DatagramSocket socket() throws Exception {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        s.setSoTimeout((int) WAIT.toMillis());
        return s;
    }

    @Test
    void shouldReceiveOnUdpAndReplyToTheLastSender() throws Exception {
        // Given
        manager.addService(service);
        UdpLink link = (UdpLink) manager.open(LinkSpec.parse("udpin:127.0.0.1:0"));
        try (DatagramSocket gcs = socket()) {

            // When
            sendTo(gcs, link.localPort(), Frames.v2(255, 190, 0, Frames.commandLong(1)));
            await().atMost(WAIT).until(() -> service.received.size() == 1);
            manager.send(link, Frames.paramValue());
            MavlinkMessage<?> reply = receive(gcs);

            // Then
            RecordingService.Received r = service.received.get(0);
            assertThat(r.source()).isSameAs(link);
            assertThat(r.message().getPayload()).isEqualTo(Frames.commandLong(1));
            assertThat(r.nowNs()).isEqualTo(1_000_000_000L);
            assertThat(service.thread).startsWith("mavlink");
            assertThat(reply.getPayload()).isEqualTo(Frames.paramValue());
            assertThat(reply.getOriginSystemId()).isEqualTo(1);
            assertThat(reply.getOriginComponentId()).isEqualTo(1);
            assertThat(link.stats().framesReceived()).isEqualTo(1);
            await().atMost(WAIT).until(() -> link.stats().framesSent() == 1);
        }
    }

    @Test
    void shouldSendToFixedRemoteBeforeAnyoneSpeaks() throws Exception {
        // Given: a "ground station" on an ephemeral port; the vehicle is told to send there
        try (DatagramSocket gcs = socket()) {
            LinkEndpoint link = manager.open(LinkSpec.parse("udp:127.0.0.1:" + gcs.getLocalPort()));

            // When
            manager.send(null, Frames.heartbeat());
            manager.send(null, Frames.heartbeat());
            MavlinkMessage<?> first = receive(gcs);
            MavlinkMessage<?> second = receive(gcs);

            // Then: one sequence per link, counting up
            assertThat(first.getPayload()).isInstanceOf(Heartbeat.class);
            assertThat(first.getSequence()).isZero();
            assertThat(second.getSequence()).isEqualTo(1);
            assertThat(link.localPort()).isPositive();
        }
    }

    @Test
    void shouldDropAndCountWhenUdpPeerIsUnknown() {
        // Given
        UdpLink link = (UdpLink) manager.open(LinkSpec.parse("udpin:127.0.0.1:0"));

        // When
        manager.send(link, Frames.heartbeat());

        // Then
        await().atMost(WAIT).until(() -> link.stats().sendDrops() == 1);
        assertThat(link.stats().framesSent()).isZero();
    }

    @Test
    void shouldGiveEachTcpClientItsOwnLinkAndStats() throws Exception {
        // Given
        manager.addService(service);
        TcpServerLink server = (TcpServerLink) manager.open(LinkSpec.parse("tcpin:127.0.0.1:0"));
        try (Socket a = new Socket(LOOPBACK, server.localPort()); Socket b = new Socket(LOOPBACK, server.localPort())) {
            await().atMost(WAIT).until(() -> server.clients().size() == 2);

            // When
            for (int i = 0; i < 3; i++) {
                a.getOutputStream().write(Frames.v2(255, 190, i, Frames.heartbeat()));
            }
            for (int i = 0; i < 5; i++) {
                b.getOutputStream().write(Frames.v2(254, 190, i, Frames.heartbeat()));
            }
            await().atMost(WAIT).until(() -> service.received.size() == 8);
            MavlinkLink linkA = service.received.stream().filter(r -> r.message().getOriginSystemId() == 255)
                    .findFirst().orElseThrow().source();
            manager.send(linkA, Frames.paramValue());
            a.setSoTimeout((int) WAIT.toMillis());
            MavlinkConnection conn = MavlinkConnection.create(a.getInputStream(), OutputStream.nullOutputStream());
            MavlinkMessage<?> reply = conn.next();
            int forwardedToA = 0;
            while (!(reply.getPayload() instanceof ParamValue)) { // b's heartbeats come first
                forwardedToA++;
                reply = conn.next();
            }

            // Then
            TcpServerLink.Client ca = (TcpServerLink.Client) linkA;
            TcpServerLink.Client cb = server.clients().stream().filter(c -> c != ca).findFirst().orElseThrow();
            assertThat(ca.stats().framesReceived()).isEqualTo(3);
            assertThat(cb.stats().framesReceived()).isEqualTo(5);
            assertThat(ca.id()).isNotEqualTo(cb.id());
            assertThat(ca.name()).startsWith("tcp:" + server.localPort() + "#");
            assertThat(reply.getPayload()).isEqualTo(Frames.paramValue());
            assertThat(reply.getOriginSystemId()).isEqualTo(1);
            // heartbeats (no target) go to the other client, never back to their source
            assertThat(forwardedToA).isEqualTo(5);
            assertThat(cb.stats().framesSent()).isEqualTo(3);
        }
        await().atMost(WAIT).until(() -> manager.links().isEmpty());
    }

    @Test
    void shouldReceiveTenThousandMessagesOnTcpWithoutLoss() throws Exception {
        // Given
        RecordingService counter = new RecordingService(false);
        manager.addService(counter);
        TcpServerLink server = manager.openTcpServer("127.0.0.1", 0);
        int n = 10_000;
        byte[][] frames = new byte[n][];
        for (int i = 0; i < n; i++) {
            frames[i] = Frames.v2(255, 190, i & 0xFF, i % 2 == 0 ? Frames.commandLong(1) : Frames.heartbeat());
        }
        byte[] stream = Frames.concat(frames);

        // When
        try (Socket s = new Socket(LOOPBACK, server.localPort())) {
            s.getOutputStream().write(stream);
            s.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> counter.count.get() == n);

            // Then
            LinkStats stats = server.clients().get(0).stats();
            assertThat(stats.framesReceived()).isEqualTo(n);
            assertThat(stats.bytesReceived()).isEqualTo(stream.length);
            assertThat(stats.crcErrors()).isZero();
            assertThat(stats.bytesDropped()).isZero();
            assertThat(stats.sequenceGaps()).isZero();
        }
    }

    @Test
    void shouldRouteByTargetSystemAndForwardBroadcasts() throws Exception {
        // Given: a ground station on link 1, a companion computer (system 2) on link 2
        manager.addService(service);
        UdpLink l1 = (UdpLink) manager.open(LinkSpec.parse("udpin:127.0.0.1:0"));
        UdpLink l2 = (UdpLink) manager.open(LinkSpec.parse("udpin:127.0.0.1:0"));
        try (DatagramSocket gcs = socket(); DatagramSocket companion = socket()) {
            sendTo(gcs, l1.localPort(), Frames.v2(255, 190, 0, Frames.heartbeat()));
            await().atMost(WAIT).until(() -> l1.stats().framesReceived() == 1);
            sendTo(companion, l2.localPort(), Frames.v2(2, 1, 0, Frames.heartbeat()));
            assertThat(receive(gcs).getOriginSystemId()).isEqualTo(2);

            // When: the GCS commands system 2, then broadcasts a command
            byte[] toTwo = Frames.v2(255, 190, 1, Frames.commandLong(2));
            sendTo(gcs, l1.localPort(), toTwo);
            MavlinkMessage<?> forwarded = receive(companion);
            sendTo(gcs, l1.localPort(), Frames.v2(255, 190, 2, Frames.commandLong(0)));
            MavlinkMessage<?> broadcast = receive(companion);

            // Then: forwarded unchanged to system 2 only; not delivered to us; broadcast delivered and forwarded
            assertThat(forwarded.getRawBytes()).isEqualTo(toTwo);
            assertThat(((CommandLong) broadcast.getPayload()).targetSystem()).isZero();
            await().atMost(WAIT).until(() -> service.payloads(CommandLong.class).size() == 1);
            assertThat(service.payloads(CommandLong.class).get(0).targetSystem()).isZero();
            assertThat(service.payloads(Heartbeat.class)).hasSize(2);
            assertThat(l1.stats().framesSent()).isEqualTo(1); // only the companion's heartbeat
            assertThat(l1.stats().forwarded()).isEqualTo(3); // GCS heartbeat, command to 2, broadcast
            assertThat(l2.stats().sendDrops()).isEqualTo(1); // GCS heartbeat before the companion spoke
        }
    }

    @Test
    void shouldTickServicesAndFreePortsOnClose() throws Exception {
        // Given
        manager.addService(service);
        UdpLink link = (UdpLink) manager.open(LinkSpec.parse("udpin:127.0.0.1:0"));
        TcpServerLink server = manager.openTcpServer("127.0.0.1", 0);
        int udpPort = link.localPort();
        int tcpPort = server.localPort();

        // When
        await().atMost(WAIT).until(() -> service.ticks.get() >= 3);
        manager.close();

        // Then: both ports can be bound again
        try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(LOOPBACK, udpPort));
             java.net.ServerSocket tcpAgain = new java.net.ServerSocket(tcpPort, 1, LOOPBACK)) {
            assertThat(again.getLocalPort()).isEqualTo(udpPort);
            assertThat(tcpAgain.getLocalPort()).isEqualTo(tcpPort);
        }
        assertThat(manager.links()).isEmpty();
        assertThat(link.isClosed()).isTrue();
    }

    @Test
    void shouldDeliverRegisteredExtraMessage() throws Exception {
        // Given
        manager.table().register(TestExtraMessage.class);
        manager.addService(service);
        UdpLink link = (UdpLink) manager.open(LinkSpec.parse("udpin:127.0.0.1:0"));
        byte[] frame = new MavlinkFrameEncoder(manager.table()).encode(200, 1, 0, new TestExtraMessage(1, 2, "X"));
        try (DatagramSocket gcs = socket()) {

            // When
            sendTo(gcs, link.localPort(), frame);

            // Then
            await().atMost(WAIT).until(() -> service.payloads(TestExtraMessage.class).size() == 1);
            assertThat(service.payloads(TestExtraMessage.class).get(0)).isEqualTo(new TestExtraMessage(1, 2, "X"));
        }
    }
}
