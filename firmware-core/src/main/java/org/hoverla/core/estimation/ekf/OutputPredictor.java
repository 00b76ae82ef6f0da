package org.hoverla.core.estimation.ekf;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;

/**
 * Delayed fusion horizon and output predictor for the {@link Ekf} (PX4 ekf2 architecture:
 * {@code Ekf::calculateOutputStates} and {@code applyCorrectionToOutputBuffer} in
 * {@code src/modules/ekf2/EKF/output_predictor}; Khosravian et al., "Recursive attitude
 * estimation in the presence of multi-rate and multi-delay vector measurements", ACC 2015,
 * which the PX4 attitude correction follows).
 *
 * <h2>Why</h2>
 * GNSS (~100 ms), and to a lesser degree baro and magnetometer, arrive late. Fusing a late
 * measurement into a filter that runs at the current time compares it with the wrong state. Here
 * the EKF runs {@code delay} behind: every IMU sample is buffered, and the EKF predicts with a
 * sample only when it is {@code delay} old, so when a measurement with sample time t is fused
 * the EKF state is the one at t (to one IMU interval). The controllers need the state
 * <em>now</em>, so this class also keeps an <em>output</em> state propagated with every IMU
 * sample as it arrives (same kinematics as {@link Ekf#predict}, with the EKF's current biases)
 * and pulls it toward the delayed EKF state.
 *
 * <h2>Buffer</h2>
 * One fixed ring of IMU samples not yet used by the EKF; each entry also holds the output state
 * right after that sample. {@link #push} adds the newest sample and propagates the output;
 * {@link #popDelayed} hands the EKF the oldest sample once it is older than the horizon (or when
 * the ring is nearly full: counted in {@link #horizonOverruns()}); the popped entry's output
 * state is the "delayed output" that {@link #correct} compares with the EKF after its
 * predict and fusions.
 *
 * <h2>Output propagation (each pushed sample, Δθ, Δv over Δt)</h2>
 * <pre>
 *   Δθ' = Δθ − b_g Δt + δθ_c        Δv' = Δv − b_a Δt
 *   v⁺ = v + R(q)(Δv' + ½ Δθ' × Δv') + g Δt,   p⁺ = p + ½ (v + v⁺) Δt,   q⁺ = q ⊗ Exp(Δθ')
 * </pre>
 *
 * <h2>Correction (each EKF step of length Δt_e, output state o at the delayed time; Δt the IMU interval)</h2>
 * <pre>
 *   q_err = q_ekfᶜ ⊗ q_o,  e_θ = −2 sgn(q_err,w) q_err,xyz       (rotation from output to EKF)
 *   δθ_c = e_θ · ½ Δt / max(t_now − t_delayed, Δt)           (added to every later Δθ')
 *   k_v = Δt_e / τ_v,   k_p = Δt_e / τ_p                        (τ clamped to [Δt_e, 10 s])
 *   e_v = v_ekf − v_o,  I_v += e_v,  c_v = k_v e_v + 0.1 k_v² I_v   (same for position)
 *   c_v, c_p added to every buffered output entry and to the output now.
 * </pre>
 * The attitude gain makes the output attitude converge with a time constant of about twice the
 * delay; τ_v, τ_p (PX4 EKF2_TAU_VEL / EKF2_TAU_POS, 0.25 s) set the velocity and position ones.
 * An EKF jump that is not an estimate (a reset) is passed on unfiltered with {@link #applyReset}.
 *
 * <h2>Contract</h2>
 * Pure and allocation-free after construction; one thread. Invalid input is rejected and
 * counted, never thrown: non-finite increments or Δt outside (0, 1] s ({@link #rejectedInvalid()}),
 * a sample time not after the previous one ({@link #rejectedOutOfOrder()}), a push into a full
 * ring ({@link #overflows()}; cannot happen when every push is followed by draining
 * {@link #popDelayed}).
 */
