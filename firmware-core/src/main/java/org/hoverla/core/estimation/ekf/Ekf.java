package org.hoverla.core.estimation.ekf;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;

/**
 * Error-state extended Kalman filter (ESKF) for a multicopter: 21 error states, IMU-driven
 * prediction, sequential scalar measurement updates with innovation gating.
 *
 * <h2>Reference</h2>
 * J. Solà, "Quaternion kinematics for the error-state Kalman filter", arXiv:1711.02508, 2017.
 * Equation numbers below follow that report (v1, Nov 2017); section numbers are given too so
 * a reader with another revision can find them. Only the reset numbers (284–286) were
 * cross-checked against a second source; re-check the others against the PDF.
 * We use the <em>local</em> (body-frame) attitude error, Solà §5.3 ("ESKF with IMU-driven
 * system kinematics", discrete time §5.4), without the gravity state (gravity is known:
 * 9.80665 m/s² down).
 *
 * <h2>State</h2>
 * Nominal state x (kept as fields):
 * <ul>
 *   <li>q — attitude quaternion, rotates FRD body vectors into NED;</li>
 *   <li>v — NED velocity (m/s); p — NED position (m) relative to the local origin;</li>
 *   <li>b_g — gyro bias (rad/s, FRD); b_a — accelerometer bias (m/s², FRD);</li>
 *   <li>m_E — earth magnetic field (gauss, NED); b_m — magnetometer bias, hard iron (gauss, FRD).</li>
 * </ul>
 * Error state δx (21, the covariance P is over it), index order:
 * <pre>
 *   0..2  δθ   attitude error, body frame: q_true = q ⊗ Exp(δθ)       (Solà §5.3, local error)
 *   3..5  δv   NED velocity error (m/s)
 *   6..8  δp   NED position error (m)
 *   9..11 δb_g gyro bias error (rad/s)
 *  12..14 δb_a accelerometer bias error (m/s²)
 *  15..17 δm_E earth magnetic field error, NED (gauss)
 *  18..20 δb_m magnetometer body-frame bias error, FRD (gauss)
 * </pre>
 * Not modelled yet: wind, gravity error, IMU scale factors, soft iron (a 3×3 matrix on b_m's
 * side; calibrated away before the filter, as in PX4).
 *
 * <h2>Prediction</h2>
 * With delta angle Δθ_m and delta velocity Δv_m over Δt (FRD, from the IMU, already
 * integrated by the driver/frontend), the corrected increments are
 * Δθ = Δθ_m − b_g Δt and Δv = Δv_m − b_a Δt. Nominal kinematics (Solà eq. 259, written
 * with increments instead of rates a_m Δt, ω_m Δt):
 * <pre>
 *   v⁺ = v + R(q)·(Δv + ½ Δθ × Δv) + g Δt        (½ Δθ×Δv: first-order rotation correction,
 *                                                 the midpoint attitude of the step)
 *   p⁺ = p + ½ (v + v⁺) Δt                        (exact for constant acceleration)
 *   q⁺ = q ⊗ Exp(Δθ)                              (then renormalised)
 * </pre>
 * Error kinematics (Solà eq. 260) give the transition Jacobian F_x (eq. 269), with R = R(q)
 * at the start of the step:
 * <pre>
 *   δθ⁺  = Rᵀ{Δθ} δθ − Δt δb_g + θ_i
 *   δv⁺  = δv − R [Δv]ₓ δθ − R Δt δb_a + v_i
 *   δp⁺  = δp + Δt δv (+ ½Δt times the δθ and δb_a terms of the δv row: trapezoid position)
 *   δb_g⁺ = δb_g + ω_i ;  δb_a⁺ = δb_a + a_i
 *   δm_E⁺ = δm_E + m_i ;  δb_m⁺ = δb_m + b_i        (random walks: F is the identity there,
 *                                                    as in PX4 ekf2's mag_I / mag_B states)
 * </pre>
 * and P⁺ = F_x P F_xᵀ + F_i Q_i F_iᵀ (eq. 268) with F_i selecting the four noise blocks and
 * Q_i (eq. 271) built from continuous noise densities:
 * <pre>
 *   θ_i: σ_gyro² Δt · I   v_i: σ_acc² Δt · I   ω_i: σ_gyroBiasRw² Δt · I   a_i: σ_accBiasRw² Δt · I
 *   m_i: σ_magE² Δt · I   b_i: σ_magB² Δt · I
 * </pre>
 * (Solà writes σ_ω̃n² Δt² with σ a discrete per-sample standard deviation; with a density
 * σ_d, σ_ω̃n² = σ_d²/Δt, which gives the forms above.)
 *
 * <h2>Updates</h2>
 * Every measurement is processed as a sequence of scalar updates (independent noise), each
 * with H an N-element row (Solà §6.1.1, eq. 272–278, H = H_x X_δx):
 * <pre>
 *   S = H P Hᵀ + r,  K = P Hᵀ / S,  δx̂ = K y
 *   P ← (I − K H) P (I − K H)ᵀ + r K Kᵀ              (Joseph form, the symmetric and
 *                                                      stabler alternative to eq. 274)
 * </pre>
 * then δx̂ is injected into the nominal state (§6.2, eq. 282–283: q ← q ⊗ Exp(δθ), others
 * additive) and the error is reset (§6.3, eq. 284–286: δx̂ ← 0, P ← G P Gᵀ) with
 * G = I − [½ δθ]ₓ on the attitude block (§6.3.1).
 *
 * <h2>Magnetometer</h2>
 * Three-axis model (as Solà §6.1's h(x) with the local attitude error): the field measured in
 * the body frame is the earth field rotated into it plus the hard-iron bias,
 * <pre>
 *   m = R(q)ᵀ m_E + b_m + ν,   ν ~ N(0, σ_m² I)
 * </pre>
 * With q_true = q ⊗ Exp(δθ), R(q ⊗ Exp(δθ))ᵀ = Exp(δθ)ᵀ R(q)ᵀ ≈ (I − [δθ]ₓ) R(q)ᵀ, so with
 * u = R(q)ᵀ m_E
 * <pre>
 *   m(δθ) ≈ u − [δθ]ₓ u = u + [u]ₓ δθ  ⇒  ∂m/∂δθ = [u]ₓ,   ∂m/∂δm_E = R(q)ᵀ,   ∂m/∂δb_m = I
 *   H = [ [u]ₓ | 0₃ | 0₃ | 0₃ | 0₃ | R(q)ᵀ | I₃ ]        (3 × 21; zero on v, p, b_g, b_a)
 * </pre>
 * fused as three scalar rows (independent axis noise), each re-linearised on the state the
 * previous row left, all three gated first. Initialisation ({@link #resetMagField}) inverts the
 * model for one sample with b_m = 0: m_E = R(q)(m − b_m), whose error to first order is
 * <pre>
 *   δm_E = −R [m − b_m]ₓ δθ − R δb_m − R ν
 * </pre>
 * so with A = −R [m]ₓ: P_E,x = A P_θ,x for every other state x, P_EE = A P_θθ Aᵀ + (σ_b² + σ_m²) I,
 * P_E,b = −σ_b² R, P_bb = σ_b² I. The field then starts exactly as uncertain as the yaw and the
 * unknown bias make it; rotating the vehicle separates b_m (constant in the body) from
 * R(q)ᵀ m_E (turning with it). Declination ({@link #fuseMagDeclination}) pins the horizontal
 * direction of m_E, which otherwise turns together with the yaw unobserved. Heading fusion
 * ({@link #fuseHeading}) has H zero on the magnetic states.
 *
 * <p>Gating: the test ratio of a component is y² / (γ² S) with γ the gate in standard
 * deviations ({@link Config#gateSigma()}); a ratio above 1 rejects the whole measurement
 * (all components are tested with the prior covariance before any is fused).
 *
 * <p>Numerical hygiene: P is symmetrised after every operation; variances are clamped to
 * per-group bounds by congruence (row/column scaling) when too large and by adding to the
 * diagonal when too small, both of which keep P positive definite; an update whose result is
 * not finite is discarded, so the state never holds NaN. Biases are clamped to configured
 * limits.
 *
 * <h2>Contract</h2>
 * Called from one thread (the flight thread's estimator task). Allocation-free after
 * construction. Accessors copy into caller-owned objects.
 */
