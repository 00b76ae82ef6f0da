package org.hoverla.sim.lockstep;

import org.hoverla.sim.sensors.BaroSim;
import org.hoverla.sim.sensors.GnssSim;
import org.hoverla.sim.sensors.ImuSim;
import org.hoverla.sim.sensors.MagSim;
import org.hoverla.sim.sensors.SensorErrors;

/**
 * Everything that defines one simulated flight apart from the flight code: seed, home, wind,
 * sensor models. Mutable at set-up; the simulator reads it once when it is built.
 */
public final class SimConfig {
    /** The default physics, sensor and scheduler step: 1 kHz (IMU_GYRO_RATEMAX's default). */
    public static final long STEP_NS = 1_000_000L;

    /**
     * This world's physics and IMU step, ns: one flight-loop base period. {@link LockstepSim} sets
     * it from IMU_GYRO_RATEMAX at boot, so the simulated IMU delivers one sample per cycle at any
     * supported loop rate (400 Hz → 2.5 ms).
     */
    public long stepNs = STEP_NS;

    public long seed = 1;
    /** Home (where the vehicle stands at start): WGS-84 degrees and metres AMSL. Kyiv Zhuliany by default. */
    public double homeLatDeg = 50.4017;
    public double homeLonDeg = 30.4495;
    public double homeAltM = 178.0;
    public double initialYawDeg = 30.0;
    /** Mean wind speed (m/s) and the direction it blows from (degrees, meteorological). */
    public double windSpeedMps = 0.0;
    public double windFromDeg = 0.0;
    /** Gust standard deviation (m/s); by default a fifth of the mean speed, at least 0.2 m/s when windy. */
    public double gustSigmaMps = Double.NaN;

    public final ImuSim.Params imu = new ImuSim.Params();
    public final BaroSim.Params baro = new BaroSim.Params();
    public final MagSim.Params mag = new MagSim.Params();
    public final GnssSim.Params gnss = new GnssSim.Params();
    /** Known calibration errors of the simulated sensors; none by default. See {@link #useKnownSensorErrors}. */
    public final SensorErrors sensorErrors = new SensorErrors();
    /** Whether the vehicle starts held on the calibration bench ({@code SimWorld#benchFixture()}), level. */
    public boolean startOnBench;

    /** Standard deviation of the slow GNSS horizontal position error (m) by default; see {@link #setGnssDrift}. */
    public static final double DEFAULT_GNSS_DRIFT_M = 0.3;

    public SimConfig() {
        setGnssDrift(DEFAULT_GNSS_DRIFT_M);
    }

    /**
     * Sets the slow (Gauss-Markov) GNSS position error: {@code sigmaM} horizontally per axis,
     * 1.5 times that vertically, with a 60 s correlation time, plus white noise of half the
     * sigma (at most 0.4 m horizontally).
     *
     * <p>Why 0.3 m by default: a vehicle that holds position on GNSS alone follows the slow
     * GNSS error, so it decides how far it wanders in a hover and where it lands. The default
     * is the short-term behaviour of a current multi-constellation receiver with SBAS under
     * open sky, the conditions a flight-control test wants to isolate. The u-blox M8N
     * datasheet's long-term 2.0 m CEP corresponds to about 1.6 m
     * ({@code --gnss-drift 1.6} on the command line): with it the vehicle wanders and lands
     * metres away, as real GNSS-only vehicles do.
     */
    public void setGnssDrift(double sigmaM) {
        gnss.horizontalGmSigmaM = sigmaM;
        gnss.verticalGmSigmaM = 1.5 * sigmaM;
        gnss.gmCorrelationS = 60.0;
        gnss.horizontalWhiteSigmaM = Math.min(0.4, 0.5 * sigmaM);
        gnss.verticalWhiteSigmaM = Math.min(0.6, 0.75 * sigmaM);
    }

    /**
     * Gives the simulated sensors these known errors and removes the IMU's random turn-on biases,
     * so the errors given are the whole of what a calibration must find (the slow bias random
     * walk stays: it is what a real sensor does between calibration and flight).
     */
    public void useKnownSensorErrors(SensorErrors errors) {
        sensorErrors.set(errors);
        imu.gyroTurnOnBiasSigma = 0.0;
        imu.accelTurnOnBiasSigma = 0.0;
    }

    public double effectiveGustSigmaMps() {
        if (Double.isFinite(gustSigmaMps)) {
            return gustSigmaMps;
        }
        return windSpeedMps > 0.0 ? Math.max(0.2, 0.2 * windSpeedMps) : 0.0;
    }
}
