package org.hoverla.mission.plan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;

/**
 * QGroundControl {@code .plan} files (JSON; QGC developer guide, "Plan File Format"): file
 * version 1, mission version 2, geoFence version 2, rallyPoints version 2. A rallyPoints section of
 * version 1 is ignored with a warning ({@link PlanDocument#warnings()}), as QGroundControl ignores
 * it ({@code RallyPointController::load}); other rally versions are refused naming the section.
 *
 * <p>Messages name mission items by QGroundControl's sequence number (the first mission item is 1;
 * {@link ItemNumbering#QGC_PLAN}) and their JSON path, fence and rally items by their JSON path.
 *
 * <p>Reading: {@code SimpleItem}s become one item each; {@code ComplexItem}s (survey, corridor
 * scan) contribute the pre-computed simple items QGC stores in
 * {@code TransectStyleComplexItem.Items}; a complex item without them (structure scan, fixed-wing
 * landing pattern) is refused. {@code params} hold 7 numbers, {@code null} meaning NaN. A
 * DO_JUMP's param1 is a {@code doJumpId} in the file and becomes the target's sequence number.
 * Fence polygons become NAV_FENCE_POLYGON_VERTEX_* items with param1 = vertex count, circles
 * NAV_FENCE_CIRCLE_* with param1 = radius, {@code breachReturn} a NAV_FENCE_RETURN_POINT (order:
 * polygons, circles, return point, as QGC uploads them); rally points become NAV_RALLY_POINT
 * (GLOBAL_RELATIVE_ALT). The first item of each list is marked current (as MAVSDK does).
 *
 * <p>Writing emits the same structure with every mission item as a SimpleItem ({@code doJumpId}
 * = seq + 1), so read → write → read returns the same items. The planned home is written from
 * the given home, else from the first positional mission item (QGC requires one).
 */
public final class QgcPlanFormat {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private QgcPlanFormat() {
    }

    public static PlanDocument read(Path file) throws PlanFileException {
        return parse(PlanFiles.readText(file), file.toString());
    }

