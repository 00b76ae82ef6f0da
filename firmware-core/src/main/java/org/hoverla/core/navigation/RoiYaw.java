package org.hoverla.core.navigation;

/**
 * The heading that points the vehicle's nose at a region of interest (MAV_CMD_DO_SET_ROI_LOCATION),
 * the way PX4's mission yaw ({@code MissionBlock}/{@code Mission::heading_sp_update}) points at
 * a target: the horizontal bearing from the vehicle to the point. Within {@link #MIN_DISTANCE_M}
 * of the point the bearing swings wildly, so the previous heading is kept.
 *
 * <p>Pure, allocation-free; flight thread. Radians from north, clockwise, in [−π, π] (Math.atan2).
 */
public final class RoiYaw {
    /** Closer than this (m, horizontally) the heading is held rather than chasing the bearing. */
    public static final double MIN_DISTANCE_M = 1.0;

    private RoiYaw() {
    }

    /**
     * @param fallbackYawRad returned when the vehicle is too close to the point or an input is not finite
     */
    public static double yawRad(double fromNorthM, double fromEastM, double roiNorthM, double roiEastM,
                                double fallbackYawRad) {
        double dn = roiNorthM - fromNorthM;
        double de = roiEastM - fromEastM;
        double d2 = dn * dn + de * de;
        if (!(d2 >= MIN_DISTANCE_M * MIN_DISTANCE_M) || !Double.isFinite(d2)) {
            return fallbackYawRad;
        }
        return Math.atan2(de, dn);
    }
}
