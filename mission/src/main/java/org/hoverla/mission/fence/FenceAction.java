package org.hoverla.mission.fence;

/**
 * What the vehicle does when the fence is breached (or a breach is predicted), from PX4's
 * {@code GF_ACTION} parameter: 0 none, 1 warning, 2 hold (loiter), 3 return, 4 terminate, 5 land.
 *
 * <p>Flight termination (4) is mapped to {@link #LAND}: Hoverla does not cut the motors because of a
 * geofence; a controlled descent in place keeps the vehicle under control and still ends the
 * flight. A vehicle that needs true termination must do it outside this mapping.
 */
public enum FenceAction {
    /** Do nothing (GF_ACTION 0). */
    NONE,
    /** Report the breach to the ground station, keep flying (GF_ACTION 1, "warning"). */
    REPORT,
    /** Stop and hold position (GF_ACTION 2, "loiter"). */
    HOLD,
    /** Return: to the nearest rally point or home (GF_ACTION 3). */
    RETURN,
    /** Land where the vehicle is (GF_ACTION 5, and 4 "terminate", see the type's note). */
    LAND;

    /** The largest valid {@code GF_ACTION} value. */
    public static final int GF_ACTION_MAX = 5;

    /**
     * The action for a {@code GF_ACTION} value. Allocation-free for valid values.
     *
     * @throws IllegalArgumentException for values outside 0..5 (the parameter layer refuses them first)
     */
    public static FenceAction fromGfAction(int gfAction) {
        switch (gfAction) {
            case 0:
                return NONE;
            case 1:
                return REPORT;
            case 2:
                return HOLD;
            case 3:
                return RETURN;
            case 4: // terminate: mapped to LAND, see the type's note
            case 5:
                return LAND;
            default:
                throw new IllegalArgumentException("GF_ACTION must be 0..5, got " + gfAction);
        }
    }

    /** Whether this action takes control away from the pilot or mission. */
    public boolean takesControl() {
        return this == HOLD || this == RETURN || this == LAND;
    }
}