    /**
     * Parses the text of a {@code .plan} file.
     *
     * @param name the file name for messages
     */
    public static PlanDocument parse(String json, String name) throws PlanFileException {
        if (json.length() > PlanFiles.MAX_FILE_BYTES) {
            throw new PlanFileException(name, "file is more than the limit of " + PlanFiles.MAX_FILE_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new PlanFileException(name, "malformed JSON" + where + ": " + firstLine(e.getOriginalMessage()));
        }
        return new Reader(name).read(root);
    }

    public static void write(Path file, MissionPlan plan, HomePosition plannedHome) throws PlanFileException {
        PlanFiles.writeText(file, format(plan, plannedHome, file.toString()));
    }

    /** The {@code .plan} text of a plan; {@code name} is used in messages only. */
    public static String format(MissionPlan plan, HomePosition plannedHome, String name) throws PlanFileException {
        return new Writer(name).write(plan, plannedHome);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** One item of the mission list before DO_JUMP targets are resolved. */
    private record Pending(MissionItem item, Double doJumpId, String where) {
    }

    private static final class Reader {
        private final String name;
        private final List<String> warnings = new ArrayList<>();
        private int total;

        Reader(String name) {
            this.name = name;
        }

        private PlanFileException fail(String why) {
            return new PlanFileException(name, why);
        }

        private PlanFileException fail(String label, int index, String why) {
            return new PlanFileException(name, label, index, why);
        }

        /** A refusal of the mission item at list index {@code index}, named by QGC's sequence number. */
        private PlanFileException failItem(int index, String why) {
            return new PlanFileException(name, "mission item", ItemNumbering.QGC_PLAN.missionNumber(index), why);
        }

        /** A refusal naming a place in the JSON (fence and rally items have no QGC number). */
        private PlanFileException failAt(String path, String why) {
            return new PlanFileException(name, path + ": " + why);
        }

        PlanDocument read(JsonNode root) throws PlanFileException {
            if (!root.isObject()) {
                throw fail("not a QGroundControl plan (top level is not a JSON object)");
            }
            JsonNode fileType = root.get("fileType");
            if (fileType == null || !"Plan".equals(fileType.asText())) {
                throw fail("not a QGroundControl plan (fileType is " + (fileType == null ? "missing" : fileType)
                        + ", expected \"Plan\")");
            }
            requireVersion(root, "version", 1, "plan");
            JsonNode mission = root.get("mission");
            if (mission == null || !mission.isObject()) {
                throw fail("no \"mission\" object");
            }
            requireVersion(mission, "version", 2, "mission");
            HomePosition home = readHome(mission.get("plannedHomePosition"));
            List<MissionItem> missionItems = readMission(mission.get("items"));
            List<MissionItem> fence = readFence(root.get("geoFence"));
            List<MissionItem> rally = readRally(root.get("rallyPoints"));
            return new PlanDocument(new MissionPlan(missionItems, fence, rally), home, ItemNumbering.QGC_PLAN,
                    warnings);
        }

        private void requireVersion(JsonNode obj, String key, int expected, String what) throws PlanFileException {
            JsonNode v = obj.get(key);
            if (v == null || !v.isIntegralNumber()) {
                throw fail(what + " version is missing");
            }
            if (v.asInt() != expected) {
                throw fail(what + " version " + v.asText() + " is not supported (expected " + expected + ")");
            }
        }

        private HomePosition readHome(JsonNode home) throws PlanFileException {
            if (home == null || home.isNull()) {
                return null;
            }
            if (!home.isArray() || home.size() != 3) {
                throw fail("plannedHomePosition must be [latitude, longitude, altitude]");
            }
            double lat = number(home.get(0), "plannedHomePosition latitude", null, -1);
            double lon = number(home.get(1), "plannedHomePosition longitude", null, -1);
            double alt = number(home.get(2), "plannedHomePosition altitude", null, -1);
            if (!Double.isFinite(lat) || !Double.isFinite(lon) || !Double.isFinite(alt)) {
                throw fail("plannedHomePosition is not finite");
            }
            if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
                throw fail("plannedHomePosition " + lat + ", " + lon + " is out of range");
            }
            if (lat == 0 && lon == 0) {
                return null; // QGC writes 0,0 when it had no home
            }
            return new HomePosition((int) Math.round(lat * 1e7), (int) Math.round(lon * 1e7), (float) alt);
        }

        /** A JSON number; null is NaN when {@code nullIsNaN}, else an error. */
        private double number(JsonNode n, String what, String label, int index) throws PlanFileException {
            if (n == null || n.isNull()) {
                throw label == null ? fail(what + " is missing") : fail(label, index, what + " is missing");
            }
            if (!n.isNumber()) {
                throw label == null ? fail(what + " is not a number: " + n)
                        : fail(label, index, what + " is not a number: " + n);
            }
            double d = n.asDouble();
            if (!Double.isFinite(d)) {
                throw label == null ? fail(what + " is not finite") : fail(label, index, what + " is not finite");
            }
            return d;
        }

        private void count(int more, String label, int index) throws PlanFileException {
            total += more;
            if (total > PlanFiles.MAX_ITEMS) {
                throw fail(label, index, "more than " + PlanFiles.MAX_ITEMS + " items");
            }
        }

        private List<MissionItem> readMission(JsonNode items) throws PlanFileException {
            if (items == null || !items.isArray()) {
                throw fail("mission has no \"items\" array");
            }
            List<Pending> pending = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                JsonNode it = items.get(i);
                String where = "mission.items[" + i + "]";
                JsonNode type = it.get("type");
                String t = type == null ? null : type.asText();
                if ("SimpleItem".equals(t)) {
                    count(1, "mission item", ItemNumbering.QGC_PLAN.missionNumber(pending.size()));
                    pending.add(simple(it, pending.size(), where));
                } else if ("ComplexItem".equals(t)) {
                    JsonNode kind = it.get("complexItemType");
                    String k = kind == null ? "?" : kind.asText();
                    JsonNode transect = it.get("TransectStyleComplexItem");
                    JsonNode sub = transect == null ? null : transect.get("Items");
                    if (sub == null || !sub.isArray()) {
                        throw failItem(pending.size(), where + ": complex item \"" + k
                                + "\" carries no pre-computed items (TransectStyleComplexItem.Items); Hoverla cannot"
                                + " expand it");
                    }
                    if (sub.isEmpty()) {
                        throw failItem(pending.size(), where + ": complex item \"" + k
                                + "\" has an empty TransectStyleComplexItem.Items");
                    }
                    count(sub.size(), "mission item", ItemNumbering.QGC_PLAN.missionNumber(pending.size()));
                    for (int j = 0; j < sub.size(); j++) {
                        String w = where + ".TransectStyleComplexItem.Items[" + j + "]";
                        JsonNode s = sub.get(j);
                        JsonNode st = s.get("type");
                        if (st != null && !"SimpleItem".equals(st.asText())) {
                            throw failItem(pending.size(), w + ": type " + st + " inside a complex item");
                        }
                        pending.add(simple(s, pending.size(), w));
                    }
                } else {
                    throw failItem(pending.size(), where + ": unknown item type "
                            + (type == null ? "(missing)" : type.toString()));
                }
            }
            // doJumpId -> sequence number, for DO_JUMP targets.
            Map<Double, Integer> bySeq = new HashMap<>();
            Set<Double> duplicate = new HashSet<>();
            for (int s = 0; s < pending.size(); s++) {
                Double id = pending.get(s).doJumpId();
                if (id != null && bySeq.putIfAbsent(id, s) != null) {
                    duplicate.add(id);
                }
            }
            List<MissionItem> out = new ArrayList<>(pending.size());
            for (int s = 0; s < pending.size(); s++) {
                MissionItem item = pending.get(s).item();
                if (item.command() == MavCmd.DO_JUMP) {
                    double target = item.param1();
                    if (duplicate.contains(target)) {
                        throw failItem(s, "DO_JUMP target doJumpId " + fmt(target) + " is ambiguous"
                                + " (several items carry it)");
                    }
                    Integer targetSeq = bySeq.get(target);
                    if (targetSeq == null) {
                        throw failItem(s, "DO_JUMP target doJumpId " + fmt(target) + " matches no item");
                    }
                    item = new MissionItem(item.seq(), item.frame(), item.command(), item.current(),
                            item.autocontinue(), targetSeq, item.param2(), item.param3(), item.param4(), item.x(),
                            item.y(), item.z(), item.type());
                }
                out.add(item);
            }
            return out;
        }

        private Pending simple(JsonNode it, int seq, String where) throws PlanFileException {
            if (!it.isObject()) {
                throw failItem(seq, where + ": not an object");
            }
            int command = integer(it.get("command"), "command", seq, where);
            int frame = integer(it.get("frame"), "frame", seq, where);
            JsonNode ac = it.get("autoContinue");
            boolean autocontinue = true;
            if (ac != null && !ac.isNull()) {
                if (!ac.isBoolean()) {
                    throw failItem(seq, where + ": autoContinue is not true/false: " + ac);
                }
                autocontinue = ac.asBoolean();
            }
            JsonNode params = it.get("params");
            if (params == null || !params.isArray() || params.size() != 7) {
                throw failItem(seq, where + ": params must be an array of 7 numbers (null for NaN)");
            }
            double[] p = new double[7];
            for (int k = 0; k < 7; k++) {
                JsonNode n = params.get(k);
                if (n.isNull()) {
                    p[k] = Double.NaN;
                } else if (n.isNumber()) {
                    p[k] = n.asDouble();
                } else {
                    throw failItem(seq, where + ": param" + (k + 1) + " is not a number: " + n);
                }
            }
            float[] f = new float[7];
            for (int k = 0; k < 7; k++) {
                if (k == 4 || k == 5) {
                    continue;
                }
                f[k] = (float) p[k];
                if (Double.isFinite(p[k]) && !Float.isFinite(f[k])) {
                    throw failItem(seq, where + ": param" + (k + 1) + " " + p[k] + " is out of range");
                }
            }
            String[] why = new String[1];
            boolean global = Coordinates.isGlobal(frame);
            Integer x = Coordinates.toInt(p[4], frame, global ? "latitude" : "param5", why);
            if (x == null) {
                throw failItem(seq, where + ": " + why[0]);
            }
            Integer y = Coordinates.toInt(p[5], frame, global ? "longitude" : "param6", why);
            if (y == null) {
                throw failItem(seq, where + ": " + why[0]);
            }
            if (global && !Float.isFinite(f[6])) {
                throw failItem(seq, where + ": altitude is " + (Float.isNaN(f[6]) ? "NaN" : "infinite"));
            }
            if (Float.isInfinite(f[6])) {
                throw failItem(seq, where + ": param7 is infinite");
            }
            Double doJumpId = null;
            JsonNode id = it.get("doJumpId");
            if (id != null && id.isNumber()) {
                doJumpId = id.asDouble();
            }
            return new Pending(new MissionItem(seq, frame, command, seq == 0, autocontinue, f[0], f[1], f[2], f[3],
                    x, y, f[6], MissionType.MISSION), doJumpId, where);
        }

        private int integer(JsonNode n, String what, int seq, String where) throws PlanFileException {
            if (n == null || n.isNull()) {
                throw failItem(seq, where + ": " + what + " is missing");
            }
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw failItem(seq, where + ": " + what + " is not an integer: " + n);
            }
            return n.asInt();
        }

