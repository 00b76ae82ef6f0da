package org.hoverla.core.msg;

import org.hoverla.core.math.Vec3;

/** Body-rate and thrust setpoint for the rate controller. */
public final class VehicleRatesSetpoint {
    public long timestampNs;
    /** Wanted body rates, FRD (rad/s). */
    public final Vec3 rateSpFrdRadps = new Vec3();
    /** Collective thrust, normalised 0..1. */
    public double thrustNorm;

    public void copyFrom(VehicleRatesSetpoint m) {
        timestampNs = m.timestampNs;
        rateSpFrdRadps.set(m.rateSpFrdRadps);
        thrustNorm = m.thrustNorm;
    }
}
