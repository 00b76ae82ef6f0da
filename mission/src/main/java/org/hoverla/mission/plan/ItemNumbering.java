package org.hoverla.mission.plan;

import java.util.List;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;

/**
 * How a plan's items are numbered where the user sees them, so that a refusal names the item the
 * way its file (and the ground station that wrote it) does. Immutable; any thread.
 *
 * <ul>
 * <li>{@link Scheme#MAVLINK}: the MAVLink {@code seq} of each list, from 0 (uploads over the
 *     mission protocol, plans held in memory): "mission item 0", "fence item 3", "rally point 1".</li>
 * <li>{@link Scheme#QGC_PLAN}: QGroundControl's sequence numbers: the planned home (Mission
 *     Settings) is 0 and the mission items count from 1, the items a survey or other complex item
 *     expands to included, exactly as QGC numbers them in the Plan view and writes them as
 *     {@code doJumpId} when it saves; "mission item 1" is the first mission item. QGC gives
 *     geofence and rally items no numbers, so they are named by their place in the JSON:
 *     "geoFence.polygons[0].polygon[2]", "geoFence.circles[1]", "geoFence.breachReturn",
 *     "rallyPoints.points[0]".</li>
 * <li>{@link Scheme#WPL}: the index column ({@code seq}) of a QGC WPL 110 file, which Mission
 *     Planner shows: with a home row 0 the first mission item is 1, without one it is 0.</li>
 * </ul>
 *
 * @param scheme       which numbering
 * @param missionFirst the number of the first mission item
 */
public record ItemNumbering(Scheme scheme, int missionFirst) {
    /** The numbering schemes. */
    public enum Scheme { MAVLINK, QGC_PLAN, WPL }

    /** MAVLink seq, from 0. */
    public static final ItemNumbering MAVLINK = new ItemNumbering(Scheme.MAVLINK, 0);
    /** QGroundControl .plan: mission items from 1 (0 is the planned home). */
    public static final ItemNumbering QGC_PLAN = new ItemNumbering(Scheme.QGC_PLAN, 1);

    /** QGC WPL 110: the file's seq column; {@code homeRow}: row 0 was the home, not an item. */
    public static ItemNumbering wpl(boolean homeRow) {
        return new ItemNumbering(Scheme.WPL, homeRow ? 1 : 0);
    }

    /** The user-facing number of the mission item at list index {@code index}. */
    public int missionNumber(int index) {
        return index + missionFirst;
    }

    /**
     * The name of an item for messages, e.g. "mission item 3" or "geoFence.circles[0]".
     *
     * @param plan  the plan the index refers to (fence names depend on its polygon groups)
     * @param index the item's index in its list (0-based)
     */
    public String name(MissionPlan plan, MissionType type, int index) {
        switch (type) {
            case FENCE:
                return scheme == Scheme.QGC_PLAN ? qgcFenceName(plan.fence(), index) : "fence item " + index;
            case RALLY:
                return scheme == Scheme.QGC_PLAN ? "rallyPoints.points[" + index + "]" : "rally point " + index;
            case MISSION:
            default:
                return "mission item " + missionNumber(index);
        }
    }

    /**
     * The JSON path of a fence item as {@link QgcPlanFormat} reads it: polygons first (one item per
     * vertex, param1 = vertex count), then circles, then the return point.
     */
    private static String qgcFenceName(List<MissionItem> fence, int index) {
        int polygon = 0;
        int circle = 0;
        int i = 0;
        while (i < fence.size()) {
            MissionItem it = fence.get(i);
            int cmd = it.command();
            if (cmd == MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION || cmd == MavCmd.NAV_FENCE_POLYGON_VERTEX_EXCLUSION) {
                float p1 = it.param1();
                int n = Float.isFinite(p1) && p1 >= 1 && p1 == Math.rint(p1) ? (int) p1 : 1;
                n = Math.min(n, fence.size() - i);
                if (index < i + n) {
                    return "geoFence.polygons[" + polygon + "].polygon[" + (index - i) + "]";
                }
                polygon++;
                i += n;
            } else if (cmd == MavCmd.NAV_FENCE_CIRCLE_INCLUSION || cmd == MavCmd.NAV_FENCE_CIRCLE_EXCLUSION) {
                if (index == i) {
                    return "geoFence.circles[" + circle + "]";
                }
                circle++;
                i++;
            } else {
                if (index == i) {
                    return cmd == MavCmd.NAV_FENCE_RETURN_POINT ? "geoFence.breachReturn" : "fence item " + index;
                }
                i++;
            }
        }
        return "fence item " + index;
    }
}
