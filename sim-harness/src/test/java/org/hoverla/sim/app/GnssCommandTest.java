package org.hoverla.sim.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hoverla.hal.gnss.UbxProtocol;
import org.hoverla.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GnssCommandTest {
    private static final List<String> KEYS = List.of("time", "fix", "lat_deg", "lon_deg", "alt_msl_m", "speed_mps",
            "course_deg", "sats", "eph_m", "epv_m");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String[] full = new String[args.length + 1];
        full[0] = "gnss";
        System.arraycopy(args, 0, full, 1, args.length);
        return HoverlaMain.execute(full, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path write(byte[] bytes) throws IOException {
        Path p = dir.resolve("capture.log");
        Files.write(p, bytes);
        return p;
    }

    /** {@code $body*hh} CR LF with the NMEA checksum. */
    private static String nmea(String body) {
        int sum = 0;
        for (char c : body.toCharArray()) {
            sum ^= c;
        }
        return String.format("$%s*%02X\r\n", body, sum);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    /** A NAV-PVT: 2026-12-04T19:30:15.250Z (+1 s per second of iTOW), 3-D fix, 14 SVs, 50.4501234 N 30.4567891 E. */
    private static byte[] pvt(long iTowMs, int second, int fixType, boolean fixOk) {
        byte[] p = new byte[92];
        UbxProtocol.putLe(p, 0, iTowMs, 4);
        UbxProtocol.putLe(p, 4, 2026, 2);
        UbxProtocol.putLe(p, 6, 12, 1);
        UbxProtocol.putLe(p, 7, 4, 1);
        UbxProtocol.putLe(p, 8, 19, 1);
        UbxProtocol.putLe(p, 9, 30, 1);
        UbxProtocol.putLe(p, 10, second, 1);
        UbxProtocol.putLe(p, 11, 0x07, 1);          // validDate, validTime, fullyResolved
        UbxProtocol.putLe(p, 16, 250_000_000, 4);   // nano
        UbxProtocol.putLe(p, 20, fixType, 1);
        UbxProtocol.putLe(p, 21, fixOk ? 1 : 0, 1); // gnssFixOK
        UbxProtocol.putLe(p, 23, 14, 1);            // numSV
        UbxProtocol.putLe(p, 24, 304_567_891, 4);   // lon 1e-7 deg
        UbxProtocol.putLe(p, 28, 504_501_234, 4);   // lat 1e-7 deg
        UbxProtocol.putLe(p, 36, 180_500, 4);       // hMSL mm
        UbxProtocol.putLe(p, 40, 1_500, 4);         // hAcc mm
        UbxProtocol.putLe(p, 44, 2_500, 4);         // vAcc mm
        UbxProtocol.putLe(p, 60, 1_358, 4);         // gSpeed mm/s
        UbxProtocol.putLe(p, 64, 33_000_000, 4);    // headMot 1e-5 deg
        return UbxProtocol.frame(UbxProtocol.CLASS_NAV, UbxProtocol.NAV_PVT, p);
    }

    private List<JsonNode> jsonLines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.toString().split("\\R")) {
            if (!l.isEmpty()) {
                lines.add(JSON.readTree(l));
            }
        }
        return lines;
    }

    private static List<String> keys(JsonNode n) {
        List<String> k = new ArrayList<>();
        n.fieldNames().forEachRemaining(k::add);
        return k;
    }

    private static final String GGA_1 = nmea("GPGGA,120000.00,5027.0074,N,03027.4073,E,1,09,0.9,180.5,M,27.1,M,,");
    private static final String GSA_1 = nmea("GPGSA,A,3,01,02,03,04,05,06,07,08,09,,,,1.6,0.9,1.3");
    private static final String RMC_1 = nmea("GPRMC,120000.00,A,5027.0074,N,03027.4073,E,10.0,45.0,041226,,,A");
    private static final String GGA_2 = nmea("GPGGA,120001.00,5027.0080,N,03027.4080,E,1,08,1.0,181.0,M,27.1,M,,");
    private static final String RMC_2 = nmea("GPRMC,120001.00,A,5027.0080,N,03027.4080,E,0.0,,041226,,,A");

    @Test
    void shouldPrintOneJsonObjectPerNmeaEpochWithExactlyTheKeysAndNulls() throws Exception {
        // Given a hand-written NMEA stream: an epoch with GGA, GSA, RMC, then one without GSA or a course
        Path f = write(ascii(GGA_1 + GSA_1 + RMC_1 + GGA_2 + RMC_2));

        // When decoded with --json
        assertThat(run("decode", "--json", f.toString())).isZero();

        // Then one object per epoch, with exactly the keys, in order, and nulls where the stream is silent
        List<JsonNode> lines = jsonLines();
        assertThat(lines).hasSize(2);
        JsonNode a = lines.get(0);
        assertThat(keys(a)).isEqualTo(KEYS);
        assertThat(a.get("time").asText()).isEqualTo("2026-12-04T12:00:00.000Z");
        assertThat(a.get("fix").asInt()).isEqualTo(3);
        assertThat(a.get("lat_deg").asDouble()).isCloseTo(50 + 27.0074 / 60, within(1e-9));
        assertThat(a.get("lon_deg").asDouble()).isCloseTo(30 + 27.4073 / 60, within(1e-9));
        assertThat(a.get("alt_msl_m").asDouble()).isEqualTo(180.5);
        assertThat(a.get("speed_mps").asDouble()).isCloseTo(10.0 * 1852 / 3600, within(1e-9));
        assertThat(a.get("course_deg").asDouble()).isEqualTo(45.0);
        assertThat(a.get("sats").asInt()).isEqualTo(9);
        assertThat(a.get("eph_m").asDouble()).isCloseTo(0.9 * 4, within(1e-9));
        assertThat(a.get("epv_m").asDouble()).isCloseTo(1.3 * 4, within(1e-9));
        JsonNode b = lines.get(1);
        assertThat(keys(b)).isEqualTo(KEYS);
        assertThat(b.get("time").asText()).isEqualTo("2026-12-04T12:00:01.000Z");
        assertThat(b.get("course_deg").isNull()).as("RMC without a course").isTrue();
        assertThat(b.get("epv_m").isNull()).as("no GSA, no vdop").isTrue();
        assertThat(b.get("fix").asInt()).isEqualTo(3);
        // and the counts go to stderr so stdout stays JSON lines
        assertThat(err.toString()).contains("nmea: frames 5, checksum errors 0, skipped bytes 0")
                .contains("ubx: frames 0, checksum errors 0");
    }

    @Test
    void shouldGiveNullTimeAndSpeedWhenOnlyGgaWasSent() throws Exception {
        // Given GGA only: no date, no speed, no course
        Path f = write(ascii(GGA_1 + GGA_2));

        // When decoded with --json
        assertThat(run("decode", "--json", f.toString())).isZero();

        // Then the position is there but the time (no date yet), speed, course and vdop are null
        List<JsonNode> lines = jsonLines();
        assertThat(lines).hasSize(2);
        for (JsonNode n : lines) {
            assertThat(keys(n)).isEqualTo(KEYS);
            assertThat(n.get("time").isNull()).isTrue();
            assertThat(n.get("speed_mps").isNull()).isTrue();
            assertThat(n.get("course_deg").isNull()).isTrue();
            assertThat(n.get("epv_m").isNull()).isTrue();
            assertThat(n.get("lat_deg").isNumber()).isTrue();
        }
    }

    @Test
    void shouldDecodeAHandBuiltUbxStreamAndCountABadChecksum() throws Exception {
        // Given three NAV-PVT frames, the second with a corrupted checksum, and a no-fix one
        byte[] bad = pvt(1000, 16, 3, true);
        bad[bad.length - 1] ^= 0x55;
        Path f = write(concat(pvt(0, 15, 3, true), bad, pvt(2000, 17, 3, true), pvt(3000, 18, 0, false)));

        // When decoded with --json
        assertThat(run("decode", "--json", f.toString())).isZero();

        // Then the good frames are epochs with the receiver's values, the bad one is counted
        List<JsonNode> lines = jsonLines();
        assertThat(lines).hasSize(3);
        JsonNode a = lines.get(0);
        assertThat(keys(a)).isEqualTo(KEYS);
        assertThat(a.get("time").asText()).isEqualTo("2026-12-04T19:30:15.250Z");
        assertThat(a.get("fix").asInt()).isEqualTo(3);
        assertThat(a.get("lat_deg").asDouble()).isCloseTo(50.4501234, within(1e-9));
        assertThat(a.get("lon_deg").asDouble()).isCloseTo(30.4567891, within(1e-9));
        assertThat(a.get("alt_msl_m").asDouble()).isCloseTo(180.5, within(1e-9));
        assertThat(a.get("speed_mps").asDouble()).isCloseTo(1.358, within(1e-9));
        assertThat(a.get("course_deg").asDouble()).isCloseTo(330.0, within(1e-9));
        assertThat(a.get("sats").asInt()).isEqualTo(14);
        assertThat(a.get("eph_m").asDouble()).isCloseTo(1.5, within(1e-9));
        assertThat(a.get("epv_m").asDouble()).isCloseTo(2.5, within(1e-9));
        assertThat(lines.get(1).get("time").asText()).isEqualTo("2026-12-04T19:30:17.250Z");
        JsonNode noFix = lines.get(2);
        assertThat(noFix.get("fix").asInt()).isEqualTo(1);
        for (String k : List.of("lat_deg", "lon_deg", "alt_msl_m", "speed_mps", "course_deg")) {
            assertThat(noFix.get(k).isNull()).as(k + " without a fix").isTrue();
        }
        assertThat(err.toString()).contains("ubx: frames 3, checksum errors 1,");
    }

    @Test
    void shouldStartMidFrameSkipGarbageAndDecodeAMixedStream() throws Exception {
        // Given a gpsd-style header, then a stream that starts inside a UBX frame and inside an NMEA
        // sentence, with garbage between good frames of both protocols
        byte[] ubx = pvt(0, 15, 3, true);
        byte[] tailOfUbx = java.util.Arrays.copyOfRange(ubx, 40, ubx.length);
        String header = "# Name: hand-made\n# Location: nowhere\n";
        byte[] stream = concat(ascii(header), tailOfUbx, ascii(RMC_1.substring(20)), new byte[] {0x00, (byte) 0xB5, 0x13, 0x7F},
                ascii(GGA_1 + GSA_1 + RMC_1), ascii("garbage\r\n"), pvt(1000, 16, 3, true), ascii(GGA_2 + RMC_2));
        Path f = write(stream);

        // When decoded in human form
        assertThat(run("decode", f.toString())).isZero();

        // Then the three complete epochs come out in stream order, the fragments are skipped and
        // counted, the header is not decoded, and the counts are the final line
        String[] lines = out.toString().split("\\R");
        assertThat(lines).as(out.toString()).hasSize(4);
        // (the UBX epoch may come out after the NMEA ones: the stray 0xB5 0x62 in the UBX tail makes
        // the UBX parser wait for the length it claims before it rescans)
        assertThat(lines[0]).startsWith("2026-12-04T12:00:00.000Z nmea 3D");
        assertThat(lines).anyMatch(l -> l.startsWith("2026-12-04T19:30:16.250Z ubx  3D"));
        assertThat(lines).anyMatch(l -> l.startsWith("2026-12-04T12:00:01.000Z nmea 3D") && l.contains(" - "));
        assertThat(lines[3]).startsWith("summary: bytes " + stream.length + " (header " + header.length() + ")")
                .contains("nmea: frames 5, checksum errors 0")
                .contains("ubx: frames 1, checksum errors 0");
        Matcher skipped = Pattern.compile("nmea: .*?skipped bytes (\\d+).*ubx: .*?skipped bytes (\\d+)").matcher(lines[3]);
        assertThat(skipped.find()).isTrue();
        assertThat(Long.parseLong(skipped.group(1))).isGreaterThan(tailOfUbx.length);
        assertThat(Long.parseLong(skipped.group(2))).isGreaterThan(tailOfUbx.length);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldFindAUbxFrameHiddenInAFalseCandidateAtTheEndOfTheStream() throws Exception {
        // Given a stray sync pair claiming 1000 bytes, then one good NAV-PVT, then the end of the file
        byte[] falseStart = {(byte) 0xB5, 0x62, 0x01, 0x07, (byte) 0xE8, 0x03};
        byte[] frame = pvt(0, 15, 3, true);
        Path f = write(concat(falseStart, frame));

        // When decoded
        assertThat(run("decode", "--json", f.toString())).isZero();

        // Then the frame is still found, and each of the stray bytes is counted once as skipped
        assertThat(jsonLines()).hasSize(1);
        assertThat(err.toString()).contains("ubx: frames 1, checksum errors 0, skipped bytes " + falseStart.length + ",");
    }

    @Test
    void shouldSayWhenAFileHoldsNoFrameAndStillSucceed() throws Exception {
        // Given a text file and an empty file
        Path text = write(ascii("# only a header\nno GNSS in here\n"));

        // When decoded, Then exit 0 and the summary says there was no frame
        assertThat(run("decode", text.toString())).isZero();
        assertThat(out.toString()).contains("no NMEA or UBX frame found").contains("summary: bytes 32 (header 16)");
        Path empty = dir.resolve("empty.log");
        Files.write(empty, new byte[0]);
        assertThat(run("decode", "--json", empty.toString())).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("no NMEA or UBX frame found in 0 bytes");
    }

    @Test
    void shouldRefuseAMissingFileOrABadCommandLineWithOneLine() {
        // When the file is missing, a directory, not given, or an option is unknown
        Path missing = dir.resolve("nope.log");
        assertThat(run("decode", missing.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("gnss decode: cannot read " + missing + ": no such file");
        assertThat(run("decode", dir.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).contains(dir.toString()).doesNotContain("\n");
        assertThat(run("decode")).isEqualTo(2);
        assertThat(err.toString().strip()).contains("FILE").doesNotContain("\n");
        assertThat(run("decode", "--jsn", missing.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).contains("--jsn").doesNotContain("\n");
        // Then nothing was printed on stdout
        assertThat(out.toString()).isEmpty();
    }

    /** gpsd's final TPV for each time it printed, from a {@code .chk} file. */
    private static Map<String, JsonNode> gpsdTpvByTime(Path chk) throws IOException {
        Map<String, JsonNode> byTime = new LinkedHashMap<>();
        for (String l : Files.readAllLines(chk, StandardCharsets.ISO_8859_1)) {
            if (l.startsWith("{\"class\":\"TPV\"")) {
                JsonNode n = JSON.readTree(l);
                if (n.has("time") && n.path("mode").asInt() >= 2) {
                    byTime.put(n.get("time").asText(), n);
                }
            }
        }
        return byTime;
    }

    @Test
    void shouldMatchGpsdTimeAndPositionOnTheNmeaCaptures() throws Exception {
        for (String capture : List.of("bu353s4.log", "mt3339.log")) {
            // Given a real capture and gpsd's expected output
            Path log = TestData.file("gnss/" + capture);
            Map<String, JsonNode> gpsd = gpsdTpvByTime(TestData.file("gnss/" + capture + ".chk"));

            // When decoded with --json
            assertThat(run("decode", "--json", log.toString())).isZero();

            // Then every fix has gpsd's time, and lat/lon within half the last digit gpsd prints (1e-9 deg)
            List<JsonNode> ours = jsonLines();
            List<String> times = new ArrayList<>();
            for (JsonNode n : ours) {
                assertThat(keys(n)).isEqualTo(KEYS);
                String t = n.get("time").asText();
                times.add(t);
                JsonNode g = gpsd.get(t);
                assertThat(g).as(capture + " gpsd TPV at " + t).isNotNull();
                assertThat(n.get("fix").asInt()).as(capture + " mode at " + t).isEqualTo(g.get("mode").asInt());
                assertThat(n.get("lat_deg").asDouble()).as(capture + " lat at " + t).isCloseTo(g.get("lat").asDouble(), within(0.5e-9 + 1e-12));
                assertThat(n.get("lon_deg").asDouble()).as(capture + " lon at " + t).isCloseTo(g.get("lon").asDouble(), within(0.5e-9 + 1e-12));
            }
            assertThat(times).as(capture + ": the first and last fix and every one between").containsExactlyElementsOf(gpsd.keySet());
            System.out.println("gnss decode " + capture + ": " + ours.size() + " epochs = gpsd's; " + err.toString().strip());
        }
    }

    @Test
    void shouldDecodeTheUbloxCapturesWithoutChecksumErrors() throws Exception {
        for (String capture : List.of("navisys-gr701w.log", "ublox-neo-m8n.log", "ublox-zed-f9p-hp.log")) {
            // Given a real u-blox capture (the u-blox 7 one sends NAV-SOL alone)
            Path log = TestData.file("gnss/" + capture);
            Map<String, JsonNode> gpsd = gpsdTpvByTime(TestData.file("gnss/" + capture + ".chk"));

            // When decoded with --json
            assertThat(run("decode", "--json", log.toString())).isZero();

            // Then there are epochs, no checksum error, and where gpsd printed the same time the position agrees
            List<JsonNode> ours = jsonLines();
            assertThat(ours).as(capture).isNotEmpty();
            assertThat(err.toString()).as(capture).containsPattern("ubx: frames [1-9][0-9]*, checksum errors 0,");
            int sameTime = 0;
            for (JsonNode n : ours) {
                assertThat(keys(n)).isEqualTo(KEYS);
                JsonNode g = gpsd.get(n.get("time").asText());
                if (g != null && n.get("fix").asInt() >= 2 && g.get("mode").asInt() == n.get("fix").asInt()) {
                    sameTime++;
                    // Within gpsd's printed 1e-9 deg: NAV-HPPOSLLH for the F9P, the same ECEF
                    // conversion for NAV-SOL (docs/gnss-parity.md)
                    assertThat(n.get("lat_deg").asDouble()).as(capture).isCloseTo(g.get("lat").asDouble(), within(0.5e-9 + 1e-12));
                    assertThat(n.get("lon_deg").asDouble()).as(capture).isCloseTo(g.get("lon").asDouble(), within(0.5e-9 + 1e-12));
                }
            }
            assertThat(sameTime).as(capture + " epochs gpsd also printed").isPositive();
            System.out.println("gnss decode " + capture + ": " + ours.size() + " epochs, " + sameTime + " at gpsd's times; "
                    + err.toString().strip());
        }
    }
}
