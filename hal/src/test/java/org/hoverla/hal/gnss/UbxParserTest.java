package org.hoverla.hal.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.hoverla.hal.gnss.UbxTestFrames.ascii;
import static org.hoverla.hal.gnss.UbxTestFrames.concat;
import static org.hoverla.hal.gnss.UbxTestFrames.pvt;
import static org.hoverla.hal.gnss.UbxTestFrames.pvtFrame;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.gnss.UbxTestFrames.Payload;
import org.junit.jupiter.api.Test;

class UbxParserTest {
    private static final double EPS = 1e-9;

    /** Records epochs (copied) and frame keys. */
    static final class Recorder implements UbxParser.Listener {
        final List<GnssSample> epochs = new ArrayList<>();
        final List<Integer> frames = new ArrayList<>();

        @Override
        public void onFrame(int msgClass, int msgId, byte[] payload, int offset, int length) {
            frames.add(UbxProtocol.key(msgClass, msgId));
        }

        @Override
        public void onEpoch(GnssSample sample) {
            GnssSample copy = new GnssSample();
            copy.copyFrom(sample);
            epochs.add(copy);
        }
    }

    private final Recorder rec = new Recorder();
    private final UbxParser parser = new UbxParser(rec);

    private void feed(byte[] bytes) {
        parser.feed(bytes, 0, bytes.length);
    }

    private void assertEveryByteAccountedFor(long fed) {
        // frames' bytes + skipped + pending == fed (nothing lost, nothing counted twice)
        assertThat(parser.skippedBytes() + parser.pendingBytes() + frameBytes).isEqualTo(fed);
    }

    private long frameBytes;

    private void feedCounting(byte[] bytes, int framesInside, int frameLength) {
        feed(bytes);
        frameBytes += (long) framesInside * frameLength;
    }

    @Test
    void shouldComputeTheFletcherChecksumOfTheMonVerPoll() {
        // Given the MON-VER poll B5 62 0A 04 00 00: by hand A = 0A,0E,0E,0E and B = 0A,18,26,34
        // When framing it
        byte[] f = UbxProtocol.frame(0x0A, 0x04, new byte[0]);
        // Then the checksum is 0E 34
        assertThat(f).containsExactly(0xB5, 0x62, 0x0A, 0x04, 0x00, 0x00, 0x0E, 0x34);
    }

    @Test
    void shouldDecodeEveryNavPvtField() {
        // Given a hand-built NAV-PVT
        // When it is fed
        feed(pvtFrame(123_456_000L));
        // Then one epoch carries the scaled values (1e-7 deg, mm, mm/s)
        assertThat(rec.epochs).hasSize(1);
        GnssSample s = rec.epochs.get(0);
        assertThat(s.fixType).isEqualTo(GnssSample.FIX_3D);
        assertThat(s.satellitesUsed).isEqualTo(14);
        assertThat(s.latDeg).isCloseTo(50.4501234, within(EPS));
        assertThat(s.lonDeg).isCloseTo(30.4567891, within(EPS));
        assertThat(s.altMslM).isCloseTo(180.5, within(EPS));
        assertThat(s.ephM).isCloseTo(1.5, within(EPS));
        assertThat(s.epvM).isCloseTo(2.5, within(EPS));
        assertThat(s.velNMps).isCloseTo(1.234, within(EPS));
        assertThat(s.velEMps).isCloseTo(-0.567, within(EPS));
        assertThat(s.velDMps).isCloseTo(0.089, within(EPS));
        assertThat(s.sAccMps).isCloseTo(0.3, within(EPS));
        assertThat(s.hdop).isNaN();
        assertThat(parser.groundSpeedMps()).isCloseTo(1.358, within(EPS));
        assertThat(parser.courseDeg()).isCloseTo(330.0, within(EPS));
        assertThat(parser.receiverFixType()).isEqualTo(3);
        assertThat(parser.gnssFixOk()).isTrue();
        assertThat(parser.epochITowMs()).isEqualTo(123_456_000L);
        assertThat(parser.hasUtcTime()).isTrue();
        assertThat(parser.utcTimeMs()).isEqualTo(Instant.parse("2026-12-04T19:30:15.250Z").toEpochMilli());
        assertThat(parser.framesOk()).isEqualTo(1);
        assertThat(parser.skippedBytes()).isZero();
    }

