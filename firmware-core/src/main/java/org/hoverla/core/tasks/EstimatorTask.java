package org.hoverla.core.tasks;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.estimation.AttitudeFilter;
import org.hoverla.core.estimation.Atmosphere;
import org.hoverla.core.estimation.PositionFilter;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.EstimatorStatus;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleImu;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.sched.FlightTask;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.ParamWatch;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.Barometer;
import org.hoverla.hal.GnssReceiver;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.MagSample;
import org.hoverla.hal.Magnetometer;

/**
 * The estimator stage: frontend of the slow sensors (barometer, magnetometer, GNSS: plausibility
 * checks, health, GNSS quality gate) and owner of the attitude and position filters. Runs at the
 * IMU integration rate, after the IMU task in the same cycle.
 *
 * <p>Start-up: the attitude aligns from 0.2 s of still accelerometer data and the magnetometer;
 * the vertical position starts at 0 on the barometer; the local frame's horizontal origin is the
 * first GNSS fix that passed the quality gate for a second. Ground truth is never an input.
 */
public final class EstimatorTask implements FlightTask {
    private static final int ALIGN_SAMPLES = 50;
    private static final long IMU_TIMEOUT_NS = 50_000_000L;
    private static final long BARO_TIMEOUT_NS = 300_000_000L;
    private static final long MAG_TIMEOUT_NS = 300_000_000L;
    private static final long GNSS_TIMEOUT_NS = 1_000_000_000L;
    private static final long GNSS_GOOD_FOR_NS = 1_000_000_000L;
    private static final long ATTITUDE_SETTLE_NS = 1_000_000_000L;
    private static final long POSITION_SETTLE_NS = 2_000_000_000L;
    private static final double MIN_PRESSURE_PA = 20_000.0;
    private static final double MAX_PRESSURE_PA = 120_000.0;
    private static final double MAX_MAG_GAUSS = 4.0;
    private static final double MIN_MAG_GAUSS = 0.05;

    private final Subscription<VehicleImu> imuSub;
    private final Barometer baro;
    private final Magnetometer mag;
    private final GnssReceiver gnss;
    private final Publication<VehicleAttitude> attitudePub;
    private final Publication<VehicleLocalPosition> localPositionPub;
    private final Publication<EstimatorStatus> statusPub;
    private final Publication<GnssSample> gnssRawPub;
    private final FlightParams params;
    private final ParamWatch paramWatch;

    private final AttitudeFilter attitudeFilter = new AttitudeFilter();
    private final PositionFilter positionFilter = new PositionFilter();
    private final GeoRef geoRef = new GeoRef();

    private final VehicleImu imu = new VehicleImu();
    private final BaroSample baroSample = new BaroSample();
    private final MagSample magSample = new MagSample();
    private final GnssSample gnssSample = new GnssSample();
    private final VehicleAttitude attitudeOut = new VehicleAttitude();
    private final VehicleLocalPosition positionOut = new VehicleLocalPosition();
    private final EstimatorStatus statusOut = new EstimatorStatus();

    private final Vec3 magFrd = new Vec3();
    private final Vec3 alignAccelSum = new Vec3();
    private final Vec3 alignGyroSum = new Vec3();
    private final Vec3 accelFrd = new Vec3();
    private final Vec3 accelNed = new Vec3();
    private final Vec3 gnssNed = new Vec3();
    private final Vec3 gnssVelNed = new Vec3();

    private double declinationRad;
    private int minSatellites;
    private double maxEphM;

    private long lastImuNs = Long.MIN_VALUE;
    private long lastBaroNs = Long.MIN_VALUE;
    private long lastMagNs = Long.MIN_VALUE;
    private long lastGnssGoodNs = Long.MIN_VALUE;
    private long gnssGoodSinceNs = Long.MIN_VALUE;
    private long lastMagFuseNs = Long.MIN_VALUE;
    private long lastBaroFuseNs = Long.MIN_VALUE;
    private long lastGnssFuseNs = Long.MIN_VALUE;
    private long alignedAtNs = Long.MIN_VALUE;
    private long positionRefAtNs = Long.MIN_VALUE;
    private boolean magFresh;
    private boolean baroFresh;
    private boolean gnssFresh;
    private double baroHeightM = Double.NaN;
    private double baroOffsetM = Double.NaN;
    private int alignCount;
    private boolean verticalStarted;
    private long rejectedSamples;
    private double gnssEphM = Double.NaN;
    private double gnssEpvM = Double.NaN;

    public EstimatorTask(Subscription<VehicleImu> imuSub, Barometer baro, Magnetometer mag, GnssReceiver gnss,
                         Publication<VehicleAttitude> attitudePub, Publication<VehicleLocalPosition> localPositionPub,
                         Publication<EstimatorStatus> statusPub, Publication<GnssSample> gnssRawPub,
                         FlightParams params) {
        this.gnssRawPub = gnssRawPub;
        this.imuSub = imuSub;
        this.baro = baro;
        this.mag = mag;
        this.gnss = gnss;
        this.attitudePub = attitudePub;
        this.localPositionPub = localPositionPub;
        this.statusPub = statusPub;
        this.params = params;
        this.paramWatch = new ParamWatch(params.store);
    }

