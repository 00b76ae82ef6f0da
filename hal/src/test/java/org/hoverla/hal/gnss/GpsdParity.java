package org.hoverla.hal.gnss;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: decodes one gpsd test capture ({@code *.log}) with {@link NmeaParser} and compares
 * every epoch with gpsd's expected output beside it ({@code *.log.chk}).
 *
 * <p>The {@code .chk} file interleaves the sentences gpsd accepted with the JSON reports it
 * emitted after each. gpsd reports a TPV after every sentence, each one the cumulative state of
 * the cycle so far; its final TPV of a cycle is the comparable one. A TPV belongs to the epoch of
 * the latest timed sentence (GGA, RMC, GLL, ZDA) before it, whatever time it prints (gpsd keeps
 * printing its last good time while a receiver sends void RMCs). Our epochs and gpsd's epochs are then matched in order by time of day, and
 * each field gpsd printed (time, mode, lat, lon, altMSL or alt, speed, track) must equal ours
 * within half a unit of the last digit gpsd printed.
 */
final class GpsdParity {
    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":(-?[0-9]+(?:\\.[0-9]+)?)");
    private static final Pattern TIME = Pattern.compile("\"time\":\"([^\"]+)\"");
    private static final Pattern TOD = Pattern.compile("\\d{6}(\\.\\d+)?");
    private static final DateTimeFormatter ISO_MS = DateTimeFormatter.ISO_INSTANT;

    /** The result for one capture. */
    static final class Result {
        final String capture;
        int epochs;
        int matched;
        int mismatched;
        int withoutGpsdReport;
        int gpsdEpochsUnmatched;
        final Map<String, Integer> reasons = new TreeMap<>();
        final List<String> details = new ArrayList<>();
        NmeaParser parser;

        Result(String capture) {
            this.capture = capture;
        }

        void reason(String why, String detail) {
            reasons.merge(why, 1, Integer::sum);
            if (details.size() < 400) {
                details.add(detail);
            }
        }
    }

    /** One gpsd epoch: the time of day and the last TPV reported for it. */
    private record GpsdEpoch(long tod, String tpv) {
    }

    private GpsdParity() {
    }

    /** True when the capture holds NMEA: at least one checksum-valid sentence outside comments. */
    static boolean isNmea(Path log) throws IOException {
        NmeaParser p = new NmeaParser(f -> { }, false, true, NmeaParser.DEFAULT_UERE_M,
                NmeaParser.DEFAULT_MAX_FORWARD_STEP_MS);
        byte[] b = Files.readAllBytes(log);
        p.feed(b, 0, b.length);
        return p.frames() > 0;
    }

    static Result compare(Path log, Path chk) throws IOException {
        Result r = new Result(log.getFileName().toString());
        List<NmeaFix> ours = new ArrayList<>();
        NmeaParser p = new NmeaParser(f -> {
            NmeaFix c = new NmeaFix();
            c.copyFrom(f);
            ours.add(c);
        }, false, true, NmeaParser.DEFAULT_UERE_M, NmeaParser.DEFAULT_MAX_FORWARD_STEP_MS);
        byte[] b = Files.readAllBytes(log);
        p.feed(b, 0, b.length);
        p.flush();
        r.parser = p;
        List<GpsdEpoch> gpsd = gpsdEpochs(Files.readAllLines(chk, java.nio.charset.StandardCharsets.ISO_8859_1));

        int next = 0;
        boolean[] used = new boolean[gpsd.size()];
        for (NmeaFix f : ours) {
            r.epochs++;
            int found = -1;
            for (int i = next; i < gpsd.size() && i < next + 4; i++) {
                if (gpsd.get(i).tod() == f.utcTimeOfDayMs) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                r.withoutGpsdReport++;
                r.reason("gpsd printed no TPV for the epoch", "no gpsd TPV at " + tod(f.utcTimeOfDayMs));
                continue;
            }
            used[found] = true;
            next = found + 1;
            List<String> why = differences(f, gpsd.get(found).tpv());
            if (why.isEmpty()) {
                r.matched++;
            } else {
                r.mismatched++;
                for (String w : why) {
                    r.reason(w.substring(0, w.indexOf(':')), tod(f.utcTimeOfDayMs) + " " + w);
                }
            }
        }
        for (boolean u : used) {
            if (!u) {
                r.gpsdEpochsUnmatched++;
            }
        }
        return r;
    }

    private static List<GpsdEpoch> gpsdEpochs(List<String> lines) {
        List<GpsdEpoch> epochs = new ArrayList<>();
        long sentenceTod = -1;
        for (String line : lines) {
            if (line.startsWith("$")) {
                long t = sentenceTod(line);
                if (t >= 0) {
                    sentenceTod = t;
                }
            } else if (line.startsWith("{\"class\":\"TPV\"")) {
                long tod = sentenceTod;
                if (!epochs.isEmpty() && epochs.get(epochs.size() - 1).tod() == tod) {
                    epochs.set(epochs.size() - 1, new GpsdEpoch(tod, line));
                } else {
                    epochs.add(new GpsdEpoch(tod, line));
                }
            }
        }
        return epochs;
    }

    /** Time of day (ms) of a GGA, RMC, GLL or ZDA line, -1 for other sentences. */
    private static long sentenceTod(String line) {
        if (line.length() < 7) {
            return -1;
        }
        String type = line.substring(3, 6);
        int field = switch (type) {
            case "GGA", "RMC", "ZDA" -> 1;
            case "GLL" -> 5;
            default -> -1;
        };
        String[] fields = line.split("[,*]");
        if (field < 0 || fields.length <= field || !TOD.matcher(fields[field]).matches()) {
            return -1;
        }
        String t = fields[field];
        long ms = Integer.parseInt(t.substring(0, 2)) * 3_600_000L + Integer.parseInt(t.substring(2, 4)) * 60_000L
                + Integer.parseInt(t.substring(4, 6)) * 1000L;
        if (t.length() > 7) {
            ms += Math.round(Double.parseDouble("0" + t.substring(6)) * 1000);
        }
        return ms;
    }

    /** The fields where our fix and gpsd's TPV differ, each as "field: detail". */
    static List<String> differences(NmeaFix f, String tpv) {
        Map<String, String> n = new LinkedHashMap<>();
        Matcher m = NUMBER.matcher(tpv);
        while (m.find()) {
            n.put(m.group(1), m.group(2));
        }
        List<String> why = new ArrayList<>();
        Matcher t = TIME.matcher(tpv);
        if (t.find()) {
            Instant theirs = Instant.parse(t.group(1));
            if (!f.hasDate) {
                why.add("time, ours has no date: gpsd " + t.group(1));
            } else if (f.utcEpochMs() != theirs.toEpochMilli()) {
                String cause = theirs.toEpochMilli() % 86_400_000L != f.utcTimeOfDayMs
                        ? "time, gpsd holds its last valid time through void RMCs"
                        : "time, gpsd's last report precedes the ZDA that changed the date";
                why.add(cause + ": gpsd " + t.group(1) + ", ours "
                        + ISO_MS.format(Instant.ofEpochMilli(f.utcEpochMs())));
            }
        }
        int mode = Integer.parseInt(n.getOrDefault("mode", "0"));
        if (mode != f.mode) {
            why.add("mode: gpsd " + mode + ", ours " + f.mode);
        }
        compare(why, "lat", n.get("lat"), f.hasPosition, f.sample.latDeg);
        compare(why, "lon", n.get("lon"), f.hasPosition, f.sample.lonDeg);
        String alt = n.containsKey("altMSL") ? n.get("altMSL") : n.get("alt");
        compare(why, "altMSL", alt, f.hasAltitude, f.sample.altMslM);
        compare(why, "speed", n.get("speed"), !Double.isNaN(f.speedMps), f.speedMps);
        compare(why, "track", n.get("track"), !Double.isNaN(f.courseDeg), f.courseDeg);
        return why;
    }

    private static void compare(List<String> why, String field, String printed, boolean have, double ours) {
        if (printed == null) {
            return;
        }
        if (!have) {
            why.add(field + ": gpsd " + printed + ", ours absent");
            return;
        }
        int dot = printed.indexOf('.');
        int decimals = dot < 0 ? 0 : printed.length() - dot - 1;
        double halfUnit = 0.5 * Math.pow(10, -decimals);
        double theirs = Double.parseDouble(printed);
        if (Math.abs(ours - theirs) > halfUnit + 1e-12 * Math.max(1, Math.abs(theirs))) {
            why.add(field + ": gpsd " + printed + ", ours " + ours);
        }
    }

    static String tod(long ms) {
        if (ms < 0) {
            return "--:--:--";
        }
        return String.format("%02d:%02d:%06.3f", ms / 3_600_000, ms / 60_000 % 60, ms % 60_000 / 1000.0);
    }
}
