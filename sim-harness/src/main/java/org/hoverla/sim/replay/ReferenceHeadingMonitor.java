package org.hoverla.sim.replay;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.math.Angles;
import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;

/**
 * Judges a log's own heading estimate (the reference a replay is compared with) against the two
 * independent heading sensors in the same log: the integrated gyro and the magnetometer.
 *
 * <p>Over sliding windows of {@link #WINDOW_S} (stepped by {@link #STEP_S}) it compares three
 * heading changes:
 * <ul>
 *   <li>the reference's: its yaw, unwrapped, with every logged yaw reset taken out (a reset is a
 *       jump the estimator announced, not a turn);</li>
 *   <li>the gyro's: the earth-frame yaw rate ψ̇ = (q·sin φ + r·cos φ) / cos θ (ZYX Euler
 *       kinematics, body rates p q r, roll φ and pitch θ from the reference, whose tilt is checked
 *       separately by the replay's roll/pitch figures) integrated over each record's interval;</li>
 *   <li>the magnetometer's: the tilt-compensated heading of the body field, averaged over
 *       ±{@link #MAG_AVERAGE_HALF_S} around each end (magnetometers are often logged at 2 Hz).</li>
 * </ul>
 * A window is flagged when the reference's change departs from both sensors' by
 * {@link #DEPARTURE_DEG} or more, on the same side, while the sensors agree with each other to
 * within half that departure. Neither sensor is trusted alone: gyro bias drifts slowly and the
 * magnetometer has hard-iron and environmental errors, but the two fail in unrelated ways, so
 * when they agree and the estimate does not, it is the estimate that moved. A 0.5 °/s gyro bias
 * makes 2.5° in a window, a quarter of the threshold. A window stretched past
 * {@link #MAX_WINDOW_S} by a gap in the reference is not judged.
 *
 * <p>Flagged windows that overlap are merged, and the departure is then located within the merged
 * span widened by one window: the shortest interval over which the reference-minus-gyro heading
 * rises (or falls) by {@link #LOCATE_FRACTION} of its largest rise there. Its ends, and the turn of
 * each heading over it, are reported.
 *
 * <p>Pure: arrays in, result out, no I/O. Times in the result are log time: seconds since the
 * autopilot booted, as in the log's timestamps. Offline use; allocates freely.
 */
public final class ReferenceHeadingMonitor {

    /** Window length (s). */
    public static final double WINDOW_S = 5.0;
    /**
     * A window whose reference samples are further apart than this (s) is not judged: across a gap
     * in the reference the "window" would stretch to any length, and the thresholds are set for
     * {@link #WINDOW_S} (gyro bias grows with the length).
     */
    public static final double MAX_WINDOW_S = 1.5 * WINDOW_S;
    /** Step between window starts (s). */
    public static final double STEP_S = 0.5;
    /** Least departure of the reference from both sensors over a window (deg). */
    public static final double DEPARTURE_DEG = 10.0;
    /** Magnetometer headings within this of a time are averaged for it (s). */
    public static final double MAG_AVERAGE_HALF_S = 1.0;
    /** A departure is located as the shortest interval holding this fraction of its largest rise. */
    public static final double LOCATE_FRACTION = 0.9;
    /** |cos θ| below this (pitch beyond ~84°) is clamped: the Euler yaw rate is ill-conditioned there. */
    private static final double MIN_COS_PITCH = 0.1;

    /** IMU records: body rates (rad/s, FRD) and each record's integration interval (s) ending at its time. */
    public record Gyro(long[] tUs, double[] x, double[] y, double[] z, double[] dtS) {
    }

    /** The reference attitude: quaternions rotating FRD to NED (w, x, y, z). */
    public record Attitude(long[] tUs, double[] w, double[] x, double[] y, double[] z) {
    }

    /** Magnetometer: body field (any unit, FRD). */
    public record Mag(long[] tUs, double[] x, double[] y, double[] z) {
    }

    /** A yaw reset the estimator logged: its heading jumped by {@code deltaYawRad} at {@code tUs}. */
    public record YawReset(long tUs, double deltaYawRad) {
    }

    /**
     * Where the reference heading departs from gyro and magnetometer.
     *
     * @param startS      start, log time (s)
     * @param endS        end, log time (s)
     * @param refTurnDeg  the reference's heading change over it (resets taken out)
     * @param gyroTurnDeg the integrated gyro's
     * @param magTurnDeg  the magnetometer's (NaN if no sample near an end)
     */
    public record Departure(double startS, double endS, double refTurnDeg, double gyroTurnDeg, double magTurnDeg) {
    }

    /**
     * @param departures  in time order; empty if none
     * @param windowsJudged windows where all three headings were available
     * @param notJudged   why nothing could be judged, or null
     */
    public record Result(List<Departure> departures, int windowsJudged, String notJudged) {
    }

    private ReferenceHeadingMonitor() {
    }

