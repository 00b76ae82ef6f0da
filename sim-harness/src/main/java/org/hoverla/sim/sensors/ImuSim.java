package org.hoverla.sim.sensors;

import java.util.SplittableRandom;
import org.hoverla.core.math.Vec3;
import org.hoverla.hal.ImuSample;
import org.hoverla.sim.physics.MulticopterSim;

/**
 * Simulated 6-axis IMU at the centre of gravity, aligned with the body FRD axes.
 *
 * <p>Error model per axis (the continuous-time model used by Kalibr and most VIO work):
 * reading = truth + turn-on bias + random-walk bias + white noise. White noise per sample
 * has sigma = noiseDensity * sqrt(sampleRate); the bias random walk grows by
 * randomWalk * sqrt(1 / sampleRate) per sample. Turn-on biases are drawn once from the
 * seed. Readings saturate at the configured full-scale range. Known calibration errors
 * ({@link SensorErrors}: accelerometer offset, scale and misalignment, gyro bias) are applied to
 * the true motion before bias and noise, when given. Not modelled: vibration, temperature
 * drift, filtering delay.
 *
 * <p>Single-threaded; the lockstep runner calls {@link #sample} once per physics step (the
 * noise assumes the configured {@link Params#sampleRateHz}). Allocation-free, no throws.
 */
public final class ImuSim {

    /**
     * IMU parameters (SI). Defaults describe a TDK InvenSense ICM-42688-P in low-noise mode
     * at 1 kHz: gyro rate noise density 2.8 mdps/sqrt(Hz) and accelerometer 70 ug/sqrt(Hz)
     * (datasheet DS-000347, sections 3.1 / 3.2; a vendor comparison table lists 75 ug).
     * Mutable; read once by the constructor.
     */
    public static final class Params {
        /** Rate at which {@link ImuSim#sample} is called (Hz). */
        public double sampleRateHz = 1000.0;
        /** Gyro white noise density (rad/s/sqrt(Hz)): 2.8e-3 deg/s/sqrt(Hz), datasheet. */
        public double gyroNoiseDensity = Math.toRadians(2.8e-3);
        /** Accel white noise density (m/s^2/sqrt(Hz)): 70 ug/sqrt(Hz), datasheet. */
        public double accelNoiseDensity = 70e-6 * 9.80665;
        /**
         * Gyro bias random walk (rad/s^2/sqrt(Hz)). Estimate: not in the datasheet; 3e-5
         * gives ~0.1 deg/s of bias wander in an hour, typical of consumer MEMS.
         */
        public double gyroBiasRandomWalk = 3.0e-5;
        /** Accel bias random walk (m/s^3/sqrt(Hz)). Estimate: ~6 mm/s^2 wander per hour. */
        public double accelBiasRandomWalk = 1.0e-4;
        /**
         * Gyro turn-on bias sigma per axis (rad/s): datasheet typical zero-rate offset
         * +-0.5 deg/s (the firmware calibrates it at rest).
         */
        public double gyroTurnOnBiasSigma = Math.toRadians(0.5);
        /**
         * Accel turn-on bias sigma per axis (m/s^2). Estimate: residual after the usual
         * six-position calibration, ~5 mg (raw zero-g offset is tens of mg).
         */
        public double accelTurnOnBiasSigma = 0.05;
        /** Gyro full-scale (rad/s): the +-2000 deg/s range flight stacks use. */
        public double gyroRangeRadps = Math.toRadians(2000.0);
        /** Accel full-scale (m/s^2): the +-16 g range. */
        public double accelRangeMps2 = 16.0 * 9.80665;
        /** Die temperature reported (deg C). Estimate for a board in a closed frame. */
        public double temperatureC = 35.0;
    }

    private final SplittableRandom rng;
    private final double gyroSigma;
    private final double accelSigma;
    private final double gyroWalkStep;
    private final double accelWalkStep;
    private final double gyroRange;
    private final double accelRange;
    private final double temperatureC;
    private final double[] gyroBias = new double[3];
    private final double[] accelBias = new double[3];
    private final boolean accelErrors;
    private final boolean gyroErrors;
    private final double[] accelOffset = new double[3];
    private final double[][] accelDistortion = new double[3][3];
    private final double[] gyroErrorBias = new double[3];

    public ImuSim(long seed, Params params) {
        this(seed, params, SensorErrors.none());
    }

