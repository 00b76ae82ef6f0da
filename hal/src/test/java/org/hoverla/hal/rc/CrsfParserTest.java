package org.hoverla.hal.rc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.hal.rc.RcFrames.concat;
import static org.hoverla.hal.rc.RcFrames.crsf;
import static org.hoverla.hal.rc.RcFrames.crsfChannels;
import static org.hoverla.hal.rc.RcFrames.crsfLinkStatistics;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.hoverla.hal.RcInputSample;
import org.junit.jupiter.api.Test;

class CrsfParserTest {
    private static final long MS = 1_000_000L;
    private final CrsfParser parser = new CrsfParser(100 * MS);

    private boolean feed(byte[] bytes, long nowNs) {
        return parser.feed(bytes, 0, bytes.length, nowNs);
    }

    @Test
    void shouldMatchTheCrc8DvbS2CheckValue() {
        // Given the catalogue check input "123456789" (CRC-8/DVB-S2: poly 0xD5, init 0, check 0xBC)
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        // Then both the table and an independent bitwise form give 0xBC
        assertThat(CrsfCrc8.compute(check, 0, 9)).isEqualTo(0xBC);
        assertThat(RcFrames.crc8Bitwise(check, 0, 9)).isEqualTo(0xBC);
    }

    @Test
    void shouldConvertChannelValuesAsBetaflightAndExpressLrsDo() {
        assertThat(CrsfParser.toMicroseconds(172)).isEqualTo(988);
        assertThat(CrsfParser.toMicroseconds(992)).isEqualTo(1500);
        assertThat(CrsfParser.toMicroseconds(1811)).isEqualTo(2012);
        assertThat(CrsfParser.toMicroseconds(0)).isEqualTo(881);
        assertThat(CrsfParser.toMicroseconds(2047)).isEqualTo(2159);
    }

    @Test
    void shouldDecodeHandPackedChannels() {
        // Given channels 172, 992, 1811, 992 packed by hand, least significant bit first:
        // ch0 0x0AC -> byte0 0xAC; byte1 = ch0 bits 8..10 (0) | ch1 bits 0..4 (0) << 3 = 0x00;
        // byte2 = ch1 bits 5..10 (0x1F) | ch2 bits 0..1 (3) << 6 = 0xDF; byte3 = ch2 bits 2..9 = 0xC4;
        // byte4 = ch2 bit 10 (1) | ch3 bits 0..6 (0x60) << 1 = 0xC1
        byte[] frame = crsfChannels(172, 992, 1811, 992);
        assertThat(new byte[] {frame[3], frame[4], frame[5], frame[6], frame[7]})
                .containsExactly(0xAC, 0x00, 0xDF, 0xC4, 0xC1);
        // When it is fed
        boolean changed = feed(frame, 5 * MS);
        // Then the sample holds 16 valid channels in microseconds
        RcInputSample s = parser.sample();
        assertThat(changed).isTrue();
        assertThat(s.failsafe).isFalse();
        assertThat(s.channelCount).isEqualTo(16);
        assertThat(s.channelsUs[0]).isEqualTo(988);
        assertThat(s.channelsUs[1]).isEqualTo(1500);
        assertThat(s.channelsUs[2]).isEqualTo(2012);
        assertThat(s.channelsUs[15]).isEqualTo(1500);
        assertThat(s.timestampSampleNs).isEqualTo(5 * MS);
        assertThat(parser.rcFrames()).isEqualTo(1);
        assertThat(parser.skippedBytes()).isZero();
    }

    @Test
    void shouldAcceptARealFrameCapturedFromAnElrsLink() {
        // Given the RC frame printed in the kielerrr/CRSFv2-elrs README (handset to TX module, so its
        // address byte is 0xEE; the CRC 0x36 covers type and payload only, so 0xC8 keeps it valid)
        byte[] frame = java.util.HexFormat.of().parseHex(
                "c81816e1e3de09c7d78a56800f7ce0031ff8c0073ef0810f7c36");
        // When it is fed
        feed(frame, MS);
        // Then the CRC passes and the channels match an independent unpacking of the payload as one
        // little-endian integer (done in Python while writing this test)
        assertThat(parser.crcErrors()).isZero();
        assertThat(parser.rcFrames()).isEqualTo(1);
        int[] expectedRaw = {993, 988, 1063, 995, 173, 173, 992, 992};
        for (int i = 0; i < expectedRaw.length; i++) {
            assertThat(parser.sample().channelsUs[i]).isEqualTo(CrsfParser.toMicroseconds(expectedRaw[i]));
        }
    }

