package org.hoverla.mission.plan;

import java.util.List;
import java.util.Optional;
import org.hoverla.mission.MissionPlan;

/**
 * What a plan file holds: the plan and, when the file carries one, the planned home position
 * ({@code plannedHomePosition} in a QGroundControl {@code .plan}, row 0 of a Mission Planner
 * {@code .waypoints} file). The home is never a mission item. Immutable.
 *
 * @param plan        mission, geofence and rally items, each list numbered from 0
 * @param plannedHome the planned home, or null when the file has none
 * @param numbering   how the file numbers its items, for messages ({@link ItemNumbering})
 * @param warnings    what the reader ignored, one line each without the file name (e.g. old
 *                    rally data QGroundControl ignores too); printed by the tools, never fatal
 */
public record PlanDocument(MissionPlan plan, HomePosition plannedHome, ItemNumbering numbering,
                           List<String> warnings) {
    public PlanDocument {
        if (plan == null) {
            throw new IllegalArgumentException("plan is null");
        }
        if (numbering == null) {
            numbering = ItemNumbering.MAVLINK;
        }
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A plan with MAVLink numbering and no warnings (e.g. one held in memory). */
    public PlanDocument(MissionPlan plan, HomePosition plannedHome) {
        this(plan, plannedHome, ItemNumbering.MAVLINK, List.of());
    }

    public Optional<HomePosition> home() {
        return Optional.ofNullable(plannedHome);
    }
}
