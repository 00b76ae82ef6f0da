package org.hoverla.core.mavlink.mission;

import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;

/**
 * The port through which the {@link MissionService} talks to whatever executes missions (the
 * navigator's mission runner, adapted by the integrator). The service itself never flies a
 * mission; it only stores plans, moves them over MAVLink and reports progress.
 *
 * <p>All methods are called on the MAVLink thread and must not block; an implementation that
 * hands work to the flight thread does so through its own single-producer queue.
 */
public interface MissionRunner {
    /** MAVLink MISSION_STATE values for {@link #missionState()}. */
    int MISSION_STATE_UNKNOWN = 0;
    int MISSION_STATE_NO_MISSION = 1;
    int MISSION_STATE_NOT_STARTED = 2;
    int MISSION_STATE_ACTIVE = 3;
    int MISSION_STATE_PAUSED = 4;
    int MISSION_STATE_COMPLETE = 5;

    /** Knows no mission execution: refuses every new current item and reports item 0. */
    MissionRunner NONE = new MissionRunner() {
        @Override
        public boolean setCurrent(int seq) {
            return false;
        }

        @Override
        public int currentSeq() {
            return 0;
        }

        @Override
        public void planChanged(MissionType type, MissionPlan plan) {
        }
    };

    /**
     * Makes mission item {@code seq} the current one (MISSION_SET_CURRENT,
     * MAV_CMD_DO_SET_MISSION_CURRENT). The service has already checked
     * {@code 0 <= seq < mission size}. If accepted, {@link #currentSeq()} must return
     * {@code seq} from now on (until the runner moves on), because the service announces it in
     * MISSION_CURRENT right away.
     *
     * @return whether the runner accepted the change
     */
    boolean setCurrent(int seq);

    /** The current mission item's sequence number (0 when none). Polled at every tick. */
    int currentSeq();

    /**
     * A plan type changed (upload accepted, cleared, replaced from a file); also called once
     * per type from the service's constructor with the plan loaded from the {@link PlanStore}.
     *
     * @param type which part changed
     * @param plan the complete new plan (all three types)
     */
    void planChanged(MissionType type, MissionPlan plan);

    /**
     * MISSION_CURRENT.mission_state: a {@code MISSION_STATE_*} value. The service itself sends
     * {@link #MISSION_STATE_NO_MISSION} while the mission is empty.
     */
    default int missionState() {
        return MISSION_STATE_UNKNOWN;
    }

    /** MISSION_CURRENT.mission_mode: 0 unknown, 1 in mission mode, 2 suspended. */
    default int missionMode() {
        return 0;
    }
}
