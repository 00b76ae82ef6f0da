package org.hoverla.core.navigation;

import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.mission.fence.Geofence;

/**
 * Checks the arguments of the guided commands and converts them to the local frame:
 * MAV_CMD_DO_REPOSITION, MAV_CMD_DO_ORBIT and MAV_CMD_DO_SET_ROI_LOCATION. Each check returns
 * an empty string when the command can be flown, writing the result into a caller-owned
 * object, or the reason it cannot (one of the constants below, for COMMAND_ACK DENIED and the
 * operator's STATUSTEXT). Whether the vehicle's state allows the command at all (armed, flying,
 * position valid) is the caller's to check first.
 *
 * <p>The checks are judged against the limits of {@link #setLimits} and the vehicle of
 * {@link #setVehicle} (its position and frame reference, home's height, the geofence).
 *
 * <p>Units: degrees and m AMSL in (the MAVLink command's), SI and local NED out. Pure: no
 * allocation, no lock, never throws; used by the commander on the flight thread.
 */
public final class GuidedCommandValidator {
    public static final String REPOSITION_INVALID = "Reposition refused: position not finite or out of range";
    public static final String REPOSITION_FENCE = "Reposition refused: the way there leaves the geofence";
    public static final String ORBIT_RADIUS = "Orbit refused: radius not finite or outside 1 m..MC_ORBIT_RAD_MAX";
    public static final String ORBIT_SPEED = "Orbit refused: speed negative, not finite or above MPC_XY_VEL_MAX";
    public static final String ORBIT_YAW = "Orbit refused: yaw behaviour not supported";
    public static final String ORBIT_CENTER = "Orbit refused: centre not finite, out of range or too far";
    public static final String ORBIT_ALTITUDE = "Orbit refused: altitude below 1 m or above MIS_TKO_ALT_MAX";
    public static final String ORBIT_FENCE = "Orbit refused: the circle leaves the geofence";
    public static final String ROI_INVALID = "ROI refused: position not finite, out of range or too far";
    /** Farthest a guided target (reposition, ROI, orbit circle, home) may lie horizontally (m). */
    public static final double MAX_DISTANCE_M = 10_000.0;
    /** Lowest guided target above home (m). */
    public static final double MIN_ALT_ABOVE_HOME_M = 1.0;
    /** PX4 FlightTaskOrbit's smallest radius (m). */
    public static final double ORBIT_RADIUS_MIN_M = 1.0;
    /** PX4 FlightTaskOrbit's default tangential speed (m/s) when DO_ORBIT leaves it NaN. */
    public static final double ORBIT_DEFAULT_SPEED_MPS = 1.0;
    /** Polygon sides used to check an orbit against the geofence. */
    static final int ORBIT_FENCE_SIDES = 16;

    /** An accepted DO_REPOSITION. */
    public static final class Reposition {
        /** Where to go (local NED, m). */
        public final Vec3 targetNedM = new Vec3();
        /** Heading to hold (rad, wrapped to ±π); NaN keeps the heading behaviour. */
        public double yawRad;
        /** New cruise speed (m/s); NaN leaves it unchanged. */
        public double speedMps;
    }

    /** An orbit: the one flown now (input) or an accepted DO_ORBIT (output). */
    public static final class Orbit {
        /** Centre, its z the orbit's height (local NED, m). */
        public final Vec3 centerNedM = new Vec3();
        /** Radius (m); its sign is the direction, as DO_ORBIT's param1. */
        public double radiusM;
        /** Tangential speed (m/s). */
        public double speedMps;
        /** ORBIT_YAW_BEHAVIOUR ({@link OrbitTrajectory#YAW_FRONT_TO_CENTER} ...). */
        public int yawBehaviour;
        /** Output only: the speed asked for was lowered so the vehicle can hold the circle. */
        public boolean speedCapped;
    }

    private final GeoRef geoRef = new GeoRef();
    private VehicleLocalPosition vehicle;
    private double homeDownM;
    private Geofence fence;
    private double altAboveHomeMaxM;
    private double horizontalSpeedMaxMps;
    private double orbitRadiusMaxM;

    /**
     * The parameter limits: highest target above home ({@code MIS_TKO_ALT_MAX}, m), fastest
     * horizontal speed ({@code MPC_XY_VEL_MAX}, m/s), largest orbit radius ({@code MC_ORBIT_RAD_MAX}, m).
     */
    public void setLimits(double altAboveHomeMaxM, double horizontalSpeedMaxMps, double orbitRadiusMaxM) {
        this.altAboveHomeMaxM = altAboveHomeMaxM;
        this.horizontalSpeedMaxMps = horizontalSpeedMaxMps;
        this.orbitRadiusMaxM = orbitRadiusMaxM;
    }

