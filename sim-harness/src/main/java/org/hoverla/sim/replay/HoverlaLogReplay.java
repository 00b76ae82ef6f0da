package org.hoverla.sim.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.estimation.Atmosphere;
import org.hoverla.core.log.FlightLogParams;
import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogTopic;
import org.hoverla.core.math.Angles;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.SensorsStatus;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleImu;
import org.hoverla.core.msg.VehicleLandDetected;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.param.FloatParam;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.SetResult;
import org.hoverla.core.tasks.EstimatorTask;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.MagSample;

/**
 * Replays a log Hoverla wrote (info {@code sys_name} "Hoverla") through the flight code's own
 * {@link EstimatorTask}, so that a field log becomes a regression case for the estimator.
 *
 * <p>How: a fresh {@link ParamStore} with {@link FlightParams} takes every parameter the log holds
 * (and its in-flight changes at their times); the task reads its inputs from the bus topics it
 * reads in flight, which this class publishes from the log's records: {@code sensor_combined}
 * (rates × integral dt back into the delta angle and velocity of {@code vehicle_imu}),
 * {@code vehicle_air_data.baro_pressure_pa}, {@code vehicle_magnetometer}, {@code sensor_gps} and
 * {@code vehicle_land_detected}. The task runs once per {@code sensor_combined} record, in log time,
 * at the cycle time the flight ran it (the IMU sample time plus the offset between the log's
 * {@code vehicle_attitude} timestamp and timestamp_sample), after every other input sampled up to
 * that time has been published, as the frontends did earlier in the same cycle.
 *
 * <p>It compares the replayed estimate with the log's own ({@code vehicle_attitude},
 * {@code vehicle_local_position}, at their logged times), and, when the log carries the
 * simulator's ground truth ({@code vehicle_attitude_groundtruth},
 * {@code vehicle_local_position_groundtruth}), both estimates with the truth over the armed
 * flight ({@code vehicle_status.arming_state} 2, from {@code armed_time}) as {@link TruthFigures}.
 *
 * <p>What the log cannot give back: values logged as float32 (rates, specific forces, fields,
 * pressure) and timestamps in µs; the IMU's stuck flag and the frontends' rejected-sample counters
 * are not logged (taken as not stuck, none rejected). GNSS records carry the sample time only, so a
 * fix reaches the replayed task at its sample time rather than when the receiver delivered it.
 *
 * <p>Offline; allocates freely.
 */
public final class HoverlaLogReplay {
    /** Less than this share of the flight's time covered by sensor_combined's integral dt is not a replay log. */
    static final double MIN_IMU_COVERAGE = 0.9;

    /** What the replay produced. Non-finite RMS values mean "not compared". */
    public record Result(double durationS, int imuSamples, int parametersApplied, int parameterChanges,
                         double rollRmsDeg, double pitchRmsDeg, double yawRmsDeg, int attitudeSamples,
                         double posHRmsM, double posVRmsM, int positionSamples,
                         double armedS, TruthFigures logVsTruth, TruthFigures replayVsTruth,
                         List<String> notes, List<String> problems) {
        /** Whether the log had ground truth and an armed window, so the truth figures exist. */
        public boolean hasTruth() {
            return logVsTruth != null;
        }
    }

    private HoverlaLogReplay() {
    }

    /** Whether the log was written by Hoverla (info {@code sys_name}). */
    public static boolean isHoverlaLog(UlogFile log) {
        return "Hoverla".equals(log.info().get("sys_name"));
    }

    /**
     * The GNSS latency assumed when the log does not say when each fix reached the estimator: the
     * simulated receiver's ({@link org.hoverla.sim.sensors.GnssSim}, 100 ms; PX4's EKF2_GPS_DELAY
     * default is 110 ms).
     */
    public static final long DEFAULT_GNSS_LATENCY_US = 100_000L;

    /** {@link #run(UlogFile, long)} with {@link #DEFAULT_GNSS_LATENCY_US}. */
    public static Result run(UlogFile log) throws LogReplay.UnusableLogException {
        return run(log, DEFAULT_GNSS_LATENCY_US);
    }

