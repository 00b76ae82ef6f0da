package org.hoverla.core.estimation;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;

/**
 * Nonlinear complementary attitude filter with gyro-bias estimation (Mahony, Hamel, Pflimlin,
 * "Nonlinear Complementary Filters on the Special Orthogonal Group", IEEE TAC 53(5), 2008,
 * the "passive" form). Gyro rates are integrated; the accelerometer corrects roll and pitch,
 * the magnetometer corrects heading only (its horizontal projection in NED), so a magnetic
 * disturbance cannot tilt the estimate.
 *
 * <p>Correction terms, with R the FRD→NED rotation:
 * <ul>
 *   <li>accelerometer: s = R·f/|f| is the measured "up" direction in NED, e = (0,0,-1);
 *       ω_NED = k_acc · (s × e)</li>
 *   <li>magnetometer: h = horizontal part of R·m, normalised; e = (cos δ, sin δ, 0) with
 *       declination δ; ω_NED = k_mag · (h × e)</li>
 * </ul>
 * Both rotate the estimate so that the estimated world vector moves towards its reference;
 * they are mapped to body axes (Rᵀω) and added to the gyro rate. The bias integrates the
 * negative correction with gain k_i.
 *
 * <p>The accelerometer is trusted only when |f| is within a band around g: under strong
 * manoeuvring it measures acceleration, not gravity.
 *
 * <p>Pure class: no clock, bus or threads. Allocation-free after construction.
 */
public final class AttitudeFilter {
    public static final double GRAVITY_MPS2 = 9.80665;

    private final Quat q = new Quat();
    private final Vec3 gyroBiasFrdRadps = new Vec3();
    private final Vec3 correctionFrdRadps = new Vec3();
    private final Vec3 tmpA = new Vec3();
    private final Vec3 tmpB = new Vec3();
    private final Quat dq = new Quat();

    private double accelGain = 0.4;
    private double magGain = 0.3;
    private double biasGain = 0.02;
    private double maxBiasRadps = 0.1;
    private double accelTrustBandMps2 = 0.15 * GRAVITY_MPS2;
    private boolean aligned;

    public void setGains(double accelGain, double magGain, double biasGain) {
        this.accelGain = accelGain;
        this.magGain = magGain;
        this.biasGain = biasGain;
    }

    public void setMaxBiasRadps(double maxBiasRadps) {
        this.maxBiasRadps = maxBiasRadps;
    }

    public boolean isAligned() {
        return aligned;
    }

    public Quat attitude() {
        return q;
    }

    public Vec3 gyroBiasFrdRadps() {
        return gyroBiasFrdRadps;
    }

    /**
     * Initial alignment: roll and pitch from the specific force (the vehicle must be still),
     * heading from the magnetometer corrected by the declination, gyro bias from the mean gyro
     * reading while still (a still gyro reads its bias; averaging 0.2 s of samples brings the
     * bias error far below what the slow bias integrator would reach in the first minute).
     *
     * @param meanGyroFrdRadps mean gyro reading over the same still interval
     * @return false (and stays unaligned) when the inputs cannot give an attitude
     */
    public boolean align(Vec3 specificForceFrdMps2, Vec3 magFrdGauss, double declinationRad, Vec3 meanGyroFrdRadps) {
        if (!meanGyroFrdRadps.isFinite() || meanGyroFrdRadps.norm() > maxBiasRadps) {
            return false;
        }
        if (!align(specificForceFrdMps2, magFrdGauss, declinationRad)) {
            return false;
        }
        gyroBiasFrdRadps.set(meanGyroFrdRadps);
        return true;
    }

    /**
     * Initial alignment without a gyro-bias estimate: roll and pitch from the specific force
     * (the vehicle must be still), heading from the magnetometer corrected by the declination.
     *
     * @return false (and stays unaligned) when the inputs cannot give an attitude
     */
    public boolean align(Vec3 specificForceFrdMps2, Vec3 magFrdGauss, double declinationRad) {
        if (!specificForceFrdMps2.isFinite() || !magFrdGauss.isFinite() || !Double.isFinite(declinationRad)) {
            return false;
        }
        double fNorm = specificForceFrdMps2.norm();
        if (fNorm < 0.5 * GRAVITY_MPS2 || fNorm > 1.5 * GRAVITY_MPS2 || magFrdGauss.norm() < 1e-6) {
            return false;
        }
        // At rest f = R^T (0, 0, -g): roll and pitch follow (aerospace Z-Y-X convention).
        double roll = Math.atan2(-specificForceFrdMps2.y, -specificForceFrdMps2.z);
        double pitch = Math.atan2(specificForceFrdMps2.x,
                Math.sqrt(specificForceFrdMps2.y * specificForceFrdMps2.y
                        + specificForceFrdMps2.z * specificForceFrdMps2.z));
        q.setEuler(roll, pitch, 0.0);
        q.rotate(magFrdGauss, tmpA); // mag in a yaw-free level frame
        double magHeading = Math.atan2(tmpA.y, tmpA.x);
        q.setEuler(roll, pitch, declinationRad - magHeading);
        gyroBiasFrdRadps.zero();
        aligned = true;
        return true;
    }

