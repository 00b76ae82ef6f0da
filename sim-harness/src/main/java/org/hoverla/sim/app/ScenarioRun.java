package org.hoverla.sim.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.report.FlightReport;
import org.hoverla.sim.scenario.ScenarioFile;
import org.hoverla.sim.scenario.ScenarioFileException;
import org.hoverla.sim.scenario.ScenarioRunner;
import picocli.CommandLine;

/** {@code sim --scenario FILE}: parses the scenario (errors before anything flies), flies it, prints its figures. */
final class ScenarioRun {
    private ScenarioRun() {
    }

    static int run(SimCommand cmd, CommandLine commandLine) throws IOException {
        ScenarioFile scenario;
        try {
            scenario = ScenarioFile.read(cmd.scenarioFile);
        } catch (ScenarioFileException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        SimConfig config = cmd.sim.toConfig(commandLine);
        Map<String, Double> params = new LinkedHashMap<>();
        for (String assignment : cmd.sim.params) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(commandLine, "--param expects NAME=VALUE, not '" + assignment + "'");
            }
            try {
                params.put(assignment.substring(0, eq).trim(), Double.parseDouble(assignment.substring(eq + 1).trim()));
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(commandLine, "--param " + assignment + ": not a number");
            }
        }
        PrintWriter out = commandLine.getOut();
        ScenarioRunner.Result result;
        try {
            result = ScenarioRunner.run(scenario, new ScenarioRunner.Request(cmd.scenarioFile, config.seed,
                    config.windSpeedMps, config.windFromDeg, params));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        Map<String, Object> f = result.summary();
        if (!cmd.quiet) {
            for (Object e : (List<?>) f.get("events_applied")) {
                out.println("event    " + e);
            }
            for (Object a : (List<?>) f.get("failsafe_actions")) {
                out.println("vehicle  " + a);
            }
        }
        out.printf("Scenario %s (%s, seed %d): %s%s%n", f.get("scenario"), f.get("flight"), config.seed,
                result.passed() ? "passed" : "FAILED", result.passed() ? "" : " (" + result.failure() + ")");
        out.printf("Simulated %.1f s in %.2f s wall; final mode %s; %s, %s; landing %s m from home, %s m from the "
                        + "failure point; max tilt %s deg; crashed %s%n", f.get("sim_time_s"), f.get("wall_time_s"),
                f.get("final_mode"), Boolean.TRUE.equals(f.get("landed")) ? "on the ground" : "in the air",
                Boolean.TRUE.equals(f.get("armed")) ? "armed" : "disarmed", f.get("landing_from_home_m"),
                f.get("landing_from_failure_m"), f.get("max_tilt_deg"), f.get("crashed"));
        for (Object o : (List<?>) f.get("expectations")) {
            Map<?, ?> c = (Map<?, ?>) o;
            out.printf("  %s expect %s (line %s): %s%n", Boolean.TRUE.equals(c.get("passed")) ? "ok  " : "FAIL",
                    c.get("expect"), c.get("line"), c.get("actual"));
        }
        if (cmd.json != null) {
            FlightReport.writeJson(f, cmd.json);
            out.println("Summary written to " + cmd.json);
        }
        out.flush();
        return result.passed() ? 0 : HoverlaMain.EXIT_FAILURE;
    }
}
