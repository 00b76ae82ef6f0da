package org.hoverla.sim.sensors;

import java.util.Locale;
import org.hoverla.core.math.Vec3;

/**
 * Known, deterministic calibration errors of the simulated sensors, for showing that a
 * calibration recovers them. All in the sensor's own axes (the simulated sensors are mounted
 * with no rotation, so these are the body FRD axes too).
 *
 * <p>The model is the inverse of the one the parameters store (PX4's {@code CAL_*}:
 * {@code corrected = M · (raw − offset)}, M symmetric): each sensor reads
 * {@code raw = D · true + offset} with D symmetric, so the exact calibration is
 * {@code offset} and {@code M = D⁻¹} ({@link #expectedAccelCorrection}). D's diagonal is the
 * scale error (1.02 reads 2 % high), its off-diagonals the (symmetric) misalignment.
 * <ul>
 *   <li>accelerometer: offset (m/s²), D;</li>
 *   <li>gyro: bias (rad/s);</li>
 *   <li>magnetometer: hard iron (gauss), soft iron S (symmetric, same role as D);</li>
 *   <li>barometer: pressure offset (Pa);</li>
 *   <li>iron near the magnetometer: a magnetised steel object fixed on the bench (a point
 *       dipole, world frame) and the magnetometer off the rotation centre, so the disturbance
 *       it sees depends on the attitude through 1/r³ and no ellipsoid fits it. Switched at run
 *       time ({@link MagSim#nearbyIron(boolean)}), off at start unless {@link #nearbyIronAtStart}.</li>
 * </ul>
 *
 * <p>Default: none (every sensor ideal); the simulated sensors then take exactly the code path
 * they took before this class existed, so earlier figures do not move. Mutable at set-up,
 * read once by the sensor constructors; not thread-safe.
 */
public final class SensorErrors {
    public final double[] accelOffsetMps2 = new double[3];
    /** D of the accelerometer, symmetric; identity = no scale or misalignment error. */
    public final double[][] accelDistortion = identity();
    public final double[] gyroBiasRadps = new double[3];
    public final double[] magHardIronGauss = new double[3];
    /** S of the magnetometer, symmetric; identity = no soft iron. */
    public final double[][] magSoftIron = identity();
    public double baroOffsetPa;

    /**
     * Dipole moment of the iron on the bench, NED (A·m²): 0.05 A·m², a magnetised screwdriver's
     * order; it gives 0.3 G at 7 cm on its axis, 0.02 G at 17 cm.
     */
    public final Vec3 ironMomentNedAm2 = new Vec3(0.05, 0.0, 0.0);
    /** Where the iron lies relative to the fixture's rotation centre, NED (m). */
    public final Vec3 ironPositionNedM = new Vec3(0.12, 0.0, 0.0);
    /** Where the magnetometer sits relative to the rotation centre, body FRD (m): a GNSS mast. */
    public final Vec3 magLeverArmFrdM = new Vec3(0.05, 0.0, 0.0);
    /** Whether the iron is near the magnetometer from the start. */
    public boolean nearbyIronAtStart;

    /** No errors. */
    public static SensorErrors none() {
        return new SensorErrors();
    }

    /**
     * The demonstration set {@code --sensor-errors demo} uses: errors of the size a six-side
     * and an ellipsoid calibration meet on real boards (accelerometer offsets of 0.1–0.3 m/s²
     * and scales within 2 %, gyro biases below 1 °/s, hard iron of a tenth of a gauss), chosen
     * different per axis so an axis mix-up shows.
     */
    public static SensorErrors demo() {
        SensorErrors e = new SensorErrors();
        e.accelOffsetMps2[0] = 0.25;
        e.accelOffsetMps2[1] = -0.18;
        e.accelOffsetMps2[2] = 0.32;
        setSymmetric(e.accelDistortion, 1.02, 0.985, 1.01, 0.004, -0.003, 0.002);
        e.gyroBiasRadps[0] = Math.toRadians(0.8);
        e.gyroBiasRadps[1] = Math.toRadians(-0.5);
        e.gyroBiasRadps[2] = Math.toRadians(0.3);
        e.magHardIronGauss[0] = 0.12;
        e.magHardIronGauss[1] = -0.08;
        e.magHardIronGauss[2] = 0.05;
        setSymmetric(e.magSoftIron, 1.05, 0.96, 1.02, 0.02, -0.01, 0.015);
        e.baroOffsetPa = 35.0;
        return e;
    }

