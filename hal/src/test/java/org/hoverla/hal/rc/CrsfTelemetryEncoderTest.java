package org.hoverla.hal.rc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CrsfTelemetryEncoderTest {
    private final byte[] buf = new byte[80];

    private static int u8(byte b) {
        return b & 0xFF;
    }

    @Test
    void shouldEncodeABatteryFrame() {
        // Given 16.8 V, 12.3 A, 1234 mAh used, 76 % left
        int n = CrsfTelemetryEncoder.battery(buf, 0, 16.8f, 12.3f, 1234, 76);
        // Then: C8, length 10, type 08, 168 (0x00A8), 123 (0x007B), 1234 (0x0004D2), 76, CRC
        assertThat(n).isEqualTo(12);
        assertThat(Arrays.copyOf(buf, 11)).containsExactly(0xC8, 10, 0x08, 0x00, 0xA8, 0x00, 0x7B, 0x00, 0x04, 0xD2, 76);
        assertThat(u8(buf[11])).isEqualTo(RcFrames.crc8Bitwise(buf, 2, 9));
    }

    @Test
    void shouldEncodeAnAttitudeFrameInTenThousandthsOfARadianPitchFirst() {
        // Given roll 0.5 rad, pitch -0.25 rad, yaw 3.5 rad (wraps to 3.5 - 2π = -2.7832)
        int n = CrsfTelemetryEncoder.attitude(buf, 4, 0.5f, -0.25f, 3.5f);
        assertThat(n).isEqualTo(10);
        assertThat(u8(buf[4])).isEqualTo(0xC8);
        assertThat(u8(buf[5])).isEqualTo(8);
        assertThat(u8(buf[6])).isEqualTo(0x1E);
        assertThat((short) ((buf[7] << 8) | u8(buf[8]))).isEqualTo((short) -2500);
        assertThat((short) ((buf[9] << 8) | u8(buf[10]))).isEqualTo((short) 5000);
        assertThat((short) ((buf[11] << 8) | u8(buf[12]))).isEqualTo((short) -27832);
        assertThat(u8(buf[13])).isEqualTo(RcFrames.crc8Bitwise(buf, 6, 7));
    }

    @Test
    void shouldEncodeAFlightModeFrameThatOurParserAccepts() {
        int n = CrsfTelemetryEncoder.flightMode(buf, 0, "POSCTL");
        assertThat(n).isEqualTo(11);
        assertThat(new String(buf, 3, 6, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("POSCTL");
        assertThat(buf[9]).isZero();
        CrsfParser parser = new CrsfParser();
        parser.feed(buf, 0, n, 1);
        assertThat(parser.otherFrames()).isEqualTo(1);
        assertThat(parser.crcErrors()).isZero();
    }

    @Test
    void shouldClampBadInputsIntoAWellFormedFrame() {
        CrsfTelemetryEncoder.battery(buf, 0, Float.NaN, -3f, -5, 250);
        assertThat(Arrays.copyOf(buf, 11)).containsExactly(0xC8, 10, 0x08, 0, 0, 0, 0, 0, 0, 0, 100);
        CrsfTelemetryEncoder.attitude(buf, 0, Float.NaN, Float.POSITIVE_INFINITY, 0f);
        assertThat(Arrays.copyOfRange(buf, 3, 9)).containsOnly(0);
        int n = CrsfTelemetryEncoder.flightMode(buf, 0, "é".repeat(100));
        assertThat(n).isEqualTo(64);
        assertThat(buf[3]).isEqualTo((byte) '?');
    }

    @Test
    void shouldNotAllocate() {
        long bytes = RcFrames.bytesPer10000(i -> {
            CrsfTelemetryEncoder.battery(buf, 0, 16f + i % 10, 3f, i, 50);
            CrsfTelemetryEncoder.attitude(buf, 12, 0.1f * (i % 30), 0.2f, -1f);
            CrsfTelemetryEncoder.flightMode(buf, 22, "ALTCTL");
        });
        assertThat(bytes).isZero();
    }
}
