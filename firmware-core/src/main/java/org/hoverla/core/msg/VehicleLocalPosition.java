package org.hoverla.core.msg;

import org.hoverla.core.math.Vec3;

/**
 * Estimated position and velocity in the local NED frame whose origin is the reference point
 * below ({@code refLatDeg}, {@code refLonDeg}, {@code refAltM} AMSL).
 */
public final class VehicleLocalPosition {
    public long timestampNs;
    public long timestampSampleNs;
    public final Vec3 posNedM = new Vec3();
    public final Vec3 velNedMps = new Vec3();
    /** Estimated kinematic acceleration, NED (m/s^2). */
    public final Vec3 accNedMps2 = new Vec3();
    public boolean xyValid;
    public boolean zValid;
    public boolean vxyValid;
    public boolean vzValid;
    /**
     * The horizontal solution is inertial only (EKF dead reckoning since GNSS stopped being
     * fused); {@link #xyValid} may still hold, for at most EST_NOAID_TOUT.
     */
    public boolean deadReckoning;
    /** Heading (rad, from north, clockwise). */
    public double headingRad;
    /** Reference of the local frame (WGS-84); valid when {@code refValid}. */
    public boolean refValid;
    public double refLatDeg;
    public double refLonDeg;
    public double refAltM;
    /** Standard deviation of horizontal / vertical position (m). */
    public double ephM;
    public double epvM;
    /** Diagonal of the NED position covariance (m²); NaN when the estimator has none (complementary filter). */
    public final Vec3 posVarNedM2 = new Vec3().setNaN();
    /** Diagonal of the NED velocity covariance ((m/s)²); NaN when unknown. */
    public final Vec3 velVarNedM2ps2 = new Vec3().setNaN();
    /** Height of the ground below the local origin... the takeoff ground, in NED down (m). */
    public double groundDownM;

    public void copyFrom(VehicleLocalPosition m) {
        timestampNs = m.timestampNs;
        timestampSampleNs = m.timestampSampleNs;
        posNedM.set(m.posNedM);
        velNedMps.set(m.velNedMps);
        accNedMps2.set(m.accNedMps2);
        xyValid = m.xyValid;
        zValid = m.zValid;
        vxyValid = m.vxyValid;
        vzValid = m.vzValid;
        deadReckoning = m.deadReckoning;
        headingRad = m.headingRad;
        refValid = m.refValid;
        refLatDeg = m.refLatDeg;
        refLonDeg = m.refLonDeg;
        refAltM = m.refAltM;
        ephM = m.ephM;
        epvM = m.epvM;
        posVarNedM2.set(m.posVarNedM2);
        velVarNedM2ps2.set(m.velVarNedM2ps2);
        groundDownM = m.groundDownM;
    }
}