    /**
     * @param gnssLatencyUs when the log's sensor_gps records carry no publication time (timestamp
     *                      equal to timestamp_sample), each fix is handed to the estimator this long
     *                      after its sample time, as the receiver delivered it in flight
     * @throws LogReplay.UnusableLogException for a log that cannot be replayed (one-line reason)
     */
    public static Result run(UlogFile log, long gnssLatencyUs) throws LogReplay.UnusableLogException {
        List<String> notes = new ArrayList<>();
        List<String> problems = new ArrayList<>(log.problems());

        // ---- parameters: all of them, as the vehicle had them
        if (log.parameters().isEmpty()) {
            throw new LogReplay.UnusableLogException("Hoverla log without parameters: the estimator cannot be"
                    + " configured as it flew" + damage(log));
        }
        ParamStore store = new ParamStore();
        FlightParams params = new FlightParams(store);
        List<String> unknown = new ArrayList<>();
        int applied = 0;
        for (Map.Entry<String, Number> e : log.parameters().entrySet()) {
            String why = apply(store, e.getKey(), e.getValue());
            if (why == null) {
                applied++;
            } else if (why.equals("unknown")) {
                unknown.add(e.getKey());
            } else {
                notes.add("parameter " + e.getKey() + "=" + e.getValue() + " " + why + "; this build's value used");
            }
        }
        if (!unknown.isEmpty()) {
            throw new LogReplay.UnusableLogException(unknown.size() + " of the log's " + log.parameters().size()
                    + " parameters are unknown to this build (" + String.join(", ", unknown.subList(0,
                    Math.min(5, unknown.size()))) + (unknown.size() > 5 ? ", ..." : "") + "): the log was written by"
                    + " another Hoverla version, whose estimator this build does not reproduce");
        }
        List<UlogFile.ParameterChange> changes = log.parameterChanges();

        // ---- inputs
        UlogTopic imuTopic = log.topic("sensor_combined", 0).filter(t -> t.size() > 0).orElse(null);
        if (imuTopic == null || !imuTopic.hasField("gyro_rad[2]") || !imuTopic.hasField("accelerometer_m_s2[2]")
                || !imuTopic.hasField("gyro_integral_dt")) {
            throw new LogReplay.UnusableLogException("no sensor_combined records (gyro_rad, accelerometer_m_s2,"
                    + " gyro_integral_dt): nothing to drive the estimator with" + damage(log));
        }
        long[] it = imuTopic.timestamps();
        double[] gx = imuTopic.column("gyro_rad[0]"), gy = imuTopic.column("gyro_rad[1]"),
                gz = imuTopic.column("gyro_rad[2]");
        double[] ax = imuTopic.column("accelerometer_m_s2[0]"), ay = imuTopic.column("accelerometer_m_s2[1]"),
                az = imuTopic.column("accelerometer_m_s2[2]");
        double[] gdt = imuTopic.column("gyro_integral_dt");
        double[] adt = imuTopic.hasField("accelerometer_integral_dt")
                ? imuTopic.column("accelerometer_integral_dt") : gdt;
        double spanUs = it[it.length - 1] - it[0];
        double coveredUs = 0;
        for (int i = 1; i < gdt.length; i++) {
            coveredUs += Double.isFinite(gdt[i]) ? gdt[i] : 0;
        }
        if (it.length < 2 || spanUs <= 0 || coveredUs < MIN_IMU_COVERAGE * spanUs) {
            Number profile = log.parameters().get("SDLOG_PROFILE");
            throw new LogReplay.UnusableLogException(String.format(java.util.Locale.ROOT,
                    "sensor_combined covers %.0f%% of the log's time (%d records): the IMU was not logged at every"
                            + " sample, so the estimator cannot be replayed (SDLOG_PROFILE %s; bit %d, estimator replay,"
                            + " logs it)", spanUs > 0 ? 100.0 * coveredUs / spanUs : 0.0, it.length,
                    profile == null ? "absent" : profile, FlightLogParams.PROFILE_REPLAY));
        }
        UlogTopic baro = log.topic("vehicle_air_data", 0).filter(t -> t.size() > 0
                && (t.hasField("baro_pressure_pa") || t.hasField("baro_alt_meter"))).orElse(null);
        UlogTopic mag = log.topic("vehicle_magnetometer", 0).filter(t -> t.size() > 0
                && t.hasField("magnetometer_ga[2]")).orElse(null);
        UlogTopic gps = log.topic("sensor_gps", 0).filter(t -> t.size() > 0 && t.hasField("latitude_deg")
                && t.hasField("longitude_deg") && t.hasField("fix_type")).orElse(null);
        UlogTopic land = log.topic("vehicle_land_detected", 0).filter(t -> t.size() > 0 && t.hasField("landed"))
                .orElse(null);
        if (baro == null) {
            notes.add("no vehicle_air_data: the replayed estimator has no barometer (no vertical position)");
        } else if (!baro.hasField("baro_pressure_pa")) {
            notes.add("vehicle_air_data without baro_pressure_pa: pressure rebuilt from baro_alt_meter");
        }
        if (mag == null) {
            notes.add("no vehicle_magnetometer: the replayed estimator cannot align (it needs a heading)");
        }
        if (gps == null) {
            notes.add("no sensor_gps: the replayed estimator has no horizontal position");
        }
        if (land == null) {
            notes.add("no vehicle_land_detected: the replay treats the vehicle as landed throughout");
        }

        UlogTopic att = log.topic("vehicle_attitude", 0).filter(t -> t.size() > 0 && t.hasField("q[3]"))
                .orElse(null);
        UlogTopic lpos = log.topic("vehicle_local_position", 0).filter(t -> t.size() > 0 && t.hasField("z"))
                .orElse(null);
        long cycleOffsetUs = cycleOffsetUs(att);

        // ---- the estimator, wired to its own bus topics
        FlightBus bus = new FlightBus();
        Publication<VehicleImu> imuPub = bus.vehicleImu.advertise();
        Publication<BaroSample> baroPub = bus.sensorBaro.advertise();
        Publication<MagSample> magPub = bus.sensorMag.advertise();
        Publication<GnssSample> gpsPub = bus.gnssRaw.advertise();
        Publication<VehicleLandDetected> landPub = bus.landDetected.advertise();
        @SuppressWarnings("unchecked")
        Subscription<SensorsStatus>[] noStatus = new Subscription[0];
        EstimatorTask estimator = new EstimatorTask(bus.vehicleImu.subscribe(), bus.sensorBaro.subscribe(),
                bus.sensorMag.subscribe(), bus.gnssRaw.subscribe(), noStatus, bus.attitude.advertise(),
                bus.localPosition.advertise(), bus.estimatorStatus.advertise(), bus.landDetected.subscribe(), params);
        Subscription<VehicleAttitude> attOut = bus.attitude.subscribe();
        Subscription<VehicleLocalPosition> posOut = bus.localPosition.subscribe();
        VehicleAttitude replayAtt = new VehicleAttitude();
        VehicleLocalPosition replayPos = new VehicleLocalPosition();

        // ---- truth and the armed window (optional)
        GroundTruth truth = GroundTruth.read(log);
        List<long[]> armed = armedWindows(log, it[it.length - 1]);
        TruthFigures logVsTruth = null;
        TruthFigures replayVsTruth = null;
        double armedS = 0;
        for (long[] w : armed) {
            armedS += (w[1] - w[0]) * 1e-6;
        }
        if (truth == null) {
            notes.add("no ground truth (vehicle_attitude_groundtruth, vehicle_local_position_groundtruth):"
                    + " estimator-vs-truth figures are not computed");
        } else if (armed.isEmpty()) {
            notes.add("the vehicle is never armed in this log (vehicle_status.arming_state): estimator-vs-truth"
                    + " figures are not computed");
        } else {
            logVsTruth = new TruthFigures(truth.home);
            replayVsTruth = new TruthFigures(truth.home);
            figuresOfLog(att, lpos, truth, armed, logVsTruth);
        }

        if (!armed.isEmpty() && armed.get(0)[0] <= it[0] + 1_000_000L) {
            notes.add("the log starts with the vehicle armed (SDLOG_MODE 0, arming to disarming): the replayed"
                    + " estimator starts cold in flight while the logged one had aligned on the ground, so the two"
                    + " differ; a log from boot (SDLOG_MODE 1) replays the flight's estimator");
        }

        // ---- replay
        VehicleImu imu = new VehicleImu();
        BaroSample baroSample = new BaroSample();
        MagSample magSample = new MagSample();
        GnssSample gnssSample = new GnssSample();
        VehicleLandDetected landSample = new VehicleLandDetected();
        int bi = 0, mi = 0, gi = 0, li = 0, ci = 0, ai = 0, pi = 0;
        long[] bt = baro == null ? new long[0] : sampleTimes(baro);
        long[] mt = mag == null ? new long[0] : sampleTimes(mag);
        long[] gt = gps == null ? new long[0] : sampleTimes(gps);
        long[] gnssArrival = gnssArrivalTimes(gps, gt, gnssLatencyUs, notes);
        long[] lt = land == null ? new long[0] : land.timestamps();
        long[] qt = att == null ? new long[0] : att.timestamps();
        long[] pt = lpos == null ? new long[0] : lpos.timestamps();
        Quat qLog = new Quat();
        Quat qTrue = new Quat();
        Vec3 truePos = new Vec3();
        Vec3 trueVel = new Vec3();
        double sumR = 0, sumP = 0, sumY = 0, sumH = 0, sumV = 0;
        int nAtt = 0, nPos = 0;
        int changesApplied = 0;
        int skipped = 0;
        for (int k = 0; k < it.length; k++) {
            long nowUs = it[k] + cycleOffsetUs;
            long nowNs = nowUs * 1000L;
            while (ci < changes.size() && changes.get(ci).afterTimestampUs() <= nowUs) {
                UlogFile.ParameterChange c = changes.get(ci++);
                String why = apply(store, c.name(), c.value());
                if (why == null) {
                    changesApplied++;
                } else {
                    notes.add("in-flight change " + c.name() + "=" + c.value() + " " + why);
                }
            }
            for (; bi < bt.length && bt[bi] <= nowUs; bi++) {
                baroSample.timestampSampleNs = bt[bi] * 1000L;
                baroSample.pressurePa = baro.hasField("baro_pressure_pa") ? baro.value(bi, "baro_pressure_pa")
                        : pressureAt(baro.value(bi, "baro_alt_meter"));
                baroSample.temperatureC = baro.hasField("baro_temp_celcius")
                        ? baro.value(bi, "baro_temp_celcius") : Double.NaN;
                baroPub.publish(baroSample);
            }
            for (; mi < mt.length && mt[mi] <= nowUs; mi++) {
                magSample.timestampSampleNs = mt[mi] * 1000L;
                magSample.fieldXGauss = mag.value(mi, "magnetometer_ga[0]");
                magSample.fieldYGauss = mag.value(mi, "magnetometer_ga[1]");
                magSample.fieldZGauss = mag.value(mi, "magnetometer_ga[2]");
                magPub.publish(magSample);
            }
            for (; li < lt.length && lt[li] <= nowUs; li++) {
                landSample.timestampNs = lt[li] * 1000L;
                landSample.landed = land.value(li, "landed") != 0;
                landSample.maybeLanded = land.hasField("maybe_landed") && land.value(li, "maybe_landed") != 0;
                landSample.groundContact = land.hasField("ground_contact") && land.value(li, "ground_contact") != 0;
                landPub.publish(landSample);
            }
            for (; gi < gnssArrival.length && gnssArrival[gi] <= nowUs; gi++) {
                gnss(gps, gi, gt[gi], gnssSample);
                gpsPub.publish(gnssSample);
            }
            double dtUs = gdt[k];
            if (!(dtUs > 0) && k > 0) {
                dtUs = it[k] - it[k - 1];
            }
            double dtaUs = adt[k] > 0 ? adt[k] : dtUs;
            if (dtUs > 0 && Double.isFinite(gx[k] + gy[k] + gz[k] + ax[k] + ay[k] + az[k])) {
                double dt = dtUs * 1e-6;
                double dta = dtaUs * 1e-6;
                imu.timestampNs = nowNs;
                imu.timestampSampleNs = it[k] * 1000L;
                imu.dtS = dt;
                imu.deltaAngleFrdRad.set(gx[k] * dt, gy[k] * dt, gz[k] * dt);
                imu.deltaVelocityFrdMps.set(ax[k] * dta, ay[k] * dta, az[k] * dta);
                imuPub.publish(imu);
            } else {
                skipped++;
            }
            estimator.run(nowNs);

            boolean haveAtt = attOut.copy(replayAtt) && replayAtt.timestampNs > 0;
            boolean havePos = posOut.copy(replayPos);
            // The replayed estimate against the log's, at the log's times (the same cycles).
            for (; ai < qt.length && qt[ai] <= nowUs; ai++) {
                qLog.set(att.value(ai, "q[0]"), att.value(ai, "q[1]"), att.value(ai, "q[2]"), att.value(ai, "q[3]"));
                if (haveAtt && qLog.isFinite() && qt[ai] == nowUs) {
                    double dr = Angles.wrapPi(replayAtt.q.roll() - qLog.roll());
                    double dp = replayAtt.q.pitch() - qLog.pitch();
                    double dy = Angles.wrapPi(replayAtt.q.yaw() - qLog.yaw());
                    sumR += dr * dr;
                    sumP += dp * dp;
                    sumY += dy * dy;
                    nAtt++;
                }
            }
            for (; pi < pt.length && pt[pi] <= nowUs; pi++) {
                if (havePos && pt[pi] == nowUs && replayPos.refValid && lpos.hasField("xy_global")
                        && lpos.value(pi, "xy_global") != 0) {
                    double dn = replayPos.posNedM.x - lpos.value(pi, "x");
                    double de = replayPos.posNedM.y - lpos.value(pi, "y");
                    double dd = replayPos.posNedM.z - lpos.value(pi, "z");
                    if (Double.isFinite(dn + de + dd)) {
                        sumH += dn * dn + de * de;
                        sumV += dd * dd;
                        nPos++;
                    }
                }
            }
            // The replayed estimate against the truth, every cycle of the armed flight.
            if (replayVsTruth != null && inside(armed, nowUs) && truth.at(nowUs, qTrue, truePos, trueVel)) {
                if (haveAtt) {
                    replayVsTruth.addAttitude(replayAtt.q, qTrue);
                }
                if (havePos && replayPos.refValid) {
                    replayVsTruth.addPosition(replayPos.posNedM, replayPos.velNedMps, replayPos.refLatDeg,
                            replayPos.refLonDeg, replayPos.refAltM, truePos, trueVel);
                }
            }
        }
        if (skipped > 0) {
            problems.add(skipped + " sensor_combined records with no interval or non-finite values were not replayed");
        }
        if (att != null && nAtt == 0) {
            notes.add("the replayed estimator never produced an attitude at a vehicle_attitude time"
                    + " (no alignment: magnetometer and a still start are needed)");
        }
        return new Result((it[it.length - 1] - it[0]) * 1e-6, it.length, applied, changesApplied,
                nAtt > 0 ? Math.toDegrees(Math.sqrt(sumR / nAtt)) : Double.NaN,
                nAtt > 0 ? Math.toDegrees(Math.sqrt(sumP / nAtt)) : Double.NaN,
                nAtt > 0 ? Math.toDegrees(Math.sqrt(sumY / nAtt)) : Double.NaN, nAtt,
                nPos > 0 ? Math.sqrt(sumH / nPos) : Double.NaN, nPos > 0 ? Math.sqrt(sumV / nPos) : Double.NaN, nPos,
                armedS, logVsTruth, replayVsTruth, List.copyOf(notes), List.copyOf(problems));
    }

