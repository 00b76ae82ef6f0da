package org.hoverla.hal.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.hal.GnssSample;
import org.hoverla.testdata.TestData;
import org.junit.jupiter.api.Test;

/**
 * Decodes the two u-blox binary captures of gpsd's regression suite, read in place from the data
 * set ({@code gnss/ublox-neo-m8n.log}: NAV-PVT, NAV-TIMEGPS, NAV-SAT; {@code
 * gnss/ublox-zed-f9p-hp.log}: NAV-PVT and ten other NAV messages). Each starts with a {@code #}
 * text header, the M8N one mid-frame and ending in a truncated frame: all of it is fed as is.
 * The epoch at the time of gpsd's first TPV report is compared with it, to the precision gpsd
 * prints or UBX carries, whichever is coarser.
 */
class UbxRealCaptureTest {

    private record Epoch(long utcMs, double lat, double lon, double alt, double speed, double course, int sats) {
    }

    private static List<Epoch> decode(String name, UbxParser[] out) throws IOException {
        Path file = TestData.file("gnss/" + name);
        byte[] bytes = Files.readAllBytes(file);
        List<Epoch> epochs = new ArrayList<>();
        UbxParser[] self = new UbxParser[1];
        self[0] = new UbxParser(new UbxParser.Listener() {
            @Override
            public void onEpoch(GnssSample s) {
                UbxParser p = self[0];
                epochs.add(new Epoch(p.hasUtcTime() ? p.utcTimeMs() : -1, s.latDeg, s.lonDeg, s.altMslM,
                        p.groundSpeedMps(), p.courseDeg(), s.satellitesUsed));
            }
        });
        self[0].feed(bytes, 0, bytes.length);
        UbxParser p = self[0];
        System.out.printf("%s: %d bytes, %d frames, %d epochs, %d checksum errors, %d length errors, "
                + "%d skipped bytes, %d pending at end%n", name, bytes.length, p.framesOk(), p.epochs(),
                p.checksumErrors(), p.lengthErrors(), p.skippedBytes(), p.pendingBytes());
        out[0] = p;
        return epochs;
    }

    private static Epoch at(List<Epoch> epochs, String isoTime) {
        long t = Instant.parse(isoTime).toEpochMilli();
        return epochs.stream().filter(e -> e.utcMs == t).findFirst().orElseThrow();
    }

    @Test
    void shouldDecodeTheNeoM8nCaptureWithoutChecksumErrors() throws IOException {
        // Given gpsd's NEO-M8N capture (316-byte header, 3 stray bytes, 52 frames, a 23-byte truncated tail)
        UbxParser[] p = new UbxParser[1];
        // When it is decoded
        List<Epoch> epochs = decode("ublox-neo-m8n.log", p);
        // Then every frame is good: 24 NAV-PVT + 23 NAV-TIMEGPS + 5 NAV-SAT
        assertThat(p[0].framesOk()).isEqualTo(52);
        assertThat(p[0].checksumErrors()).isZero();
        assertThat(p[0].lengthErrors()).isZero();
        assertThat(epochs).hasSize(24);
        assertThat(p[0].skippedBytes()).isEqualTo(316 + 3);
        assertThat(p[0].pendingBytes()).isEqualTo(23);
        assertThat(p[0].satellitesVisible()).isEqualTo(28);
        // And the first epoch is the one the bytes say (nano 799899687 rounds to .800)
        assertThat(epochs.get(0).utcMs).isEqualTo(Instant.parse("2017-07-19T08:50:00.800Z").toEpochMilli());
        assertThat(epochs.get(0).sats).isEqualTo(14);
        // And the epoch of gpsd's first TPV matches it: lat -34.906226600 lon 138.608119900 altMSL 28.849
        // speed 0.016 track 31.4718
        Epoch e = at(epochs, "2017-07-19T08:50:01.000Z");
        assertThat(e.lat).isCloseTo(-34.9062266, within(1e-9));
        assertThat(e.lon).isCloseTo(138.6081199, within(1e-9));
        assertThat(e.alt).isCloseTo(28.849, within(1e-6));
        assertThat(e.speed).isCloseTo(0.016, within(1e-6));
        assertThat(e.course).isCloseTo(31.4718, within(1e-4));
    }

    @Test
    void shouldDecodeTheZedF9pCaptureWithoutChecksumErrors() throws IOException {
        // Given gpsd's ZED-F9P capture (520-byte header, 293 frames)
        UbxParser[] p = new UbxParser[1];
        // When it is decoded
        List<Epoch> epochs = decode("ublox-zed-f9p-hp.log", p);
        // Then every frame is good and each NAV-PVT is an epoch
        assertThat(p[0].framesOk()).isEqualTo(293);
        assertThat(p[0].checksumErrors()).isZero();
        assertThat(epochs).hasSize(29);
        assertThat(p[0].pendingBytes()).isZero();
        // And the epoch of gpsd's first TPV agrees to the 1e-9 deg NAV-HPPOSLLH gives (both use it):
        // lat -45.877525179 lon 170.500132760 altMSL 27.548 speed 0.307 track 217.8765
        Epoch e = at(epochs, "2019-04-22T21:19:21.000Z");
        assertThat(e.lat).isCloseTo(-45.877525179, within(5e-10));
        assertThat(e.lon).isCloseTo(170.500132760, within(5e-10));
        assertThat(e.alt).isCloseTo(27.548, within(1e-3));
        assertThat(e.speed).isCloseTo(0.307, within(1e-3));
        assertThat(e.course).isCloseTo(217.8765, within(1e-4));
    }
}