    /** Copies every field of {@code o} into this. */
    public SensorErrors set(SensorErrors o) {
        for (int i = 0; i < 3; i++) {
            accelOffsetMps2[i] = o.accelOffsetMps2[i];
            gyroBiasRadps[i] = o.gyroBiasRadps[i];
            magHardIronGauss[i] = o.magHardIronGauss[i];
            System.arraycopy(o.accelDistortion[i], 0, accelDistortion[i], 0, 3);
            System.arraycopy(o.magSoftIron[i], 0, magSoftIron[i], 0, 3);
        }
        baroOffsetPa = o.baroOffsetPa;
        ironMomentNedAm2.set(o.ironMomentNedAm2);
        ironPositionNedM.set(o.ironPositionNedM);
        magLeverArmFrdM.set(o.magLeverArmFrdM);
        nearbyIronAtStart = o.nearbyIronAtStart;
        return this;
    }

    /** Sets the diagonal and the off-diagonals (0,1), (0,2), (1,2) of a symmetric matrix. */
    public static void setSymmetric(double[][] m, double xx, double yy, double zz, double xy, double xz, double yz) {
        m[0][0] = xx;
        m[1][1] = yy;
        m[2][2] = zz;
        m[0][1] = m[1][0] = xy;
        m[0][2] = m[2][0] = xz;
        m[1][2] = m[2][1] = yz;
    }

    public boolean hasAccelErrors() {
        return nonZero(accelOffsetMps2) || !isIdentity(accelDistortion);
    }

    public boolean hasGyroErrors() {
        return nonZero(gyroBiasRadps);
    }

    public boolean hasMagErrors() {
        return nonZero(magHardIronGauss) || !isIdentity(magSoftIron);
    }

    public boolean any() {
        return hasAccelErrors() || hasGyroErrors() || hasMagErrors() || baroOffsetPa != 0.0 || nearbyIronAtStart;
    }

    /** The exact accelerometer correction M = D⁻¹ (what CAL_ACC0_{X,Y,Z}SCALE / _ODIAG should hold). */
    public double[][] expectedAccelCorrection() {
        return invert(accelDistortion);
    }

    /** The exact soft-iron correction S⁻¹, up to the scale factor an ellipsoid fit chooses. */
    public double[][] expectedMagCorrection() {
        return invert(magSoftIron);
    }

    /**
     * The calibration parameters that undo these errors exactly, by PX4 name: CAL_ACC0_{X,Y,Z}OFF,
     * _SCALE, _ODIAG (from D⁻¹), CAL_GYRO0_{X,Y,Z}OFF, CAL_MAG0_{X,Y,Z}OFF, CAL_BARO0_OFF (the
     * magnetometer's scale is left out: an ellipsoid fit chooses its own). Before any random walk.
     */
    public java.util.Map<String, Double> expectedParameters() {
        java.util.Map<String, Double> p = new java.util.LinkedHashMap<>();
        String[] axis = {"X", "Y", "Z"};
        double[][] m = expectedAccelCorrection();
        for (int i = 0; i < 3; i++) {
            p.put("CAL_ACC0_" + axis[i] + "OFF", accelOffsetMps2[i]);
        }
        for (int i = 0; i < 3; i++) {
            p.put("CAL_ACC0_" + axis[i] + "SCALE", m[i][i]);
        }
        p.put("CAL_ACC0_XODIAG", m[0][1]);
        p.put("CAL_ACC0_YODIAG", m[0][2]);
        p.put("CAL_ACC0_ZODIAG", m[1][2]);
        for (int i = 0; i < 3; i++) {
            p.put("CAL_GYRO0_" + axis[i] + "OFF", gyroBiasRadps[i]);
        }
        for (int i = 0; i < 3; i++) {
            p.put("CAL_MAG0_" + axis[i] + "OFF", magHardIronGauss[i]);
        }
        p.put("CAL_BARO0_OFF", baroOffsetPa);
        return p;
    }

