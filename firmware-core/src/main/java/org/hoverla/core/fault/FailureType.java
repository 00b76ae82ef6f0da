package org.hoverla.core.fault;

/**
 * What goes wrong: MAVLink's FAILURE_TYPE, whose values are also the ordinals (0 OK .. 7
 * INTERMITTENT), so {@code values()[wire]} is the type.
 */
public enum FailureType {
    /** No failure: clears one injected before. */
    OK("ok"),
    /** The unit is silent (no samples, no thrust, no link). */
    OFF("off"),
    /** The unit repeats its last value. */
    STUCK("stuck"),
    /** The unit reports random values. */
    GARBAGE("garbage"),
    /** The unit reports plausible but wrong values (an offset). */
    WRONG("wrong"),
    /** The unit reports at a reduced rate. */
    SLOW("slow"),
    /** The unit's data arrive late. */
    DELAYED("delayed"),
    /** The unit drops out and comes back. */
    INTERMITTENT("intermittent");

    private static final FailureType[] ALL = values();

    public final String cliName;

    FailureType(String cliName) {
        this.cliName = cliName;
    }

    /** FAILURE_TYPE value (MAV_CMD_INJECT_FAILURE param2). */
    public int mavlinkValue() {
        return ordinal();
    }

    /** @return the type for a FAILURE_TYPE value, or null when out of range */
    public static FailureType fromMavlink(int value) {
        return value >= 0 && value < ALL.length ? ALL[value] : null;
    }

    /** @return the type named {@code name} ({@code off}, {@code stuck}, ...), or null */
    public static FailureType fromName(String name) {
        for (FailureType t : ALL) {
            if (t.cliName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    static FailureType byOrdinal(int i) {
        return ALL[i];
    }
}
