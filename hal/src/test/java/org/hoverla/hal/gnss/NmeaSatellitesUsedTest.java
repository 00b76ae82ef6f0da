package org.hoverla.hal.gnss;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link NmeaFix#hasSatellitesUsed}: a satellite count of 0 is told apart from no count at all. */
class NmeaSatellitesUsedTest {

    private static String nmea(String body) {
        int sum = 0;
        for (char c : body.toCharArray()) {
            sum ^= c;
        }
        return String.format("$%s*%02X\r\n", body, sum);
    }

    private static List<NmeaFix> decode(String stream) {
        List<NmeaFix> fixes = new ArrayList<>();
        NmeaParser p = new NmeaParser(f -> {
            NmeaFix c = new NmeaFix();
            c.copyFrom(f);
            fixes.add(c);
        });
        byte[] b = stream.getBytes(StandardCharsets.US_ASCII);
        p.feed(b, 0, b.length);
        p.flush();
        return fixes;
    }

    @Test
    void shouldSayTheSatelliteCountIsUnknownWithoutGgaOrGsa() {
        // Given an epoch of RMC only, then one with GGA
        List<NmeaFix> fixes = decode(nmea("GPRMC,120000.00,A,5027.0074,N,03027.4073,E,1.0,45.0,041226,,,A")
                + nmea("GPGGA,120001.00,5027.0080,N,03027.4080,E,1,07,1.0,181.0,M,27.1,M,,"));

        // Then the first has no count, the second has GGA's
        assertThat(fixes).hasSize(2);
        assertThat(fixes.get(0).hasSatellitesUsed).isFalse();
        assertThat(fixes.get(1).hasSatellitesUsed).isTrue();
        assertThat(fixes.get(1).sample.satellitesUsed).isEqualTo(7);
    }

    @Test
    void shouldCountAGsaWithoutPrnsAsZeroSatellitesKnown() {
        // Given an epoch whose GSA lists no satellites (no fix) and an RMC
        List<NmeaFix> fixes = decode(nmea("GPGSA,A,1,,,,,,,,,,,,,,,")
                + nmea("GPRMC,120000.00,V,,,,,,,041226,,,N"));

        // Then the count is known and 0
        assertThat(fixes).hasSize(1);
        assertThat(fixes.get(0).hasSatellitesUsed).isTrue();
        assertThat(fixes.get(0).sample.satellitesUsed).isZero();
    }
}
