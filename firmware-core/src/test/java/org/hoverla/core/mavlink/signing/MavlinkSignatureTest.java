package org.hoverla.core.mavlink.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.RadioStatus;
import io.dronefleet.mavlink.protocol.MavlinkPacket;
import io.dronefleet.mavlink.serialization.payload.reflection.ReflectionPayloadSerializer;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MavlinkSignatureTest {

    /*
     * Known vector computed with an independent implementation, node-mavlink 2.3.0
     * (e2e/node_modules/node-mavlink, MavLinkProtocolV2 with IFLAG_SIGNED, serialize + sign), by a
     * throwaway script:
     *   key  = MavLinkPacketSignature.key('hoverla-test-passphrase')            (SHA-256 of the passphrase)
     *   msg  = minimal.Heartbeat{type 6, autopilot 8, baseMode 0, customMode 0, systemStatus 4, mavlinkVersion 3}
     *   proto= new MavLinkProtocolV2(255, 190, IFLAG_SIGNED); buf = proto.serialize(msg, 7)
     *   out  = proto.sign(buf, 3, key, Date.UTC(2026, 0, 1, 0, 0, 0, 123))
     * node-mavlink printed: timestamp 34715520012300, link 3, signature 54bb8620ec2f, matches(key) true.
     */
    static final String PASSPHRASE = "hoverla-test-passphrase";
    static final String KEY_HEX = "c9756e0b450dc348891af2139d0c9946d0c80d86786c58ac262a5a5aec261023";
    static final String FRAME_HEX = "fd09010007ffbe0000000000000006080004039902030c103dd6921f54bb8620ec2f";
    static final long TIMESTAMP = 34_715_520_012_300L;

    private final MavlinkSignature signature = new MavlinkSignature();

    @Test
    void shouldDeriveTheKeyFromAPassphraseAsNodeMavlinkAndQgcDo() {
        // Given the passphrase / When hashed / Then the key node-mavlink derived
        assertThat(HexFormat.of().formatHex(SigningKeyStore.keyFromPassphrase(PASSPHRASE))).isEqualTo(KEY_HEX);
    }

    @Test
    void shouldVerifyNodeMavlinksSignedFrame() {
        // Given node-mavlink's signed frame and the key
        byte[] frame = HexFormat.of().parseHex(FRAME_HEX);
        byte[] key = HexFormat.of().parseHex(KEY_HEX);
        // When verified / Then it passes, with node-mavlink's link id and timestamp
        assertThat(signature.verify(key, frame, 0, frame.length)).isTrue();
        assertThat(MavlinkSignature.linkId(frame, 0, frame.length)).isEqualTo(3);
        assertThat(MavlinkSignature.timestamp(frame, 0, frame.length)).isEqualTo(TIMESTAMP);
    }

    @Test
    void shouldSignExactlyAsNodeMavlinkDoes() {
        // Given the unsigned part of node-mavlink's frame (flag set, CRC over it) in a buffer at an offset
        byte[] expected = HexFormat.of().parseHex(FRAME_HEX);
        byte[] buf = new byte[expected.length + 5];
        System.arraycopy(expected, 0, buf, 5, expected.length - MavlinkSignature.LENGTH);
        // When signed with the same link id and timestamp
        signature.sign(HexFormat.of().parseHex(KEY_HEX), buf, 5, expected.length - MavlinkSignature.LENGTH, 3, TIMESTAMP);
        // Then the bytes are node-mavlink's
        assertThat(Arrays.copyOfRange(buf, 5, buf.length)).isEqualTo(expected);
    }

    @Test
    void shouldRefuseAnyChangedByteAndAnyOtherKey() {
        byte[] key = HexFormat.of().parseHex(KEY_HEX);
        byte[] frame = HexFormat.of().parseHex(FRAME_HEX);
        // Given every single-byte change of the frame (header, payload, CRC, link id, timestamp, signature)
        for (int i = 0; i < frame.length; i++) {
            byte[] f = frame.clone();
            f[i] ^= 0x01;
            // Then none verifies
            assertThat(signature.verify(key, f, 0, f.length)).as("byte %d changed", i).isFalse();
        }
        // And another key does not verify the original
        byte[] other = key.clone();
        other[31] ^= 0x01;
        assertThat(signature.verify(other, frame, 0, frame.length)).isFalse();
    }

    @Test
    void shouldAgreeWithTheMavlinkLibrarysSigning() {
        // Given a frame signed by io.dronefleet.mavlink (another independent implementation)
        byte[] key = SigningKeyStore.keyFromPassphrase("second implementation");
        RadioStatus rs = RadioStatus.builder().rssi(200).remrssi(180).txbuf(90).noise(40).remnoise(41).build();
        byte[] payload = new ReflectionPayloadSerializer().serialize(rs);
        byte[] frame = MavlinkPacket.createSignedMavlink2Packet(9, 51, 68, 109, 185, payload, 17, 987_654_321L, key)
                .getRawBytes();
        // When verified / Then it passes and its fields read back
        assertThat(signature.verify(key, frame, 0, frame.length)).isTrue();
        assertThat(MavlinkSignature.linkId(frame, 0, frame.length)).isEqualTo(17);
        assertThat(MavlinkSignature.timestamp(frame, 0, frame.length)).isEqualTo(987_654_321L);
    }

    @Test
    void shouldCountTimestampsInTenMicrosecondsSince2015() {
        // Given 2015-01-01 00:00:00 UTC, one second later, and a time before 2015
        long epochUs = MavlinkSignature.EPOCH_2015_UNIX_MS * 1000L;
        // Then 0, 100,000 and 0 (clamped)
        assertThat(MavlinkSignature.timestampOfUnixMicros(epochUs)).isZero();
        assertThat(MavlinkSignature.timestampOfUnixMicros(epochUs + 1_000_000L)).isEqualTo(100_000L);
        assertThat(MavlinkSignature.timestampOfUnixMicros(0L)).isZero();
        // And node-mavlink's vector time (2026-01-01T00:00:00.123Z) gives its timestamp
        assertThat(MavlinkSignature.timestampOfUnixMicros(1_767_225_600_123_000L)).isEqualTo(TIMESTAMP);
    }
}
