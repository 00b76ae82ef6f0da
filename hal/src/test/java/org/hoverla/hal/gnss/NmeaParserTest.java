package org.hoverla.hal.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.hal.GnssSample;
import org.junit.jupiter.api.Test;

class NmeaParserTest {
    // Real sentences from gpsd's bu353s4 capture (GlobalSat BU-353-S4, SiRF IV); checksums as sent.
    private static final String GGA = "$GPGGA,030719.000,3747.0873,S,17518.8938,E,1,08,1.1,59.9,M,23.7,M,,0000*7D\r\n";
    private static final String GSA = "$GPGSA,A,3,17,28,06,01,30,20,26,13,,,,,1.8,1.1,1.5*33\r\n";
    private static final String RMC = "$GPRMC,030719.000,A,3747.0873,S,17518.8938,E,0.69,181.39,311214,,,A*7D\r\n";
    private static final String GGA2 = "$GPGGA,030720.000,3747.0875,S,17518.8938,E,1,08,1.1,59.8,M,23.7,M,,0000*70\r\n";
    private static final String RMC2 = "$GPRMC,030720.000,A,3747.0875,S,17518.8938,E,1.15,181.39,311214,,,A*7B\r\n";
    private static final String GSV = "$GPGSV,3,1,12,17,72,207,32,28,59,095,31,06,35,347,25,01,29,132,23*7B\r\n";

    private final List<NmeaFix> fixes = new ArrayList<>();
    private final NmeaParser parser = new NmeaParser(this::keep);

    private void keep(NmeaFix f) {
        NmeaFix copy = new NmeaFix();
        copy.copyFrom(f);
        fixes.add(copy);
    }

    private static void feed(NmeaParser p, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        p.feed(b, 0, b.length, 42L);
    }

    private void feed(String s) {
        feed(parser, s);
    }

