package org.hoverla.sim.scenario;

import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.Angles;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.sim.lockstep.FlightLoop;
import org.hoverla.sim.physics.MulticopterSim;

/**
 * Truth and estimator-vs-truth figures of one simulated flight, sampled every step. The
 * estimator's local frame has its own origin (the first good GNSS fix); estimates are moved
 * into the truth frame through that origin's true position, so the position error includes
 * the GNSS error the estimator inherited — as it would on a real vehicle.
 */
public final class FlightMetrics {
    private final FlightLoop sim;
    private final Subscription<VehicleAttitude> attitudeSub;
    private final Subscription<VehicleLocalPosition> positionSub;
    private final VehicleAttitude attitude = new VehicleAttitude();
    private final VehicleLocalPosition position = new VehicleLocalPosition();
    private final Vec3 refInTruth = new Vec3();
    private final Vec3 estInTruth = new Vec3();
    private final Vec3 unitDown = new Vec3(0.0, 0.0, 1.0);
    private final Vec3 estBodyZ = new Vec3();
    private final Vec3 trueBodyZ = new Vec3();

    private final Vec3 takeoffPointM = new Vec3(Double.NaN, Double.NaN, Double.NaN);
    private final Vec3 gnssErrorAtTakeoffM = new Vec3();
    private final Vec3 gnssErrorNowM = new Vec3();
    private final Vec3 estTakeoffPointM = new Vec3(Double.NaN, Double.NaN, Double.NaN);
    private double hoverEstSumSq;
    private double targetAltM = Double.NaN;
    private double maxAltM;
    private double maxTiltRad;
    private double hoverSumSq;
    private long hoverSamples;
    private double hoverMaxM;
    private double attSumSq;
    private double tiltSumSq;
    private double rollSumSq;
    private double pitchSumSq;
    private double yawSumSq;
    private long attSamples;
    private double posHSumSq;
    private double posVSumSq;
    private double velSumSq;
    private long posSamples;
    private boolean estimateWindow;

    public FlightMetrics(FlightLoop sim) {
        this.sim = sim;
        this.attitudeSub = sim.stack().bus().attitude.subscribe();
        this.positionSub = sim.stack().bus().localPosition.subscribe();
    }

    /** Marks the takeoff point (truth) and the altitude the flight aims for (m above ground). */
    public void markTakeoff(double targetAltM) {
        takeoffPointM.set(sim.vehicle().positionNed());
        sim.gnss().slowErrorNed(gnssErrorAtTakeoffM);
        positionSub.copy(position);
        estTakeoffPointM.set(position.posNedM);
        this.targetAltM = targetAltM;
    }

    /** Estimator errors are accumulated while this is on (armed flight). */
    public void setEstimateWindow(boolean on) {
        estimateWindow = on;
    }

    /** Samples one step; call after every {@link FlightLoop#step()}. */
    public void sample(boolean hovering) {
        MulticopterSim v = sim.vehicle();
        Vec3 truthPos = v.positionNed();
        double alt = -truthPos.z;
        if (alt > maxAltM) {
            maxAltM = alt;
        }
        double tilt = v.attitude().tiltRad();
        if (tilt > maxTiltRad) {
            maxTiltRad = tilt;
        }
        if (hovering && takeoffPointM.isFinite()) {
            double dn = truthPos.x - takeoffPointM.x;
            double de = truthPos.y - takeoffPointM.y;
            double d2 = dn * dn + de * de;
            hoverSumSq += d2;
            hoverSamples++;
            hoverMaxM = Math.max(hoverMaxM, Math.sqrt(d2));
        }
        attitudeSub.update(attitude);
        positionSub.update(position);
        if (hovering && estTakeoffPointM.isFinite()) {
            double dn = position.posNedM.x - estTakeoffPointM.x;
            double de = position.posNedM.y - estTakeoffPointM.y;
            hoverEstSumSq += dn * dn + de * de;
        }
        if (!estimateWindow) {
            return;
        }
        if (attitude.timestampNs > 0) {
            double err = attitude.q.angleTo(v.attitude());
            attSumSq += err * err;
            // Tilt error: the angle between the estimated and the true body z axis, i.e. the
            // roll/pitch error whatever the heading (Euler differences mix in yaw at large tilt).
            attitude.q.rotate(unitDown, estBodyZ);
            v.attitude().rotate(unitDown, trueBodyZ);
            double cos = Math.max(-1.0, Math.min(1.0, estBodyZ.dot(trueBodyZ)));
            double tiltErr = Math.acos(cos);
            tiltSumSq += tiltErr * tiltErr;
            double rollErr = Angles.wrapPi(attitude.q.roll() - v.attitude().roll());
            rollSumSq += rollErr * rollErr;
            double pitchErr = attitude.q.pitch() - v.attitude().pitch();
            pitchSumSq += pitchErr * pitchErr;
            double yawErr = Angles.wrapPi(attitude.q.yaw() - v.attitude().yaw());
            yawSumSq += yawErr * yawErr;
            attSamples++;
        }
        if (position.refValid) {
            // Horizontally through the estimator's geodetic origin (absolute error); vertically
            // the estimate is height above the takeoff ground, like truth.
            sim.homeRef().toNed(position.refLatDeg, position.refLonDeg, position.refAltM, refInTruth);
            estInTruth.set(position.posNedM).add(refInTruth);
            estInTruth.z = position.posNedM.z;
            estInTruth.sub(truthPos);
            posHSumSq += estInTruth.x * estInTruth.x + estInTruth.y * estInTruth.y;
            posVSumSq += estInTruth.z * estInTruth.z;
            double dvn = position.velNedMps.x - v.velocityNed().x;
            double dve = position.velNedMps.y - v.velocityNed().y;
            double dvd = position.velNedMps.z - v.velocityNed().z;
            velSumSq += dvn * dvn + dve * dve + dvd * dvd;
            posSamples++;
        }
    }