    /**
     * Sets one logged parameter. Float parameters are logged as float32, so a value a rounding step
     * outside its range is the bound itself.
     *
     * @return null when set, "unknown" for a name this build lacks, else why it was refused
     */
    private static String apply(ParamStore store, String name, Number value) {
        Param p = store.find(name);
        if (p == null) {
            return "unknown";
        }
        double v = value.doubleValue();
        SetResult r = p.set(v);
        if (r == SetResult.OUT_OF_RANGE && p instanceof FloatParam f) {
            double tol = 1e-6 * Math.max(1.0, Math.max(Math.abs(f.min()), Math.abs(f.max())));
            if (v < f.min() && v > f.min() - tol) {
                r = p.set(f.min());
            } else if (v > f.max() && v < f.max() + tol) {
                r = p.set(f.max());
            }
        }
        if (r == SetResult.OK) {
            return null;
        }
        if (r == SetResult.READ_ONLY) {
            // Read-only parameters are fixed by the build; only a different value is worth a note.
            return (float) p.doubleValue() == (float) v ? null
                    : "is read-only in this build (value " + p.doubleValue() + ")";
        }
        return "refused (" + r + ")";
    }

    private static String damage(UlogFile log) {
        return log.problems().isEmpty() ? "" : " (" + log.problems().get(0) + ")";
    }

