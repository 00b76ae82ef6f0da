package org.hoverla.sim.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogTopic;

/**
 * Decides, before anything is replayed, which comparisons a PX4 log can support, so that the
 * replay never prints a figure for a comparison that means nothing.
 *
 * <ul>
 *   <li>IMU ({@code sensor_combined}): present, more than one record, timestamps advancing (a
 *       log where more than {@link #MAX_IMU_BACKSTEPS} of the steps repeat or go back is refused,
 *       fewer are named in the problems), and records that integrate the time between them. A record covers its integration interval
 *       ({@code gyro_integral_dt}) before its timestamp; a log decimated by the logger keeps, say,
 *       one 4 ms record in every 110 ms, and the gyro then misses 96 % of the motion. Below
 *       {@link #MIN_IMU_COVERAGE} of the time covered the log is refused; shorter holes over
 *       {@link #IMU_GAP_S} are named in the problems.</li>
 *   <li>References: {@code vehicle_attitude} for roll/pitch/yaw and {@code vehicle_local_position}
 *       for position, each at {@link #MIN_REFERENCE_RATE_HZ} or more inside the IMU's time span and
 *       covering {@link #MIN_REFERENCE_COVERAGE} of that span (a burst of records 0.1 s apart in a
 *       600 s log is not a 10 Hz reference). A log with neither is refused; with one, the other's
 *       figures are withheld and the problems say why.</li>
 *   <li>Observability: a yaw figure needs a magnetometer ({@code vehicle_magnetometer}); a
 *       horizontal position figure needs a GNSS fix; a vertical one a barometer
 *       ({@code vehicle_air_data}) or a GNSS fix.</li>
 * </ul>
 *
 * <p>Pure: reads an already parsed log, no I/O. Offline use; allocates freely.
 */
public final class LogSuitability {

    /** Least fraction of the IMU's time span its records must integrate. */
    public static final double MIN_IMU_COVERAGE = 0.8;
    /** A hole in the integrated IMU time longer than this is reported (the EKF's own gap limit). */
    public static final double IMU_GAP_S = 0.020;
    /** Least rate of a reference topic (and of a magnetometer or GNSS) inside the IMU's span. */
    public static final double MIN_REFERENCE_RATE_HZ = 1.0;
    /**
     * Least fraction of the IMU's time span a reference topic (or a magnetometer, barometer or
     * GNSS) must cover: enough to refuse a burst or a sliver, low enough for real logs. PX4 starts
     * {@code vehicle_attitude} only once its estimator has aligned, 3.4 s into {@code test.ulg}'s
     * 8.9 s (62 %) and 6.8 s into {@code corrupt_actuator_armed_wrong_size.ulg}'s 21.6 s (68 %);
     * {@code test.ulg} cut at two thirds keeps 2.2 s of its 5.6 s (39 %); the comparison over
     * those seconds is sound.
     */
    public static final double MIN_REFERENCE_COVERAGE = 0.25;
    /**
     * Records of a topic further apart than this do not cover the time between them: two
     * periods at {@link #MIN_REFERENCE_RATE_HZ}, so that a 1 Hz GNSS logged with jitter covers
     * its span.
     */
    public static final double REFERENCE_GAP_S = 2.0 / MIN_REFERENCE_RATE_HZ;
    /** Largest fraction of IMU steps whose timestamp repeats or goes back before the log is refused. */
    public static final double MAX_IMU_BACKSTEPS = 0.01;

    /**
     * What the log supports.
     *
     * @param refusal    why the log cannot be compared at all (one line), or null
     * @param attitude   roll and pitch can be compared
     * @param yaw        yaw can be compared
     * @param positionH  horizontal position can be compared
     * @param positionV  vertical position can be compared
     * @param problems   each comparison left out and why, and IMU gaps
     */
    public record Verdict(String refusal, boolean attitude, boolean yaw, boolean positionH, boolean positionV,
                          List<String> problems) {
        static Verdict refused(String reason) {
            return new Verdict(reason, false, false, false, false, List.of());
        }
    }

    /**
     * How well IMU records cover their time span.
     *
     * @param refusal   why the IMU cannot be replayed, or null
     * @param coverage  integrated time / time span (0..1)
     * @param gaps      holes longer than {@link #IMU_GAP_S}
     * @param gapTotalS their total length (s)
     * @param longestGapS the longest (s), and {@code longestGapAtS} its start in log time (s since boot)
     * @param backsteps steps from one record to the next whose timestamp repeats or goes back
     * @param firstBackstepAtS the first one's earlier record, log time (s since boot); NaN if none
     */
    public record ImuCheck(String refusal, double coverage, int gaps, double gapTotalS, double longestGapS,
                           double longestGapAtS, int backsteps, double firstBackstepAtS) {
    }

    private LogSuitability() {
    }

