package org.hoverla.mission.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;

/**
 * The plain-text mission format {@code QGC WPL 110} (mavlink.io "File Formats"): a header line,
 * then one item per line, 12 tab-separated fields: index, current, frame, command, param1..4,
 * param5/x/latitude, param6/y/longitude, param7/z/altitude, autocontinue. It carries missions
 * only (no geofence or rally points).
 *
 * <p>Home: Mission Planner (and ArduPilot, whose mission slot 0 is home) write the home position
 * as the row with index 0, a NAV_WAYPOINT. The reader takes row 0 as the planned home when it is
 * a NAV_WAYPOINT (a home at 0°, 0° means "unknown") and drops it from the mission; the mission
 * then starts at row 1, and DO_JUMP targets (file indices) are shifted down by one. Any other
 * command at row 0 (e.g. the NAV_TAKEOFF of MAVSDK's {@code mission_planner_sample.txt}) is the
 * first mission item. The writer always writes a home row 0, so what it writes reads back the
 * same.
 *
 * <p>Messages name items by the file's own index column ({@code seq}, as Mission Planner shows it;
 * {@link ItemNumbering#wpl}) or, while reading, by line number.
 *
 * <p>Indices must run 0, 1, 2, ... without gaps or duplicates. Numbers are decimal; "nan"/"NaN"
 * is NaN. Lines may end in LF or CRLF; the last newline may be missing.
 */
