package org.hoverla.mission;

import java.util.List;

/**
 * A complete plan: mission items, geofence items and rally points, each list in sequence order
 * (item {@code i} has {@code seq == i}). Immutable; replaced whole, never edited in place, so a
 * failed upload or import never leaves a half-changed plan.
 */
public record MissionPlan(List<MissionItem> mission, List<MissionItem> fence, List<MissionItem> rally) {
    public static final MissionPlan EMPTY = new MissionPlan(List.of(), List.of(), List.of());

    public MissionPlan {
        mission = List.copyOf(mission);
        fence = List.copyOf(fence);
        rally = List.copyOf(rally);
    }

    public List<MissionItem> items(MissionType type) {
        switch (type) {
            case FENCE:
                return fence;
            case RALLY:
                return rally;
            case MISSION:
            default:
                return mission;
        }
    }

    /** This plan with the items of one type replaced. */
    public MissionPlan with(MissionType type, List<MissionItem> items) {
        switch (type) {
            case FENCE:
                return new MissionPlan(mission, items, rally);
            case RALLY:
                return new MissionPlan(mission, fence, items);
            case MISSION:
            default:
                return new MissionPlan(items, fence, rally);
        }
    }
}
