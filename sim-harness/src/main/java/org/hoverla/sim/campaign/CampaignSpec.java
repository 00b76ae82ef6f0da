package org.hoverla.sim.campaign;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.SetResult;

/**
 * A qualification campaign: scenarios × parameter sets × winds × seeds, read from a YAML spec
 * (docs/campaigns.md). Every problem found in the file is a {@link CampaignInputException} whose
 * message reads {@code FILE:LINE: key: reason}.
 *
 * <h2>Run matrix</h2>
 * Runs are numbered from 0 in a fixed order, the scenario varying slowest and the seed fastest:
 * {@code index = ((scenario × P + paramSet) × W + wind) × S + seed}, where P, W and S are the
 * numbers of parameter sets, winds and seeds, each in the order the spec lists them. The index is
 * the run's identity across shards, merges and replays.
 *
 * <p>Plain data, no threads; built once per command.
 */
public final class CampaignSpec {
    /** The built-in scenario: the demo flight (take off to 10 m, hover 20 s, land, disarm). */
    public static final String DEMO = "demo";
    /** A campaign of more runs than this is almost certainly a typo in a seed range. */
    public static final long MAX_RUNS = 10_000_000L;

    private static final Set<String> TOP_KEYS = Set.of("name", "description", "scenarios", "seeds", "winds", "param_sets",
            "limits");
    private static final Set<String> PARAM_SET_KEYS = Set.of("name", "params");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern FIGURE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern RANGE = Pattern.compile("\\s*(-?\\d+)\\s*\\.\\.\\s*(-?\\d+)\\s*");

    /** A scenario: the built-in demo ({@code file == null}) or a scenario file. */
    public record Scenario(String label, Path file) {
    }

    /** Mean wind: speed in m/s (0..30), direction it blows from in degrees (0..360). */
    public record Wind(double speedMps, double fromDeg) {
        /** {@code SPEED,DIR} as the {@code --wind} option takes it. */
        public String text() {
            return number(speedMps) + "," + number(fromDeg);
        }
    }

    /** Named parameter assignments applied after boot, in order; {@code lines} locates each in the spec. */
    public record ParamSet(String name, Map<String, Double> params, Map<String, Integer> lines) {
    }

    /** One cell of the matrix. */
    public record Run(long index, Scenario scenario, ParamSet paramSet, Wind wind, long seed) {
    }

    private final String source;
    private final String name;
    private final List<Scenario> scenarios;
    private final List<ParamSet> paramSets;
    private final List<Wind> winds;
    private final long[] seeds;
    private final Map<String, Double> limits;
    private final String hash;

    private CampaignSpec(String source, String name, List<Scenario> scenarios, List<ParamSet> paramSets,
                         List<Wind> winds, long[] seeds, Map<String, Double> limits, String hash) {
        this.source = source;
        this.name = name;
        this.scenarios = scenarios;
        this.paramSets = paramSets;
        this.winds = winds;
        this.seeds = seeds;
        this.limits = limits;
        this.hash = hash;
    }

    /**
     * Reads and checks a spec file. Scenario files are resolved against the spec's directory as
     * given (so a relative spec path gives relative scenario paths, the same in every shard).
     *
     * @throws CampaignInputException naming the file, the line and the problem
     */
    public static CampaignSpec load(Path specFile) throws CampaignInputException {
        return load(specFile, file -> { });
    }

    /**
     * Checks a scenario file's content before any run (e.g. by parsing it); an exception's
     * message becomes the reason in the spec's error line.
     */
    @FunctionalInterface
    public interface ScenarioCheck {
        void check(Path scenarioFile) throws Exception;
    }

