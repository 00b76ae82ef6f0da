package org.hoverla.hal.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import org.hoverla.testsupport.SocatPtyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What jSerialComm does at the RC receivers' rates on a Linux pty (socat pair), and what {@link
 * AnyRateUart} does about it. Skipped with one line without socat.
 */
class AnyRateUartSocatTest {
    private SocatPtyPair socat;

    @AfterEach
    void stop() throws InterruptedException {
        if (socat != null) {
            socat.close();
        }
    }

    @Test
    void shouldShowThatJSerialCommAloneCannotOpenAt420000Baud() throws Exception {
        // Given a pty pair
        socat = SocatPtyPair.start("AnyRateUartSocatTest");
        // When jSerialComm 2.11.2 alone opens it at CRSF's rate
        // Then it refuses with error 25 (ENOTTY): its TCSETS2 request is sized for a 60-byte termios2, the
        // kernel's is 44. If this starts passing, a newer jSerialComm sets custom rates itself and
        // AnyRateUart's workaround can go.
        assertThatThrownBy(() -> JSerialCommUart.open(socat.near(), 420_000))
                .isInstanceOf(BusException.class).hasMessageContaining("error 25");
    }

    @Test
    void shouldOpenAt420000BaudAndCarryBytesBothWays() throws Exception {
        // Given a pty pair
        socat = SocatPtyPair.start("AnyRateUartSocatTest");
        // When the near end is opened for CRSF
        try (AnyRateUart uart = AnyRateUart.open(socat.near(), 420_000, JSerialCommUart.Parity.NONE, 1, 10);
             FileOutputStream farOut = new FileOutputStream(socat.far());
             FileInputStream farIn = new FileInputStream(socat.far())) {
            // Then the kernel reports 420000 baud 8N1 on it
            LinuxCustomBaud.LineSettings line = LinuxCustomBaud.read(socat.near());
            assertThat(line.outputBaud()).isEqualTo(420_000);
            assertThat(line.inputBaud()).isEqualTo(420_000);
            assertThat(line.parity()).isFalse();
            assertThat(line.twoStopBits()).isFalse();
            // And bytes pass in both directions
            farOut.write(new byte[] {(byte) 0xC8, 0x18, 0x16});
            farOut.flush();
            byte[] got = new byte[8];
            int n = 0;
            for (int i = 0; i < 200 && n < 3; i++) {
                n += uart.read(got, n, got.length - n, 10);
            }
            assertThat(n).isEqualTo(3);
            assertThat(got[0] & 0xFF).isEqualTo(0xC8);
            uart.write(new byte[] {0x21, 0x42}, 0, 2);
            // (FileInputStream.readNBytes seeks, which a tty refuses: read byte by byte)
            assertThat(farIn.read()).isEqualTo(0x21);
            assertThat(farIn.read()).isEqualTo(0x42);
        }
    }

    @Test
    void shouldOpenAt100000BaudWithTwoStopBitsWhileAPtyDropsParity() throws Exception {
        // Given a pty pair
        socat = SocatPtyPair.start("AnyRateUartSocatTest");
        // When the near end is opened for SBUS: 100000 baud, even parity, 2 stop bits
        try (AnyRateUart uart = AnyRateUart.open(socat.near(), 100_000, JSerialCommUart.Parity.EVEN, 2, 2)) {
            // Then the rate and the stop bits hold, but a Linux pty always clears PARENB (its set_termios
            // clears PARENB and forces CS8), so parity cannot be exercised on a pty: a real UART keeps it
            LinuxCustomBaud.LineSettings line = LinuxCustomBaud.read(socat.near());
            assertThat(line.outputBaud()).isEqualTo(100_000);
            assertThat(line.twoStopBits()).isTrue();
            assertThat(line.parity()).isFalse();
            assertThat(uart.baud()).isEqualTo(100_000);
        }
    }

    @Test
    void shouldNameTheMissingDeviceWhenThePortIsAbsent() {
        assertThatThrownBy(() -> AnyRateUart.open("/dev/hoverla-no-such-tty", 420_000, JSerialCommUart.Parity.NONE, 1,
                10)).isInstanceOf(BusException.class).hasMessageContaining("/dev/hoverla-no-such-tty");
    }
}
