package org.hoverla.sim.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hoverla.core.fault.FailureInjection;
import org.hoverla.core.fault.FailureType;
import org.hoverla.core.fault.FailureUnit;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.SetResult;
import org.hoverla.core.vehicle.FlightParams;

/**
 * A simulator scenario: the flight to fly, its set-up, timed events and what must hold at the end
 * (docs/scenarios.md). Parsed completely before anything flies; every error names the file, the
 * line and the reason ({@link ScenarioFileException}). Immutable once parsed.
 */
public final class ScenarioFile {
    /** What the vehicle is asked to do. */
    public enum FlightKind {
        /** Take off, hover, land (the demo), driven as a ground station would. */
        DEMO,
        /** Take off to an altitude and hold until something (a failsafe) lands it or time runs out. */
        HOVER,
        /** Fly a plan file in Mission mode. */
        MISSION
    }

    /** Timed event kinds. */
    public enum EventKind { WIND, GNSS_JAM, GNSS_SPOOF, GNSS_OFF, GNSS_RESTORE, MOTOR_THRUST, RC_LOSS, RC_RESTORE,
        GCS_LOSS, GCS_RESTORE, BATTERY_SAG, BATTERY_REMAINING, FAIL }

    /**
     * One timed event.
     *
     * @param atS      simulated time since boot, s
     * @param line     its line in the file
     * @param text     the event as written (after "at T s"), for the summary
     * @param a        first number (wind speed, spoof speed, motor index 0-based, sag volts, remaining fraction)
     * @param b        second number (wind direction, spoof direction, thrust fraction)
     * @param unit     FAIL: the unit
     * @param type     FAIL: the type
     * @param instance FAIL: the instance (0 all)
     */
    public record Event(double atS, int line, String text, EventKind kind, double a, double b, FailureUnit unit,
                        FailureType type, int instance) {
        /** Whether this event is a failure (the point from which landing_from_failure_m is measured). */
        public boolean isFault() {
            return kind != EventKind.WIND && kind != EventKind.GNSS_RESTORE && kind != EventKind.RC_RESTORE
                    && kind != EventKind.GCS_RESTORE && !(kind == EventKind.FAIL && type == FailureType.OK);
        }
    }

    /** Expectation kinds. */
    public enum ExpectKind { LANDED, ON_GROUND, NO_CRASH, FINAL_MODE, ENTERED_MODE, TEXT, FIGURE }

    /**
     * One expectation, checked at the end of the flight.
     *
     * @param figure FIGURE: the summary figure's name; TEXT: the text; modes: the mode's name
     * @param op     FIGURE: "<", "<=", ">" or ">="
     */
    public record Expectation(int line, String text, ExpectKind kind, String figure, String op, double value,
                              FlightMode mode) {
    }

    /** Figures an expectation may compare, all in the JSON summary. */
    public static final List<String> FIGURES = List.of("landing_from_home_m", "landing_from_failure_m",
            "max_tilt_deg", "max_alt_m", "sim_time_s", "fence_breaches", "touchdown_s");

    public final Path path;
    public final FlightKind flight;
    public final Path missionFile;
    public final double altitudeM;
    public final double hoverS;
    public final Double durationS;
    /** SYS_AUTOSTART to boot with, or null for the default. */
    public final Integer autostart;
    public final Map<String, Double> params;
    public final boolean rcTransmitter;
    public final boolean groundStation;
    public final List<Event> events;
    public final List<Expectation> expectations;

    private ScenarioFile(Builder b) {
        path = b.path;
        flight = b.flight;
        missionFile = b.missionFile;
        altitudeM = b.altitudeM;
        hoverS = b.hoverS;
        durationS = b.durationS;
        autostart = b.autostart;
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
        rcTransmitter = b.rc;
        groundStation = b.gcs;
        events = List.copyOf(b.events);
        expectations = List.copyOf(b.expectations);
    }

    /** Scenario files larger than this are refused before they are read: 1 MiB. */
    public static final long MAX_FILE_BYTES = 1L << 20;