    /**
     * As {@link #load(Path)}, also passing each scenario file to {@code scenarioCheck}.
     *
     * @throws CampaignInputException naming the file, the line and the problem
     */
    public static CampaignSpec load(Path specFile, ScenarioCheck scenarioCheck) throws CampaignInputException {
        String text;
        try {
            text = Files.readString(specFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CampaignInputException(specFile + ": no such file");
        } catch (IOException e) {
            throw new CampaignInputException(specFile + ": cannot read: " + e.getMessage());
        }
        return new Reader(specFile.toString(), specFile.getParent(), scenarioCheck).read(text);
    }

    public String source() {
        return source;
    }

    public String name() {
        return name;
    }

    public List<Scenario> scenarios() {
        return scenarios;
    }

    public List<ParamSet> paramSets() {
        return paramSets;
    }

    public List<Wind> winds() {
        return winds;
    }

    public long[] seeds() {
        return seeds.clone();
    }

    /**
     * Largest allowed value of summary figures (figure name → maximum), in spec order: a run whose
     * scenario passed fails when one of them is above its maximum or not reported. Empty when the
     * spec sets none (the scenario's verdict alone decides).
     */
    public Map<String, Double> limits() {
        return limits;
    }

    /**
     * A short digest of everything that decides the runs: the matrix and the bytes of each
     * scenario file. Every JSON line carries it, so merging shards of different specs is refused.
     */
    public String hash() {
        return hash;
    }

    /** Number of runs in the matrix. */
    public long size() {
        return (long) scenarios.size() * paramSets.size() * winds.size() * seeds.length;
    }

    /** The run at {@code index} (0 ≤ index &lt; {@link #size()}), decoded in the documented order. */
    public Run run(long index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("run " + index + " of " + size());
        }
        long rest = index;
        int seed = (int) (rest % seeds.length);
        rest /= seeds.length;
        int wind = (int) (rest % winds.size());
        rest /= winds.size();
        int set = (int) (rest % paramSets.size());
        rest /= paramSets.size();
        return new Run(index, scenarios.get((int) rest), paramSets.get(set), winds.get(wind), seeds[seed]);
    }