    /** A sentence with its checksum computed: for synthetic cases whose fields are checked by hand. */
    private static String sentence(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            sum ^= body.charAt(i);
        }
        return "$" + body + String.format("*%02X\r\n", sum);
    }

    private static Instant utc(NmeaFix f) {
        return Instant.ofEpochMilli(f.utcEpochMs());
    }

    @Test
    void shouldAssembleGgaGsaAndRmcOfOneTimeIntoOneFix() {
        // Given GGA, GSA and RMC of 03:07:19 on 31 Dec 2014
        feed(GGA + GSA + RMC);

        // When the stream ends
        parser.flush();

        // Then one 3-D fix: 37°47.0873'S = -37.784788333°, 175°18.8938'E = 175.314896667°, 59.9 m MSL,
        // 0.69 kn = 0.35496 m/s on 181.39°, 8 satellites, DOPs from GSA, eph/epv = DOP × 4 m
        assertThat(fixes).hasSize(1);
        NmeaFix f = fixes.get(0);
        GnssSample s = f.sample;
        assertThat(f.mode).isEqualTo(NmeaFix.MODE_3D);
        assertThat(f.valid).isTrue();
        assertThat(s.fixType).isEqualTo(GnssSample.FIX_3D);
        assertThat(s.latDeg).isCloseTo(-37.784788333, within(1e-9));
        assertThat(s.lonDeg).isCloseTo(175.314896667, within(1e-9));
        assertThat(s.altMslM).isCloseTo(59.9, within(1e-9));
        assertThat(s.satellitesUsed).isEqualTo(8);
        assertThat(s.hdop).isEqualTo(1.1);
        assertThat(s.vdop).isEqualTo(1.5);
        assertThat(f.pdop).isEqualTo(1.8);
        assertThat(s.ephM).isCloseTo(4.4, within(1e-9));
        assertThat(s.epvM).isCloseTo(6.0, within(1e-9));
        assertThat(f.speedMps).isCloseTo(0.69 * 1852 / 3600, within(1e-12));
        assertThat(f.courseDeg).isEqualTo(181.39);
        assertThat(s.velNMps).isCloseTo(0.35496 * Math.cos(Math.toRadians(181.39)), within(1e-5));
        assertThat(s.velEMps).isCloseTo(0.35496 * Math.sin(Math.toRadians(181.39)), within(1e-5));
        assertThat(s.velDMps).isZero();
        assertThat(s.timestampSampleNs).isEqualTo(42L);
        assertThat(f.hasDate).isTrue();
        assertThat(utc(f)).isEqualTo(Instant.parse("2014-12-31T03:07:19Z"));
        assertThat(f.sentences).isEqualTo(3);
        assertThat(parser.frames()).isEqualTo(3);
        assertThat(parser.skippedBytes()).isZero();
    }

    @Test
    void shouldPublishAnEpochAtTheLearnedCycleEndWithoutWaitingForTheNextTime() {
        // Given two cycles GGA, GSA, RMC: the first closes when 03:07:20 arrives, teaching that RMC ends a cycle
        feed(GGA + GSA + RMC + GGA2 + GSA);
        assertThat(fixes).hasSize(1);

        // When the second cycle's RMC arrives
        feed(RMC2);

        // Then its epoch is out at once, before any later sentence
        assertThat(fixes).hasSize(2);
        assertThat(fixes.get(1).utcTimeOfDayMs).isEqualTo((3 * 3600 + 7 * 60 + 20) * 1000L);
        assertThat(fixes.get(1).speedMps).isCloseTo(1.15 * 1852 / 3600, within(1e-12));
    }

    @Test
    void shouldReadGsvSatellitesInViewPerConstellation() {
        // Given GPS GSV (12 in view, first of 3) and GLONASS GSV (7 in view) in the same epoch as GGA
        feed(GGA + GSV + sentence("GLGSV,2,1,07,65,30,100,40,66,20,200,35,,,,,,,,") + GSA + RMC);
        parser.flush();

        // Then 19 in view, and the satellites used still come from GGA
        assertThat(fixes.get(0).satellitesInView).isEqualTo(19);
        assertThat(fixes.get(0).sample.satellitesUsed).isEqualTo(8);
    }

    @Test
    void shouldReadGllAndVtgAsA2dFix() {
        // Given the NMEA standard's textbook GLL (49°16.45'N 123°11.12'W at 22:54:44, valid) and VTG
        // (054.7° true, 5.5 kn), both with their published checksums
        feed("$GPVTG,054.7,T,034.4,M,005.5,N,010.2,K*48\r\n$GPGLL,4916.45,N,12311.12,W,225444,A,*1D\r\n");
        parser.flush();

        // Then a 2-D fix (no altitude), time of day but no date, velocity from VTG
        NmeaFix f = fixes.get(0);
        assertThat(f.mode).isEqualTo(NmeaFix.MODE_2D);
        assertThat(f.sample.fixType).isEqualTo(GnssSample.FIX_2D);
        assertThat(f.sample.latDeg).isCloseTo(49 + 16.45 / 60, within(1e-12));
        assertThat(f.sample.lonDeg).isCloseTo(-(123 + 11.12 / 60), within(1e-12));
        assertThat(f.hasAltitude).isFalse();
        assertThat(f.utcTimeOfDayMs).isEqualTo((22 * 3600 + 54 * 60 + 44) * 1000L);
        assertThat(f.hasDate).isFalse();
        assertThat(f.courseDeg).isEqualTo(54.7);
        assertThat(f.speedMps).isCloseTo(5.5 * 1852 / 3600, within(1e-12));
        assertThat(f.sample.velNMps).isCloseTo(f.speedMps * Math.cos(Math.toRadians(54.7)), within(1e-12));
    }

    @Test
    void shouldTakeTheDateFromZda() {
        // Given MT3339's GGA and ZDA of 20:26:40 on 13 Apr 2015 (as sent)
        feed("$GPGGA,202640.000,4404.1306,N,12118.8515,W,2,10,0.98,1127.7,M,-19.6,M,0000,0000*6C\r\n"
                + "$GPZDA,202640.000,13,04,2015,,*54\r\n");
        parser.flush();

        // Then the fix is dated by ZDA; GGA quality 2 (DGPS) with an altitude is 3-D
        NmeaFix f = fixes.get(0);
        assertThat(utc(f)).isEqualTo(Instant.parse("2015-04-13T20:26:40Z"));
        assertThat(f.mode).isEqualTo(NmeaFix.MODE_3D);
        assertThat(f.sample.altMslM).isEqualTo(1127.7);
        assertThat(f.sample.lonDeg).isCloseTo(-(121 + 18.8515 / 60), within(1e-12));
    }

    @Test
    void shouldAcceptAnyTalker() {
        // Given GN (multi-constellation) GGA and a BeiDou GSA and a GN RMC
        feed(sentence("GNGGA,120000.00,4807.038,N,01131.000,E,1,12,0.9,545.4,M,46.9,M,,")
                + sentence("BDGSA,A,3,01,02,03,,,,,,,,,,1.5,0.9,1.2")
                + sentence("GNRMC,120000.00,A,4807.038,N,01131.000,E,0.0,,230394,,,A"));
        parser.flush();

        // Then one 3-D fix from all three, dated 23 Mar 1994, stationary with no course
        NmeaFix f = fixes.get(0);
        assertThat(f.sentences).isEqualTo(3);
        assertThat(f.mode).isEqualTo(NmeaFix.MODE_3D);
        assertThat(f.sample.latDeg).isCloseTo(48.1173, within(1e-12));
        assertThat(f.sample.vdop).isEqualTo(1.2);
        assertThat(utc(f)).isEqualTo(Instant.parse("1994-03-23T12:00:00Z"));
        assertThat(f.speedMps).isZero();
        assertThat(f.courseDeg).isNaN();
        assertThat(f.sample.velNMps).isZero();
    }

    @Test
    void shouldReportNoFixWhenAnySentenceSaysSo() {
        // Given a GGA with quality 0 and an RMC with status V
        feed(sentence("GPGGA,120000.00,,,,,0,00,99.9,,M,,M,,") + sentence("GPRMC,120000.00,V,,,,,,,230394,,,N"));
        parser.flush();

        // Then mode 1 (no fix), not valid, date still known
        NmeaFix f = fixes.get(0);
        assertThat(f.mode).isEqualTo(NmeaFix.MODE_NO_FIX);
        assertThat(f.valid).isFalse();
        assertThat(f.hasPosition).isFalse();
        assertThat(f.sample.fixType).isEqualTo(GnssSample.FIX_NONE);
        assertThat(f.hasDate).isTrue();
    }

    @Test
    void shouldCountAndSkipASentenceWithABadChecksum() {
        // Given the real GGA with one digit changed (latitude 3747.0873 → 3747.0874) but the old checksum
        String corrupt = GGA.replace("3747.0873", "3747.0874");
        feed(corrupt + RMC);
        parser.flush();

        // Then it is counted and skipped; the fix comes from RMC alone (2-D, no altitude)
        assertThat(parser.checksumErrors()).isEqualTo(1);
        assertThat(parser.skippedBytes()).isEqualTo(corrupt.length() - 2);
        assertThat(parser.frames()).isEqualTo(1);
        assertThat(fixes).hasSize(1);
        assertThat(fixes.get(0).hasAltitude).isFalse();
        assertThat(fixes.get(0).mode).isEqualTo(NmeaFix.MODE_2D);
        assertThat(parser.errorCount()).isEqualTo(1);
    }

    @Test
    void shouldRejectMalformedChecksumFields() {
        // Given a checksum with one hex digit, with a non-hex digit, and with text after it
        feed(GGA.replace("*7D", "*7") + GGA.replace("*7D", "*7G") + GGA.replace("*7D", "*7DX"));
        parser.flush();

        // Then all three are checksum errors and nothing is published
        assertThat(parser.checksumErrors()).isEqualTo(3);
        assertThat(fixes).isEmpty();
    }

    @Test
    void shouldAcceptSentencesWithoutChecksumOnlyWhenConfiguredForSuchAReceiver() {
        // Given a GGA without *hh
        String bare = GGA.replace("*7D", "");

        // When fed to a default parser and to one built for a receiver known to omit checksums
        feed(bare);
        parser.flush();
        List<NmeaFix> lenient = new ArrayList<>();
        NmeaParser p = new NmeaParser(f -> lenient.add(copyOf(f)), true, false, NmeaParser.DEFAULT_UERE_M,
                NmeaParser.DEFAULT_MAX_FORWARD_STEP_MS);
        feed(p, bare);
        p.flush();

        // Then the default parser counts it and publishes nothing; the lenient one decodes it
        assertThat(parser.missingChecksums()).isEqualTo(1);
        assertThat(fixes).isEmpty();
        assertThat(p.missingChecksums()).isZero();
        assertThat(lenient).hasSize(1);
        assertThat(lenient.get(0).sample.altMslM).isEqualTo(59.9);
    }

    private static String describe(NmeaFix f) {
        GnssSample s = f.sample;
        return String.format("%d %d %b %d %b %b %b %.9f %.9f %.3f %s %s %.6f %.6f %d %s %s %s %s %d %d %b %b %b %d %d",
                f.mode, f.utcTimeOfDayMs, f.hasDate, f.utcEpochDay, f.hasPosition, f.hasAltitude, f.valid,
                s.latDeg, s.lonDeg, s.altMslM, f.speedMps, f.courseDeg, s.velNMps, s.velEMps, s.satellitesUsed,
                s.hdop, s.vdop, s.ephM, s.epvM, f.satellitesInView, f.sentences, f.allZero, f.timeJump,
                s.fixType == GnssSample.FIX_3D, s.timestampSampleNs, s.errorCount);
    }

    private static NmeaFix copyOf(NmeaFix f) {
        NmeaFix c = new NmeaFix();
        c.copyFrom(f);
        return c;
    }

    @Test
    void shouldResynchroniseWhenTheStreamStartsMidSentence() {
        // Given a stream opened in the middle of a GGA
        String tail = GGA.substring(30);
        feed(tail + GGA2 + RMC2);
        parser.flush();

        // Then the fragment is skipped byte by byte (its CR LF aside) and the next epoch decodes
        assertThat(parser.skippedBytes()).isEqualTo(tail.length() - 2);
        assertThat(fixes).hasSize(1);
        assertThat(fixes.get(0).sample.altMslM).isEqualTo(59.8);
    }

    @Test
    void shouldSurviveBinaryGarbageTruncatedAndOverlongLines() {
        // Given binary noise (with a stray '$' followed by a control byte), a GGA cut short by the
        // next '$', and a line of 300 printable characters without an end, between good sentences
        StringBuilder in = new StringBuilder();
        in.append("\u00b5b\u0001\u0007\u0000$\u0001\u00ff xyz");
        in.append("$GPGGA,030719.000,3747.08");
        in.append(GGA);
        in.append("$GPTXT").append("A".repeat(300)).append("\r\n");
        in.append(GSA).append(RMC);

        // When fed byte by byte
        byte[] b = in.toString().getBytes(StandardCharsets.ISO_8859_1);
        for (byte x : b) {
            parser.feed(x & 0xff, 7L);
        }
        parser.flush();

        // Then each fault is counted once and the good epoch is decoded in full
        assertThat(parser.corruptFrames()).isEqualTo(1);
        assertThat(parser.truncatedFrames()).isEqualTo(1);
        assertThat(parser.overlongFrames()).isEqualTo(1);
        assertThat(parser.frames()).isEqualTo(3);
        assertThat(parser.skippedBytes()).isEqualTo(b.length - GGA.length() - GSA.length() - RMC.length() - 2);
        assertThat(fixes).hasSize(1);
        assertThat(fixes.get(0).mode).isEqualTo(NmeaFix.MODE_3D);
        assertThat(fixes.get(0).sentences).isEqualTo(3);
    }

    @Test
    void shouldCountWellFramedButMalformedSentences() {
        // Given gpsd's example of a malformed GSV with a good checksum, and a GGA with letters in its time
        feed("$GPGSV,3,3,12,2,40,16,00,090,*72\r\n".replace("3,3,12,2", "3,3,x2,2").replace("*72", "")
                .replace("\r\n", "") + "\r\n");
        feed(sentence("GPGSV,3,3,x2,2,40,16,00,090,") + sentence("GPGGA,12a000.00,4807.038,N,01131.000,E,1,12,0.9,545.4,M,46.9,M,,"));
        parser.flush();

        // Then both count as malformed (the bare one as a missing checksum), nothing is published
        assertThat(parser.malformedSentences()).isEqualTo(2);
        assertThat(parser.missingChecksums()).isEqualTo(1);
        assertThat(fixes).isEmpty();
    }

    @Test
    void shouldGiveNoDateUntilRmcOrZdaAndThenCarryItAcrossMidnight() {
        // Given GGA+RMC cycles whose RMC has an empty date at 23:59:57 and 23:59:58, a date (31 Dec
        // 2014) at 23:59:59, then an empty date again at 00:00:00 (as the GPS-320FW capture sends)
        String[][] cycles = {{"235957", ""}, {"235958", ""}, {"235959", "311214"}, {"000000", ""}};
        for (String[] c : cycles) {
            feed(sentence("GPGGA," + c[0] + ".00,4807.038,N,01131.000,E,1,12,0.9,545.4,M,46.9,M,,")
                    + sentence("GPRMC," + c[0] + ".00,A,4807.038,N,01131.000,E,0.0,0.0," + c[1] + ",,,A"));
        }
        parser.flush();

        // Then the undated epochs are valid fixes without a date, the dated one carries it, and
        // 00:00:00 carries it over midnight to 1 Jan 2015
        assertThat(fixes).hasSize(4);
        assertThat(fixes).extracting(f -> f.hasDate).containsExactly(false, false, true, true);
        assertThat(fixes.get(0).valid).isTrue();
        assertThat(utc(fixes.get(2))).isEqualTo(Instant.parse("2014-12-31T23:59:59Z"));
        assertThat(utc(fixes.get(3))).isEqualTo(Instant.parse("2015-01-01T00:00:00Z"));
        assertThat(parser.timeJumps()).isZero();
        assertThat(parser.lateSentences()).isZero();
    }

    @Test
    void shouldIgnoreALateSentenceWhenTheLearnedCycleEndProvesWrong() {
        // Given a GGA-only cycle (teaching that GGA ends a cycle), then a cycle of GGA then RMC
        feed(sentence("GPGGA,120000.00,4807.038,N,01131.000,E,1,12,0.9,545.4,M,46.9,M,,")
                + sentence("GPGGA,120001.00,4807.038,N,01131.000,E,1,12,0.9,545.4,M,46.9,M,,")
                + sentence("GPRMC,120001.00,A,4807.038,N,01131.000,E,0.0,0.0,311214,,,A")
                + sentence("GPGGA,120002.00,4807.038,N,01131.000,E,1,12,0.9,545.4,M,46.9,M,,")
                + sentence("GPRMC,120002.00,A,4807.038,N,01131.000,E,0.0,0.0,311214,,,A"));
        parser.flush();

        // Then 12:00:01 went out at its GGA, its RMC is late and counted, and from 12:00:02 on the
        // epoch waits for the RMC again
        assertThat(parser.lateSentences()).isEqualTo(1);
        assertThat(fixes).hasSize(3);
        assertThat(fixes.get(1).hasDate).isFalse();
        assertThat(fixes.get(2).hasDate).isTrue();
        assertThat(fixes.get(2).sentences).isEqualTo(2);
    }

    @Test
    void shouldFlagAndNeverValidateAnAllZeroFix() {
        // Given a receiver claiming a GPS fix at exactly 0°N 0°E
        feed(sentence("GPGGA,120000.00,0000.0000,N,00000.0000,E,1,04,2.0,0.0,M,0.0,M,,"));
        parser.flush();

        // Then the epoch is flagged, counted and not valid
        NmeaFix f = fixes.get(0);
        assertThat(f.allZero).isTrue();
        assertThat(f.valid).isFalse();
        assertThat(f.sample.fixType).isEqualTo(GnssSample.FIX_NONE);
        assertThat(parser.allZeroFixes()).isEqualTo(1);
    }

    @Test
    void shouldFlagATimeJumpOnceAndAcceptTheNewTimeline() {
        // Given epochs at 10:00:00, 10:00:01, then 09:00:00 (a receiver reboot), 09:00:01, then 09:05:00
        String[] times = {"100000", "100001", "090000", "090001", "090500"};
        for (String t : times) {
            feed(sentence("GPGGA," + t + ".00,4807.038,N,01131.000,E,1,12,0.9,545.4,M,46.9,M,,"));
        }
        parser.flush();

        // Then the backward step and the 299 s forward step (over the 60 s default) are jumps, never valid
        assertThat(fixes).extracting(f -> f.timeJump).containsExactly(false, false, true, false, true);
        assertThat(fixes).extracting(f -> f.valid).containsExactly(true, true, false, true, false);
        assertThat(parser.timeJumps()).isEqualTo(2);
    }

    @Test
    void shouldRejectANonsensicalConfiguration() {
        assertThatThrownBy(() -> new NmeaParser(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NmeaParser(f -> { }, false, false, Double.NaN, 1000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NmeaParser(f -> { }, false, false, 4.0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSkipCommentLinesOfACaptureWhenAsked() {
        // Given a gpsd capture header holding a sentence-like line
        NmeaParser p = new NmeaParser(f -> fixes.add(copyOf(f)), false, true, 4.0, 60_000);
        String header = "# Name: test\n#   $GPGSV,3,3,12,2,40,16,00,090,*72\n";
        feed(p, header + GGA + RMC);
        p.flush();

        // Then the header is comment bytes, not frames or skipped bytes
        assertThat(p.commentBytes()).isEqualTo(header.length());
        assertThat(p.frames()).isEqualTo(2);
        assertThat(p.skippedBytes()).isZero();
        assertThat(fixes).hasSize(1);
    }

    @Test
    void shouldDecodeTheSameWhateverTheReadSizes() {
        // Given a stream of three cycles from Galileo, BeiDou and GN talkers, with noise between them
        String stream = "noise" + GGA + GSA + sentence("GAGSV,1,1,03,01,40,100,40,02,30,200,35,03,20,300,30")
                + RMC + "\u0000\u00b5b" + GGA2 + sentence("GBGSV,1,1,02,01,40,100,40,02,30,200,35") + RMC2
                + sentence("GNGGA,030721.000,3747.0876,S,17518.8934,E,1,08,1.1,60.1,M,23.7,M,,0000")
                + sentence("GNRMC,030721.000,A,3747.0876,S,17518.8934,E,0.89,181.39,311214,,,A");
        byte[] b = stream.getBytes(StandardCharsets.ISO_8859_1);
        feed(stream);
        parser.flush();

        // When the same bytes arrive in reads of 1 to 7 bytes
        List<NmeaFix> chunked = new ArrayList<>();
        NmeaParser p = new NmeaParser(f -> chunked.add(copyOf(f)));
        for (int off = 0, n = 1; off < b.length; off += n, n = n % 7 + 1) {
            p.feed(b, off, Math.min(n, b.length - off), 42L);
        }
        p.flush();

        // Then the fixes and the counters are the same
        assertThat(chunked).extracting(NmeaParserTest::describe).isEqualTo(fixes.stream().map(NmeaParserTest::describe).toList());
        assertThat(fixes).hasSize(3);
        assertThat(fixes.get(0).satellitesInView).isEqualTo(3);
        assertThat(fixes.get(1).satellitesInView).isEqualTo(2);
        assertThat(p.skippedBytes()).isEqualTo(parser.skippedBytes()).isEqualTo(8);
        assertThat(p.frames()).isEqualTo(parser.frames()).isEqualTo(9);
    }

    @Test
    void shouldNotAllocateWhileDecoding() {
        // Given a parser whose listener keeps nothing, and ten one-second cycles (GGA, GSA, GSV, RMC)
        long[] count = new long[1];
        NmeaParser p = new NmeaParser(f -> count[0]++);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            String t = String.format("0307%02d.000", 19 + i);
            sb.append(sentence("GPGGA," + t + ",3747.0873,S,17518.8938,E,1,08,1.1,59.9,M,23.7,M,,0000"));
            sb.append(GSA).append(GSV);
            sb.append(sentence("GPRMC," + t + ",A,3747.0873,S,17518.8938,E,0.69,181.39,311214,,,A"));
            sb.append("\u00b5b\u0001\u0007junk");
        }
        byte[] cycle = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();

        // When fed 2000 times to warm up, then 1000 times in each of three windows (the smallest
        // counts: the MXBean allocates on first use and a JIT recompilation can land in a window)
        for (int i = 0; i < 2000; i++) {
            p.feed(cycle, 0, cycle.length, i);
        }
        long smallest = Long.MAX_VALUE;
        for (int w = 0; w < 3; w++) {
            threads.getThreadAllocatedBytes(tid);
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 1000; i++) {
                p.feed(cycle, 0, cycle.length, i);
            }
            smallest = Math.min(smallest, threads.getThreadAllocatedBytes(tid) - before);
        }

        // Then every cycle was decoded (the time steps back at each pass: a counted jump) and no window allocated
        assertThat(count[0]).isEqualTo(50_000);
        assertThat(p.checksumErrors()).isZero();
        assertThat(smallest).isZero();
    }
}
