package org.hoverla.core.math;

/**
 * A local tangent plane anchored at a reference point: converts WGS-84 latitude/longitude
 * to north/east metres and back with the azimuthal equidistant projection on a sphere of the
 * WGS-84 mean radius, as PX4's {@code MapProjection} does. Error against the ellipsoid stays
 * below 0.5 % of the distance within tens of kilometres, far below GNSS noise.
 *
 * <p>Allocation-free; not thread-safe (one instance per user).
 */
public final class GeoRef {
    /** WGS-84 mean Earth radius (m), IUGG R1. */
    public static final double EARTH_RADIUS_M = 6_371_008.8;

    private double refLatRad;
    private double refLonRad;
    private double sinRefLat;
    private double cosRefLat;
    private double refAltM;
    private boolean initialised;

    public GeoRef() {
    }

    public GeoRef(double latDeg, double lonDeg, double altM) {
        reset(latDeg, lonDeg, altM);
    }

    /** Moves the reference; altitudes below are then relative to {@code altM} (positive down). */
    public void reset(double latDeg, double lonDeg, double altM) {
        refLatRad = Math.toRadians(latDeg);
        refLonRad = Math.toRadians(lonDeg);
        sinRefLat = Math.sin(refLatRad);
        cosRefLat = Math.cos(refLatRad);
        refAltM = altM;
        initialised = true;
    }

    public boolean isInitialised() {
        return initialised;
    }

    public double refLatDeg() {
        return Math.toDegrees(refLatRad);
    }

    public double refLonDeg() {
        return Math.toDegrees(refLonRad);
    }

    public double refAltM() {
        return refAltM;
    }

    /** Writes north, east (m) of (latDeg, lonDeg) and down = refAlt - altM into out. */
    public Vec3 toNed(double latDeg, double lonDeg, double altM, Vec3 out) {
        double latRad = Math.toRadians(latDeg);
        double lonRad = Math.toRadians(lonDeg);
        double sinLat = Math.sin(latRad);
        double cosLat = Math.cos(latRad);
        double cosDLon = Math.cos(lonRad - refLonRad);
        double arg = Angles.clamp(sinRefLat * sinLat + cosRefLat * cosLat * cosDLon, -1.0, 1.0);
        double c = Math.acos(arg);
        double k = Math.abs(c) > 1e-12 ? c / Math.sin(c) : 1.0;
        out.x = k * (cosRefLat * sinLat - sinRefLat * cosLat * cosDLon) * EARTH_RADIUS_M;
        out.y = k * cosLat * Math.sin(lonRad - refLonRad) * EARTH_RADIUS_M;
        out.z = refAltM - altM;
        return out;
    }

    /** Inverse of {@link #toNed}: writes (latDeg, lonDeg, altM) into out.x, out.y, out.z. */
    public Vec3 toGeodetic(double northM, double eastM, double downM, Vec3 out) {
        double xRad = northM / EARTH_RADIUS_M;
        double yRad = eastM / EARTH_RADIUS_M;
        double c = Math.sqrt(xRad * xRad + yRad * yRad);
        double latRad;
        double lonRad;
        if (c > 1e-15) {
            double sinC = Math.sin(c);
            double cosC = Math.cos(c);
            latRad = Math.asin(cosC * sinRefLat + (xRad * sinC * cosRefLat) / c);
            lonRad = refLonRad + Math.atan2(yRad * sinC, c * cosRefLat * cosC - xRad * sinRefLat * sinC);
        } else {
            latRad = refLatRad;
            lonRad = refLonRad;
        }
        out.x = Math.toDegrees(latRad);
        out.y = Math.toDegrees(lonRad);
        out.z = refAltM - downM;
        return out;
    }
}