    /**
     * Checks every parameter set against the vehicle's parameters before the first flight: each
     * set is applied, in order, to a freshly booted store as a run will apply it.
     *
     * @param freshStore a new store with the vehicle's parameters at their defaults, per call
     * @throws CampaignInputException naming the line of the first assignment the store refuses
     */
    public void checkParams(Supplier<ParamStore> freshStore) throws CampaignInputException {
        for (ParamSet set : paramSets) {
            if (set.params().isEmpty()) {
                continue;
            }
            ParamStore store = freshStore.get();
            for (Map.Entry<String, Double> p : set.params().entrySet()) {
                SetResult r = store.set(p.getKey(), p.getValue());
                if (r != SetResult.OK) {
                    throw new CampaignInputException(source + ":" + set.lines().getOrDefault(p.getKey(), 1)
                            + ": param_sets." + set.name() + "." + p.getKey() + ": " + number(p.getValue())
                            + " refused: " + (r == SetResult.UNKNOWN_NAME ? "no parameter of that name"
                            : r.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
                }
            }
        }
    }

    /** A number as a person writes it: no trailing ".0", no exponent for ordinary values. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** One parse of one file: YAML tokens first (for line numbers), then the tree. */
    private static final class Reader {
        private final String source;
        private final Path baseDir;
        private final ScenarioCheck scenarioCheck;
        private final Map<String, Integer> lines = new HashMap<>();

        Reader(String source, Path baseDir, ScenarioCheck scenarioCheck) {
            this.source = source;
            this.baseDir = baseDir;
            this.scenarioCheck = scenarioCheck;
        }

        CampaignSpec read(String text) throws CampaignInputException {
            YAMLFactory factory = new YAMLFactory();
            JsonNode root;
            try {
                // Jackson's tree keeps no locations: note the line of each JSON pointer first.
                try (JsonParser p = factory.createParser(text)) {
                    JsonToken t;
                    while ((t = p.nextToken()) != null) {
                        String pointer;
                        if (t == JsonToken.FIELD_NAME) {
                            pointer = p.getParsingContext().pathAsPointer().toString();
                        } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                            pointer = p.getParsingContext().getParent() == null ? ""
                                    : p.getParsingContext().getParent().pathAsPointer().toString();
                        } else {
                            pointer = p.getParsingContext().pathAsPointer().toString();
                        }
                        lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
                    }
                }
                root = new ObjectMapper(factory).readTree(text);
            } catch (JsonProcessingException e) {
                int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
                throw new CampaignInputException(source + ":" + line + ": not valid YAML: " + oneLine(e.getOriginalMessage()));
            } catch (IOException e) {
                throw new CampaignInputException(source + ": cannot read: " + e.getMessage());
            }
            if (root == null || !root.isObject()) {
                throw error("", "a campaign spec is a mapping with at least 'name', 'scenarios' and 'seeds'");
            }
            checkKeys(root, "", TOP_KEYS);
            String name = name(required(root, "", "name"), "/name");
            if (root.has("description") && !root.get("description").isTextual()) {
                throw error("/description", "expected text");
            }
            List<Scenario> scenarios = scenarios(required(root, "", "scenarios"));
            long[] seeds = seeds(required(root, "", "seeds"));
            List<Wind> winds = root.has("winds") ? winds(root.get("winds")) : List.of(new Wind(0.0, 0.0));
            List<ParamSet> sets = root.has("param_sets") ? paramSets(root.get("param_sets"))
                    : List.of(new ParamSet("default", Map.of(), Map.of()));
            Map<String, Double> limits = root.has("limits") ? limits(root.get("limits")) : Map.of();
            long size = (long) scenarios.size() * sets.size() * winds.size();
            if (size * seeds.length > MAX_RUNS || size * seeds.length < 0) {
                throw error("/seeds", "the matrix would hold " + size + " × " + seeds.length
                        + " runs, more than " + MAX_RUNS);
            }
            return new CampaignSpec(source, name, List.copyOf(scenarios), List.copyOf(sets), List.copyOf(winds), seeds,
                    limits, digest(name, scenarios, sets, winds, seeds, limits));
        }

        private JsonNode required(JsonNode node, String at, String key) throws CampaignInputException {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw error(at, "'" + key + "' is required");
            }
            return v;
        }

        private void checkKeys(JsonNode node, String at, Set<String> known) throws CampaignInputException {
            Iterator<String> it = node.fieldNames();
            while (it.hasNext()) {
                String k = it.next();
                if (!known.contains(k)) {
                    throw error(at + "/" + k, "unknown key '" + k + "' (known: " + String.join(", ", sorted(known)) + ")");
                }
            }
        }

        private String name(JsonNode v, String at) throws CampaignInputException {
            String s = v.isTextual() || v.isNumber() ? v.asText() : null;
            if (s == null || !NAME.matcher(s).matches()) {
                throw error(at, "'" + v.asText() + "' is not a name (1-64 of A-Z a-z 0-9 . _ -, starting with a "
                        + "letter or digit)");
            }
            return s;
        }

        private List<Scenario> scenarios(JsonNode list) throws CampaignInputException {
            if (!list.isArray() || list.isEmpty()) {
                throw error("/scenarios", "expected a non-empty list of scenario files or 'demo'");
            }
            List<Scenario> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String at = "/scenarios/" + i;
                JsonNode v = list.get(i);
                if (!v.isTextual() || v.asText().isBlank()) {
                    throw error(at, "expected a scenario file or 'demo'");
                }
                String label = v.asText().trim();
                if (!seen.add(label)) {
                    throw error(at, "'" + label + "' is listed twice");
                }
                if (label.equals(DEMO)) {
                    out.add(new Scenario(DEMO, null));
                    continue;
                }
                Path file = (baseDir == null ? Path.of(label) : baseDir.resolve(label)).normalize();
                if (!Files.isRegularFile(file)) {
                    throw error(at, "scenario file " + file + " does not exist or is not a file");
                }
                if (!Files.isReadable(file)) {
                    throw error(at, "scenario file " + file + " is not readable");
                }
                try {
                    scenarioCheck.check(file);
                } catch (Exception e) {
                    throw error(at, "scenario file " + file + ": " + e.getMessage());
                }
                out.add(new Scenario(label, file));
            }
            return out;
        }

