package org.hoverla.core.msg;

import org.hoverla.core.math.Quat;

/** Estimated attitude. */
public final class VehicleAttitude {
    public long timestampNs;
    public long timestampSampleNs;
    /** Rotation FRD body to NED. */
    public final Quat q = new Quat();

    public void copyFrom(VehicleAttitude m) {
        timestampNs = m.timestampNs;
        timestampSampleNs = m.timestampSampleNs;
        q.set(m.q);
    }
}
