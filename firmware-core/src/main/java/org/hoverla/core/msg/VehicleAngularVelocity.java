package org.hoverla.core.msg;

import org.hoverla.core.math.Vec3;

/** Filtered, bias-corrected body rates for the rate controller; published at IMU rate. */
public final class VehicleAngularVelocity {
    public long timestampNs;
    public long timestampSampleNs;
    /** Body rates, FRD (rad/s). */
    public final Vec3 rateFrdRadps = new Vec3();

    public void copyFrom(VehicleAngularVelocity m) {
        timestampNs = m.timestampNs;
        timestampSampleNs = m.timestampSampleNs;
        rateFrdRadps.set(m.rateFrdRadps);
    }
}