    @Test
    void shouldReportNoFixAndNoTimeWhenTheReceiverSaysSo() {
        // Given NAV-PVT with fixType 3 but gnssFixOK clear, and validTime clear
        feed(pvt(1).put(21, 0x00, 1).put(11, 0x01, 1).frame(1, 7));
        // Then no fix and no UTC time
        assertThat(rec.epochs.get(0).fixType).isEqualTo(GnssSample.FIX_NONE);
        assertThat(parser.hasUtcTime()).isFalse();
    }

    @Test
    void shouldMapDifferentialAndRtkSolutionsLikePx4() {
        // Given diffSoln, then carrSoln float (bits 7..6 = 1), then fixed (= 2), then GNSS+DR, then 2-D
        feed(pvt(1).put(21, 0x03, 1).frame(1, 7));
        feed(pvt(2).put(21, 0x43, 1).frame(1, 7));
        feed(pvt(3).put(21, 0x83, 1).frame(1, 7));
        feed(pvt(4).put(20, 4, 1).frame(1, 7));
        feed(pvt(5).put(20, 2, 1).frame(1, 7));
        // Then 4 (DGPS), 5 (RTK float), 6 (RTK fixed), 3, 2
        assertThat(rec.epochs).extracting(e -> e.fixType).containsExactly(4, 5, 6, 3, 2);
    }

    @Test
    void shouldAcceptTheShorterUblox7NavPvtAndCountATooShortOne() {
        // Given an 84-byte NAV-PVT (u-blox 7) and a 60-byte one
        feed(new Payload(84).put(0, 7, 4).put(20, 3, 1).put(21, 1, 1).put(23, 6, 1).frame(1, 7));
        feed(new Payload(60).frame(1, 7));
        // Then the first is an epoch, the second a decode error
        assertThat(rec.epochs).hasSize(1);
        assertThat(rec.epochs.get(0).satellitesUsed).isEqualTo(6);
        assertThat(parser.decodeErrors()).isEqualTo(1);
        assertThat(parser.framesOk()).isEqualTo(2);
    }

    private static byte[] sol(long iTow) {
        return new Payload(52).put(0, iTow, 4).put(10, 3, 1).put(11, 0x0D, 1).put(40, 25, 4).put(47, 9, 1)
                .frame(1, 6);
    }

    private static byte[] posllh(long iTow) {
        return new Payload(28).put(0, iTow, 4).put(4, -1_225_000_000, 4).put(8, 374_000_000, 4)
                .put(12, 40_000, 4).put(16, 12_345, 4).put(20, 3_000, 4).put(24, 4_500, 4).frame(1, 2);
    }

    private static byte[] velned(long iTow) {
        return new Payload(36).put(0, iTow, 4).put(4, 150, 4).put(8, -250, 4).put(12, 10, 4).put(16, 300, 4)
                .put(20, 292, 4).put(24, 30_096_000, 4).put(28, 20, 4).frame(1, 0x12);
    }

    private static byte[] timeutc(long iTow) {
        return new Payload(20).put(0, iTow, 4).put(8, 0, 4).put(12, 2019, 2).put(14, 4, 1).put(15, 22, 1)
                .put(16, 21, 1).put(17, 19, 1).put(18, 20, 1).put(19, 0x07, 1).frame(1, 0x21);
    }

