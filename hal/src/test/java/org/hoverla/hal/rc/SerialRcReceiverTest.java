package org.hoverla.hal.rc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.hal.rc.RcFrames.concat;
import static org.hoverla.hal.rc.RcFrames.crsf;
import static org.hoverla.hal.rc.RcFrames.crsfChannels;
import static org.hoverla.hal.rc.RcFrames.crsfLinkStatistics;
import static org.hoverla.hal.rc.RcFrames.sbus;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.hoverla.hal.RcInputSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.UartPort;
import org.junit.jupiter.api.Test;

/**
 * The serial RC receiver driven through a scripted UART and a manual clock, without socat: what
 * each bad input costs, the link timeout, an unplugged receiver, CRSF telemetry timing, allocation.
 */
class SerialRcReceiverTest {
    private static final long MS = 1_000_000L;

    /** A UART that returns one scripted chunk per read (0 when the script is empty) and records writes. */
    static final class ScriptedUart implements UartPort {
        final Deque<byte[]> chunks = new ArrayDeque<>();
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final long[] clock;
        final long readStepNs;
        boolean unplugged;

        ScriptedUart(long[] clock, long readStepNs) {
            this.clock = clock;
            this.readStepNs = readStepNs;
        }

        @Override
        public int read(byte[] dst, int off, int len, int timeoutMs) throws BusException {
            clock[0] += readStepNs;
            if (unplugged) {
                throw new BusException(BusException.Kind.IO, "gone");
            }
            byte[] c = chunks.poll();
            if (c == null) {
                return 0;
            }
            System.arraycopy(c, 0, dst, off, c.length);
            return c.length;
        }

        @Override
        public void write(byte[] src, int off, int len) {
            written.write(src, off, len);
        }

        @Override
        public void setBaud(int baud) {
        }

        @Override
        public String path() {
            return "/dev/scripted";
        }

        @Override
        public void close() {
        }
    }

    private final long[] clock = {1_000 * MS};
    private final List<RcInputSample> samples = new ArrayList<>();
    private ScriptedUart uart;

    private SerialRcReceiver receiver(SerialRcReceiver.Protocol protocol) {
        uart = new ScriptedUart(clock, MS);
        return new SerialRcReceiver(protocol, () -> uart, s -> {
            RcInputSample copy = new RcInputSample();
            copy.copyFrom(s);
            samples.add(copy);
        }, () -> clock[0]);
    }

    private static void pollUntilQuiet(SerialRcReceiver r, int polls) {
        for (int i = 0; i < polls; i++) {
            r.pollOnce();
        }
    }

    @Test
    void shouldHandOnCrsfChannelsWithRssiLinkQualityAndSnr() {
        // Given a CRSF receiver that sent link statistics (antenna 1 active, −65 dBm, LQ 87, SNR 9) and an RC frame
        SerialRcReceiver r = receiver(SerialRcReceiver.Protocol.CRSF);
        uart.chunks.add(crsfLinkStatistics(80, 65, 87, 9, 1, 4, 3, 70, 95, 5));
        uart.chunks.add(crsfChannels(172, 1811));
        // When the driver reads them
        pollUntilQuiet(r, 4);
        // Then one valid sample with the sticks and the link figures of the active antenna
        assertThat(samples).hasSize(1);
        RcInputSample s = samples.get(0);
        assertThat(s.failsafe).isFalse();
        assertThat(s.channelCount).isEqualTo(16);
        assertThat(s.channelsUs[0]).isEqualTo(988);
        assertThat(s.channelsUs[1]).isEqualTo(2012);
        assertThat(s.linkQualityPct).isEqualTo(87);
        assertThat(s.rssiDbm).isEqualTo(-65f);
        assertThat(s.rssiPct).isEqualTo(50);
        assertThat(s.snrDb).isEqualTo(9f);
    }

    @Test
    void shouldCountAndSkipCrsfFramesWithABadCrc() {
        // Given an RC frame whose CRC byte is wrong
        SerialRcReceiver r = receiver(SerialRcReceiver.Protocol.CRSF);
        byte[] bad = crsfChannels(172);
        bad[bad.length - 1] ^= 0x55;
        uart.chunks.add(bad);
        // When it is read
        pollUntilQuiet(r, 3);
        // Then it is counted and no sample comes
        assertThat(r.crcErrors()).isEqualTo(1);
        assertThat(r.skippedBytes()).isEqualTo(bad.length);
        assertThat(samples).isEmpty();
    }

