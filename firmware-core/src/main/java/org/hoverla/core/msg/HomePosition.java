package org.hoverla.core.msg;

import org.hoverla.core.math.Vec3;

/** Where the vehicle armed: local NED and WGS-84 (altitude AMSL). */
public final class HomePosition {
    public long timestampNs;
    public boolean valid;
    public final Vec3 posNedM = new Vec3();
    public double latDeg;
    public double lonDeg;
    public double altAmslM;
    public double yawRad;

    public void copyFrom(HomePosition m) {
        timestampNs = m.timestampNs;
        valid = m.valid;
        posNedM.set(m.posNedM);
        latDeg = m.latDeg;
        lonDeg = m.lonDeg;
        altAmslM = m.altAmslM;
        yawRad = m.yawRad;
    }
}
