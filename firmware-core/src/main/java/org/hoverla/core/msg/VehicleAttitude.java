package org.hoverla.core.msg;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;

/** Estimated attitude. */
public final class VehicleAttitude {
    public long timestampNs;
    public long timestampSampleNs;
    /** Rotation FRD body to NED. */
    public final Quat q = new Quat();
    /**
     * Variance of the attitude error about the body x, y, z axes (rad²), the EKF's local error
     * state: near level these are the roll, pitch and yaw variances. NaN when unknown.
     */
    public final Vec3 errorVarFrdRad2 = new Vec3().setNaN();

    public void copyFrom(VehicleAttitude m) {
        timestampNs = m.timestampNs;
        timestampSampleNs = m.timestampSampleNs;
        q.set(m.q);
        errorVarFrdRad2.set(m.errorVarFrdRad2);
    }
}