    @Test
    void shouldCountAndSkipCrsfFramesWithABadLength() {
        // Given a length byte beyond 62, then an RC frame whose payload is one byte short
        SerialRcReceiver r = receiver(SerialRcReceiver.Protocol.CRSF);
        uart.chunks.add(new byte[] {(byte) 0xC8, (byte) 0x7F, 0x16, 0x00});
        uart.chunks.add(crsf(0x16, new byte[21]));
        // When they are read
        pollUntilQuiet(r, 4);
        // Then both are format errors and nothing is handed on
        assertThat(r.formatErrors()).isEqualTo(2);
        assertThat(samples).isEmpty();
    }

    @Test
    void shouldSkipSerialNoiseAndTruncatedFramesThenResynchronise() {
        // Given noise, an RC frame cut after 10 bytes, and a whole frame
        SerialRcReceiver r = receiver(SerialRcReceiver.Protocol.CRSF);
        byte[] noise = new byte[40];
        new java.util.Random(7).nextBytes(noise);
        for (int i = 0; i < noise.length; i++) {
            if ((noise[i] & 0xFF) == 0xC8) {
                noise[i] = 0;
            }
        }
        byte[] cut = java.util.Arrays.copyOf(crsfChannels(500), 10);
        uart.chunks.add(concat(noise, cut, crsfChannels(1811)));
        // When they are read
        pollUntilQuiet(r, 3);
        // Then only the whole frame becomes a sample; the rest is skipped
        assertThat(samples).hasSize(1);
        assertThat(samples.get(0).channelsUs[0]).isEqualTo(2012);
        assertThat(r.skippedBytes()).isEqualTo(noise.length + cut.length);
    }

    @Test
    void shouldReportRcLossWhenFramesStopForTheLinkTimeout() {
        // Given a CRSF receiver that sent one frame and then went silent
        SerialRcReceiver r = receiver(SerialRcReceiver.Protocol.CRSF);
        uart.chunks.add(crsfChannels(992));
        r.pollOnce();
        long frameNs = clock[0];
        // When 499 ms pass, then 2 ms more
        while (clock[0] - frameNs < 499 * MS) {
            r.pollOnce();
        }
        int before = samples.size();
        while (clock[0] - frameNs < 502 * MS) {
            r.pollOnce();
        }
        pollUntilQuiet(r, 50);
        // Then nothing before the timeout, exactly one failsafe sample after it, with no channels
        assertThat(before).isEqualTo(1);
        assertThat(samples).hasSize(2);
        RcInputSample lost = samples.get(1);
        assertThat(lost.failsafe).isTrue();
        assertThat(lost.channelCount).isZero();
        assertThat(lost.timestampSampleNs - frameNs).isBetween(500 * MS, 502 * MS);
        assertThat(r.linkLosses()).isEqualTo(1);
    }

    @Test
    void shouldReportCrsfLinkQualityZeroAsFailsafeAndRecover() {
        // Given sticks, then link statistics with uplink LQ 0 followed by RC frames, then LQ 90 and a frame
        SerialRcReceiver r = receiver(SerialRcReceiver.Protocol.CRSF);
        uart.chunks.add(crsfChannels(1811));
        uart.chunks.add(crsfLinkStatistics(120, 120, 0, -5, 0, 4, 3, 120, 0, -5));
        uart.chunks.add(crsfChannels(1811));
        uart.chunks.add(crsfChannels(1811));
        uart.chunks.add(crsfLinkStatistics(70, 70, 90, 8, 0, 4, 3, 70, 90, 8));
        uart.chunks.add(crsfChannels(172));
        // When they are read
        pollUntilQuiet(r, 8);
        // Then: sticks, one failsafe sample (the RC frames meanwhile counted, not used), sticks again
        assertThat(samples).hasSize(3);
        assertThat(samples.get(0).channelsUs[0]).isEqualTo(2012);
        assertThat(samples.get(1).failsafe).isTrue();
        assertThat(samples.get(1).channelCount).isZero();
        assertThat(samples.get(2).failsafe).isFalse();
        assertThat(samples.get(2).channelsUs[0]).isEqualTo(988);
        assertThat(samples.get(2).linkQualityPct).isEqualTo(90);
        assertThat(r.receiverFailsafeFrames()).isEqualTo(2);
        assertThat(r.linkLosses()).isZero();
    }

