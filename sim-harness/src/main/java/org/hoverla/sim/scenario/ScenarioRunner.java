package org.hoverla.sim.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hoverla.core.param.SetResult;
import org.hoverla.core.time.SystemClock;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.plan.PlanDocument;
import org.hoverla.mission.plan.PlanFileException;
import org.hoverla.mission.plan.PlanFiles;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.report.FlightReport;

/**
 * Runs one deterministic lockstep flight of a scenario in this process and returns its summary:
 * the unit of work of {@code sim --scenario} and of a qualification campaign.
 *
 * <p>A scenario file (docs/scenarios.md) says which flight to fly (demo, hover, mission), the
 * set-up (airframe, parameters, a simulated RC transmitter or ground station), timed events
 * (wind, GNSS jamming/spoofing/outage, motor thrust, RC and GCS loss, battery, injected failures)
 * and expectations checked at the end. Without a file, the demo flies with no events.
 */
public final class ScenarioRunner {
    private ScenarioRunner() {
    }

    /**
     * One run.
     *
     * @param scenarioFile the scenario file, or null for the plain demo flight
     * @param seed simulation seed
     * @param windSpeedMps mean wind speed, m/s
     * @param windFromDeg direction the wind blows from, degrees
     * @param params parameter assignments applied after boot (name → value), in order
     */
    public record Request(Path scenarioFile, long seed, double windSpeedMps, double windFromDeg,
                          Map<String, Double> params) {
    }

    /**
     * The outcome of a run.
     *
     * @param passed the flight did what the scenario expects
     * @param failure why not (empty when passed)
     * @param summary the {@code sim --json} summary's fields, plus the scenario's own figures
     */
    public record Result(boolean passed, String failure, Map<String, Object> summary) {
    }

