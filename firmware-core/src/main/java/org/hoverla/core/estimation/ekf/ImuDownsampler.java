package org.hoverla.core.estimation.ekf;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;

/**
 * Sums consecutive IMU delta angles and delta velocities into one longer interval for
 * {@link Ekf#predict}, so the EKF (whose covariance prediction is the expensive part) runs
 * slower than the IMU (PX4 ekf2's {@code ImuDownSampler}, which brings 1 kHz+ IMU data to a
 * 100 Hz EKF).
 *
 * <p>With q_a the rotation from the interval's start frame to the current body frame (q_a = 1
 * at the start), each sample adds
 * <pre>
 *   Δv_s += R(q_a)(Δv_i + ½ Δθ_i × Δv_i),   q_a ← q_a ⊗ Exp(Δθ_i)
 * </pre>
 * so Δv_s is the velocity increment in the start frame with each sample's own first-order
 * rotation correction (the same term {@link Ekf#predict} applies), and Δθ = Log(q_a). Since
 * {@link Ekf#predict} adds ½ Δθ × Δv to what it is given, {@link #take} hands it
 * Δv = Δv_s − ½ Δθ × Δv_s (equal to first order), not Δv_s. Allocation-free; one thread.
 */
public final class ImuDownsampler {
    private final Quat qa = new Quat();
    private final Quat dq = new Quat();
    private final Vec3 dv = new Vec3();
    private final Vec3 tmp = new Vec3();
    private double dtS;
    private int samples;

    /** Adds one sample (already validated: finite, Δt in (0, 1] s). */
    public void add(Vec3 deltaAngleFrdRad, Vec3 deltaVelocityFrdMps, double dt) {
        tmp.setCross(deltaAngleFrdRad, deltaVelocityFrdMps).scale(0.5).add(deltaVelocityFrdMps);
        qa.rotate(tmp, tmp);
        dv.add(tmp);
        dq.setRotationVector(deltaAngleFrdRad.x, deltaAngleFrdRad.y, deltaAngleFrdRad.z);
        qa.setProduct(qa, dq).normalize();
        dtS += dt;
        samples++;
    }

    /** Accumulated interval (s). */
    public double dtS() {
        return dtS;
    }

    public int samples() {
        return samples;
    }

    /** Writes the accumulated increments in the form {@link Ekf#predict} takes and starts over. */
    public void take(Vec3 deltaAngleOut, Vec3 deltaVelocityOut) {
        qa.toRotationVector(deltaAngleOut);
        tmp.setCross(deltaAngleOut, dv).scale(-0.5).add(dv);
        deltaVelocityOut.set(tmp);
        clear();
    }

    public void clear() {
        qa.setIdentity();
        dv.zero();
        dtS = 0.0;
        samples = 0;
    }
}
