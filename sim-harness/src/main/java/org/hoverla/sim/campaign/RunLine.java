package org.hoverla.sim.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import org.hoverla.sim.scenario.ScenarioRunner;

/**
 * The JSON line of one campaign run (docs/campaigns.md lists the keys). A line holds everything
 * the report needs, including how to replay the run, so shards merge without the spec. Lines
 * carry no wall-clock figure: a run's line is the same whichever process, shard or machine
 * flew it.
 */
public final class RunLine {
    public static final String CAMPAIGN = "campaign";
    public static final String SPEC = "spec";
    public static final String RUNS = "runs";
    public static final String INDEX = "index";
    public static final String SCENARIO = "scenario";
    public static final String SCENARIO_FILE = "scenario_file";
    public static final String SEED = "seed";
    public static final String WIND_SPEED = "wind_speed_mps";
    public static final String WIND_FROM = "wind_from_deg";
    public static final String PARAM_SET = "param_set";
    public static final String PARAMS = "params";
    public static final String PASSED = "passed";
    public static final String FAILURE = "failure";
    public static final String FIGURES = "figures";

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Summary keys left out of the figures: wall-clock measurements (they differ from one run of
     * the same flight to the next) and what the line already says.
     */
    private static final Set<String> NOT_FIGURES = Set.of("wall_time_s", "speedup", "seed", "wind_speed_mps",
            "wind_from_deg", "failure", "result", "scenario");

    private RunLine() {
    }

    /** The line of a run that finished (passed or not). */
    public static String of(CampaignSpec spec, CampaignSpec.Run run, ScenarioRunner.Result result) {
        ObjectNode line = head(spec, run);
        ObjectNode figures = JSON.createObjectNode();
        for (Map.Entry<String, Object> f : result.summary().entrySet()) {
            if (NOT_FIGURES.contains(f.getKey())) {
                continue;
            }
            Object v = f.getValue();
            if (v instanceof Boolean b) {
                figures.put(f.getKey(), b);
            } else if (v instanceof Integer || v instanceof Long) {
                figures.put(f.getKey(), ((Number) v).longValue());
            } else if (v instanceof Number n) {
                double d = n.doubleValue();
                if (Double.isFinite(d)) {
                    figures.put(f.getKey(), d);
                } else {
                    figures.putNull(f.getKey());
                }
            } else if (v instanceof String s) {
                figures.put(f.getKey(), s);
            } else if (v == null) {
                figures.putNull(f.getKey());
            }
            // Nested values (the scheduler's per-task timings, arrays) are left out: the timings are
            // wall-clock figures, and the report ranks scalars only.
        }
        String failure = result.passed() ? beyondLimits(spec.limits(), figures)
                : nonEmpty(result.failure(), "failed (no reason given)");
        line.put(PASSED, failure.isEmpty());
        line.put(FAILURE, failure);
        line.set(FIGURES, figures);
        return write(line);
    }

    /** The campaign's limits the figures break ("" when none): the scenario passed, the campaign does not. */
    private static String beyondLimits(Map<String, Double> limits, ObjectNode figures) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Double> limit : limits.entrySet()) {
            JsonNode v = figures.get(limit.getKey());
            String max = CampaignSpec.number(limit.getValue());
            if (v == null || !v.isNumber()) {
                b.append(b.length() == 0 ? "" : "; ").append(limit.getKey()).append(" not reported (limit ").append(max)
                        .append(')');
            } else if (v.asDouble() > limit.getValue()) {
                b.append(b.length() == 0 ? "" : "; ").append(limit.getKey()).append(' ')
                        .append(CampaignSpec.number(v.asDouble())).append(" above the campaign's limit ").append(max);
            }
        }
        return b.toString();
    }

    /** The line of a run that threw: a failed run with the exception's message. */
    public static String ofException(CampaignSpec spec, CampaignSpec.Run run, Throwable thrown) {
        ObjectNode line = head(spec, run);
        line.put(PASSED, false);
        String message = thrown.getMessage() == null ? "" : ": " + thrown.getMessage();
        line.put(FAILURE, "exception: " + thrown.getClass().getSimpleName() + message);
        line.putObject(FIGURES);
        return write(line);
    }

    /** Parses one line; a line that is not a run's line is a {@link CampaignInputException} naming it. */
    public static JsonNode parse(String where, String text) throws CampaignInputException {
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CampaignInputException(where + ": not a JSON line: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new CampaignInputException(where + ": not a JSON object");
        }
        for (String key : new String[] {CAMPAIGN, SPEC, RUNS, INDEX, SCENARIO, SEED, WIND_SPEED, WIND_FROM, PARAM_SET,
            PARAMS, PASSED, FAILURE, FIGURES}) {
            if (!n.hasNonNull(key)) {
                throw new CampaignInputException(where + ": not a campaign run line (no '" + key + "')");
            }
        }
        if (!n.get(INDEX).canConvertToLong() || !n.get(RUNS).canConvertToLong()) {
            throw new CampaignInputException(where + ": 'index' and 'runs' must be whole numbers");
        }
        return n;
    }

    private static ObjectNode head(CampaignSpec spec, CampaignSpec.Run run) {
        ObjectNode line = JSON.createObjectNode();
        line.put(CAMPAIGN, spec.name());
        line.put(SPEC, spec.hash());
        line.put(RUNS, spec.size());
        line.put(INDEX, run.index());
        line.put(SCENARIO, run.scenario().label());
        if (run.scenario().file() == null) {
            line.putNull(SCENARIO_FILE);
        } else {
            line.put(SCENARIO_FILE, run.scenario().file().toString());
        }
        line.put(SEED, run.seed());
        line.put(WIND_SPEED, run.wind().speedMps());
        line.put(WIND_FROM, run.wind().fromDeg());
        line.put(PARAM_SET, run.paramSet().name());
        ObjectNode params = line.putObject(PARAMS);
        for (Map.Entry<String, Double> p : run.paramSet().params().entrySet()) {
            params.put(p.getKey(), p.getValue());
        }
        return line;
    }

    private static String nonEmpty(String s, String otherwise) {
        return s == null || s.isEmpty() ? otherwise : s;
    }

    private static String write(ObjectNode line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run line could not be written: " + e.getMessage(), e);
        }
    }
}