    @Test
    void shouldCountALinkLossWhenOnlyLinkStatisticsKeepComing() {
        // Given one RC frame, then only link statistics every 20 ms for 0.6 s
        SerialRcReceiver r = receiver(SerialRcReceiver.Protocol.CRSF);
        uart.chunks.add(crsfChannels(992));
        r.pollOnce();
        for (int i = 0; i < 30; i++) {
            uart.chunks.add(crsfLinkStatistics(70, 70, 80, 8, 0, 4, 3, 70, 80, 8));
            pollUntilQuiet(r, 20);
        }
        // Then it is one RC loss, reported once
        assertThat(samples).hasSize(2);
        assertThat(samples.get(1).failsafe).isTrue();
        assertThat(r.linkLosses()).isEqualTo(1);
    }

    @Test
    void shouldReportSbusFailsafeBitAsFailsafeWithoutChannels() {
        // Given a good SBUS frame, then frames with the failsafe bit
        SerialRcReceiver r = receiver(SerialRcReceiver.Protocol.SBUS);
        uart.chunks.add(sbus(0, 0x00, 1800));
        uart.chunks.add(sbus(0x0C, 0x00, 1800));
        uart.chunks.add(sbus(0x08, 0x00, 1800));
        // When they are read
        pollUntilQuiet(r, 5);
        // Then the first is sticks, the second one failsafe sample, the third counted only
        assertThat(samples).hasSize(2);
        assertThat(samples.get(0).channelsUs[0]).isEqualTo(2000);
        assertThat(samples.get(1).failsafe).isTrue();
        assertThat(samples.get(1).channelCount).isZero();
        assertThat(r.receiverFailsafeFrames()).isEqualTo(2);
    }

    @Test
    void shouldCountSbusFrameLostFramesWithoutHandingThemOn() {
        // Given a good SBUS frame followed by frames with only the frame-lost bit
        SerialRcReceiver r = receiver(SerialRcReceiver.Protocol.SBUS);
        uart.chunks.add(sbus(0, 0x00, 1000));
        uart.chunks.add(sbus(0x04, 0x00, 1000));
        uart.chunks.add(sbus(0x04, 0x14, 1000));
        // When they are read
        pollUntilQuiet(r, 5);
        // Then only the good frame is a sample; the held ones are counted
        assertThat(samples).hasSize(1);
        assertThat(samples.get(0).frameLost).isFalse();
        assertThat(r.lostFrames()).isEqualTo(2);
    }

    @Test
    void shouldTurnOnlyFrameLostSbusFramesIntoRcLossAfterTheTimeout() {
        // Given one good SBUS frame, then frame-lost frames every 14 ms for 0.6 s
        SerialRcReceiver r = receiver(SerialRcReceiver.Protocol.SBUS);
        uart.chunks.add(sbus(0, 0x00, 1000));
        r.pollOnce();
        for (int i = 0; i < 43; i++) {
            uart.chunks.add(sbus(0x04, 0x00, 1000));
            pollUntilQuiet(r, 14);
        }
        // Then the receiver reports RC loss although frames kept coming
        assertThat(samples).hasSize(2);
        assertThat(samples.get(1).failsafe).isTrue();
        assertThat(r.linkLosses()).isEqualTo(1);
    }

    @Test
    void shouldDropAPartialSbusFrameAtAnInterFrameGap() {
        // Given the first 12 bytes of a frame, a silent read (gap), then a whole frame
        SerialRcReceiver r = receiver(SerialRcReceiver.Protocol.SBUS);
        uart.chunks.add(java.util.Arrays.copyOf(sbus(0, 0x00, 300), 12));
        r.pollOnce();
        r.pollOnce();
        uart.chunks.add(sbus(0, 0x00, 1800));
        pollUntilQuiet(r, 2);
        // Then the partial frame is skipped and the whole one decoded
        assertThat(samples).hasSize(1);
        assertThat(samples.get(0).channelsUs[0]).isEqualTo(2000);
        assertThat(r.skippedBytes()).isEqualTo(12);
    }

    @Test
    void shouldReportRcLossWhenTheReceiverIsUnpluggedAndReopenIt() {
        // Given a receiver delivering frames, then unplugged
        SerialRcReceiver r = receiver(SerialRcReceiver.Protocol.CRSF);
        uart.chunks.add(crsfChannels(992));
        r.pollOnce();
        uart.unplugged = true;
        // When the driver keeps polling for 0.6 s (the port closed, reopen attempts meanwhile)
        long start = clock[0];
        while (clock[0] - start < 600 * MS) {
            r.pollOnce();
            clock[0] += MS;
        }
        // Then the read error is counted, RC loss reported, and the port reopened
        assertThat(r.readErrors()).isPositive();
        assertThat(samples.get(samples.size() - 1).failsafe).isTrue();
        assertThat(r.opens()).isGreaterThan(1);
    }