    @Test
    void shouldAssembleAnOlderReceiversEpochFromSolPosllhAndVelnedOfOneITow() {
        // Given NAV-TIMEUTC, then NAV-SOL, NAV-POSLLH of iTOW 1000 and a NAV-VELNED of another epoch
        feed(timeutc(1000));
        feed(sol(1000));
        feed(posllh(1000));
        feed(velned(800));
        // Then no epoch yet
        assertThat(rec.epochs).isEmpty();
        // When the NAV-VELNED of iTOW 1000 arrives
        feed(velned(1000));
        // Then one epoch with SOL's fix/numSV/sAcc (cm/s), POSLLH's position and VELNED's velocity (cm/s)
        assertThat(rec.epochs).hasSize(1);
        GnssSample s = rec.epochs.get(0);
        assertThat(s.fixType).isEqualTo(3);
        assertThat(s.satellitesUsed).isEqualTo(9);
        assertThat(s.sAccMps).isCloseTo(0.25, within(EPS));
        assertThat(s.lonDeg).isCloseTo(-122.5, within(EPS));
        assertThat(s.latDeg).isCloseTo(37.4, within(EPS));
        assertThat(s.altMslM).isCloseTo(12.345, within(EPS));
        assertThat(s.ephM).isCloseTo(3.0, within(EPS));
        assertThat(s.epvM).isCloseTo(4.5, within(EPS));
        assertThat(s.velNMps).isCloseTo(1.5, within(EPS));
        assertThat(s.velEMps).isCloseTo(-2.5, within(EPS));
        assertThat(s.velDMps).isCloseTo(0.1, within(EPS));
        assertThat(parser.groundSpeedMps()).isCloseTo(2.92, within(EPS));
        assertThat(parser.courseDeg()).isCloseTo(300.96, within(EPS));
        assertThat(parser.utcTimeMs()).isEqualTo(Instant.parse("2019-04-22T21:19:20Z").toEpochMilli());
        // And the next epoch (no NAV-TIMEUTC of its own) is dated 200 ms later
        feed(concat(velned(1200), posllh(1200), sol(1200)));
        assertThat(rec.epochs).hasSize(2);
        assertThat(parser.utcTimeMs()).isEqualTo(Instant.parse("2019-04-22T21:19:20.200Z").toEpochMilli());
    }

    @Test
    void shouldIgnoreTheOlderMessagesOnceNavPvtIsSeen() {
        // Given a receiver that sends NAV-PVT as well as the older trio
        feed(pvtFrame(1000));
        feed(concat(sol(1000), posllh(1000), velned(1000)));
        // Then the epoch is reported once
        assertThat(rec.epochs).hasSize(1);
    }

    @Test
    void shouldAttachNavDopOfTheSameEpoch() {
        // Given NAV-PVT then NAV-DOP of the same iTOW (hDOP 0.87, vDOP 1.42), then a NAV-PVT of the next one
        feed(pvtFrame(5000));
        feed(new Payload(18).put(0, 5000, 4).put(10, 142, 2).put(12, 87, 2).frame(1, 4));
        // Then the latest sample has them; an epoch without a DOP of its own has none
        assertThat(parser.sample().hdop).isCloseTo(0.87, within(EPS));
        assertThat(parser.sample().vdop).isCloseTo(1.42, within(EPS));
        feed(pvtFrame(5200));
        assertThat(rec.epochs.get(1).hdop).isNaN();
    }

    @Test
    void shouldCountSatellitesUsedInNavSat() {
        // Given NAV-SAT with 3 satellites, flags svUsed (bit 3) on the first and third
        Payload sat = new Payload(8 + 3 * 12).put(0, 1, 4).put(4, 1, 1).put(5, 3, 1);
        sat.put(8 + 8, 0x08 | 0x07, 4).put(8 + 12 + 8, 0x04, 4).put(8 + 24 + 8, 0x1F, 4);
        // When fed
        feed(sat.frame(1, 0x35));
        // Then 3 visible, 2 used
        assertThat(parser.satellitesVisible()).isEqualTo(3);
        assertThat(parser.satellitesUsedInNavSat()).isEqualTo(2);
        // And a NAV-SAT claiming more satellites than it carries is a decode error
        feed(new Payload(8 + 12).put(5, 2, 1).frame(1, 0x35));
        assertThat(parser.decodeErrors()).isEqualTo(1);
        assertThat(parser.satellitesVisible()).isEqualTo(3);
    }