    /**
     * The vehicle the next checks are judged against: its position with a valid frame reference
     * (read, not copied: it must not change during a check), home's down coordinate (local NED,
     * m) and the geofence (null: none).
     */
    public void setVehicle(VehicleLocalPosition vehicle, double homeDownM, Geofence fence) {
        this.vehicle = vehicle;
        this.homeDownM = homeDownM;
        this.fence = fence;
    }

    /**
     * MAV_CMD_DO_REPOSITION: param1 speed (applied when in (0, MPC_XY_VEL_MAX], ±Inf refused), param4 heading
     * (rad, as PX4's navigator reads it; NaN keeps the heading), param5/6/7 latitude, longitude
     * (deg) and altitude (m AMSL), NaN keeping the current coordinate.
     *
     * @return "" when accepted ({@code out} filled), else {@link #REPOSITION_INVALID} or {@link #REPOSITION_FENCE}
     */
    public String reposition(double speedMps, double yawRad, double latDeg, double lonDeg, double altAmslM,
                             Reposition out) {
        Vec3 target = out.targetNedM;
        if (!toLocal(latDeg, lonDeg, altAmslM, target) || Double.isInfinite(yawRad) || Double.isInfinite(speedMps)) {
            return REPOSITION_INVALID;
        }
        Vec3 pos = vehicle.posNedM;
        double altAboveHome = homeDownM - target.z;
        double dn = target.x - pos.x;
        double de = target.y - pos.y;
        if (Math.sqrt(dn * dn + de * de) > MAX_DISTANCE_M || !(altAboveHome >= MIN_ALT_ABOVE_HOME_M)
                || altAboveHome > altAboveHomeMaxM) {
            return REPOSITION_INVALID;
        }
        if (fence != null && !fence.segmentInside(pos.x, pos.y, pos.z, target.x, target.y, target.z)) {
            return REPOSITION_FENCE;
        }
        out.speedMps = speedMps > 0.0 && speedMps <= horizontalSpeedMaxMps ? speedMps : Double.NaN;
        out.yawRad = Double.isNaN(yawRad) ? Double.NaN : Math.atan2(Math.sin(yawRad), Math.cos(yawRad));
        return "";
    }

    /**
     * MAV_CMD_DO_ORBIT: param1 radius (sign = direction, NaN = current radius while orbiting),
     * param2 tangential speed (NaN = current while orbiting, else PX4's 1 m/s), param3
     * ORBIT_YAW_BEHAVIOUR (NaN or UNCHANGED = current while orbiting, else front to centre;
     * RC_CONTROLLED refused), param5/6 centre (NaN = current centre while orbiting, else the
     * vehicle's position), param7 altitude AMSL (NaN = current). The speed is capped so v²/r stays
     * within {@link OrbitTrajectory#ACCEL_MAX_MPS2}. PX4 clamps the radius to [1 m,
     * MC_ORBIT_RAD_MAX] and defaults it to 1 m; Hoverla refuses instead, as a 1 m circle is never
     * what was meant.
     *
     * @param current the orbit flown now, null when not orbiting; not the same object as {@code out}
     * @return "" when accepted ({@code out} filled), else one of the {@code ORBIT_*} reasons
     */
    public String orbit(double radiusM, double speedMps, double yawBehaviour, double latDeg, double lonDeg,
                        double altAmslM, Orbit current, Orbit out) {
        boolean orbiting = current != null;
        double radius = Double.isNaN(radiusM) && orbiting ? current.radiusM : radiusM;
        if (!(Math.abs(radius) >= ORBIT_RADIUS_MIN_M) || !(Math.abs(radius) <= orbitRadiusMaxM)) {
            return ORBIT_RADIUS;
        }
        double speed = speedMps;
        if (Double.isNaN(speed)) {
            speed = orbiting ? current.speedMps : ORBIT_DEFAULT_SPEED_MPS;
        } else if (!(speed >= 0.0) || !(speed <= horizontalSpeedMaxMps)) {
            return ORBIT_SPEED;
        }
        int yaw;
        if (Double.isNaN(yawBehaviour) || yawBehaviour == OrbitTrajectory.YAW_UNCHANGED) {
            yaw = orbiting ? current.yawBehaviour : OrbitTrajectory.YAW_FRONT_TO_CENTER;
        } else if (yawBehaviour == OrbitTrajectory.YAW_FRONT_TO_CENTER
                || yawBehaviour == OrbitTrajectory.YAW_HOLD_INITIAL_HEADING
                || yawBehaviour == OrbitTrajectory.YAW_UNCONTROLLED
                || yawBehaviour == OrbitTrajectory.YAW_FRONT_TANGENT) {
            yaw = (int) yawBehaviour;
        } else {
            return ORBIT_YAW;
        }
        Vec3 center = out.centerNedM;
        if (!toLocal(latDeg, lonDeg, altAmslM, center)) {
            return ORBIT_CENTER;
        }
        if (orbiting && Double.isNaN(latDeg)) {
            center.x = current.centerNedM.x;
            center.y = current.centerNedM.y;
        }
        if (orbiting && Double.isNaN(altAmslM)) {
            center.z = current.centerNedM.z;
        }
        Vec3 pos = vehicle.posNedM;
        double dn = center.x - pos.x;
        double de = center.y - pos.y;
        if (Math.abs(Math.sqrt(dn * dn + de * de) - Math.abs(radius)) > MAX_DISTANCE_M) {
            return ORBIT_CENTER;
        }
        double altAboveHome = homeDownM - center.z;
        if (!(altAboveHome >= MIN_ALT_ABOVE_HOME_M) || altAboveHome > altAboveHomeMaxM) {
            return ORBIT_ALTITUDE;
        }
        if (!orbitInsideFence(center, Math.abs(radius))) {
            return ORBIT_FENCE;
        }
        double speedLimit = OrbitTrajectory.maxSpeedMps(radius, OrbitTrajectory.ACCEL_MAX_MPS2);
        out.speedCapped = speed > speedLimit;
        out.speedMps = out.speedCapped ? speedLimit : speed;
        out.radiusM = radius;
        out.yawBehaviour = yaw;
        return "";
    }

