package org.hoverla.core.msg;

import org.hoverla.core.math.Vec3;

/**
 * What the navigator wants the position controller to follow (PX4 trajectory_setpoint). Any
 * component may be NaN = not controlled; a finite velocity with a finite position is a
 * feed-forward.
 */
public final class TrajectorySetpoint {
    public long timestampNs;
    public final Vec3 posNedM = new Vec3(Double.NaN, Double.NaN, Double.NaN);
    public final Vec3 velNedMps = new Vec3(Double.NaN, Double.NaN, Double.NaN);
    public final Vec3 accNedMps2 = new Vec3(Double.NaN, Double.NaN, Double.NaN);
    /** Heading (rad); NaN = keep. */
    public double yawRad = Double.NaN;
    /** Heading rate (rad/s); NaN = none. */
    public double yawRateRadps = Double.NaN;

    public void copyFrom(TrajectorySetpoint m) {
        timestampNs = m.timestampNs;
        posNedM.set(m.posNedM);
        velNedMps.set(m.velNedMps);
        accNedMps2.set(m.accNedMps2);
        yawRad = m.yawRad;
        yawRateRadps = m.yawRateRadps;
    }

    public void clear() {
        posNedM.setNaN();
        velNedMps.setNaN();
        accNedMps2.setNaN();
        yawRad = Double.NaN;
        yawRateRadps = Double.NaN;
    }
}
