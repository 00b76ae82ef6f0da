package org.hoverla.mission.fence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionType;
import org.hoverla.testdata.TestData;

/** Builds fence and rally items for tests, from local metres or from a QGC plan's geoFence section. */
final class FenceFixtures {
    /** PX4's geofence test plan from the real test-data set; read in place, never copied into the repository. */
    static Path geofencePlan() {
        return TestData.file("missions/multicopter_mission_geofence_avoid.plan");
    }

    /** Home of that plan (plannedHomePosition), used as the reference for local fixtures too. */
    static final double REF_LAT = 47.3977444;
    static final double REF_LON = 8.5455918;
    static final LocalProjection PROJ = new LocalProjection(REF_LAT, REF_LON);

    private FenceFixtures() {
    }

    /** An item at north/east metres from the reference, as MISSION_ITEM_INT would carry it (degE7). */
    static MissionItem item(int command, float param1, double northM, double eastM, MissionType type) {
        double[] ll = new double[2];
        PROJ.reprojectTo(northM, eastM, ll);
        return latLonItem(command, param1, ll[0], ll[1], 0f, type);
    }

    static MissionItem latLonItem(int command, float param1, double latDeg, double lonDeg, float z, MissionType type) {
        return new MissionItem(0, MissionItem.FRAME_GLOBAL, command, false, true, param1, 0f, 0f, 0f,
                (int) Math.round(latDeg * 1e7), (int) Math.round(lonDeg * 1e7), z, type);
    }

    /** A polygon from north/east pairs: {@code polygon(true, n1, e1, n2, e2, ...)}. */
    static List<MissionItem> polygon(boolean inclusion, double... northEast) {
        int count = northEast.length / 2;
        int cmd = inclusion ? MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION : MavCmd.NAV_FENCE_POLYGON_VERTEX_EXCLUSION;
        List<MissionItem> out = new ArrayList<>();
        for (int v = 0; v < count; v++) {
            out.add(item(cmd, count, northEast[2 * v], northEast[2 * v + 1], MissionType.FENCE));
        }
        return out;
    }

    /** The same polygon with its vertices in the opposite order (the other winding). */
    static List<MissionItem> reversed(List<MissionItem> polygon) {
        List<MissionItem> out = new ArrayList<>(polygon);
        java.util.Collections.reverse(out);
        return out;
    }

    static MissionItem circle(boolean inclusion, double northM, double eastM, double radiusM) {
        return item(inclusion ? MavCmd.NAV_FENCE_CIRCLE_INCLUSION : MavCmd.NAV_FENCE_CIRCLE_EXCLUSION,
                (float) radiusM, northM, eastM, MissionType.FENCE);
    }

    static MissionItem rally(double northM, double eastM) {
        return item(MavCmd.NAV_RALLY_POINT, 0f, northM, eastM, MissionType.RALLY);
    }

    /** Items of several groups in one list, numbered 0.. in order. */
    @SafeVarargs
    static List<MissionItem> fence(List<MissionItem>... groups) {
        List<MissionItem> out = new ArrayList<>();
        for (List<MissionItem> g : groups) {
            for (MissionItem it : g) {
                out.add(it.withSeq(out.size()));
            }
        }
        return out;
    }

    /** A square inclusion polygon centred on the reference, half-side {@code h} metres, counter-clockwise. */
    static List<MissionItem> square(double h) {
        return polygon(true, -h, -h, -h, h, h, h, h, -h);
    }

    /**
     * The FENCE items of a QGC plan's {@code geoFence} section (polygons, then circles, then the
     * breach return point), as a plan reader would produce them. Only that section is parsed.
     */
    static List<MissionItem> readPlanFence(Path plan) throws IOException {
        JsonNode geoFence = new ObjectMapper().readTree(plan.toFile()).path("geoFence");
        List<MissionItem> items = new ArrayList<>();
        for (JsonNode poly : geoFence.path("polygons")) {
            boolean inclusion = poly.path("inclusion").asBoolean(true);
            JsonNode vertices = poly.path("polygon");
            int cmd = inclusion ? MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION : MavCmd.NAV_FENCE_POLYGON_VERTEX_EXCLUSION;
            for (JsonNode v : vertices) {
                items.add(latLonItem(cmd, vertices.size(), v.get(0).asDouble(), v.get(1).asDouble(), 0f,
                        MissionType.FENCE).withSeq(items.size()));
            }
        }
        for (JsonNode c : geoFence.path("circles")) {
            boolean inclusion = c.path("inclusion").asBoolean(true);
            JsonNode centre = c.path("circle").path("center");
            items.add(latLonItem(inclusion ? MavCmd.NAV_FENCE_CIRCLE_INCLUSION : MavCmd.NAV_FENCE_CIRCLE_EXCLUSION,
                    (float) c.path("circle").path("radius").asDouble(), centre.get(0).asDouble(),
                    centre.get(1).asDouble(), 0f, MissionType.FENCE).withSeq(items.size()));
        }
        JsonNode ret = geoFence.path("breachReturn");
        if (ret.isArray() && ret.size() >= 2) {
            items.add(latLonItem(MavCmd.NAV_FENCE_RETURN_POINT, 0f, ret.get(0).asDouble(), ret.get(1).asDouble(),
                    ret.size() > 2 ? (float) ret.get(2).asDouble() : 0f, MissionType.FENCE).withSeq(items.size()));
        }
        return items;
    }

    /** The plan's plannedHomePosition {lat, lon, alt}. */
    static double[] readPlanHome(Path plan) throws IOException {
        JsonNode home = new ObjectMapper().readTree(plan.toFile()).path("mission").path("plannedHomePosition");
        return new double[] {home.get(0).asDouble(), home.get(1).asDouble(), home.get(2).asDouble()};
    }

    /** North/east metres of the plan's mission items that carry a position (params 5, 6). */
    static List<double[]> readPlanWaypoints(Path plan, LocalProjection projection) throws IOException {
        List<double[]> out = new ArrayList<>();
        for (JsonNode it : new ObjectMapper().readTree(plan.toFile()).path("mission").path("items")) {
            JsonNode p = it.path("params");
            if (p.size() >= 7 && p.get(4).isNumber() && p.get(4).asDouble() != 0.0) {
                double[] ne = new double[2];
                projection.projectTo(p.get(4).asDouble(), p.get(5).asDouble(), ne);
                out.add(new double[] {ne[0], ne[1], -p.get(6).asDouble()});
            }
        }
        return out;
    }
}