public final class Ekf {
    /** Standard gravity (m/s²), down in NED. */
    public static final double GRAVITY_MPS2 = 9.80665;
    /** Number of error states. */
    public static final int N = 21;
    public static final int ATT = 0;
    public static final int VEL = 3;
    public static final int POS = 6;
    public static final int GYRO_BIAS = 9;
    public static final int ACCEL_BIAS = 12;
    /** Earth magnetic field, NED (gauss). */
    public static final int MAG_EARTH = 15;
    /** Magnetometer body-frame bias (hard iron), FRD (gauss). */
    public static final int MAG_BODY = 18;

    /**
     * Noise model, initial uncertainty and numeric limits. Units as in the component names
     * ({@code RtHz} = per √Hz). Defaults ({@link #defaults()}) are sized for a hobby-grade
     * MEMS IMU on a vibrating multicopter, and match PX4 ekf2 defaults when PX4's per-sample
     * values (at ~100 Hz) are converted to densities:
     *
     * @param gyroNoiseRadpsRtHz     gyro white noise density; default 1.5e-3 rad/s/√Hz
     *                               (≈ 0.015 rad/s over 100 Hz, PX4 EKF2_GYR_NOISE)
     * @param accelNoiseMps2RtHz     accelerometer white noise density; default 0.035 m/s²/√Hz
     *                               (≈ 0.35 m/s² over 100 Hz, PX4 EKF2_ACC_NOISE)
     * @param gyroBiasRwRadps2RtHz   gyro bias random walk; default 1e-4 rad/s²/√Hz
     * @param accelBiasRwMps3RtHz    accelerometer bias random walk; default 3e-3 m/s³/√Hz
     * @param initAttStdRad          initial roll/pitch std dev; default 0.1 rad
     * @param initYawStdRad          initial yaw std dev; default 0.5 rad
     * @param initVelStdMps          initial velocity std dev; default 0.5 m/s
     * @param initPosStdM            initial position std dev; default 1 m
     * @param initGyroBiasStdRadps   initial gyro bias std dev; default 0.01 rad/s
     * @param initAccelBiasStdMps2   initial accelerometer bias std dev; default 0.2 m/s²
     * @param gateSigma              innovation gate in standard deviations; default 5
     * @param maxGyroBiasRadps       gyro bias estimate clamp; default 0.2 rad/s
     * @param maxAccelBiasMps2       accelerometer bias estimate clamp; default 1.5 m/s²
     * @param maxPosVarM2            position variance ceiling; default 1e6 m² (1 km σ)
     * @param maxVelVarM2ps2         velocity variance ceiling; default 1e4 (m/s)²
     * @param magEarthNoiseGaussPerSRtHz earth-field random walk density; default 1e-4 G/√s (PX4
     *                               EKF2_MAG_E_NOISE = 1e-3 G/s, applied by PX4 as a per-step
     *                               σ = n·Δt at Δt = 0.01 s: σ_d = n·√Δt)
     * @param magBodyNoiseGaussPerSRtHz body-bias random walk density; default 1e-5 G/√s (PX4
     *                               EKF2_MAG_B_NOISE = 1e-4 G/s, converted the same way)
     * @param initMagBodyStdGauss    body-bias std dev set by {@link #resetMagField}; default 0.1 G
     */
    public record Config(
            double gyroNoiseRadpsRtHz,
            double accelNoiseMps2RtHz,
            double gyroBiasRwRadps2RtHz,
            double accelBiasRwMps3RtHz,
            double initAttStdRad,
            double initYawStdRad,
            double initVelStdMps,
            double initPosStdM,
            double initGyroBiasStdRadps,
            double initAccelBiasStdMps2,
            double gateSigma,
            double maxGyroBiasRadps,
            double maxAccelBiasMps2,
            double maxPosVarM2,
            double maxVelVarM2ps2,
            double magEarthNoiseGaussPerSRtHz,
            double magBodyNoiseGaussPerSRtHz,
            double initMagBodyStdGauss) {

        public Config {
            requirePositive(gyroNoiseRadpsRtHz, "gyroNoiseRadpsRtHz");
            requirePositive(accelNoiseMps2RtHz, "accelNoiseMps2RtHz");
            requirePositive(gyroBiasRwRadps2RtHz, "gyroBiasRwRadps2RtHz");
            requirePositive(accelBiasRwMps3RtHz, "accelBiasRwMps3RtHz");
            requirePositive(initAttStdRad, "initAttStdRad");
            requirePositive(initYawStdRad, "initYawStdRad");
            requirePositive(initVelStdMps, "initVelStdMps");
            requirePositive(initPosStdM, "initPosStdM");
            requirePositive(initGyroBiasStdRadps, "initGyroBiasStdRadps");
            requirePositive(initAccelBiasStdMps2, "initAccelBiasStdMps2");
            requirePositive(gateSigma, "gateSigma");
            requirePositive(maxGyroBiasRadps, "maxGyroBiasRadps");
            requirePositive(maxAccelBiasMps2, "maxAccelBiasMps2");
            requirePositive(maxPosVarM2, "maxPosVarM2");
            requirePositive(maxVelVarM2ps2, "maxVelVarM2ps2");
            requirePositive(magEarthNoiseGaussPerSRtHz, "magEarthNoiseGaussPerSRtHz");
            requirePositive(magBodyNoiseGaussPerSRtHz, "magBodyNoiseGaussPerSRtHz");
            requirePositive(initMagBodyStdGauss, "initMagBodyStdGauss");
        }

        /** The 15-state configuration with the default magnetic-field noise ({@link #defaults()}). */
        public Config(double gyroNoiseRadpsRtHz, double accelNoiseMps2RtHz, double gyroBiasRwRadps2RtHz,
                      double accelBiasRwMps3RtHz, double initAttStdRad, double initYawStdRad, double initVelStdMps,
                      double initPosStdM, double initGyroBiasStdRadps, double initAccelBiasStdMps2,
                      double gateSigma, double maxGyroBiasRadps, double maxAccelBiasMps2, double maxPosVarM2,
                      double maxVelVarM2ps2) {
            this(gyroNoiseRadpsRtHz, accelNoiseMps2RtHz, gyroBiasRwRadps2RtHz, accelBiasRwMps3RtHz,
                    initAttStdRad, initYawStdRad, initVelStdMps, initPosStdM, initGyroBiasStdRadps,
                    initAccelBiasStdMps2, gateSigma, maxGyroBiasRadps, maxAccelBiasMps2, maxPosVarM2,
                    maxVelVarM2ps2, DEFAULT_MAG_EARTH_NOISE, DEFAULT_MAG_BODY_NOISE, DEFAULT_INIT_MAG_BODY_STD);
        }

        public static Config defaults() {
            return new Config(1.5e-3, 0.035, 1e-4, 3e-3,
                    0.1, 0.5, 0.5, 1.0, 0.01, 0.2,
                    5.0, 0.2, 1.5, 1e6, 1e4);
        }

        public Config withGateSigma(double sigma) {
            return new Config(gyroNoiseRadpsRtHz, accelNoiseMps2RtHz, gyroBiasRwRadps2RtHz, accelBiasRwMps3RtHz,
                    initAttStdRad, initYawStdRad, initVelStdMps, initPosStdM, initGyroBiasStdRadps,
                    initAccelBiasStdMps2, sigma, maxGyroBiasRadps, maxAccelBiasMps2, maxPosVarM2, maxVelVarM2ps2,
                    magEarthNoiseGaussPerSRtHz, magBodyNoiseGaussPerSRtHz, initMagBodyStdGauss);
        }

        public Config withInitialBiasStd(double gyroRadps, double accelMps2) {
            return new Config(gyroNoiseRadpsRtHz, accelNoiseMps2RtHz, gyroBiasRwRadps2RtHz, accelBiasRwMps3RtHz,
                    initAttStdRad, initYawStdRad, initVelStdMps, initPosStdM, gyroRadps,
                    accelMps2, gateSigma, maxGyroBiasRadps, maxAccelBiasMps2, maxPosVarM2, maxVelVarM2ps2,
                    magEarthNoiseGaussPerSRtHz, magBodyNoiseGaussPerSRtHz, initMagBodyStdGauss);
        }

        /** Magnetic-field process noise densities (G/√s) and the initial body-bias std dev (G). */
        public Config withMagNoise(double earthGaussPerSRtHz, double bodyGaussPerSRtHz, double initBodyStdGauss) {
            return new Config(gyroNoiseRadpsRtHz, accelNoiseMps2RtHz, gyroBiasRwRadps2RtHz, accelBiasRwMps3RtHz,
                    initAttStdRad, initYawStdRad, initVelStdMps, initPosStdM, initGyroBiasStdRadps,
                    initAccelBiasStdMps2, gateSigma, maxGyroBiasRadps, maxAccelBiasMps2, maxPosVarM2, maxVelVarM2ps2,
                    earthGaussPerSRtHz, bodyGaussPerSRtHz, initBodyStdGauss);
        }

        private static void requirePositive(double v, String name) {
            if (!(v > 0.0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException(name + " must be positive and finite: " + v);
            }
        }
    }

    // Variance floors (keep P positive definite when a state is fused hard) and attitude /
    // bias ceilings (bounded by physics: an angle error beyond ~π is meaningless).
    private static final double MIN_VAR = 1e-12;
    private static final double MAX_ATT_VAR = 4.0;
    // The earth's field is 0.25–0.65 G everywhere; a body bias beyond 1 G saturates most
    // magnetometers. Ceilings (1 G σ) and the bias clamp follow from that.
    private static final double MAX_MAG_EARTH_VAR = 1.0;
    private static final double MAX_MAG_BODY_VAR = 1.0;
    private static final double MAX_MAG_BODY_GAUSS = 1.0;
    private static final double DEFAULT_MAG_EARTH_NOISE = 1e-4;
    private static final double DEFAULT_MAG_BODY_NOISE = 1e-5;
    private static final double DEFAULT_INIT_MAG_BODY_STD = 0.1;
    /** PX4 EKF2_MAG_NOISE default (gauss). */
    private static final double DEFAULT_MAG_NOISE_GAUSS = 0.05;

    private final Config cfg;

    // Nominal state.
    private final Quat q = new Quat();
    private final Vec3 vel = new Vec3();
    private final Vec3 pos = new Vec3();
    private final Vec3 gyroBias = new Vec3();
    private final Vec3 accelBias = new Vec3();
    private final Vec3 magEarth = new Vec3();
    private final Vec3 magBody = new Vec3();
    private boolean initialised;
    private boolean magInitialised;

    /** Error-state covariance, row-major N×N. */
    private final double[] p = new double[N * N];

    // Scratch, preallocated.
    private final double[] f = new double[N * N];
    private final double[] tmp = new double[N * N];
    private final double[] pNew = new double[N * N];
    private final double[] h = new double[N];
    private final double[] pht = new double[N];
    private final double[] k = new double[N];
    private final double[] bh = new double[N];
    private final double[] dx = new double[N];
    private final double[] r3 = new double[9];
    private final double[] a3 = new double[9];
    private final Quat dq = new Quat();
    private final Vec3 dAng = new Vec3();
    private final Vec3 dVel = new Vec3();
    private final Vec3 dVelNed = new Vec3();
    private final Vec3 velPrev = new Vec3();
    private final Vec3 tmpV = new Vec3();

    // Last update diagnostics.
    private final double[] lastInnov = new double[3];
    private final double[] lastInnovVar = new double[3];
    private final double[] lastTestRatio = new double[3];
    private int lastComponents;

    private long predictCount;
    private long rejectedInvalidCount;
    private long rejectedGateCount;

    public Ekf(Config config) {
        this.cfg = config;
        q.setIdentity();
    }

    public Ekf() {
        this(Config.defaults());
    }

    public Config config() {
        return cfg;
    }

    // ------------------------------------------------------------------ initialisation

    /** Initialises with zero biases; see {@link #initialise(Quat, Vec3, Vec3, Vec3, Vec3)}. */
    public boolean initialise(Quat attitude, Vec3 posNedM, Vec3 velNedMps) {
        tmpV.zero();
        return initialise(attitude, posNedM, velNedMps, tmpV, tmpV);
    }

    /**
     * Sets the nominal state and the initial diagonal covariance from {@link Config}.
     *
     * @return false (and no change) when an input is not finite or the quaternion is degenerate
     */
    public boolean initialise(Quat attitude, Vec3 posNedM, Vec3 velNedMps, Vec3 gyroBiasFrdRadps,
                              Vec3 accelBiasFrdMps2) {
        if (!attitude.isFinite() || !posNedM.isFinite() || !velNedMps.isFinite()
                || !gyroBiasFrdRadps.isFinite() || !accelBiasFrdMps2.isFinite() || attitude.norm() < 1e-6) {
            return false;
        }
        q.set(attitude).normalize();
        pos.set(posNedM);
        vel.set(velNedMps);
        gyroBias.set(gyroBiasFrdRadps);
        accelBias.set(accelBiasFrdMps2);
        clampBiases();
        java.util.Arrays.fill(p, 0.0);
        double att = sq(cfg.initAttStdRad());
        double yaw = sq(cfg.initYawStdRad());
        // The yaw uncertainty is about the NED down axis; express it in the body frame:
        // P_θθ = Rᵀ diag(att, att, yaw) R (δθ_body = Rᵀ δθ_ned).
        rotationMatrix(q, r3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                // Σ_k R[k][i] d_k R[k][j]
                double s = r3[i] * att * r3[j] + r3[3 + i] * att * r3[3 + j] + r3[6 + i] * yaw * r3[6 + j];
                p[(ATT + i) * N + ATT + j] = s;
            }
        }
        for (int i = 0; i < 3; i++) {
            p[(VEL + i) * N + VEL + i] = sq(cfg.initVelStdMps());
            p[(POS + i) * N + POS + i] = sq(cfg.initPosStdM());
            p[(GYRO_BIAS + i) * N + GYRO_BIAS + i] = sq(cfg.initGyroBiasStdRadps());
            p[(ACCEL_BIAS + i) * N + ACCEL_BIAS + i] = sq(cfg.initAccelBiasStdMps2());
            // Placeholders until resetMagField: uncorrelated, never fused before it.
            p[(MAG_EARTH + i) * N + MAG_EARTH + i] = MAX_MAG_EARTH_VAR;
            p[(MAG_BODY + i) * N + MAG_BODY + i] = sq(cfg.initMagBodyStdGauss());
        }
        magEarth.zero();
        magBody.zero();
        magInitialised = false;
        lastComponents = 0;
        initialised = true;
        return true;
    }

