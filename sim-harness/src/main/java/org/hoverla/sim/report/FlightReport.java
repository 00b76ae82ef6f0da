package org.hoverla.sim.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hoverla.core.sched.LoopScheduler;
import org.hoverla.core.sched.TaskPerf;
import org.hoverla.sim.lockstep.FlightLoop;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.scenario.DemoFlight;
import org.hoverla.sim.scenario.FlightMetrics;
import org.hoverla.storage.AtomicFiles;

/**
 * The summary of one simulated flight: a human text and a JSON document with stable keys
 * (documented in the README). Built once at the end of a run, off any hot path.
 */
public final class FlightReport {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private FlightReport() {
    }

    public static FlightReport of(FlightLoop sim, DemoFlight demo, double wallTimeS) {
        FlightReport r = new FlightReport();
        SimConfig c = sim.config();
        FlightMetrics m = demo == null ? null : demo.metrics();
        double simTime = sim.timeS();
        Map<String, Object> f = r.fields;
        f.put("scenario", demo == null ? "idle" : "demo");
        f.put("result", demo == null ? "idle" : demo.phase() == DemoFlight.Phase.DONE ? "ok" : "failed");
        f.put("failure", demo == null ? "" : demo.failure());
        f.put("seed", c.seed);
        f.put("home", new double[] {c.homeLatDeg, c.homeLonDeg, c.homeAltM});
        f.put("wind_speed_mps", c.windSpeedMps);
        f.put("wind_from_deg", c.windFromDeg);
        f.put("sim_time_s", round(simTime, 3));
        f.put("wall_time_s", round(wallTimeS, 3));
        f.put("speedup", wallTimeS > 0 ? round(simTime / wallTimeS, 1) : null);
        f.put("landed", sim.vehicle().onGround());
        f.put("armed", sim.devices().motors.armed());
        f.put("crashed", sim.vehicle().crashed());
        f.put("crash_reason", sim.vehicle().crashed() ? sim.vehicle().crashReason() : "");
        if (m != null) {
            f.put("takeoff_alt_m", demo.takeoffAltM());
            f.put("ready_to_arm_s", num(demo.readyAtS()));
            f.put("armed_at_s", num(demo.armedAtS()));
            f.put("hover_start_s", num(demo.hoverStartS()));
            f.put("land_start_s", num(demo.landStartS()));
            f.put("disarmed_at_s", num(demo.disarmedAtS()));
            f.put("hover_pos_rms_m", num(m.hoverPosRmsM()));
            f.put("hover_pos_max_m", num(m.hoverPosMaxM()));
            f.put("hover_track_rms_m", num(m.hoverTrackRmsM()));
            f.put("max_alt_m", num(m.maxAltM()));
            f.put("max_alt_overshoot_m", num(m.maxAltOvershootM()));
            f.put("landing_error_m", num(demo.landingErrorM()));
            f.put("landing_error_net_m", num(demo.landingErrorNetOfGnssDriftM()));
            f.put("max_tilt_deg", num(m.maxTiltDeg()));
            f.put("estimator", sim.stack().params().estType.get() == 1 ? "ekf" : "complementary");
            f.put("att_err_rms_deg", num(m.attErrRmsDeg()));
            f.put("roll_err_rms_deg", num(m.rollErrRmsDeg()));
            f.put("pitch_err_rms_deg", num(m.pitchErrRmsDeg()));
            f.put("yaw_err_rms_deg", num(m.yawErrRmsDeg()));
            f.put("att_angle_err_rms_deg", num(m.attAngleErrRmsDeg()));
            f.put("pos_err_rms_m", num(m.posErrRmsM()));
            f.put("pos_v_err_rms_m", num(m.posVErrRmsM()));
            f.put("vel_err_rms_mps", num(m.velErrRmsMps()));
        }
        f.put("scheduler", scheduler(sim.scheduler()));
        return r;
    }

