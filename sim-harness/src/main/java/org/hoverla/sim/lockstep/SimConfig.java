package org.hoverla.sim.lockstep;

import org.hoverla.sim.sensors.BaroSim;
import org.hoverla.sim.sensors.GnssSim;
import org.hoverla.sim.sensors.ImuSim;
import org.hoverla.sim.sensors.MagSim;

/**
 * Everything that defines one simulated flight apart from the flight code: seed, home, wind,
 * sensor models. Mutable at set-up; the simulator reads it once when it is built.
 */
public final class SimConfig {
    /** Physics, sensor and scheduler step: 1 kHz. */
    public static final long STEP_NS = 1_000_000L;

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

    public double effectiveGustSigmaMps() {
        if (Double.isFinite(gustSigmaMps)) {
            return gustSigmaMps;
        }
        return windSpeedMps > 0.0 ? Math.max(0.2, 0.2 * windSpeedMps) : 0.0;
    }
}
