package org.hoverla.core.navigation;

import org.hoverla.core.math.Vec3;

/**
 * A circle flown at constant height around a centre, as MAV_CMD_DO_ORBIT asks (and PX4's
 * {@code FlightTaskOrbit} flies it): first a straight, acceleration-limited line from where the
 * vehicle is to the nearest point of the circle at the orbit's height, then the circle itself,
 * its setpoint moving at the tangential speed with the centripetal acceleration as feed-forward.
 *
 * <p>Direction: a positive radius orbits clockwise seen from above (north → east → south), a
 * negative one counter-clockwise, as MAVLink's DO_ORBIT param1 defines.
 *
 * <p>Speed: the tangential speed is capped to {@code sqrt(aMax · r)} so the centripetal
 * acceleration {@code v²/r} stays within {@code aMax} and the position controller can hold the
 * circle (PX4 FlightTaskOrbit caps the velocity, not the radius, "small radius is more important
 * than high velocity for safety"). It ramps up from the speed along the tangent at entry with
 * {@code aMax} as the tangential acceleration.
 *
 * <p>Yaw: {@link #yawRad} gives the heading for the ORBIT_YAW_BEHAVIOUR values Hoverla flies.
 *
 * <p>Pure and allocation-free; the caller (the navigator, on the flight thread) steps it with its
 * own dt. SI units, local NED frame.
 */
public final class OrbitTrajectory {
    /** ORBIT_YAW_BEHAVIOUR_HOLD_FRONT_TO_CIRCLE_CENTER (the MAVLink default). */
    public static final int YAW_FRONT_TO_CENTER = 0;
    /** ORBIT_YAW_BEHAVIOUR_HOLD_INITIAL_HEADING. */
    public static final int YAW_HOLD_INITIAL_HEADING = 1;
    /** ORBIT_YAW_BEHAVIOUR_UNCONTROLLED: no yaw setpoint (Hoverla's position control then keeps the last heading). */
    public static final int YAW_UNCONTROLLED = 2;
    /** ORBIT_YAW_BEHAVIOUR_HOLD_FRONT_TANGENT_TO_CIRCLE. */
    public static final int YAW_FRONT_TANGENT = 3;
    /** ORBIT_YAW_BEHAVIOUR_RC_CONTROLLED: not flown (no RC yaw in guided flight yet). */
    public static final int YAW_RC_CONTROLLED = 4;
    /** ORBIT_YAW_BEHAVIOUR_UNCHANGED: keep the current behaviour, or the default when not orbiting. */
    public static final int YAW_UNCHANGED = 5;

    /** Centripetal (and tangential) acceleration limit of an orbit, m/s²: PX4 FlightTaskOrbit's {@code _acceleration_max}. */
    public static final double ACCEL_MAX_MPS2 = 2.0;

    /** Closer than this to the circle (radially and in height) the circle starts without an approach line. */
    static final double ON_CIRCLE_TOLERANCE_M = 1.0;
    /** Closer than this to the centre the bearing to it is meaningless: the yaw is held. */
    private static final double MIN_BEARING_DISTANCE_M = 0.5;

    private final StraightLineTrajectory approach = new StraightLineTrajectory();
    private final Vec3 from = new Vec3();
    private final Vec3 entry = new Vec3();
    private double centerN;
    private double centerE;
    private double centerDown;
    private double radiusM;
    /** +1 clockwise, -1 counter-clockwise. */
    private double direction;
    private double targetSpeedMps;
    private double accelMaxMps2;
    private double speedMps;
    private double phaseRad;
    private boolean approaching;
    private boolean active;
    private double lastYawRad = Double.NaN;

    /** Largest tangential speed that keeps the centripetal acceleration within {@code accelMaxMps2}. */
    public static double maxSpeedMps(double radiusM, double accelMaxMps2) {
        return Math.sqrt(Math.abs(radiusM) * accelMaxMps2);
    }

    /**
     * Starts (or restarts with new parameters) an orbit. A vehicle already on the circle keeps its
     * place and its tangential speed; otherwise it first flies the approach line.
     *
     * @param signedRadiusM  radius, sign = direction (positive clockwise); |r| must be > 0
     * @param speedMps       wanted tangential speed (≥ 0), capped to {@link #maxSpeedMps}
     * @param approachSpeedMps speed of the approach line
     * @param accelMaxMps2   centripetal and tangential acceleration limit (> 0)
     * @param posNedM        where the vehicle is
     * @param velNedMps      its velocity (for a smooth restart on the circle)
     * @return false (and inactive) when an input is not finite or out of range
     */
    public boolean start(double centerNorthM, double centerEastM, double centerDownM, double signedRadiusM,
                         double speedMps, double approachSpeedMps, double accelMaxMps2, Vec3 posNedM, Vec3 velNedMps) {
        if (!Double.isFinite(centerNorthM) || !Double.isFinite(centerEastM) || !Double.isFinite(centerDownM)
                || !Double.isFinite(signedRadiusM) || signedRadiusM == 0.0 || !(speedMps >= 0.0)
                || !Double.isFinite(speedMps) || !(approachSpeedMps > 0.0) || !(accelMaxMps2 > 0.0)
                || !Double.isFinite(accelMaxMps2) || !posNedM.isFinite()) {
            active = false;
            return false;
        }
        centerN = centerNorthM;
        centerE = centerEastM;
        centerDown = centerDownM;
        radiusM = Math.abs(signedRadiusM);
        direction = signedRadiusM > 0.0 ? 1.0 : -1.0;
        this.accelMaxMps2 = accelMaxMps2;
        targetSpeedMps = Math.min(speedMps, maxSpeedMps(radiusM, accelMaxMps2));
        double dn = posNedM.x - centerN;
        double de = posNedM.y - centerE;
        double distance = Math.sqrt(dn * dn + de * de);
        phaseRad = distance > 1e-6 ? Math.atan2(de, dn) : 0.0;
        double entryN = centerN + radiusM * Math.cos(phaseRad);
        double entryE = centerE + radiusM * Math.sin(phaseRad);
        boolean onCircle = Math.abs(distance - radiusM) <= ON_CIRCLE_TOLERANCE_M
                && Math.abs(posNedM.z - centerDown) <= ON_CIRCLE_TOLERANCE_M;
        if (onCircle) {
            approaching = false;
            double tangential = velNedMps.isFinite()
                    ? direction * (-Math.sin(phaseRad) * velNedMps.x + Math.cos(phaseRad) * velNedMps.y) : 0.0;
            this.speedMps = Math.min(Math.max(tangential, 0.0), targetSpeedMps);
        } else {
            approaching = true;
            this.speedMps = 0.0;
            from.set(posNedM);
            entry.set(entryN, entryE, centerDown);
            approach.start(from, entry, approachSpeedMps, accelMaxMps2);
        }
        active = true;
        return true;
    }