    /**
     * Flies {@code request}; a request the scenario or the parameters refuse throws
     * {@link IllegalArgumentException} whose message is one line naming the file and line.
     */
    public static Result run(Request request) {
        ScenarioFile scenario = null;
        if (request.scenarioFile() != null) {
            try {
                scenario = ScenarioFile.read(request.scenarioFile());
            } catch (ScenarioFileException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return run(scenario, request);
    }

    /** Flies an already parsed scenario (null: the plain demo) with the request's seed, wind and parameters. */
    public static Result run(ScenarioFile scenario, Request request) {
        SimConfig c = new SimConfig();
        c.seed = request.seed();
        c.windSpeedMps = request.windSpeedMps();
        c.windFromDeg = request.windFromDeg();
        MissionPlan plan = scenario != null && scenario.flight == ScenarioFile.FlightKind.MISSION
                ? loadPlan(scenario, c) : null;
        List<String> refused = new ArrayList<>();
        LockstepSim sim = new LockstepSim(c, SystemClock.INSTANCE, null, store -> {
            if (scenario == null) {
                return;
            }
            // Before the flight stack is built, so that SYS_AUTOSTART picks the airframe, as on a reboot.
            if (scenario.autostart != null) {
                store.set("SYS_AUTOSTART", scenario.autostart);
            }
            for (Map.Entry<String, Double> p : scenario.params.entrySet()) {
                SetResult r = store.set(p.getKey(), p.getValue());
                if (r != SetResult.OK) {
                    refused.add(scenario.path + ": parameter " + p.getKey() + "=" + ScenarioFile.fmt(p.getValue())
                            + " refused: " + r.name().toLowerCase(Locale.ROOT).replace('_', ' '));
                }
            }
        }, line -> { });
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException(refused.get(0));
        }
        for (Map.Entry<String, Double> p : request.params().entrySet()) {
            SetResult r = sim.params().set(p.getKey(), p.getValue());
            if (r != SetResult.OK) {
                throw new IllegalArgumentException("parameter " + p.getKey() + "=" + p.getValue() + " refused: "
                        + r.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
        long wallStart = System.nanoTime();
        if (scenario == null) {
            DemoFlight flight = new DemoFlight(sim, 10.0, 20.0, 120.0, null);
            while (flight.step()) {
                // flying
            }
            FlightReport report = FlightReport.of(sim, flight, (System.nanoTime() - wallStart) * 1e-9);
            Map<String, Object> summary = new LinkedHashMap<>(report.fields());
            boolean passed = flight.phase() == DemoFlight.Phase.DONE;
            return new Result(passed, passed ? "" : flight.failure(), summary);
        }
        return fly(scenario, sim, plan, wallStart);
    }

    private static Result fly(ScenarioFile scenario, LockstepSim sim, MissionPlan plan, long wallStart) {
        ScenarioDirector director = new ScenarioDirector(scenario, sim);
        DemoFlight demo = null;
        MissionFlight mission = null;
        HoverFlight hover = null;
        String flightFailure;
        switch (scenario.flight) {
            case MISSION -> {
                double limit = scenario.durationS != null ? scenario.durationS : 1800.0;
                mission = new MissionFlight(sim, plan, limit);
                while (mission.step()) {
                    director.afterStep();
                }
                flightFailure = mission.phase() == MissionFlight.Phase.FAILED ? mission.failure() : "";
            }
            case HOVER -> {
                double limit = scenario.durationS != null ? scenario.durationS : 300.0;
                hover = new HoverFlight(sim, scenario.altitudeM, limit);
                while (hover.step()) {
                    director.afterStep();
                }
                flightFailure = hover.failure();
            }
            default -> {
                double limit = scenario.durationS != null ? scenario.durationS : 120.0;
                demo = new DemoFlight(sim, scenario.altitudeM, scenario.hoverS, limit, null);
                while (demo.step()) {
                    director.afterStep();
                }
                flightFailure = demo.phase() == DemoFlight.Phase.DONE ? "" : demo.failure();
            }
        }
        // A second more after the flight ends: the motors' last write and the last messages are in.
        long settleSteps = 1_000_000_000L / sim.world().stepNs();
        for (long i = 0; i < settleSteps && !sim.vehicle().crashed(); i++) {
            sim.step();
            director.afterStep();
        }
        FlightReport report = FlightReport.of(sim, demo, (System.nanoTime() - wallStart) * 1e-9);
        if (mission != null) {
            report.addMission(mission);
        }
        Map<String, Object> f = new LinkedHashMap<>(report.fields());
        f.put("scenario", scenario.path.getFileName().toString());
        f.put("flight", scenario.flight.name().toLowerCase(Locale.ROOT));
        f.put("airframe", sim.stack().params().airframe.get());
        f.put("events_applied", director.eventsApplied());
        f.put("failsafe_actions", director.failsafeActions());
        f.put("modes_entered", director.modesEntered().stream().map(Enum::name).toList());
        f.put("final_mode", director.finalMode() == null ? null : director.finalMode().name());
        f.put("landing_from_home_m", round(director.landingFromHomeM()));
        f.put("landing_from_failure_m", round(director.landingFromFailureM()));
        f.put("max_tilt_deg", round(director.maxTiltDeg()));
        f.put("max_alt_m", round(director.maxAltM()));
        f.put("touchdown_s", round(director.touchdownS()));
        List<Map<String, Object>> checks = new ArrayList<>();
        String firstFailed = "";
        for (ScenarioFile.Expectation e : scenario.expectations) {
            Object actual = actual(e, f, director, sim);
            boolean ok = holds(e, actual, director, sim);
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("expect", e.text());
            check.put("line", e.line());
            check.put("passed", ok);
            check.put("actual", actual);
            checks.add(check);
            if (!ok && firstFailed.isEmpty()) {
                firstFailed = scenario.path.getFileName() + ":" + e.line() + ": expected " + e.text() + ", was " + actual;
            }
        }
        f.put("expectations", checks);
        // With expectations, they decide (a crash or a failsafe landing may be what the scenario wants);
        // without, the flight itself must have succeeded.
        boolean passed = scenario.expectations.isEmpty() ? flightFailure.isEmpty() : firstFailed.isEmpty();
        String failure = passed ? "" : scenario.expectations.isEmpty() ? flightFailure : firstFailed;
        f.put("result", passed ? "ok" : "failed");
        f.put("failure", failure);
        f.put("flight_note", flightFailure);
        return new Result(passed, failure, f);
    }

    private static Object actual(ScenarioFile.Expectation e, Map<String, Object> f, ScenarioDirector d, LockstepSim sim) {
        return switch (e.kind()) {
            case LANDED -> sim.vehicle().onGround() && !sim.devices().motors.armed() ? "landed, disarmed"
                    : (sim.vehicle().onGround() ? "on the ground, armed" : "in the air");
            case ON_GROUND -> sim.vehicle().onGround() ? "on the ground" : "in the air";
            case NO_CRASH -> sim.vehicle().crashed() ? "crashed: " + sim.vehicle().crashReason() : "no crash";
            case FINAL_MODE -> d.finalMode() == null ? null : d.finalMode().name();
            case ENTERED_MODE -> d.modesEntered().stream().map(Enum::name).toList().toString();
            case TEXT -> d.texts().stream().filter(t -> t.contains(e.figure())).findFirst().orElse("no such message");
            case FIGURE -> f.get(e.figure());
        };
    }

    private static boolean holds(ScenarioFile.Expectation e, Object actual, ScenarioDirector d, LockstepSim sim) {
        switch (e.kind()) {
            case LANDED:
                return sim.vehicle().onGround() && !sim.devices().motors.armed() && !sim.vehicle().crashed();
            case ON_GROUND:
                return sim.vehicle().onGround() && !sim.vehicle().crashed();
            case NO_CRASH:
                return !sim.vehicle().crashed();
            case FINAL_MODE:
                return d.finalMode() == e.mode();
            case ENTERED_MODE:
                return d.modesEntered().contains(e.mode());
            case TEXT:
                return d.texts().stream().anyMatch(t -> t.contains(e.figure()));
            default:
                if (!(actual instanceof Number n) || Double.isNaN(n.doubleValue())) {
                    return false;
                }
                double v = n.doubleValue();
                return switch (e.op()) {
                    case "<" -> v < e.value();
                    case "<=" -> v <= e.value();
                    case ">" -> v > e.value();
                    default -> v >= e.value();
                };
        }
    }

    private static Double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 100.0) / 100.0 : null;
    }

    /** The plan to fly; its planned home becomes the simulated home, as {@code sim --mission} does. */
    private static MissionPlan loadPlan(ScenarioFile scenario, SimConfig c) {
        PlanDocument doc;
        try {
            doc = PlanFiles.read(scenario.missionFile);
        } catch (PlanFileException e) {
            throw new IllegalArgumentException(scenario.path + ": " + e.getMessage(), e);
        }
        if (doc.plannedHome() != null && (doc.plannedHome().latDegE7() != 0 || doc.plannedHome().lonDegE7() != 0)) {
            c.homeLatDeg = doc.plannedHome().latDegE7() * 1e-7;
            c.homeLonDeg = doc.plannedHome().lonDegE7() * 1e-7;
            c.homeAltM = doc.plannedHome().altAmslM();
        } else {
            for (MissionItem it : doc.plan().mission()) {
                if ((it.x() != 0 || it.y() != 0) && it.frame() != MissionItem.FRAME_MISSION) {
                    c.homeLatDeg = it.latDeg();
                    c.homeLonDeg = it.lonDeg();
                    break;
                }
            }
        }
        return doc.plan();
    }
}