    /** Runs the monitor; {@code resets} may be empty. */
    public static Result check(Attitude ref, List<YawReset> resets, Gyro gyro, Mag mag) {
        int n = ref.tUs().length;
        if (n < 2) {
            return new Result(List.of(), 0, "fewer than two reference attitude samples");
        }
        if (gyro.tUs().length < 2) {
            return new Result(List.of(), 0, "no gyro records");
        }
        if (mag == null || mag.tUs().length == 0) {
            return new Result(List.of(), 0, "no magnetometer");
        }
        double[] t = new double[n];
        double[] roll = new double[n], pitch = new double[n];
        double[] refHeading = referenceHeading(ref, resets, t, roll, pitch);
        double[] gyroHeading = gyroHeading(ref.tUs(), roll, pitch, gyro);
        double[] magHeading = magHeading(ref.tUs(), roll, pitch, mag);

        // Sliding windows.
        List<int[]> flagged = new ArrayList<>();
        List<Double> signs = new ArrayList<>();
        int judged = 0;
        double nextStart = t[0];
        int e = 0;
        for (int k = 0; k < n; k++) {
            if (t[k] < nextStart) {
                continue;
            }
            while (e < n && t[e] < t[k] + WINDOW_S) {
                e++;
            }
            if (e >= n) {
                break;
            }
            nextStart = t[k] + STEP_S;
            if (t[e] - t[k] > MAX_WINDOW_S) {
                continue;
            }
            double dRef = refHeading[e] - refHeading[k];
            double dGyro = gyroHeading[e] - gyroHeading[k];
            double dMag = magHeading[e] - magHeading[k];
            if (!(Double.isFinite(dRef) && Double.isFinite(dGyro) && Double.isFinite(dMag))) {
                continue;
            }
            judged++;
            double vsGyro = dRef - dGyro, vsMag = dRef - dMag;
            double departure = Math.min(Math.abs(vsGyro), Math.abs(vsMag));
            if (departure >= Math.toRadians(DEPARTURE_DEG) && Math.signum(vsGyro) == Math.signum(vsMag)
                    && Math.abs(dGyro - dMag) <= 0.5 * departure) {
                flagged.add(new int[] {k, e});
                signs.add(Math.signum(vsGyro));
            }
        }
        if (judged == 0) {
            return new Result(List.of(), 0, String.format(java.util.Locale.ROOT,
                    "no %.0f s window with reference, gyro and magnetometer (reference spans %.1f s)",
                    WINDOW_S, t[n - 1] - t[0]));
        }

        // Merge overlapping flagged windows, then locate each departure.
        List<Departure> out = new ArrayList<>();
        int i = 0;
        while (i < flagged.size()) {
            int spanStart = flagged.get(i)[0], spanEnd = flagged.get(i)[1];
            double sign = signs.get(i);
            i++;
            while (i < flagged.size() && flagged.get(i)[0] <= spanEnd) {
                spanEnd = Math.max(spanEnd, flagged.get(i)[1]);
                i++;
            }
            int lo = spanStart, hi = spanEnd;
            while (lo > 0 && t[lo - 1] >= t[spanStart] - WINDOW_S) {
                lo--;
            }
            while (hi < n - 1 && t[hi + 1] <= t[spanEnd] + WINDOW_S) {
                hi++;
            }
            int[] ends = locate(refHeading, gyroHeading, sign, lo, hi);
            int best0 = ends[0], best1 = ends[1];
            out.add(new Departure(t[best0], t[best1], Math.toDegrees(refHeading[best1] - refHeading[best0]),
                    Math.toDegrees(gyroHeading[best1] - gyroHeading[best0]),
                    Math.toDegrees(magHeading[best1] - magHeading[best0])));
        }
        return new Result(List.copyOf(out), judged, null);
    }

    /**
     * The departure within [lo, hi]: the largest rise of sign·(ref − gyro) over any s &lt; e, then
     * the shortest interval holding {@link #LOCATE_FRACTION} of that rise (so that a slow drift
     * on either side does not stretch it).
     */
    static int[] locate(double[] ref, double[] gyro, double sign, int lo, int hi) {
        double best = 0;
        int low = -1;
        for (int j = lo; j <= hi; j++) {
            double d = sign * (ref[j] - gyro[j]);
            if (!Double.isFinite(d)) {
                continue;
            }
            if (low < 0 || d < sign * (ref[low] - gyro[low])) {
                low = j;
            }
            best = Math.max(best, d - sign * (ref[low] - gyro[low]));
        }
        int[] ends = {lo, hi};
        for (int s = lo; s <= hi; s++) {
            double d0 = sign * (ref[s] - gyro[s]);
            for (int e = s + 1; Double.isFinite(d0) && e <= hi && e - s < ends[1] - ends[0]; e++) {
                if (sign * (ref[e] - gyro[e]) - d0 >= LOCATE_FRACTION * best) {
                    ends[0] = s;
                    ends[1] = e;
                    break;
                }
            }
        }
        return ends;
    }

