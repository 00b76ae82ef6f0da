package org.hoverla.sim.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Folds a campaign's run lines into its report: totals, pass rate, worst cases per key figure,
 * and each failed run with the one command that replays it. The report is a function of the
 * set of lines only (no clock, no host, no order of arrival), so the merge of a campaign's
 * shards gives byte for byte the report of the unsharded run.
 */
public final class CampaignReport {
    /** Figures ranked by their largest value (larger is worse). */
    public static final List<String> WORST_BY_MAX = List.of("landing_error_m", "landing_from_home_m",
            "landing_from_failure_m", "max_tilt_deg", "hover_pos_rms_m", "max_alt_overshoot_m");
    /** Boolean figures counted when true. */
    public static final List<String> COUNTED_WHEN_TRUE = List.of("crashed");
    /** Failed runs listed one by one; the rest are counted (the lines hold them all). */
    static final int MAX_FAILURES_LISTED = 200;

    private CampaignReport() {
    }

    /**
     * Checks that {@code lines} are one whole campaign (one spec, every index exactly once) and
     * returns them in index order.
     *
     * @param lines each line with where it came from ({@code FILE:LINE}), in any order
     * @throws CampaignInputException naming the first line that conflicts, or the missing indices
     */
    public static List<JsonNode> assemble(List<Located> lines) throws CampaignInputException {
        if (lines.isEmpty()) {
            throw new CampaignInputException("no run lines to merge");
        }
        Located first = lines.get(0);
        String spec = first.line().get(RunLine.SPEC).asText();
        String campaign = first.line().get(RunLine.CAMPAIGN).asText();
        long runs = first.line().get(RunLine.RUNS).asLong();
        if (runs < 1 || runs > CampaignSpec.MAX_RUNS) {
            throw new CampaignInputException(first.where() + ": 'runs' " + runs + " is outside 1.." + CampaignSpec.MAX_RUNS);
        }
        TreeMap<Long, Located> byIndex = new TreeMap<>();
        for (Located l : lines) {
            JsonNode n = l.line();
            if (!n.get(RunLine.SPEC).asText().equals(spec) || !n.get(RunLine.CAMPAIGN).asText().equals(campaign)
                    || n.get(RunLine.RUNS).asLong() != runs) {
                throw new CampaignInputException(l.where() + ": from another campaign spec (" + n.get(RunLine.CAMPAIGN).asText()
                        + " spec " + n.get(RunLine.SPEC).asText() + ", " + n.get(RunLine.RUNS).asLong() + " runs) than "
                        + first.where() + " (" + campaign + " spec " + spec + ", " + runs + " runs)");
            }
            long index = n.get(RunLine.INDEX).asLong();
            if (index < 0 || index >= runs) {
                throw new CampaignInputException(l.where() + ": run index " + index + " is outside 0.." + (runs - 1));
            }
            Located earlier = byIndex.putIfAbsent(index, l);
            if (earlier != null) {
                throw new CampaignInputException(l.where() + ": run " + index + " again (already at " + earlier.where()
                        + "): overlapping shards");
            }
        }
        if (byIndex.size() != runs) {
            List<Long> missing = new ArrayList<>();
            for (long i = 0; i < runs && missing.size() < 10; i++) {
                if (!byIndex.containsKey(i)) {
                    missing.add(i);
                }
            }
            throw new CampaignInputException("campaign " + campaign + " (spec " + spec + ") has " + runs + " runs but "
                    + (runs - byIndex.size()) + " are missing, e.g. run" + (missing.size() > 1 ? "s " : " ")
                    + joinLongs(missing) + ": a shard's output is missing or incomplete");
        }
        List<JsonNode> out = new ArrayList<>(byIndex.size());
        for (Located l : byIndex.values()) {
            out.add(l.line());
        }
        return out;
    }

    /** A parsed line and where it was read ({@code FILE:LINE}). */
    public record Located(String where, JsonNode line) {
    }