    /** Cycle time minus IMU sample time in flight: vehicle_attitude's timestamp − timestamp_sample (median). */
    private static long cycleOffsetUs(UlogTopic att) {
        if (att == null || !att.hasField("timestamp_sample")) {
            return 0;
        }
        long[] t = att.timestamps();
        double[] s = att.column("timestamp_sample");
        long[] d = new long[t.length];
        int n = 0;
        for (int i = 0; i < t.length; i++) {
            if (Double.isFinite(s[i]) && s[i] > 0 && t[i] - (long) s[i] >= 0 && t[i] - (long) s[i] < 100_000) {
                d[n++] = t[i] - (long) s[i];
            }
        }
        if (n == 0) {
            return 0;
        }
        java.util.Arrays.sort(d, 0, n);
        return d[n / 2];
    }

    /** The records' sample times (timestamp_sample when logged, else timestamp), µs. */
    private static long[] sampleTimes(UlogTopic t) {
        long[] ts = t.timestamps().clone();
        if (t.hasField("timestamp_sample")) {
            double[] s = t.column("timestamp_sample");
            for (int i = 0; i < ts.length; i++) {
                if (Double.isFinite(s[i]) && s[i] > 0) {
                    ts[i] = (long) s[i];
                }
            }
        }
        // The replay walks inputs in time order; the log writes them so, but a damaged log may not.
        for (int i = 1; i < ts.length; i++) {
            ts[i] = Math.max(ts[i], ts[i - 1]);
        }
        return ts;
    }

