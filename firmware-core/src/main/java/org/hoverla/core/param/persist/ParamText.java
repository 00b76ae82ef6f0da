package org.hoverla.core.param.persist;

import java.math.BigDecimal;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamType;
import org.hoverla.core.param.SetResult;

/**
 * Text forms of parameter values and refusals, shared by the parameter file, the QGC
 * {@code .params} format, the MAVLink status texts and the command line, so that every place
 * prints the same value the same way. Any thread.
 */
public final class ParamText {
    private ParamText() {
    }

    /**
     * Formats a value for files and people: integers without a decimal point, reals in the
     * shortest plain decimal that reads back to the same {@code double} (no exponent, so QGC
     * and spreadsheets read it), e.g. {@code 0.0015}, {@code 52000}, {@code 1.5}.
     */
    public static String format(double value, ParamType type) {
        if (type == ParamType.INT) {
            return Long.toString((long) value);
        }
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == 0.0) {
            return "0";
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /** @return the current value of {@code p}, formatted as in {@link #format(double, ParamType)} */
    public static String value(Param p) {
        return format(p.doubleValue(), p.type());
    }

    /** @return the range as {@code "[min, max]"} */
    public static String range(Param p) {
        return "[" + format(p.min(), p.type()) + ", " + format(p.max(), p.type()) + "]";
    }

    /**
     * Why a write of {@code attempted} to {@code p} was refused, for one-line messages, e.g.
     * {@code "9 outside [0.5, 8]"}, {@code "NaN is not a number"}, {@code "1.5 is not an integer"}.
     */
    public static String reason(SetResult result, Param p, double attempted) {
        return switch (result) {
            case OK -> "accepted";
            case OUT_OF_RANGE -> p.values().isEmpty() || attempted < p.min() || attempted > p.max()
                    ? format(attempted, ParamType.FLOAT) + " outside " + range(p)
                    // an enumerated parameter: a value inside the range but not listed
                    : format(attempted, ParamType.FLOAT) + " is not one of " + p.values().keySet();
            case NOT_FINITE -> attempted + " is not finite";
            case WRONG_TYPE -> format(attempted, ParamType.FLOAT) + " is not an integer";
            case UNKNOWN_NAME -> "unknown parameter";
            case READ_ONLY -> "read-only";
        };
    }

    /**
     * Converts a single-precision value that arrived over MAVLink to the {@code double} the user
     * meant: the shortest decimal that rounds to that float ({@code 0.05f} becomes {@code 0.05},
     * not {@code 0.0500000007…}), so range limits like {@code max = 0.05} accept what a ground
     * station displays, and the parameter file stores {@code 0.05}.
     */
    public static double fromFloat(float f) {
        if (!Float.isFinite(f)) {
            return f;
        }
        return Double.parseDouble(Float.toString(f));
    }
}