    /** Reads and checks {@code file}: every error names the file, the line and the reason. */
    public static ScenarioFile read(Path file) throws ScenarioFileException {
        List<String> lines;
        try {
            // Refuse before reading: a scenario is a page of text; a wrong path must not be read whole.
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ScenarioFileException(file + ": file is " + size + " bytes, more than the limit of "
                        + MAX_FILE_BYTES + " (1 MiB) for a scenario file");
            }
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new ScenarioFileException(file + ": no such scenario file");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ScenarioFileException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file, lines);
    }

    /** Parses {@code lines} as the contents of {@code file} (plan paths resolve beside it). */
    public static ScenarioFile parse(Path file, List<String> lines) throws ScenarioFileException {
        Builder b = new Builder(file);
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
            if (line.isEmpty()) {
                continue;
            }
            try {
                b.line(i + 1, line);
            } catch (LineError e) {
                throw new ScenarioFileException(file + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return new ScenarioFile(b);
    }

    /** A problem with one line; the parser adds the file and line number. */
    private static final class LineError extends Exception {
        LineError(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Builder {
        private final Path path;
        private final ParamStore checkStore = new ParamStore();
        private final FailureInjection simulatorSupport = new FailureInjection();
        FlightKind flight = FlightKind.DEMO;
        boolean flightGiven;
        Path missionFile;
        double altitudeM = 10.0;
        double hoverS = 20.0;
        Double durationS;
        Integer autostart;
        final Map<String, Double> params = new LinkedHashMap<>();
        boolean rc;
        boolean gcs;
        final List<Event> events = new ArrayList<>();
        final List<Expectation> expectations = new ArrayList<>();
        double lastEventS;

        Builder(Path path) {
            this.path = path;
            new FlightParams(checkStore);
            org.hoverla.sim.lockstep.SimWorld.declareSimulatorSupport(simulatorSupport);
            simulatorSupport.declareSupported(FailureUnit.MAVLINK_SIGNAL, FailureType.OFF);
        }

        void line(int n, String line) throws LineError {
            String[] w = line.split("\\s+");
            switch (w[0]) {
                case "flight" -> flight(w);
                case "airframe" -> {
                    words(w, 2, "airframe quad|quad+|hexa");
                    autostart = switch (w[1]) {
                        case "quad", "quadx", "quad-x" -> 4001;
                        case "quad+", "quad-plus" -> 5001;
                        case "hexa", "hexax", "hexa-x" -> 6001;
                        default -> throw new LineError("unknown airframe '" + w[1] + "': quad, quad+ or hexa");
                    };
                }
                case "param" -> param(w);
                case "duration" -> {
                    words(w, 2, "duration SECONDS");
                    double d = number(w[1], "duration");
                    if (!(d >= 1 && d <= 86_400)) {
                        throw new LineError("duration must be 1..86400 s, not " + w[1]);
                    }
                    durationS = d;
                }
                case "rc" -> {
                    if (w.length != 2 || !w[1].equals("transmitter")) {
                        throw new LineError("expected 'rc transmitter' (timed RC events are 'at T s rc loss|restore')");
                    }
                    rc = true;
                }
                case "gcs" -> {
                    if (w.length != 2 || !w[1].equals("heartbeat")) {
                        throw new LineError("expected 'gcs heartbeat' (timed events are 'at T s gcs loss|restore')");
                    }
                    gcs = true;
                }
                case "at" -> event(n, line, w);
                case "expect" -> expect(n, line, w);
                default -> throw new LineError("unknown statement '" + w[0]
                        + "': flight, airframe, param, duration, rc, gcs, at, expect");
            }
        }

        private void flight(String[] w) throws LineError {
            if (flightGiven) {
                throw new LineError("a second 'flight' line: a scenario flies one flight");
            }
            flightGiven = true;
            if (w.length < 2) {
                throw new LineError("expected 'flight demo [ALT [HOVER_S]]', 'flight hover ALT' or 'flight mission FILE'");
            }
            switch (w[1]) {
                case "demo" -> {
                    flight = FlightKind.DEMO;
                    if (w.length > 4) {
                        throw new LineError("expected 'flight demo [ALT [HOVER_S]]'");
                    }
                    if (w.length > 2) {
                        altitudeM = altitude(w[2]);
                    }
                    if (w.length > 3) {
                        hoverS = number(w[3], "hover time");
                        if (!(hoverS >= 0 && hoverS <= 3600)) {
                            throw new LineError("hover time must be 0..3600 s, not " + w[3]);
                        }
                    }
                }
                case "hover" -> {
                    words(w, 3, "flight hover ALT");
                    flight = FlightKind.HOVER;
                    altitudeM = altitude(w[2]);
                }
                case "mission" -> {
                    words(w, 3, "flight mission FILE");
                    flight = FlightKind.MISSION;
                    Path p;
                    try {
                        p = Path.of(w[2]);
                    } catch (java.nio.file.InvalidPathException e) {
                        // e.g. a NUL byte in the name (found by ScenarioFileFuzzTest): a line error, not a crash
                        throw new LineError("plan file name '" + w[2].replace("\0", "\\0") + "' is not a valid path: "
                                + e.getReason());
                    }
                    Path dir = path.toAbsolutePath().getParent();
                    missionFile = p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
                    if (!Files.isRegularFile(missionFile)) {
                        throw new LineError("plan file " + w[2] + " not found (looked for " + missionFile + ")");
                    }
                }
                default -> throw new LineError("unknown flight '" + w[1] + "': demo, hover or mission");
            }
        }

        private double altitude(String s) throws LineError {
            double a = number(s, "altitude");
            if (!(a >= 2 && a <= 500)) {
                throw new LineError("altitude must be 2..500 m, not " + s);
            }
            return a;
        }

        private void param(String[] w) throws LineError {
            words(w, 3, "param NAME VALUE");
            Param p = checkStore.find(w[1]);
            if (p == null) {
                throw new LineError("unknown parameter " + w[1]);
            }
            double v = number(w[2], w[1]);
            SetResult r = checkStore.set(w[1], v);
            if (r != SetResult.OK) {
                throw new LineError("parameter " + w[1] + " " + w[2] + " refused: "
                        + r.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
            if (w[1].equals("SYS_AUTOSTART")) {
                autostart = (int) v;
            } else {
                params.put(w[1], v);
            }
        }

        private void event(int n, String line, String[] w) throws LineError {
            if (w.length < 4 || !(w[2].equals("s"))) {
                throw new LineError("expected 'at SECONDS s EVENT ...'");
            }
            double t = number(w[1], "event time");
            if (!(t >= 0 && t <= 86_400)) {
                throw new LineError("event time must be 0..86400 s, not " + w[1]);
            }
            if (t < lastEventS) {
                throw new LineError("time goes backwards: " + w[1] + " s after an event at " + fmt(lastEventS) + " s");
            }
            lastEventS = t;
            String text = String.join(" ", java.util.Arrays.copyOfRange(w, 3, w.length));
            String[] e = java.util.Arrays.copyOfRange(w, 3, w.length);
            switch (e[0]) {
                case "wind" -> {
                    words(e, 3, "wind SPEED_MPS FROM_DEG");
                    double speed = number(e[1], "wind speed");
                    double from = number(e[2], "wind direction");
                    if (!(speed >= 0 && speed <= 30)) {
                        throw new LineError("wind speed must be 0..30 m/s, not " + e[1]);
                    }
                    add(t, n, text, EventKind.WIND, speed, from);
                }
                case "gnss" -> gnss(t, n, text, e);
                case "motor" -> {
                    words(e, 4, "motor N thrust FRACTION");
                    if (!e[2].equals("thrust")) {
                        throw new LineError("expected 'motor N thrust FRACTION'");
                    }
                    double m = number(e[1], "motor number");
                    if (m != Math.rint(m) || m < 1 || m > FailureInjection.MAX_INSTANCE) {
                        throw new LineError("motor number must be 1.." + FailureInjection.MAX_INSTANCE
                                + " (MAVLink/PX4 numbering), not " + e[1]);
                    }
                    double f = number(e[3], "thrust fraction");
                    if (!(f >= 0 && f <= 1)) {
                        throw new LineError("thrust fraction must be 0..1, not " + e[3]);
                    }
                    add(t, n, text, EventKind.MOTOR_THRUST, m - 1, f);
                }
                case "rc" -> {
                    words(e, 2, "rc loss|restore");
                    if (!rc) {
                        throw new LineError("'rc " + e[1] + "' needs 'rc transmitter' earlier in the file");
                    }
                    add(t, n, text, switch (e[1]) {
                        case "loss" -> EventKind.RC_LOSS;
                        case "restore" -> EventKind.RC_RESTORE;
                        default -> throw new LineError("expected 'rc loss' or 'rc restore', not 'rc " + e[1] + "'");
                    }, 0, 0);
                }
                case "gcs" -> {
                    words(e, 2, "gcs loss|restore");
                    if (!gcs) {
                        throw new LineError("'gcs " + e[1] + "' needs 'gcs heartbeat' earlier in the file");
                    }
                    add(t, n, text, switch (e[1]) {
                        case "loss" -> EventKind.GCS_LOSS;
                        case "restore" -> EventKind.GCS_RESTORE;
                        default -> throw new LineError("expected 'gcs loss' or 'gcs restore', not 'gcs " + e[1] + "'");
                    }, 0, 0);
                }
                case "battery" -> {
                    words(e, 3, "battery sag VOLTS | battery remaining FRACTION");
                    double v = number(e[2], "battery " + e[1]);
                    switch (e[1]) {
                        case "sag" -> {
                            if (!(v >= 0 && v <= 20)) {
                                throw new LineError("battery sag must be 0..20 V, not " + e[2]);
                            }
                            add(t, n, text, EventKind.BATTERY_SAG, v, 0);
                        }
                        case "remaining" -> {
                            if (!(v >= 0 && v <= 1)) {
                                throw new LineError("battery remaining must be 0..1, not " + e[2]);
                            }
                            add(t, n, text, EventKind.BATTERY_REMAINING, v, 0);
                        }
                        default -> throw new LineError("expected 'battery sag VOLTS' or 'battery remaining FRACTION'");
                    }
                }
                case "fail" -> fail(t, n, text, e);
                default -> throw new LineError("unknown event '" + e[0]
                        + "': wind, gnss, motor, rc, gcs, battery, fail");
            }
        }

        private void gnss(double t, int n, String text, String[] e) throws LineError {
            if (e.length < 2) {
                throw new LineError("expected 'gnss jam|off|restore' or 'gnss spoof drift SPEED m/s [TOWARDS_DEG]'");
            }
            switch (e[1]) {
                case "jam" -> {
                    words(e, 2, "gnss jam");
                    add(t, n, text, EventKind.GNSS_JAM, 0, 0);
                }
                case "off" -> {
                    words(e, 2, "gnss off");
                    add(t, n, text, EventKind.GNSS_OFF, 0, 0);
                }
                case "restore" -> {
                    words(e, 2, "gnss restore");
                    add(t, n, text, EventKind.GNSS_RESTORE, 0, 0);
                }
                case "spoof" -> {
                    if ((e.length != 5 && e.length != 6) || !e[2].equals("drift") || !e[4].equals("m/s")) {
                        throw new LineError("expected 'gnss spoof drift SPEED m/s [TOWARDS_DEG]'");
                    }
                    double v = number(e[3], "spoof drift speed");
                    if (!(v >= 0 && v <= 50)) {
                        throw new LineError("spoof drift speed must be 0..50 m/s, not " + e[3]);
                    }
                    add(t, n, text, EventKind.GNSS_SPOOF, v, e.length == 6 ? number(e[5], "spoof direction") : 0.0);
                }
                default -> throw new LineError("unknown gnss event '" + e[1] + "': jam, spoof, off, restore");
            }
        }

        private void fail(double t, int n, String text, String[] e) throws LineError {
            if (e.length != 3 && !(e.length == 5 && e[3].equals("instance"))) {
                throw new LineError("expected 'fail UNIT TYPE [instance N]'");
            }
            FailureUnit unit = FailureUnit.fromName(e[1]);
            if (unit == null) {
                throw new LineError("unknown failure unit '" + e[1] + "': " + names(FailureUnit.values()));
            }
            FailureType type = FailureType.fromName(e[2]);
            if (type == null) {
                throw new LineError("unknown failure type '" + e[2] + "': " + names(FailureType.values()));
            }
            int instance = 0;
            if (e.length == 5) {
                double i = number(e[4], "instance");
                if (i != Math.rint(i) || i < 0 || i > FailureInjection.MAX_INSTANCE) {
                    throw new LineError("instance must be 0.." + FailureInjection.MAX_INSTANCE + ", not " + e[4]);
                }
                instance = (int) i;
            }
            if (!simulatorSupport.supported(unit, type)) {
                throw new LineError("the simulator does not apply " + unit.cliName + " " + type.cliName + " ("
                        + unit.cliName + ": " + simulatorSupport.supportedTypes(unit) + ")");
            }
            if (unit == FailureUnit.MAVLINK_SIGNAL && !gcs) {
                throw new LineError("'fail mavlink_signal' needs 'gcs heartbeat' earlier in the file");
            }
            events.add(new Event(t, n, text, EventKind.FAIL, 0, 0, unit, type, instance));
        }

        private void expect(int n, String line, String[] w) throws LineError {
            String text = line.substring("expect".length()).trim();
            if (w.length < 2) {
                throw new LineError("expected 'expect landed|on_ground|no crash|final_mode M|entered M|text \"...\"|FIGURE OP N'");
            }
            switch (w[1]) {
                case "landed" -> {
                    words(w, 2, "expect landed");
                    expectations.add(new Expectation(n, text, ExpectKind.LANDED, null, null, 0, null));
                }
                case "on_ground" -> {
                    words(w, 2, "expect on_ground");
                    expectations.add(new Expectation(n, text, ExpectKind.ON_GROUND, null, null, 0, null));
                }
                case "no" -> {
                    if (w.length != 3 || !w[2].equals("crash")) {
                        throw new LineError("expected 'expect no crash'");
                    }
                    expectations.add(new Expectation(n, text, ExpectKind.NO_CRASH, null, null, 0, null));
                }
                case "final_mode", "entered" -> {
                    words(w, 3, "expect " + w[1] + " MODE");
                    FlightMode m;
                    try {
                        m = FlightMode.valueOf(w[2].toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new LineError("unknown mode '" + w[2] + "': " + names(FlightMode.values()));
                    }
                    expectations.add(new Expectation(n, text, w[1].equals("entered") ? ExpectKind.ENTERED_MODE
                            : ExpectKind.FINAL_MODE, m.name(), null, 0, m));
                }
                case "text" -> {
                    String rest = text.substring("text".length()).trim();
                    if (rest.length() < 3 || !rest.startsWith("\"") || !rest.endsWith("\"")) {
                        throw new LineError("expected 'expect text \"PART OF A VEHICLE MESSAGE\"'");
                    }
                    expectations.add(new Expectation(n, text, ExpectKind.TEXT, rest.substring(1, rest.length() - 1),
                            null, 0, null));
                }
                default -> {
                    if (!FIGURES.contains(w[1])) {
                        throw new LineError("unknown expectation '" + w[1] + "': landed, on_ground, no crash, final_mode, entered, "
                                + "text, or a figure: " + String.join(", ", FIGURES));
                    }
                    words(w, 4, "expect " + w[1] + " < NUMBER");
                    if (!List.of("<", "<=", ">", ">=").contains(w[2])) {
                        throw new LineError("comparison must be <, <=, > or >=, not '" + w[2] + "'");
                    }
                    expectations.add(new Expectation(n, text, ExpectKind.FIGURE, w[1], w[2], number(w[3], w[1]), null));
                }
            }
        }

        private void add(double t, int n, String text, EventKind kind, double a, double b) {
            events.add(new Event(t, n, text, kind, a, b, null, null, 0));
        }

        private static void words(String[] w, int count, String form) throws LineError {
            if (w.length != count) {
                throw new LineError("expected '" + form + "'");
            }
        }

        private static double number(String s, String what) throws LineError {
            try {
                double v = Double.parseDouble(s);
                if (Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new LineError(what + " must be a number, not '" + s + "'");
        }

        private static String names(Enum<?>[] values) {
            StringBuilder sb = new StringBuilder();
            for (Enum<?> v : values) {
                String name = v instanceof FailureUnit u ? u.cliName : v instanceof FailureType t ? t.cliName
                        : v.name();
                sb.append(sb.length() == 0 ? "" : ", ").append(name);
            }
            return sb.toString();
        }
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
    }
}