        private long[] seeds(JsonNode v) throws CampaignInputException {
            if (v.isIntegralNumber()) {
                return new long[] {seed(v, "/seeds")};
            }
            if (v.isTextual()) {
                java.util.regex.Matcher m = RANGE.matcher(v.asText());
                if (!m.matches()) {
                    throw error("/seeds", "'" + v.asText() + "' is neither a range FIRST..LAST nor a list of seeds");
                }
                long first;
                long last;
                try {
                    first = Long.parseLong(m.group(1));
                    last = Long.parseLong(m.group(2));
                } catch (NumberFormatException e) {
                    throw error("/seeds", "'" + v.asText() + "': a seed is out of range");
                }
                if (first < 0) {
                    throw error("/seeds", "'" + v.asText() + "': seeds are 0 or more");
                }
                if (last < first) {
                    throw error("/seeds", "'" + v.asText() + "': the range is empty (" + last + " < " + first + ")");
                }
                if (last - first >= MAX_RUNS) {
                    throw error("/seeds", "'" + v.asText() + "' holds more than " + MAX_RUNS + " seeds");
                }
                long[] out = new long[(int) (last - first + 1)];
                for (int i = 0; i < out.length; i++) {
                    out[i] = first + i;
                }
                return out;
            }
            if (v.isArray() && !v.isEmpty()) {
                long[] out = new long[v.size()];
                Set<Long> seen = new HashSet<>();
                for (int i = 0; i < v.size(); i++) {
                    out[i] = seed(v.get(i), "/seeds/" + i);
                    if (!seen.add(out[i])) {
                        throw error("/seeds/" + i, "seed " + out[i] + " is listed twice");
                    }
                }
                return out;
            }
            throw error("/seeds", "expected a range FIRST..LAST (e.g. 1..100) or a non-empty list of seeds");
        }

