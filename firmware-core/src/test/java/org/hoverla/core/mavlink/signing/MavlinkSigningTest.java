package org.hoverla.core.mavlink.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.core.mavlink.signing.SigningRig.KEY;
import static org.hoverla.core.mavlink.signing.SigningRig.OTHER_KEY;

import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.RadioStatus;
import io.dronefleet.mavlink.common.SetupSigning;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.protocol.MavlinkPacket;
import java.math.BigInteger;
import org.hoverla.core.mavlink.link.MavlinkFrame;
import org.junit.jupiter.api.Test;

class MavlinkSigningTest {
    private final SigningRig rig = new SigningRig();

    private static CommandLong arm() {
        return CommandLong.builder().targetSystem(SigningRig.SYS).targetComponent(1)
                .command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM).param1(1f).build();
    }

    private static Heartbeat heartbeat() {
        return Heartbeat.builder().mavlinkVersion(3).build();
    }

    @Test
    void shouldPassEverythingAndAuthenticateNothingWithoutAKey() {
        // Given no key / When unsigned, well signed and badly signed frames arrive
        // Then all pass, none is authenticated, nothing is counted
        assertThat(rig.admit(rig.radio, SigningRig.unsigned(255, 190, arm()))).isTrue();
        assertThat(rig.lastAuthenticated).isFalse();
        assertThat(rig.admit(rig.radio, SigningRig.signed(255, 190, arm(), KEY, 0, rig.now()))).isTrue();
        assertThat(rig.lastAuthenticated).isFalse();
        assertThat(rig.admit(rig.radio, SigningRig.signed(255, 190, arm(), OTHER_KEY, 0, rig.now()))).isTrue();
        assertThat(rig.signing.counters().refused()).isZero();
        assertThat(rig.trust.keyInstalled()).isFalse();
    }

    @Test
    void shouldAuthenticateAWellSignedFrameAndCountIt() {
        // Given a key
        rig.signing.installKey(KEY, 0);
        // When a frame signed with it arrives
        boolean admitted = rig.admit(rig.radio, SigningRig.signed(255, 190, arm(), KEY, 2, rig.now()));
        // Then it passes, authenticated, and LinkTrust knows a key is installed
        assertThat(admitted).isTrue();
        assertThat(rig.lastAuthenticated).isTrue();
        assertThat(rig.signing.counters().of(rig.radio, SigningCounters.AUTHENTICATED)).isEqualTo(1);
        assertThat(rig.trust.keyInstalled()).isTrue();
    }

    @Test
    void shouldRefuseAndCountABadSignatureAReplayAnOldTimestampAndAnUnsignedFrame() {
        rig.signing.installKey(KEY, 0);
        long t = rig.now();
        byte[] good = SigningRig.signed(255, 190, arm(), KEY, 0, t);
        assertThat(rig.admit(rig.radio, good)).isTrue();
        // When a frame signed with another key, the same frame again, a new stream two minutes old and an
        // unsigned command arrive on an untrusted link
        assertThat(rig.admit(rig.radio, SigningRig.signed(255, 190, arm(), OTHER_KEY, 0, t + 1))).isFalse();
        assertThat(rig.admit(rig.radio, good)).isFalse();
        assertThat(rig.admit(rig.radio, SigningRig.signed(250, 190, arm(), KEY, 0, t - 2 * MavlinkSignature.ONE_MINUTE)))
                .isFalse();
        assertThat(rig.admit(rig.radio, SigningRig.unsigned(255, 190, arm()))).isFalse();
        // Then each is refused and counted under its own kind, on its link
        SigningCounters c = rig.signing.counters();
        assertThat(c.of(rig.radio, SigningCounters.BAD_SIGNATURE)).isEqualTo(1);
        assertThat(c.of(rig.radio, SigningCounters.REPLAY)).isEqualTo(1);
        assertThat(c.of(rig.radio, SigningCounters.OLD_TIMESTAMP)).isEqualTo(1);
        assertThat(c.of(rig.radio, SigningCounters.UNSIGNED)).isEqualTo(1);
        assertThat(c.refused()).isEqualTo(4);
        assertThat(c.report()).contains("stub:4: bad_signature=1 replay=1 old_timestamp=1 unsigned_refused=1");
        assertThat(rig.signing.report()).startsWith("signing: key " + SigningKeyStore.keyId(KEY) + ", MAV_SIGN_CFG 1, streams 1 (0 evicted)\n")
                .doesNotContain(java.util.HexFormat.of().formatHex(KEY));
    }

    @Test
    void shouldNotLetABadlySignedFrameMoveItsStream() {
        // Given a stream at t and a forged frame at t + 100
        rig.signing.installKey(KEY, 0);
        long t = rig.now();
        assertThat(rig.admit(rig.radio, SigningRig.signed(255, 190, heartbeat(), KEY, 0, t))).isTrue();
        assertThat(rig.admit(rig.radio, SigningRig.signed(255, 190, heartbeat(), OTHER_KEY, 0, t + 100))).isFalse();
        // When a genuine frame at t + 50 arrives / Then it passes
        assertThat(rig.admit(rig.radio, SigningRig.signed(255, 190, heartbeat(), KEY, 0, t + 50))).isTrue();
    }

    @Test
    void shouldAcceptTheSpecsUnsignedMessagesWhereSigningIsRequired() {
        // Given a key, signing required everywhere
        rig.signing.installKey(KEY, 0);
        rig.store.set("MAV_SIGN_CFG", SigningParams.ALWAYS);
        // When an unsigned RADIO_STATUS arrives (from a telemetry radio) / Then it passes, unauthenticated
        assertThat(rig.admit(rig.radio, SigningRig.unsigned(51, 68, RadioStatus.builder().rssi(100).build()))).isTrue();
        assertThat(rig.lastAuthenticated).isFalse();
        assertThat(MavlinkSigning.acceptsUnsigned(109)).isTrue();
        assertThat(MavlinkSigning.acceptsUnsigned(246)).isTrue();
        assertThat(MavlinkSigning.acceptsUnsigned(247)).isTrue();
        assertThat(MavlinkSigning.acceptsUnsigned(76)).isFalse();
    }

    @Test
    void shouldAcceptUnsignedFramesOnATrustedLinkUnderConfigOneOnly() {
        // Given a key and the second link trusted
        rig.signing.installKey(KEY, 0);
        rig.trustSecondLink();
        // Then MAV_SIGN_CFG 1 lets unsigned frames through there but not on the untrusted link
        assertThat(rig.admit(rig.usb, SigningRig.unsigned(255, 190, arm()))).isTrue();
        assertThat(rig.admit(rig.radio, SigningRig.unsigned(255, 190, arm()))).isFalse();
        // And a frame signed with another key passes unauthenticated on the trusted link (QGC re-keying), counted
        assertThat(rig.admit(rig.usb, SigningRig.signed(255, 190, arm(), OTHER_KEY, 0, rig.now()))).isTrue();
        assertThat(rig.lastAuthenticated).isFalse();
        assertThat(rig.signing.counters().of(rig.usb, SigningCounters.BAD_SIGNATURE)).isEqualTo(1);
        // When MAV_SIGN_CFG is 2 / Then the trusted link needs signatures too
        rig.store.set("MAV_SIGN_CFG", SigningParams.ALWAYS);
        assertThat(rig.admit(rig.usb, SigningRig.unsigned(255, 190, arm()))).isFalse();
    }

    @Test
    void shouldVerifyButRequireNothingWhenSigningIsDisabled() {
        // Given a key and MAV_SIGN_CFG 0
        rig.signing.installKey(KEY, 0);
        rig.store.set("MAV_SIGN_CFG", SigningParams.DISABLED);
        // Then unsigned frames pass, a well signed one is authenticated, a badly signed one passes unauthenticated
        assertThat(rig.admit(rig.radio, SigningRig.unsigned(255, 190, arm()))).isTrue();
        assertThat(rig.admit(rig.radio, SigningRig.signed(255, 190, arm(), KEY, 0, rig.now()))).isTrue();
        assertThat(rig.lastAuthenticated).isTrue();
        assertThat(rig.admit(rig.radio, SigningRig.signed(255, 190, arm(), OTHER_KEY, 0, rig.now() + 5))).isTrue();
        assertThat(rig.lastAuthenticated).isFalse();
        // And our frames are not signed
        assertThat(rig.signing.signs(rig.radio)).isFalse();
    }

    @Test
    void shouldRefuseASetupSigningNotAddressedToUsEvenWithoutAKey() {
        // Given no key / When a broadcast SETUP_SIGNING and one for system 2 arrive
        SetupSigning broadcast = SetupSigning.builder().targetSystem(0).targetComponent(0).secretKey(KEY)
                .initialTimestamp(BigInteger.ONE).build();
        SetupSigning forTwo = SetupSigning.builder().targetSystem(2).targetComponent(1).secretKey(KEY)
                .initialTimestamp(BigInteger.ONE).build();
        // Then both are refused (never forwarded) and counted; one for us passes
        assertThat(rig.admit(rig.radio, SigningRig.unsigned(255, 190, broadcast))).isFalse();
        assertThat(rig.admit(rig.radio, SigningRig.unsigned(255, 190, forTwo))).isFalse();
        assertThat(rig.signing.counters().total(SigningCounters.SETUP_NOT_FOR_US)).isEqualTo(2);
        SetupSigning forUs = SetupSigning.builder().targetSystem(1).targetComponent(1).secretKey(KEY)
                .initialTimestamp(BigInteger.ONE).build();
        assertThat(rig.admit(rig.radio, SigningRig.unsigned(255, 190, forUs))).isTrue();
    }

    @Test
    void shouldSignOurFramesPerLinkWithStrictlyIncreasingTimestamps() {
        // Given a key, the manager signing through the rig's state
        rig.signing.installKey(KEY, 0);
        rig.manager.outboundSigner(rig.signing);
        // When two heartbeats go to the radio link
        org.hoverla.core.mavlink.link.SigningFixture.sendOwn(rig.manager, rig.radio, heartbeat());
        org.hoverla.core.mavlink.link.SigningFixture.sendOwn(rig.manager, rig.radio, heartbeat());
        // Then both are signed (flag, link id = link.id() & 0xFF), verify with the MAVLink library, and increase
        byte[] a = rig.radio.written.get(0);
        byte[] b = rig.radio.written.get(1);
        assertThat(a[2] & MavlinkFrame.IFLAG_SIGNED).isEqualTo(1);
        assertThat(MavlinkSignature.linkId(a, 0, a.length)).isEqualTo(4);
        MavlinkPacket pa = MavlinkPacket.fromV2Bytes(a);
        assertThat(pa.validateCrc(50)).isTrue();
        assertThat(pa.validateSignature(KEY)).isTrue();
        assertThat(MavlinkSignature.timestamp(b, 0, b.length)).isGreaterThan(MavlinkSignature.timestamp(a, 0, a.length));
        assertThat(MavlinkSignature.timestamp(a, 0, a.length)).isGreaterThanOrEqualTo(rig.now());
    }

    @Test
    void shouldSendUnsignedToATrustedLinkUnderConfigOneAndWithoutAKey() {
        // Given no key / Then nothing is signed
        rig.manager.outboundSigner(rig.signing);
        org.hoverla.core.mavlink.link.SigningFixture.sendOwn(rig.manager, rig.usb, heartbeat());
        assertThat(rig.usb.written.get(0)[2] & MavlinkFrame.IFLAG_SIGNED).isZero();
        // Given a key and the second link trusted (MAV_SIGN_CFG 1) / Then that link gets unsigned frames
        rig.signing.installKey(KEY, 0);
        rig.trustSecondLink();
        org.hoverla.core.mavlink.link.SigningFixture.sendOwn(rig.manager, rig.usb, heartbeat());
        assertThat(rig.usb.written.get(1)[2] & MavlinkFrame.IFLAG_SIGNED).isZero();
        assertThat(rig.usb.written.get(1)).hasSize(rig.usb.written.get(0).length);
    }

    @Test
    void shouldKeepOurTimestampAboveTheClockTheLastSentTheNewestAcceptedAndTheRestoredOne() {
        rig.signing.installKey(KEY, 0);
        long t = rig.now();
        assertThat(rig.signing.localTimestamp()).isEqualTo(t);
        // When a peer's frame from 5 s ahead is accepted / Then ours follows it
        assertThat(rig.admit(rig.radio, SigningRig.signed(255, 190, heartbeat(), KEY, 0, t + 500_000))).isTrue();
        assertThat(rig.signing.localTimestamp()).isEqualTo(t + 500_000);
        // When a stored timestamp far ahead is restored (the wall clock went back) / Then ours is above it
        rig.signing.restoreTimestamp(t + 9_000_000);
        assertThat(rig.signing.localTimestamp()).isEqualTo(t + 9_000_001);
        // When a key comes with an initial timestamp further ahead / Then ours is at least that
        rig.signing.installKey(KEY, t + 20_000_000);
        assertThat(rig.signing.localTimestamp()).isEqualTo(t + 20_000_000);
    }

    @Test
    void shouldSummariseEachRefusalKindAtMostOncePerTenSeconds() {
        rig.signing.installKey(KEY, 0);
        // Given 1000 unsigned commands and 3 forged ones in a burst
        byte[] unsignedArm = SigningRig.unsigned(255, 190, arm());
        for (int i = 0; i < 1000; i++) {
            rig.admit(rig.radio, unsignedArm);
        }
        for (int i = 0; i < 3; i++) {
            rig.admit(rig.radio, SigningRig.signed(255, 190, arm(), OTHER_KEY, 0, rig.now() + i));
        }
        // When summaries are polled at t = 0 / Then one text per kind, with counts
        long s = 1_000_000_000L;
        assertThat(rig.signing.nextSummary(s)).isEqualTo("Signing: 3 bad_signature (total 3)");
        assertThat(rig.signing.nextSummary(s)).isEqualTo("Signing: 1000 unsigned_refused (total 1000)");
        assertThat(rig.signing.nextSummary(s)).isNull();
        // When more arrive within 10 s / Then no text until 10 s have passed, then one summary
        rig.admit(rig.radio, unsignedArm);
        assertThat(rig.signing.nextSummary(s + 9_999_999_999L)).isNull();
        assertThat(rig.signing.nextSummary(s + 10_000_000_000L)).isEqualTo("Signing: 1 unsigned_refused in 10 s (total 1001)");
        assertThat(rig.signing.nextSummary(s + 10_000_000_000L)).isNull();
    }
}