    @Test
    void shouldDecodeTheLastChannelWhichEndsOnTheFinalByte() {
        byte[] frame = crsfChannels(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2047);
        feed(frame, MS);
        assertThat(parser.sample().channelsUs[15]).isEqualTo(2159);
        assertThat(parser.sample().channelsUs[14]).isEqualTo(881);
    }

    @Test
    void shouldDecodeLinkStatistics() {
        // Given RSSI -45/-60 dBm, LQ 98, SNR -3 dB, antenna 1, mode 5, power index 3 (100 mW),
        // downlink -70 dBm, LQ 87, SNR 6 dB
        feed(crsfLinkStatistics(45, 60, 98, -3, 1, 5, 3, 70, 87, 6), 7 * MS);
        CrsfLinkStatistics l = parser.linkStatistics();
        assertThat(l.uplinkRssiAnt1Dbm).isEqualTo(-45);
        assertThat(l.uplinkRssiAnt2Dbm).isEqualTo(-60);
        assertThat(l.uplinkLinkQualityPct).isEqualTo(98);
        assertThat(l.uplinkSnrDb).isEqualTo(-3);
        assertThat(l.activeAntenna).isEqualTo(1);
        assertThat(l.rfMode).isEqualTo(5);
        assertThat(l.uplinkTxPowerMw()).isEqualTo(100);
        assertThat(l.downlinkRssiDbm).isEqualTo(-70);
        assertThat(l.downlinkLinkQualityPct).isEqualTo(87);
        assertThat(l.downlinkSnrDb).isEqualTo(6);
        assertThat(l.timestampNs).isEqualTo(7 * MS);
        assertThat(parser.sample().linkQualityPct).isEqualTo(98);
        assertThat(parser.linkStatisticsFrames()).isEqualTo(1);
    }

    @Test
    void shouldReportFailsafeWithoutChannelsBeforeTheFirstFrame() {
        assertThat(parser.sample().failsafe).isTrue();
        assertThat(parser.sample().channelCount).isZero();
    }

    @Test
    void shouldCountAndSkipAFrameWithABadCrcAndKeepTheNextOne() {
        // Given a frame with one payload bit flipped, then a good frame
        byte[] bad = crsfChannels(172);
        bad[10] ^= 0x01;
        byte[] good = crsfChannels(1811);
        // When both are fed
        feed(concat(bad, good), MS);
        // Then the bad one is a CRC error, its bytes are skipped, and the good one is decoded
        assertThat(parser.crcErrors()).isEqualTo(1);
        assertThat(parser.rcFrames()).isEqualTo(1);
        assertThat(parser.skippedBytes()).isEqualTo(bad.length);
        assertThat(parser.sample().channelsUs[0]).isEqualTo(2012);
    }

    @Test
    void shouldRejectLengthsOutsideTheSpecificationAndResynchronise() {
        // Given an address byte followed by length 63 (frame would exceed 64 bytes) and one of 1
        byte[] stream = concat(new byte[] {(byte) 0xC8, 63, (byte) 0xC8, 1}, crsfChannels(172));
        feed(stream, MS);
        assertThat(parser.formatErrors()).isEqualTo(2);
        assertThat(parser.skippedBytes()).isEqualTo(4);
        assertThat(parser.rcFrames()).isEqualTo(1);
        assertThat(parser.sample().channelsUs[0]).isEqualTo(988);
    }

    @Test
    void shouldCountAnRcFrameWithAWrongPayloadSizeAsAFormatError() {
        feed(crsf(0x16, new byte[20]), MS);
        assertThat(parser.formatErrors()).isEqualTo(1);
        assertThat(parser.rcFrames()).isZero();
        assertThat(parser.sample().failsafe).isTrue();
    }

    @Test
    void shouldIgnoreOtherFrameTypesWithAGoodCrc() {
        feed(concat(crsf(0x08, new byte[8]), crsfChannels(172)), MS);
        assertThat(parser.otherFrames()).isEqualTo(1);
        assertThat(parser.rcFrames()).isEqualTo(1);
        assertThat(parser.skippedBytes()).isZero();
    }

    @Test
    void shouldFindFramesAfterAStartInTheMiddleOfAFrame() {
        // Given a stream that starts 9 bytes into a frame
        byte[] first = crsfChannels(172);
        byte[] tail = java.util.Arrays.copyOfRange(first, 9, first.length);
        // When the tail and two whole frames arrive
        feed(concat(tail, crsfChannels(992), crsfChannels(1811)), MS);
        // Then the tail is skipped and both frames are decoded
        assertThat(parser.rcFrames()).isEqualTo(2);
        assertThat(parser.skippedBytes()).isEqualTo(tail.length);
        assertThat(parser.sample().channelsUs[0]).isEqualTo(2012);
    }