    @Test
    void shouldRetryAPortMissingAtBoot() {
        // Given a port that does not exist for the first two attempts
        int[] attempts = {0};
        uart = new ScriptedUart(clock, MS);
        SerialRcReceiver r = new SerialRcReceiver(SerialRcReceiver.Protocol.CRSF, () -> {
            if (attempts[0]++ < 2) {
                throw new BusException(BusException.Kind.IO, "no serial port at /dev/ttyAMA0");
            }
            return uart;
        }, samples::add, () -> clock[0]);
        // When the driver polls for 1.2 s
        for (int i = 0; i < 1200; i++) {
            r.pollOnce();
            clock[0] += MS;
        }
        // Then it failed twice, 0.5 s apart, and opened on the third try
        assertThat(r.openFailures()).isEqualTo(2);
        assertThat(r.opens()).isEqualTo(1);
        assertThat(r.lastOpenError()).contains("/dev/ttyAMA0");
    }

    @Test
    void shouldInterleaveTelemetryAfterRcFramesAtTheTelemetryPeriod() {
        // Given a CRSF receiver sending RC frames every 10 ms and a flight state with all three parts
        SerialRcReceiver r = receiver(SerialRcReceiver.Protocol.CRSF);
        r.telemetrySource(t -> {
            t.batteryValid = true;
            t.voltageV = 16.2f;
            t.currentA = 12.5f;
            t.remainingPct = 80;
            t.attitudeValid = true;
            t.rollRad = 0.1f;
            t.flightMode = "Position";
        });
        // When 1 s of frames is read
        for (int i = 0; i < 100; i++) {
            uart.chunks.add(crsfChannels(992));
            pollUntilQuiet(r, 10);
        }
        // Then about ten telemetry frames went out, types in turn, each a valid CRSF frame
        byte[] out = uart.written.toByteArray();
        List<Integer> types = new ArrayList<>();
        int p = 0;
        while (p < out.length) {
            assertThat(out[p] & 0xFF).isEqualTo(0xC8);
            int len = out[p + 1] & 0xFF;
            assertThat(out[p + len + 1] & 0xFF).isEqualTo(RcFrames.crc8Bitwise(out, p + 2, len - 1));
            types.add(out[p + 2] & 0xFF);
            p += len + 2;
        }
        assertThat(r.telemetryFrames()).isBetween(9L, 10L);
        assertThat(types.subList(0, 3)).containsExactly(0x08, 0x1E, 0x21);
    }

    @Test
    void shouldSendNoTelemetryForSbus() {
        SerialRcReceiver r = receiver(SerialRcReceiver.Protocol.SBUS);
        r.telemetrySource(t -> t.flightMode = "Position");
        for (int i = 0; i < 50; i++) {
            uart.chunks.add(sbus(0, 0x00, 1000));
            pollUntilQuiet(r, 14);
        }
        assertThat(uart.written.size()).isZero();
    }

    @Test
    void shouldNotAllocateWhileReadingFramesAndSendingTelemetry() {
        // Given a CRSF receiver whose sink copies into a preallocated sample
        uart = new ScriptedUart(clock, MS);
        RcInputSample latest = new RcInputSample();
        SerialRcReceiver r = new SerialRcReceiver(SerialRcReceiver.Protocol.CRSF, () -> uart, latest::copyFrom,
                () -> clock[0]);
        r.telemetrySource(t -> {
            t.attitudeValid = true;
            t.flightMode = "Mission";
        });
        byte[] frame = crsfChannels(1000, 1200);
        byte[] stats = crsfLinkStatistics(70, 70, 100, 10, 0, 4, 3, 70, 100, 8);
        // When thousands of frames are read
        long bytes = RcFrames.bytesPer10000(i -> {
            uart.chunks.add(i % 10 == 0 ? stats : frame);
            r.pollOnce();
            r.pollOnce();
        });
        // Then nothing is allocated per frame (the scripted queue's own nodes aside: ArrayDeque reuses its array)
        assertThat(bytes).isZero();
        assertThat(r.telemetryFrames()).isPositive();
    }
}