public final class OutputPredictor {
    private final int capacity;
    private final long[] time;
    private final double[] dtS;
    private final double[] dAng;
    private final double[] dVel;
    private final double[] outQ;
    private final double[] outV;
    private final double[] outP;
    private int head;
    private int count;

    private boolean initialised;
    private long timeNs = Long.MIN_VALUE;
    private double lastDtS = 0.004;
    private final Quat q = new Quat();
    private final Vec3 vel = new Vec3();
    private final Vec3 pos = new Vec3();
    private final Vec3 accNed = new Vec3();

    private long delayedTimeNs = Long.MIN_VALUE;
    private double delayedDtS;
    private final Quat delayedQ = new Quat();
    private final Vec3 delayedVel = new Vec3();
    private final Vec3 delayedPos = new Vec3();

    private final Vec3 angCorr = new Vec3();
    private final Vec3 velErrInteg = new Vec3();
    private final Vec3 posErrInteg = new Vec3();
    private double tauVelS = 0.25;
    private double tauPosS = 0.25;

    private final Quat dq = new Quat();
    private final Quat qErr = new Quat();
    private final Vec3 a = new Vec3();
    private final Vec3 v = new Vec3();
    private final Vec3 tmp = new Vec3();
    private final Vec3 velPrev = new Vec3();

    private long rejectedInvalid;
    private long rejectedOutOfOrder;
    private long overflows;
    private long horizonOverruns;