    public boolean isInitialised() {
        return initialised;
    }

    // ------------------------------------------------------------------ prediction

    /**
     * Strapdown integration and covariance propagation over one IMU interval.
     *
     * @param deltaAngleFrdRad    integrated body rate over the interval (rad, FRD)
     * @param deltaVelocityFrdMps integrated specific force over the interval (m/s, FRD;
     *                            about (0, 0, −g·dt) when still and level)
     * @param dtS                 interval, (0, 1] s
     * @return false (and no change) if not initialised or an input is not finite / dt out of range
     */
    public boolean predict(Vec3 deltaAngleFrdRad, Vec3 deltaVelocityFrdMps, double dtS) {
        if (!initialised || !deltaAngleFrdRad.isFinite() || !deltaVelocityFrdMps.isFinite()
                || !(dtS > 0.0) || dtS > 1.0) {
            rejectedInvalidCount++;
            return false;
        }
        // Bias-corrected increments.
        dAng.set(deltaAngleFrdRad).addScaled(gyroBias, -dtS);
        dVel.set(deltaVelocityFrdMps).addScaled(accelBias, -dtS);

        // --- Transition Jacobian F_x (Solà eq. 269), using R(q) at the start of the step.
        rotationMatrix(q, r3);
        java.util.Arrays.fill(f, 0.0);
        for (int i = 0; i < N; i++) {
            f[i * N + i] = 1.0;
        }
        // δθ row: Rᵀ{Δθ} — the transpose of the rotation matrix of Exp(Δθ).
        dq.setRotationVector(dAng.x, dAng.y, dAng.z);
        double qw = dq.w;
        double qx = dq.x;
        double qy = dq.y;
        double qz = dq.z;
        // R(dq) row-major; we store its transpose.
        double d00 = 1 - 2 * (qy * qy + qz * qz);
        double d01 = 2 * (qx * qy - qw * qz);
        double d02 = 2 * (qx * qz + qw * qy);
        double d10 = 2 * (qx * qy + qw * qz);
        double d11 = 1 - 2 * (qx * qx + qz * qz);
        double d12 = 2 * (qy * qz - qw * qx);
        double d20 = 2 * (qx * qz - qw * qy);
        double d21 = 2 * (qy * qz + qw * qx);
        double d22 = 1 - 2 * (qx * qx + qy * qy);
        f[0 * N + 0] = d00;
        f[0 * N + 1] = d10;
        f[0 * N + 2] = d20;
        f[1 * N + 0] = d01;
        f[1 * N + 1] = d11;
        f[1 * N + 2] = d21;
        f[2 * N + 0] = d02;
        f[2 * N + 1] = d12;
        f[2 * N + 2] = d22;
        for (int i = 0; i < 3; i++) {
            f[(ATT + i) * N + GYRO_BIAS + i] = -dtS;
        }
        // δv row: −R [Δv]ₓ and −R Δt.
        double vx = dVel.x;
        double vy = dVel.y;
        double vz = dVel.z;
        for (int i = 0; i < 3; i++) {
            double ri0 = r3[i * 3];
            double ri1 = r3[i * 3 + 1];
            double ri2 = r3[i * 3 + 2];
            // (R [Δv]ₓ) row i = [ri1*vz - ri2*vy, ri2*vx - ri0*vz, ri0*vy - ri1*vx]
            f[(VEL + i) * N + ATT] = -(ri1 * vz - ri2 * vy);
            f[(VEL + i) * N + ATT + 1] = -(ri2 * vx - ri0 * vz);
            f[(VEL + i) * N + ATT + 2] = -(ri0 * vy - ri1 * vx);
            f[(VEL + i) * N + ACCEL_BIAS] = -ri0 * dtS;
            f[(VEL + i) * N + ACCEL_BIAS + 1] = -ri1 * dtS;
            f[(VEL + i) * N + ACCEL_BIAS + 2] = -ri2 * dtS;
            // δp row: Δt δv, plus ½Δt of the δv row's δθ and δb_a terms because the nominal
            // position uses the mean of the old and new velocity (trapezoid).
            f[(POS + i) * N + VEL + i] = dtS;
            for (int j = 0; j < 3; j++) {
                f[(POS + i) * N + ATT + j] = 0.5 * dtS * f[(VEL + i) * N + ATT + j];
                f[(POS + i) * N + ACCEL_BIAS + j] = 0.5 * dtS * f[(VEL + i) * N + ACCEL_BIAS + j];
            }
        }

        // --- Nominal state (Solà eq. 259 with increments).
        velPrev.set(vel);
        // Δv + ½ Δθ × Δv, rotated to NED, plus gravity.
        tmpV.setCross(dAng, dVel).scale(0.5).add(dVel);
        q.rotate(tmpV, dVelNed);
        vel.add(dVelNed);
        vel.z += GRAVITY_MPS2 * dtS;
        pos.x += 0.5 * (velPrev.x + vel.x) * dtS;
        pos.y += 0.5 * (velPrev.y + vel.y) * dtS;
        pos.z += 0.5 * (velPrev.z + vel.z) * dtS;
        q.setProduct(q, dq).normalize();

        // --- Covariance: P = F P Fᵀ + Q (eq. 268, 271). With P symmetric, F P Fᵀ = F (F P)ᵀ:
        // two products that both skip F's zeros (F has ~70 non-zeros of 441; the magnetic
        // block is the identity), instead of one dense N³ product.
        multiply(f, p, tmp);
        transpose(tmp, pNew);
        multiply(f, pNew, tmp);
        System.arraycopy(tmp, 0, pNew, 0, N * N);
        double qAtt = sq(cfg.gyroNoiseRadpsRtHz()) * dtS;
        double qVel = sq(cfg.accelNoiseMps2RtHz()) * dtS;
        double qBg = sq(cfg.gyroBiasRwRadps2RtHz()) * dtS;
        double qBa = sq(cfg.accelBiasRwMps3RtHz()) * dtS;
        double qMagE = sq(cfg.magEarthNoiseGaussPerSRtHz()) * dtS;
        double qMagB = sq(cfg.magBodyNoiseGaussPerSRtHz()) * dtS;
        for (int i = 0; i < 3; i++) {
            pNew[(ATT + i) * N + ATT + i] += qAtt;
            pNew[(VEL + i) * N + VEL + i] += qVel;
            pNew[(GYRO_BIAS + i) * N + GYRO_BIAS + i] += qBg;
            pNew[(ACCEL_BIAS + i) * N + ACCEL_BIAS + i] += qBa;
            pNew[(MAG_EARTH + i) * N + MAG_EARTH + i] += qMagE;
            pNew[(MAG_BODY + i) * N + MAG_BODY + i] += qMagB;
        }
        if (allFinite(pNew)) {
            System.arraycopy(pNew, 0, p, 0, N * N);
        } else {
            // Keep the previous covariance (never NaN); inflate it a little so the filter does
            // not become overconfident after a skipped propagation.
            for (int i = 0; i < N; i++) {
                p[i * N + i] *= 1.01;
            }
        }
        conditionCovariance();
        if (!q.isFinite() || !vel.isFinite() || !pos.isFinite()) {
            // Cannot happen with finite inputs and dt ≤ 1 s, but never keep NaN.
            q.set(1, 0, 0, 0);
            vel.set(velPrev);
        }
        predictCount++;
        return true;
    }