        private int[] latLon(JsonNode point, String label, int index, String what) throws PlanFileException {
            if (point == null || !point.isArray() || point.size() < 2) {
                throw fail(label, index, what + " must be [latitude, longitude]");
            }
            double lat = number(point.get(0), what + " latitude", label, index);
            double lon = number(point.get(1), what + " longitude", label, index);
            String[] why = new String[1];
            Integer x = Coordinates.toInt(lat, MissionItem.FRAME_GLOBAL, what + " latitude", why);
            Integer y = x == null ? null : Coordinates.toInt(lon, MissionItem.FRAME_GLOBAL, what + " longitude", why);
            if (y == null) {
                throw fail(label, index, why[0]);
            }
            return new int[] {x, y};
        }

        private List<MissionItem> readFence(JsonNode geo) throws PlanFileException {
            List<MissionItem> out = new ArrayList<>();
            if (geo == null || geo.isNull()) {
                return out;
            }
            if (!geo.isObject()) {
                throw fail("geoFence is not an object");
            }
            requireVersion(geo, "version", 2, "geoFence");
            final String label = null; // fence items are named by their JSON path
            JsonNode polygons = geo.get("polygons");
            if (polygons != null && !polygons.isNull()) {
                if (!polygons.isArray()) {
                    throw fail("geoFence.polygons is not an array");
                }
                for (int i = 0; i < polygons.size(); i++) {
                    JsonNode poly = polygons.get(i);
                    String what = "geoFence.polygons[" + i + "]";
                    JsonNode inc = poly.get("inclusion");
                    boolean inclusion = inc == null || inc.isNull() || inc.asBoolean(true);
                    JsonNode vertices = poly.get("polygon");
                    if (vertices == null || !vertices.isArray()) {
                        throw fail(label, out.size(), what + " has no \"polygon\" vertex list");
                    }
                    if (vertices.size() < 3) {
                        throw fail(label, out.size(), what + " has " + vertices.size() + " vertices (at least 3)");
                    }
                    count(vertices.size(), label, out.size());
                    int cmd = inclusion ? MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION
                            : MavCmd.NAV_FENCE_POLYGON_VERTEX_EXCLUSION;
                    for (int v = 0; v < vertices.size(); v++) {
                        int[] xy = latLon(vertices.get(v), label, out.size(), what + ".polygon[" + v + "]");
                        out.add(new MissionItem(out.size(), MissionItem.FRAME_GLOBAL, cmd, out.isEmpty(), true,
                                vertices.size(), 0f, 0f, 0f, xy[0], xy[1], 0f, MissionType.FENCE));
                    }
                }
            }
            JsonNode circles = geo.get("circles");
            if (circles != null && !circles.isNull()) {
                if (!circles.isArray()) {
                    throw fail("geoFence.circles is not an array");
                }
                for (int i = 0; i < circles.size(); i++) {
                    JsonNode c = circles.get(i);
                    String what = "geoFence.circles[" + i + "]";
                    JsonNode circle = c.get("circle");
                    if (circle == null || !circle.isObject()) {
                        throw fail(label, out.size(), what + " has no \"circle\" object");
                    }
                    JsonNode inc = c.get("inclusion");
                    boolean inclusion = inc == null || inc.isNull() || inc.asBoolean(true);
                    int[] xy = latLon(circle.get("center"), label, out.size(), what + " center");
                    double r = number(circle.get("radius"), what + " radius", label, out.size());
                    count(1, label, out.size());
                    out.add(new MissionItem(out.size(), MissionItem.FRAME_GLOBAL,
                            inclusion ? MavCmd.NAV_FENCE_CIRCLE_INCLUSION : MavCmd.NAV_FENCE_CIRCLE_EXCLUSION,
                            out.isEmpty(), true, (float) r, 0f, 0f, 0f, xy[0], xy[1], 0f, MissionType.FENCE));
                }
            }
            JsonNode ret = geo.get("breachReturn");
            if (ret != null && !ret.isNull()) {
                int[] xy = latLon(ret, label, out.size(), "geoFence.breachReturn");
                float alt = ret.size() > 2 ? (float) number(ret.get(2), "geoFence.breachReturn altitude", label,
                        out.size()) : 0f;
                count(1, label, out.size());
                out.add(new MissionItem(out.size(), MissionItem.FRAME_GLOBAL_RELATIVE_ALT,
                        MavCmd.NAV_FENCE_RETURN_POINT, out.isEmpty(), true, 0f, 0f, 0f, 0f, xy[0], xy[1], alt,
                        MissionType.FENCE));
            }
            return out;
        }

