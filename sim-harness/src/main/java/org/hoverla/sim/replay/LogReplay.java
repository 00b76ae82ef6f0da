package org.hoverla.sim.replay;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.estimation.ekf.Ekf;
import org.hoverla.core.estimation.ekf.FuseResult;
import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogTopic;
import org.hoverla.core.math.Angles;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;

/**
 * Replays the raw sensors of a PX4 ULog through Hoverla's {@link Ekf} in log time and compares
 * the result with the log's own estimator ({@code vehicle_attitude}, {@code vehicle_local_position}).
 *
 * <p>Sensors: {@code sensor_combined} (rates × integral dt as delta angle / velocity; dt in µs),
 * {@code vehicle_magnetometer} ({@code magnetometer_ga}, FRD, gauss: 3-axis fusion into the EKF's
 * earth-field and body-bias states, initialised from the first sample after alignment, with
 * {@code EKF2_MAG_DECL} in degrees as a declination constraint when the log has it; the initial
 * yaw is the tilt-compensated heading plus that declination), {@code vehicle_air_data} (baro height, relative to the first
 * sample), {@code vehicle_gps_position} or {@code sensor_gps} (fix ≥ 3; lat/lon in 1e-7° for
 * int32 {@code lat}/{@code lon}, degrees for {@code latitude_deg}/{@code longitude_deg}) fused as
 * horizontal position in a local frame anchored at the first good fix, and NED velocity. While no
 * fix has been fused for 1 s the accelerometer is fused as a gravity direction (as PX4 ekf2 does
 * without aiding) so that roll and pitch stay observable.
 *
 * <p>Offline use; allocates freely.
 */
public final class LogReplay {

    /** Thrown for a log that cannot be replayed at all (one-line message). */
    public static final class UnusableLogException extends Exception {
        public UnusableLogException(String message) {
            super(message);
        }
    }

    /** One comparison sample at a {@code vehicle_attitude} time (angles in degrees, positions in m). */
    public record Sample(double timeS, double ekfRoll, double logRoll, double ekfPitch, double logPitch,
                         double ekfYaw, double logYaw, double ekfN, double ekfE, double ekfD,
                         double logX, double logY, double logZ) {
    }

    /**
     * What a replay produced. A non-finite RMS value means "not compared": the log cannot support
     * that comparison ({@link LogSuitability}) and {@code problems} says why; the series holds NaN
     * in the same columns. {@code departures} are where the log's own heading estimate departs from
     * its gyro and magnetometer ({@link ReferenceHeadingMonitor}); {@code referenceNotJudged} says
     * why the reference could not be judged, or is null.
     */
    public record Result(double rollRmsDeg, double pitchRmsDeg, double yawRmsDeg, double posHRmsM,
                         double posVRmsM, int samples, int posHSamples, int posVSamples,
                         boolean gnssUsed, String gnssTopic, double magDeclinationDeg, double durationS,
                         long gnssFused, long gnssRejected, long headingFused, long headingRejected,
                         long heightFused, long heightRejected, long gravityFused,
                         long mag3dFused, long mag3dRejected, double mag3dStartS, double[] magBiasFrdGauss,
                         List<String> problems, List<String> notes, List<Sample> series,
                         List<ReferenceHeadingMonitor.Departure> departures, int referenceWindowsJudged,
                         String referenceNotJudged) {
    }

    private static final double INIT_WINDOW_S = 0.5;
    private static final double GNSS_TIMEOUT_S = 1.0;
    private static final double GRAVITY_PERIOD_S = 0.1;
    /** Magnetometer noise per axis (G): PX4 EKF2_MAG_NOISE default. */
    private static final double MAG_SIGMA_GAUSS = 0.05;
    /** Declination constraint σ (rad), as PX4's fuseDeclination. */
    private static final double DECL_SIGMA_RAD = 0.02;

    private LogReplay() {
    }

