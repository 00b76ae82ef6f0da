package org.hoverla.hal.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.hal.gnss.SerialGnssReceiverTest.withChecksums;
import static org.hoverla.hal.gnss.UbxTestFrames.pvtFrame;

import java.io.ByteArrayOutputStream;
import org.hoverla.hal.bus.UartPort;
import org.hoverla.hal.gnss.SerialGnssReceiver.SetupState;
import org.junit.jupiter.api.Test;

/**
 * The reboot watch of a configured u-blox receiver, on a deterministic clock: a scripted F9P
 * answers the configuration through a fake port; then epochs at the default 1 Hz rate, or NMEA
 * with no UBX at all, mean the receiver rebooted and lost its configuration, and it is
 * configured again. A stream at the configured rate is left alone.
 */
class SerialGnssRebootWatchTest {
    private final ScriptedUbxReceiver f9p = new ScriptedUbxReceiver("EXT CORE 1.00 (94e56e)", "00190000",
            "FWVER=HPG 1.13", "PROTVER=27.12", "MOD=ZED-F9P");
    private final ByteArrayOutputStream toHost = new ByteArrayOutputStream();
    private final long[] clock = {0};

    /** The host side of the scripted receiver: writes answered at once, reads drain what it sent. */
    private final UartPort port = new UartPort() {
        @Override
        public int read(byte[] dst, int off, int len, int timeoutMs) {
            byte[] pending = toHost.toByteArray();
            int n = Math.min(len, pending.length);
            System.arraycopy(pending, 0, dst, off, n);
            toHost.reset();
            toHost.write(pending, n, pending.length - n);
            return n;
        }

        @Override
        public void write(byte[] src, int off, int len) {
            byte[] b = java.util.Arrays.copyOfRange(src, off, off + len);
            toHost.writeBytes(f9p.hostWrites(b));
        }

        @Override
        public void setBaud(int baud) {
        }

        @Override
        public String path() {
            return "scripted";
        }

        @Override
        public void close() {
        }
    };

    private final SerialGnssReceiver rx = new SerialGnssReceiver(() -> port, s -> { },
            () -> clock[0] += 1_000_000L, SerialGnssReceiver.Config.defaults(),
            new SerialGnssReceiver.UbxSetup(UbxConfigurator.Settings.defaults(), new int[0], 1_000_000_000L,
                    5_000_000_000L, 3_000_000_000L, 3));

    private void pollUntilConfigured() {
        for (int i = 0; i < 20_000 && rx.setupState() != SetupState.CONFIGURED; i++) {
            rx.pollOnce();
        }
        assertThat(rx.setupState()).isEqualTo(SetupState.CONFIGURED);
    }

    /** Streams NAV-PVT epochs {@code stepMs} apart in iTOW, 100 ms of clock each. */
    private long stream(long iTow, int epochs, long stepMs) {
        for (int i = 0; i < epochs; i++) {
            iTow += stepMs;
            toHost.writeBytes(pvtFrame(iTow));
            for (int k = 0; k < 100; k++) {
                rx.pollOnce();
            }
        }
        return iTow;
    }

    @Test
    void shouldConfigureAgainWhenEpochsComeAtTheDefaultRateOrOnlyNmeaComes() {
        // Given a receiver configured for 10 Hz
        pollUntilConfigured();
        assertThat(f9p.writtenNames()).contains("0A 04", "06 8A");
        assertThat(rx.configurations()).isEqualTo(1);

        // When it streams 10 Hz epochs for 2 s
        long iTow = stream(100_000, 20, 100);
        // Then nothing happens
        assertThat(rx.receiverReboots()).isZero();
        assertThat(rx.setupState()).isEqualTo(SetupState.CONFIGURED);

        // When its epochs come at 1 s steps, three in a row (a reboot to the default rate)
        iTow = stream(iTow, 3, 1000);
        // Then it is taken for a reboot and configured again
        assertThat(rx.receiverReboots()).isEqualTo(1);
        pollUntilConfigured();
        assertThat(rx.configurations()).isEqualTo(2);

        // When only NMEA arrives for 4 s (the default output after a reboot), no UBX epoch
        byte[] gga = withChecksums("$GPGGA,123519.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*00\r\n");
        for (int i = 0; i < 40; i++) {
            toHost.writeBytes(gga);
            for (int k = 0; k < 100; k++) {
                rx.pollOnce();
            }
        }
        // Then that too is a reboot, and the receiver is configured again
        assertThat(rx.receiverReboots()).isEqualTo(2);
        pollUntilConfigured();
        assertThat(rx.configurations()).isEqualTo(3);
        assertThat(rx.setupFailures()).isZero();
        assertThat(rx.internalErrors()).isZero();
    }
}
