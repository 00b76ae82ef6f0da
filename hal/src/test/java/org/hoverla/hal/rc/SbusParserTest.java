package org.hoverla.hal.rc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.hal.rc.RcFrames.concat;
import static org.hoverla.hal.rc.RcFrames.sbus;

import java.util.Arrays;
import org.hoverla.hal.RcInputSample;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SbusParserTest {
    private static final long MS = 1_000_000L;
    private final SbusParser parser = new SbusParser(100 * MS);

    private boolean feed(byte[] bytes, long nowNs) {
        return parser.feed(bytes, 0, bytes.length, nowNs);
    }

    @Test
    void shouldConvertChannelValuesAsPx4Does() {
        assertThat(SbusParser.toMicroseconds(200)).isEqualTo(1000);
        assertThat(SbusParser.toMicroseconds(1800)).isEqualTo(2000);
        assertThat(SbusParser.toMicroseconds(1000)).isEqualTo(1500);
        assertThat(SbusParser.toMicroseconds(172)).isEqualTo(983);
        assertThat(SbusParser.toMicroseconds(0)).isEqualTo(875);
        assertThat(SbusParser.toMicroseconds(2047)).isEqualTo(2154);
    }

    @Test
    void shouldDecodeHandPackedChannelsAndDigitalChannels() {
        // Given channels 200, 1800, 1000, 1000 packed by hand, least significant bit first:
        // byte1 = ch0 bits 0..7 = 0xC8; byte2 = ch0 bits 8..10 (0) | ch1 bits 0..4 (8) << 3 = 0x40;
        // byte3 = ch1 bits 5..10 (0x38) | ch2 bits 0..1 (0) << 6 = 0x38; byte4 = ch2 bits 2..9 = 0xFA;
        // byte5 = ch2 bit 10 (0) | ch3 bits 0..6 (0x68) << 1 = 0xD0; flags: channel 17 on, 18 off
        byte[] frame = sbus(0x01, 0x00, 200, 1800, 1000, 1000);
        assertThat(Arrays.copyOfRange(frame, 1, 6)).containsExactly(0xC8, 0x40, 0x38, 0xFA, 0xD0);
        // When it is fed
        boolean changed = feed(frame, 3 * MS);
        // Then 18 channels come out in microseconds
        RcInputSample s = parser.sample();
        assertThat(changed).isTrue();
        assertThat(s.failsafe).isFalse();
        assertThat(s.frameLost).isFalse();
        assertThat(s.channelCount).isEqualTo(18);
        assertThat(s.channelsUs[0]).isEqualTo(1000);
        assertThat(s.channelsUs[1]).isEqualTo(2000);
        assertThat(s.channelsUs[2]).isEqualTo(1500);
        assertThat(s.channelsUs[15]).isEqualTo(1500);
        assertThat(s.channelsUs[16]).isEqualTo(1998);
        assertThat(s.channelsUs[17]).isEqualTo(998);
        assertThat(s.timestampSampleNs).isEqualTo(3 * MS);
        assertThat(parser.frames()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x04, 0x14, 0x24, 0x34})
    void shouldAcceptTheSbusAndSbus2EndBytes(int end) {
        feed(sbus(0, end, 1800), MS);
        assertThat(parser.frames()).isEqualTo(1);
        assertThat(parser.sample().channelsUs[0]).isEqualTo(2000);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x01, 0x03, 0x0F, 0x44, 0xFF})
    void shouldRejectOtherEndBytes(int end) {
        feed(sbus(0, end, 1800), MS);
        assertThat(parser.frames()).isZero();
        assertThat(parser.formatErrors()).isEqualTo(1);
        assertThat(parser.sample().failsafe).isTrue();
        assertThat(parser.sample().channelCount).isZero();
    }

    @Test
    void shouldResynchroniseAfterABadEndByte() {
        // Given a frame with a corrupt end byte, then a good frame
        byte[] bad = sbus(0, 0x55, 1800);
        feed(concat(bad, sbus(0, 0, 200)), MS);
        // Then the bad one is skipped and counted (header values inside its channel data are
        // candidates too, and fail the same way), and the good one is decoded
        assertThat(parser.formatErrors()).isGreaterThanOrEqualTo(1);
        assertThat(parser.frames()).isEqualTo(1);
        assertThat(parser.skippedBytes()).isEqualTo(25);
        assertThat(parser.sample().channelsUs[0]).isEqualTo(1000);
    }

    @Test
    void shouldFindFramesAfterAStartInTheMiddleOfAFrame() {
        byte[] first = sbus(0, 0, 1800);
        byte[] tail = Arrays.copyOfRange(first, 12, 25);
        feed(concat(tail, sbus(0, 0, 300), sbus(0, 0, 400)), MS);
        assertThat(parser.frames()).isEqualTo(2);
        assertThat(parser.skippedBytes()).isEqualTo(tail.length);
        assertThat(parser.sample().channelsUs[0]).isEqualTo(SbusParser.toMicroseconds(400));
    }

    @Test
    void shouldDropAPartialFrameAtAnInterFrameGap() {
        // Given half a frame, then a gap seen by the driver, then a whole frame
        byte[] half = Arrays.copyOf(sbus(0, 0, 1800), 12);
        feed(half, MS);
        parser.gap();
        feed(sbus(0, 0, 200), 10 * MS);
        // Then the half frame is skipped, not glued to the next one
        assertThat(parser.skippedBytes()).isEqualTo(12);
        assertThat(parser.frames()).isEqualTo(1);
        assertThat(parser.sample().channelsUs[0]).isEqualTo(1000);
    }

    @Test
    void shouldNeverReportSticksFromAFailsafeFrame() {
        // Given valid sticks
        feed(sbus(0, 0, 1800), MS);
        // When the receiver sends its failsafe frame (failsafe and frame-lost bits, preset channels)
        boolean changed = feed(sbus(0x0C, 0, 1800, 1800, 1800, 1800), 2 * MS);
        // Then the sample says failsafe and carries no channels
        assertThat(changed).isTrue();
        assertThat(parser.sample().failsafe).isTrue();
        assertThat(parser.sample().channelCount).isZero();
        assertThat(parser.sample().channelsUs[0]).isZero();
        assertThat(parser.failsafeFrames()).isEqualTo(1);
        // And the next normal frame restores them
        feed(sbus(0, 0, 200), 3 * MS);
        assertThat(parser.sample().failsafe).isFalse();
        assertThat(parser.sample().channelsUs[0]).isEqualTo(1000);
    }

    @Test
    void shouldKeepHeldChannelsOfAFrameLostFrameAndCountIt() {
        feed(sbus(0x04, 0x00, 1800), MS);
        assertThat(parser.sample().failsafe).isFalse();
        assertThat(parser.sample().frameLost).isTrue();
        assertThat(parser.sample().channelsUs[0]).isEqualTo(2000);
        assertThat(parser.lostFrames()).isEqualTo(1);
    }

    @Test
    void shouldTurnToFailsafeWhenFramesStop() {
        feed(sbus(0, 0, 1800), 0);
        assertThat(parser.checkTimeout(100 * MS)).isFalse();
        assertThat(parser.checkTimeout(101 * MS)).isTrue();
        assertThat(parser.sample().failsafe).isTrue();
        assertThat(parser.sample().channelCount).isZero();
        assertThat(parser.linkLosses()).isEqualTo(1);
        assertThat(parser.checkTimeout(300 * MS)).isFalse();
    }

    @Test
    void shouldNotAllocateWhileParsing() {
        byte[] stream = concat(sbus(0x01, 0x00, 200, 1800), sbus(0x04, 0x14, 1000), sbus(0x08, 0x00),
                sbus(0, 0x77), new byte[] {3, 0x0F, 9});
        long[] now = {0};
        long bytes = RcFrames.bytesPer10000(i -> {
            now[0] += 7 * MS;
            parser.feed(stream, 0, stream.length, now[0]);
            parser.gap();
            parser.checkTimeout(now[0] + MS);
        });
        assertThat(bytes).isZero();
    }
}