    /** The errors in a few lines, for {@code ./hoverla sim --sensor-errors}. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        double[][] m = expectedAccelCorrection();
        b.append(String.format(Locale.ROOT, "accel offset  %+.4f %+.4f %+.4f m/s2%n",
                accelOffsetMps2[0], accelOffsetMps2[1], accelOffsetMps2[2]));
        b.append(String.format(Locale.ROOT, "accel D       diag %.4f %.4f %.4f  offdiag(01,02,12) %+.4f %+.4f %+.4f%n",
                accelDistortion[0][0], accelDistortion[1][1], accelDistortion[2][2],
                accelDistortion[0][1], accelDistortion[0][2], accelDistortion[1][2]));
        b.append(String.format(Locale.ROOT, "  expected CAL_ACC0 SCALE %.5f %.5f %.5f  ODIAG %+.5f %+.5f %+.5f%n",
                m[0][0], m[1][1], m[2][2], m[0][1], m[0][2], m[1][2]));
        b.append(String.format(Locale.ROOT, "gyro bias     %+.4f %+.4f %+.4f deg/s (%+.6f %+.6f %+.6f rad/s)%n",
                Math.toDegrees(gyroBiasRadps[0]), Math.toDegrees(gyroBiasRadps[1]), Math.toDegrees(gyroBiasRadps[2]),
                gyroBiasRadps[0], gyroBiasRadps[1], gyroBiasRadps[2]));
        b.append(String.format(Locale.ROOT, "mag hard iron %+.4f %+.4f %+.4f gauss%n",
                magHardIronGauss[0], magHardIronGauss[1], magHardIronGauss[2]));
        b.append(String.format(Locale.ROOT, "mag soft iron diag %.4f %.4f %.4f  offdiag(01,02,12) %+.4f %+.4f %+.4f%n",
                magSoftIron[0][0], magSoftIron[1][1], magSoftIron[2][2],
                magSoftIron[0][1], magSoftIron[0][2], magSoftIron[1][2]));
        b.append(String.format(Locale.ROOT, "baro offset   %+.1f Pa%n", baroOffsetPa));
        b.append(String.format(Locale.ROOT, "iron near mag %s%n", nearbyIronAtStart ? "yes" : "no"));
        return b.toString();
    }

    static double[][] identity() {
        return new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    }

    private static boolean nonZero(double[] v) {
        return v[0] != 0.0 || v[1] != 0.0 || v[2] != 0.0;
    }

    private static boolean isIdentity(double[][] m) {
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (m[i][j] != (i == j ? 1.0 : 0.0)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** 3×3 inverse by the adjugate; the matrices here are near identity. */
    public static double[][] invert(double[][] a) {
        double c00 = a[1][1] * a[2][2] - a[1][2] * a[2][1];
        double c01 = a[1][2] * a[2][0] - a[1][0] * a[2][2];
        double c02 = a[1][0] * a[2][1] - a[1][1] * a[2][0];
        double det = a[0][0] * c00 + a[0][1] * c01 + a[0][2] * c02;
        if (!(Math.abs(det) > 1e-12)) {
            throw new IllegalArgumentException("singular sensor error matrix");
        }
        double[][] r = new double[3][3];
        r[0][0] = c00 / det;
        r[1][0] = c01 / det;
        r[2][0] = c02 / det;
        r[0][1] = (a[0][2] * a[2][1] - a[0][1] * a[2][2]) / det;
        r[1][1] = (a[0][0] * a[2][2] - a[0][2] * a[2][0]) / det;
        r[2][1] = (a[0][1] * a[2][0] - a[0][0] * a[2][1]) / det;
        r[0][2] = (a[0][1] * a[1][2] - a[0][2] * a[1][1]) / det;
        r[1][2] = (a[0][2] * a[1][0] - a[0][0] * a[1][2]) / det;
        r[2][2] = (a[0][0] * a[1][1] - a[0][1] * a[1][0]) / det;
        return r;
    }
}
