package org.hoverla.mission.plan;

/**
 * A home position: the planned home of a plan file, or the vehicle's home when validating.
 * Immutable; any thread.
 *
 * @param latDegE7 latitude, degE7
 * @param lonDegE7 longitude, degE7
 * @param altAmslM altitude above mean sea level, metres
 */
public record HomePosition(int latDegE7, int lonDegE7, float altAmslM) {
    public double latDeg() {
        return latDegE7 * 1e-7;
    }

    public double lonDeg() {
        return lonDegE7 * 1e-7;
    }
}