    /** Assesses a parsed log. */
    public static Verdict assess(UlogFile log) {
        UlogTopic imuTopic = log.topic(ImuRecords.TOPIC, 0).orElse(null);
        if (imuTopic == null || imuTopic.size() == 0) {
            return Verdict.refused("no IMU: the log has no sensor_combined records"
                    + (log.problems().isEmpty() ? "" : " (" + log.problems().get(0) + ")"));
        }
        String missing = ImuRecords.missingField(imuTopic);
        if (missing != null) {
            return Verdict.refused("sensor_combined has no field " + missing);
        }
        ImuRecords imu = ImuRecords.read(log, imuTopic);
        ImuCheck check = checkImu(imu.tUs(), imu.gyroDtS());
        if (check.refusal() != null) {
            return Verdict.refused(check.refusal());
        }
        List<String> problems = new ArrayList<>();
        if (check.gaps() > 0) {
            problems.add(String.format(Locale.ROOT, "sensor_combined has %d gap%s over %.0f ms (%.2f s in all, longest"
                            + " %.2f s at %.1f s): the gyro is not integrated across them", check.gaps(),
                    check.gaps() == 1 ? "" : "s", IMU_GAP_S * 1e3, check.gapTotalS(), check.longestGapS(),
                    check.longestGapAtS()));
        }
        if (check.backsteps() > 0) {
            problems.add(String.format(Locale.ROOT, "sensor_combined timestamps repeat or go back in %d of %d steps"
                            + " (first at %.3f s): those records integrate no time", check.backsteps(),
                    imu.tUs().length - 1, check.firstBackstepAtS()));
        }
        long from = imu.tUs()[0];
        long to = imu.tUs()[imu.tUs().length - 1];

        String attWhy = rateProblem(log.topic("vehicle_attitude", 0).filter(t -> t.hasField("q[3]")).orElse(null),
                "vehicle_attitude", from, to);
        String posWhy = rateProblem(log.topic("vehicle_local_position", 0)
                .filter(t -> t.hasField("x") && t.hasField("z")).orElse(null), "vehicle_local_position", from, to);
        if (attWhy != null && posWhy != null) {
            return Verdict.refused("nothing to compare with: " + attWhy + " and " + posWhy);
        }
        boolean attitude = attWhy == null;
        if (!attitude) {
            problems.add("no attitude figures: " + attWhy);
        }
        String magWhy = rateProblem(log.topic("vehicle_magnetometer", 0)
                .filter(t -> t.hasField("magnetometer_ga[2]")).orElse(null), "vehicle_magnetometer", from, to);
        boolean yaw = attitude && magWhy == null;
        if (attitude && !yaw) {
            problems.add("no yaw figure: no magnetometer to observe heading (" + magWhy + ")");
        }
        boolean position = posWhy == null;
        if (!position) {
            problems.add("no position figures: " + posWhy);
        }
        GnssRecords gnss = GnssRecords.find(log);
        String gnssWhy = gnss == null || gnss.firstGood() < 0 ? "the log has no GNSS fix (fix_type 3 or better)"
                : rateProblem(gnss.t, gnss.topic, from, to);
        boolean positionH = position && gnssWhy == null;
        if (position && !positionH) {
            problems.add("no horizontal position figure: " + gnssWhy);
        }
        String baroWhy = rateProblem(log.topic("vehicle_air_data", 0)
                .filter(t -> t.hasField("baro_alt_meter")).orElse(null), "vehicle_air_data", from, to);
        boolean positionV = position && (baroWhy == null || gnssWhy == null);
        if (position && !positionV) {
            problems.add("no vertical position figure: " + baroWhy + " and " + gnssWhy);
        }
        return new Verdict(null, attitude, yaw, positionH, positionV, List.copyOf(problems));
    }

