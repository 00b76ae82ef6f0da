package org.hoverla.core.calibration;

/**
 * Placeholder for the expected geomagnetic field strength until {@code ExpectedMagField} (World
 * Magnetic Model) arrives: a centred dipole, |B| = B0·√(1 + 3 sin² λ) with B0 = 0.30 G and λ the
 * geographic latitude. It is within about 25 % of the WMM outside the South Atlantic Anomaly,
 * which is why the check around it is wide. Swap {@link #strengthGauss} for
 * {@code ExpectedMagField.strengthGauss(lat, lon, altM, year)} at merge.
 */
final class ExpectedField {
    private static final double EQUATOR_GAUSS = 0.30;

    private ExpectedField() {
    }

    static double strengthGauss(double latDeg, double lonDeg, double altM, double year) {
        double s = Math.sin(Math.toRadians(latDeg));
        return EQUATOR_GAUSS * Math.sqrt(1.0 + 3.0 * s * s);
    }
}
