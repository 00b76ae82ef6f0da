package org.hoverla.mission.validate;

import org.hoverla.mission.MissionType;

/**
 * The verdict on a plan: accepted, or the first item refused with the MAV_MISSION_RESULT code a
 * vehicle would answer in MISSION_ACK and a one-line reason. Immutable.
 *
 * @param code      a {@link MissionResult} value; {@link MissionResult#ACCEPTED} when ok
 * @param type      the list of the refused item, or null when ok or when no single list is to blame
 * @param itemIndex the refused item's index in its list, or -1
 * @param reason    one line, no item prefix; "ok" when accepted
 * @param itemName  the item as its file numbers it (e.g. "mission item 3" for seq 3 of a
 *                  .waypoints file, see {@code ItemNumbering}), or null for the MAVLink numbering
 *                  ("mission item" + {@code itemIndex})
 */
public record ValidationResult(int code, MissionType type, int itemIndex, String reason, String itemName) {
    private static final ValidationResult OK = new ValidationResult(MissionResult.ACCEPTED, null, -1, "ok", null);

    public static ValidationResult accepted() {
        return OK;
    }

    public static ValidationResult refused(int code, MissionType type, int itemIndex, String reason) {
        if (code == MissionResult.ACCEPTED) {
            throw new IllegalArgumentException("a refusal needs a code other than ACCEPTED");
        }
        return new ValidationResult(code, type, itemIndex, reason, null);
    }

    /** The same verdict with the item named as its file numbers it. */
    public ValidationResult withItemName(String name) {
        return new ValidationResult(code, type, itemIndex, reason, name);
    }

    public boolean ok() {
        return code == MissionResult.ACCEPTED;
    }

    /** E.g. "mission item 3: altitude 150 m above home is above the limit of 120 m (MAV_MISSION_INVALID_PARAM7)". */
    public String describe() {
        if (ok()) {
            return "ok";
        }
        String where = "";
        if (itemName != null) {
            where = itemName + ": ";
        } else if (type != null && itemIndex >= 0) {
            where = label(type) + " " + itemIndex + ": ";
        } else if (type != null) {
            where = label(type) + ": ";
        }
        return where + reason + " (" + MissionResult.name(code) + ")";
    }

    private static String label(MissionType t) {
        switch (t) {
            case FENCE:
                return "fence item";
            case RALLY:
                return "rally point";
            case MISSION:
            default:
                return "mission item";
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