    /**
     * When each fix reached the estimator in flight: PX4's sensor_gps timestamp is the publication
     * time and timestamp_sample the measurement's; a log whose timestamps all equal the sample times
     * does not say, so {@code latencyUs} is assumed. It matters: the task checks and anchors its
     * local origin on arrival (measured on a demo log: replay vs flight 0.18 m horizontal RMS with
     * the fixes delivered at their sample times, 0.00 m with the simulator's 100 ms).
     */
    private static long[] gnssArrivalTimes(UlogTopic gps, long[] sampleUs, long latencyUs, List<String> notes) {
        if (gps == null) {
            return new long[0];
        }
        long[] published = gps.timestamps();
        boolean logged = false;
        for (int i = 0; i < published.length; i++) {
            logged |= published[i] > sampleUs[i];
        }
        long[] arrival = new long[sampleUs.length];
        for (int i = 0; i < arrival.length; i++) {
            arrival[i] = logged ? Math.max(published[i], sampleUs[i]) : sampleUs[i] + latencyUs;
        }
        if (!logged) {
            notes.add(String.format(java.util.Locale.ROOT, "sensor_gps records only sample times: each fix is"
                    + " handed to the estimator %.0f ms after its sample time (--gnss-latency-ms)", latencyUs / 1000.0));
        }
        return arrival;
    }

