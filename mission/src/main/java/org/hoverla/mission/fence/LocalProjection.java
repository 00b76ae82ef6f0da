package org.hoverla.mission.fence;

/**
 * Latitude/longitude ↔ local north/east metres about a reference point: the azimuthal equidistant
 * projection on a sphere of radius {@value #EARTH_RADIUS_M} m, the same as PX4's
 * {@code MapProjection} (Snyder, <i>Map Projections — A Working Manual</i>, USGS 1987, §25).
 * Distances and bearings from the reference are exact on the sphere; elsewhere the error grows
 * with distance, well under a metre within a few kilometres, which is the scale of a fence.
 *
 * <p>Immutable. The {@code *To} methods write into a caller-owned array and do not allocate, so
 * any thread may call them, including the flight thread.
 */
public final class LocalProjection {
    /** Mean earth radius (IUGG), metres; PX4's {@code CONSTANTS_RADIUS_OF_EARTH}. */
    public static final double EARTH_RADIUS_M = 6_371_008.8;

    private final double refLatDeg;
    private final double refLonDeg;
    private final double refLonRad;
    private final double refSinLat;
    private final double refCosLat;

    /**
     * @throws IllegalArgumentException if the reference is not finite or out of range
     */
    public LocalProjection(double refLatDeg, double refLonDeg) {
        if (!(Math.abs(refLatDeg) <= 90.0) || !(Math.abs(refLonDeg) <= 180.0)) {
            throw new IllegalArgumentException(
                    "reference lat/lon out of range: " + refLatDeg + ", " + refLonDeg);
        }
        this.refLatDeg = refLatDeg;
        this.refLonDeg = refLonDeg;
        double refLatRad = Math.toRadians(refLatDeg);
        this.refLonRad = Math.toRadians(refLonDeg);
        this.refSinLat = Math.sin(refLatRad);
        this.refCosLat = Math.cos(refLatRad);
    }

    public double refLatDeg() {
        return refLatDeg;
    }

    public double refLonDeg() {
        return refLonDeg;
    }

    /** Writes {north, east} in metres of the given point into {@code outNorthEast[0..1]}. */
    public void projectTo(double latDeg, double lonDeg, double[] outNorthEast) {
        project(refSinLat, refCosLat, refLonRad, latDeg, lonDeg, outNorthEast);
    }

    /**
     * The projection itself, for callers that keep their reference in mutable fields (the mission
     * executor re-anchors on the flight thread without allocating).
     */
    public static void project(double refSinLat, double refCosLat, double refLonRad, double latDeg, double lonDeg,
                               double[] outNorthEast) {
        double latRad = Math.toRadians(latDeg);
        double dLon = Math.toRadians(lonDeg) - refLonRad;
        double sinLat = Math.sin(latRad);
        double cosLat = Math.cos(latRad);
        double cosDLon = Math.cos(dLon);
        double arg = refSinLat * sinLat + refCosLat * cosLat * cosDLon;
        arg = Math.max(-1.0, Math.min(1.0, arg));
        double c = Math.acos(arg);
        // k = c / sin(c) scales the chord-like expressions below to arc length; 1 at the reference.
        double k = Math.abs(c) > 0.0 ? c / Math.sin(c) : 1.0;
        outNorthEast[0] = k * (refCosLat * sinLat - refSinLat * cosLat * cosDLon) * EARTH_RADIUS_M;
        outNorthEast[1] = k * cosLat * Math.sin(dLon) * EARTH_RADIUS_M;
    }

    /** Writes {latDeg, lonDeg} of the point at north/east metres into {@code outLatLon[0..1]}. */
    public void reprojectTo(double northM, double eastM, double[] outLatLon) {
        double xRad = northM / EARTH_RADIUS_M;
        double yRad = eastM / EARTH_RADIUS_M;
        double c = Math.sqrt(xRad * xRad + yRad * yRad);
        if (c == 0.0) {
            outLatLon[0] = refLatDeg;
            outLatLon[1] = refLonDeg;
            return;
        }
        double sinC = Math.sin(c);
        double cosC = Math.cos(c);
        double latRad = Math.asin(cosC * refSinLat + (xRad * sinC * refCosLat) / c);
        double lonRad = refLonRad + Math.atan2(yRad * sinC, c * refCosLat * cosC - xRad * refSinLat * sinC);
        outLatLon[0] = Math.toDegrees(latRad);
        double lonDeg = Math.toDegrees(lonRad);
        // Keep the longitude in (-180, 180] across the antimeridian.
        if (lonDeg > 180.0) {
            lonDeg -= 360.0;
        } else if (lonDeg <= -180.0) {
            lonDeg += 360.0;
        }
        outLatLon[1] = lonDeg;
    }
}