    @Test
    void shouldReportMonRfJammingInTheNextEpoch() {
        // Given MON-RF with two blocks: the first jammingState 2 (warning), jamInd 87
        Payload rf = new Payload(4 + 2 * 24).put(0, 0, 1).put(1, 2, 1);
        rf.put(4 + 1, 0x02, 1).put(4 + 16, 87, 1).put(28 + 1, 0x01, 1).put(28 + 16, 3, 1);
        // When fed before an epoch
        feed(rf.frame(0x0A, 0x38));
        feed(pvtFrame(1));
        // Then the state and indicator are the first block's
        assertThat(parser.jammingState()).isEqualTo(2);
        assertThat(parser.jammingIndicator()).isEqualTo(87);
        assertThat(rec.epochs.get(0).jammingIndicator).isEqualTo(87);
    }

    @Test
    void shouldReadJamIndFromBothMonHwLayouts() {
        // Given the 60-byte (u-blox 7/8) MON-HW with flags jammingState 3 (bits 3..2), jamInd 200 at 45
        feed(new Payload(60).put(22, 0x0C, 1).put(45, 200, 1).frame(0x0A, 0x09));
        assertThat(parser.jammingState()).isEqualTo(3);
        assertThat(parser.jammingIndicator()).isEqualTo(200);
        // And the 68-byte (u-blox 6) one with jamInd at 53
        feed(new Payload(68).put(22, 0x04, 1).put(53, 12, 1).frame(0x0A, 0x09));
        assertThat(parser.jammingState()).isEqualTo(1);
        assertThat(parser.jammingIndicator()).isEqualTo(12);
    }

    @Test
    void shouldDecodeSecSigVersionsOneAndTwo() {
        // Given SEC-SIG v1: jamFlags 0x03 (enabled, state 1), spfFlags 0x05 (enabled, state 2 indicated)
        feed(new Payload(12).put(0, 1, 1).put(4, 0x03, 1).put(8, 0x05, 1).frame(0x27, 0x09));
        feed(pvtFrame(1));
        assertThat(parser.jammingState()).isEqualTo(1);
        assertThat(parser.spoofingState()).isEqualTo(2);
        assertThat(rec.epochs.get(0).spoofingState).isEqualTo(2);
        // And v2: sigSecFlags = jam state 3 (bits 2..1 = 0b11 -> 0x06) | enabled bits | spf state 3 (0x30)
        feed(new Payload(4).put(0, 2, 1).put(1, 0x06 | 0x01 | 0x08 | 0x30, 1).frame(0x27, 0x09));
        assertThat(parser.jammingState()).isEqualTo(3);
        assertThat(parser.spoofingState()).isEqualTo(3);
    }

    @Test
    void shouldCountAChecksumErrorAndDecodeTheNextFrame() {
        // Given a NAV-PVT with one payload byte flipped, then a good one
        byte[] bad = pvtFrame(1);
        bad[40] ^= 0x10;
        feed(bad);
        feed(pvtFrame(2));
        // Then one checksum error, one epoch (the good one), and every byte accounted for
        assertThat(parser.checksumErrors()).isEqualTo(1);
        assertThat(rec.epochs).hasSize(1);
        assertThat(parser.epochITowMs()).isEqualTo(2);
        assertThat(parser.sample().errorCount).isEqualTo(1);
        assertThat(parser.skippedBytes()).isEqualTo(100);
        assertThat(parser.pendingBytes()).isZero();
    }

    @Test
    void shouldSynchroniseWhenStartedMidFrame() {
        // Given the last 40 bytes of one NAV-PVT frame (the port opened mid-frame), then two whole ones
        byte[] whole = pvtFrame(1);
        byte[] tail = Arrays.copyOfRange(whole, whole.length - 40, whole.length);
        feedCounting(tail, 0, 0);
        feedCounting(concat(pvtFrame(2), pvtFrame(3)), 2, 100);
        // Then both whole frames decode and the tail is skipped
        assertThat(rec.epochs).hasSize(2);
        assertThat(parser.epochITowMs()).isEqualTo(3);
        assertThat(parser.skippedBytes()).isEqualTo(40);
        assertEveryByteAccountedFor(240);
    }

