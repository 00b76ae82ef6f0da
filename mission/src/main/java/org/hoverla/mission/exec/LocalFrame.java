package org.hoverla.mission.exec;

import org.hoverla.mission.fence.LocalProjection;

/**
 * A re-anchorable {@link LocalProjection}: the same projection (azimuthal equidistant, as PX4's
 * map projection), with a reference the executor can move on the flight thread without
 * allocating. Writes into a caller array.
 */
public final class LocalFrame {
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
        LocalProjection.project(sinRefLat, cosRefLat, refLonRad, latDeg, lonDeg, out);
    }
}