        private List<MissionItem> readRally(JsonNode rally) throws PlanFileException {
            List<MissionItem> out = new ArrayList<>();
            if (rally == null || rally.isNull()) {
                return out;
            }
            if (!rally.isObject()) {
                throw fail("rallyPoints is not an object");
            }
            JsonNode version = rally.get("version");
            if (version != null && version.isIntegralNumber() && version.canConvertToInt() && version.asInt() == 1) {
                // QGroundControl's RallyPointController::load: "We just ignore old version 1 data".
                JsonNode old = rally.get("points");
                int n = old != null && old.isArray() ? old.size() : 0;
                warnings.add("rallyPoints: version 1 (QGroundControl's old rally format) is ignored, as QGroundControl"
                        + " ignores it: " + n + (n == 1 ? " rally point" : " rally points") + " not loaded");
                return out;
            }
            if (version == null || version.isNull()) {
                throw fail("rallyPoints: version is missing (expected 2)");
            }
            if (!version.isIntegralNumber()) {
                throw fail("rallyPoints: version " + version + " is not a whole number (expected 2)");
            }
            if (!version.canConvertToInt() || version.asInt() != 2) {
                throw fail("rallyPoints: version " + version.asText() + " is not supported (expected 2; version 1"
                        + " is ignored)");
            }
            JsonNode points = rally.get("points");
            if (points == null || points.isNull()) {
                return out;
            }
            if (!points.isArray()) {
                throw fail("rallyPoints.points is not an array");
            }
            for (int i = 0; i < points.size(); i++) {
                JsonNode p = points.get(i);
                String path = "rallyPoints.points[" + i + "]";
                if (p == null || !p.isArray() || p.size() != 3) {
                    throw failAt(path, "must be [latitude, longitude, altitude]");
                }
                int[] xy = latLon(p, null, i, path);
                float alt = (float) number(p.get(2), path + " altitude", null, i);
                if (!Float.isFinite(alt)) {
                    throw failAt(path, "altitude is out of range");
                }
                count(1, null, i);
                out.add(new MissionItem(i, MissionItem.FRAME_GLOBAL_RELATIVE_ALT, MavCmd.NAV_RALLY_POINT, i == 0, true,
                        0f, 0f, 0f, 0f, xy[0], xy[1], alt, MissionType.RALLY));
            }
            return out;
        }
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static final class Writer {
        private final String name;

        Writer(String name) {
            this.name = name;
        }

        private static JsonNode floatNode(float f) {
            if (!Float.isFinite(f)) {
                return NODES.nullNode(); // .plan has no NaN: null means NaN; infinities never get this far
            }
            return NODES.numberNode(new BigDecimal(Coordinates.floatText(f)));
        }

        private static JsonNode decimal(BigDecimal d) {
            return NODES.numberNode(d);
        }

        String write(MissionPlan plan, HomePosition home) throws PlanFileException {
            ObjectNode root = NODES.objectNode();
            root.put("fileType", "Plan");
            root.set("geoFence", fence(plan.fence()));
            root.put("groundStation", "Hoverla");
            root.set("mission", mission(plan.mission(), home));
            root.set("rallyPoints", rally(plan.rally()));
            root.put("version", 1);
            try {
                return MAPPER.writeValueAsString(root) + "\n";
            } catch (JsonProcessingException e) {
                throw new PlanFileException(name, "cannot encode JSON: " + e.getOriginalMessage());
            }
        }

        private void checkFinite(MissionItem it, String label) throws PlanFileException {
            float[] p = {it.param1(), it.param2(), it.param3(), it.param4(), it.z()};
            for (int k = 0; k < p.length; k++) {
                if (Float.isInfinite(p[k])) {
                    throw new PlanFileException(name, label, it.seq(), (k == 4 ? "param7" : "param" + (k + 1))
                            + " is infinite; a .plan file cannot carry it");
                }
            }
        }

        private ObjectNode mission(List<MissionItem> items, HomePosition home) throws PlanFileException {
            ObjectNode m = NODES.objectNode();
            m.put("cruiseSpeed", 15);
            m.put("firmwareType", 12); // MAV_AUTOPILOT_PX4: Hoverla speaks PX4's encoding (DESIGN.md §6)
            m.put("hoverSpeed", 5);
            ArrayNode arr = m.putArray("items");
            for (int s = 0; s < items.size(); s++) {
                MissionItem it = items.get(s);
                checkFinite(it, "mission item");
                ObjectNode o = arr.addObject();
                o.put("autoContinue", it.autocontinue());
                o.put("command", it.command());
                o.put("doJumpId", s + 1);
                o.put("frame", it.frame());
                ArrayNode p = o.putArray("params");
                float p1 = it.param1();
                if (it.command() == MavCmd.DO_JUMP) {
                    if (p1 != Math.rint(p1) || p1 < 0 || p1 >= items.size()) {
                        throw new PlanFileException(name, "mission item", s,
                                "DO_JUMP target " + p1 + " is not an item of this mission");
                    }
                    p.add((int) p1 + 1); // the target's doJumpId
                } else {
                    p.add(floatNode(p1));
                }
                p.add(floatNode(it.param2()));
                p.add(floatNode(it.param3()));
                p.add(floatNode(it.param4()));
                p.add(decimal(Coordinates.toDecimal(it.x(), it.frame())));
                p.add(decimal(Coordinates.toDecimal(it.y(), it.frame())));
                p.add(floatNode(it.z()));
                o.put("type", "SimpleItem");
            }
            ArrayNode h = m.putArray("plannedHomePosition");
            if (home == null) {
                for (MissionItem it : items) {
                    if (Coordinates.isGlobal(it.frame()) && (it.x() != 0 || it.y() != 0)) {
                        home = new HomePosition(it.x(), it.y(), 0f);
                        break;
                    }
                }
            }
            if (home == null) {
                home = new HomePosition(0, 0, 0f);
            }
            h.add(decimal(Coordinates.toDecimal(home.latDegE7(), 0)));
            h.add(decimal(Coordinates.toDecimal(home.lonDegE7(), 0)));
            h.add(floatNode(home.altAmslM()));
            m.put("vehicleType", 2); // MAV_TYPE_QUADROTOR
            m.put("version", 2);
            return m;
        }

        private ArrayNode latLon(MissionItem it) {
            ArrayNode a = NODES.arrayNode();
            a.add(decimal(Coordinates.toDecimal(it.x(), MissionItem.FRAME_GLOBAL)));
            a.add(decimal(Coordinates.toDecimal(it.y(), MissionItem.FRAME_GLOBAL)));
            return a;
        }

        private ObjectNode fence(List<MissionItem> items) throws PlanFileException {
            ObjectNode g = NODES.objectNode();
            ArrayNode circles = g.putArray("circles");
            ArrayNode polygons = g.putArray("polygons");
            int i = 0;
            while (i < items.size()) {
                MissionItem it = items.get(i);
                int cmd = it.command();
                if (cmd == MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION || cmd == MavCmd.NAV_FENCE_POLYGON_VERTEX_EXCLUSION) {
                    float n = it.param1();
                    if (n != Math.rint(n) || n < 3 || i + n > items.size()) {
                        throw new PlanFileException(name, "fence item", i, "polygon vertex count " + n
                                + " does not fit the fence (" + (items.size() - i) + " items left)");
                    }
                    ObjectNode poly = polygons.addObject();
                    poly.put("inclusion", cmd == MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION);
                    ArrayNode vs = poly.putArray("polygon");
                    for (int v = 0; v < (int) n; v++) {
                        MissionItem vi = items.get(i + v);
                        if (vi.command() != cmd || vi.param1() != n) {
                            throw new PlanFileException(name, "fence item", i + v, "polygon started at fence item "
                                    + i + " with " + (int) n + " vertices is incomplete");
                        }
                        vs.add(latLon(vi));
                    }
                    poly.put("version", 1);
                    i += (int) n;
                } else if (cmd == MavCmd.NAV_FENCE_CIRCLE_INCLUSION || cmd == MavCmd.NAV_FENCE_CIRCLE_EXCLUSION) {
                    if (!Float.isFinite(it.param1())) {
                        throw new PlanFileException(name, "fence item", i, "circle radius is not finite");
                    }
                    ObjectNode c = circles.addObject();
                    ObjectNode circle = c.putObject("circle");
                    circle.set("center", latLon(it));
                    circle.set("radius", floatNode(it.param1()));
                    c.put("inclusion", cmd == MavCmd.NAV_FENCE_CIRCLE_INCLUSION);
                    c.put("version", 1);
                    i++;
                } else if (cmd == MavCmd.NAV_FENCE_RETURN_POINT) {
                    if (g.has("breachReturn")) {
                        throw new PlanFileException(name, "fence item", i, "a second fence return point");
                    }
                    ArrayNode r = latLon(it);
                    r.add(floatNode(it.z()));
                    g.set("breachReturn", r);
                    i++;
                } else {
                    throw new PlanFileException(name, "fence item", i, MavNames.command(cmd)
                            + " is not a fence item");
                }
            }
            g.put("version", 2);
            return g;
        }

        private ObjectNode rally(List<MissionItem> items) throws PlanFileException {
            ObjectNode r = NODES.objectNode();
            ArrayNode points = r.putArray("points");
            for (MissionItem it : items) {
                if (it.command() != MavCmd.NAV_RALLY_POINT) {
                    throw new PlanFileException(name, "rally point", it.seq(), MavNames.command(it.command())
                            + " is not a rally point");
                }
                if (!Float.isFinite(it.z())) {
                    throw new PlanFileException(name, "rally point", it.seq(), "altitude is not finite");
                }
                ArrayNode p = latLon(it);
                p.add(floatNode(it.z()));
                points.add(p);
            }
            r.put("version", 2);
            return r;
        }
    }
}
