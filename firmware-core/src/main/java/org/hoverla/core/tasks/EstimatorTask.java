package org.hoverla.core.tasks;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.estimation.AttitudeFilter;
import org.hoverla.core.estimation.Atmosphere;
import org.hoverla.core.estimation.PositionFilter;
import org.hoverla.core.estimation.ekf.Ekf;
import org.hoverla.core.estimation.ekf.FuseResult;
import org.hoverla.core.estimation.ekf.ImuDownsampler;
import org.hoverla.core.estimation.ekf.MeasurementBuffer;
import org.hoverla.core.estimation.ekf.OutputPredictor;
import org.hoverla.core.estimation.gnss.GnssConsistencyMonitor;
import org.hoverla.core.estimation.gnss.GnssQualityCheck;
import org.hoverla.core.math.Angles;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.EstimatorStatus;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleImu;
import org.hoverla.core.msg.VehicleLandDetected;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.sched.FlightTask;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.ParamWatch;
import org.hoverla.core.msg.SensorsStatus;
import org.hoverla.core.sensors.GnssFrontend;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.MagSample;

/**
 * The estimator stage: owner of the attitude and position filters and of the GNSS quality gate.
 * Runs at the IMU integration rate, after the sensor frontends in the same cycle
 * ({@code org.hoverla.core.sensors}), whose topics it reads: the integrated IMU
 * ({@code vehicle_imu}), the selected barometer's and magnetometer's accepted samples
 * ({@code sensor_baro}, {@code sensor_mag}: already plausible, calibrated and in body axes), the
 * selected receiver's GNSS reports ({@code sensor_gps}) and the frontends' status topics (for the
 * rejected-sample count). Health flags say whether data reached the estimator recently.
 *
 * <p>Start-up: the attitude aligns from 0.2 s of still accelerometer data and the magnetometer;
 * the vertical position starts at 0 on the barometer; the local frame's horizontal origin is the
 * first GNSS fix after the {@link GnssQualityCheck} has passed continuously for EST_GPS_CHK_T.
 * Ground truth is never an input. Every GNSS fix also feeds the {@link GnssConsistencyMonitor}
 * (with the barometer and the EKF's GNSS innovations); with EST_GPS_MON = 2 a suspect GNSS is
 * not fused.
 *
 * <p>Estimator choice ({@code EST_TYPE}, latched when the attitude aligns): 0 runs the
 * complementary {@link AttitudeFilter} and {@link PositionFilter}; 1 runs the 21-state {@link Ekf},
 * initialised from the same alignment (attitude and still-average gyro bias), predicted at 125 Hz
 * from the buffered IMU samples (see below) and fused with barometric height, magnetometer
 * heading (tilt-compensated with the EKF attitude, declination EST_MAG_DECL), GNSS horizontal
 * position and NED velocity.
 *
 * <p>EKF measurement delay (PX4 ekf2's delayed fusion horizon): every IMU sample is buffered in
 * an {@link OutputPredictor}; the EKF predicts with a sample only when it is {@code EST_EKF_DELAY}
 * old, and baro, magnetometer and GNSS measurements wait in per-sensor {@link MeasurementBuffer}s
 * until the EKF has predicted up to their sample time, so each is fused against the state (and
 * covariance) of that time. A measurement older than the horizon when it arrives is dropped and
 * counted. The output predictor carries the delayed EKF state to the newest IMU sample with the
 * buffered samples and corrects it toward the EKF with a complementary filter (see its javadoc);
 * attitude, position, velocity and acceleration published for the controllers are that output
 * state; eph/epv and the test ratios come from the delayed EKF. Before the GNSS origin is set
 * (on the ground) the EKF fuses a fake zero position (PX4 style) so it cannot drift; when GNSS
 * has not been fused for a second after that, the accelerometer (bias-corrected, averaged over
 * 1 s, only while the estimated horizontal acceleration is small) is fused as the gravity
 * direction to keep roll and pitch bounded.
 *
 * <p>Validity (published in {@link EstimatorStatus} and {@link VehicleLocalPosition}): attitude
 * after alignment and 1 s of settling with live IMU data (a stuck IMU counts as not live);
 * vertical position and velocity with attitude and a healthy barometer; horizontal position and
 * velocity, with the complementary filters, while GNSS is healthy; with the EKF, while GNSS was
 * fused within {@code EST_NOAID_TOUT} (PX4 EKF2_NOAID_TOUT). Between 1 s without GNSS fusion
 * and that timeout the solution is flagged dead reckoning: the EKF runs on the IMU, barometer
 * and magnetometer and its covariance, hence eph, grows. When GNSS keeps failing the gate for
 * {@code EST_GPS_RST_T} while the receiver reports a good fix, the horizontal position and
 * velocity are reset to GNSS (PX4 ekf2's reset to GPS after reset_timeout_max) and counted.
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
    /** IMU samples the output predictor holds: EST_EKF_DELAY max 0.4 s at 250 Hz, plus margin. */
    private static final int EKF_IMU_BUFFER = 128;
    /**
     * EKF prediction period: IMU samples (4 ms at the 250 Hz estimator rate) are summed to at
     * least this before Ekf.predict, halving the covariance prediction cost (PX4 ekf2 predicts
     * at 100 Hz). Measurements are fused at the nearest EKF step, within ±4 ms of their time.
     */
    private static final double EKF_PREDICT_PERIOD_S = 0.008;
    private static final double EKF_BARO_SIGMA_M = 0.3;
    private static final double EKF_FAKE_POS_SIGMA_M = 0.5;
    private static final double EKF_HEADING_SIGMA_RAD = Math.toRadians(5.0);
    private static final double EKF_GNSS_VEL_SIGMA_MPS = 0.15;
    private static final double EKF_GNSS_POS_SIGMA_MIN_M = 0.5;
    private static final double EKF_GNSS_POS_SIGMA_MAX_M = 5.0;
    private static final double EKF_GRAVITY_SIGMA = 0.05;
    /**
     * Gravity updates average the accelerometer over 1 s. A multicopter's accelerometer reads
     * thrust, not gravity, whenever it accelerates, so each window's "measurement" is off by its
     * mean acceleration / g. Measured in the lockstep 30 s GNSS outage (EkfGnssLossInLoopTest,
     * seed 1): with 100 ms windows the true horizontal error reached 55 m (eph 33 m: not
     * covered) and the 10 s-timeout landing never disarmed; with 1 s windows 26 m (eph 43 m).
     */
    private static final long EKF_GRAVITY_PERIOD_NS = 1_000_000_000L;
    private static final long EKF_GNSS_AIDING_TIMEOUT_NS = 1_000_000_000L;
    /**
     * The averaged accelerometer is the gravity direction only when the vehicle is not
     * accelerating: a horizontal kinematic acceleration a tilts the specific force by a/g while
     * |f| changes only by a²/2g, so the |f| gate alone lets a 1.5 m/s² turn through as a 9°
     * attitude "measurement" that, through the attitude–velocity covariance, also pulls the
     * velocity. Skip the update when the EKF's own estimate of the horizontal acceleration
     * over the window is above this (m/s²).
     */
    private static final double EKF_GRAVITY_MAX_HORIZ_ACCEL_MPS2 = 0.5;
    private static final double EKF_GRAVITY_MAX_NORM_ERR_MPS2 = 2.0;

    private final Subscription<VehicleImu> imuSub;
    private final Subscription<BaroSample> baroSub;
    private final Subscription<MagSample> magSub;
    private final Subscription<GnssSample> gnssSub;
    /** The frontends' status topics (IMU, baro, mag, GNSS), for the rejected-sample count; entries may be null. */
    private final Subscription<SensorsStatus>[] sensorStatusSubs;
    private final SensorsStatus sensorStatus = new SensorsStatus();
    private final Publication<VehicleAttitude> attitudePub;
    private final Publication<VehicleLocalPosition> localPositionPub;
    private final Publication<EstimatorStatus> statusPub;
    private final FlightParams params;
    private final ParamWatch paramWatch;

    private final AttitudeFilter attitudeFilter = new AttitudeFilter();
    private final PositionFilter positionFilter = new PositionFilter();
    private final GeoRef geoRef = new GeoRef();
    private final Ekf ekf = new Ekf();
    private final Subscription<VehicleLandDetected> landSub;
    private final VehicleLandDetected land = new VehicleLandDetected();
    private final GnssQualityCheck gnssCheck = new GnssQualityCheck();
    private final GnssConsistencyMonitor gnssMonitor = new GnssConsistencyMonitor();
    private int gnssMonitorAction;
    private long gnssSuspectSkipped;
    private final Quat ekfQ = new Quat();
    private final Quat tiltQ = new Quat();
    private final Vec3 ekfPos = new Vec3();
    private final Vec3 ekfVel = new Vec3();
    private final Vec3 ekfAccNed = new Vec3();
    private final Vec3 ekfAccelBias = new Vec3();
    private final Vec3 ekfZero = new Vec3();
    private final Vec3 magLevel = new Vec3();
    private final Vec3 gravitySum = new Vec3();
    private final Vec3 ekfTmp = new Vec3();
    private final double[] hRow = new double[Ekf.N];
    private final OutputPredictor outputPredictor = new OutputPredictor(EKF_IMU_BUFFER);
    private final MeasurementBuffer baroBuffer = new MeasurementBuffer(32);
    private final MeasurementBuffer magBuffer = new MeasurementBuffer(32);
    private final MeasurementBuffer gnssBuffer = new MeasurementBuffer(8);
    private final ImuDownsampler ekfDownsampler = new ImuDownsampler();
    private final Vec3 delayedDAng = new Vec3();
    private final Vec3 delayedDVel = new Vec3();
    private final Vec3 magDelayed = new Vec3();
    private final Vec3 ekfGyroBias = new Vec3();
    /** EKF (fusion horizon) time: the sample time of the last IMU sample the EKF predicted with. */
    private long ekfTimeNs = Long.MIN_VALUE;
    private long ekfDelayNs = 150_000_000L;
    private final Vec3 gravityAccNedSum = new Vec3();
    private int gravityCount;
    private long lastEkfGnssPosFuseNs = Long.MIN_VALUE;
    private boolean lastGnssPosGateRejected;
    private long ekfDelayParamNs = 150_000_000L;
    private long noAidTimeoutNs = 5_000_000_000L;
    private long gnssResetTimeoutNs = 7_000_000_000L;
    private final org.hoverla.core.msg.EstimatorInnovations innovations = new org.hoverla.core.msg.EstimatorInnovations();
    private boolean innovationsChanged;
    private org.hoverla.core.bus.Publication<org.hoverla.core.msg.EstimatorInnovations> innovationsPub;
    private double gnssPosTestRatio = Double.NaN;
    private double gnssVelTestRatio = Double.NaN;
    private double heightTestRatio = Double.NaN;
    private double magTestRatio = Double.NaN;
    private long gnssPosFused;
    private long gnssPosRejected;
    private long gnssVelFused;
    private long gnssVelRejected;
    private long heightFused;
    private long heightRejected;
    private long magFused;
    private long magRejected;
    private long gnssResets;
    /** Receiver horizontal accuracy (as fused, m) of the last GNSS position the EKF accepted. */
    private double ekfGnssEphM = Double.NaN;
    private final Vec3 resetPos = new Vec3();
    private final Vec3 resetVel = new Vec3();
    private final Vec3 resetGyroBias = new Vec3();
    private long lastGravityNs = Long.MIN_VALUE;
    private long lastEkfGnssFuseNs = Long.MIN_VALUE;
    private int estTypeParam;
    private boolean useEkf;

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

    private long lastImuNs = Long.MIN_VALUE;
    private long lastBaroNs = Long.MIN_VALUE;
    private long lastMagNs = Long.MIN_VALUE;
    private long lastGnssGoodNs = Long.MIN_VALUE;
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
    private double gnssEphM = Double.NaN;
    private double gnssEpvM = Double.NaN;

    /**
     * @param baroSub          the baro frontend's {@code sensor_baro}
     * @param magSub           the mag frontend's {@code sensor_mag}
     * @param gnssSub          the GNSS frontend's {@code sensor_gps}
     * @param sensorStatusSubs the frontends' {@code sensors_status_*} topics, summed into
     *                         {@link EstimatorStatus#rejectedSamples}; null entries are skipped
     * @param landSub          the land detector's output, for the GNSS drift checks that only
     *                         apply on the ground; null treats the vehicle as landed
     */
    public EstimatorTask(Subscription<VehicleImu> imuSub, Subscription<BaroSample> baroSub,
                         Subscription<MagSample> magSub, Subscription<GnssSample> gnssSub,
                         Subscription<SensorsStatus>[] sensorStatusSubs,
                         Publication<VehicleAttitude> attitudePub, Publication<VehicleLocalPosition> localPositionPub,
                         Publication<EstimatorStatus> statusPub,
                         Subscription<VehicleLandDetected> landSub, FlightParams params) {
        this.landSub = landSub;
        this.imuSub = imuSub;
        this.baroSub = baroSub;
        this.magSub = magSub;
        this.gnssSub = gnssSub;
        this.sensorStatusSubs = sensorStatusSubs.clone();
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
        gnssCheck.setMinSatellites(params.gnssMinSatellites.get());
        gnssCheck.setMaxEphM(params.gnssMaxEphM.get());
        gnssCheck.setMaxEpvM(params.gnssMaxEpvM.get());
        gnssCheck.setMaxSAccMps(params.gnssMaxSAccMps.get());
        gnssCheck.setMaxHorizontalDriftMps(params.gnssMaxHDriftMps.get());
        gnssCheck.setMaxVerticalDriftMps(params.gnssMaxVDriftMps.get());
        gnssCheck.setRequiredPassTimeS(params.gnssCheckTimeS.get());
        gnssMonitorAction = params.gnssMonitorAction.get();
        estTypeParam = params.estType.get();
        noAidTimeoutNs = (long) (params.noAidTimeoutS.get() * 1e9);
        gnssResetTimeoutNs = (long) (params.gnssResetTimeoutS.get() * 1e9);
        ekfDelayParamNs = Math.round(params.ekfDelayS.get() * 1e9);
    }

    private void pollBaro(long nowNs) {
        if (!baroSub.update(baroSample)) {
            return;
        }
        baroHeightM = Atmosphere.pressureToAltitudeM(baroSample.pressurePa);
        gnssMonitor.updateBaro(baroSample.timestampSampleNs, baroHeightM);
        lastBaroNs = nowNs;
        baroFresh = true;
    }

    private void pollMag() {
        if (!magSub.update(magSample)) {
            return;
        }
        magFrd.set(magSample.fieldXGauss, magSample.fieldYGauss, magSample.fieldZGauss);
        lastMagNs = magSample.timestampSampleNs;
        magFresh = true;
    }

    private void pollGnss(long nowNs) {
        if (!gnssSub.update(gnssSample)) {
            return;
        }
        GnssSample g = gnssSample;
        if (landSub != null) {
            landSub.update(land);
        }
        // Receiver-side quality (fix, satellites, accuracies, drift while landed, non-finite
        // fields): every sample, so the continuous-pass timer sees outages too.
        gnssCheck.update(g, nowNs, landSub == null || land.landed);
        // The receiver's own jamming/spoofing report: every sample too, so a receiver that says it
        // is spoofed is flagged (and refuses arming) before any of its fixes is used.
        gnssMonitor.updateReceiverFlags(g.timestampSampleNs, g.jammingIndicator, g.jammingState, g.spoofingState);
        if (g.fixType < GnssSample.FIX_3D || !GnssFrontend.plausible(g)) {
            // No fix (an outage reports NaN or stale numbers), or a fix the frontend refused and counted.
            return;
        }
        if (!gnssCheck.passing()) {
            return;
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
        if (useEkf) {
            onImuEkf(nowNs);
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
            useEkf = estTypeParam == 1;
            if (useEkf) {
                ekfZero.zero();
                ekf.initialise(attitudeFilter.attitude(), ekfZero, ekfZero, attitudeFilter.gyroBiasFrdRadps(), ekfZero);
                ekfDelayNs = ekfDelayParamNs;
                ekfTimeNs = imu.timestampSampleNs;
                outputPredictor.reset(attitudeFilter.attitude(), ekfZero, ekfZero, ekfTimeNs);
                ekfDownsampler.clear();
                baroBuffer.clear();
                magBuffer.clear();
                gnssBuffer.clear();
            }
        }
        alignAccelSum.zero();
        alignGyroSum.zero();
        alignCount = 0;
    }

    private void fuseGnss(long nowNs) {
        GnssSample g = gnssSample;
        if (!geoRef.isInitialised()) {
            if (!gnssCheck.passedForRequiredTime() || gnssCheck.passDurationNs() < GNSS_GOOD_FOR_NS) {
                return;
            }
            // The local origin is here; its altitude is the GNSS altitude of the ground below
            // the vehicle's current height.
            geoRef.reset(g.latDeg, g.lonDeg, g.altMslM
                    + (useEkf ? outputPredictor.positionNed(ekfTmp).z : positionFilter.positionNed().z));
            positionFilter.resetHorizontal(0.0, 0.0, g.velNMps, g.velEMps);
            positionRefAtNs = nowNs;
            lastGnssFuseNs = nowNs;
            lastEkfGnssFuseNs = nowNs;
            lastEkfGnssPosFuseNs = nowNs;
            return;
        }
        geoRef.toNed(g.latDeg, g.lonDeg, g.altMslM, gnssNed);
        gnssMonitor.updateGnss(g, gnssNed);
        if (gnssMonitorAction == 2 && gnssMonitor.suspect()) {
            // Suspected spoofing: GNSS is not trusted; the inertial solution dead-reckons and the
            // EST_NOAID_TOUT budget, then the position-loss failsafe, take over.
            gnssSuspectSkipped++;
            return;
        }
        if (useEkf) {
            double sigmaP = Double.isFinite(g.ephM)
                    ? Math.max(EKF_GNSS_POS_SIGMA_MIN_M, Math.min(EKF_GNSS_POS_SIGMA_MAX_M, g.ephM))
                    : EKF_GNSS_POS_SIGMA_MAX_M;
            gnssBuffer.push(g.timestampSampleNs, ekfTimeNs, gnssNed.x, gnssNed.y, g.velNMps, g.velEMps, g.velDMps,
                    sigmaP);
            return;
        }
        double dt = (nowNs - lastGnssFuseNs) * 1e-9;
        if (positionFilter.fuseHorizontalPosition(gnssNed.x, gnssNed.y, g.timestampSampleNs, dt, nowNs)) {
            gnssVelNed.set(g.velNMps, g.velEMps, g.velDMps);
            positionFilter.fuseVelocity(gnssVelNed, true, g.timestampSampleNs, dt);
        }
        lastGnssFuseNs = nowNs;
    }

    // ------------------------------------------------------------------ EKF (EST_TYPE = 1)

    private void onImuEkf(long nowNs) {
        // Output predictor: buffer the sample and propagate the output ("now") state.
        ekf.gyroBias(ekfGyroBias);
        ekf.accelBias(ekfAccelBias);
        if (!outputPredictor.push(imu.timestampSampleNs, imu.deltaAngleFrdRad, imu.deltaVelocityFrdMps, imu.dtS,
                ekfGyroBias, ekfAccelBias)) {
            return;
        }
        // Queue the fresh measurements with their sample times (before the EKF catches up, so a
        // measurement exactly at the horizon is fused in this cycle).
        if (magFresh) {
            magBuffer.push(lastMagNs, ekfTimeNs, magFrd.x, magFrd.y, magFrd.z);
            magFresh = false;
        }
        if (baroFresh) {
            baroBuffer.push(baroSample.timestampSampleNs, ekfTimeNs, baroHeightM, 0.0, 0.0);
            baroFresh = false;
        }
        if (!verticalStarted) {
            // On the ground before the height origin: the EKF holds the position at the origin
            // (fake position fusions on the baro samples).
            if (Double.isFinite(baroHeightM) && nowNs - alignedAtNs > ATTITUDE_SETTLE_NS) {
                baroOffsetM = baroHeightM;
                verticalStarted = true;
            }
        } else if (gnssFresh) {
            fuseGnss(nowNs);
            gnssFresh = false;
        }
        // Bring the EKF to the fusion horizon, summing IMU samples to EKF steps of at least
        // EKF_PREDICT_PERIOD_S and fusing each measurement when the horizon reaches its time.
        long horizonNs = imu.timestampSampleNs - ekfDelayNs;
        while (outputPredictor.popDelayed(horizonNs, delayedDAng, delayedDVel)) {
            ekfDownsampler.add(delayedDAng, delayedDVel, outputPredictor.delayedDtS());
            if (ekfDownsampler.dtS() < EKF_PREDICT_PERIOD_S - 1e-6) {
                continue;
            }
            double dtS = ekfDownsampler.dtS();
            ekfDownsampler.take(delayedDAng, delayedDVel);
            ekfTimeNs = outputPredictor.delayedTimeNs();
            if (ekf.predict(delayedDAng, delayedDVel, dtS)) {
                // Bias-corrected specific force and kinematic acceleration at the horizon, for the
                // gravity updates (PX4 ekf2 fuses accel − accel bias as gravity too: with the raw
                // one, the update tilts the attitude by b_a/g and the bias-corrected velocity
                // prediction then drifts at |b_a| for as long as GNSS is missing).
                ekf.attitude(ekfQ);
                accelFrd.set(delayedDVel).scale(1.0 / dtS).sub(ekf.accelBias(ekfAccelBias));
                ekfQ.rotate(accelFrd, accelNed);
                accelNed.z += Ekf.GRAVITY_MPS2;
                gravitySum.add(accelFrd);
                gravityAccNedSum.add(accelNed);
                gravityCount++;
            }
            fuseDue(nowNs, (long) (dtS * 0.5e9));
            outputPredictor.correct(ekf.attitude(ekfQ), ekf.velocityNed(ekfVel), ekf.positionNed(ekfPos), dtS);
        }
    }

    /**
     * Fuses every buffered measurement whose sample time is closest to the EKF's (horizon) time:
     * up to half an EKF step ahead of it, so the time misalignment is at most ±half a step.
     */
    private void fuseDue(long nowNs, long halfStepNs) {
        long dueNs = ekfTimeNs + halfStepNs;
        while (magBuffer.popDue(dueNs)) {
            magDelayed.set(magBuffer.value(0), magBuffer.value(1), magBuffer.value(2));
            fuseMagEkf(magDelayed, magBuffer.sampleTimeNs());
        }
        while (baroBuffer.popDue(dueNs)) {
            if (!Double.isFinite(baroOffsetM)) {
                // Before the height origin: hold the position at the origin.
                ekf.fuseGnssPosition(0.0, 0.0, 0.0, EKF_FAKE_POS_SIGMA_M);
                continue;
            }
            FuseResult hr = ekf.fuseHeight(-(baroBuffer.value(0) - baroOffsetM), EKF_BARO_SIGMA_M);
            if (hr == FuseResult.FUSED || hr == FuseResult.REJECTED_GATE) {
                innovations.baroVposM = ekf.lastInnovation(0);
                innovations.baroVposRatio = ekf.lastTestRatio(0);
                innovationsChanged = true;
            }
            if (hr == FuseResult.FUSED) {
                heightFused++;
                heightTestRatio = ekf.lastMaxTestRatio();
            } else if (hr == FuseResult.REJECTED_GATE) {
                heightRejected++;
                heightTestRatio = ekf.lastMaxTestRatio();
            }
            if (!geoRef.isInitialised()) {
                ekf.fuseGnssPosition(0.0, 0.0, Double.NaN, EKF_FAKE_POS_SIGMA_M);
            }
        }
        while (gnssBuffer.popDue(dueNs)) {
            fuseGnssEkf(nowNs);
        }
        if (lastGravityNs == Long.MIN_VALUE || ekfTimeNs - lastGravityNs >= EKF_GRAVITY_PERIOD_NS) {
            boolean unaided = geoRef.isInitialised()
                    && (lastEkfGnssFuseNs == Long.MIN_VALUE || nowNs - lastEkfGnssFuseNs > EKF_GNSS_AIDING_TIMEOUT_NS);
            if (unaided && gravityCount > 0) {
                double ax = gravityAccNedSum.x / gravityCount;
                double ay = gravityAccNedSum.y / gravityCount;
                if (Math.sqrt(ax * ax + ay * ay) < EKF_GRAVITY_MAX_HORIZ_ACCEL_MPS2) {
                    fuseGravity(gravitySum.x / gravityCount, gravitySum.y / gravityCount,
                            gravitySum.z / gravityCount);
                }
            }
            gravitySum.zero();
            gravityAccNedSum.zero();
            gravityCount = 0;
            lastGravityNs = ekfTimeNs;
        }
    }

    /** The GNSS measurement just popped from gnssBuffer (N, E, vN, vE, vD, σ_pos), at the horizon. */
    private void fuseGnssEkf(long nowNs) {
        MeasurementBuffer m = gnssBuffer;
        double sigmaP = m.value(5);
        FuseResult r = ekf.fuseGnssPosition(m.value(0), m.value(1), Double.NaN, sigmaP);
        if (r == FuseResult.FUSED || r == FuseResult.REJECTED_GATE) {
            for (int i = 0; i < 2; i++) {
                innovations.gpsHposM[i] = ekf.lastInnovation(i);
                innovations.gpsHposRatio[i] = ekf.lastTestRatio(i);
            }
            innovationsChanged = true;
        }
        if (r == FuseResult.FUSED) {
            ekfGnssEphM = sigmaP;
            gnssPosFused++;
            gnssPosTestRatio = ekf.lastMaxTestRatio();
            lastEkfGnssPosFuseNs = nowNs;
        } else {
            gnssPosRejected++;
            if (r == FuseResult.REJECTED_GATE) {
                gnssPosTestRatio = ekf.lastMaxTestRatio();
            }
        }
        lastGnssPosGateRejected = r == FuseResult.REJECTED_GATE;
        if (r == FuseResult.FUSED || r == FuseResult.REJECTED_GATE) {
            // Normalised innovations for the monitor's long-window bias check: a solution dragged
            // slowly enough to pass every gate still leaves a one-sided innovation.
            gnssMonitor.updateInnovations(m.sampleTimeNs(), normalisedInnovation(0), normalisedInnovation(1),
                    Double.NaN);
        }
        FuseResult rv = ekf.fuseGnssVelocity(m.value(2), m.value(3), m.value(4), EKF_GNSS_VEL_SIGMA_MPS);
        if (rv == FuseResult.FUSED || rv == FuseResult.REJECTED_GATE) {
            for (int i = 0; i < 2; i++) {
                innovations.gpsHvelMps[i] = ekf.lastInnovation(i);
                innovations.gpsHvelRatio[i] = ekf.lastTestRatio(i);
            }
            innovations.gpsVvelMps = ekf.lastInnovation(2);
            innovations.gpsVvelRatio = ekf.lastTestRatio(2);
            innovationsChanged = true;
        }
        if (rv == FuseResult.FUSED) {
            gnssVelFused++;
            gnssVelTestRatio = ekf.lastMaxTestRatio();
        } else {
            gnssVelRejected++;
            if (rv == FuseResult.REJECTED_GATE) {
                gnssVelTestRatio = ekf.lastMaxTestRatio();
            }
        }
        if (r == FuseResult.FUSED || rv == FuseResult.FUSED) {
            lastEkfGnssFuseNs = nowNs;
        }
        lastGnssFuseNs = nowNs;
        // Re-acquisition (PX4 ekf2 resetHorizontalPositionToGnss after reset_timeout_max): the
        // receiver has had a good fix for GNSS_GOOD_FOR_NS but its position has failed the gate
        // for EST_GPS_RST_T, so the inertial solution, not GNSS, is the one that is wrong.
        if (lastGnssPosGateRejected && gnssCheck.passDurationNs() >= GNSS_GOOD_FOR_NS
                && nowNs - lastEkfGnssPosFuseNs > gnssResetTimeoutNs) {
            resetHorizontalToGnss(m.value(0), m.value(1), m.value(2), m.value(3), nowNs);
        }
    }

    private double normalisedInnovation(int component) {
        double var = ekf.lastInnovationVariance(component);
        return var > 0.0 ? ekf.lastInnovation(component) / Math.sqrt(var) : Double.NaN;
    }

    /**
     * Sets the EKF horizontal position and velocity to the GNSS solution at the fusion horizon
     * (the GNSS sample time), keeping attitude, height, vertical velocity and the biases, and
     * passes the jump to the output predictor unfiltered (PX4 applies reset deltas to its output
     * buffer). The Ekf has no partial reset, so this re-initialises it, which also resets the
     * covariance to its initial diagonal: the uncertainty honestly jumps up and the next fusions
     * pull it down again. (Ekf resetHorizontalPosition/Velocity, PX4 style, would keep the
     * attitude and bias covariances; asked for in the issue report.)
     */
    private void resetHorizontalToGnss(double n, double e, double vn, double ve, long nowNs) {
        ekf.positionNed(ekfPos);
        ekf.velocityNed(ekfVel);
        resetPos.set(n, e, ekfPos.z);
        resetVel.set(vn, ve, ekfVel.z);
        ekf.attitude(ekfQ);
        ekf.gyroBias(resetGyroBias);
        ekf.accelBias(ekfAccelBias);
        if (!ekf.initialise(ekfQ, resetPos, resetVel, resetGyroBias, ekfAccelBias)) {
            return;
        }
        outputPredictor.applyReset(n - ekfPos.x, e - ekfPos.y, 0.0, vn - ekfVel.x, ve - ekfVel.y, 0.0);
        gnssResets++;
        lastEkfGnssPosFuseNs = nowNs;
        lastEkfGnssFuseNs = nowNs;
        lastGnssPosGateRejected = false;
    }

    /** Measurements dropped by the delayed-fusion buffers (late, out of order, non-finite, overflow). */
    public long delayedMeasurementsDropped() {
        long d = 0;
        d += baroBuffer.late() + baroBuffer.outOfOrder() + baroBuffer.invalid() + baroBuffer.overflows();
        d += magBuffer.late() + magBuffer.outOfOrder() + magBuffer.invalid() + magBuffer.overflows();
        d += gnssBuffer.late() + gnssBuffer.outOfOrder() + gnssBuffer.invalid() + gnssBuffer.overflows();
        return d;
    }

    /** IMU samples the output predictor rejected or had to hand the EKF early (ring nearly full). */
    public long outputPredictorFaults() {
        return outputPredictor.rejectedInvalid() + outputPredictor.rejectedOutOfOrder() + outputPredictor.overflows()
                + outputPredictor.horizonOverruns();
    }

    /** Tilt-compensated magnetometer heading (with the delayed EKF roll/pitch) plus declination. */
    private void fuseMagEkf(Vec3 field, long sampleTimeNs) {
        ekf.attitude(ekfQ);
        tiltQ.setEuler(ekfQ.roll(), ekfQ.pitch(), 0.0);
        tiltQ.rotate(field, magLevel);
        if (Math.hypot(magLevel.x, magLevel.y) < 1e-6) {
            return;
        }
        double yaw = Angles.wrapPi(Math.atan2(-magLevel.y, magLevel.x) + declinationRad);
        FuseResult r = ekf.fuseHeading(yaw, EKF_HEADING_SIGMA_RAD);
        if (r == FuseResult.FUSED || r == FuseResult.REJECTED_GATE) {
            innovations.headingRad = ekf.lastInnovation(0);
            innovations.headingRatio = ekf.lastTestRatio(0);
            innovationsChanged = true;
        }
        if (r == FuseResult.FUSED) {
            lastMagFuseNs = sampleTimeNs;
            magFused++;
            magTestRatio = ekf.lastMaxTestRatio();
        } else if (r == FuseResult.REJECTED_GATE) {
            magRejected++;
            magTestRatio = ekf.lastMaxTestRatio();
        }
    }

    /**
     * Averaged bias-corrected accelerometer as the gravity direction in the body frame
     * (z = −f/|f|, h = R(q)ᵀ·[0,0,1], H = [h]× on the attitude error); skipped when |f| is
     * 2 m/s² off g (the caller also skips it in horizontally accelerating flight).
     */
    private void fuseGravity(double fx, double fy, double fz) {
        double norm = Math.sqrt(fx * fx + fy * fy + fz * fz);
        if (!(Math.abs(norm - Ekf.GRAVITY_MPS2) < EKF_GRAVITY_MAX_NORM_ERR_MPS2)) {
            return;
        }
        for (int axis = 0; axis < 3; axis++) {
            ekf.attitude(ekfQ);
            ekfQ.rotateInverse(ekfTmp.set(0.0, 0.0, 1.0), ekfTmp);
            java.util.Arrays.fill(hRow, 0.0);
            double z;
            double hx;
            if (axis == 0) {
                hRow[Ekf.ATT + 1] = -ekfTmp.z;
                hRow[Ekf.ATT + 2] = ekfTmp.y;
                z = -fx / norm;
                hx = ekfTmp.x;
            } else if (axis == 1) {
                hRow[Ekf.ATT] = ekfTmp.z;
                hRow[Ekf.ATT + 2] = -ekfTmp.x;
                z = -fy / norm;
                hx = ekfTmp.y;
            } else {
                hRow[Ekf.ATT] = -ekfTmp.y;
                hRow[Ekf.ATT + 1] = ekfTmp.x;
                z = -fz / norm;
                hx = ekfTmp.z;
            }
            ekf.fuseScalar(hRow, z - hx, EKF_GRAVITY_SIGMA * EKF_GRAVITY_SIGMA);
        }
    }

    /** Samples the sensor frontends refused, all roles and instances (each status topic's newest value). */
    private long sensorRejectedSamples() {
        long n = 0;
        for (Subscription<SensorsStatus> sub : sensorStatusSubs) {
            if (sub != null && sub.topic().generation() > 0) {
                sub.copy(sensorStatus);
                n += sensorStatus.rejectedSamples;
            }
        }
        return n;
    }

    /**
     * Also publish the EKF's innovations and test ratios (the flight log's estimator_innovations);
     * boot thread, before the first cycle.
     */
    public void publishInnovations(org.hoverla.core.bus.Publication<org.hoverla.core.msg.EstimatorInnovations> pub) {
        this.innovationsPub = pub;
    }

    private void publish(long nowNs) {
        if (innovationsChanged && innovationsPub != null) {
            innovations.timestampNs = nowNs;
            innovationsPub.publish(innovations);
        }
        innovationsChanged = false;
        boolean aligned = attitudeFilter.isAligned();
        boolean imuHealthy = lastImuNs != Long.MIN_VALUE && nowNs - lastImuNs < IMU_TIMEOUT_NS && !imu.stuck;
        boolean baroHealthy = lastBaroNs != Long.MIN_VALUE && nowNs - lastBaroNs < BARO_TIMEOUT_NS;
        boolean magHealthy = lastMagNs != Long.MIN_VALUE && magSample.timestampSampleNs > 0
                && nowNs - lastMagNs < MAG_TIMEOUT_NS;
        boolean gnssHealthy = lastGnssGoodNs != Long.MIN_VALUE && nowNs - lastGnssGoodNs < GNSS_TIMEOUT_NS;
        boolean attitudeValid = aligned && imuHealthy && nowNs - alignedAtNs > ATTITUDE_SETTLE_NS;
        boolean zValid = attitudeValid && verticalStarted && baroHealthy;
        String zReason = zValid ? EstimatorStatus.REASON_NONE
                : !aligned ? EstimatorStatus.REASON_NOT_ALIGNED
                : !imuHealthy ? EstimatorStatus.REASON_IMU
                : !baroHealthy ? EstimatorStatus.REASON_BARO : EstimatorStatus.REASON_SETTLING;
        boolean settled = geoRef.isInitialised() && nowNs - positionRefAtNs > POSITION_SETTLE_NS;
        // Horizontal: the complementary filter needs live GNSS; the EKF may dead-reckon on the
        // IMU for EST_NOAID_TOUT after its last GNSS fusion (PX4 EKF2_NOAID_TOUT).
        long noAidNs = useEkf && lastEkfGnssFuseNs != Long.MIN_VALUE ? nowNs - lastEkfGnssFuseNs : Long.MAX_VALUE;
        boolean horizontalAided = useEkf ? noAidNs <= noAidTimeoutNs : gnssHealthy;
        boolean xyValid = attitudeValid && settled && horizontalAided;
        String xyReason = xyValid ? EstimatorStatus.REASON_NONE
                : !aligned ? EstimatorStatus.REASON_NOT_ALIGNED
                : !imuHealthy ? EstimatorStatus.REASON_IMU
                : !geoRef.isInitialised() ? EstimatorStatus.REASON_NO_ORIGIN
                : !settled || !attitudeValid ? EstimatorStatus.REASON_SETTLING
                : useEkf ? EstimatorStatus.REASON_NOAID_TIMEOUT : EstimatorStatus.REASON_NO_GNSS;
        boolean deadReckoning = useEkf && xyValid && noAidNs > EKF_GNSS_AIDING_TIMEOUT_NS;
        boolean positionValid = xyValid && zValid;

        if (aligned) {
            attitudeOut.timestampNs = nowNs;
            attitudeOut.timestampSampleNs = imu.timestampSampleNs;
            attitudeOut.q.set(useEkf ? outputPredictor.attitude(ekfQ) : attitudeFilter.attitude());
            if (useEkf) {
                attitudeOut.errorVarFrdRad2.set(ekf.covariance(Ekf.ATT, Ekf.ATT),
                        ekf.covariance(Ekf.ATT + 1, Ekf.ATT + 1), ekf.covariance(Ekf.ATT + 2, Ekf.ATT + 2));
            } else {
                attitudeOut.errorVarFrdRad2.setNaN();
            }
            attitudePub.publish(attitudeOut);
        }

        VehicleLocalPosition p = positionOut;
        p.timestampNs = nowNs;
        p.timestampSampleNs = imu.timestampSampleNs;
        if (useEkf) {
            p.posNedM.set(outputPredictor.positionNed(ekfPos));
            p.velNedMps.set(outputPredictor.velocityNed(ekfVel));
            p.accNedMps2.set(outputPredictor.accelerationNed(ekfAccNed));
        } else {
            p.posNedM.set(positionFilter.positionNed());
            p.velNedMps.set(positionFilter.velocityNed());
            p.accNedMps2.set(positionFilter.accelerationNed());
        }
        p.xyValid = xyValid;
        p.vxyValid = xyValid;
        p.zValid = zValid;
        p.vzValid = zValid;
        p.deadReckoning = deadReckoning;
        p.headingRad = aligned ? (useEkf ? outputPredictor.attitude(ekfQ).yaw() : attitudeFilter.attitude().yaw()) : Double.NaN;
        p.refValid = geoRef.isInitialised();
        p.refLatDeg = geoRef.refLatDeg();
        p.refLonDeg = geoRef.refLonDeg();
        p.refAltM = geoRef.refAltM();
        if (useEkf) {
            // The EKF's own 1-σ figures (PX4 eph/epv), which grow while dead reckoning. The
            // EKF fuses every fix as independent, so its variance shrinks below the
            // receiver's accuracy although the receiver's slow (multipath/atmosphere) error, the
            // same in every fix for minutes, cannot be averaged away: the horizontal figure adds
            // the accuracy the receiver reported for the last fused fix, in quadrature, so that eph
            // covers the absolute error (PX4's eph does not, and reads 0.1 m next to a 2 m error).
            double h = ekf.horizontalPositionStdDevM();
            p.ephM = Double.isFinite(ekfGnssEphM) ? Math.sqrt(h * h + ekfGnssEphM * ekfGnssEphM) : h;
            p.epvM = ekf.verticalPositionStdDevM();
            ekf.positionVariance(p.posVarNedM2);
            ekf.velocityVariance(p.velVarNedM2ps2);
        } else {
            p.ephM = gnssEphM;
            p.epvM = gnssEpvM;
            p.posVarNedM2.setNaN();
            p.velVarNedM2ps2.setNaN();
        }
        localPositionPub.publish(p);

        EstimatorStatus s = statusOut;
        s.timestampNs = nowNs;
        s.imuHealthy = imuHealthy;
        s.baroHealthy = baroHealthy;
        s.magHealthy = magHealthy;
        s.gnssHealthy = gnssHealthy;
        s.estimatorType = useEkf ? 1 : 0;
        s.attitudeValid = attitudeValid;
        s.positionValid = positionValid;
        s.xyValid = xyValid;
        s.vxyValid = xyValid;
        s.zValid = zValid;
        s.vzValid = zValid;
        s.deadReckoning = deadReckoning;
        s.noAidS = noAidNs == Long.MAX_VALUE ? Double.NaN : noAidNs * 1e-9;
        s.xyInvalidReason = xyReason;
        s.zInvalidReason = zReason;
        s.gnssFixType = gnssSample.fixType;
        s.gnssSatellites = gnssSample.satellitesUsed;
        s.gnssEphM = gnssSample.ephM;
        s.rejectedSamples = sensorRejectedSamples();
        s.gnssRejected = positionFilter.gnssRejected() + gnssPosRejected;
        s.gnssPosTestRatio = gnssPosTestRatio;
        s.gnssVelTestRatio = gnssVelTestRatio;
        s.heightTestRatio = heightTestRatio;
        s.magTestRatio = magTestRatio;
        s.gnssPosFused = gnssPosFused;
        s.gnssPosRejected = gnssPosRejected;
        s.gnssVelFused = gnssVelFused;
        s.gnssVelRejected = gnssVelRejected;
        s.heightFused = heightFused;
        s.heightRejected = heightRejected;
        s.magFused = magFused;
        s.magRejected = magRejected;
        s.gnssResets = gnssResets;
        gnssMonitor.tick(nowNs);
        s.gnssChecksPassed = gnssCheck.passedForRequiredTime();
        s.gnssCheckFailMask = gnssCheck.enabledFailMask();
        s.gnssCheckReason = gnssCheck.firstFailReason();
        s.gnssSuspect = gnssMonitor.suspect();
        s.gnssSuspectMask = gnssMonitor.reasonMask();
        s.gnssSuspectReason = gnssMonitor.firstReason();
        s.gnssJamming = gnssMonitor.jamming();
        s.gnssReceiverSpoofing = gnssMonitor.receiverSpoofing();
        s.gnssJammingIndicator = gnssSample.jammingIndicator;
        s.gnssSuspectSkipped = gnssSuspectSkipped;
        statusPub.publish(s);
    }
}
