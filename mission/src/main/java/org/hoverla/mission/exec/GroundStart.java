package org.hoverla.mission.exec;

import java.util.List;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;

/**
 * What a mission does when it starts on the ground and its first navigation item is not a
 * takeoff (MAVSDK's mission plugin, for one, uploads waypoints only).
 *
 * <p>PX4 flies such a first leg at once, a diagonal that drags the vehicle across the ground at a
 * low height (PX4 SITL: 16.6 m from home before it is 4.8 m up); ArduCopter's Auto mode refuses to
 * start it ("Auto: Missing Takeoff Cmd", ModeAuto::init). Hoverla's default climbs vertically over
 * where it stands to MIS_TAKEOFF_ALT first, then flies the mission; the policy parameter also
 * offers PX4's behaviour and ArduCopter's refusal.
 *
 * <p>Pure and allocation-free: called on the flight thread by the commander (mode refusal) and
 * the navigator (mode entry).
 */
public final class GroundStart {
    /** Policy value: climb vertically to the takeoff altitude, then fly the mission (default). */
    public static final int POLICY_CLIMB_FIRST = 0;
    /** Policy value: fly the first leg from the ground at once, as PX4 does. */
    public static final int POLICY_FIRST_LEG = 1;
    /** Policy value: refuse to start, as ArduCopter does. */
    public static final int POLICY_REFUSE = 2;

    /** What to do now the mission starts. */
    public enum Decision {
        /** Fly the mission as it is. */
        FLY,
        /** Climb vertically over the current position to the takeoff altitude first. */
        CLIMB_FIRST,
        /** Do not start: the mission would leave the ground without a takeoff. */
        REFUSE
    }

    /** No navigation item: the mission never moves the vehicle. */
    public static final int NONE = -1;

    private GroundStart() {
    }

    /**
     * @param policy          the policy parameter ({@code POLICY_*}; unknown values climb first)
     * @param onGround        the land detector says the vehicle is on the ground (or disarmed)
     * @param firstNavCommand the MAV_CMD of the first navigation item the mission starts from, or
     *                        {@link #NONE}
     */
    public static Decision decide(int policy, boolean onGround, int firstNavCommand) {
        if (!onGround || !leavesGroundWithoutTakeoff(firstNavCommand)) {
            return Decision.FLY;
        }
        switch (policy) {
            case POLICY_FIRST_LEG:
                return Decision.FLY;
            case POLICY_REFUSE:
                return Decision.REFUSE;
            case POLICY_CLIMB_FIRST:
            default:
                return Decision.CLIMB_FIRST;
        }
    }

    /**
     * Whether a first item of this kind flies away from the ground without a takeoff: waypoints
     * and loiters do; a takeoff climbs by itself; a land or a return has nothing to climb for.
     */
    public static boolean leavesGroundWithoutTakeoff(int command) {
        return command == MavCmd.NAV_WAYPOINT || command == MavCmd.NAV_LOITER_UNLIM
                || command == MavCmd.NAV_LOITER_TURNS || command == MavCmd.NAV_LOITER_TIME
                || command == MavCmd.NAV_LOITER_TO_ALT;
    }

    /**
     * Whether the command is a navigation item that decides how the mission leaves the ground;
     * commands (DO_*, CONDITION_*, delays, jumps) run before it and are skipped.
     */
    public static boolean isNavigation(int command) {
        return command == MavCmd.NAV_TAKEOFF || command == MavCmd.NAV_LAND
                || command == MavCmd.NAV_RETURN_TO_LAUNCH || leavesGroundWithoutTakeoff(command);
    }

    /**
     * The command of the first navigation item at or after {@code fromSeq}, or {@link #NONE}.
     * Indexed access only, so a random-access list is read without allocation.
     */
    public static int firstNavigationCommand(List<MissionItem> items, int fromSeq) {
        for (int i = Math.max(0, fromSeq); i < items.size(); i++) {
            int c = items.get(i).command();
            if (isNavigation(c)) {
                return c;
            }
        }
        return NONE;
    }
}
