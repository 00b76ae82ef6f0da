package org.hoverla.mission.exec;

/**
 * Latitude/longitude to local north/east metres around a reference: the azimuthal equidistant
 * projection on a sphere of the WGS-84 mean radius, as PX4's map projection (and firmware-core's
 * GeoRef, which this leaf module cannot import). Allocation-free; writes into a caller array.
 */
public final class LocalFrame {
    static final double EARTH_RADIUS_M = 6_371_008.8;

    private double refLatRad;
    private double refLonRad;
    private double sinRefLat;
    private double cosRefLat;

    public void reset(double refLatDeg, double refLonDeg) {
        refLatRad = Math.toRadians(refLatDeg);
        refLonRad = Math.toRadians(refLonDeg);
        sinRefLat = Math.sin(refLatRad);
        cosRefLat = Math.cos(refLatRad);
    }

    /** Writes north (out[0]) and east (out[1]) metres of a point. */
    public void toNorthEast(double latDeg, double lonDeg, double[] out) {
        double lat = Math.toRadians(latDeg);
        double lon = Math.toRadians(lonDeg);
        double sinLat = Math.sin(lat);
        double cosLat = Math.cos(lat);
        double cosDLon = Math.cos(lon - refLonRad);
        double arg = Math.max(-1.0, Math.min(1.0, sinRefLat * sinLat + cosRefLat * cosLat * cosDLon));
        double c = Math.acos(arg);
        double k = Math.abs(c) > 1e-12 ? c / Math.sin(c) : 1.0;
        out[0] = k * (cosRefLat * sinLat - sinRefLat * cosLat * cosDLon) * EARTH_RADIUS_M;
        out[1] = k * cosLat * Math.sin(lon - refLonRad) * EARTH_RADIUS_M;
    }
}
