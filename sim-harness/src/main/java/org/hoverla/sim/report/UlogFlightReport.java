package org.hoverla.sim.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogReader;
import org.hoverla.core.log.ulog.UlogTopic;

/**
 * The flight report of one ULog file: a single self-contained HTML page (no network access when
 * it is viewed) with the track and altitude, attitude and body rates against their setpoints,
 * velocity, motor outputs, battery, estimator innovations and test ratios, the loop-timing
 * histogram, and the timeline of modes, arming, failsafes and logged messages. Charts are drawn
 * by uPlot (MIT, inlined from its WebJar); the data is embedded as JSON, each series thinned by
 * {@link SeriesDownsampler} to at most {@link #MAX_POINTS_PER_SERIES} points, so a long log still
 * gives a page of a few megabytes.
 *
 * <p>Topic and field names are PX4's (msg/*.msg) and Hoverla logs use the same; every section
 * tolerates missing topics and fields (older PX4 logs differ) and says in one line what is not in
 * the log instead of drawing an empty chart. Damage the reader found ({@link UlogFile#problems()})
 * is shown at the top of the page.
 *
 * <p>Offline tool (allocates freely); not for the flight thread. Not thread-safe; build one per page.
 */
public final class UlogFlightReport {

    /** The most points any one series carries in the page. */
    public static final int MAX_POINTS_PER_SERIES = 4000;
    /** The most rows of the event timeline written into the page. */
    public static final int MAX_TIMELINE_ROWS = 2000;
    /** Info key of the loop-timing histogram's bucket upper edges (µs, comma-separated). */
    public static final String LOOP_TIMING_EDGES_INFO = "loop_timing_edges_us";

    static final String UPLOT_DIR = "META-INF/resources/webjars/uplot/1.6.30/dist/";

    /** A log the report cannot be built from (not a ULog, or no data records at all). */
    public static final class UnusableLogException extends Exception {
        private static final long serialVersionUID = 1L;

        public UnusableLogException(String message) {
            super(message);
        }
    }

    private final UlogFile log;
    private final String fileName;
    private final long startUs;
    private final List<Section> sections = new ArrayList<>();
    private final List<Chart> charts = new ArrayList<>();
    private Map<String, Object> track;
    private Map<String, Object> histogram;
    private final List<String[]> timeline = new ArrayList<>();
    private int timelineDropped;
    private final List<Object[]> modeBand = new ArrayList<>();

    private UlogFlightReport(UlogFile log, String fileName) {
        this.log = log;
        this.fileName = fileName;
        long header = log.headerTimestampUs();
        this.startUs = header > 0 && header <= log.lastTimestampUs() ? header : Math.max(log.firstTimestampUs(), 0);
    }

    /**
     * Reads {@code ulg} and writes its report to {@code html} (atomically: a temporary file beside
     * it, then a rename). This is the entry point for {@code ./hoverla report} and for the simulator's
     * {@code --report}.
     *
     * @return the log's reader problems (empty for a clean file); they are also shown in the page
     * @throws UnusableLogException if the file is missing, unreadable, not a ULog, or holds no data
     * @throws IOException          if the page cannot be written
     */
    public static List<String> write(Path ulg, Path html) throws UnusableLogException, IOException {
        UlogFile log = read(ulg);
        UlogFlightReport report = of(log, ulg.getFileName().toString());
        writeAtomically(html, report.html());
        return log.problems();
    }

    /** Reads a log for the report; every way it can fail is an {@link UnusableLogException} with the reason. */
    public static UlogFile read(Path ulg) throws UnusableLogException {
        UlogFile log;
        try {
            if (Files.isDirectory(ulg)) {
                throw new UnusableLogException("is a directory, not a ULog file");
            }
            log = UlogReader.read(ulg);
        } catch (NoSuchFileException e) {
            throw new UnusableLogException("no such file");
        } catch (AccessDeniedException e) {
            throw new UnusableLogException("cannot read: permission denied");
        } catch (IOException | RuntimeException e) {
            throw new UnusableLogException("cannot read: " + firstLine(String.valueOf(e.getMessage())));
        }
        boolean anyData = false;
        for (UlogTopic t : log.topics()) {
            anyData |= t.size() > 0;
        }
        if (!anyData) {
            String why = log.problems().isEmpty() ? "the log holds no data records" : log.problems().get(0);
            throw new UnusableLogException(why.startsWith("not a ULog") || why.startsWith("file is ")
                    ? why : "no data to report (" + why + ")");
        }
        return log;
    }

    /** Builds the report of an already-read log; {@code fileName} is shown in the header. */
    public static UlogFlightReport of(UlogFile log, String fileName) {
        UlogFlightReport r = new UlogFlightReport(log, fileName);
        r.build();
        return r;
    }

    // ---------------------------------------------------------------- building the sections

    private void build() {
        trackSection();
        attitudeSection();
        ratesSection();
        velocitySection();
        motorsSection();
        batterySection();
        estimatorSection();
        loopTimingSection();
        timelineSection();
    }

