package org.hoverla.core.failsafe;

/**
 * What a failsafe does, ordered by severity: a later constant is always at least as safe a
 * reaction as an earlier one, so "the most severe active action wins" is a comparison of
 * ordinals ({@link #atLeast}).
 *
 * <p>{@link #FALLBACK_ALTITUDE} is PX4's COM_POSCTL_NAVL=0 degradation (leave the position modes
 * for Altitude). It sits between {@link #WARN} and {@link #HOLD}: it changes the mode (more than a
 * warning) but keeps the pilot's or GCS's authority over where the vehicle goes and does not
 * start a descent, and it needs less than Hold (a height, not a position), so any trigger that
 * asks for Hold or more must win over it.
 *
 * <p>{@link #TERMINATE} stops the motors in flight like {@link #DISARM} (Hoverla has no parachute
 * or termination output); it ranks above it because it is meant as the last resort and is not
 * refused for any mode.
 */
public enum FailsafeAction {
    NONE("None"),
    WARN("Warning"),
    FALLBACK_ALTITUDE("Altitude mode"),
    HOLD("Hold mode"),
    RETURN("Return mode"),
    LAND("Land mode"),
    DISARM("Disarm"),
    TERMINATE("Terminate");

    private static final FailsafeAction[] VALUES = values();

    private final String label;

    FailsafeAction(String label) {
        this.label = label;
    }

    /** Human name, as `./hoverla failsafes` prints it. */
    public String label() {
        return label;
    }

    /** Whether this action is at least as severe as {@code other}. */
    public boolean atLeast(FailsafeAction other) {
        return ordinal() >= other.ordinal();
    }

    /** The more severe of the two. */
    public static FailsafeAction max(FailsafeAction a, FailsafeAction b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** Whether the action changes the flight mode or the arming state (not only a message). */
    public boolean changesFlight() {
        return ordinal() >= FALLBACK_ALTITUDE.ordinal();
    }

    /** The constant with this ordinal (allocation-free lookup). */
    public static FailsafeAction ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /**
     * Hoverla's numbering for the failsafe parameters PX4 does not have (COM_ATT_FAIL_ACT,
     * COM_GPSJAM_ACT, ...): 0 none, 1 warning, 2 hold, 3 return, 4 land, 5 disarm, 6 terminate;
     * null for any other value.
     */
    public static FailsafeAction ofHoverlaCode(int code) {
        switch (code) {
            case 0: return NONE;
            case 1: return WARN;
            case 2: return HOLD;
            case 3: return RETURN;
            case 4: return LAND;
            case 5: return DISARM;
            case 6: return TERMINATE;
            default: return null;
        }
    }
}