    /** Unwrapped reference yaw (rad) with logged resets removed; fills times (s), roll and pitch. */
    private static double[] referenceHeading(Attitude ref, List<YawReset> resets, double[] t, double[] roll,
                                             double[] pitch) {
        int n = t.length;
        double[] heading = new double[n];
        Quat q = new Quat();
        double unwrapped = 0, previous = Double.NaN, resetSum = 0;
        // Time of the last sample with a valid attitude: every reset after it and up to the next
        // valid sample is in that sample's yaw, also those next to an invalid sample in between.
        long lastValidUs = 0;
        boolean anyValid = false;
        for (int k = 0; k < n; k++) {
            t[k] = ref.tUs()[k] * 1e-6;
            q.set(ref.w()[k], ref.x()[k], ref.y()[k], ref.z()[k]);
            if (!q.isFinite() || q.norm() < 1e-6) {
                roll[k] = k > 0 ? roll[k - 1] : 0.0;
                pitch[k] = k > 0 ? pitch[k - 1] : 0.0;
                heading[k] = Double.NaN;
                continue;
            }
            q.normalize();
            roll[k] = q.roll();
            pitch[k] = q.pitch();
            double yaw = q.yaw();
            unwrapped = Double.isNaN(previous) ? yaw : unwrapped + Angles.wrapPi(yaw - previous);
            previous = yaw;
            if (anyValid) {
                for (YawReset r : resets) {
                    if (r.tUs() > lastValidUs && r.tUs() <= ref.tUs()[k]) {
                        resetSum += r.deltaYawRad();
                    }
                }
            }
            anyValid = true;
            lastValidUs = ref.tUs()[k];
            heading[k] = unwrapped - resetSum;
        }
        return heading;
    }

    /** Gyro-integrated earth-frame heading (rad) at each reference time, 0 at the first. */
    private static double[] gyroHeading(long[] refT, double[] roll, double[] pitch, Gyro gyro) {
        int n = refT.length;
        double[] heading = new double[n];
        long[] gt = gyro.tUs();
        int i = 0;
        while (i < gt.length && gt[i] <= refT[0]) {
            i++;
        }
        double psi = 0;
        for (int k = 1; k < n; k++) {
            double sinR = Math.sin(roll[k - 1]), cosR = Math.cos(roll[k - 1]);
            double cosP = Math.cos(pitch[k - 1]);
            cosP = Math.copySign(Math.max(Math.abs(cosP), MIN_COS_PITCH), cosP);
            for (; i < gt.length && gt[i] <= refT[k]; i++) {
                double dt = gyro.dtS()[i];
                if (!(dt > 0) && i > 0) {
                    dt = (gt[i] - gt[i - 1]) * 1e-6;
                }
                double rate = (gyro.y()[i] * sinR + gyro.z()[i] * cosR) / cosP;
                if (Double.isFinite(rate) && dt > 0 && dt < 1.0) {
                    psi += rate * dt;
                }
            }
            heading[k] = psi;
        }
        return heading;
    }

    /**
     * Tilt-compensated magnetometer heading (rad, unwrapped across samples) averaged over
     * ±{@link #MAG_AVERAGE_HALF_S} around each reference time; NaN where no sample is that near.
     */
    private static double[] magHeading(long[] refT, double[] roll, double[] pitch, Mag mag) {
        long[] mt = mag.tUs();
        double[] h = new double[mt.length];
        Quat tilt = new Quat();
        Vec3 level = new Vec3();
        double unwrapped = 0, previous = Double.NaN;
        int k = 0;
        for (int j = 0; j < mt.length; j++) {
            while (k + 1 < refT.length && refT[k + 1] <= mt[j]) {
                k++;
            }
            tilt.setEuler(roll[k], pitch[k], 0.0);
            tilt.rotate(level.set(mag.x()[j], mag.y()[j], mag.z()[j]), level);
            double heading = Math.hypot(level.x, level.y) > 1e-9 ? Math.atan2(-level.y, level.x) : Double.NaN;
            if (!Double.isFinite(heading)) {
                h[j] = Double.NaN;
                continue;
            }
            unwrapped = Double.isNaN(previous) ? heading : unwrapped + Angles.wrapPi(heading - previous);
            previous = heading;
            h[j] = unwrapped;
        }
        double[] out = new double[refT.length];
        long half = (long) (MAG_AVERAGE_HALF_S * 1e6);
        int lo = 0;
        for (int r = 0; r < refT.length; r++) {
            while (lo < mt.length && mt[lo] < refT[r] - half) {
                lo++;
            }
            double sum = 0;
            int count = 0;
            for (int j = lo; j < mt.length && mt[j] <= refT[r] + half; j++) {
                if (Double.isFinite(h[j])) {
                    sum += h[j];
                    count++;
                }
            }
            out[r] = count > 0 ? sum / count : Double.NaN;
        }
        return out;
    }
}
