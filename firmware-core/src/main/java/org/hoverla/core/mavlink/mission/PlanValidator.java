package org.hoverla.core.mavlink.mission;

import java.util.List;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionType;

/**
 * Decides whether a completely received plan of one type may become the active one. Plugged
 * into the {@link MissionService} by the integrator (the real checks live in the mission
 * module); the default, {@link #ACCEPT_ALL}, accepts everything.
 *
 * <p>Called on the MAVLink thread when the last item of an upload arrived and from
 * {@link MissionService#replacePlan}; not for clearing (count 0, MISSION_CLEAR_ALL), which
 * always succeeds. Should not throw: an exception is treated as a refusal with
 * {@code MAV_MISSION_ERROR}.
 */
@FunctionalInterface
public interface PlanValidator {

    /** Accepts every plan. */
    PlanValidator ACCEPT_ALL = (type, items) -> Result.ACCEPTED;

    /**
     * @param type  which plan the items form
     * @param items the complete new plan, item {@code i} with {@code seq == i}; unmodifiable
     * @return {@link Result#ACCEPTED}, or a refusal
     */
    Result validate(MissionType type, List<MissionItem> items);

    /**
     * The verdict.
     *
     * @param missionResult a MAV_MISSION_RESULT value: {@link #MAV_MISSION_ACCEPTED} (0) to
     *                      accept, else the code sent to the ground station in MISSION_ACK
     *                      (e.g. 2 UNSUPPORTED_FRAME, 3 UNSUPPORTED, 5 INVALID, 6..12
     *                      INVALID_PARAM1..7)
     * @param itemIndex     the offending item's sequence number, or -1 for the plan as a whole
     * @param reason        a short human reason for the STATUSTEXT (empty when accepted)
     */
    record Result(int missionResult, int itemIndex, String reason) {
        public static final int MAV_MISSION_ACCEPTED = 0;
        public static final int MAV_MISSION_ERROR = 1;
        public static final int MAV_MISSION_UNSUPPORTED_FRAME = 2;
        public static final int MAV_MISSION_UNSUPPORTED = 3;
        public static final int MAV_MISSION_NO_SPACE = 4;
        public static final int MAV_MISSION_INVALID = 5;
        public static final int MAV_MISSION_INVALID_PARAM1 = 6;
        public static final int MAV_MISSION_INVALID_PARAM7 = 12;
        public static final int MAV_MISSION_INVALID_SEQUENCE = 13;
        public static final int MAV_MISSION_DENIED = 14;
        public static final int MAV_MISSION_OPERATION_CANCELLED = 15;

        public static final Result ACCEPTED = new Result(MAV_MISSION_ACCEPTED, -1, "");

        public Result {
            reason = reason == null ? "" : reason;
        }

        /** A refusal of item {@code itemIndex} (or of the whole plan with -1). */
        public static Result refused(int missionResult, int itemIndex, String reason) {
            return new Result(missionResult, itemIndex, reason);
        }

        public boolean accepted() {
            return missionResult == MAV_MISSION_ACCEPTED;
        }
    }
}