    @Override
    public void run(long nowNs) {
        if (paramWatch.due(nowNs)) {
            applyParams();
        }
        pollBaro(nowNs);
        pollMag();
        pollGnss(nowNs);
        if (imuSub.update(imu)) {
            lastImuNs = nowNs;
            onImu(nowNs);
        }
        publish(nowNs);
    }

    private void applyParams() {
        declinationRad = Math.toRadians(params.magDeclinationDeg.get());
        positionFilter.setTimeConstants(params.posTauXyS.get(), params.posTauZS.get(), params.velGainXy.get(),
                params.velGainZ.get());
        attitudeFilter.setGains(params.attAccelGain.get(), params.attMagGain.get(), params.attBiasGain.get());
        positionFilter.setPositionGateM(params.gnssGateM.get());
        minSatellites = params.gnssMinSatellites.get();
        maxEphM = params.gnssMaxEphM.get();
    }

    private void pollBaro(long nowNs) {
        if (!baro.poll(baroSample)) {
            return;
        }
        double p = baroSample.pressurePa;
        if (!(p >= MIN_PRESSURE_PA && p <= MAX_PRESSURE_PA)) {
            rejectedSamples++;
            return;
        }
        baroHeightM = Atmosphere.pressureToAltitudeM(p);
        lastBaroNs = nowNs;
        baroFresh = true;
    }

    private void pollMag() {
        if (!mag.poll(magSample)) {
            return;
        }
        magFrd.set(magSample.fieldXGauss, magSample.fieldYGauss, magSample.fieldZGauss);
        double n = magFrd.norm();
        if (!(n >= MIN_MAG_GAUSS && n <= MAX_MAG_GAUSS)) {
            rejectedSamples++;
            return;
        }
        lastMagNs = magSample.timestampSampleNs;
        magFresh = true;
    }

    private void pollGnss(long nowNs) {
        if (!gnss.poll(gnssSample)) {
            return;
        }
        gnssRawPub.publish(gnssSample);
        GnssSample g = gnssSample;
        boolean finite = Double.isFinite(g.latDeg) && Double.isFinite(g.lonDeg) && Double.isFinite(g.altMslM)
                && Double.isFinite(g.velNMps) && Double.isFinite(g.velEMps) && Double.isFinite(g.velDMps)
                && Math.abs(g.latDeg) <= 90.0 && Math.abs(g.lonDeg) <= 180.0;
        if (!finite) {
            rejectedSamples++;
            gnssGoodSinceNs = Long.MIN_VALUE;
            return;
        }
        boolean good = g.fixType >= GnssSample.FIX_3D && g.satellitesUsed >= minSatellites && g.ephM <= maxEphM;
        if (!good) {
            gnssGoodSinceNs = Long.MIN_VALUE;
            return;
        }
        if (gnssGoodSinceNs == Long.MIN_VALUE) {
            gnssGoodSinceNs = nowNs;
        }
        lastGnssGoodNs = nowNs;
        gnssEphM = g.ephM;
        gnssEpvM = g.epvM;
        gnssFresh = true;
    }

    private void onImu(long nowNs) {
        if (!attitudeFilter.isAligned()) {
            align(nowNs);
            return;
        }
        attitudeFilter.predict(imu.deltaAngleFrdRad, imu.deltaVelocityFrdMps, imu.dtS);
        if (magFresh) {
            double dt = lastMagFuseNs == Long.MIN_VALUE ? 0.02 : (lastMagNs - lastMagFuseNs) * 1e-9;
            if (attitudeFilter.fuseMag(magFrd, declinationRad, dt)) {
                lastMagFuseNs = lastMagNs;
            }
            magFresh = false;
        }
        if (!verticalStarted) {
            if (Double.isFinite(baroHeightM) && nowNs - alignedAtNs > ATTITUDE_SETTLE_NS) {
                baroOffsetM = baroHeightM;
                positionFilter.reset(0.0, 0.0, 0.0);
                verticalStarted = true;
            }
            return;
        }
        double dtS = imu.dtS;
        accelFrd.set(imu.deltaVelocityFrdMps).scale(1.0 / dtS);
        attitudeFilter.attitude().rotate(accelFrd, accelNed);
        accelNed.z += AttitudeFilter.GRAVITY_MPS2;
        positionFilter.predict(accelNed, dtS, imu.timestampSampleNs);

        if (baroFresh) {
            double dt = lastBaroFuseNs == Long.MIN_VALUE ? 0.02 : (nowNs - lastBaroFuseNs) * 1e-9;
            positionFilter.fuseVerticalPosition(-(baroHeightM - baroOffsetM), baroSample.timestampSampleNs, dt);
            lastBaroFuseNs = nowNs;
            baroFresh = false;
        }
        if (gnssFresh) {
            fuseGnss(nowNs);
            gnssFresh = false;
        }
    }

