package org.hoverla.mission.fence;

/**
 * The fence limits PX4 keeps as parameters rather than in the plan: the altitude band above home
 * and the largest horizontal distance from home. Infinite values disable a limit.
 *
 * <p>The altitude band applies to the whole fence, like the "vertical" limit of PX4's geofence and
 * its {@code GF_MAX_VER_DIST}. A positive {@code minAltM} also trips while the vehicle sits on the
 * ground at home: the caller applies {@link Geofence} altitude checks only in flight (PX4 has no
 * minimum altitude parameter; Hoverla offers one for fences over obstacles).
 *
 * @param minAltM            lowest allowed altitude above home, m (−∞ = none)
 * @param maxAltM            highest allowed altitude above home, m (+∞ = none)
 * @param maxHorizontalDistM largest horizontal distance from home, m (+∞ = none); becomes an
 *                           inclusion circle about the reference, as PX4's {@code GF_MAX_HOR_DIST}
 */
public record FenceLimits(double minAltM, double maxAltM, double maxHorizontalDistM) {

    /** No altitude band and no distance limit. */
    public static final FenceLimits NONE = new FenceLimits(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
            Double.POSITIVE_INFINITY);

    public FenceLimits {
        if (Double.isNaN(minAltM) || Double.isNaN(maxAltM) || Double.isNaN(maxHorizontalDistM)) {
            throw new IllegalArgumentException("fence limits must not be NaN");
        }
        if (!(minAltM < maxAltM)) {
            throw new IllegalArgumentException(
                    "fence minimum altitude " + minAltM + " m must be below maximum " + maxAltM + " m");
        }
        if (!(maxHorizontalDistM > 0.0)) {
            throw new IllegalArgumentException(
                    "fence maximum horizontal distance must be positive, got " + maxHorizontalDistM + " m");
        }
    }

    /** An altitude band above home and no distance limit. */
    public static FenceLimits altitude(double minAltM, double maxAltM) {
        return new FenceLimits(minAltM, maxAltM, Double.POSITIVE_INFINITY);
    }

    /**
     * From PX4's parameters, where 0 (or less) disables a limit.
     *
     * @param gfMaxHorDistM {@code GF_MAX_HOR_DIST}, m
     * @param gfMaxVerDistM {@code GF_MAX_VER_DIST}, m
     */
    public static FenceLimits fromPx4(double gfMaxHorDistM, double gfMaxVerDistM) {
        return new FenceLimits(Double.NEGATIVE_INFINITY,
                gfMaxVerDistM > 0.0 ? gfMaxVerDistM : Double.POSITIVE_INFINITY,
                gfMaxHorDistM > 0.0 ? gfMaxHorDistM : Double.POSITIVE_INFINITY);
    }
}