    /**
     * Advances the estimate by one IMU interval.
     *
     * @param deltaAngleFrdRad    integrated gyro over the interval
     * @param deltaVelocityFrdMps integrated specific force over the interval
     * @param dtS                 interval length
     * @return false when the inputs were rejected (non-finite or bad dt); the state is unchanged
     */
    public boolean predict(Vec3 deltaAngleFrdRad, Vec3 deltaVelocityFrdMps, double dtS) {
        if (!aligned || !(dtS > 0.0 && dtS < 0.1) || !deltaAngleFrdRad.isFinite() || !deltaVelocityFrdMps.isFinite()) {
            return false;
        }
        correctionFrdRadps.zero();
        // Accelerometer: mean specific force over the interval.
        double fx = deltaVelocityFrdMps.x / dtS;
        double fy = deltaVelocityFrdMps.y / dtS;
        double fz = deltaVelocityFrdMps.z / dtS;
        double fNorm = Math.sqrt(fx * fx + fy * fy + fz * fz);
        if (Math.abs(fNorm - GRAVITY_MPS2) < accelTrustBandMps2) {
            tmpA.set(fx / fNorm, fy / fNorm, fz / fNorm);
            q.rotate(tmpA, tmpA); // measured up direction in NED (should be (0,0,-1))
            // s x e with e = (0,0,-1)
            tmpB.set(-tmpA.y, tmpA.x, 0.0).scale(accelGain);
            q.rotateInverse(tmpB, tmpB);
            correctionFrdRadps.add(tmpB);
        }
        applyRotation(deltaAngleFrdRad, dtS);
        return true;
    }

    /**
     * Corrects heading from one magnetometer sample.
     *
     * @param dtS time since the previous magnetometer correction (weights the gain)
     */
    public boolean fuseMag(Vec3 magFrdGauss, double declinationRad, double dtS) {
        if (!aligned || !magFrdGauss.isFinite() || !Double.isFinite(declinationRad) || !(dtS > 0.0 && dtS < 1.0)) {
            return false;
        }
        q.rotate(magFrdGauss, tmpA);
        double hNorm = tmpA.normXy();
        if (hNorm < 1e-6) {
            return false;
        }
        double hx = tmpA.x / hNorm;
        double hy = tmpA.y / hNorm;
        double ex = Math.cos(declinationRad);
        double ey = Math.sin(declinationRad);
        // h x e has only a z component for horizontal vectors.
        double zErr = hx * ey - hy * ex;
        tmpB.set(0.0, 0.0, magGain * zErr * dtS);
        q.rotateInverse(tmpB, tmpB); // rotation angle in body axes
        dq.setRotationVector(tmpB.x, tmpB.y, tmpB.z);
        q.setProduct(q, dq).normalize();
        // Heading-only bias learning: project onto the body axes the same way.
        gyroBiasFrdRadps.addScaled(tmpB, -biasGain);
        clampBias();
        return true;
    }

    private void applyRotation(Vec3 deltaAngleFrdRad, double dtS) {
        // Bias integrates the negative correction (Mahony's passive filter, Eq. 32 form).
        gyroBiasFrdRadps.addScaled(correctionFrdRadps, -biasGain * dtS);
        clampBias();
        double rx = deltaAngleFrdRad.x + (correctionFrdRadps.x - gyroBiasFrdRadps.x) * dtS;
        double ry = deltaAngleFrdRad.y + (correctionFrdRadps.y - gyroBiasFrdRadps.y) * dtS;
        double rz = deltaAngleFrdRad.z + (correctionFrdRadps.z - gyroBiasFrdRadps.z) * dtS;
        dq.setRotationVector(rx, ry, rz);
        q.setProduct(q, dq).normalize();
    }

    private void clampBias() {
        gyroBiasFrdRadps.x = clamp(gyroBiasFrdRadps.x, maxBiasRadps);
        gyroBiasFrdRadps.y = clamp(gyroBiasFrdRadps.y, maxBiasRadps);
        gyroBiasFrdRadps.z = clamp(gyroBiasFrdRadps.z, maxBiasRadps);
    }

    private static double clamp(double v, double limit) {
        return v > limit ? limit : (v < -limit ? -limit : v);
    }
}
