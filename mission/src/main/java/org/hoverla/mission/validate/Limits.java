package org.hoverla.mission.validate;

/**
 * What a plan may ask of the vehicle. Altitudes are metres above home; distances metres.
 *
 * @param maxAltAboveHomeM      highest altitude of a navigation item or rally point above home
 * @param minAltAboveHomeM      lowest altitude of a navigation item other than a landing
 * @param maxFirstItemDistanceM farthest the first positional item may be from home/vehicle
 *                              (PX4 MIS_DIST_1WP: a plan for another field uploaded by mistake)
 * @param requireTakeoffFirst   the first navigation item must be NAV_TAKEOFF
 * @param requireLandLast       the last navigation item must be NAV_LAND or NAV_RETURN_TO_LAUNCH
 * @param maxItems              capacity per list (more is NO_SPACE)
 */
public record Limits(double maxAltAboveHomeM, double minAltAboveHomeM, double maxFirstItemDistanceM,
                     boolean requireTakeoffFirst, boolean requireLandLast, int maxItems) {
    /**
     * Defaults: 500 m above home at most, 1 m at least (a waypoint at home altitude is on the
     * ground), first item within 900 m (PX4's MIS_DIST_1WP default), no takeoff/land
     * requirement (PX4 MIS_TKO_LAND_REQ 0), 10,000 items per list.
     */
    public static final Limits DEFAULT = new Limits(500, 1, 900, false, false, 10_000);

    public Limits {
        if (!(maxAltAboveHomeM >= minAltAboveHomeM)) {
            throw new IllegalArgumentException("maxAltAboveHomeM < minAltAboveHomeM");
        }
        if (!(maxFirstItemDistanceM > 0)) {
            throw new IllegalArgumentException("maxFirstItemDistanceM must be > 0");
        }
        if (maxItems < 0) {
            throw new IllegalArgumentException("maxItems < 0");
        }
    }

    public Limits withMaxAlt(double m) {
        return new Limits(m, minAltAboveHomeM, maxFirstItemDistanceM, requireTakeoffFirst, requireLandLast, maxItems);
    }

    public Limits withMinAlt(double m) {
        return new Limits(maxAltAboveHomeM, m, maxFirstItemDistanceM, requireTakeoffFirst, requireLandLast, maxItems);
    }

    public Limits withMaxFirstItemDistance(double m) {
        return new Limits(maxAltAboveHomeM, minAltAboveHomeM, m, requireTakeoffFirst, requireLandLast, maxItems);
    }

    public Limits withTakeoffFirst(boolean required) {
        return new Limits(maxAltAboveHomeM, minAltAboveHomeM, maxFirstItemDistanceM, required, requireLandLast, maxItems);
    }

    public Limits withLandLast(boolean required) {
        return new Limits(maxAltAboveHomeM, minAltAboveHomeM, maxFirstItemDistanceM, requireTakeoffFirst, required, maxItems);
    }
}