    /** The way to the circle and a polygon around it stay inside the geofence (none = inside). */
    private boolean orbitInsideFence(Vec3 center, double radiusM) {
        if (fence == null) {
            return true;
        }
        Vec3 pos = vehicle.posNedM;
        double dn = pos.x - center.x;
        double de = pos.y - center.y;
        double d = Math.sqrt(dn * dn + de * de);
        double entryN = d > 1e-6 ? center.x + dn / d * radiusM : center.x + radiusM;
        double entryE = d > 1e-6 ? center.y + de / d * radiusM : center.y;
        if (!fence.segmentInside(pos.x, pos.y, pos.z, entryN, entryE, center.z)) {
            return false;
        }
        // Circumscribed polygon, so its sides lie outside the circle.
        double r = radiusM / Math.cos(Math.PI / ORBIT_FENCE_SIDES);
        for (int i = 0; i < ORBIT_FENCE_SIDES; i++) {
            double a0 = 2.0 * Math.PI * i / ORBIT_FENCE_SIDES;
            double a1 = 2.0 * Math.PI * (i + 1) / ORBIT_FENCE_SIDES;
            if (!fence.segmentInside(center.x + r * Math.cos(a0), center.y + r * Math.sin(a0), center.z,
                    center.x + r * Math.cos(a1), center.y + r * Math.sin(a1), center.z)) {
                return false;
            }
        }
        return true;
    }

    /**
     * MAV_CMD_DO_SET_ROI_LOCATION: param5/6 latitude and longitude (deg, both required), param7
     * altitude (m AMSL, NaN = the vehicle's). PX4 accepts any input; Hoverla refuses a point it
     * cannot face (not finite, out of range or farther than {@link #MAX_DISTANCE_M}).
     *
     * @return "" when accepted ({@code outNedM} holds the point), else {@link #ROI_INVALID}
     */
    public String roi(double latDeg, double lonDeg, double altAmslM, Vec3 outNedM) {
        if (Double.isNaN(latDeg) || Double.isNaN(lonDeg) || !toLocal(latDeg, lonDeg, altAmslM, outNedM)) {
            return ROI_INVALID;
        }
        double dn = outNedM.x - vehicle.posNedM.x;
        double de = outNedM.y - vehicle.posNedM.y;
        return Math.sqrt(dn * dn + de * de) > MAX_DISTANCE_M ? ROI_INVALID : "";
    }

    /**
     * Converts latitude/longitude (deg) and altitude (m AMSL) to the vehicle's local frame; NaN
     * keeps the vehicle's coordinate, as MAVLink's "unset" does.
     *
     * @return false when only one of latitude and longitude is set, either is out of range, the
     *         altitude is infinite or the result is not finite ({@code out} then undefined)
     */
    public boolean toLocal(double latDeg, double lonDeg, double altAmslM, Vec3 out) {
        boolean latSet = !Double.isNaN(latDeg);
        boolean lonSet = !Double.isNaN(lonDeg);
        if (latSet != lonSet || (latSet && (!(Math.abs(latDeg) <= 90.0) || !(Math.abs(lonDeg) <= 180.0)))
                || Double.isInfinite(altAmslM)) {
            return false;
        }
        VehicleLocalPosition v = vehicle;
        geoRef.reset(v.refLatDeg, v.refLonDeg, v.refAltM);
        if (latSet) {
            geoRef.toNed(latDeg, lonDeg, v.refAltM, out);
        } else {
            out.x = v.posNedM.x;
            out.y = v.posNedM.y;
        }
        out.z = Double.isNaN(altAmslM) ? v.posNedM.z : v.refAltM - altAmslM;
        return out.isFinite();
    }
}