    private static Map<String, Object> scheduler(LoopScheduler s) {
        Map<String, Object> tasks = new LinkedHashMap<>();
        for (int i = 0; i < s.taskCount(); i++) {
            TaskPerf p = s.perf(i);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("rate_hz", s.table().rateHz(i));
            t.put("budget_us", s.table().budgetNs(i) / 1000);
            t.put("runs", p.runs());
            t.put("slips", p.slips());
            t.put("overruns", p.overruns());
            t.put("errors", p.errors());
            t.put("mean_exec_us", round(p.meanExecNs() / 1000.0, 3));
            t.put("max_exec_us", round(p.maxExecNs() / 1000.0, 3));
            t.put("max_jitter_us", round(p.maxAbsJitterNs() / 1000.0, 3));
            t.put("rms_jitter_us", round(p.rmsJitterNs() / 1000.0, 3));
            tasks.put(s.taskName(i), t);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cycles", s.cycles());
        out.put("tasks", tasks);
        return out;
    }

    /** Adds the mission figures: completion, items reached, cross-track error, fence breaches. */
    public void addMission(org.hoverla.sim.scenario.MissionFlight m) {
        fields.put("scenario", "mission");
        fields.put("result", m.missionComplete() ? "ok" : "failed");
        fields.put("failure", m.failure());
        fields.put("mission_complete", m.missionComplete());
        fields.put("items_reached", m.itemsReached());
        fields.put("crosstrack_rms_m", num(m.crossTrackRmsM()));
        fields.put("crosstrack_samples", m.crossTrackSamples());
        fields.put("fence_breaches", m.fenceBreaches());
        fields.put("camera_events", m.cameraLog().size());
        fields.put("operator_landed_after_failsafe", m.operatorLanded());
    }

    /** Adds the stick-flight figures: corner errors, hold deviation in wind, climb, descent, disarm. */
    public void addSticks(org.hoverla.sim.scenario.StickFlight s) {
        fields.put("scenario", "sticks");
        fields.put("result", s.phase() == org.hoverla.sim.scenario.StickFlight.Phase.DONE ? "ok" : "failed");
        fields.put("failure", s.failure());
        double[] corners = s.cornerErrorsM();
        Object[] rounded = new Object[corners.length];
        for (int i = 0; i < corners.length; i++) {
            rounded[i] = num(corners[i]);
        }
        fields.put("square_side_m", org.hoverla.sim.scenario.StickFlight.SIDE_M);
        fields.put("square_corner_errors_m", rounded);
        fields.put("hold_s", org.hoverla.sim.scenario.StickFlight.HOLD_S);
        fields.put("hold_max_deviation_m", num(s.holdMaxDeviationM()));
        fields.put("hold_rms_deviation_m", num(s.holdRmsDeviationM()));
        fields.put("manual_loss_to_action_s", num(s.lossToActionS()));
        fields.put("manual_regained_snapped_back", s.snappedBack());
        fields.put("stick_takeover_s", num(s.takeoverS()));
        fields.put("stick_climb_to_10m_s", num(s.climbTimeS()));
        fields.put("stick_descent_s", num(s.descentTimeS()));
        fields.put("touchdown_to_disarm_s", num(s.touchdownToDisarmS()));
        fields.put("max_alt_m", num(s.maxAltM()));
        fields.put("stick_source", s.source());
        fields.put("arm_method", s.armMethod());
        fields.put("stick_disarm_method", s.disarmMethod());
        fields.put("stick_disarm_refused", s.disarmRefused());
        fields.put("stick_disarm_refusal", s.disarmRefusalText().isEmpty() ? null : s.disarmRefusalText());
        fields.put("rc_loss_action", s.lossAction());
        fields.put("rc_loss_mode", s.lossMode() == null ? null : s.lossMode().name());
        fields.put("rc_loss_text", s.lossText().isEmpty() ? null : s.lossText());
        fields.put("rc_link_loss", s.linkLossStyle().isEmpty() ? null : s.linkLossStyle());
    }

    public Map<String, Object> fields() {
        return fields;
    }

    /** Writes the JSON summary durably and atomically ({@link AtomicFiles}). */
    public void writeJson(Path file) throws IOException {
        writeJson(fields, file);
    }

    /** Writes a summary's fields (e.g. a scenario's, with its own figures) as {@link #writeJson(Path)} does. */
    public static void writeJson(Map<String, Object> fields, Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(file, mapper.writeValueAsBytes(fields));
    }

    /** The human summary printed at the end of a run. */
    public String humanSummary() {
        StringBuilder b = new StringBuilder();
        Object result = fields.get("result");
        b.append(String.format("Result: %s%s%n", result,
                "failed".equals(result) ? " (" + fields.get("failure") + ")" : ""));
        b.append(String.format("Simulated %.1f s in %.2f s wall (x%s)%n", fields.get("sim_time_s"),
                fields.get("wall_time_s"), fields.get("speedup")));
        b.append(String.format("Vehicle: %s, %s, %s%n",
                Boolean.TRUE.equals(fields.get("landed")) ? "on the ground" : "in the air",
                Boolean.TRUE.equals(fields.get("armed")) ? "armed" : "disarmed",
                Boolean.TRUE.equals(fields.get("crashed")) ? "CRASHED: " + fields.get("crash_reason") : "intact"));
        if (fields.containsKey("mission_complete")) {
            Object crossTrack = fields.get("crosstrack_rms_m");
            b.append(String.format("Mission: complete %s, items reached %s, cross-track RMS %s, fence breaches %s%n",
                    fields.get("mission_complete"), fields.get("items_reached"),
                    crossTrack == null ? "n/a (no waypoint-to-waypoint leg flown)" : crossTrack + " m",
                    fields.get("fence_breaches")));
        }
        if (fields.containsKey("hold_max_deviation_m")) {
            b.append(String.format("Sticks (%s, armed by %s): climb to 10 m %s s, square corner errors %s m, "
                            + "disarm by %s in flight refused %s (%s), hold in wind max %s m "
                            + "(RMS %s m) over %s s, link loss to %s %s s, snapped back %s, takeover %s s, descent %s s, "
                            + "touchdown to disarm %s s%n",
                    fields.get("stick_source"), fields.get("arm_method"),
                    fields.get("stick_climb_to_10m_s"), java.util.Arrays.toString((Object[]) fields.get("square_corner_errors_m")),
                    fields.get("stick_disarm_method"), fields.get("stick_disarm_refused"), fields.get("stick_disarm_refusal"),
                    fields.get("hold_max_deviation_m"), fields.get("hold_rms_deviation_m"), fields.get("hold_s"),
                    fields.get("rc_loss_mode"), fields.get("manual_loss_to_action_s"), fields.get("manual_regained_snapped_back"),
                    fields.get("stick_takeover_s"), fields.get("stick_descent_s"), fields.get("touchdown_to_disarm_s")));
        }
        if (fields.containsKey("hover_pos_rms_m")) {
            b.append(String.format("Truth: hover RMS %s m (max %s m; controller's own tracking RMS %s m), "
                            + "altitude overshoot %s m, landing error %s m (%s m net of the GNSS error's drift), "
                            + "max tilt %s deg%n",
                    fields.get("hover_pos_rms_m"), fields.get("hover_pos_max_m"), fields.get("hover_track_rms_m"),
                    fields.get("max_alt_overshoot_m"), fields.get("landing_error_m"), fields.get("landing_error_net_m"),
                    fields.get("max_tilt_deg")));
            b.append(String.format("Estimator (%s) vs truth: roll/pitch RMS %s deg (roll %s, pitch %s), yaw RMS %s deg, "
                            + "horizontal position RMS %s m (vertical %s m), velocity RMS %s m/s%n",
                    fields.get("estimator"), fields.get("att_err_rms_deg"), fields.get("roll_err_rms_deg"),
                    fields.get("pitch_err_rms_deg"), fields.get("yaw_err_rms_deg"), fields.get("pos_err_rms_m"),
                    fields.get("pos_v_err_rms_m"), fields.get("vel_err_rms_mps")));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> sched = (Map<String, Object>) fields.get("scheduler");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> tasks = (Map<String, Map<String, Object>>) sched.get("tasks");
        b.append(String.format("Scheduler: %s cycles%n", sched.get("cycles")));
        b.append(String.format("  %-10s %7s %9s %6s %9s %10s %10s%n", "task", "rate", "runs", "slips", "overruns",
                "mean us", "max us"));
        for (Map.Entry<String, Map<String, Object>> e : tasks.entrySet()) {
            Map<String, Object> t = e.getValue();
            b.append(String.format("  %-10s %7.0f %9d %6d %9d %10.2f %10.2f%n", e.getKey(), t.get("rate_hz"),
                    t.get("runs"), t.get("slips"), t.get("overruns"), t.get("mean_exec_us"), t.get("max_exec_us")));
        }
        return b.toString();
    }

    private static Object num(double v) {
        return Double.isFinite(v) ? round(v, 3) : null;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
