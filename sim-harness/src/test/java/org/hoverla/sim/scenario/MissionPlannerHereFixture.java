package org.hoverla.sim.scenario;

import java.util.Locale;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.mission.MavCmd;

/**
 * A Mission Planner QGC WPL 110 file with its takeoff and land at latitude/longitude 0 ("here"),
 * in the format of the real Mission Planner file in the shared data
 * ({@code MissionPlanner.waypoints}: tab-separated, LF, 6 decimals, the home as row 0), which the
 * shared data lacks; and a vehicle site that is not the file's home row. For tests.
 */
public final class MissionPlannerHereFixture {
    private MissionPlannerHereFixture() {
    }

    /** The home row of the file: ArduPilot's SITL default site (CMAC, Canberra). */
    public static final double FILE_HOME_LAT = -35.363262;
    public static final double FILE_HOME_LON = 149.165237;
    public static final double FILE_HOME_ALT = 584.09;
    /** Where the vehicle really stands: about 160 m north-east of the file's home row. */
    public static final double VEHICLE_LAT = -35.362262;
    public static final double VEHICLE_LON = 149.166537;
    public static final float ALT_M = 15f;
    /** Waypoints, north/east metres from where the vehicle stands. */
    public static final double[][] WAYPOINTS_NE = {{40, 0}, {40, 30}, {0, 30}};

    /** A Mission Planner QGC WPL 110 file: home row 0, takeoff at 0/0, three waypoints, land at 0/0. */
    public static String missionPlannerFile() {
        GeoRef site = new GeoRef(VEHICLE_LAT, VEHICLE_LON, FILE_HOME_ALT);
        StringBuilder sb = new StringBuilder("QGC WPL 110\n");
        sb.append(row(0, 1, 0, MavCmd.NAV_WAYPOINT, FILE_HOME_LAT, FILE_HOME_LON, FILE_HOME_ALT));
        sb.append(row(1, 0, 3, MavCmd.NAV_TAKEOFF, 0, 0, ALT_M));
        int seq = 2;
        Vec3 geo = new Vec3();
        for (double[] ne : WAYPOINTS_NE) {
            site.toGeodetic(ne[0], ne[1], 0.0, geo);
            sb.append(row(seq++, 0, 3, MavCmd.NAV_WAYPOINT, geo.x, geo.y, ALT_M));
        }
        sb.append(row(seq, 0, 3, MavCmd.NAV_LAND, 0, 0, 0));
        return sb.toString();
    }

    private static String row(int seq, int current, int frame, int cmd, double lat, double lon, double alt) {
        if (seq == 0) {
            return String.format(Locale.ROOT, "%d\t%d\t%d\t%d\t0\t0\t0\t0\t%.6f\t%.6f\t%.6f\t1\n", seq, current, frame,
                    cmd, lat, lon, alt);
        }
        return String.format(Locale.ROOT, "%d\t%d\t%d\t%d\t%.6f\t%.6f\t%.6f\t%.6f\t%.6f\t%.6f\t%.6f\t1\n", seq, current,
                frame, cmd, 0.0, 0.0, 0.0, 0.0, lat, lon, alt);
    }

}
