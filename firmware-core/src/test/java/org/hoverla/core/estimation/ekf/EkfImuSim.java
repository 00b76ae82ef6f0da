package org.hoverla.core.estimation.ekf;

import java.util.SplittableRandom;
import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;

/**
 * Truth trajectory and IMU model for EKF tests: constant body rate and constant NED
 * acceleration (both settable between steps), gyro/accel biases, white noise from densities,
 * seeded. Delta velocity is integrated in sub-steps so the model error is far below the
 * filter's.
 */
final class EkfImuSim {
    static final double G = Ekf.GRAVITY_MPS2;
    private static final int SUBSTEPS = 8;

    final Quat q = new Quat();
    final Vec3 vel = new Vec3();
    final Vec3 pos = new Vec3();
    final Vec3 rateFrdRadps = new Vec3();
    final Vec3 accNedMps2 = new Vec3();
    final Vec3 gyroBiasRadps = new Vec3();
    final Vec3 accelBiasMps2 = new Vec3();
    double gyroNoiseRtHz;
    double accelNoiseRtHz;
    private final SplittableRandom rnd;

    private final Quat dq = new Quat();
    private final Quat qMid = new Quat();
    private final Vec3 f = new Vec3();

    EkfImuSim(long seed) {
        rnd = new SplittableRandom(seed);
    }

    double gaussian() {
        return rnd.nextGaussian();
    }

    /** Advances the truth by dt and writes the IMU delta angle and delta velocity. */
    void step(double dt, Vec3 dAngOut, Vec3 dVelOut) {
        double h = dt / SUBSTEPS;
        dVelOut.zero();
        for (int s = 0; s < SUBSTEPS; s++) {
            qMid.setProduct(q, dq.setRotationVector(rateFrdRadps.x * h * 0.5, rateFrdRadps.y * h * 0.5,
                    rateFrdRadps.z * h * 0.5));
            f.set(accNedMps2.x, accNedMps2.y, accNedMps2.z - G);
            qMid.rotateInverse(f, f);
            dVelOut.addScaled(f, h);
            q.setProduct(q, dq.setRotationVector(rateFrdRadps.x * h, rateFrdRadps.y * h, rateFrdRadps.z * h))
                    .normalize();
        }
        pos.addScaled(vel, dt).addScaled(accNedMps2, 0.5 * dt * dt);
        vel.addScaled(accNedMps2, dt);
        double sg = gyroNoiseRtHz * Math.sqrt(dt);
        double sa = accelNoiseRtHz * Math.sqrt(dt);
        dAngOut.set(rateFrdRadps).add(gyroBiasRadps).scale(dt);
        dAngOut.x += sg * rnd.nextGaussian();
        dAngOut.y += sg * rnd.nextGaussian();
        dAngOut.z += sg * rnd.nextGaussian();
        dVelOut.addScaled(accelBiasMps2, dt);
        dVelOut.x += sa * rnd.nextGaussian();
        dVelOut.y += sa * rnd.nextGaussian();
        dVelOut.z += sa * rnd.nextGaussian();
    }
}
