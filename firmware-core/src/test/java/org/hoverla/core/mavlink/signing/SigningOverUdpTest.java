package org.hoverla.core.mavlink.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hoverla.core.mavlink.signing.SigningRig.KEY;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.SetupSigning;
import io.dronefleet.mavlink.protocol.MavlinkPacket;
import java.math.BigInteger;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.link.LinkSpec;
import org.hoverla.core.mavlink.link.MavlinkLinkManager;
import org.hoverla.core.mavlink.link.UdpLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The wiring over a real UDP link: a fresh vehicle takes a key from an unsigned SETUP_SIGNING, then
 * signs what it sends, refuses unsigned commands and delivers signed ones as authenticated.
 */
class SigningOverUdpTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final SigningRig rig = new SigningRig();
    private final MavlinkLinkManager manager = new MavlinkLinkManager(1, 1, () -> 0L);
    private final List<Boolean> commandsAuthenticated = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void shouldInstallAKeyFromAnUnsignedSetupSigningThenTalkSigned() throws Exception {
        // Given a vehicle with the signing filter, signer and service, and a recorder of delivered commands
        manager.addInboundFilter(rig.signing);
        manager.outboundSigner(rig.signing);
        SigningService service = new SigningService(1, 1, rig.signing, rig.trust, new StatusTextSender(manager),
                new AtomicBoolean()::get);
        manager.addService(service);
        manager.addService(new MavlinkService() {
            @Override
            public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
                if (message.getPayload() instanceof CommandLong) {
                    commandsAuthenticated.add(source.currentMessageAuthenticated());
                }
            }
        });
        UdpLink link = (UdpLink) manager.open(LinkSpec.parse("udpin:127.0.0.1:0"));
        try (DatagramSocket gcs = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            gcs.setSoTimeout((int) WAIT.toMillis());
            // When the ground station sends an unsigned SETUP_SIGNING
            send(gcs, link, SigningRig.unsigned(255, 190, SetupSigning.builder().targetSystem(1).targetComponent(1)
                    .secretKey(KEY).initialTimestamp(BigInteger.valueOf(rig.now())).build()));
            // Then the vehicle answers with a STATUSTEXT signed with that key
            byte[] answer = receive(gcs);
            MavlinkPacket p = MavlinkPacket.fromV2Bytes(answer);
            assertThat(p.isSigned()).isTrue();
            assertThat(p.validateSignature(KEY)).isTrue();
            assertThat(rig.signing.keyId()).isEqualTo(SigningKeyStore.keyId(KEY));
            // When an unsigned command, then a signed one arrive
            CommandLong arm = CommandLong.builder().targetSystem(1).targetComponent(1)
                    .command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM).param1(1f).build();
            send(gcs, link, SigningRig.unsigned(255, 190, arm));
            await().atMost(WAIT).until(() -> rig.signing.counters().of(link, SigningCounters.UNSIGNED) == 1);
            send(gcs, link, SigningRig.signed(255, 190, arm, KEY, 0, rig.now() + 1));
            // Then only the signed one reaches the services, authenticated
            await().atMost(WAIT).until(() -> commandsAuthenticated.size() == 1);
            assertThat(commandsAuthenticated).containsExactly(true);
            assertThat(rig.signing.counters().of(link, SigningCounters.AUTHENTICATED)).isEqualTo(1);
        }
    }

    private static void send(DatagramSocket s, UdpLink link, byte[] frame) throws Exception {
        s.send(new DatagramPacket(frame, frame.length, LOOPBACK, link.localPort()));
    }

    private static byte[] receive(DatagramSocket s) throws Exception {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return Arrays.copyOf(buf, p.getLength());
    }
}