    private void trackSection() {
        Section s = section("track", "Track and altitude");
        UlogTopic lpos = topic("vehicle_local_position");
        double[] n = null;
        double[] e = null;
        String source = null;
        if (lpos != null && lpos.hasField("x") && lpos.hasField("y") && anyFinite(lpos.column("x"))) {
            n = lpos.column("x");
            e = lpos.column("y");
            source = "vehicle_local_position x/y (north/east of the local origin)";
        } else {
            String[] latLon = null;
            UlogTopic g = null;
            for (String name : new String[] {"vehicle_global_position", "sensor_gps", "vehicle_gps_position"}) {
                UlogTopic c = topic(name);
                latLon = c == null ? null : latLonFields(c);
                if (latLon != null) {
                    g = c;
                    break;
                }
            }
            if (g != null) {
                double scale = latLon[2] == null ? 1.0 : 1e-7;
                double[] lat = g.column(latLon[0]);
                double[] lon = g.column(latLon[1]);
                n = new double[lat.length];
                e = new double[lat.length];
                int ref = -1;
                for (int i = 0; i < lat.length; i++) {
                    if (ref < 0 && Double.isFinite(lat[i]) && lat[i] != 0) {
                        ref = i;
                    }
                }
                double lat0 = ref < 0 ? 0 : lat[ref] * scale;
                double lon0 = ref < 0 ? 0 : lon[ref] * scale;
                double earth = 6_371_000.0;
                for (int i = 0; i < lat.length; i++) {
                    boolean ok = Double.isFinite(lat[i]) && lat[i] != 0;
                    n[i] = ok ? Math.toRadians(lat[i] * scale - lat0) * earth : Double.NaN;
                    e[i] = ok ? Math.toRadians(lon[i] * scale - lon0) * earth * Math.cos(Math.toRadians(lat0)) : Double.NaN;
                }
                source = g.name() + " latitude/longitude (metres from the first fix)";
            }
        }
        if (n != null && anyFinite(n)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", source);
            // Thinning each axis separately would pair samples from different times; thin by index instead.
            int step = Math.max(1, (n.length + MAX_POINTS_PER_SERIES - 1) / MAX_POINTS_PER_SERIES);
            m.put("n", new Compact(every(n, step), 4));
            m.put("e", new Compact(every(e, step), 4));
            track = m;
            s.html.append("<p class=\"note\">Track from ").append(esc(source))
                    .append(". North up, east right, equal scales; green: start, red: end.</p>\n")
                    .append("<canvas id=\"track-canvas\" class=\"track\" width=\"480\" height=\"480\"></canvas>\n");
        } else {
            s.missing("track: vehicle_local_position x/y, vehicle_global_position, sensor_gps");
        }
        Chart alt = chart(s, "altitude", "Altitude", "m");
        if (lpos != null && lpos.hasField("z")) {
            double[] z = lpos.column("z");
            double[] up = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                up[i] = -z[i];
            }
            alt.add("local (−z)", times(lpos), up, false);
        }
        UlogTopic gpos = topic("vehicle_global_position");
        if (gpos != null && gpos.hasField("alt")) {
            alt.add("global alt (AMSL)", times(gpos), gpos.column("alt"), false).scale = "y2";
        }
        UlogTopic air = topic("vehicle_air_data");
        if (air != null && air.hasField("baro_alt_meter")) {
            alt.add("baro", times(air), air.column("baro_alt_meter"), false).scale = "y2";
        }
        UlogTopic gps = firstOf("sensor_gps", "vehicle_gps_position");
        if (gps != null) {
            if (gps.hasField("altitude_msl_m")) {
                alt.add("GNSS (MSL)", times(gps), gps.column("altitude_msl_m"), false).scale = "y2";
            } else if (gps.hasField("alt")) {
                double[] mm = gps.column("alt");
                double[] m = new double[mm.length];
                for (int i = 0; i < mm.length; i++) {
                    m[i] = mm[i] * 1e-3;
                }
                alt.add("GNSS (MSL)", times(gps), m, false).scale = "y2";
            }
        }
        alt.y2Unit = "m AMSL";
        alt.finish("vehicle_local_position z, vehicle_global_position alt, vehicle_air_data, sensor_gps");
    }

    private void attitudeSection() {
        Section s = section("attitude", "Attitude: estimate and setpoint");
        UlogTopic att = topic("vehicle_attitude");
        UlogTopic sp = topic("vehicle_attitude_setpoint");
        double[][] est = att == null ? null : euler(att, "q");
        double[][] set = sp == null ? null : euler(sp, "q_d");
        if (est == null) {
            s.missing("vehicle_attitude q");
            return;
        }
        if (set == null) {
            s.note("Setpoint: vehicle_attitude_setpoint q_d not in this log.");
        }
        String[] axes = {"roll", "pitch", "yaw"};
        for (int a = 0; a < 3; a++) {
            Chart c = chart(s, "att-" + axes[a], cap(axes[a]), "deg");
            c.add(axes[a], times(att), deg(est[a]), false);
            if (set != null) {
                c.add(axes[a] + " setpoint", times(sp), deg(set[a]), true);
            }
            c.finish("vehicle_attitude");
        }
    }

    private void ratesSection() {
        Section s = section("rates", "Body rates: measured and setpoint");
        UlogTopic av = topic("vehicle_angular_velocity");
        UlogTopic sp = topic("vehicle_rates_setpoint");
        if (av == null || !av.hasField("xyz[0]")) {
            s.missing("vehicle_angular_velocity xyz");
            return;
        }
        if (sp == null) {
            s.note("Setpoint: vehicle_rates_setpoint not in this log.");
        }
        String[] axes = {"roll", "pitch", "yaw"};
        for (int a = 0; a < 3; a++) {
            Chart c = chart(s, "rate-" + axes[a], cap(axes[a]) + " rate", "deg/s");
            c.add(axes[a] + " rate", times(av), deg(av.column("xyz[" + a + "]")), false);
            if (sp != null && sp.hasField(axes[a])) {
                c.add(axes[a] + " rate setpoint", times(sp), deg(sp.column(axes[a])), true);
            }
            c.finish("vehicle_angular_velocity");
        }
    }

    private void velocitySection() {
        Section s = section("velocity", "Velocity");
        UlogTopic lpos = topic("vehicle_local_position");
        if (lpos == null || !lpos.hasField("vx")) {
            s.missing("vehicle_local_position vx/vy/vz");
            return;
        }
        Chart c = chart(s, "velocity", "Velocity (NED)", "m/s");
        for (String f : new String[] {"vx", "vy", "vz"}) {
            if (lpos.hasField(f)) {
                c.add(f, times(lpos), lpos.column(f), false);
            }
        }
        c.finish("vehicle_local_position vx/vy/vz");
    }

    private void motorsSection() {
        Section s = section("motors", "Motor outputs");
        UlogTopic motors = topic("actuator_motors");
        Chart c1 = chart(s, "actuator-motors", "actuator_motors control[] (normalised thrust)", "");
        if (motors != null) {
            for (int i = 0; i < 12 && motors.hasField("control[" + i + "]"); i++) {
                double[] v = motors.column("control[" + i + "]");
                if (anyFinite(v)) {
                    c1.add("motor " + (i + 1), times(motors), v, false);
                }
            }
        }
        c1.finish("actuator_motors");
        UlogTopic outputs = topic("actuator_outputs");
        Chart c2 = chart(s, "actuator-outputs", "actuator_outputs output[] (PWM µs or normalised)", "");
        if (outputs != null) {
            int count = 16;
            if (outputs.hasField("noutputs")) {
                double max = 0;
                for (double v : outputs.column("noutputs")) {
                    max = Math.max(max, v);
                }
                count = (int) Math.min(16, max);
            }
            for (int i = 0; i < count && outputs.hasField("output[" + i + "]"); i++) {
                double[] v = outputs.column("output[" + i + "]");
                if (anyNonZero(v)) {
                    c2.add("output " + (i + 1), times(outputs), v, false);
                }
            }
        }
        c2.finish("actuator_outputs");
    }

    private void batterySection() {
        Section s = section("battery", "Battery");
        UlogTopic b = topic("battery_status");
        if (b == null) {
            s.missing("battery_status");
            return;
        }
        Chart c = chart(s, "battery-vi", "Voltage and current", "V");
        if (b.hasField("voltage_v")) {
            c.add("voltage", times(b), b.column("voltage_v"), false);
        }
        if (b.hasField("current_a")) {
            c.add("current", times(b), b.column("current_a"), false).scale = "y2";
            c.y2Unit = "A";
        }
        c.finish("battery_status voltage_v/current_a");
        Chart r = chart(s, "battery-remaining", "Remaining", "%");
        if (b.hasField("remaining")) {
            double[] v = b.column("remaining");
            double[] pct = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                pct[i] = v[i] * 100.0;
            }
            r.add("remaining", times(b), pct, false);
        }
        r.finish("battery_status remaining");
    }

    private static final String[][] INNOVATION_POS = {
        {"gps_hpos[0]", "GNSS north pos"}, {"gps_hpos[1]", "GNSS east pos"}, {"gps_vpos", "GNSS vert pos"},
        {"gps_hvel[0]", "GNSS north vel"}, {"gps_hvel[1]", "GNSS east vel"}, {"gps_vvel", "GNSS vert vel"},
        {"baro_vpos", "baro height"},
    };
    private static final String[][] INNOVATION_MAG = {
        {"mag_field[0]", "mag x"}, {"mag_field[1]", "mag y"}, {"mag_field[2]", "mag z"}, {"heading", "heading"},
    };

    private void estimatorSection() {
        Section s = section("estimator", "Estimator innovations and test ratios");
        UlogTopic innov = topic("estimator_innovations");
        UlogTopic ratios = topic("estimator_innovation_test_ratios");
        int instances = log.instances("estimator_innovations").size();
        if (instances > 1) {
            s.note("Instance 0 of " + instances + " estimator instances.");
        }
        Chart pos = chart(s, "innov-pos", "Innovations: GNSS and baro (m, m/s)", "m | m/s");
        Chart mag = chart(s, "innov-mag", "Innovations: magnetometer (gauss) and heading (rad)", "G | rad");
        Chart tr = chart(s, "test-ratios", "Innovation test ratios (> 1: rejected)", "");
        if (innov != null) {
            addFields(pos, innov, INNOVATION_POS);
            addFields(mag, innov, INNOVATION_MAG);
        }
        if (ratios != null) {
            addFields(tr, ratios, INNOVATION_POS);
            addFields(tr, ratios, INNOVATION_MAG);
        }
        pos.finish("estimator_innovations");
        mag.finish("estimator_innovations");
        tr.finish("estimator_innovation_test_ratios");
        UlogTopic status = topic("estimator_status");
        if (status == null && ratios != null) {
            // Hoverla logs the per-source ratios only; estimator_status is PX4's older summary of them.
            return;
        }
        Chart st = chart(s, "status-ratios", "estimator_status test ratios", "");
        if (status != null) {
            addFields(st, status, new String[][] {{"mag_test_ratio", "mag"}, {"hdg_test_ratio", "heading"},
                {"vel_test_ratio", "velocity"}, {"pos_test_ratio", "position"}, {"hgt_test_ratio", "height"}});
        }
        st.finish("estimator_status test ratios");
    }

    private void addFields(Chart c, UlogTopic t, String[][] fields) {
        for (String[] f : fields) {
            if (t.hasField(f[0])) {
                double[] v = t.column(f[0]);
                if (anyNonZero(v)) {
                    c.add(f[1], times(t), v, false);
                }
            }
        }
    }

    private void loopTimingSection() {
        Section s = section("loop-timing", "Loop timing");
        UlogTopic lt = topic("loop_timing");
        if (lt == null) {
            s.missing("loop_timing (a Hoverla topic; PX4 logs do not have it)");
            return;
        }
        List<String> buckets = new ArrayList<>();
        for (int i = 0; lt.hasField("lateness_hist[" + i + "]"); i++) {
            buckets.add("lateness_hist[" + i + "]");
        }
        if (buckets.isEmpty()) {
            s.missing("loop_timing lateness_hist[]");
        } else {
            // Each sample counts the cycles of its own second (docs/flight-log.md): the flight's
            // histogram is their sum.
            double[] counts = new double[buckets.size()];
            for (int b = 0; b < counts.length; b++) {
                for (double v : lt.column(buckets.get(b))) {
                    counts[b] += v;
                }
            }
            double[] edges = edges();
            List<String> labels = new ArrayList<>();
            for (int b = 0; b < counts.length; b++) {
                if (edges == null) {
                    labels.add("bucket " + b);
                } else if (b < edges.length) {
                    labels.add((b == 0 ? "≤ " : fmt(edges[b - 1]) + "–") + fmt(edges[b]) + " µs");
                } else {
                    labels.add("> " + fmt(edges[edges.length - 1]) + " µs");
                }
            }
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("labels", labels);
            h.put("counts", new Compact(counts, 12));
            histogram = h;
            s.html.append("<h3>Lateness of the flight-loop cycles</h3>\n");
            if (edges == null) {
                s.note("Bucket edges: not in this log (info '" + LOOP_TIMING_EDGES_INFO + "'); buckets are numbered.");
            }
            s.note(String.format(Locale.ROOT, "%.0f cycles counted (the sum of the per-second samples).",
                    Arrays.stream(counts).sum()));
            s.html.append("<div class=\"chart\" id=\"histogram\"></div>\n");
        }
        Chart c = chart(s, "loop-lateness", "Worst lateness per sample", "µs");
        if (lt.hasField("lateness_max_us")) {
            c.add("lateness max", times(lt), lt.column("lateness_max_us"), false);
        }
        for (String f : new String[] {"deadline_misses", "overruns"}) {
            if (lt.hasField(f)) {
                c.add(f, times(lt), lt.column(f), false).scale = "y2";
                c.y2Unit = "count";
            }
        }
        c.finish("loop_timing lateness_max_us");
    }

    private double[] edges() {
        Object v = log.info().get(LOOP_TIMING_EDGES_INFO);
        if (!(v instanceof String str) || str.isBlank()) {
            return null;
        }
        String[] parts = str.split(",");
        double[] out = new double[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                out[i] = Double.parseDouble(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return out;
    }

    private void timelineSection() {
        Section s = section("timeline", "Timeline: modes, arming, failsafes, messages and parameter changes");
        List<Object[]> events = new ArrayList<>();
        UlogTopic st = topic("vehicle_status");
        if (st == null) {
            s.note("Modes, arming and failsafes: vehicle_status not in this log.");
        } else {
            double[] t = times(st);
            double[] nav = st.hasField("nav_state") ? st.column("nav_state") : null;
            double[] arm = st.hasField("arming_state") ? st.column("arming_state") : null;
            double[] fs = st.hasField("failsafe") ? st.column("failsafe") : null;
            double segStart = Double.NaN;
            int segNav = -1;
            for (int i = 0; i < t.length; i++) {
                if (nav != null && (i == 0 || nav[i] != nav[i - 1])) {
                    events.add(new Object[] {t[i], "mode", navStateName((int) nav[i])});
                    if (segNav >= 0) {
                        modeBand.add(new Object[] {segStart, t[i], navStateName(segNav)});
                    }
                    segStart = t[i];
                    segNav = (int) nav[i];
                }
                if (arm != null && (i == 0 || arm[i] != arm[i - 1])) {
                    events.add(new Object[] {t[i], "arming", armingStateName((int) arm[i])});
                }
                if (fs != null && (i == 0 ? fs[i] != 0 : fs[i] != fs[i - 1])) {
                    events.add(new Object[] {t[i], "failsafe", fs[i] != 0 ? "failsafe ACTIVE" : "failsafe cleared"});
                }
            }
            if (segNav >= 0) {
                modeBand.add(new Object[] {segStart, Math.max(t[t.length - 1], log.durationS()), navStateName(segNav)});
            }
        }
        for (UlogFile.LogMessage m : log.logMessages()) {
            events.add(new Object[] {(m.timestampUs() - startUs) * 1e-6, m.levelName(), m.text().strip()});
        }
        if (log.logMessages().isEmpty()) {
            s.note("Logged messages: none in this log.");
        }
        for (UlogFile.ParameterChange c : log.parameterChanges()) {
            events.add(new Object[] {(c.afterTimestampUs() - startUs) * 1e-6, "parameter", c.name() + " = " + c.value()});
        }
        for (UlogFile.Dropout d : log.dropouts()) {
            events.add(new Object[] {(d.afterTimestampUs() - startUs) * 1e-6, "dropout",
                    "logger lost " + d.durationMs() + " ms of data"});
        }
        events.sort((a, b) -> Double.compare((Double) a[0], (Double) b[0]));
        if (!modeBand.isEmpty()) {
            double t0 = Math.min(0, (Double) modeBand.get(0)[0]);
            double t1 = (Double) modeBand.get(modeBand.size() - 1)[1];
            double span = Math.max(t1 - t0, 1e-6);
            s.html.append("<div class=\"modeband\" title=\"flight modes (vehicle_status nav_state)\">");
            for (Object[] seg : modeBand) {
                double w = 100.0 * ((Double) seg[1] - (Double) seg[0]) / span;
                s.html.append(String.format(Locale.ROOT, "<div class=\"seg m%d\" style=\"width:%.3f%%\" title=\"%s\">%s</div>",
                        Math.floorMod(((String) seg[2]).hashCode(), 8), w,
                        esc(seg[2] + String.format(Locale.ROOT, " %.1f–%.1f s", (Double) seg[0], (Double) seg[1])),
                        esc((String) seg[2])));
            }
            s.html.append("</div>\n");
        }
        if (events.isEmpty()) {
            s.missing("vehicle_status, logged messages");
            return;
        }
        s.html.append("<table class=\"timeline\"><thead><tr><th>time (s)</th><th>kind</th><th>event</th></tr></thead><tbody>\n");
        int rows = 0;
        for (Object[] e : events) {
            if (rows++ >= MAX_TIMELINE_ROWS) {
                timelineDropped++;
                continue;
            }
            String kind = (String) e[1];
            s.html.append("<tr class=\"k-").append(esc(kind.toLowerCase(Locale.ROOT))).append("\"><td>")
                    .append(String.format(Locale.ROOT, "%.3f", (Double) e[0])).append("</td><td>").append(esc(kind))
                    .append("</td><td>").append(esc((String) e[2])).append("</td></tr>\n");
            timeline.add(new String[] {kind, (String) e[2]});
        }
        s.html.append("</tbody></table>\n");
        if (timelineDropped > 0) {
            s.note(timelineDropped + " further events not shown.");
        }
    }

    /** PX4's vehicle_status nav_state names (msg/VehicleStatus.msg, NAVIGATION_STATE_*). */
    static String navStateName(int n) {
        String[] names = {"MANUAL", "ALTCTL", "POSCTL", "AUTO_MISSION", "AUTO_LOITER", "AUTO_RTL",
            "POSITION_SLOW", "nav_state 7", "nav_state 8", "nav_state 9", "ACRO", "nav_state 11", "DESCEND",
            "TERMINATION", "OFFBOARD", "STAB", "nav_state 16", "AUTO_TAKEOFF", "AUTO_LAND", "AUTO_FOLLOW_TARGET",
            "AUTO_PRECLAND", "ORBIT", "AUTO_VTOL_TAKEOFF"};
        if (n >= 0 && n < names.length) {
            return names[n];
        }
        if (n >= 23 && n <= 30) {
            return "EXTERNAL" + (n - 22);
        }
        return "nav_state " + n;
    }

    /**
     * PX4's arming_state names: 1 DISARMED and 2 ARMED in current PX4; older logs also use 0 INIT,
     * 3 STANDBY_ERROR, 4 SHUTDOWN, 5 IN_AIR_RESTORE, and call 1 STANDBY.
     */
    static String armingStateName(int a) {
        return switch (a) {
            case 0 -> "INIT";
            case 1 -> "DISARMED (standby)";
            case 2 -> "ARMED";
            case 3 -> "STANDBY_ERROR";
            case 4 -> "SHUTDOWN";
            case 5 -> "IN_AIR_RESTORE";
            default -> "arming_state " + a;
        };
    }

    // ---------------------------------------------------------------- page

    /** The whole page. */
    public String html() {
        StringBuilder b = new StringBuilder(1 << 20);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Flight report: ").append(esc(fileName)).append("</title>\n")
                .append("<style>\n").append(resource(UPLOT_DIR + "uPlot.min.css")).append("\n")
                .append(resource("org/hoverla/sim/report/flight-report.css")).append("</style>\n</head>\n<body>\n");
        b.append("<header><h1>Flight report: ").append(esc(fileName)).append("</h1>\n");
        headerTable(b);
        problems(b);
        b.append("<nav>");
        for (Section s : sections) {
            b.append("<a href=\"#").append(s.id).append("\">").append(esc(s.title)).append("</a> ");
        }
        b.append("</nav></header>\n<main>\n");
        for (Section s : sections) {
            b.append("<section id=\"").append(s.id).append("\"><h2>").append(esc(s.title)).append("</h2>\n")
                    .append(s.html).append("</section>\n");
        }
        b.append("</main>\n<footer>Written by Hoverla <code>./hoverla report</code>; charts by uPlot 1.6.30 (MIT licence, "
                + "© Leon Sorokin), inlined.</footer>\n");
        b.append("<script id=\"report-data\" type=\"application/json\">").append(dataJson()).append("</script>\n");
        b.append("<script>\n").append(scriptSafe(resource(UPLOT_DIR + "uPlot.iife.min.js"))).append("\n</script>\n");
        b.append("<script>\n").append(scriptSafe(resource("org/hoverla/sim/report/flight-report.js"))).append("\n</script>\n");
        b.append("</body></html>\n");
        return b.toString();
    }

    private void headerTable(StringBuilder b) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("Log file", fileName);
        rows.put("Duration", String.format(Locale.ROOT, "%.1f s", log.durationS()));
        putInfo(rows, "System", "sys_name");
        putInfo(rows, "Software", "ver_sw");
        Object release = log.info().get("ver_sw_release");
        if (release instanceof Long r && r != 0) {
            rows.put("Release", releaseName(r));
        }
        putInfo(rows, "Branch", "ver_sw_branch");
        putInfo(rows, "Board", "sys_board");
        putInfo(rows, "Hardware", "ver_hw");
        putInfo(rows, "Hardware subtype", "ver_hw_subtype");
        putInfo(rows, "MCU", "sys_mcu");
        putInfo(rows, "OS", "sys_os_name");
        putInfo(rows, "Vehicle UID", "sys_uuid");
        rows.put("Topics", log.topics().size() + " subscribed, " + log.logMessages().size() + " logged messages, "
                + log.parameters().size() + " parameters");
        if (!log.dropouts().isEmpty()) {
            int ms = 0;
            for (UlogFile.Dropout d : log.dropouts()) {
                ms += d.durationMs();
            }
            rows.put("Dropouts", log.dropouts().size() + " (" + ms + " ms of data lost)");
        }
        b.append("<table class=\"info\">\n");
        rows.forEach((k, v) -> b.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n"));
        b.append("</table>\n");
    }

    private void putInfo(Map<String, String> rows, String label, String key) {
        Object v = log.info().get(key);
        if (v != null && !(v instanceof byte[]) && !String.valueOf(v).isBlank()) {
            rows.put(label, String.valueOf(v));
        }
    }

    /** PX4's ver_sw_release 0xAABBCCTT: major, minor, patch, type (&lt;64 dev, &lt;128 alpha, &lt;192 beta, &lt;255 rc, 255 release). */
    static String releaseName(long r) {
        int major = (int) (r >>> 24) & 0xFF;
        int minor = (int) (r >>> 16) & 0xFF;
        int patch = (int) (r >>> 8) & 0xFF;
        int type = (int) r & 0xFF;
        String kind = type < 64 ? "dev" : type < 128 ? "alpha" : type < 192 ? "beta" : type < 255 ? "rc" : "release";
        return String.format(Locale.ROOT, "v%d.%d.%d %s (0x%08x)", major, minor, patch, kind, r);
    }

    private void problems(StringBuilder b) {
        if (log.problems().isEmpty()) {
            b.append("<p class=\"ok\" id=\"problems\">The log reader found no damage.</p>\n");
            return;
        }
        b.append("<div class=\"warning\" id=\"problems\"><strong>This log is damaged or incomplete; the report shows "
                + "what could be read.</strong><ul>\n");
        for (String p : log.problems()) {
            b.append("<li>").append(esc(p)).append("</li>\n");
        }
        b.append("</ul></div>\n");
    }

    private String dataJson() {
        Map<String, Object> d = new LinkedHashMap<>();
        List<Map<String, Object>> cs = new ArrayList<>();
        for (Chart c : charts) {
            if (c.series.isEmpty()) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id);
            m.put("unit", c.unit);
            m.put("y2Unit", c.y2Unit);
            List<Map<String, Object>> ss = new ArrayList<>();
            for (SeriesOut s : c.series) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("label", s.label);
                sm.put("setpoint", s.setpoint);
                sm.put("scale", s.scale);
                sm.put("t", new Compact(s.t, -4));
                sm.put("y", new Compact(s.y, 5));
                ss.add(sm);
            }
            m.put("series", ss);
            cs.add(m);
        }
        d.put("charts", cs);
        d.put("track", track);
        d.put("histogram", histogram);
        ObjectMapper mapper = new ObjectMapper();
        SimpleModule module = new SimpleModule();
        module.addSerializer(Compact.class, new CompactSerializer());
        mapper.registerModule(module);
        try {
            // '<' only occurs inside JSON strings, where \u003c means the same: the HTML parser then
            // never sees "</script>" or "<!--" in the data.
            return mapper.writeValueAsString(d).replace("<", "\\u003c");
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the report data", e);
        }
    }

    /** Script text must not close its own element; uPlot's does not, but a future version could. */
    private static String scriptSafe(String js) {
        if (js.toLowerCase(Locale.ROOT).contains("</script")) {
            throw new IllegalStateException("an inlined script contains '</script'");
        }
        return js;
    }

    static String resource(String path) {
        try (InputStream in = UlogFlightReport.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource " + path + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + path, e);
        }
    }

    /** Writes {@code text} to a temporary file beside {@code file}, then renames it over {@code file}. */
    static void writeAtomically(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new IOException(file + " is a directory");
        }
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IOException("directory " + dir + " does not exist");
        }
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                // A temporary file is private (0600); a report is for sharing.
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its default
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Names of the charts that were drawn (ids), for tests. */
    List<String> chartIds() {
        List<String> out = new ArrayList<>();
        for (Chart c : charts) {
            if (!c.series.isEmpty()) {
                out.add(c.id);
            }
        }
        return out;
    }

    /** Largest number of points of any series in the page, for tests. */
    int maxSeriesPoints() {
        int max = 0;
        for (Chart c : charts) {
            for (SeriesOut s : c.series) {
                max = Math.max(max, s.t.length);
            }
        }
        return max;
    }

    /** Timeline rows as {kind, text}, for tests. */
    List<String[]> timelineRows() {
        return timeline;
    }

    /** Instance 0 of a topic if it has samples, else null. */
    private UlogTopic topic(String name) {
        UlogTopic t = log.topic(name, 0).orElse(null);
        return t == null || t.size() == 0 || t.timestamps().length == 0 ? null : t;
    }

    private UlogTopic firstOf(String... names) {
        for (String n : names) {
            UlogTopic t = topic(n);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /** {lat field, lon field, non-null if integer degE7}, or null. */
    private static String[] latLonFields(UlogTopic t) {
        if (t.hasField("latitude_deg") && t.hasField("longitude_deg")) {
            return new String[] {"latitude_deg", "longitude_deg", null};
        }
        if (t.name().equals("vehicle_global_position") && t.hasField("lat") && t.hasField("lon")) {
            return new String[] {"lat", "lon", null};
        }
        if (t.hasField("lat") && t.hasField("lon")) {
            return new String[] {"lat", "lon", "degE7"};
        }
        return null;
    }

    private double[] times(UlogTopic t) {
        long[] ts = t.timestamps();
        double[] out = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            out[i] = (ts[i] - startUs) * 1e-6;
        }
        return out;
    }

    /** Roll, pitch, yaw (rad) from quaternion fields {@code name[0..3]} (w, x, y, z; FRD to NED). */
    private static double[][] euler(UlogTopic t, String name) {
        if (!t.hasField(name + "[3]")) {
            return null;
        }
        double[] w = t.column(name + "[0]");
        double[] x = t.column(name + "[1]");
        double[] y = t.column(name + "[2]");
        double[] z = t.column(name + "[3]");
        double[][] out = new double[3][w.length];
        for (int i = 0; i < w.length; i++) {
            out[0][i] = Math.atan2(2 * (w[i] * x[i] + y[i] * z[i]), 1 - 2 * (x[i] * x[i] + y[i] * y[i]));
            out[1][i] = Math.asin(Math.max(-1, Math.min(1, 2 * (w[i] * y[i] - z[i] * x[i]))));
            out[2][i] = Math.atan2(2 * (w[i] * z[i] + x[i] * y[i]), 1 - 2 * (y[i] * y[i] + z[i] * z[i]));
        }
        return out;
    }

    private static double[] deg(double[] rad) {
        double[] out = new double[rad.length];
        for (int i = 0; i < rad.length; i++) {
            out[i] = Math.toDegrees(rad[i]);
        }
        return out;
    }

    private static double[] every(double[] v, int step) {
        if (step == 1) {
            return v;
        }
        double[] out = new double[(v.length + step - 1) / step];
        for (int i = 0; i < out.length; i++) {
            out[i] = v[i * step];
        }
        return out;
    }

    private static boolean anyFinite(double[] v) {
        for (double x : v) {
            if (Double.isFinite(x)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyNonZero(double[] v) {
        for (double x : v) {
            if (Double.isFinite(x) && x != 0) {
                return true;
            }
        }
        return false;
    }

    /** Sorts by time (logs can hold out-of-order samples), then thins. */
    static SeriesDownsampler.Series thin(double[] t, double[] y) {
        boolean sorted = true;
        for (int i = 1; i < t.length && sorted; i++) {
            sorted = t[i] >= t[i - 1];
        }
        if (!sorted) {
            Integer[] idx = new Integer[t.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (a, b) -> Double.compare(t[a], t[b]));
            double[] st = new double[t.length];
            double[] sy = new double[t.length];
            for (int i = 0; i < idx.length; i++) {
                st[i] = t[idx[i]];
                sy[i] = y[idx[i]];
            }
            return SeriesDownsampler.minMax(st, sy, MAX_POINTS_PER_SERIES / 2);
        }
        return SeriesDownsampler.minMax(t, y, MAX_POINTS_PER_SERIES / 2);
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c < 0x20 && c != '\t' ? ' ' : c);
            }
        }
        return b.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private Section section(String id, String title) {
        Section s = new Section(id, title);
        sections.add(s);
        return s;
    }

    private Chart chart(Section s, String id, String title, String unit) {
        Chart c = new Chart(s, id, title, unit);
        charts.add(c);
        return c;
    }

    private static final class Section {
        final String id;
        final String title;
        final StringBuilder html = new StringBuilder();

        Section(String id, String title) {
            this.id = id;
            this.title = title;
        }

        void missing(String what) {
            html.append("<p class=\"missing\">Not in this log: ").append(esc(what)).append(".</p>\n");
        }

        void note(String text) {
            html.append("<p class=\"note\">").append(esc(text)).append("</p>\n");
        }
    }

    private static final class SeriesOut {
        final String label;
        final boolean setpoint;
        final double[] t;
        final double[] y;
        String scale = "y";

        SeriesOut(String label, boolean setpoint, SeriesDownsampler.Series s) {
            this.label = label;
            this.setpoint = setpoint;
            this.t = s.t();
            this.y = s.y();
        }
    }

    private static final class Chart {
        final Section section;
        final String id;
        final String title;
        final String unit;
        String y2Unit;
        final List<SeriesOut> series = new ArrayList<>();

        Chart(Section section, String id, String title, String unit) {
            this.section = section;
            this.id = id;
            this.title = title;
            this.unit = unit;
        }

        SeriesOut add(String label, double[] t, double[] y, boolean setpoint) {
            SeriesOut s = new SeriesOut(label, setpoint, thin(t, y));
            series.add(s);
            return s;
        }

        /** Writes the chart's place in its section, or the one line saying what is missing. */
        void finish(String needs) {
            if (series.isEmpty()) {
                section.missing(needs + " (for: " + title + ")");
                return;
            }
            boolean y2 = false;
            for (SeriesOut s : series) {
                y2 |= "y2".equals(s.scale);
            }
            if (!y2) {
                y2Unit = null;
            }
            section.html.append("<h3>").append(esc(title)).append(unit.isEmpty() ? "" : " [" + esc(unit) + "]")
                    .append(y2Unit == null ? "" : " / right axis [" + esc(y2Unit) + "]").append("</h3>\n")
                    .append("<div class=\"chart\" id=\"chart-").append(id).append("\"></div>\n");
        }
    }

    /** Numbers written compactly: {@code digits} > 0 significant digits, or -d decimals; NaN as null. */
    record Compact(double[] v, int digits) {
    }

    private static final class CompactSerializer extends JsonSerializer<Compact> {
        @Override
        public void serialize(Compact c, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartArray();
            MathContext mc = c.digits() > 0 ? new MathContext(c.digits(), RoundingMode.HALF_EVEN) : null;
            for (double x : c.v()) {
                if (!Double.isFinite(x)) {
                    g.writeNull();
                } else if (x == 0) {
                    g.writeNumber("0");
                } else if (mc != null) {
                    g.writeNumber(new BigDecimal(x).round(mc).stripTrailingZeros().toString());
                } else {
                    g.writeNumber(BigDecimal.valueOf(x).setScale(-c.digits(), RoundingMode.HALF_EVEN)
                            .stripTrailingZeros().toPlainString());
                }
            }
            g.writeEndArray();
        }
    }
}
