package org.hoverla.core.msg;

import org.hoverla.core.math.Quat;

/** Attitude and collective thrust wanted by the position controller (or a pilot). */
public final class VehicleAttitudeSetpoint {
    public long timestampNs;
    /** Wanted rotation FRD body to NED. */
    public final Quat qSp = new Quat();
    /** Yaw rate feed-forward (rad/s); NaN = none. */
    public double yawRateFfRadps = Double.NaN;
    /** Collective thrust, normalised 0..1 of maximum. */
    public double thrustNorm;

    public void copyFrom(VehicleAttitudeSetpoint m) {
        timestampNs = m.timestampNs;
        qSp.set(m.qSp);
        yawRateFfRadps = m.yawRateFfRadps;
        thrustNorm = m.thrustNorm;
    }
}
