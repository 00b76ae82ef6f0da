package org.hoverla.mission.plan;

import java.math.BigDecimal;

/**
 * How plan files' decimal param5/param6 map to MISSION_ITEM_INT's integer x/y, in one place:
 * global frames carry degrees × 1e7 (rounded, {@link Math#round}), local frames metres × 1e4,
 * other frames (MAV_FRAME_MISSION) the value itself, rounded.
 */
final class Coordinates {
    private Coordinates() {
    }

    /** MAV_FRAME values whose x/y are latitude/longitude. */
    static boolean isGlobal(int frame) {
        return frame == 0 || frame == 3 || frame == 5 || frame == 6 || frame == 10 || frame == 11;
    }

    /** MAV_FRAME values whose x/y are local metres (MISSION_ITEM_INT: × 1e4). */
    static boolean isLocal(int frame) {
        return frame == 1 || frame == 4 || frame == 7 || frame == 8 || frame == 9 || frame == 12 || frame == 20
                || frame == 21;
    }

    static double scale(int frame) {
        if (isGlobal(frame)) {
            return 1e7;
        }
        return isLocal(frame) ? 1e4 : 1;
    }

    /**
     * param5/param6 of a file to x/y.
     *
     * @return the integer, or null with the reason in {@code why[0]}
     */
    static Integer toInt(double value, int frame, String what, String[] why) {
        if (Double.isNaN(value)) {
            if (isGlobal(frame) || isLocal(frame)) {
                why[0] = what + " is NaN";
                return null;
            }
            return 0; // MAV_FRAME_MISSION: NaN means "unused"; MISSION_ITEM_INT cannot carry it (as MAVSDK does)
        }
        if (Double.isInfinite(value)) {
            why[0] = what + " is infinite";
            return null;
        }
        double scaled = isGlobal(frame) ? (double) Math.round(value * 1e7) : Math.rint(value * scale(frame));
        if (scaled > Integer.MAX_VALUE || scaled < Integer.MIN_VALUE) {
            why[0] = what + " " + value + " is out of range";
            return null;
        }
        return (int) scaled;
    }

    /** x/y back to the decimal a file carries, exactly (no binary rounding in the text). */
    static BigDecimal toDecimal(int value, int frame) {
        if (isGlobal(frame)) {
            return BigDecimal.valueOf(value, 7).stripTrailingZeros();
        }
        if (isLocal(frame)) {
            return BigDecimal.valueOf(value, 4).stripTrailingZeros();
        }
        return BigDecimal.valueOf(value);
    }

    /** A float as a plain decimal that reads back as the same float; "NaN" for NaN. */
    static String floatText(float f) {
        if (Float.isNaN(f)) {
            return "NaN";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "Infinity" : "-Infinity";
        }
        if (f == 0f) {
            return (Float.floatToRawIntBits(f) < 0) ? "-0" : "0";
        }
        return new BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString();
    }

    static String decimalText(BigDecimal d) {
        if (d.signum() == 0) {
            return "0";
        }
        return d.toPlainString();
    }
}