    @Test
    void shouldSurviveRandomGarbageAndDecodeTheFramesBetweenIt() {
        // Given seeded noise (with many 0xC8 bytes) around 50 good frames
        Random random = new Random(12);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 50; i++) {
            byte[] noise = new byte[random.nextInt(40)];
            random.nextBytes(noise);
            for (int k = 0; k < noise.length; k += 5) {
                noise[k] = (byte) 0xC8;
            }
            out.writeBytes(noise);
            out.writeBytes(crsfChannels(172 + i));
        }
        // When fed in chunks of 7 bytes
        byte[] all = out.toByteArray();
        for (int off = 0; off < all.length; off += 7) {
            if (parser.feed(all, off, Math.min(7, all.length - off), MS) && !parser.sample().failsafe) {
                // Then every sample carries one of the real frames' values, never noise
                assertThat(parser.sample().channelsUs[0]).isBetween(CrsfParser.toMicroseconds(172),
                        CrsfParser.toMicroseconds(172 + 49));
                assertThat(parser.sample().channelsUs[5]).isEqualTo(1500);
                assertThat(parser.sample().channelsUs[15]).isEqualTo(1500);
            }
        }
        // And the frames are found; an 8-bit CRC passes about 1 in 256 noise candidates, and such a
        // false frame of another type can swallow the start of the next real one
        assertThat(parser.rcFrames()).isGreaterThanOrEqualTo(48);
        assertThat(parser.rcFrames() + parser.otherFrames()).isLessThanOrEqualTo(52);
        assertThat(parser.crcErrors() + parser.formatErrors()).isPositive();
        assertThat(parser.skippedBytes()).isPositive();
    }

    @Test
    void shouldTurnToFailsafeWhenRcFramesStopForTheTimeout() {
        // Given a valid frame at 0 ms
        feed(crsfChannels(172), 0);
        // When nothing arrives for 100 ms and then 101 ms
        boolean atLimit = parser.checkTimeout(100 * MS);
        assertThat(atLimit).isFalse();
        assertThat(parser.sample().failsafe).isFalse();
        boolean after = parser.checkTimeout(101 * MS);
        // Then the sample turns to failsafe with no channels, counted once
        assertThat(after).isTrue();
        assertThat(parser.sample().failsafe).isTrue();
        assertThat(parser.sample().channelCount).isZero();
        assertThat(parser.linkLosses()).isEqualTo(1);
        assertThat(parser.checkTimeout(200 * MS)).isFalse();
        assertThat(parser.linkLosses()).isEqualTo(1);
        // And a new frame restores the channels
        feed(crsfChannels(992), 300 * MS);
        assertThat(parser.sample().failsafe).isFalse();
        assertThat(parser.sample().channelsUs[0]).isEqualTo(1500);
    }

    @Test
    void shouldNeverReportSticksWhileLinkQualityIsZero() {
        // Given valid sticks
        feed(crsfChannels(1811), MS);
        // When the receiver reports LQ 0 and RC frames keep coming
        boolean changed = feed(crsfLinkStatistics(120, 120, 0, -10, 0, 5, 3, 120, 0, -10), 2 * MS);
        feed(crsfChannels(1811), 3 * MS);
        // Then the sample is failsafe with no channels and the frames are counted
        assertThat(changed).isTrue();
        assertThat(parser.sample().failsafe).isTrue();
        assertThat(parser.sample().channelCount).isZero();
        assertThat(parser.sample().channelsUs[0]).isZero();
        assertThat(parser.failsafeFrames()).isEqualTo(1);
        // And when LQ comes back the next RC frame is used again
        feed(crsfLinkStatistics(60, 60, 100, 8, 0, 5, 3, 60, 100, 8), 4 * MS);
        assertThat(parser.sample().failsafe).isTrue();
        feed(crsfChannels(992), 5 * MS);
        assertThat(parser.sample().failsafe).isFalse();
        assertThat(parser.sample().channelsUs[0]).isEqualTo(1500);
    }

    @Test
    void shouldNotAllocateWhileParsing() {
        // Given a stream of RC, link-statistics and corrupt frames
        byte[] bad = crsfChannels(500);
        bad[8] ^= 0x40;
        byte[] stream = concat(crsfChannels(172, 992, 1811), crsfLinkStatistics(50, 50, 100, 5, 0, 5, 3, 50, 100, 5),
                bad, new byte[] {1, 2, (byte) 0xC8});
        long[] now = {0};
        // When it is fed 10 000 times
        long bytes = RcFrames.bytesPer10000(i -> {
            now[0] += 4 * MS;
            parser.feed(stream, 0, stream.length, now[0]);
            parser.checkTimeout(now[0] + MS);
        });
        // Then nothing is allocated
        assertThat(bytes).isZero();
    }
}
