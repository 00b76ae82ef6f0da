package org.hoverla.sim.scenario;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hoverla.core.param.SetResult;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.report.FlightReport;

/**
 * Runs one deterministic lockstep flight of a scenario in this process and returns its summary:
 * the unit of work of {@code sim --scenario} and of a qualification campaign.
 *
 * <p>SEAM (issue 16): this first version flies the demo flight with no events; the scenario file
 * format (timed events, the flight to fly, expectations) replaces the body.
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

    /** Flies {@code request}; a request the scenario or the parameters refuse throws {@link IllegalArgumentException}. */
    public static Result run(Request request) {
        SimConfig c = new SimConfig();
        c.seed = request.seed();
        c.windSpeedMps = request.windSpeedMps();
        c.windFromDeg = request.windFromDeg();
        LockstepSim sim = new LockstepSim(c);
        for (Map.Entry<String, Double> p : request.params().entrySet()) {
            SetResult r = sim.params().set(p.getKey(), p.getValue());
            if (r != SetResult.OK) {
                throw new IllegalArgumentException("parameter " + p.getKey() + "=" + p.getValue() + " refused: "
                        + r.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            }
        }
        long wallStart = System.nanoTime();
        DemoFlight flight = new DemoFlight(sim, 10.0, 20.0, 120.0, null);
        while (flight.step()) {
            // flying
        }
        FlightReport report = FlightReport.of(sim, flight, (System.nanoTime() - wallStart) * 1e-9);
        Map<String, Object> summary = new LinkedHashMap<>(report.fields());
        boolean passed = flight.phase() == DemoFlight.Phase.DONE;
        return new Result(passed, passed ? "" : flight.failure(), summary);
    }
}