        private long seed(JsonNode v, String at) throws CampaignInputException {
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                throw error(at, "'" + v.asText() + "' is not a seed (a whole number, 0 or more)");
            }
            return v.asLong();
        }

        private List<Wind> winds(JsonNode list) throws CampaignInputException {
            if (!list.isArray() || list.isEmpty()) {
                throw error("/winds", "expected a non-empty list of SPEED,FROM_DEG (e.g. \"5,270\")");
            }
            List<Wind> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String at = "/winds/" + i;
                JsonNode v = list.get(i);
                double[] sd;
                if (v.isTextual()) {
                    String[] parts = v.asText().split(",", -1);
                    if (parts.length != 2) {
                        throw error(at, "'" + v.asText() + "' is not SPEED,FROM_DEG");
                    }
                    sd = new double[2];
                    for (int k = 0; k < 2; k++) {
                        try {
                            sd[k] = Double.parseDouble(parts[k].trim());
                        } catch (NumberFormatException e) {
                            throw error(at, "'" + parts[k].trim() + "' is not a number in '" + v.asText() + "'");
                        }
                    }
                } else if (v.isArray() && v.size() == 2 && v.get(0).isNumber() && v.get(1).isNumber()) {
                    sd = new double[] {v.get(0).asDouble(), v.get(1).asDouble()};
                } else {
                    throw error(at, "expected SPEED,FROM_DEG (e.g. \"5,270\") or [SPEED, FROM_DEG]");
                }
                if (!(sd[0] >= 0.0 && sd[0] <= 30.0)) {
                    throw error(at, "wind speed " + sd[0] + " m/s is outside 0..30 m/s");
                }
                if (!(sd[1] >= 0.0 && sd[1] <= 360.0)) {
                    throw error(at, "wind direction " + sd[1] + " is outside 0..360 degrees");
                }
                Wind w = new Wind(sd[0], sd[1]);
                if (out.contains(w)) {
                    throw error(at, "wind " + w.text() + " is listed twice");
                }
                out.add(w);
            }
            return out;
        }

        private List<ParamSet> paramSets(JsonNode list) throws CampaignInputException {
            if (!list.isArray() || list.isEmpty()) {
                throw error("/param_sets", "expected a non-empty list of {name: NAME, params: {PARAM: VALUE, ...}}");
            }
            List<ParamSet> out = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String at = "/param_sets/" + i;
                JsonNode set = list.get(i);
                if (!set.isObject()) {
                    throw error(at, "expected a mapping {name: NAME, params: {PARAM: VALUE, ...}}");
                }
                checkKeys(set, at, PARAM_SET_KEYS);
                String name = name(required(set, at, "name"), at + "/name");
                if (!names.add(name)) {
                    throw error(at + "/name", "parameter set '" + name + "' is defined twice");
                }
                Map<String, Double> params = new LinkedHashMap<>();
                Map<String, Integer> paramLines = new HashMap<>();
                JsonNode ps = set.get("params");
                if (ps != null && !ps.isNull()) {
                    if (!ps.isObject()) {
                        throw error(at + "/params", "expected a mapping PARAM: VALUE");
                    }
                    Iterator<Map.Entry<String, JsonNode>> it = ps.fields();
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> e = it.next();
                        String pAt = at + "/params/" + e.getKey();
                        if (e.getKey().isEmpty() || e.getKey().length() > ParamStore.MAX_NAME_LENGTH) {
                            throw error(pAt, "'" + e.getKey() + "' is not a parameter name (1-16 characters)");
                        }
                        JsonNode v = e.getValue();
                        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                            throw error(pAt, "'" + v.asText() + "' is not a finite number");
                        }
                        params.put(e.getKey(), v.asDouble());
                        paramLines.put(e.getKey(), line(pAt));
                    }
                }
                out.add(new ParamSet(name, Collections.unmodifiableMap(params), Map.copyOf(paramLines)));
            }
            return out;
        }

        private Map<String, Double> limits(JsonNode node) throws CampaignInputException {
            if (!node.isObject() || node.isEmpty()) {
                throw error("/limits", "expected a mapping FIGURE: MAXIMUM, e.g. {landing_error_m: 5}");
            }
            Map<String, Double> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = "/limits/" + e.getKey();
                if (!FIGURE.matcher(e.getKey()).matches()) {
                    throw error(at, "'" + e.getKey() + "' is not a summary figure name (lower case, digits, _)");
                }
                JsonNode v = e.getValue();
                if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                    throw error(at, "'" + v.asText() + "' is not a finite number");
                }
                out.put(e.getKey(), v.asDouble());
            }
            return Collections.unmodifiableMap(out);
        }

        private int line(String pointer) {
            Integer line = lines.get(pointer);
            String p = pointer;
            while (line == null && !p.isEmpty()) {
                p = p.substring(0, p.lastIndexOf('/'));
                line = lines.get(p);
            }
            return line == null ? 1 : line;
        }

        private CampaignInputException error(String pointer, String problem) {
            String key = pointer.isEmpty() ? "" : pointer.substring(1).replaceAll("/(\\d+)", "[$1]").replace('/', '.') + ": ";
            return new CampaignInputException(source + ":" + line(pointer) + ": " + key + problem);
        }

        private String digest(String name, List<Scenario> scenarios, List<ParamSet> sets, List<Wind> winds,
                              long[] seeds, Map<String, Double> limits) throws CampaignInputException {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                StringBuilder canonical = new StringBuilder("hoverla-campaign-1\nname=").append(name).append('\n');
                for (Scenario s : scenarios) {
                    canonical.append("scenario=").append(s.label()).append('\n');
                    if (s.file() != null) {
                        try {
                            md.update(Files.readAllBytes(s.file()));
                        } catch (IOException e) {
                            throw new CampaignInputException(source + ": scenario file " + s.file() + ": cannot read: "
                                    + e.getMessage());
                        }
                    }
                }
                for (ParamSet set : sets) {
                    canonical.append("set=").append(set.name());
                    for (Map.Entry<String, Double> p : set.params().entrySet()) {
                        canonical.append(' ').append(p.getKey()).append('=').append(p.getValue());
                    }
                    canonical.append('\n');
                }
                for (Wind w : winds) {
                    canonical.append("wind=").append(w.speedMps()).append(',').append(w.fromDeg()).append('\n');
                }
                for (long s : seeds) {
                    canonical.append("seed=").append(s).append('\n');
                }
                for (Map.Entry<String, Double> l : limits.entrySet()) {
                    canonical.append("limit=").append(l.getKey()).append('<').append(l.getValue()).append('\n');
                }
                byte[] d = md.digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
                StringBuilder hex = new StringBuilder();
                for (int i = 0; i < 8; i++) {
                    hex.append(String.format(Locale.ROOT, "%02x", d[i]));
                }
                return hex.toString();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
            }
        }

        /** The YAML parser's own lines (indented lines quote the text and point at it; the line is named already). */
        private static String oneLine(String message) {
            StringBuilder b = new StringBuilder();
            for (String l : String.valueOf(message).split("\\R")) {
                if (!l.isBlank() && !Character.isWhitespace(l.charAt(0))) {
                    b.append(b.length() == 0 ? "" : "; ").append(l.trim());
                }
            }
            return b.toString();
        }

        private static List<String> sorted(Set<String> s) {
            List<String> l = new ArrayList<>(s);
            Collections.sort(l);
            return l;
        }
    }
}
