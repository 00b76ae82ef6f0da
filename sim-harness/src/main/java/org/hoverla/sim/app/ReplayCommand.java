package org.hoverla.sim.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogReader;
import org.hoverla.sim.replay.HoverlaLogReplay;
import org.hoverla.sim.replay.LogReplay;
import org.hoverla.sim.replay.TruthFigures;
import org.hoverla.sim.replay.ReferenceHeadingMonitor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./hoverla replay FILE.ulg}: feeds the raw sensors of a PX4 ULog through Hoverla's EKF in
 * log time and compares it with the log's own estimator ({@link LogReplay}); a log Hoverla wrote
 * is replayed through the flight code's own estimator task instead ({@link HoverlaLogReplay}).
 *
 * <p>Exit status: 0 replayed; 2 unusable input (missing or unreadable file, no IMU or attitude
 * data) or a bad command line, with one line naming the problem; 1 an output file that cannot
 * be written.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a PX4 ULog's raw sensors (sensor_combined, vehicle_magnetometer, vehicle_air_data,"
                + " vehicle_gps_position/sensor_gps) through Hoverla's EKF and compare with the log's"
                + " vehicle_attitude and vehicle_local_position.",
                "A log without a GNSS fix replays attitude (and baro height) only.",
                "A log Hoverla wrote (info sys_name Hoverla) replays through Hoverla's own EstimatorTask with the"
                        + " log's parameters; with the simulator's ground truth in it, the log's and the replayed"
                        + " estimator's errors are printed under the simulator summary's names"
                        + " (docs/replay-hoverla-logs.md)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:replayed", "1:cannot write an output file", "2:unusable log or bad command line"})
