package org.hoverla.core.msg;

/** Output of the land detector (PX4 vehicle_land_detected). */
public final class VehicleLandDetected {
    public long timestampNs;
    /** Touching the ground: low thrust and no vertical motion while descending. */
    public boolean groundContact;
    /** Likely landed, confirmation pending. */
    public boolean maybeLanded;
    public boolean landed = true;

    public void copyFrom(VehicleLandDetected m) {
        timestampNs = m.timestampNs;
        groundContact = m.groundContact;
        maybeLanded = m.maybeLanded;
        landed = m.landed;
    }
}