    public static Result run(UlogFile log) throws UnusableLogException {
        LogSuitability.Verdict verdict = LogSuitability.assess(log);
        if (verdict.refusal() != null) {
            throw new UnusableLogException(verdict.refusal());
        }
        List<String> problems = new ArrayList<>(log.problems());
        problems.addAll(verdict.problems());
        List<String> notes = new ArrayList<>();

        ImuRecords imu = ImuRecords.read(log, log.topic(ImuRecords.TOPIC, 0).orElseThrow());
        UlogTopic att = verdict.attitude() ? log.topic("vehicle_attitude", 0).orElseThrow() : null;

        long[] it = imu.tUs();
        double[] gx = imu.gx(), gy = imu.gy(), gz = imu.gz();
        double[] gdt = imu.gyroDtS();
        double[] ax = imu.ax(), ay = imu.ay(), az = imu.az();
        double[] adt = imu.accelDtS();

        // Magnetometer (optional).
        UlogTopic mag = log.topic("vehicle_magnetometer", 0)
                .filter(t -> t.size() > 0 && t.hasField("magnetometer_ga[2]")).orElse(null);
        long[] mt = mag == null ? new long[0] : mag.timestamps();
        double[] mx = mag == null ? null : mag.column("magnetometer_ga[0]");
        double[] my = mag == null ? null : mag.column("magnetometer_ga[1]");
        double[] mz = mag == null ? null : mag.column("magnetometer_ga[2]");
        Number declParam = log.parameters().get("EKF2_MAG_DECL");
        double declDeg = declParam == null ? 0.0 : declParam.doubleValue();
        if (declParam == null) {
            notes.add("no EKF2_MAG_DECL parameter: declination 0");
        }
        // EKF2_DECL_TYPE bit 0: PX4 takes the declination from its world magnetic model at the
        // GNSS position, and EKF2_MAG_DECL is only the value saved at some earlier disarm. With
        // a GNSS fix in the log the declination PX4 used is then unknown here: the earth field's
        // direction is left where the initial alignment put it instead of being constrained to a
        // wrong value (test.ulg, EKF2_MAG_DECL 0: yaw RMS 10.5 deg constrained, 2.9 unconstrained).
        Number declType = log.parameters().get("EKF2_DECL_TYPE");
        boolean wmm = declType != null && (declType.intValue() & 1) != 0;
        GnssRecords gnssForDecl = GnssRecords.find(log);
        boolean declKnown = declParam != null && Double.isFinite(declDeg)
                && !(wmm && gnssForDecl != null && gnssForDecl.firstGood() >= 0);
        if (!declKnown && declParam != null) {
            notes.add("EKF2_DECL_TYPE uses the world magnetic model with GNSS: EKF2_MAG_DECL (" + declDeg
                    + " deg) used for the initial heading only, earth field direction not constrained");
        }
        double declRad = Math.toRadians(declDeg);

        // Baro (optional).
        UlogTopic baro = log.topic("vehicle_air_data", 0)
                .filter(t -> t.size() > 0 && t.hasField("baro_alt_meter")).orElse(null);
        long[] bt = baro == null ? new long[0] : baro.timestamps();
        double[] balt = baro == null ? null : baro.column("baro_alt_meter");
        if (baro == null) {
            notes.add("no vehicle_air_data: height is not aided by a barometer");
        }

        // GNSS (optional).
        GnssRecords gnss = GnssRecords.find(log);

        // Reference local position (optional).
        UlogTopic lpos = log.topic("vehicle_local_position", 0)
                .filter(t -> t.size() > 0 && t.hasField("x") && t.hasField("z")).orElse(null);
        long[] lt = lpos == null ? new long[0] : lpos.timestamps();
        double[] lx = lpos == null ? null : lpos.column("x");
        double[] ly = lpos == null ? null : lpos.column("y");
        double[] lz = lpos == null ? null : lpos.column("z");
        if (lpos != null && lpos.hasField("xy_valid")) {
            double[] v = lpos.column("xy_valid");
            int valid = 0;
            for (double d : v) {
                valid += d != 0 ? 1 : 0;
            }
            if (valid < v.length) {
                notes.add("the log's vehicle_local_position has xy_valid=false in " + (v.length - valid) + " of "
                        + v.length + " samples (compared anyway)");
            }
        }

        long[] qt = att == null ? new long[0] : att.timestamps();
        double[] q0 = att == null ? null : att.column("q[0]"), q1 = att == null ? null : att.column("q[1]"),
                q2 = att == null ? null : att.column("q[2]"), q3 = att == null ? null : att.column("q[3]");

        // ---- initial alignment over the first 0.5 s
        long t0 = it[0];
        long tInit = t0 + (long) (INIT_WINDOW_S * 1e6);
        double sx = 0, sy = 0, sz = 0;
        int n = 0;
        int k = 0;
        for (; k < it.length && it[k] <= tInit; k++) {
            if (finite(ax[k], ay[k], az[k])) {
                sx += ax[k];
                sy += ay[k];
                sz += az[k];
                n++;
            }
        }
        if (n == 0 || k >= it.length - 1) {
            throw new UnusableLogException("not enough sensor_combined data to align (need more than "
                    + INIT_WINDOW_S + " s)");
        }
        sx /= n;
        sy /= n;
        sz /= n;
        double roll0 = Math.atan2(-sy, -sz);
        double pitch0 = Math.atan2(sx, Math.hypot(sy, sz));
        double yaw0 = 0.0;
        if (mag != null) {
            double bx = 0, by = 0, bz = 0;
            int nm = 0;
            for (int i = 0; i < mt.length && (mt[i] <= tInit || nm == 0); i++) {
                if (finite(mx[i], my[i], mz[i])) {
                    bx += mx[i];
                    by += my[i];
                    bz += mz[i];
                    nm++;
                }
            }
            if (nm > 0) {
                yaw0 = magHeading(roll0, pitch0, bx / nm, by / nm, bz / nm, declRad);
            }
        }
        Ekf ekf = new Ekf();
        Quat q = new Quat().setEuler(roll0, pitch0, Double.isFinite(yaw0) ? yaw0 : 0.0);
        ekf.initialise(q, new Vec3(), new Vec3());

        // ---- event pointers
        int mi = 0, bi = 0, gi = 0, li = 0, ai = 0;
        while (mi < mt.length && mt[mi] <= tInit) {
            mi++;
        }
        double baroRef = Double.NaN;
        GeoRef geo = new GeoRef();
        double lastGnssS = Double.NEGATIVE_INFINITY;
        double lastGravityS = Double.NEGATIVE_INFINITY;
        double gravAx = 0, gravAy = 0, gravAz = 0;
        int gravN = 0;
        long gnssFused = 0, gnssRejected = 0, headFused = 0, headRejected = 0, hgtFused = 0, hgtRejected = 0, gravFused = 0;
        long mag3dFused = 0, mag3dRejected = 0;
        double mag3dStartS = Double.NaN;

        Vec3 dAng = new Vec3(), dVel = new Vec3(), tmp = new Vec3(), pos = new Vec3();
        Quat qe = new Quat(), qr = new Quat();
        double[] hRow = new double[Ekf.N];

        List<Sample> series = new ArrayList<>();
        double sumR = 0, sumP = 0, sumY = 0;
        int nAtt = 0;
        double sumH = 0, sumV = 0;
        int nH = 0, nV = 0;
        double offN = Double.NaN, offE = Double.NaN, offD = Double.NaN;
        double lastLx = Double.NaN, lastLy = Double.NaN, lastLz = Double.NaN;
        boolean haveOriginH = false;

        for (; k < it.length; k++) {
            long now = it[k];
            double nowS = (now - t0) * 1e-6;
            // --- measurements up to now
            while (bi < bt.length && bt[bi] <= now) {
                if (bt[bi] >= tInit && Double.isFinite(balt[bi])) {
                    if (Double.isNaN(baroRef)) {
                        baroRef = balt[bi];
                    }
                    FuseResult r = ekf.fuseHeight(-(balt[bi] - baroRef), 1.0);
                    if (r == FuseResult.FUSED) {
                        hgtFused++;
                    } else {
                        hgtRejected++;
                    }
                }
                bi++;
            }
            while (mi < mt.length && mt[mi] <= now) {
                // 3-axis fusion from the first sample (field initialised from it and the aligned
                // attitude), with heading fusion only as the fallback when the field cannot be
                // initialised. PX4 fuses heading on the ground and re-aligns the field in flight
                // at 1.5 m because ground fields are distorted (its own quadrotor_local estimate:
                // 0.066 G horizontal on the ground, 0.155 G in the air). Replayed here that policy
                // measured worse on quadrotor_local (yaw RMS 20.9 deg, vs 16.1 heading-only and
                // 10.1 3-axis from the start): this log holds vehicle_magnetometer at 2 Hz only
                // (PX4 fused it at the sensor rate), so discarding the ground samples and
                // restarting the bias learning in flight leaves too little data. test.ulg, on the
                // ground throughout, measures 2.9 deg (heading-only 6.2).
                if (finite(mx[mi], my[mi], mz[mi]) && !ekf.isMagInitialised()) {
                    if (ekf.resetMagField(mx[mi], my[mi], mz[mi], MAG_SIGMA_GAUSS)) {
                        mag3dStartS = nowS;
                    }
                }
                if (finite(mx[mi], my[mi], mz[mi]) && ekf.isMagInitialised()) {
                    FuseResult r = ekf.fuseMag3D(mx[mi], my[mi], mz[mi], MAG_SIGMA_GAUSS);
                    if (r == FuseResult.FUSED) {
                        mag3dFused++;
                    } else {
                        mag3dRejected++;
                    }
                    if (declKnown) {
                        ekf.fuseMagDeclination(declRad, DECL_SIGMA_RAD);
                    }
                } else if (finite(mx[mi], my[mi], mz[mi])) {
                    ekf.attitude(qe);
                    double yaw = magHeading(qe.roll(), qe.pitch(), mx[mi], my[mi], mz[mi], declRad);
                    if (Double.isFinite(yaw)) {
                        FuseResult r = ekf.fuseHeading(yaw, Math.toRadians(5.0));
                        if (r == FuseResult.FUSED) {
                            headFused++;
                        } else {
                            headRejected++;
                        }
                    }
                }
                mi++;
            }
            while (gnss != null && gi < gnss.t.length && gnss.t[gi] <= now) {
                if (gnss.good(gi)) {
                    if (!geo.isInitialised()) {
                        geo.reset(gnss.lat[gi], gnss.lon[gi], gnss.alt[gi]);
                    }
                    geo.toNed(gnss.lat[gi], gnss.lon[gi], gnss.alt[gi], tmp);
                    double sigP = clamp(gnss.eph[gi], 0.5, 20.0);
                    FuseResult r = ekf.fuseGnssPosition(tmp.x, tmp.y, Double.NaN, sigP, sigP);
                    if (r == FuseResult.FUSED) {
                        gnssFused++;
                    } else {
                        gnssRejected++;
                    }
                    if (gnss.velValid(gi)) {
                        double sigV = clamp(gnss.sVar[gi], 0.2, 5.0);
                        ekf.fuseGnssVelocity(gnss.vn[gi], gnss.ve[gi], gnss.vd[gi], sigV);
                    }
                    lastGnssS = nowS;
                }
                gi++;
            }
            // --- gravity direction while unaided horizontally
            if (finite(ax[k], ay[k], az[k])) {
                gravAx += ax[k];
                gravAy += ay[k];
                gravAz += az[k];
                gravN++;
            }
            if (nowS - lastGravityS >= GRAVITY_PERIOD_S && gravN > 0) {
                if (nowS - lastGnssS > GNSS_TIMEOUT_S) {
                    gravFused += fuseGravity(ekf, gravAx / gravN, gravAy / gravN, gravAz / gravN, qe, tmp, hRow);
                }
                gravAx = gravAy = gravAz = 0;
                gravN = 0;
                lastGravityS = nowS;
            }
            // --- predict over this IMU interval
            double dtg = gdt[k], dta = adt[k];
            if (!(dtg > 0 && dtg <= 0.1)) {
                dtg = (it[k] - it[k - 1]) * 1e-6;
            }
            if (!(dta > 0 && dta <= 0.1)) {
                dta = dtg;
            }
            if (finite(gx[k], gy[k], gz[k]) && finite(ax[k], ay[k], az[k]) && dtg > 0 && dtg <= 0.1) {
                dAng.set(gx[k] * dtg, gy[k] * dtg, gz[k] * dtg);
                dVel.set(ax[k] * dta, ay[k] * dta, az[k] * dta);
                ekf.predict(dAng, dVel, dtg);
            }
            // --- reference samples up to now
            while (li < lt.length && lt[li] <= now) {
                lastLx = lx[li];
                lastLy = ly[li];
                lastLz = lz[li];
                if (lt[li] >= tInit) {
                    ekf.positionNed(pos);
                    if (Double.isFinite(lz[li])) {
                        if (Double.isNaN(offD)) {
                            offD = pos.z - lz[li];
                        }
                        double e = pos.z - lz[li] - offD;
                        sumV += e * e;
                        nV++;
                    }
                    if (geo.isInitialised() && Double.isFinite(lx[li]) && Double.isFinite(ly[li])) {
                        if (!haveOriginH) {
                            offN = pos.x - lx[li];
                            offE = pos.y - ly[li];
                            haveOriginH = true;
                        }
                        double en = pos.x - lx[li] - offN, ee = pos.y - ly[li] - offE;
                        sumH += en * en + ee * ee;
                        nH++;
                    }
                }
                li++;
            }
            while (ai < qt.length && qt[ai] <= now) {
                if (qt[ai] >= tInit && Double.isFinite(q0[ai])) {
                    qr.set(q0[ai], q1[ai], q2[ai], q3[ai]).normalize();
                    ekf.attitude(qe);
                    ekf.positionNed(pos);
                    double dr = Angles.wrapPi(qe.roll() - qr.roll());
                    double dp = Angles.wrapPi(qe.pitch() - qr.pitch());
                    double dy = Angles.wrapPi(qe.yaw() - qr.yaw());
                    if (finite(dr, dp, dy)) {
                        sumR += dr * dr;
                        sumP += dp * dp;
                        sumY += dy * dy;
                        nAtt++;
                    }
                    series.add(new Sample((qt[ai] - t0) * 1e-6, deg(qe.roll()), deg(qr.roll()), deg(qe.pitch()),
                            deg(qr.pitch()), deg(qe.yaw()), deg(qr.yaw()), pos.x, pos.y, pos.z,
                            haveOriginH ? lastLx + offN : Double.NaN, haveOriginH ? lastLy + offE : Double.NaN,
                            Double.isNaN(offD) ? Double.NaN : lastLz + offD));
                }
                ai++;
            }
        }
        if (verdict.attitude() && nAtt == 0) {
            throw new UnusableLogException("vehicle_attitude has no samples after the 0.5 s alignment");
        }
        double durationS = (it[it.length - 1] - t0) * 1e-6;
        Vec3 magB = ekf.magBodyFrd(new Vec3());
        ReferenceHeadingMonitor.Result judged = verdict.attitude()
                ? judgeReference(log, att, imu, mag)
                : new ReferenceHeadingMonitor.Result(List.of(), 0, "no reference attitude");
        boolean h = verdict.positionH(), v = verdict.positionV(), a = verdict.attitude(), y = verdict.yaw();
        return new Result(a ? deg(Math.sqrt(sumR / nAtt)) : Double.NaN, a ? deg(Math.sqrt(sumP / nAtt)) : Double.NaN,
                y ? deg(Math.sqrt(sumY / nAtt)) : Double.NaN,
                h && nH > 0 ? Math.sqrt(sumH / nH) : Double.NaN, v && nV > 0 ? Math.sqrt(sumV / nV) : Double.NaN,
                nAtt, h ? nH : 0, v ? nV : 0, geo.isInitialised(), gnss == null ? null : gnss.topic, declDeg, durationS,
                gnssFused, gnssRejected, headFused, headRejected, hgtFused, hgtRejected, gravFused,
                mag3dFused, mag3dRejected, mag3dStartS, new double[] {magB.x, magB.y, magB.z},
                List.copyOf(problems), List.copyOf(notes), withheld(series, verdict),
                judged.departures(), judged.windowsJudged(), judged.notJudged());
    }