    // ------------------------------------------------------------------ measurement updates

    /** Horizontal GNSS position (and vertical when {@code downM} is finite), one σ for all axes. */
    public FuseResult fuseGnssPosition(double northM, double eastM, double downM, double sigmaM) {
        return fuseGnssPosition(northM, eastM, downM, sigmaM, sigmaM);
    }

    /**
     * GNSS position in the local NED frame.
     *
     * @param downM NaN to fuse only the horizontal position; ±∞ is invalid
     * @param sigmaHorizM std dev of each horizontal axis (m)
     * @param sigmaVertM  std dev of the vertical axis (m); ignored when downM is NaN
     */
    public FuseResult fuseGnssPosition(double northM, double eastM, double downM, double sigmaHorizM,
                                       double sigmaVertM) {
        boolean vertical = !Double.isNaN(downM);
        if (!initialised || !Double.isFinite(northM) || !Double.isFinite(eastM) || !validSigma(sigmaHorizM)
                || (vertical && (!Double.isFinite(downM) || !validSigma(sigmaVertM)))) {
            return invalid();
        }
        int n = vertical ? 3 : 2;
        double rH = sq(sigmaHorizM);
        double rV = vertical ? sq(sigmaVertM) : 0.0;
        // Gate all components with the prior covariance.
        boolean pass = gateDiagonal(POS, northM - pos.x, rH, 0)
                & gateDiagonal(POS + 1, eastM - pos.y, rH, 1);
        if (vertical) {
            pass &= gateDiagonal(POS + 2, downM - pos.z, rV, 2);
        }
        lastComponents = n;
        if (!pass) {
            rejectedGateCount++;
            return FuseResult.REJECTED_GATE;
        }
        // Sequential scalar updates; each innovation is re-evaluated on the updated state.
        if (!fuseDirect(POS, northM - pos.x, rH)) {
            return invalid();
        }
        if (!fuseDirect(POS + 1, eastM - pos.y, rH)) {
            return invalid();
        }
        if (vertical && !fuseDirect(POS + 2, downM - pos.z, rV)) {
            return invalid();
        }
        return FuseResult.FUSED;
    }