    @Test
    void shouldFindEveryFrameInRandomGarbageThatContainsFalseSyncs() {
        // Given 200 frames, each preceded by up to 60 random bytes sprinkled with B5 62 and huge or small lengths
        Random rnd = new Random(12);
        long fed = 0;
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[rnd.nextInt(60)];
            rnd.nextBytes(junk);
            for (int j = 0; j + 1 < junk.length; j += 7) {
                junk[j] = (byte) 0xB5;
                junk[j + 1] = 0x62;
            }
            feed(junk);
            feed(pvtFrame(i));
            fed += junk.length + 100;
            frameBytes += 100;
        }
        // Then all 200 epochs come out in order (a false candidate may delay, never lose, a frame)
        feed(new byte[2100]); // flush a false candidate still waiting for its claimed length
        fed += 2100;
        assertThat(parser.epochs()).isEqualTo(200);
        assertThat(parser.framesOk()).isEqualTo(200);
        assertEveryByteAccountedFor(fed);
    }

    @Test
    void shouldRecoverTheFramesThatFollowATruncatedOne() {
        // Given a NAV-PVT cut after 50 bytes, then three whole frames
        byte[] cut = Arrays.copyOf(pvtFrame(1), 50);
        feedCounting(cut, 0, 0);
        feedCounting(concat(pvtFrame(2), pvtFrame(3), pvtFrame(4)), 3, 100);
        // Then the three whole frames are decoded (the cut one swallowed their bytes, failed its
        // checksum, and its bytes were searched again)
        assertThat(parser.epochs()).isEqualTo(3);
        assertThat(parser.checksumErrors()).isEqualTo(1);
        assertThat(parser.epochITowMs()).isEqualTo(4);
        assertEveryByteAccountedFor(350);
    }

    @Test
    void shouldRejectAnAbsurdLengthWithoutWaitingForIt() {
        // Given a header claiming 65535 bytes, then a good frame
        feed(new byte[] {(byte) 0xB5, 0x62, 0x01, 0x07, (byte) 0xFF, (byte) 0xFF});
        feed(pvtFrame(9));
        // Then the length is counted as an error and the good frame decodes at once
        assertThat(parser.lengthErrors()).isEqualTo(1);
        assertThat(parser.epochs()).isEqualTo(1);
        assertThat(parser.skippedBytes()).isEqualTo(6);
    }

    @Test
    void shouldCarryOnAfterTheReceiverRebootsMidStream() {
        // Given frames, one cut by a reboot, the receiver's boot banner (NMEA TXT), then frames again
        byte[] cut = Arrays.copyOf(pvtFrame(2), 37);
        byte[] banner = ascii("$GNTXT,01,01,02,u-blox AG - www.u-blox.com*4E\r\n"
                + "$GNTXT,01,01,02,HW UBX-M8030 00080000*60\r\n"
                + "$GNTXT,01,01,02,ROM CORE 3.01 (107888)*2B\r\n");
        feedCounting(pvtFrame(1), 1, 100);
        feedCounting(cut, 0, 0);
        feedCounting(banner, 0, 0);
        feedCounting(concat(pvtFrame(3), pvtFrame(4)), 2, 100);
        // Then frames 1, 3 and 4 decode; the cut frame and the banner are skipped
        assertThat(parser.epochs()).isEqualTo(3);
        assertThat(parser.epochITowMs()).isEqualTo(4);
        assertEveryByteAccountedFor(300 + cut.length + banner.length);
    }

    @Test
    void shouldHandTheListenerEveryGoodFrame() {
        // Given an ACK-ACK for CFG-MSG and a MON-VER poll echo
        feed(new Payload(2).put(0, 0x06, 1).put(1, 0x01, 1).frame(0x05, 0x01));
        feed(UbxProtocol.frame(0x0A, 0x04, new byte[0]));
        // Then the listener saw both keys
        assertThat(rec.frames).containsExactly(0x0501, 0x0A04);
    }

    @Test
    void shouldRefuseAnUnusablePayloadBound() {
        assertThatThrownBy(() -> new UbxParser(null, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPayload");
    }
}
