package org.hoverla.core.calibration;

/**
 * Applies an accelerometer's stored calibration (the CAL_ACCn_* slot whose id is its device id,
 * PX4's model {@code corrected = M · (raw − offset)}, M symmetric from _SCALE and _ODIAG; absent
 * parameters count as no correction) and its mounting rotation to a raw reading. For the level
 * calibration, which must not measure the accelerometer's own errors as tilt.
 */
final class AccelCalibrationReader {
    private AccelCalibrationReader() {
    }

    /** @return the body-FRD specific force (m/s²) for a raw sensor-axes reading */
    static double[] bodySpecificForce(CalibrationStore store, CalibrationContext.Sensor imu,
                                      double rx, double ry, double rz) {
        double[] off = {0, 0, 0};
        double[][] m = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        for (int n = 0; n < 4; n++) {
            String p = "CAL_ACC" + n + "_";
            if (imu.deviceId() != 0 && store.read(p + "ID") == imu.deviceId()) {
                for (int a = 0; a < 3; a++) {
                    off[a] = orDefault(store.read(p + Procedure.AXES[a] + "OFF"), 0.0);
                    m[a][a] = orDefault(store.read(p + Procedure.AXES[a] + "SCALE"), 1.0);
                }
                m[0][1] = m[1][0] = orDefault(store.read(p + "XODIAG"), 0.0);
                m[0][2] = m[2][0] = orDefault(store.read(p + "YODIAG"), 0.0);
                m[1][2] = m[2][1] = orDefault(store.read(p + "ZODIAG"), 0.0);
                break;
            }
        }
        double[] d = {rx - off[0], ry - off[1], rz - off[2]};
        double[] c = new double[3];
        for (int r = 0; r < 3; r++) {
            c[r] = m[r][0] * d[0] + m[r][1] * d[1] + m[r][2] * d[2];
        }
        return new double[] {
            imu.rotation().bodyX(c[0], c[1], c[2]),
            imu.rotation().bodyY(c[0], c[1], c[2]),
            imu.rotation().bodyZ(c[0], c[1], c[2])};
    }

    private static double orDefault(double v, double absent) {
        return Double.isFinite(v) ? v : absent;
    }
}