    private static void gnss(UlogTopic g, int i, long sampleUs, GnssSample out) {
        out.timestampSampleNs = sampleUs * 1000L;
        out.latDeg = g.value(i, "latitude_deg");
        out.lonDeg = g.value(i, "longitude_deg");
        out.altMslM = field(g, i, "altitude_msl_m", Double.NaN);
        out.altEllipsoidM = field(g, i, "altitude_ellipsoid_m", Double.NaN);
        out.fixType = (int) field(g, i, "fix_type", 0);
        out.satellitesUsed = (int) field(g, i, "satellites_used", 0);
        out.ephM = field(g, i, "eph", Double.NaN);
        out.epvM = field(g, i, "epv", Double.NaN);
        out.sAccMps = field(g, i, "s_variance_m_s", Double.NaN);
        out.velNMps = field(g, i, "vel_n_m_s", Double.NaN);
        out.velEMps = field(g, i, "vel_e_m_s", Double.NaN);
        out.velDMps = field(g, i, "vel_d_m_s", Double.NaN);
        out.velocityValid = field(g, i, "vel_ned_valid", 0) != 0;
        out.hdop = field(g, i, "hdop", Double.NaN);
        out.vdop = field(g, i, "vdop", Double.NaN);
        out.jammingIndicator = (int) field(g, i, "jamming_indicator", -1);
        out.jammingState = (int) field(g, i, "jamming_state", 0);
        out.spoofingState = (int) field(g, i, "spoofing_state", 0);
        double utcUs = field(g, i, "time_utc_usec", 0);
        out.utcTimeMs = utcUs > 0 ? (long) (utcUs / 1000.0) : GnssSample.UTC_UNKNOWN;
    }