    /** @param capacity IMU samples the ring holds: at least delay × IMU rate + 2 */
    public OutputPredictor(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2");
        }
        this.capacity = capacity;
        time = new long[capacity];
        dtS = new double[capacity];
        dAng = new double[3 * capacity];
        dVel = new double[3 * capacity];
        outQ = new double[4 * capacity];
        outV = new double[3 * capacity];
        outP = new double[3 * capacity];
    }

    /** PX4 EKF2_TAU_VEL / EKF2_TAU_POS (s); clamped at use to [EKF step, 10 s]. */
    public void setTimeConstants(double tauVelS, double tauPosS) {
        if (tauVelS > 0.0 && tauPosS > 0.0) {
            this.tauVelS = tauVelS;
            this.tauPosS = tauPosS;
        }
    }

    /** Starts the output (and the delayed state) at the EKF state of time {@code timeNs}; empties the ring. */
    public void reset(Quat attitude, Vec3 velNedMps, Vec3 posNedM, long timeNs) {
        q.set(attitude).normalize();
        vel.set(velNedMps);
        pos.set(posNedM);
        accNed.zero();
        delayedQ.set(q);
        delayedVel.set(vel);
        delayedPos.set(pos);
        this.timeNs = timeNs;
        delayedTimeNs = timeNs;
        head = 0;
        count = 0;
        angCorr.zero();
        velErrInteg.zero();
        posErrInteg.zero();
        initialised = true;
    }

    /**
     * Buffers one IMU sample and propagates the output state to its time.
     *
     * @param gyroBias  the EKF's gyro bias estimate (rad/s, FRD)
     * @param accelBias the EKF's accelerometer bias estimate (m/s², FRD)
     * @return false (nothing changed, counted) when not reset yet, invalid, out of order or full
     */
    public boolean push(long sampleTimeNs, Vec3 deltaAngleFrdRad, Vec3 deltaVelocityFrdMps, double dt,
                        Vec3 gyroBias, Vec3 accelBias) {
        if (!initialised || !deltaAngleFrdRad.isFinite() || !deltaVelocityFrdMps.isFinite() || !(dt > 0.0)
                || dt > 1.0 || !gyroBias.isFinite() || !accelBias.isFinite()) {
            rejectedInvalid++;
            return false;
        }
        if (sampleTimeNs <= timeNs) {
            rejectedOutOfOrder++;
            return false;
        }
        if (count == capacity) {
            overflows++;
            return false;
        }
        // Output kinematics: as Ekf.predict, plus the attitude correction.
        a.set(deltaAngleFrdRad).addScaled(gyroBias, -dt).add(angCorr);
        v.set(deltaVelocityFrdMps).addScaled(accelBias, -dt);
        tmp.setCross(a, v).scale(0.5).add(v);
        q.rotate(tmp, tmp);
        velPrev.set(vel);
        vel.add(tmp);
        vel.z += Ekf.GRAVITY_MPS2 * dt;
        pos.x += 0.5 * (velPrev.x + vel.x) * dt;
        pos.y += 0.5 * (velPrev.y + vel.y) * dt;
        pos.z += 0.5 * (velPrev.z + vel.z) * dt;
        dq.setRotationVector(a.x, a.y, a.z);
        q.setProduct(q, dq).normalize();
        accNed.setSub(vel, velPrev).scale(1.0 / dt);
        timeNs = sampleTimeNs;
        lastDtS = dt;

        int i = (head + count) % capacity;
        count++;
        time[i] = sampleTimeNs;
        dtS[i] = dt;
        put3(dAng, i, deltaAngleFrdRad);
        put3(dVel, i, deltaVelocityFrdMps);
        outQ[4 * i] = q.w;
        outQ[4 * i + 1] = q.x;
        outQ[4 * i + 2] = q.y;
        outQ[4 * i + 3] = q.z;
        put3(outV, i, vel);
        put3(outP, i, pos);
        return true;
    }

    /**
     * Removes the oldest buffered sample if its time is at or before {@code horizonNs} (or if the
     * ring is nearly full, counted as a horizon overrun) and writes its raw increments; its time
     * and Δt are then {@link #delayedTimeNs()} and {@link #delayedDtS()}.
     */
    public boolean popDelayed(long horizonNs, Vec3 deltaAngleOut, Vec3 deltaVelocityOut) {
        if (count == 0) {
            return false;
        }
        int i = head;
        if (time[i] > horizonNs) {
            if (count < capacity - 1) {
                return false;
            }
            horizonOverruns++;
        }
        deltaAngleOut.set(dAng[3 * i], dAng[3 * i + 1], dAng[3 * i + 2]);
        deltaVelocityOut.set(dVel[3 * i], dVel[3 * i + 1], dVel[3 * i + 2]);
        delayedTimeNs = time[i];
        delayedDtS = dtS[i];
        delayedQ.set(outQ[4 * i], outQ[4 * i + 1], outQ[4 * i + 2], outQ[4 * i + 3]);
        delayedVel.set(outV[3 * i], outV[3 * i + 1], outV[3 * i + 2]);
        delayedPos.set(outP[3 * i], outP[3 * i + 1], outP[3 * i + 2]);
        head = (head + 1) % capacity;
        count--;
        return true;
    }

    /**
     * Complementary correction of the output toward the EKF state at the delayed time (after
     * the EKF predicted with the last popped sample and fused what was due).
     */
    public void correct(Quat ekfAttitude, Vec3 ekfVelNedMps, Vec3 ekfPosNedM) {
        correct(ekfAttitude, ekfVelNedMps, ekfPosNedM, delayedDtS);
    }

    /** As {@link #correct(Quat, Vec3, Vec3)} for an EKF that predicts every {@code ekfDtS} (several IMU samples). */
    public void correct(Quat ekfAttitude, Vec3 ekfVelNedMps, Vec3 ekfPosNedM, double ekfDtS) {
        if (!initialised || !ekfAttitude.isFinite() || !ekfVelNedMps.isFinite() || !ekfPosNedM.isFinite()) {
            rejectedInvalid++;
            return;
        }
        double dtE = ekfDtS > 0.0 ? ekfDtS : lastDtS;
        // Attitude: the rotation from the delayed output to the EKF, a fraction per IMU sample.
        qErr.setConjProduct(ekfAttitude, delayedQ);
        double s = qErr.w >= 0.0 ? -2.0 : 2.0;
        double delayS = Math.max((timeNs - delayedTimeNs) * 1e-9, lastDtS);
        double attGain = 0.5 * lastDtS / delayS;
        angCorr.set(s * qErr.x, s * qErr.y, s * qErr.z).scale(attGain);

        double kv = dtE / Math.min(Math.max(tauVelS, dtE), 10.0);
        double kp = dtE / Math.min(Math.max(tauPosS, dtE), 10.0);
        tmp.setSub(ekfVelNedMps, delayedVel);
        velErrInteg.add(tmp);
        double cvx = kv * tmp.x + 0.1 * kv * kv * velErrInteg.x;
        double cvy = kv * tmp.y + 0.1 * kv * kv * velErrInteg.y;
        double cvz = kv * tmp.z + 0.1 * kv * kv * velErrInteg.z;
        tmp.setSub(ekfPosNedM, delayedPos);
        posErrInteg.add(tmp);
        double cpx = kp * tmp.x + 0.1 * kp * kp * posErrInteg.x;
        double cpy = kp * tmp.y + 0.1 * kp * kp * posErrInteg.y;
        double cpz = kp * tmp.z + 0.1 * kp * kp * posErrInteg.z;
        shift(cpx, cpy, cpz, cvx, cvy, cvz);
    }

    /** Passes an EKF reset (a jump of the delayed position/velocity) to the output unfiltered. */
    public void applyReset(double dPosN, double dPosE, double dPosD, double dVelN, double dVelE, double dVelD) {
        shift(dPosN, dPosE, dPosD, dVelN, dVelE, dVelD);
        delayedPos.x += dPosN;
        delayedPos.y += dPosE;
        delayedPos.z += dPosD;
        delayedVel.x += dVelN;
        delayedVel.y += dVelE;
        delayedVel.z += dVelD;
    }

    private void shift(double px, double py, double pz, double vx, double vy, double vz) {
        int i = head;
        for (int k = 0; k < count; k++, i = i + 1 == capacity ? 0 : i + 1) {
            outP[3 * i] += px;
            outP[3 * i + 1] += py;
            outP[3 * i + 2] += pz;
            outV[3 * i] += vx;
            outV[3 * i + 1] += vy;
            outV[3 * i + 2] += vz;
        }
        pos.x += px;
        pos.y += py;
        pos.z += pz;
        vel.x += vx;
        vel.y += vy;
        vel.z += vz;
    }

    private static void put3(double[] arr, int i, Vec3 value) {
        arr[3 * i] = value.x;
        arr[3 * i + 1] = value.y;
        arr[3 * i + 2] = value.z;
    }

    public boolean isInitialised() {
        return initialised;
    }

    /** Output attitude now (FRD → NED). */
    public Quat attitude(Quat out) {
        return out.set(q);
    }

    public Vec3 velocityNed(Vec3 out) {
        return out.set(vel);
    }

    public Vec3 positionNed(Vec3 out) {
        return out.set(pos);
    }

    /** Kinematic acceleration (NED, m/s², gravity removed) over the last pushed sample. */
    public Vec3 accelerationNed(Vec3 out) {
        return out.set(accNed);
    }

    /** Time of the newest pushed sample (the output's time). */
    public long timeNs() {
        return timeNs;
    }

    /** Time of the last sample handed to the EKF (the fusion horizon), or the reset time. */
    public long delayedTimeNs() {
        return delayedTimeNs;
    }

    public double delayedDtS() {
        return delayedDtS;
    }

    public int buffered() {
        return count;
    }

    public int capacity() {
        return capacity;
    }

    public long rejectedInvalid() {
        return rejectedInvalid;
    }

    public long rejectedOutOfOrder() {
        return rejectedOutOfOrder;
    }

    public long overflows() {
        return overflows;
    }

    public long horizonOverruns() {
        return horizonOverruns;
    }
}
