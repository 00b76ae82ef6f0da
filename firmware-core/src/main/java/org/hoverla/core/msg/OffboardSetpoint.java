package org.hoverla.core.msg;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;

/**
 * The newest setpoint streamed by an offboard computer (MAVLink SET_POSITION_TARGET_* or
 * SET_ATTITUDE_TARGET), converted to SI and local NED by the MAVLink thread, which is its one
 * publisher. NaN fields are not controlled, as in {@link TrajectorySetpoint}.
 */
public final class OffboardSetpoint {
    /** Vehicle-clock time the setpoint was received; the stream is alive while this is recent. */
    public long timestampNs;
    /** Setpoints received so far; 0 means none has ever arrived. */
    public long count;
    /** True: attitude target ({@link #qSp}, {@link #thrustNorm}); false: position/velocity target. */
    public boolean attitudeTarget;
    public final Vec3 posNedM = new Vec3(Double.NaN, Double.NaN, Double.NaN);
    public final Vec3 velNedMps = new Vec3(Double.NaN, Double.NaN, Double.NaN);
    public final Vec3 accNedMps2 = new Vec3(Double.NaN, Double.NaN, Double.NaN);
    public double yawRad = Double.NaN;
    public double yawRateRadps = Double.NaN;
    /** Attitude target, FRD to NED. */
    public final Quat qSp = new Quat();
    /** Collective thrust 0..1 for attitude targets. */
    public double thrustNorm = Double.NaN;

    public void copyFrom(OffboardSetpoint m) {
        timestampNs = m.timestampNs;
        count = m.count;
        attitudeTarget = m.attitudeTarget;
        posNedM.set(m.posNedM);
        velNedMps.set(m.velNedMps);
        accNedMps2.set(m.accNedMps2);
        yawRad = m.yawRad;
        yawRateRadps = m.yawRateRadps;
        qSp.set(m.qSp);
        thrustNorm = m.thrustNorm;
    }
}
