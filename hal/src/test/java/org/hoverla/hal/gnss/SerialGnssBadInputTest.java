package org.hoverla.hal.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.hal.gnss.SerialGnssReceiverTest.withChecksums;
import static org.hoverla.hal.gnss.UbxTestFrames.concat;
import static org.hoverla.hal.gnss.UbxTestFrames.pvt;
import static org.hoverla.hal.gnss.UbxTestFrames.pvtFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.gnss.SerialGnssReceiverTest.FakeUart;
import org.junit.jupiter.api.Test;

/**
 * Bad input at the receiver (driver-thread) level: GNSS time jumps, all-zero fixes, NMEA without
 * a date, and a receiver at the wrong baud rate. Each is counted and skipped (the epoch reaches
 * the flight thread without a fix, or not at all), the health flag goes false, and nothing is
 * thrown out of the driver loop.
 */
class SerialGnssBadInputTest {
    private final List<GnssSample> got = new ArrayList<>();
    private final long[] clock = {1_000_000};

    private SerialGnssReceiver receiver(FakeUart uart, SerialGnssReceiver.UbxSetup setup) {
        return new SerialGnssReceiver(() -> uart, s -> {
            GnssSample c = new GnssSample();
            c.copyFrom(s);
            got.add(c);
        }, () -> clock[0] += 1_000_000, SerialGnssReceiver.Config.defaults(), setup);
    }

    private static void readThrough(SerialGnssReceiver rx, FakeUart uart) {
        uart.once = true;
        while (uart.served < uart.stream.length) {
            rx.pollOnce();
        }
        rx.pollOnce();
    }

    /** NAV-PVT with the test epoch's date and the given time of day. */
    private static byte[] pvtAt(long iTow, int hour, int min, int sec) {
        return pvt(iTow).put(8, hour, 1).put(9, min, 1).put(10, sec, 1).frame(1, 7);
    }

    @Test
    void shouldCountAndSkipUbxTimeJumpsBackwardsAndFarForward() {
        // Given 19:30:15, 19:30:16, then 19:30:05 (backwards), 19:30:06, then 21:00:00 (+1.5 h)
        byte[] stream = concat(pvtAt(1000, 19, 30, 15), pvtAt(2000, 19, 30, 16), pvtAt(3000, 19, 30, 5),
                pvtAt(4000, 19, 30, 6), pvtAt(5000, 21, 0, 0));
        FakeUart uart = new FakeUart(stream, 16);
        SerialGnssReceiver rx = receiver(uart, null);

        // When they are read
        readThrough(rx, uart);

        // Then all five epochs came out, the two jumps without a fix, and counted
        assertThat(got).extracting(s -> s.fixType).containsExactly(3, 3, 0, 3, 0);
        assertThat(rx.ubxParser().timeJumps()).isEqualTo(2);
        assertThat(rx.parserErrors()).isEqualTo(2);
        assertThat(got.get(4).errorCount).isEqualTo(2);
        // And the receiver is unhealthy after the last jump, with no exception
        assertThat(rx.healthy()).isFalse();
        assertThat(rx.internalErrors()).isZero();
    }

    @Test
    void shouldCountAndSkipAnAllZeroUbxFix() {
        // Given a receiver's power-up placeholder: 3-D fix claimed at 0°, 0°, then a real fix
        byte[] stream = concat(pvt(1000).put(24, 0, 4).put(28, 0, 4).frame(1, 7), pvtFrame(2000));
        FakeUart uart = new FakeUart(stream, 50);
        SerialGnssReceiver rx = receiver(uart, null);

        // When read
        readThrough(rx, uart);

        // Then the placeholder reaches the sink without a fix and counted; the next is a fix
        assertThat(got).extracting(s -> s.fixType).containsExactly(0, 3);
        assertThat(got.get(0).velocityValid).isFalse();
        assertThat(rx.ubxParser().allZeroFixes()).isEqualTo(1);
        assertThat(rx.parserErrors()).isEqualTo(1);
    }

    @Test
    void shouldPassNmeaFixesWithoutADateAsFixesWithNoTime() {
        // Given GGA-only NMEA (time of day, no date)
        byte[] stream = withChecksums("$GPGGA,123519.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*00\r\n"
                + "$GPGGA,123520.00,4807.039,N,01131.001,E,1,08,0.9,545.5,M,46.9,M,,*00\r\n"
                + "$GPGGA,123521.00,4807.040,N,01131.002,E,1,08,0.9,545.6,M,46.9,M,,*00\r\n");
        FakeUart uart = new FakeUart(stream, 20);
        SerialGnssReceiver rx = receiver(uart, null);

        // When read
        readThrough(rx, uart);

        // Then they are fixes whose UTC time is unknown (a date is not guessed), and the receiver is healthy
        assertThat(got).isNotEmpty().allSatisfy(s -> {
            assertThat(s.fixType).isEqualTo(GnssSample.FIX_3D);
            assertThat(s.utcTimeMs).isEqualTo(GnssSample.UTC_UNKNOWN);
        });
        assertThat(rx.lastFixUtcMs()).isEqualTo(-1);
        assertThat(rx.healthy()).isTrue();
    }

    @Test
    void shouldGiveUpOnAReceiverAtAnUnknownBaudRateWithAClearErrorAndRetry() {
        // Given a u-blox set-up trying 38400 then 9600 baud (100 ms each), and what a receiver at
        // another rate looks like on the line: noise (seeded)
        byte[] noise = new byte[4096];
        new Random(12).nextBytes(noise);
        FakeUart uart = new FakeUart(noise, 64);
        SerialGnssReceiver.UbxSetup setup = new SerialGnssReceiver.UbxSetup(UbxConfigurator.Settings.defaults(),
                new int[] {38400, 9600}, 100_000_000L, 500_000_000L, 3_000_000_000L, 3);
        SerialGnssReceiver rx = receiver(uart, setup);

        // When it listens for a while (1 ms of clock per step)
        for (int i = 0; i < 1_000; i++) {
            rx.pollOnce();
        }

        // Then the detection failed with the reason, was retried, nothing reached the sink as a
        // fix, the noise was counted and skipped, and the receiver is not healthy
        assertThat(rx.setupFailures()).isGreaterThanOrEqualTo(2);
        assertThat(rx.lastSetupError()).isEqualTo("no UBX or NMEA frame at any of [38400, 9600] baud");
        assertThat(got).noneMatch(s -> s.fixType >= GnssSample.FIX_2D);
        assertThat(rx.ubxParser().skippedBytes()).isPositive();
        assertThat(rx.healthy()).isFalse();
        assertThat(rx.internalErrors()).isZero();
    }
}
