package org.hoverla.core.navigation;

import org.hoverla.core.math.Vec3;

/**
 * A setpoint that travels a straight line from a start to an end point with a speed limit and
 * an acceleration limit (trapezoidal speed profile), braking so that it stops at the end. The
 * position controller follows its position with its velocity as feed-forward, so the vehicle
 * moves smoothly instead of chasing a far-away step.
 *
 * <p>Pure and allocation-free; the caller steps it with its own dt.
 */
public final class StraightLineTrajectory {
    private final Vec3 start = new Vec3();
    private final Vec3 end = new Vec3();
    private final Vec3 direction = new Vec3();
    private double lengthM;
    private double travelledM;
    private double speedMps;
    private double maxSpeedMps;
    private double accelMps2;
    private boolean active;

    /**
     * Starts a new line. A non-finite input leaves the trajectory inactive.
     *
     * @return true when started
     */
    public boolean start(Vec3 from, Vec3 to, double maxSpeedMps, double accelMps2) {
        if (!from.isFinite() || !to.isFinite() || !(maxSpeedMps > 0.0) || !(accelMps2 > 0.0)) {
            active = false;
            return false;
        }
        start.set(from);
        end.set(to);
        direction.setSub(to, from);
        lengthM = direction.norm();
        if (lengthM > 1e-9) {
            direction.scale(1.0 / lengthM);
        } else {
            direction.zero();
        }
        travelledM = 0.0;
        speedMps = 0.0;
        this.maxSpeedMps = maxSpeedMps;
        this.accelMps2 = accelMps2;
        active = true;
        return true;
    }

    /** Stops the line; {@link #update} then holds its end. */
    public void cancel() {
        active = false;
    }

    /** Changes the speed limit of the line in progress (e.g. DO_CHANGE_SPEED). */
    public void setMaxSpeed(double maxSpeedMps) {
        if (maxSpeedMps > 0.0) {
            this.maxSpeedMps = maxSpeedMps;
        }
    }

    /**
     * Advances by dt and writes the setpoint.
     *
     * @return true when the end has been reached
     */
    public boolean update(double dtS, Vec3 posSpOut, Vec3 velSpOut) {
        if (!active) {
            posSpOut.set(end);
            velSpOut.zero();
            return true;
        }
        double remaining = lengthM - travelledM;
        double brakingSpeed = Math.sqrt(2.0 * accelMps2 * Math.max(remaining, 0.0));
        double wanted = Math.min(maxSpeedMps, brakingSpeed);
        if (speedMps < wanted) {
            speedMps = Math.min(wanted, speedMps + accelMps2 * dtS);
        } else {
            speedMps = wanted;
        }
        travelledM += speedMps * dtS;
        if (travelledM >= lengthM) {
            travelledM = lengthM;
            speedMps = 0.0;
            active = false;
        }
        posSpOut.set(start).addScaled(direction, travelledM);
        velSpOut.set(direction).scale(speedMps);
        return !active;
    }

    public boolean isActive() {
        return active;
    }

    public Vec3 end() {
        return end;
    }
}