    /** Whether every run passed. */
    public static boolean allPassed(List<JsonNode> lines) {
        for (JsonNode n : lines) {
            if (!n.get(RunLine.PASSED).asBoolean()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The report text of a whole campaign.
     *
     * @param lines one whole campaign in index order ({@link #assemble})
     */
    public static String render(List<JsonNode> lines) {
        StringBuilder r = new StringBuilder();
        JsonNode first = lines.get(0);
        int total = lines.size();
        Set<String> scenarios = new LinkedHashSet<>();
        Set<String> sets = new LinkedHashSet<>();
        Set<String> winds = new LinkedHashSet<>();
        Set<Long> seeds = new LinkedHashSet<>();
        int passed = 0;
        for (JsonNode n : lines) {
            scenarios.add(n.get(RunLine.SCENARIO).asText());
            sets.add(n.get(RunLine.PARAM_SET).asText());
            winds.add(wind(n));
            seeds.add(n.get(RunLine.SEED).asLong());
            passed += n.get(RunLine.PASSED).asBoolean() ? 1 : 0;
        }
        r.append(String.format(Locale.ROOT, "Campaign %s (spec %s): %d runs%n", first.get(RunLine.CAMPAIGN).asText(),
                first.get(RunLine.SPEC).asText(), total));
        r.append(String.format(Locale.ROOT, "Matrix: %d scenario%s x %d parameter set%s x %d wind%s x %d seed%s "
                        + "(run index order: scenario, parameter set, wind, seed)%n",
                scenarios.size(), plural(scenarios.size()), sets.size(), plural(sets.size()), winds.size(),
                plural(winds.size()), seeds.size(), plural(seeds.size())));
        r.append(String.format(Locale.ROOT, "Passed: %d of %d (%.1f %%)%n", passed, total, 100.0 * passed / total));
        r.append("Worst cases:\n");
        boolean anyFigure = false;
        for (String figure : WORST_BY_MAX) {
            JsonNode worst = null;
            int present = 0;
            for (JsonNode n : lines) {
                JsonNode v = n.get(RunLine.FIGURES).get(figure);
                if (v == null || !v.isNumber()) {
                    continue;
                }
                present++;
                // Ties go to the lowest run index, so the pick does not depend on arrival order.
                if (worst == null || v.asDouble() > worst.get(RunLine.FIGURES).get(figure).asDouble()) {
                    worst = n;
                }
            }
            if (worst != null) {
                anyFigure = true;
                r.append(String.format(Locale.ROOT, "  %-22s max %10.3f  in %s (%d runs report it)%n", figure,
                        worst.get(RunLine.FIGURES).get(figure).asDouble(), describe(worst), present));
            }
        }
        for (String figure : COUNTED_WHEN_TRUE) {
            int count = 0;
            int present = 0;
            JsonNode firstTrue = null;
            for (JsonNode n : lines) {
                JsonNode v = n.get(RunLine.FIGURES).get(figure);
                if (v == null || !v.isBoolean()) {
                    continue;
                }
                present++;
                if (v.asBoolean()) {
                    count++;
                    firstTrue = firstTrue == null ? n : firstTrue;
                }
            }
            if (present > 0) {
                anyFigure = true;
                r.append(String.format(Locale.ROOT, "  %-22s %d of %d runs%s%n", figure, count, present,
                        firstTrue == null ? "" : ", first " + describe(firstTrue)));
            }
        }
        if (!anyFigure) {
            r.append("  (no run reported the key figures)\n");
        }
        int failed = total - passed;
        r.append(String.format(Locale.ROOT, "Failed runs: %d%n", failed));
        int listed = 0;
        for (JsonNode n : lines) {
            if (n.get(RunLine.PASSED).asBoolean()) {
                continue;
            }
            if (listed == MAX_FAILURES_LISTED) {
                r.append(String.format(Locale.ROOT, "  ... and %d more (see the JSON lines)%n", failed - listed));
                break;
            }
            listed++;
            r.append("  ").append(describe(n)).append(": ").append(oneLine(n.get(RunLine.FAILURE).asText())).append('\n');
            r.append("    replay: ").append(replayCommand(n)).append('\n');
        }
        return r.toString();
    }

    /**
     * The command that flies the run of {@code line} again, alone: the same scenario, seed, wind
     * and parameters through {@code ./hoverla sim}.
     */
    public static String replayCommand(JsonNode line) {
        StringBuilder c = new StringBuilder("./hoverla sim");
        JsonNode file = line.get(RunLine.SCENARIO_FILE);
        if (file == null || file.isNull()) {
            c.append(" --demo");
        } else {
            c.append(" --scenario ").append(shellQuote(file.asText()));
        }
        c.append(" --seed ").append(line.get(RunLine.SEED).asLong());
        c.append(" --wind ").append(wind(line));
        Iterator<Map.Entry<String, JsonNode>> params = line.get(RunLine.PARAMS).fields();
        while (params.hasNext()) {
            Map.Entry<String, JsonNode> p = params.next();
            c.append(" --param ").append(shellQuote(p.getKey() + "=" + CampaignSpec.number(p.getValue().asDouble())));
        }
        return c.toString();
    }

    private static String describe(JsonNode n) {
        return String.format(Locale.ROOT, "run %d (%s, seed %d, wind %s, set %s)", n.get(RunLine.INDEX).asLong(),
                n.get(RunLine.SCENARIO).asText(), n.get(RunLine.SEED).asLong(), wind(n), n.get(RunLine.PARAM_SET).asText());
    }

    private static String wind(JsonNode n) {
        return new CampaignSpec.Wind(n.get(RunLine.WIND_SPEED).asDouble(), n.get(RunLine.WIND_FROM).asDouble()).text();
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    static String shellQuote(String s) {
        if (s.matches("[A-Za-z0-9_./=,:+-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }

    private static String joinLongs(List<Long> l) {
        StringBuilder b = new StringBuilder();
        for (Long v : l) {
            b.append(b.length() == 0 ? "" : ", ").append(v);
        }
        return b.toString();
    }
}
