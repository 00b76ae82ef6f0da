package org.hoverla.hal.gnss;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hoverla.hal.GnssSample;
import org.hoverla.testdata.TestData;
import org.junit.jupiter.api.Test;

/**
 * GNSS parity with gpsd on its three u-blox binary captures (../shared/data/gnss, read in place):
 * every epoch {@link UbxParser} produces is compared with gpsd's report for the same UTC time in
 * the {@code .chk} beside the capture (gpsd may print several TPVs for one time as the cycle's
 * messages arrive; its last one is its fix for the epoch). Each field gpsd printed must equal
 * ours within half a unit of its last printed digit: {@code time}, {@code mode}, {@code lat},
 * {@code lon}, {@code altMSL}, {@code altHAE}, {@code speed}, {@code track}. Every mismatch is
 * counted by cause and asserted exactly, so any new difference fails; docs/gnss-parity.md
 * explains each cause.
 */
class UbxGpsdParityTest {
    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":(-?[0-9]+(?:\\.[0-9]+)?)");
    private static final Pattern TIME = Pattern.compile("\"time\":\"([^\"]+)\"");

    private static final String NO_GEOID = "altMSL, ours is the ellipsoid height (NAV-SOL has no MSL, no geoid model)";
    private static final String FIX_OK = "mode, receiver's gpsFixOK false: no fix by PX4's rule, gpsd reports it";
    private static final String FLOAT_DIGIT = ", gpsd prints a 0.1 mm digit from float arithmetic (NAV-PVT has 1 mm)";
    private static final String NO_TPV = "gpsd printed no TPV for the epoch";

    /**
     * Per capture: our epochs, matched, mismatched, the causes (a mismatched epoch may have
     * several), our epochs without a UTC time, and gpsd epochs we gave nothing for. Explained in
     * docs/gnss-parity.md.
     */
    private static final Map<String, String> EXPECTED = Map.of(
            "navisys-gr701w.log", "epochs 81, matched 26, mismatched 55, {" + NO_GEOID + "=52, " + FIX_OK + "=3}, "
                    + "no time 0, gpsd-only 0",
            "ublox-neo-m8n.log", "epochs 24, matched 22, mismatched 0, {" + NO_TPV + "=2}, no time 0, gpsd-only 0",
            "ublox-zed-f9p-hp.log", "epochs 29, matched 26, mismatched 2, {altHAE" + FLOAT_DIGIT + "=1, altMSL"
                    + FLOAT_DIGIT + "=1, " + NO_TPV + "=1}, no time 0, gpsd-only 0");

    /** One of our epochs. */
    private record Ours(long utcMs, GnssSample s, double speed, double course) {
    }

    @Test
    void shouldMatchGpsdOnEveryUbxCapture() throws IOException {
        Map<String, String> actual = new TreeMap<>();
        System.out.println("gpsd parity (UBX): capture | epochs | matched | mismatched | why | frames");
        for (String name : EXPECTED.keySet().stream().sorted().toList()) {
            // Given a capture and gpsd's reports for it
            Path log = TestData.file("gnss/" + name);
            Map<Long, String> gpsd = gpsdReports(log.resolveSibling(name + ".chk"));

            // When it is decoded as the receiver thread would, all bytes in one go
            List<Ours> ours = new ArrayList<>();
            UbxParser[] self = new UbxParser[1];
            self[0] = new UbxParser(new UbxParser.Listener() {
                @Override
                public void onEpoch(GnssSample s) {
                    GnssSample c = new GnssSample();
                    c.copyFrom(s);
                    ours.add(new Ours(s.utcTimeMs, c, self[0].groundSpeedMps(), self[0].courseDeg()));
                }
            });
            byte[] bytes = Files.readAllBytes(log);
            self[0].feed(bytes, 0, bytes.length);
            UbxParser p = self[0];

            int matched = 0;
            int mismatched = 0;
            int noTime = 0;
            int withoutReport = 0;
            Map<String, Integer> reasons = new TreeMap<>();
            List<String> details = new ArrayList<>();
            java.util.Set<Long> used = new java.util.HashSet<>();
            for (Ours o : ours) {
                if (o.utcMs() == GnssSample.UTC_UNKNOWN) {
                    noTime++;
                    continue;
                }
                String tpv = gpsd.get(o.utcMs());
                if (tpv == null) {
                    withoutReport++;
                    reasons.merge("gpsd printed no TPV for the epoch", 1, Integer::sum);
                    details.add(Instant.ofEpochMilli(o.utcMs()) + " gpsd printed no TPV");
                    continue;
                }
                used.add(o.utcMs());
                List<String> why = differences(o, tpv);
                if (why.isEmpty()) {
                    matched++;
                } else {
                    mismatched++;
                    for (String w : why) {
                        reasons.merge(w.substring(0, w.indexOf(" | ")), 1, Integer::sum);
                        details.add(Instant.ofEpochMilli(o.utcMs()) + " " + w);
                    }
                }
            }
            int gpsdOnly = 0;
            for (Long t : gpsd.keySet()) {
                if (!used.contains(t)) {
                    gpsdOnly++;
                    details.add("gpsd only: " + Instant.ofEpochMilli(t));
                }
            }
            System.out.printf("  %s | %d | %d | %d | %s | frames %d, checksum errors %d, length errors %d, "
                    + "decode errors %d, skipped bytes %d, pending %d, our epochs without time %d, "
                    + "gpsd epochs we lack %d%n", name, ours.size(), matched, mismatched, reasons, p.framesOk(),
                    p.checksumErrors(), p.lengthErrors(), p.decodeErrors(), p.skippedBytes(), p.pendingBytes(),
                    noTime, gpsdOnly);
            if (Boolean.getBoolean("hoverla.parity.details")) {
                details.forEach(d -> System.out.println("      " + d));
            }
            actual.put(name, String.format("epochs %d, matched %d, mismatched %d, %s, no time %d, gpsd-only %d",
                    ours.size(), matched, mismatched, reasons, noTime, gpsdOnly));
            assertThat(p.checksumErrors()).as(name + " checksum errors").isZero();
        }
        // Then each capture compares exactly as recorded
        assertThat(actual).isEqualTo(new TreeMap<>(EXPECTED));
    }

    /** gpsd's last TPV for each UTC time it printed. */
    private static Map<Long, String> gpsdReports(Path chk) throws IOException {
        Map<Long, String> byTime = new LinkedHashMap<>();
        for (String line : Files.readAllLines(chk, StandardCharsets.ISO_8859_1)) {
            if (!line.startsWith("{\"class\":\"TPV\"")) {
                continue;
            }
            Matcher t = TIME.matcher(line);
            if (t.find()) {
                byTime.put(Instant.parse(t.group(1)).toEpochMilli(), line);
            }
        }
        return byTime;
    }

    /** The fields where ours and gpsd's differ, each "cause | detail". */
    private static List<String> differences(Ours o, String tpv) {
        Map<String, String> n = new LinkedHashMap<>();
        Matcher m = NUMBER.matcher(tpv);
        while (m.find()) {
            n.put(m.group(1), m.group(2));
        }
        GnssSample s = o.s();
        List<String> why = new ArrayList<>();
        int mode = s.fixType >= GnssSample.FIX_3D ? 3 : s.fixType == GnssSample.FIX_2D ? 2 : 1;
        int theirMode = Integer.parseInt(n.getOrDefault("mode", "0"));
        if (theirMode != mode) {
            if (mode == 1 && theirMode >= 2) {
                // PX4's rule (UbxParser.mapFixType): no fix unless the receiver sets gpsFixOK;
                // gpsd reports the receiver's fix type regardless. The position is then ours to withhold.
                why.add("mode, receiver's gpsFixOK false: no fix by PX4's rule, gpsd reports it | gpsd " + theirMode);
                return why;
            }
            why.add("mode | gpsd " + theirMode + ", ours " + mode);
        }
        boolean fix = mode >= 2;
        compare(why, "lat", n.get("lat"), fix, s.latDeg);
        compare(why, "lon", n.get("lon"), fix, s.lonDeg);
        compare(why, "altHAE", n.get("altHAE"), fix && !Double.isNaN(s.altEllipsoidM), s.altEllipsoidM);
        String msl = n.get("altMSL");
        if (msl != null && fix && s.altEllipsoidM == s.altMslM && Math.abs(s.altMslM - Double.parseDouble(msl)) > 0.5) {
            why.add("altMSL, ours is the ellipsoid height (NAV-SOL has no MSL, no geoid model) | gpsd " + msl
                    + ", ours " + s.altMslM);
        } else {
            compare(why, "altMSL", msl, fix, s.altMslM);
        }
        compare(why, "speed", n.get("speed"), fix, o.speed());
        compare(why, "track", n.get("track"), fix, o.course());
        return why;
    }

    private static void compare(List<String> why, String field, String printed, boolean have, double ours) {
        if (printed == null) {
            return;
        }
        if (!have) {
            why.add(field + " | gpsd " + printed + ", ours absent");
            return;
        }
        int dot = printed.indexOf('.');
        int decimals = dot < 0 ? 0 : printed.length() - dot - 1;
        double halfUnit = 0.5 * Math.pow(10, -decimals);
        double theirs = Double.parseDouble(printed);
        double diff = Math.abs(ours - theirs);
        if (diff > halfUnit + 1e-12 * Math.max(1, Math.abs(theirs))) {
            if (field.startsWith("alt") && decimals == 4 && diff < 1.5e-4) {
                // NAV-PVT heights are whole mm; gpsd derives one height from the other in float
                // arithmetic and prints a 0.1 mm digit that the receiver never sent.
                why.add(field + ", gpsd prints a 0.1 mm digit from float arithmetic (NAV-PVT has 1 mm) | gpsd "
                        + printed + ", ours " + ours);
                return;
            }
            why.add(field + " | gpsd " + printed + ", ours " + ours);
        }
    }
}
