package org.hoverla.mission;

/** The three plans a vehicle holds, numbered as MAVLink's MAV_MISSION_TYPE. */
public enum MissionType {
    MISSION(0),
    FENCE(1),
    RALLY(2);

    private final int mavlinkValue;

    MissionType(int mavlinkValue) {
        this.mavlinkValue = mavlinkValue;
    }

    public int mavlinkValue() {
        return mavlinkValue;
    }

    /** The type for a MAV_MISSION_TYPE value, or null (e.g. 255 = ALL, or unknown). */
    public static MissionType fromMavlink(int value) {
        for (MissionType t : values()) {
            if (t.mavlinkValue == value) {
                return t;
            }
        }
        return null;
    }
}