    /** @param errors known calibration errors (read once; {@link SensorErrors#none()} for an ideal sensor) */
    public ImuSim(long seed, Params params, SensorErrors errors) {
        rng = new SplittableRandom(seed);
        double rate = params.sampleRateHz > 0.0 ? params.sampleRateHz : 1000.0;
        gyroSigma = params.gyroNoiseDensity * Math.sqrt(rate);
        accelSigma = params.accelNoiseDensity * Math.sqrt(rate);
        gyroWalkStep = params.gyroBiasRandomWalk / Math.sqrt(rate);
        accelWalkStep = params.accelBiasRandomWalk / Math.sqrt(rate);
        gyroRange = params.gyroRangeRadps;
        accelRange = params.accelRangeMps2;
        temperatureC = params.temperatureC;
        for (int i = 0; i < 3; i++) {
            gyroBias[i] = params.gyroTurnOnBiasSigma * rng.nextGaussian();
            accelBias[i] = params.accelTurnOnBiasSigma * rng.nextGaussian();
        }
        accelErrors = errors.hasAccelErrors();
        gyroErrors = errors.hasGyroErrors();
        for (int i = 0; i < 3; i++) {
            accelOffset[i] = errors.accelOffsetMps2[i];
            gyroErrorBias[i] = errors.gyroBiasRadps[i];
            System.arraycopy(errors.accelDistortion[i], 0, accelDistortion[i], 0, 3);
        }
    }

    /** Per-sample gyro white-noise sigma (rad/s). */
    public double gyroSigmaRadps() {
        return gyroSigma;
    }

    /** Per-sample accel white-noise sigma (m/s^2). */
    public double accelSigmaMps2() {
        return accelSigma;
    }

    /** Current total gyro bias on {@code axis} (rad/s), for tests and estimator checks. */
    public double gyroBiasRadps(int axis) {
        return gyroBias[axis];
    }

    /** Current total accel bias on {@code axis} (m/s^2). */
    public double accelBiasMps2(int axis) {
        return accelBias[axis];
    }

    /** Writes one noisy sample of the simulated vehicle's motion, taken at {@code nowNs}. */
    public void sample(MulticopterSim sim, long nowNs, ImuSample out) {
        Vec3 w = sim.angularVelocityFrd();
        Vec3 f = sim.specificForceFrd();
        for (int i = 0; i < 3; i++) {
            gyroBias[i] += gyroWalkStep * rng.nextGaussian();
            accelBias[i] += accelWalkStep * rng.nextGaussian();
        }
        double wx = w.x;
        double wy = w.y;
        double wz = w.z;
        if (gyroErrors) {
            wx += gyroErrorBias[0];
            wy += gyroErrorBias[1];
            wz += gyroErrorBias[2];
        }
        double fx = f.x;
        double fy = f.y;
        double fz = f.z;
        if (accelErrors) {
            // raw = D · true + offset (SensorErrors): the inverse of the stored calibration model
            double[][] d = accelDistortion;
            fx = d[0][0] * f.x + d[0][1] * f.y + d[0][2] * f.z + accelOffset[0];
            fy = d[1][0] * f.x + d[1][1] * f.y + d[1][2] * f.z + accelOffset[1];
            fz = d[2][0] * f.x + d[2][1] * f.y + d[2][2] * f.z + accelOffset[2];
        }
        out.timestampSampleNs = nowNs;
        out.gyroXRadps = sat(wx + gyroBias[0] + gyroSigma * rng.nextGaussian(), gyroRange);
        out.gyroYRadps = sat(wy + gyroBias[1] + gyroSigma * rng.nextGaussian(), gyroRange);
        out.gyroZRadps = sat(wz + gyroBias[2] + gyroSigma * rng.nextGaussian(), gyroRange);
        out.accelXMps2 = sat(fx + accelBias[0] + accelSigma * rng.nextGaussian(), accelRange);
        out.accelYMps2 = sat(fy + accelBias[1] + accelSigma * rng.nextGaussian(), accelRange);
        out.accelZMps2 = sat(fz + accelBias[2] + accelSigma * rng.nextGaussian(), accelRange);
        out.temperatureC = temperatureC;
    }

    private static double sat(double v, double range) {
        return v > range ? range : (v < -range ? -range : v);
    }
}