    private static double field(UlogTopic t, int i, String name, double absent) {
        return t.hasField(name) ? t.value(i, name) : absent;
    }

    /** Inverse of {@link Atmosphere#pressureToAltitudeM} (ISA troposphere). */
    static double pressureAt(double altitudeM) {
        double ratio = 1.0 - Atmosphere.LAPSE_RATE_K_PER_M * altitudeM / Atmosphere.SEA_LEVEL_TEMPERATURE_K;
        return Atmosphere.SEA_LEVEL_PRESSURE_PA * Math.pow(ratio, Atmosphere.EXPONENT);
    }

    /**
     * The armed intervals [start, end) in µs: from {@code armed_time} (or the first armed record) to
     * the first record that is no longer armed, or the end of the log.
     */
    static List<long[]> armedWindows(UlogFile log, long logEndUs) {
        List<long[]> windows = new ArrayList<>();
        UlogTopic st = log.topic("vehicle_status", 0).filter(t -> t.size() > 0 && t.hasField("arming_state"))
                .orElse(null);
        if (st == null) {
            return windows;
        }
        long[] t = st.timestamps();
        double[] state = st.column("arming_state");
        double[] since = st.hasField("armed_time") ? st.column("armed_time") : null;
        long start = -1;
        for (int i = 0; i < t.length; i++) {
            boolean isArmed = state[i] == 2;
            if (isArmed && start < 0) {
                start = t[i];
                if (since != null && since[i] > 0 && since[i] <= t[i]) {
                    start = (long) since[i];
                }
            } else if (!isArmed && start >= 0) {
                windows.add(new long[] {start, t[i]});
                start = -1;
            }
        }
        if (start >= 0) {
            windows.add(new long[] {start, Math.max(start, logEndUs)});
        }
        return windows;
    }

    static boolean inside(List<long[]> windows, long tUs) {
        for (long[] w : windows) {
            if (tUs >= w[0] && tUs < w[1]) {
                return true;
            }
        }
        return false;
    }

    /** The log's own estimate against the truth, at every logged estimate inside the armed windows. */
    private static void figuresOfLog(UlogTopic att, UlogTopic lpos, GroundTruth truth, List<long[]> armed,
                                     TruthFigures out) {
        Quat q = new Quat();
        Quat qTrue = new Quat();
        Vec3 truePos = new Vec3();
        Vec3 trueVel = new Vec3();
        if (att != null) {
            long[] t = att.timestamps();
            for (int i = 0; i < t.length; i++) {
                if (inside(armed, t[i]) && truth.at(t[i], qTrue, truePos, trueVel)) {
                    q.set(att.value(i, "q[0]"), att.value(i, "q[1]"), att.value(i, "q[2]"), att.value(i, "q[3]"));
                    out.addAttitude(q.normalize(), qTrue);
                }
            }
        }
        if (lpos != null && lpos.hasField("vz") && lpos.hasField("ref_lat")) {
            long[] t = lpos.timestamps();
            Vec3 pos = new Vec3();
            Vec3 vel = new Vec3();
            for (int i = 0; i < t.length; i++) {
                boolean global = !lpos.hasField("xy_global") || lpos.value(i, "xy_global") != 0;
                if (global && inside(armed, t[i]) && truth.at(t[i], qTrue, truePos, trueVel)) {
                    pos.set(lpos.value(i, "x"), lpos.value(i, "y"), lpos.value(i, "z"));
                    vel.set(lpos.value(i, "vx"), lpos.value(i, "vy"), lpos.value(i, "vz"));
                    out.addPosition(pos, vel, lpos.value(i, "ref_lat"), lpos.value(i, "ref_lon"),
                            lpos.value(i, "ref_alt"), truePos, trueVel);
                }
            }
        }
    }

