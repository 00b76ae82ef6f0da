package org.hoverla.core.calibration.fit;

/** Hard- and soft-iron magnetometer calibration by least-squares ellipsoid fit. Pure. */
public final class MagEllipsoidFit {
    private MagEllipsoidFit() {
    }

    /**
     * @param x,y,z raw field (sensor axes, gauss), the first {@code n} entries used
     * @throws IllegalArgumentException when the samples cannot give a fit (too few, too flat: reason in the message)
     */
    public static MagFitResult fit(double[] x, double[] y, double[] z, int n) {
        throw new UnsupportedOperationException("MagEllipsoidFit: not implemented yet");
    }
}
