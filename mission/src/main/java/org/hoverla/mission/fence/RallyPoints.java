package org.hoverla.mission.fence;

import java.util.List;

import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;

/**
 * Rally (safe) points of a plan's RALLY items ({@code MAV_CMD_NAV_RALLY_POINT}), in local metres
 * about a reference (home), and the choice PX4 makes on Return: "Return goes to the nearest rally
 * point when one is closer than home" (PX4 {@code RTL_TYPE} 0 with rally points).
 *
 * <p>Immutable after {@link #build}. {@link #nearest} and {@link #chooseReturnTarget} neither
 * allocate nor throw; any thread may call them. Distances are horizontal.
 */
public final class RallyPoints {
    /** Returned by {@link #chooseReturnTarget} when home is the target, and by {@link #nearest} when empty. */
    public static final int HOME = -1;

    private final double[] north;
    private final double[] east;
    private final double[] alt;
    private final int[] frame;

    private RallyPoints(double[] north, double[] east, double[] alt, int[] frame) {
        this.north = north;
        this.east = east;
        this.alt = alt;
        this.frame = frame;
    }

    /**
     * @param rallyItems the plan's rally list ({@code MissionPlan#rally()})
     * @throws IllegalArgumentException for an item that is not a rally point in a global frame
     */
    public static RallyPoints build(List<MissionItem> rallyItems, double refLatDeg, double refLonDeg) {
        if (rallyItems == null) {
            throw new IllegalArgumentException("rally items are required");
        }
        LocalProjection projection = new LocalProjection(refLatDeg, refLonDeg);
        int n = rallyItems.size();
        double[] north = new double[n];
        double[] east = new double[n];
        double[] alt = new double[n];
        int[] frame = new int[n];
        double[] ne = new double[2];
        for (int i = 0; i < n; i++) {
            MissionItem item = rallyItems.get(i);
            if (item.command() != MavCmd.NAV_RALLY_POINT) {
                throw new IllegalArgumentException("item " + i + ": command " + item.command()
                        + " is not a rally point (" + MavCmd.NAV_RALLY_POINT + ")");
            }
            int f = item.frame();
            if (f != MissionItem.FRAME_GLOBAL && f != MissionItem.FRAME_GLOBAL_INT
                    && f != MissionItem.FRAME_GLOBAL_RELATIVE_ALT && f != MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT
                    && f != MissionItem.FRAME_GLOBAL_TERRAIN_ALT && f != MissionItem.FRAME_GLOBAL_TERRAIN_ALT_INT) {
                throw new IllegalArgumentException("item " + i + ": frame " + f + " is not a global frame");
            }
            if (!(Math.abs(item.latDeg()) <= 90.0 && Math.abs(item.lonDeg()) <= 180.0) || !Float.isFinite(item.z())) {
                throw new IllegalArgumentException("item " + i + ": position out of range: "
                        + item.latDeg() + ", " + item.lonDeg() + ", " + item.z() + " m");
            }
            projection.projectTo(item.latDeg(), item.lonDeg(), ne);
            north[i] = ne[0];
            east[i] = ne[1];
            alt[i] = item.z();
            frame[i] = f;
        }
        return new RallyPoints(north, east, alt, frame);
    }

    public int size() {
        return north.length;
    }

    public double northM(int index) {
        return north[index];
    }

    public double eastM(int index) {
        return east[index];
    }

    /** Altitude as the item gave it (z, metres in {@link #frame(int)}). */
    public double altM(int index) {
        return alt[index];
    }

    /** MAV_FRAME of the point's altitude. */
    public int frame(int index) {
        return frame[index];
    }

    /** Index of the rally point horizontally nearest to the position, or {@link #HOME} (−1) if none. */
    public int nearest(double northM, double eastM) {
        int best = HOME;
        double best2 = Double.POSITIVE_INFINITY;
        for (int i = 0; i < north.length; i++) {
            double dn = north[i] - northM;
            double de = east[i] - eastM;
            double d2 = dn * dn + de * de;
            if (d2 < best2) {
                best2 = d2;
                best = i;
            }
        }
        return best;
    }

    /**
     * Where Return goes from the given position: the nearest rally point if it is strictly closer
     * than home, otherwise {@link #HOME} (a tie goes home).
     *
     * @param homeNorthM home north of the reference, m (0 when home is the reference)
     * @param homeEastM  home east of the reference, m
     * @return a rally point index, or {@link #HOME}
     */
    public int chooseReturnTarget(double northM, double eastM, double homeNorthM, double homeEastM) {
        int i = nearest(northM, eastM);
        if (i == HOME) {
            return HOME;
        }
        double rn = north[i] - northM;
        double re = east[i] - eastM;
        double hn = homeNorthM - northM;
        double he = homeEastM - eastM;
        return rn * rn + re * re < hn * hn + he * he ? i : HOME;
    }
}