    /** The series with the columns of every comparison the log cannot support set to NaN. */
    private static List<Sample> withheld(List<Sample> series, LogSuitability.Verdict v) {
        List<Sample> out = new ArrayList<>(series.size());
        double nan = Double.NaN;
        for (Sample s : series) {
            out.add(new Sample(s.timeS(), v.attitude() ? s.ekfRoll() : nan, v.attitude() ? s.logRoll() : nan,
                    v.attitude() ? s.ekfPitch() : nan, v.attitude() ? s.logPitch() : nan,
                    v.yaw() ? s.ekfYaw() : nan, v.yaw() ? s.logYaw() : nan,
                    v.positionH() ? s.ekfN() : nan, v.positionH() ? s.ekfE() : nan, v.positionV() ? s.ekfD() : nan,
                    v.positionH() ? s.logX() : nan, v.positionH() ? s.logY() : nan, v.positionV() ? s.logZ() : nan));
        }
        return out;
    }

    /**
     * Judges the log's heading estimate with {@link ReferenceHeadingMonitor}: yaw resets are taken
     * from {@code vehicle_attitude} ({@code quat_reset_counter}, yaw of {@code delta_q_reset}) and
     * {@code vehicle_local_position} ({@code heading_reset_counter}, {@code delta_heading}); a
     * local-position reset within 0.5 s of an attitude reset is the same reset and counted once.
     */
    private static ReferenceHeadingMonitor.Result judgeReference(UlogFile log, UlogTopic att, ImuRecords imu,
                                                                 UlogTopic mag) {
        if (mag == null) {
            return new ReferenceHeadingMonitor.Result(List.of(), 0, "no magnetometer");
        }
        List<ReferenceHeadingMonitor.YawReset> resets = new ArrayList<>();
        long[] qt = att.timestamps();
        if (att.hasField("quat_reset_counter") && att.hasField("delta_q_reset[3]")) {
            double[] c = att.column("quat_reset_counter");
            Quat dq = new Quat();
            for (int i = 1; i < c.length; i++) {
                if (c[i] != c[i - 1]) {
                    dq.set(att.value(i, "delta_q_reset[0]"), att.value(i, "delta_q_reset[1]"),
                            att.value(i, "delta_q_reset[2]"), att.value(i, "delta_q_reset[3]"));
                    if (dq.isFinite() && dq.norm() > 0.5) {
                        resets.add(new ReferenceHeadingMonitor.YawReset(qt[i], dq.normalize().yaw()));
                    }
                }
            }
        }
        UlogTopic lpos = log.topic("vehicle_local_position", 0).orElse(null);
        if (lpos != null && lpos.hasField("heading_reset_counter") && lpos.hasField("delta_heading")) {
            double[] c = lpos.column("heading_reset_counter");
            double[] d = lpos.column("delta_heading");
            long[] lt = lpos.timestamps();
            List<ReferenceHeadingMonitor.YawReset> fromAttitude = List.copyOf(resets);
            for (int i = 1; i < c.length; i++) {
                if (c[i] != c[i - 1] && Double.isFinite(d[i])) {
                    long at = lt[i];
                    boolean same = fromAttitude.stream().anyMatch(r -> Math.abs(r.tUs() - at) <= 500_000);
                    if (!same) {
                        resets.add(new ReferenceHeadingMonitor.YawReset(at, d[i]));
                    }
                }
            }
        }
        return ReferenceHeadingMonitor.check(
                new ReferenceHeadingMonitor.Attitude(qt, att.column("q[0]"), att.column("q[1]"), att.column("q[2]"),
                        att.column("q[3]")),
                resets,
                new ReferenceHeadingMonitor.Gyro(imu.tUs(), imu.gx(), imu.gy(), imu.gz(), imu.gyroDtS()),
                new ReferenceHeadingMonitor.Mag(mag.timestamps(), mag.column("magnetometer_ga[0]"),
                        mag.column("magnetometer_ga[1]"), mag.column("magnetometer_ga[2]")));
    }