    /**
     * Checks IMU record timestamps against their integration intervals.
     *
     * @param tUs record timestamps (µs since boot), in log order
     * @param dtS each record's integration interval (s), ending at its timestamp
     */
    public static ImuCheck checkImu(long[] tUs, double[] dtS) {
        int n = tUs.length;
        if (n < 2) {
            return refusedImu("sensor_combined has " + n + " record" + (n == 1 ? "" : "s") + ": no IMU rate");
        }
        double spanS = (tUs[n - 1] - tUs[0]) * 1e-6;
        if (!(spanS > 0)) {
            return refusedImu(String.format(Locale.ROOT, "sensor_combined timestamps do not advance (%d records at %.3f s)",
                    n, tUs[0] * 1e-6));
        }
        int zero = 0;
        for (double d : dtS) {
            zero += d > 0 && Double.isFinite(d) ? 0 : 1;
        }
        if (zero == n) {
            return refusedImu("sensor_combined has a zero integration interval (gyro_integral_dt 0 in all " + n
                    + " records): the gyro cannot be integrated");
        }
        // Steps that repeat or go back: a few are dropped records re-sent or a clock step and are
        // named in the problems; many mean the records are not in time order and cannot be integrated.
        int backsteps = 0;
        double firstBackstepAt = Double.NaN;
        for (int i = 1; i < n; i++) {
            if (tUs[i] <= tUs[i - 1]) {
                if (backsteps++ == 0) {
                    firstBackstepAt = tUs[i - 1] * 1e-6;
                }
            }
        }
        if (backsteps > MAX_IMU_BACKSTEPS * (n - 1)) {
            return new ImuCheck(String.format(Locale.ROOT, "sensor_combined timestamps do not advance: they repeat or"
                            + " go back in %d of %d steps (%.1f %%, first at %.3f s; at most %.0f %% allowed)",
                    backsteps, n - 1, 100.0 * backsteps / (n - 1), firstBackstepAt, MAX_IMU_BACKSTEPS * 100),
                    0, 0, 0, 0, Double.NaN, backsteps, firstBackstepAt);
        }
        double covered = 0;
        int gaps = 0;
        double gapTotal = 0, longest = 0, longestAt = Double.NaN;
        double[] spacing = new double[n - 1 - backsteps];
        int positive = 0;
        for (int i = 1; i < n; i++) {
            double s = (tUs[i] - tUs[i - 1]) * 1e-6;
            if (s > 0) {
                spacing[positive++] = s;
            }
            double d = dtS[i] > 0 && Double.isFinite(dtS[i]) ? dtS[i] : 0.0;
            double c = Math.max(0.0, Math.min(d, s));
            covered += c;
            double hole = s - c;
            if (hole > IMU_GAP_S) {
                gaps++;
                gapTotal += hole;
                if (hole > longest) {
                    longest = hole;
                    longestAt = tUs[i - 1] * 1e-6;
                }
            }
        }
        // Steps that go back and then forward again cover some time twice: at most the span is covered.
        double coverage = Math.min(1.0, covered / spanS);
        if (coverage < MIN_IMU_COVERAGE) {
            // The median of the steps that advance: never zero (the span is positive, so one step at
            // least advances), where the median of all steps was zero, "Infinity Hz", when most repeat.
            double medSpacing = median(Arrays.copyOf(spacing, positive));
            double medDt = median(Arrays.copyOfRange(dtS, 1, n));
            return new ImuCheck(String.format(Locale.ROOT, "sensor_combined is decimated or has gaps: records are"
                            + " %.1f ms apart (%s) but each integrates %.1f ms, so only %.1f %% of the %.1f s"
                            + " is in the log and the gyro cannot be integrated (log sensor_combined at its full rate)",
                    medSpacing * 1e3, medSpacing > 0 ? String.format(Locale.ROOT, "%.1f Hz", 1.0 / medSpacing)
                            : "no rate", medDt * 1e3, coverage * 100, spanS),
                    coverage, gaps, gapTotal, longest, longestAt, backsteps, firstBackstepAt);
        }
        return new ImuCheck(null, coverage, gaps, gapTotal, longest, longestAt, backsteps, firstBackstepAt);
    }

    private static ImuCheck refusedImu(String why) {
        return new ImuCheck(why, 0, 0, 0, 0, Double.NaN, 0, Double.NaN);
    }

    /**
     * Why a topic cannot serve (missing, too slow inside [from, to], or covering too little of it),
     * or null if it can.
     */
    private static String rateProblem(UlogTopic topic, String name, long from, long to) {
        if (topic == null || topic.size() == 0) {
            return name + " is missing";
        }
        return rateProblem(topic.timestamps(), name, from, to);
    }

    private static String rateProblem(long[] t, String name, long from, long to) {
        int n = 0;
        long first = 0, last = 0, previous = 0;
        double coveredS = 0;
        for (long x : t) {
            if (x >= from && x <= to) {
                if (n == 0) {
                    first = x;
                } else {
                    // Only steps short enough to interpolate across count as covered.
                    double step = (x - previous) * 1e-6;
                    coveredS += step > 0 && step <= REFERENCE_GAP_S ? step : 0.0;
                }
                last = Math.max(last, x);
                previous = x;
                n++;
            }
        }
        if (n == 0) {
            return name + " has no records inside the IMU's time span";
        }
        double rate = n > 1 && last > first ? (n - 1) / ((last - first) * 1e-6) : 0.0;
        if (rate < MIN_REFERENCE_RATE_HZ) {
            return String.format(Locale.ROOT, "%s has %d record%s at %.2f Hz (at least %.0f Hz needed)", name, n,
                    n == 1 ? "" : "s", rate, MIN_REFERENCE_RATE_HZ);
        }
        // The rate above is over the records' own span: a short burst is fast there and says
        // nothing about the rest of the log.
        double spanS = (to - from) * 1e-6;
        double coverage = Math.min(1.0, coveredS / spanS);
        if (coverage < MIN_REFERENCE_COVERAGE) {
            return String.format(Locale.ROOT, "%s covers only %.1f s (%.1f %%) of the IMU's %.1f s: %d records from"
                            + " %.1f to %.1f s (at least %.0f %% needed)", name, coveredS, coverage * 100, spanS, n,
                    first * 1e-6, last * 1e-6, MIN_REFERENCE_COVERAGE * 100);
        }
        return null;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s[s.length / 2];
    }
}
