package org.hoverla.mission.plan;

import java.util.Optional;
import org.hoverla.mission.MissionPlan;

/**
 * What a plan file holds: the plan and, when the file carries one, the planned home position
 * ({@code plannedHomePosition} in a QGroundControl {@code .plan}, row 0 of a Mission Planner
 * {@code .waypoints} file). The home is never a mission item. Immutable.
 *
 * @param plan        mission, geofence and rally items, each list numbered from 0
 * @param plannedHome the planned home, or null when the file has none
 */
public record PlanDocument(MissionPlan plan, HomePosition plannedHome) {
    public PlanDocument {
        if (plan == null) {
            throw new IllegalArgumentException("plan is null");
        }
    }

    public Optional<HomePosition> home() {
        return Optional.ofNullable(plannedHome);
    }
}