    /** GNSS (or zero-velocity) NED velocity, one σ (m/s) for all three axes. */
    public FuseResult fuseGnssVelocity(double velNorthMps, double velEastMps, double velDownMps, double sigmaMps) {
        if (!initialised || !Double.isFinite(velNorthMps) || !Double.isFinite(velEastMps)
                || !Double.isFinite(velDownMps) || !validSigma(sigmaMps)) {
            return invalid();
        }
        double r = sq(sigmaMps);
        boolean pass = gateDiagonal(VEL, velNorthMps - vel.x, r, 0)
                & gateDiagonal(VEL + 1, velEastMps - vel.y, r, 1)
                & gateDiagonal(VEL + 2, velDownMps - vel.z, r, 2);
        lastComponents = 3;
        if (!pass) {
            rejectedGateCount++;
            return FuseResult.REJECTED_GATE;
        }
        if (!fuseDirect(VEL, velNorthMps - vel.x, r) || !fuseDirect(VEL + 1, velEastMps - vel.y, r)
                || !fuseDirect(VEL + 2, velDownMps - vel.z, r)) {
            return invalid();
        }
        return FuseResult.FUSED;
    }

    /** Barometric (or other) height as a NED down position (m, positive down), std dev σ (m). */
    public FuseResult fuseHeight(double downM, double sigmaM) {
        if (!initialised || !Double.isFinite(downM) || !validSigma(sigmaM)) {
            return invalid();
        }
        double r = sq(sigmaM);
        lastComponents = 1;
        if (!gateDiagonal(POS + 2, downM - pos.z, r, 0)) {
            rejectedGateCount++;
            return FuseResult.REJECTED_GATE;
        }
        return fuseDirect(POS + 2, downM - pos.z, r) ? FuseResult.FUSED : invalid();
    }

    /**
     * Heading (Z-Y-X Euler yaw, rad, true north; from a magnetometer after declination).
     * Measurement model ψ = yaw(q ⊗ Exp(δθ)); its Jacobian with respect to the body-frame
     * error follows from the Euler-rate relation ψ̇ = (ω_y sin φ + ω_z cos φ) / cos θ, so
     * H_δθ = [0, sin φ / cos θ, cos φ / cos θ]. Rejected as invalid within ~84° of pitch ±90°,
     * where yaw is undefined. The innovation is wrapped to (−π, π].
     */
    public FuseResult fuseHeading(double yawRad, double sigmaRad) {
        if (!initialised || !Double.isFinite(yawRad) || !validSigma(sigmaRad)) {
            return invalid();
        }
        double roll = q.roll();
        double cosPitch = Math.cos(q.pitch());
        if (cosPitch < 0.1) {
            return invalid();
        }
        java.util.Arrays.fill(h, 0.0);
        h[ATT + 1] = Math.sin(roll) / cosPitch;
        h[ATT + 2] = Math.cos(roll) / cosPitch;
        double y = wrapPi(yawRad - q.yaw());
        return fuseScalar(h, y, sq(sigmaRad));
    }

    /**
     * Initialises the magnetic states from one magnetometer sample m (FRD, gauss) and the
     * current attitude: body bias b ← 0 with variance {@link Config#initMagBodyStdGauss()}²,
     * earth field m_E ← R(q)·m, with the covariance of the error
     * δm_E = −R[m]ₓ δθ − R δb − R ν (see the class comment), so that the field is exactly as
     * uncertain as the attitude (chiefly the yaw) and the unknown bias make it. Can be called
     * again at any time (e.g. after a magnetic disturbance); it forgets the learned bias.
     *
     * @return false (and no change) if not initialised, m is not finite or |m| &lt; 1 mG
     */
    public boolean resetMagField(double mxGauss, double myGauss, double mzGauss) {
        return resetMagField(mxGauss, myGauss, mzGauss, DEFAULT_MAG_NOISE_GAUSS);
    }