public final class WplFormat {
    /** The header line this reader accepts and the writer writes. */
    public static final String HEADER = "QGC WPL 110";

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,10}");

    private WplFormat() {
    }

    public static PlanDocument read(Path file) throws PlanFileException {
        return parse(PlanFiles.readText(file), file.toString());
    }

    /** Parses the text of a WPL file; {@code name} is used in messages. */
    public static PlanDocument parse(String text, String name) throws PlanFileException {
        if (text.length() > PlanFiles.MAX_FILE_BYTES) {
            throw new PlanFileException(name, "file is more than the limit of " + PlanFiles.MAX_FILE_BYTES + " bytes");
        }
        String[] lines = text.split("\r\n|\n|\r", -1);
        String header = lines.length == 0 ? "" : lines[0].strip();
        if (header.isEmpty() && lines.length <= 1) {
            throw new PlanFileException(name, "empty file (expected first line \"" + HEADER + "\")");
        }
        if (!header.equals(HEADER)) {
            if (header.startsWith("QGC WPL")) {
                throw new PlanFileException(name, "line", 1, "format \"" + header + "\" is not supported (expected \""
                        + HEADER + "\")");
            }
            throw new PlanFileException(name, "not a QGC WPL file (first line is \"" + abbreviate(header)
                    + "\", expected \"" + HEADER + "\")");
        }
        List<double[]> rows = new ArrayList<>();
        List<Integer> lineNos = new ArrayList<>();
        int expected = 0;
        for (int ln = 1; ln < lines.length; ln++) {
            String line = lines[ln];
            if (line.isBlank()) {
                continue;
            }
            int lineNo = ln + 1;
            String[] f = line.strip().split("\t", -1);
            if (f.length != 12) {
                f = line.strip().split("\\s+");
            }
            if (f.length != 12) {
                throw new PlanFileException(name, "line", lineNo, "expected 12 tab-separated fields, found " + f.length);
            }
            double[] r = new double[12];
            for (int k = 0; k < 12; k++) {
                r[k] = field(f[k].strip(), k, name, lineNo);
            }
            int index = (int) r[0];
            if (index != expected) {
                String why;
                if (index == expected - 1) {
                    why = "duplicate index " + index;
                } else if (index > expected) {
                    why = "index " + index + " where " + expected + " was expected (gap in the sequence)";
                } else {
                    why = "index " + index + " out of order (expected " + expected + ")";
                }
                throw new PlanFileException(name, "line", lineNo, why);
            }
            expected++;
            if (rows.size() >= PlanFiles.MAX_ITEMS + 1) {
                throw new PlanFileException(name, "line", lineNo, "more than " + PlanFiles.MAX_ITEMS + " items");
            }
            rows.add(r);
            lineNos.add(lineNo);
        }
        HomePosition home = null;
        int first = 0;
        if (!rows.isEmpty() && (int) rows.get(0)[3] == MavCmd.NAV_WAYPOINT) {
            double[] h = rows.get(0);
            home = homeOf(h, name, lineNos.get(0));
            first = 1;
        }
        if (rows.size() - first > PlanFiles.MAX_ITEMS) {
            throw new PlanFileException(name, "more than " + PlanFiles.MAX_ITEMS + " items");
        }
        List<MissionItem> items = new ArrayList<>(rows.size() - first);
        for (int i = first; i < rows.size(); i++) {
            items.add(item(rows.get(i), i - first, first, name, lineNos.get(i)));
        }
        return new PlanDocument(new MissionPlan(items, List.of(), List.of()), home, ItemNumbering.wpl(first == 1),
                List.of());
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static final String[] FIELD_NAMES = {"index", "current", "frame", "command", "param1", "param2",
        "param3", "param4", "param5/x/latitude", "param6/y/longitude", "param7/z/altitude", "autocontinue"};

    private static double field(String s, int k, String name, int lineNo) throws PlanFileException {
        boolean integer = k <= 3 || k == 11;
        if (integer) {
            if (!INTEGER.matcher(s).matches()) {
                throw new PlanFileException(name, "line", lineNo, FIELD_NAMES[k] + " is not an integer: \""
                        + abbreviate(s) + "\"");
            }
            long v = Long.parseLong(s);
            if ((k == 1 || k == 11) && v != 0 && v != 1) {
                throw new PlanFileException(name, "line", lineNo, FIELD_NAMES[k] + " must be 0 or 1, not " + v);
            }
            if (k == 0 && v < 0 || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
                throw new PlanFileException(name, "line", lineNo, FIELD_NAMES[k] + " " + v + " is out of range");
            }
            return v;
        }
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("nan") || lower.equals("-nan") || lower.equals("+nan")) {
            return Double.NaN;
        }
        if (lower.equals("inf") || lower.equals("+inf") || lower.equals("infinity") || lower.equals("+infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        if (lower.equals("-inf") || lower.equals("-infinity")) {
            return Double.NEGATIVE_INFINITY;
        }
        if (!DECIMAL.matcher(s).matches()) {
            throw new PlanFileException(name, "line", lineNo, FIELD_NAMES[k] + " is not a number: \""
                    + abbreviate(s) + "\"");
        }
        return Double.parseDouble(s);
    }

    private static HomePosition homeOf(double[] r, String name, int lineNo) throws PlanFileException {
        if (!Double.isFinite(r[8]) || !Double.isFinite(r[9]) || !Double.isFinite(r[10])) {
            throw new PlanFileException(name, "line", lineNo, "home position (index 0) is not finite");
        }
        if (Math.abs(r[8]) > 90 || Math.abs(r[9]) > 180) {
            throw new PlanFileException(name, "line", lineNo, "home position (index 0) " + r[8] + ", " + r[9]
                    + " is out of range");
        }
        if (r[8] == 0 && r[9] == 0) {
            return null;
        }
        return new HomePosition((int) Math.round(r[8] * 1e7), (int) Math.round(r[9] * 1e7), (float) r[10]);
    }

    private static MissionItem item(double[] r, int seq, int shift, String name, int lineNo) throws PlanFileException {
        int frame = (int) r[2];
        int command = (int) r[3];
        float[] p = new float[4];
        for (int k = 0; k < 4; k++) {
            p[k] = (float) r[4 + k];
            if (Double.isFinite(r[4 + k]) && !Float.isFinite(p[k])) {
                throw new PlanFileException(name, "line", lineNo, "param" + (k + 1) + " " + r[4 + k] + " is out of range");
            }
        }
        boolean global = Coordinates.isGlobal(frame);
        String[] why = new String[1];
        Integer x = Coordinates.toInt(r[8], frame, global ? "latitude" : "param5", why);
        Integer y = x == null ? null : Coordinates.toInt(r[9], frame, global ? "longitude" : "param6", why);
        if (y == null) {
            throw new PlanFileException(name, "line", lineNo, why[0]);
        }
        float z = (float) r[10];
        if (global && !Float.isFinite(z)) {
            throw new PlanFileException(name, "line", lineNo, "altitude is " + (Double.isNaN(r[10]) ? "NaN" : "infinite"
                    + " or out of range"));
        }
        if (Float.isInfinite(z)) {
            throw new PlanFileException(name, "line", lineNo, "param7 is infinite or out of range");
        }
        if (command == MavCmd.DO_JUMP) {
            double target = r[4];
            if (target != Math.rint(target)) {
                throw new PlanFileException(name, "line", lineNo, "DO_JUMP target " + r[4] + " is not an index");
            }
            if (shift == 1 && target == 0) {
                throw new PlanFileException(name, "line", lineNo, "DO_JUMP targets index 0, the home position");
            }
            p[0] = (float) (target - shift);
        }
        return new MissionItem(seq, frame, command, r[1] != 0, r[11] != 0, p[0], p[1], p[2], p[3], x, y, z,
                MissionType.MISSION);
    }

    public static void write(Path file, MissionPlan plan, HomePosition plannedHome) throws PlanFileException {
        PlanFiles.writeText(file, format(plan, plannedHome, file.toString()));
    }

    /**
     * The WPL text of a plan's mission, with the home as row 0 (0°, 0°, 0 m when unknown). The
     * plan's geofence and rally points are not written: WPL cannot carry them.
     */
    public static String format(MissionPlan plan, HomePosition plannedHome, String name) throws PlanFileException {
        StringBuilder sb = new StringBuilder(64 * (plan.mission().size() + 2));
        sb.append(HEADER).append('\n');
        HomePosition h = plannedHome != null ? plannedHome : new HomePosition(0, 0, 0f);
        sb.append("0\t1\t0\t16\t0\t0\t0\t0\t")
                .append(Coordinates.decimalText(Coordinates.toDecimal(h.latDegE7(), 0))).append('\t')
                .append(Coordinates.decimalText(Coordinates.toDecimal(h.lonDegE7(), 0))).append('\t')
                .append(Coordinates.floatText(h.altAmslM())).append("\t1\n");
        List<MissionItem> items = plan.mission();
        for (int s = 0; s < items.size(); s++) {
            MissionItem it = items.get(s);
            float p1 = it.param1();
            if (it.command() == MavCmd.DO_JUMP) {
                if (p1 != Math.rint(p1) || p1 < 0 || p1 >= items.size()) {
                    throw new PlanFileException(name, "mission item", s, "DO_JUMP target " + p1
                            + " is not an item of this mission");
                }
                p1 = p1 + 1; // file index: home is row 0
            }
            float[] pf = {p1, it.param2(), it.param3(), it.param4(), it.z()};
            for (int k = 0; k < pf.length; k++) {
                if (Float.isInfinite(pf[k])) {
                    throw new PlanFileException(name, "mission item", s, (k == 4 ? "param7" : "param" + (k + 1))
                            + " is infinite");
                }
            }
            sb.append(s + 1).append('\t').append(it.current() ? 1 : 0).append('\t').append(it.frame()).append('\t')
                    .append(it.command()).append('\t')
                    .append(Coordinates.floatText(p1)).append('\t')
                    .append(Coordinates.floatText(it.param2())).append('\t')
                    .append(Coordinates.floatText(it.param3())).append('\t')
                    .append(Coordinates.floatText(it.param4())).append('\t')
                    .append(Coordinates.decimalText(Coordinates.toDecimal(it.x(), it.frame()))).append('\t')
                    .append(Coordinates.decimalText(Coordinates.toDecimal(it.y(), it.frame()))).append('\t')
                    .append(Coordinates.floatText(it.z())).append('\t')
                    .append(it.autocontinue() ? 1 : 0).append('\n');
        }
        return sb.toString();
    }
}
