package org.hoverla.sim.replay;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hoverla.core.math.Angles;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;

/**
 * Estimator-vs-truth figures with exactly the definitions of the simulator's JSON summary
 * ({@link org.hoverla.sim.scenario.FlightMetrics}), accumulated from samples instead of every
 * simulation step: the tilt error is the angle between the estimated and the true body z axes;
 * roll and yaw errors are wrapped Euler differences (pitch is not wrapped); horizontal position goes
 * through the estimator's geodetic origin into the truth frame (so it includes the GNSS error the
 * estimator inherited), vertical position is the estimate's own z (height above the takeoff
 * ground) against the true z; velocity is the 3-D NED difference. Position figures count only
 * samples whose estimate has a geodetic origin ({@code xy_global}).
 *
 * <p>Offline, single thread.
 */
public final class TruthFigures {
    private final GeoRef truthHome;
    private final Vec3 unitDown = new Vec3(0.0, 0.0, 1.0);
    private final Vec3 estBodyZ = new Vec3();
    private final Vec3 trueBodyZ = new Vec3();
    private final Vec3 refInTruth = new Vec3();
    private double tiltSumSq;
    private double rollSumSq;
    private double pitchSumSq;
    private double yawSumSq;
    private double angleSumSq;
    private long attSamples;
    private double posHSumSq;
    private double posVSumSq;
    private double velSumSq;
    private long posSamples;

    /** @param truthHome the truth frame's origin (the simulated home: ref_lat/ref_lon/ref_alt of the ground truth) */
    public TruthFigures(GeoRef truthHome) {
        this.truthHome = truthHome;
    }

    /** One attitude sample: estimate and truth, both FRD → NED. Non-finite inputs are skipped. */
    public void addAttitude(Quat est, Quat truth) {
        if (!est.isFinite() || !truth.isFinite()) {
            return;
        }
        est.rotate(unitDown, estBodyZ);
        truth.rotate(unitDown, trueBodyZ);
        double tilt = Math.acos(Math.max(-1.0, Math.min(1.0, estBodyZ.dot(trueBodyZ))));
        tiltSumSq += tilt * tilt;
        double angle = est.angleTo(truth);
        angleSumSq += angle * angle;
        double roll = Angles.wrapPi(est.roll() - truth.roll());
        rollSumSq += roll * roll;
        double pitch = est.pitch() - truth.pitch();
        pitchSumSq += pitch * pitch;
        double yaw = Angles.wrapPi(est.yaw() - truth.yaw());
        yawSumSq += yaw * yaw;
        attSamples++;
    }

    /**
     * One position sample: the estimate in its own local frame with its geodetic origin, the truth
     * in the home frame. Skipped when any value is not finite (no origin yet).
     */
    public void addPosition(Vec3 estPosNedM, Vec3 estVelNedMps, double refLatDeg, double refLonDeg, double refAltM,
                            Vec3 truePosNedM, Vec3 trueVelNedMps) {
        if (!estPosNedM.isFinite() || !estVelNedMps.isFinite() || !truePosNedM.isFinite()
                || !trueVelNedMps.isFinite() || !Double.isFinite(refLatDeg) || !Double.isFinite(refLonDeg)
                || !Double.isFinite(refAltM)) {
            return;
        }
        truthHome.toNed(refLatDeg, refLonDeg, refAltM, refInTruth);
        double en = estPosNedM.x + refInTruth.x - truePosNedM.x;
        double ee = estPosNedM.y + refInTruth.y - truePosNedM.y;
        double ed = estPosNedM.z - truePosNedM.z;
        posHSumSq += en * en + ee * ee;
        posVSumSq += ed * ed;
        double vn = estVelNedMps.x - trueVelNedMps.x;
        double ve = estVelNedMps.y - trueVelNedMps.y;
        double vd = estVelNedMps.z - trueVelNedMps.z;
        velSumSq += vn * vn + ve * ve + vd * vd;
        posSamples++;
    }

    public long attitudeSamples() {
        return attSamples;
    }

    public long positionSamples() {
        return posSamples;
    }

    public double attErrRmsDeg() {
        return rmsDeg(tiltSumSq, attSamples);
    }

    public double rollErrRmsDeg() {
        return rmsDeg(rollSumSq, attSamples);
    }

    public double pitchErrRmsDeg() {
        return rmsDeg(pitchSumSq, attSamples);
    }

    public double yawErrRmsDeg() {
        return rmsDeg(yawSumSq, attSamples);
    }

    public double attAngleErrRmsDeg() {
        return rmsDeg(angleSumSq, attSamples);
    }

    public double posErrRmsM() {
        return posSamples == 0 ? Double.NaN : Math.sqrt(posHSumSq / posSamples);
    }

    public double posVErrRmsM() {
        return posSamples == 0 ? Double.NaN : Math.sqrt(posVSumSq / posSamples);
    }

    public double velErrRmsMps() {
        return posSamples == 0 ? Double.NaN : Math.sqrt(velSumSq / posSamples);
    }

    /** The figures under the simulator summary's key names (rounded to 3 decimals, null when not computed). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("att_err_rms_deg", num(attErrRmsDeg()));
        m.put("roll_err_rms_deg", num(rollErrRmsDeg()));
        m.put("pitch_err_rms_deg", num(pitchErrRmsDeg()));
        m.put("yaw_err_rms_deg", num(yawErrRmsDeg()));
        m.put("att_angle_err_rms_deg", num(attAngleErrRmsDeg()));
        m.put("pos_err_rms_m", num(posErrRmsM()));
        m.put("pos_v_err_rms_m", num(posVErrRmsM()));
        m.put("vel_err_rms_mps", num(velErrRmsMps()));
        m.put("attitude_samples", attSamples);
        m.put("position_samples", posSamples);
        return m;
    }

    private static double rmsDeg(double sumSq, long n) {
        return n == 0 ? Double.NaN : Math.toDegrees(Math.sqrt(sumSq / n));
    }

    private static Double num(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000.0) / 1000.0 : null;
    }
}