    public double hoverPosRmsM() {
        return hoverSamples == 0 ? Double.NaN : Math.sqrt(hoverSumSq / hoverSamples);
    }

    /**
     * RMS horizontal distance, in the estimator's own frame, between the estimated position and
     * the estimated takeoff point during the hover: how well the controller held what it
     * believed. The truth figure {@link #hoverPosRmsM()} adds the estimator's drift (mostly the
     * GNSS error's drift since takeoff).
     */
    public double hoverTrackRmsM() {
        return hoverSamples == 0 ? Double.NaN : Math.sqrt(hoverEstSumSq / hoverSamples);
    }

    public double hoverPosMaxM() {
        return hoverMaxM;
    }

    public double maxAltOvershootM() {
        return Double.isFinite(targetAltM) ? Math.max(0.0, maxAltM - targetAltM) : Double.NaN;
    }

    public double maxAltM() {
        return maxAltM;
    }

    /** Horizontal distance (truth) between where the vehicle is now and where it took off. */
    public double distanceFromTakeoffM() {
        if (!takeoffPointM.isFinite()) {
            return Double.NaN;
        }
        Vec3 p = sim.vehicle().positionNed();
        double dn = p.x - takeoffPointM.x;
        double de = p.y - takeoffPointM.y;
        return Math.sqrt(dn * dn + de * de);
    }

    /**
     * Horizontal distance (truth) from the takeoff point minus the drift of the simulated GNSS
     * error since takeoff: where the vehicle is relative to where its receiver says it took
     * off. A vehicle navigating on GNSS alone follows that drift; this is the part of the
     * error that belongs to the estimator and the controller.
     */
    public double distanceFromTakeoffNetOfGnssDriftM() {
        if (!takeoffPointM.isFinite()) {
            return Double.NaN;
        }
        Vec3 p = sim.vehicle().positionNed();
        sim.gnss().slowErrorNed(gnssErrorNowM);
        double dn = p.x - takeoffPointM.x + (gnssErrorNowM.x - gnssErrorAtTakeoffM.x);
        double de = p.y - takeoffPointM.y + (gnssErrorNowM.y - gnssErrorAtTakeoffM.y);
        return Math.sqrt(dn * dn + de * de);
    }

    /** Horizontal drift of the simulated GNSS error since takeoff (m). */
    public double gnssDriftSinceTakeoffM() {
        sim.gnss().slowErrorNed(gnssErrorNowM);
        return Math.hypot(gnssErrorNowM.x - gnssErrorAtTakeoffM.x, gnssErrorNowM.y - gnssErrorAtTakeoffM.y);
    }

    public double maxTiltDeg() {
        return Math.toDegrees(maxTiltRad);
    }

    /** RMS of the roll/pitch (tilt) error: angle between estimated and true body z axes. */
    public double attErrRmsDeg() {
        return rmsDeg(tiltSumSq, attSamples);
    }

    /** RMS of the whole attitude error angle (tilt and heading together). */
    public double attAngleErrRmsDeg() {
        return rmsDeg(attSumSq, attSamples);
    }

    public double rollErrRmsDeg() {
        return rmsDeg(rollSumSq, attSamples);
    }

    public double pitchErrRmsDeg() {
        return rmsDeg(pitchSumSq, attSamples);
    }

    private static double rmsDeg(double sumSq, long n) {
        return n == 0 ? Double.NaN : Math.toDegrees(Math.sqrt(sumSq / n));
    }

    public double yawErrRmsDeg() {
        return rmsDeg(yawSumSq, attSamples);
    }

    /** RMS horizontal position error (estimate through its geodetic origin vs truth). */
    public double posErrRmsM() {
        return posSamples == 0 ? Double.NaN : Math.sqrt(posHSumSq / posSamples);
    }

    /** RMS vertical position error (height above the takeoff ground). */
    public double posVErrRmsM() {
        return posSamples == 0 ? Double.NaN : Math.sqrt(posVSumSq / posSamples);
    }

    public double velErrRmsMps() {
        return posSamples == 0 ? Double.NaN : Math.sqrt(velSumSq / posSamples);
    }
}