    /** {@link #resetMagField(double, double, double)} with the sample's noise σ (gauss). */
    public boolean resetMagField(double mxGauss, double myGauss, double mzGauss, double sigmaGauss) {
        if (!initialised || !Double.isFinite(mxGauss) || !Double.isFinite(myGauss) || !Double.isFinite(mzGauss)
                || !validSigma(sigmaGauss) || mxGauss * mxGauss + myGauss * myGauss + mzGauss * mzGauss < 1e-6) {
            return false;
        }
        rotationMatrix(q, r3);
        // A = −R [m]ₓ, with [m]ₓ = [[0, −mz, my], [mz, 0, −mx], [−my, mx, 0]].
        for (int i = 0; i < 3; i++) {
            double ri0 = r3[i * 3];
            double ri1 = r3[i * 3 + 1];
            double ri2 = r3[i * 3 + 2];
            a3[i * 3] = -(ri1 * mzGauss - ri2 * myGauss);
            a3[i * 3 + 1] = -(-ri0 * mzGauss + ri2 * mxGauss);
            a3[i * 3 + 2] = -(ri0 * myGauss - ri1 * mxGauss);
        }
        double varB = sq(cfg.initMagBodyStdGauss());
        double r = sq(sigmaGauss);
        // Clear the magnetic rows and columns.
        for (int i = MAG_EARTH; i < N; i++) {
            for (int j = 0; j < N; j++) {
                p[i * N + j] = 0.0;
                p[j * N + i] = 0.0;
            }
        }
        // P_Ex = A P_θx for every non-magnetic state x (including x = θ).
        for (int i = 0; i < 3; i++) {
            for (int x = 0; x < MAG_EARTH; x++) {
                double acc = a3[i * 3] * p[ATT * N + x] + a3[i * 3 + 1] * p[(ATT + 1) * N + x]
                        + a3[i * 3 + 2] * p[(ATT + 2) * N + x];
                p[(MAG_EARTH + i) * N + x] = acc;
                p[x * N + MAG_EARTH + i] = acc;
            }
        }
        // P_EE = A P_θθ Aᵀ + (σ_b² + r) R Rᵀ (R Rᵀ = I); P_Eb = −σ_b² R; P_bb = σ_b² I.
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double acc = 0.0;
                for (int l = 0; l < 3; l++) {
                    acc += p[(MAG_EARTH + i) * N + ATT + l] * a3[j * 3 + l];
                }
                p[(MAG_EARTH + i) * N + MAG_EARTH + j] = acc + (i == j ? varB + r : 0.0);
                p[(MAG_EARTH + i) * N + MAG_BODY + j] = -varB * r3[i * 3 + j];
                p[(MAG_BODY + j) * N + MAG_EARTH + i] = -varB * r3[i * 3 + j];
            }
            p[(MAG_BODY + i) * N + MAG_BODY + i] = varB;
        }
        magBody.zero();
        // m_E = R (m − b) with b = 0.
        magEarth.set(r3[0] * mxGauss + r3[1] * myGauss + r3[2] * mzGauss,
                r3[3] * mxGauss + r3[4] * myGauss + r3[5] * mzGauss,
                r3[6] * mxGauss + r3[7] * myGauss + r3[8] * mzGauss);
        conditionCovariance();
        magInitialised = true;
        return true;
    }

    public boolean isMagInitialised() {
        return magInitialised;
    }

    /**
     * Three-axis magnetometer (FRD, gauss), model m = R(q)ᵀ m_E + b, as three sequential scalar
     * updates (H rows from the class comment), each re-linearised on the state the previous one
     * left. All three components are gated with the prior covariance before any is fused.
     * Needs {@link #resetMagField} first (REJECTED_INVALID before).
     *
     * <p>Observability: the bias b_m is separated from R(q)ᵀ m_E only by rotating (about two
     * axes for all three components; yawing alone leaves b_z + m_E,z). Standing still, a yaw
     * error, a bias and a tilt error against the accelerometer bias are indistinguishable, and
     * the re-linearised EKF gains spurious information along that direction: with σ = 0.01 G
     * samples at 25 Hz on a still vehicle the yaw was seen to wander 5–8° in a minute (it stays
     * put with σ = 0.05 G or with {@link #fuseHeading}). This is why PX4 fuses heading only on
     * the ground; a caller on a parked vehicle should do the same.
     *
     * @param sigmaGauss std dev of each axis (PX4 EKF2_MAG_NOISE default: 0.05 G)
     */
    public FuseResult fuseMag3D(double mxGauss, double myGauss, double mzGauss, double sigmaGauss) {
        if (!initialised || !magInitialised || !Double.isFinite(mxGauss) || !Double.isFinite(myGauss)
                || !Double.isFinite(mzGauss) || !validSigma(sigmaGauss)) {
            return invalid();
        }
        double r = sq(sigmaGauss);
        boolean pass = true;
        for (int axis = 0; axis < 3; axis++) {
            double y = magComponent(axis, mxGauss, myGauss, mzGauss) - magRow(axis);
            pass &= recordGate(axis, y, projectH(r));
        }
        lastComponents = 3;
        if (!pass) {
            rejectedGateCount++;
            return FuseResult.REJECTED_GATE;
        }
        for (int axis = 0; axis < 3; axis++) {
            double y = magComponent(axis, mxGauss, myGauss, mzGauss) - magRow(axis);
            if (!applyUpdate(y, r, projectH(r))) {
                return invalid();
            }
        }
        return FuseResult.FUSED;
    }

    /**
     * Magnetic declination constraint on the earth-field state: model
     * D = atan2(m_E,y, m_E,x), H = [−m_E,y, m_E,x, 0] / (m_E,x² + m_E,y²) on the m_E block, zero
     * elsewhere; innovation wrapped to (−π, π]. Without it (or another heading reference) the
     * yaw is only known relative to m_E, whose horizontal direction is free to drift with it.
     *
     * <p>Not gated: it is a constraint, not a sensor that can produce outliers. The joint
     * rotation of attitude and m_E about the vertical is unobservable to the 3-axis model, and
     * an EKF re-linearised at moving estimates gains spurious information along such a
     * direction (Huang, Mourikis, Roumeliotis, "Observability-based rules for designing
     * consistent EKF SLAM estimators", IJRR 2010). A gate would then lock out the very
     * constraint that corrects it (seen in the unit tests: m_E 20° off declination with a
     * believed σ of 3°, every declination update rejected).
     */
    public FuseResult fuseMagDeclination(double declinationRad, double sigmaRad) {
        if (!initialised || !magInitialised || !Double.isFinite(declinationRad) || !validSigma(sigmaRad)) {
            return invalid();
        }
        double hsq = magEarth.x * magEarth.x + magEarth.y * magEarth.y;
        if (hsq < 1e-6) {
            return invalid();
        }
        java.util.Arrays.fill(h, 0.0);
        h[MAG_EARTH] = -magEarth.y / hsq;
        h[MAG_EARTH + 1] = magEarth.x / hsq;
        double y = wrapPi(declinationRad - Math.atan2(magEarth.y, magEarth.x));
        double r = sq(sigmaRad);
        double s = projectH(r);
        lastComponents = 1;
        recordGate(0, y, s); // reported, not enforced: see above
        return applyUpdate(y, r, s) ? FuseResult.FUSED : invalid();
    }

    /**
     * Generic gated scalar update: measurement z with model h(x), linearised as H δx.
     *
     * @param hRow        the N-element H row over the error state (not modified, not kept)
     * @param innovation  z − h(x̂) evaluated on the current nominal state
     * @param obsVariance measurement noise variance r (&gt; 0)
     */
    public FuseResult fuseScalar(double[] hRow, double innovation, double obsVariance) {
        if (!initialised || hRow == null || hRow.length != N || !Double.isFinite(innovation)
                || !(obsVariance > 0.0) || !Double.isFinite(obsVariance)) {
            return invalid();
        }
        for (int i = 0; i < N; i++) {
            if (!Double.isFinite(hRow[i])) {
                return invalid();
            }
        }
        if (hRow != h) {
            System.arraycopy(hRow, 0, h, 0, N);
        }
        double s = obsVariance;
        for (int i = 0; i < N; i++) {
            double acc = 0.0;
            for (int j = 0; j < N; j++) {
                acc += p[i * N + j] * h[j];
            }
            pht[i] = acc;
            s += h[i] * acc;
        }
        lastComponents = 1;
        if (!recordGate(0, innovation, s)) {
            rejectedGateCount++;
            return FuseResult.REJECTED_GATE;
        }
        return applyUpdate(innovation, obsVariance, s) ? FuseResult.FUSED : invalid();
    }

    // ------------------------------------------------------------------ accessors

    public Quat attitude(Quat out) {
        return out.set(q);
    }

    public Vec3 velocityNed(Vec3 out) {
        return out.set(vel);
    }

    public Vec3 positionNed(Vec3 out) {
        return out.set(pos);
    }

    public Vec3 gyroBias(Vec3 out) {
        return out.set(gyroBias);
    }

    public Vec3 accelBias(Vec3 out) {
        return out.set(accelBias);
    }

    /** Earth magnetic field estimate, NED (gauss); zero before {@link #resetMagField}. */
    public Vec3 magEarthNed(Vec3 out) {
        return out.set(magEarth);
    }

    /** Magnetometer body-frame bias (hard iron) estimate, FRD (gauss). */
    public Vec3 magBodyFrd(Vec3 out) {
        return out.set(magBody);
    }

    /** Diagonal of the earth-field covariance (G²). */
    public Vec3 magEarthVariance(Vec3 out) {
        return out.set(p[MAG_EARTH * N + MAG_EARTH], p[(MAG_EARTH + 1) * N + MAG_EARTH + 1],
                p[(MAG_EARTH + 2) * N + MAG_EARTH + 2]);
    }

    /** Diagonal of the body-bias covariance (G²). */
    public Vec3 magBodyVariance(Vec3 out) {
        return out.set(p[MAG_BODY * N + MAG_BODY], p[(MAG_BODY + 1) * N + MAG_BODY + 1],
                p[(MAG_BODY + 2) * N + MAG_BODY + 2]);
    }

    /** Diagonal of the NED position covariance (m²). */
    public Vec3 positionVariance(Vec3 out) {
        return out.set(p[POS * N + POS], p[(POS + 1) * N + POS + 1], p[(POS + 2) * N + POS + 2]);
    }

    /** Diagonal of the NED velocity covariance ((m/s)²). */
    public Vec3 velocityVariance(Vec3 out) {
        return out.set(p[VEL * N + VEL], p[(VEL + 1) * N + VEL + 1], p[(VEL + 2) * N + VEL + 2]);
    }

    /** Diagonal of the gyro bias covariance ((rad/s)²). */
    public Vec3 gyroBiasVariance(Vec3 out) {
        return out.set(p[GYRO_BIAS * N + GYRO_BIAS], p[(GYRO_BIAS + 1) * N + GYRO_BIAS + 1],
                p[(GYRO_BIAS + 2) * N + GYRO_BIAS + 2]);
    }

    /** sqrt(σ_N² + σ_E²) (m): the DRMS horizontal accuracy, as PX4's eph. */
    public double horizontalPositionStdDevM() {
        return Math.sqrt(p[POS * N + POS] + p[(POS + 1) * N + POS + 1]);
    }

    /** Vertical position std dev (m). */
    public double verticalPositionStdDevM() {
        return Math.sqrt(p[(POS + 2) * N + POS + 2]);
    }

    /** One covariance element (error-state indices, see the class comment). */
    public double covariance(int row, int col) {
        return p[row * N + col];
    }

    /** Copies the row-major N×N covariance into {@code out} (length ≥ N² = 441). */
    public void copyCovariance(double[] out) {
        System.arraycopy(p, 0, out, 0, N * N);
    }

    /** Innovation of component {@code i} of the last measurement (before fusion). */
    public double lastInnovation(int i) {
        return lastInnov[i];
    }

    /** Innovation variance S of component {@code i} of the last measurement. */
    public double lastInnovationVariance(int i) {
        return lastInnovVar[i];
    }

    /** Test ratio y²/(γ² S) of component {@code i} of the last measurement; &gt; 1 failed the gate. */
    public double lastTestRatio(int i) {
        return lastTestRatio[i];
    }

    /** Largest test ratio of the last measurement. */
    public double lastMaxTestRatio() {
        double m = 0.0;
        for (int i = 0; i < lastComponents; i++) {
            m = Math.max(m, lastTestRatio[i]);
        }
        return m;
    }

    /** Number of components the last measurement had (0 before any). */
    public int lastComponentCount() {
        return lastComponents;
    }

    public long predictCount() {
        return predictCount;
    }

    public long rejectedInvalidCount() {
        return rejectedInvalidCount;
    }

    public long rejectedGateCount() {
        return rejectedGateCount;
    }

    // ------------------------------------------------------------------ internals

    private static double magComponent(int axis, double x, double y, double z) {
        return axis == 0 ? x : axis == 1 ? y : z;
    }

    /**
     * Fills {@link #h} with row {@code axis} of the magnetometer Jacobian
     * H = [ [u]ₓ, 0, 0, 0, 0, Rᵀ, I ] with u = R(q)ᵀ m_E, and returns the predicted component
     * u_axis + b_axis.
     */
    private double magRow(int axis) {
        rotationMatrix(q, r3);
        // u = Rᵀ m_E
        double ux = r3[0] * magEarth.x + r3[3] * magEarth.y + r3[6] * magEarth.z;
        double uy = r3[1] * magEarth.x + r3[4] * magEarth.y + r3[7] * magEarth.z;
        double uz = r3[2] * magEarth.x + r3[5] * magEarth.y + r3[8] * magEarth.z;
        java.util.Arrays.fill(h, 0.0);
        double pred;
        switch (axis) {
            case 0 -> {
                h[ATT + 1] = -uz;
                h[ATT + 2] = uy;
                pred = ux + magBody.x;
            }
            case 1 -> {
                h[ATT] = uz;
                h[ATT + 2] = -ux;
                pred = uy + magBody.y;
            }
            default -> {
                h[ATT] = -uy;
                h[ATT + 1] = ux;
                pred = uz + magBody.z;
            }
        }
        // Rᵀ row `axis` = column `axis` of R.
        h[MAG_EARTH] = r3[axis];
        h[MAG_EARTH + 1] = r3[3 + axis];
        h[MAG_EARTH + 2] = r3[6 + axis];
        h[MAG_BODY + axis] = 1.0;
        return pred;
    }

    /** Fills {@link #pht} = P hᵀ from {@link #h} and returns S = h P hᵀ + r. */
    private double projectH(double r) {
        double s = r;
        for (int i = 0; i < N; i++) {
            double acc = 0.0;
            for (int j = 0; j < N; j++) {
                double hj = h[j];
                if (hj != 0.0) {
                    acc += p[i * N + j] * hj;
                }
            }
            pht[i] = acc;
            s += h[i] * acc;
        }
        return s;
    }

    private FuseResult invalid() {
        rejectedInvalidCount++;
        return FuseResult.REJECTED_INVALID;
    }

    private static boolean validSigma(double s) {
        return s > 0.0 && Double.isFinite(s);
    }

    /** Gate test for a measurement of one error state directly (H = e_idx). */
    private boolean gateDiagonal(int idx, double innovation, double r, int component) {
        return recordGate(component, innovation, p[idx * N + idx] + r);
    }

    private boolean recordGate(int component, double innovation, double s) {
        double gate = cfg.gateSigma();
        double ratio = innovation * innovation / (gate * gate * s);
        lastInnov[component] = innovation;
        lastInnovVar[component] = s;
        lastTestRatio[component] = ratio;
        return ratio <= 1.0;
    }

    /** Ungated scalar update of one error state measured directly (H = e_idx). */
    private boolean fuseDirect(int idx, double innovation, double r) {
        java.util.Arrays.fill(h, 0.0);
        h[idx] = 1.0;
        for (int i = 0; i < N; i++) {
            pht[i] = p[i * N + idx];
        }
        double s = p[idx * N + idx] + r;
        return applyUpdate(innovation, r, s);
    }

    /**
     * Kalman gain, Joseph-form covariance update, error injection and reset. Expects
     * {@link #h} and {@link #pht} = P hᵀ filled, and S. Commits nothing unless every result
     * is finite.
     */
    private boolean applyUpdate(double innovation, double r, double s) {
        if (!(s > 0.0) || !Double.isFinite(s)) {
            return false;
        }
        double invS = 1.0 / s;
        for (int i = 0; i < N; i++) {
            k[i] = pht[i] * invS;
            dx[i] = k[i] * innovation;
        }
        // Joseph form P' = (I − K h) P (I − K h)ᵀ + r K Kᵀ, evaluated as
        // B = (I − K h) P = P − K (P hᵀ)ᵀ   (P symmetric)
        // P' = B − (B hᵀ) Kᵀ + r K Kᵀ
        for (int i = 0; i < N; i++) {
            double ki = k[i];
            for (int j = 0; j < N; j++) {
                tmp[i * N + j] = p[i * N + j] - ki * pht[j];
            }
        }
        for (int i = 0; i < N; i++) {
            double acc = 0.0;
            for (int j = 0; j < N; j++) {
                acc += tmp[i * N + j] * h[j];
            }
            bh[i] = acc;
        }
        for (int i = 0; i < N; i++) {
            double bhi = bh[i];
            double rki = r * k[i];
            for (int j = 0; j < N; j++) {
                pNew[i * N + j] = tmp[i * N + j] - bhi * k[j] + rki * k[j];
            }
        }
        if (!allFinite(pNew) || !allFinite(dx)) {
            return false;
        }
        System.arraycopy(pNew, 0, p, 0, N * N);
        injectAndReset();
        conditionCovariance();
        return true;
    }

    /** Solà §6.2 (eq. 282–283) injection and §6.3 (eq. 284–286, G from §6.3.1) reset. */
    private void injectAndReset() {
        double ax = dx[ATT];
        double ay = dx[ATT + 1];
        double az = dx[ATT + 2];
        dq.setRotationVector(ax, ay, az);
        q.setProduct(q, dq).normalize();
        vel.x += dx[VEL];
        vel.y += dx[VEL + 1];
        vel.z += dx[VEL + 2];
        pos.x += dx[POS];
        pos.y += dx[POS + 1];
        pos.z += dx[POS + 2];
        gyroBias.x += dx[GYRO_BIAS];
        gyroBias.y += dx[GYRO_BIAS + 1];
        gyroBias.z += dx[GYRO_BIAS + 2];
        accelBias.x += dx[ACCEL_BIAS];
        accelBias.y += dx[ACCEL_BIAS + 1];
        accelBias.z += dx[ACCEL_BIAS + 2];
        magEarth.x += dx[MAG_EARTH];
        magEarth.y += dx[MAG_EARTH + 1];
        magEarth.z += dx[MAG_EARTH + 2];
        magBody.x += dx[MAG_BODY];
        magBody.y += dx[MAG_BODY + 1];
        magBody.z += dx[MAG_BODY + 2];
        clampBiases();
        // Reset Jacobian G = I − [½ δθ]ₓ on the attitude block: P ← G P Gᵀ.
        double hx = 0.5 * ax;
        double hy = 0.5 * ay;
        double hz = 0.5 * az;
        // g (3x3) = I − [h]ₓ = [[1, hz, -hy], [-hz, 1, hx], [hy, -hx, 1]]
        double g00 = 1;
        double g01 = hz;
        double g02 = -hy;
        double g10 = -hz;
        double g11 = 1;
        double g12 = hx;
        double g20 = hy;
        double g21 = -hx;
        double g22 = 1;
        // Rows 0..2: P[0..2][:] ← g · P[0..2][:]
        for (int j = 0; j < N; j++) {
            double p0 = p[j];
            double p1 = p[N + j];
            double p2 = p[2 * N + j];
            p[j] = g00 * p0 + g01 * p1 + g02 * p2;
            p[N + j] = g10 * p0 + g11 * p1 + g12 * p2;
            p[2 * N + j] = g20 * p0 + g21 * p1 + g22 * p2;
        }
        // Columns 0..2: P[:][0..2] ← P[:][0..2] · gᵀ
        for (int i = 0; i < N; i++) {
            int o = i * N;
            double p0 = p[o];
            double p1 = p[o + 1];
            double p2 = p[o + 2];
            p[o] = p0 * g00 + p1 * g01 + p2 * g02;
            p[o + 1] = p0 * g10 + p1 * g11 + p2 * g12;
            p[o + 2] = p0 * g20 + p1 * g21 + p2 * g22;
        }
    }

    private void clampBiases() {
        clamp(gyroBias, cfg.maxGyroBiasRadps());
        clamp(accelBias, cfg.maxAccelBiasMps2());
        clamp(magBody, MAX_MAG_BODY_GAUSS);
    }

    private static void clamp(Vec3 v, double lim) {
        v.x = Math.max(-lim, Math.min(lim, v.x));
        v.y = Math.max(-lim, Math.min(lim, v.y));
        v.z = Math.max(-lim, Math.min(lim, v.z));
    }

    /**
     * Symmetrises P and keeps each variance within [MIN_VAR, group ceiling]. A too-small
     * variance is raised by adding to the diagonal (P + D stays positive definite); a
     * too-large one is reduced by scaling its row and column by √(max/var) (a congruence
     * S P S, which preserves definiteness and correlations).
     */
    private void conditionCovariance() {
        for (int i = 0; i < N; i++) {
            for (int j = i + 1; j < N; j++) {
                double a = 0.5 * (p[i * N + j] + p[j * N + i]);
                p[i * N + j] = a;
                p[j * N + i] = a;
            }
        }
        for (int i = 0; i < N; i++) {
            double var = p[i * N + i];
            double max = maxVariance(i);
            if (var < MIN_VAR) {
                p[i * N + i] = MIN_VAR;
            } else if (var > max) {
                double sc = Math.sqrt(max / var);
                for (int j = 0; j < N; j++) {
                    p[i * N + j] *= sc;
                    p[j * N + i] *= sc;
                }
            }
        }
    }

    private double maxVariance(int i) {
        if (i < VEL) {
            return MAX_ATT_VAR;
        } else if (i < POS) {
            return cfg.maxVelVarM2ps2();
        } else if (i < GYRO_BIAS) {
            return cfg.maxPosVarM2();
        } else if (i < ACCEL_BIAS) {
            return sq(cfg.maxGyroBiasRadps());
        } else if (i < MAG_EARTH) {
            return sq(cfg.maxAccelBiasMps2());
        } else if (i < MAG_BODY) {
            return MAX_MAG_EARTH_VAR;
        }
        return MAX_MAG_BODY_VAR;
    }

    /** Row-major 3×3 rotation matrix of a unit quaternion (FRD → NED). */
    private static void rotationMatrix(Quat q, double[] out) {
        double w = q.w;
        double x = q.x;
        double y = q.y;
        double z = q.z;
        out[0] = 1 - 2 * (y * y + z * z);
        out[1] = 2 * (x * y - w * z);
        out[2] = 2 * (x * z + w * y);
        out[3] = 2 * (x * y + w * z);
        out[4] = 1 - 2 * (x * x + z * z);
        out[5] = 2 * (y * z - w * x);
        out[6] = 2 * (x * z - w * y);
        out[7] = 2 * (y * z + w * x);
        out[8] = 1 - 2 * (x * x + y * y);
    }

    /** c = a · b (N×N). */
    private static void multiply(double[] a, double[] b, double[] c) {
        for (int i = 0; i < N; i++) {
            int io = i * N;
            for (int j = 0; j < N; j++) {
                c[io + j] = 0.0;
            }
            for (int l = 0; l < N; l++) {
                double ail = a[io + l];
                if (ail == 0.0) {
                    continue; // F is sparse
                }
                int lo = l * N;
                for (int j = 0; j < N; j++) {
                    c[io + j] += ail * b[lo + j];
                }
            }
        }
    }

    /** c = aᵀ (N×N). */
    private static void transpose(double[] a, double[] c) {
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                c[j * N + i] = a[i * N + j];
            }
        }
    }

    private static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static double wrapPi(double a) {
        double r = Math.IEEEremainder(a, 2.0 * Math.PI);
        return r <= -Math.PI ? r + 2.0 * Math.PI : r;
    }

    private static double sq(double v) {
        return v * v;
    }
}