    /**
     * The simulator's ground truth as logged (50 Hz), interpolated linearly between records
     * (normalised linear interpolation of the quaternion); the home frame from the position topic's
     * ref_lat/ref_lon/ref_alt.
     */
    static final class GroundTruth {
        final GeoRef home;
        final long[] qt;
        final double[] q0, q1, q2, q3;
        final long[] pt;
        final double[] x, y, z, vx, vy, vz;

        private GroundTruth(GeoRef home, UlogTopic a, UlogTopic p) {
            this.home = home;
            qt = a.timestamps();
            q0 = a.column("q[0]");
            q1 = a.column("q[1]");
            q2 = a.column("q[2]");
            q3 = a.column("q[3]");
            pt = p.timestamps();
            x = p.column("x");
            y = p.column("y");
            z = p.column("z");
            vx = p.column("vx");
            vy = p.column("vy");
            vz = p.column("vz");
        }

        static GroundTruth read(UlogFile log) {
            UlogTopic a = log.topic("vehicle_attitude_groundtruth", 0)
                    .filter(t -> t.size() > 1 && t.hasField("q[3]")).orElse(null);
            UlogTopic p = log.topic("vehicle_local_position_groundtruth", 0)
                    .filter(t -> t.size() > 1 && t.hasField("vz") && t.hasField("ref_alt")).orElse(null);
            if (a == null || p == null) {
                return null;
            }
            double lat = p.value(0, "ref_lat");
            double lon = p.value(0, "ref_lon");
            double alt = p.value(0, "ref_alt");
            if (!Double.isFinite(lat + lon + alt)) {
                return null;
            }
            return new GroundTruth(new GeoRef(lat, lon, alt), a, p);
        }

        /** The truth at {@code tUs}; false outside the logged span. */
        boolean at(long tUs, Quat q, Vec3 pos, Vec3 vel) {
            int i = bracket(qt, tUs);
            int j = bracket(pt, tUs);
            if (i < 0 || j < 0) {
                return false;
            }
            double f = fraction(qt, i, tUs);
            double w0 = q0[i], w1 = q0[i + 1];
            double x1 = q1[i + 1], y1 = q2[i + 1], z1 = q3[i + 1];
            // Same hemisphere before blending (q and −q are one rotation).
            double dot = w0 * w1 + q1[i] * x1 + q2[i] * y1 + q3[i] * z1;
            double s = dot < 0 ? -1.0 : 1.0;
            q.set(w0 + f * (s * w1 - w0), q1[i] + f * (s * x1 - q1[i]), q2[i] + f * (s * y1 - q2[i]),
                    q3[i] + f * (s * z1 - q3[i])).normalize();
            double g = fraction(pt, j, tUs);
            pos.set(lerp(x, j, g), lerp(y, j, g), lerp(z, j, g));
            vel.set(lerp(vx, j, g), lerp(vy, j, g), lerp(vz, j, g));
            return true;
        }

        /** Index i with t[i] <= tUs <= t[i+1], or −1. */
        private static int bracket(long[] t, long tUs) {
            if (t.length < 2 || tUs < t[0] || tUs > t[t.length - 1]) {
                return -1;
            }
            int i = java.util.Arrays.binarySearch(t, tUs);
            if (i < 0) {
                i = -i - 2;
            }
            return Math.min(Math.max(i, 0), t.length - 2);
        }

        private static double fraction(long[] t, int i, long tUs) {
            long span = t[i + 1] - t[i];
            return span <= 0 ? 0.0 : (tUs - t[i]) / (double) span;
        }

        private static double lerp(double[] v, int i, double f) {
            return v[i] + f * (v[i + 1] - v[i]);
        }
    }
}