    private void align(long nowNs) {
        if (lastMagNs == Long.MIN_VALUE || !(imu.dtS > 0.0)) {
            return;
        }
        alignAccelSum.addScaled(imu.deltaVelocityFrdMps, 1.0 / imu.dtS);
        alignGyroSum.addScaled(imu.deltaAngleFrdRad, 1.0 / imu.dtS);
        alignCount++;
        if (alignCount < ALIGN_SAMPLES) {
            return;
        }
        alignAccelSum.scale(1.0 / alignCount);
        alignGyroSum.scale(1.0 / alignCount);
        // Aligning needs a still vehicle; a moving one fails the bias bound and tries again.
        if (attitudeFilter.align(alignAccelSum, magFrd, declinationRad, alignGyroSum)) {
            alignedAtNs = nowNs;
        }
        alignAccelSum.zero();
        alignGyroSum.zero();
        alignCount = 0;
    }

    private void fuseGnss(long nowNs) {
        if (gnssGoodSinceNs == Long.MIN_VALUE) {
            return;
        }
        GnssSample g = gnssSample;
        if (!geoRef.isInitialised()) {
            if (nowNs - gnssGoodSinceNs < GNSS_GOOD_FOR_NS) {
                return;
            }
            // The local origin is here; its altitude is the GNSS altitude of the ground below
            // the vehicle's current height.
            geoRef.reset(g.latDeg, g.lonDeg, g.altMslM + positionFilter.positionNed().z);
            positionFilter.resetHorizontal(0.0, 0.0, g.velNMps, g.velEMps);
            positionRefAtNs = nowNs;
            lastGnssFuseNs = nowNs;
            return;
        }
        geoRef.toNed(g.latDeg, g.lonDeg, g.altMslM, gnssNed);
        double dt = (nowNs - lastGnssFuseNs) * 1e-9;
        if (positionFilter.fuseHorizontalPosition(gnssNed.x, gnssNed.y, g.timestampSampleNs, dt, nowNs)) {
            gnssVelNed.set(g.velNMps, g.velEMps, g.velDMps);
            positionFilter.fuseVelocity(gnssVelNed, true, g.timestampSampleNs, dt);
        }
        lastGnssFuseNs = nowNs;
    }

    private void publish(long nowNs) {
        boolean aligned = attitudeFilter.isAligned();
        boolean imuHealthy = lastImuNs != Long.MIN_VALUE && nowNs - lastImuNs < IMU_TIMEOUT_NS;
        boolean baroHealthy = lastBaroNs != Long.MIN_VALUE && nowNs - lastBaroNs < BARO_TIMEOUT_NS;
        boolean magHealthy = lastMagNs != Long.MIN_VALUE && magSample.timestampSampleNs > 0
                && nowNs - lastMagNs < MAG_TIMEOUT_NS;
        boolean gnssHealthy = lastGnssGoodNs != Long.MIN_VALUE && nowNs - lastGnssGoodNs < GNSS_TIMEOUT_NS;
        boolean attitudeValid = aligned && imuHealthy && nowNs - alignedAtNs > ATTITUDE_SETTLE_NS;
        boolean zValid = verticalStarted && baroHealthy;
        boolean xyValid = geoRef.isInitialised() && gnssHealthy;
        boolean positionValid = attitudeValid && zValid && xyValid && nowNs - positionRefAtNs > POSITION_SETTLE_NS;

        if (aligned) {
            attitudeOut.timestampNs = nowNs;
            attitudeOut.timestampSampleNs = imu.timestampSampleNs;
            attitudeOut.q.set(attitudeFilter.attitude());
            attitudePub.publish(attitudeOut);
        }

        VehicleLocalPosition p = positionOut;
        p.timestampNs = nowNs;
        p.timestampSampleNs = imu.timestampSampleNs;
        p.posNedM.set(positionFilter.positionNed());
        p.velNedMps.set(positionFilter.velocityNed());
        p.accNedMps2.set(positionFilter.accelerationNed());
        p.xyValid = xyValid && positionValid;
        p.vxyValid = p.xyValid;
        p.zValid = zValid;
        p.vzValid = zValid;
        p.headingRad = aligned ? attitudeFilter.attitude().yaw() : Double.NaN;
        p.refValid = geoRef.isInitialised();
        p.refLatDeg = geoRef.refLatDeg();
        p.refLonDeg = geoRef.refLonDeg();
        p.refAltM = geoRef.refAltM();
        p.ephM = gnssEphM;
        p.epvM = gnssEpvM;
        localPositionPub.publish(p);

        EstimatorStatus s = statusOut;
        s.timestampNs = nowNs;
        s.imuHealthy = imuHealthy;
        s.baroHealthy = baroHealthy;
        s.magHealthy = magHealthy;
        s.gnssHealthy = gnssHealthy;
        s.attitudeValid = attitudeValid;
        s.positionValid = positionValid;
        s.gnssFixType = gnssSample.fixType;
        s.gnssSatellites = gnssSample.satellitesUsed;
        s.gnssEphM = gnssSample.ephM;
        s.rejectedSamples = rejectedSamples + imu.rejectedSamples;
        s.gnssRejected = positionFilter.gnssRejected();
        statusPub.publish(s);
    }
}