public final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.ulg", description = "The PX4 ULog file.")
    Path file;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
    Path json;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Also write the EKF and log time series side by side (at vehicle_attitude times) to FILE.")
    Path csv;

    @Option(names = "--gnss-latency-ms", paramLabel = "MS", defaultValue = "100",
            description = "Hoverla logs whose sensor_gps has no publication time: the receiver's latency the replay"
                    + " assumes (default ${DEFAULT-VALUE}, the simulator's).")
    double gnssLatencyMs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        UlogFile log;
        try {
            if (!Files.exists(file)) {
                err.println("replay: " + file + ": no such file");
                return HoverlaMain.EXIT_USAGE;
            }
            log = UlogReader.read(file);
        } catch (NoSuchFileException e) {
            err.println("replay: " + file + ": no such file");
            return HoverlaMain.EXIT_USAGE;
        } catch (IOException | RuntimeException e) {
            err.println("replay: " + file + ": cannot read: " + HoverlaMain.firstLine(String.valueOf(e.getMessage())));
            return HoverlaMain.EXIT_USAGE;
        }
        if (HoverlaLogReplay.isHoverlaLog(log)) {
            return replayHoverla(log, out, err);
        }
        LogReplay.Result r;
        try {
            r = LogReplay.run(log);
        } catch (LogReplay.UnusableLogException e) {
            err.println("replay: " + file + ": " + e.getMessage());
            return HoverlaMain.EXIT_USAGE;
        } catch (RuntimeException e) {
            err.println("replay: " + file + ": cannot replay: " + HoverlaMain.firstLine(String.valueOf(e)));
            return HoverlaMain.EXIT_USAGE;
        }

        out.printf(Locale.ROOT, "Replayed %s: %.1f s of sensor_combined, %d attitude samples compared%n",
                file.getFileName(), r.durationS(), r.samples());
        out.println(r.gnssUsed() ? "GNSS: " + r.gnssTopic() + ", " + r.gnssFused() + " fixes fused, "
                + r.gnssRejected() + " rejected" : "GNSS: none usable, attitude-only replay (no horizontal position)");
        out.printf(Locale.ROOT, "heading fused %d (rejected %d), declination %.2f deg; baro fused %d (rejected %d);"
                        + " gravity updates %d%n", r.headingFused(), r.headingRejected(), r.magDeclinationDeg(),
                r.heightFused(), r.heightRejected(), r.gravityFused());
        if (Double.isFinite(r.mag3dStartS())) {
            double[] b = r.magBiasFrdGauss();
            out.printf(Locale.ROOT, "3-axis mag from %.1f s: fused %d (rejected %d), learned body bias"
                            + " (%.3f, %.3f, %.3f) G%n", r.mag3dStartS(), r.mag3dFused(), r.mag3dRejected(),
                    b[0], b[1], b[2]);
        }
        // Only the comparisons the log supports; the others are named under "problem:".
        String attitude = figures(" deg", "roll", r.rollRmsDeg(), "pitch", r.pitchRmsDeg(), "yaw", r.yawRmsDeg());
        if (!attitude.isEmpty()) {
            out.println("EKF vs log estimator RMS: " + attitude);
        }
        String position = figures(" m", "horizontal", r.posHRmsM(), "vertical", r.posVRmsM());
        if (!position.isEmpty()) {
            out.println("EKF vs log local position RMS: " + position);
        }
        for (ReferenceHeadingMonitor.Departure d : r.departures()) {
            out.printf(Locale.ROOT, "reference heading departs from gyro and magnetometer from %.1f s to %.1f s"
                            + " (log time): %+.1f° vs %+.1f° (gyro), %s (magnetometer)%n", d.startS(), d.endS(),
                    d.refTurnDeg(), d.gyroTurnDeg(),
                    Double.isFinite(d.magTurnDeg()) ? String.format(Locale.ROOT, "%+.1f°", d.magTurnDeg()) : "n/a");
        }
        if (r.referenceNotJudged() != null) {
            out.println("reference heading not judged: " + r.referenceNotJudged());
        } else if (r.departures().isEmpty()) {
            out.printf(Locale.ROOT, "reference heading agrees with gyro and magnetometer (%d windows of %.0f s judged)%n",
                    r.referenceWindowsJudged(), ReferenceHeadingMonitor.WINDOW_S);
        }
        for (String n : r.notes()) {
            out.println("note: " + n);
        }
        for (String p : r.problems()) {
            out.println("problem: " + p);
        }

        try {
            if (json != null) {
                writeJson(r);
                out.println("Summary written to " + json);
            }
            if (csv != null) {
                writeCsv(r);
                out.println("Time series written to " + csv);
            }
        } catch (IOException e) {
            err.println("replay: cannot write output: " + HoverlaMain.firstLine(String.valueOf(e.getMessage())));
            return HoverlaMain.EXIT_FAILURE;
        }
        return 0;
    }

    /**
     * A log Hoverla wrote: the flight code's own EstimatorTask replays it with the log's parameters
     * ({@link HoverlaLogReplay}); with ground truth, the log's and the replayed estimator's figures
     * against it, under the names of the simulator's JSON summary.
     */
    private Integer replayHoverla(UlogFile log, PrintWriter out, PrintWriter err) {
        HoverlaLogReplay.Result r;
        try {
            if (!(gnssLatencyMs >= 0 && gnssLatencyMs <= 2000)) {
                err.println("replay: --gnss-latency-ms must be between 0 and 2000, not " + gnssLatencyMs);
                return HoverlaMain.EXIT_USAGE;
            }
            r = HoverlaLogReplay.run(log, Math.round(gnssLatencyMs * 1000.0));
        } catch (LogReplay.UnusableLogException e) {
            err.println("replay: " + file + ": " + e.getMessage());
            return HoverlaMain.EXIT_USAGE;
        } catch (RuntimeException e) {
            err.println("replay: " + file + ": cannot replay: " + HoverlaMain.firstLine(String.valueOf(e)));
            return HoverlaMain.EXIT_USAGE;
        }
        out.printf(Locale.ROOT, "Replayed %s (Hoverla log) through EstimatorTask: %.1f s of sensor_combined"
                        + " (%d records), %d parameters from the log%s%n", file.getFileName(), r.durationS(),
                r.imuSamples(), r.parametersApplied(),
                r.parameterChanges() > 0 ? ", " + r.parameterChanges() + " in-flight changes" : "");
        // Three decimals: a regression that moves the estimate by thousandths should show.
        String attitude = figuresAs("%.3f", " deg", "roll", r.rollRmsDeg(), "pitch", r.pitchRmsDeg(), "yaw",
                r.yawRmsDeg());
        if (!attitude.isEmpty()) {
            out.println("EKF vs log estimator RMS: " + attitude + " (" + r.attitudeSamples() + " samples)");
        }
        String position = figuresAs("%.3f", " m", "horizontal", r.posHRmsM(), "vertical", r.posVRmsM());
        if (!position.isEmpty()) {
            out.println("EKF vs log local position RMS: " + position + " (" + r.positionSamples() + " samples)");
        }
        if (r.hasTruth()) {
            out.printf(Locale.ROOT, "Armed flight: %.1f s%n", r.armedS());
            out.println("Log estimator vs truth: " + truthLine(r.logVsTruth()));
            out.println("Replayed estimator vs truth: " + truthLine(r.replayVsTruth()));
        }
        for (String n : r.notes()) {
            out.println("note: " + n);
        }
        for (String p : r.problems()) {
            out.println("problem: " + p);
        }
        if (json != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file.toString());
            m.put("log", "hoverla");
            m.put("duration_s", r.durationS());
            m.put("imu_samples", r.imuSamples());
            m.put("parameters_applied", r.parametersApplied());
            m.put("parameter_changes_applied", r.parameterChanges());
            m.put("roll_rms_deg", num(r.rollRmsDeg()));
            m.put("pitch_rms_deg", num(r.pitchRmsDeg()));
            m.put("yaw_rms_deg", num(r.yawRmsDeg()));
            m.put("samples", r.attitudeSamples());
            m.put("pos_h_rms_m", num(r.posHRmsM()));
            m.put("pos_v_rms_m", num(r.posVRmsM()));
            m.put("pos_samples", r.positionSamples());
            m.put("armed_s", r.hasTruth() ? r.armedS() : null);
            m.put("log_vs_truth", r.hasTruth() ? r.logVsTruth().toMap() : null);
            m.put("replay_vs_truth", r.hasTruth() ? r.replayVsTruth().toMap() : null);
            m.put("notes", r.notes());
            m.put("problems", r.problems());
            try {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), m);
            } catch (IOException e) {
                err.println("replay: cannot write output: " + HoverlaMain.firstLine(String.valueOf(e.getMessage())));
                return HoverlaMain.EXIT_FAILURE;
            }
            out.println("Summary written to " + json);
        }
        if (csv != null) {
            out.println("note: --csv is not written for Hoverla logs (the replay compares at the log's own times)");
        }
        return 0;
    }

    /** The sim summary's estimator line, same names and rounding. */
    private static String truthLine(TruthFigures t) {
        Map<String, Object> m = t.toMap();
        return String.format(Locale.ROOT, "roll/pitch RMS %s deg (roll %s, pitch %s), yaw RMS %s deg, horizontal"
                        + " position RMS %s m (vertical %s m), velocity RMS %s m/s", m.get("att_err_rms_deg"),
                m.get("roll_err_rms_deg"), m.get("pitch_err_rms_deg"), m.get("yaw_err_rms_deg"),
                m.get("pos_err_rms_m"), m.get("pos_v_err_rms_m"), m.get("vel_err_rms_mps"));
    }

    /** "name value unit" for each finite value, comma separated; pairs of name and value. */
    private static String figures(String unit, Object... nameValue) {
        return figuresAs("%.2f", unit, nameValue);
    }

    /** As {@link #figures(String, Object...)} with each value in {@code format}. */
    private static String figuresAs(String format, String unit, Object... nameValue) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nameValue.length; i += 2) {
            double v = (Double) nameValue[i + 1];
            if (Double.isFinite(v)) {
                b.append(b.length() == 0 ? "" : ", ").append(nameValue[i]).append(' ')
                        .append(String.format(Locale.ROOT, format, v)).append(unit);
            }
        }
        return b.toString();
    }

    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private void writeJson(LogReplay.Result r) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("roll_rms_deg", num(r.rollRmsDeg()));
        m.put("pitch_rms_deg", num(r.pitchRmsDeg()));
        m.put("yaw_rms_deg", num(r.yawRmsDeg()));
        m.put("pos_h_rms_m", num(r.posHRmsM()));
        m.put("pos_v_rms_m", num(r.posVRmsM()));
        m.put("samples", r.samples());
        m.put("pos_h_samples", r.posHSamples());
        m.put("pos_v_samples", r.posVSamples());
        m.put("attitude_only", !r.gnssUsed());
        m.put("gnss_topic", r.gnssTopic());
        m.put("gnss_fused", r.gnssFused());
        m.put("gnss_rejected", r.gnssRejected());
        m.put("heading_fused", r.headingFused());
        m.put("heading_rejected", r.headingRejected());
        m.put("height_fused", r.heightFused());
        m.put("height_rejected", r.heightRejected());
        m.put("mag_declination_deg", r.magDeclinationDeg());
        m.put("mag3d_fused", r.mag3dFused());
        m.put("mag3d_rejected", r.mag3dRejected());
        m.put("mag3d_start_s", num(r.mag3dStartS()));
        double[] b = r.magBiasFrdGauss();
        m.put("mag_bias_frd_gauss", Double.isFinite(r.mag3dStartS()) ? List.of(b[0], b[1], b[2]) : null);
        m.put("duration_s", r.durationS());
        List<Map<String, Object>> departures = new java.util.ArrayList<>();
        for (ReferenceHeadingMonitor.Departure d : r.departures()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("start_s", d.startS());
            e.put("end_s", d.endS());
            e.put("reference_turn_deg", d.refTurnDeg());
            e.put("gyro_turn_deg", d.gyroTurnDeg());
            e.put("mag_turn_deg", num(d.magTurnDeg()));
            departures.add(e);
        }
        m.put("reference_departures", departures);
        m.put("reference_windows_judged", r.referenceWindowsJudged());
        m.put("reference_not_judged", r.referenceNotJudged());
        m.put("notes", r.notes());
        m.put("problems", r.problems());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), m);
    }

    private void writeCsv(LogReplay.Result r) throws IOException {
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("t_s,ekf_roll_deg,log_roll_deg,ekf_pitch_deg,log_pitch_deg,ekf_yaw_deg,log_yaw_deg,"
                    + "ekf_n_m,ekf_e_m,ekf_d_m,log_n_m,log_e_m,log_d_m\n");
            for (LogReplay.Sample s : r.series()) {
                w.write(String.format(Locale.ROOT, "%.4f,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s%n",
                        s.timeS(), c(s.ekfRoll()), c(s.logRoll()), c(s.ekfPitch()), c(s.logPitch()), c(s.ekfYaw()),
                        c(s.logYaw()), c(s.ekfN()), c(s.ekfE()), c(s.ekfD()), c(s.logX()), c(s.logY()), c(s.logZ())));
            }
        }
    }

    private static String c(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "";
    }
}