    /** Stops the orbit; {@link #update} then does nothing. */
    public void cancel() {
        active = false;
    }

    /**
     * Advances by dt and writes position, velocity and acceleration setpoints (NED).
     *
     * @return false when inactive (outputs untouched)
     */
    public boolean update(double dtS, Vec3 posSpOut, Vec3 velSpOut, Vec3 accSpOut) {
        if (!active) {
            return false;
        }
        if (approaching) {
            boolean arrived = approach.update(dtS, posSpOut, velSpOut);
            accSpOut.setNaN();
            if (arrived) {
                approaching = false;
                speedMps = 0.0;
            }
            return true;
        }
        if (speedMps < targetSpeedMps) {
            speedMps = Math.min(targetSpeedMps, speedMps + accelMaxMps2 * dtS);
        } else {
            speedMps = targetSpeedMps;
        }
        phaseRad += direction * speedMps / radiusM * dtS;
        if (phaseRad > Math.PI) {
            phaseRad -= 2.0 * Math.PI;
        } else if (phaseRad < -Math.PI) {
            phaseRad += 2.0 * Math.PI;
        }
        double c = Math.cos(phaseRad);
        double s = Math.sin(phaseRad);
        posSpOut.set(centerN + radiusM * c, centerE + radiusM * s, centerDown);
        velSpOut.set(-direction * speedMps * s, direction * speedMps * c, 0.0);
        double centripetal = speedMps * speedMps / radiusM;
        accSpOut.set(-centripetal * c, -centripetal * s, 0.0);
        return true;
    }

    /**
     * The heading for a yaw behaviour at a position (rad, NED, from north clockwise), or NaN for
     * "not controlled". {@code initialHeadingRad} serves HOLD_INITIAL_HEADING. Near the centre
     * the last heading is kept.
     */
    public double yawRad(int behaviour, Vec3 posNedM, double initialHeadingRad) {
        double dn = centerN - posNedM.x;
        double de = centerE - posNedM.y;
        boolean bearingDefined = dn * dn + de * de > MIN_BEARING_DISTANCE_M * MIN_BEARING_DISTANCE_M;
        double yaw;
        switch (behaviour) {
            case YAW_HOLD_INITIAL_HEADING:
                yaw = initialHeadingRad;
                break;
            case YAW_UNCONTROLLED:
                return Double.NaN;
            case YAW_FRONT_TANGENT:
                // The direction of travel: the bearing to the centre turned a quarter turn the
                // way the orbit goes.
                yaw = bearingDefined ? Math.atan2(de, dn) - direction * 0.5 * Math.PI : lastYawRad;
                break;
            case YAW_FRONT_TO_CENTER:
            default:
                yaw = bearingDefined ? Math.atan2(de, dn) : lastYawRad;
                break;
        }
        if (Double.isFinite(yaw)) {
            yaw = wrapPi(yaw);
            lastYawRad = yaw;
        }
        return yaw;
    }

    /** Yaw-rate feed-forward (rad/s) for the behaviours that turn with the orbit, else NaN. */
    public double yawRateRadps(int behaviour) {
        if (!active || approaching || (behaviour != YAW_FRONT_TO_CENTER && behaviour != YAW_FRONT_TANGENT)) {
            return Double.NaN;
        }
        return direction * speedMps / radiusM;
    }

    /** Seeds the heading kept when the bearing is undefined (e.g. the current heading). */
    public void setFallbackYaw(double yawRad) {
        lastYawRad = yawRad;
    }

    static double wrapPi(double a) {
        double r = Math.IEEEremainder(a, 2.0 * Math.PI);
        return r == -Math.PI ? Math.PI : r;
    }

    public boolean isActive() {
        return active;
    }

    /** Flying the line to the circle (not yet on it). */
    public boolean isApproaching() {
        return active && approaching;
    }

    /** Radius with its sign (positive clockwise), m. */
    public double signedRadiusM() {
        return direction * radiusM;
    }

    /** The tangential speed the circle is flown at once up to speed (after the cap), m/s. */
    public double targetSpeedMps() {
        return targetSpeedMps;
    }

    /** The current tangential speed of the setpoint, m/s. */
    public double speedMps() {
        return speedMps;
    }

    public double centerNorthM() {
        return centerN;
    }

    public double centerEastM() {
        return centerE;
    }

    public double centerDownM() {
        return centerDown;
    }
}