    /**
     * Accelerometer as a measurement of the gravity direction in the body frame: z = −f/|f|,
     * h = R(q)ᵀ·[0,0,1], and for the body-frame error δθ, h(q ⊗ Exp(δθ)) ≈ h + [h]× δθ.
     * Skipped when |f| is more than 2 m/s² away from g (the vehicle is accelerating).
     */
    private static int fuseGravity(Ekf ekf, double fx, double fy, double fz, Quat qe, Vec3 tmp, double[] hRow) {
        double norm = Math.sqrt(fx * fx + fy * fy + fz * fz);
        if (!(Math.abs(norm - Ekf.GRAVITY_MPS2) < 2.0)) {
            return 0;
        }
        int fused = 0;
        double[] z = {-fx / norm, -fy / norm, -fz / norm};
        for (int axis = 0; axis < 3; axis++) {
            ekf.attitude(qe);
            qe.rotateInverse(tmp.set(0, 0, 1), tmp);
            double[] h = {tmp.x, tmp.y, tmp.z};
            java.util.Arrays.fill(hRow, 0.0);
            // rows of the skew matrix [h]x
            switch (axis) {
                case 0 -> {
                    hRow[Ekf.ATT + 1] = -h[2];
                    hRow[Ekf.ATT + 2] = h[1];
                }
                case 1 -> {
                    hRow[Ekf.ATT] = h[2];
                    hRow[Ekf.ATT + 2] = -h[0];
                }
                default -> {
                    hRow[Ekf.ATT] = -h[1];
                    hRow[Ekf.ATT + 1] = h[0];
                }
            }
            double sigma = 0.05;
            if (ekf.fuseScalar(hRow, z[axis] - h[axis], sigma * sigma) == FuseResult.FUSED) {
                fused++;
            }
        }
        return fused > 0 ? 1 : 0;
    }

    /** Tilt-compensated magnetic heading plus declination (rad), NaN if the horizontal field vanishes. */
    static double magHeading(double roll, double pitch, double bx, double by, double bz, double declRad) {
        Quat tilt = new Quat().setEuler(roll, pitch, 0.0);
        Vec3 level = tilt.rotate(new Vec3(bx, by, bz), new Vec3());
        if (Math.hypot(level.x, level.y) < 1e-6) {
            return Double.NaN;
        }
        return Angles.wrapPi(Math.atan2(-level.y, level.x) + declRad);
    }

    private static boolean finite(double a, double b, double c) {
        return Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c);
    }

    private static double clamp(double v, double lo, double hi) {
        return Double.isFinite(v) ? Math.max(lo, Math.min(hi, v)) : hi;
    }

    private static double deg(double rad) {
        return Math.toDegrees(rad);
    }
}
