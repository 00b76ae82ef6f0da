package org.hoverla.core.param.persist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter schema this build reads and writes: the number in the parameter file's header
 * ({@code # hoverla-params N}) and in a release manifest's {@code param_schema}; and the
 * migration table that carries files of older schemas forward.
 *
 * <h2>The table</h2>
 * A list of {@link Step}s, each from one schema to the next, each a list of {@link Rule}s keyed
 * by the parameter name they apply to. A rule is one of four {@link Kind}s: the parameter was
 * <em>renamed</em> (its value possibly converted), <em>removed</em>, <em>re-ranged</em> (its
 * value clamped or converted into the new range) or <em>re-meant</em> (same name, the values
 * mean something else). When a file of schema {@code s} loads, every step from {@code s} up to
 * {@link #CURRENT} is applied in order to each entry, and each change is reported as one
 * {@link Change} (old name and value, new name and value or "removed", and why).
 *
 * <h2>Which rules apply to which file</h2>
 * A rule marked {@link Rule#anyFile()} is unambiguous from the name (and value) alone, and is also
 * applied to a file of the current schema and to one whose schema is unknown (a QGC
 * {@code .params} import, {@link ParamMigrations#UNKNOWN_FORMAT}): an old name never comes back
 * with another meaning, and clamping or rounding into a range is idempotent. A rule that changes
 * what a value means under an unchanged name applies only to files whose schema is known and
 * older than the step's target; applied to a newer file it would corrupt a correct value.
 *
 * <h2>Newer files</h2>
 * A file whose schema is newer than this build's (a downgrade without the parameter snapshot
 * the installer keeps) is loaded as it stands: names this build knows take their values, and
 * every name it does not know is reported, never converted. {@link ParamFile#save} keeps such a
 * file whole beside the parameter file before it first replaces it, so no value is lost.
 *
 * <p>To change a parameter's name, meaning or range: raise {@link #CURRENT}, add a {@link Step}
 * from the old number with the rules, and a test. Stateless and immutable; any thread.
 */
public final class ParamSchema {
    /** Today's schema. */
    public static final int CURRENT = 2;

    /** What a rule does to a parameter. */
    public enum Kind {
        RENAMED("renamed"), REMOVED("removed"), RERANGED("re-ranged"), REMEANT("re-meant");

        /** As the report writes it. */
        public final String word;

        Kind(String word) {
            this.word = word;
        }
    }

    /** One entry's conversion: the name and value to load (name null: removed), and why. */
    public record Out(String name, double value, String why) {
    }

    /** Converts one entry; returns null when this value needs no change. */
    @FunctionalInterface
    public interface Conversion {
        Out apply(String name, double value);
    }

    /**
     * One change of one parameter between two schemas.
     *
     * @param name       the name the rule applies to (as the previous schema called it)
     * @param anyFile    applied whatever the file's schema (see the class comment)
     * @param conversion the change; null from it means "this value needs none"
     * @param implies    other entries the old one implies (a setting split in two), applied
     *                   only where the file does not set them itself; null for none
     */
    public record Rule(Kind kind, String name, boolean anyFile, Conversion conversion, Conversion implies) {
        /** A rename, value kept. */
        public static Rule renamed(String oldName, String newName, String why) {
            return new Rule(Kind.RENAMED, oldName, true, (n, v) -> new Out(newName, v, why), null);
        }

        /** A removal: the entry is dropped and reported. */
        public static Rule removed(String name, String why) {
            return new Rule(Kind.REMOVED, name, true, (n, v) -> new Out(null, v, why), null);
        }

        /** A narrower range: a value outside [min, max] is clamped into it. */
        public static Rule clamped(String name, double min, double max, String why) {
            return new Rule(Kind.RERANGED, name, true, (n, v) -> {
                double c = Math.max(min, Math.min(max, v));
                return c == v || Double.isNaN(v) ? null : new Out(n, c, why);
            }, null);
        }
    }

    /** The rules that take a file of schema {@code from} to schema {@code to} (= from + 1). */
    public record Step(int from, int to, List<Rule> rules) {
        public Step {
            if (to != from + 1) {
                throw new IllegalArgumentException("a step goes from one schema to the next: " + from + " -> " + to);
            }
            rules = List.copyOf(rules);
        }

        /** @return the rule for this name, or null */
        public Rule rule(String name) {
            for (Rule r : rules) {
                if (r.name().equals(name)) {
                    return r;
                }
            }
            return null;
        }
    }

    /**
     * One reported change.
     *
     * @param line     the file's line the entry came from (0: not from a file line)
     * @param newName  null when the parameter was removed
     */
    public record Change(int fromSchema, int toSchema, Kind kind, String oldName, double oldValue, String newName,
                         double newValue, String why, int line) {
        /** One line: {@code schema 1→2 renamed: COM_DLL_ACT 3 → NAV_DLL_ACT 3 (why)}. */
        public String text() {
            return "schema " + fromSchema + "→" + toSchema + " " + kind.word + ": " + oldName + " " + fmt(oldValue)
                    + " → " + (newName == null ? "removed" : newName + " " + fmt(newValue)) + " (" + why + ")";
        }

        /**
         * As JSON (for {@code params migrate --json} and the unit record): from, to, kind,
         * old_name, old_value, new_name (null when removed), new_value, why, line.
         */
        public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
            com.fasterxml.jackson.databind.node.ObjectNode o =
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            o.put("from", fromSchema);
            o.put("to", toSchema);
            o.put("kind", kind.word);
            o.put("old_name", oldName);
            o.put("old_value", oldValue);
            if (newName == null) {
                o.putNull("new_name");
                o.putNull("new_value");
            } else {
                o.put("new_name", newName);
                o.put("new_value", newValue);
            }
            o.put("why", why);
            o.put("line", line);
            return o;
        }
    }

    /** A table: the schema it migrates to and its steps, in order. */
    public record Table(int current, List<Step> steps) {
        public Table {
            steps = List.copyOf(steps);
            for (int i = 0; i < steps.size(); i++) {
                if (i > 0 && steps.get(i).from() != steps.get(i - 1).to()) {
                    throw new IllegalArgumentException("steps must follow each other: " + steps.get(i - 1).to()
                            + " then " + steps.get(i).from());
                }
            }
            if (!steps.isEmpty() && steps.get(steps.size() - 1).to() != current) {
                throw new IllegalArgumentException("the last step must reach schema " + current);
            }
        }

        /** The oldest schema this table reads (a file older than it is not a Hoverla file). */
        public int oldest() {
            return steps.isEmpty() ? current : steps.get(0).from();
        }

        /**
         * Whether {@code rule} of {@code step} applies to a file of {@code fileSchema}
         * ({@link ParamMigrations#UNKNOWN_FORMAT} for a file without one).
         */
        boolean applies(Step step, Rule rule, int fileSchema) {
            if (fileSchema > current) {
                return false;
            }
            return rule.anyFile() || (fileSchema != ParamMigrations.UNKNOWN_FORMAT && fileSchema < step.to());
        }

        /**
         * Carries one entry of a file of {@code fileSchema} through every step that applies.
         *
         * @param changes receives one {@link Change} per rule that changed it
         * @return the final out (name null = removed), or null when nothing changed it
         */
        public Out migrate(String name, double value, int fileSchema, int line, List<Change> changes) {
            String n = name;
            double v = value;
            boolean changed = false;
            String why = null;
            for (Step step : steps) {
                Rule rule = step.rule(n);
                if (rule == null || !applies(step, rule, fileSchema)) {
                    continue;
                }
                Out o = rule.conversion().apply(n, v);
                if (o == null) {
                    continue;
                }
                changes.add(new Change(step.from(), step.to(), rule.kind(), n, v, o.name(), o.value(), o.why(), line));
                changed = true;
                why = o.why();
                if (o.name() == null) {
                    return o;
                }
                n = o.name();
                v = o.value();
            }
            return changed ? new Out(n, v, why) : null;
        }

        /**
         * The entries an old entry implies besides itself (a setting that was split), for a file of
         * {@code fileSchema}; reported in {@code changes} as re-meant.
         */
        public List<Out> implied(String name, double value, int fileSchema, int line, List<Change> changes) {
            List<Out> out = new ArrayList<>();
            for (Step step : steps) {
                Rule rule = step.rule(name);
                if (rule == null || rule.implies() == null || !applies(step, rule, fileSchema)) {
                    continue;
                }
                Out o = rule.implies().apply(name, value);
                if (o != null) {
                    out.add(o);
                    changes.add(new Change(step.from(), step.to(), Kind.REMEANT, name, value, o.name(), o.value(),
                            o.why(), line));
                }
            }
            return out;
        }

        /**
         * Migrates a whole set of entries (name → value, in file order) of a file of
         * {@code fileSchema}: the pure form of what {@link ParamFile} does on load (which adds line
         * numbers, store checks and warnings). An old name whose new name the set also holds is
         * dropped (the new name wins) and reported in {@code skipped}.
         */
        public Map<String, Double> migrateAll(Map<String, Double> entries, int fileSchema, List<Change> changes,
                                              List<String> skipped) {
            Map<String, Double> result = new LinkedHashMap<>();
            for (Map.Entry<String, Double> e : entries.entrySet()) {
                for (Out implied : implied(e.getKey(), e.getValue(), fileSchema, 0, changes)) {
                    if (!entries.containsKey(implied.name())) {
                        result.put(implied.name(), implied.value());
                    }
                }
                List<Change> mine = new ArrayList<>();
                Out o = migrate(e.getKey(), e.getValue(), fileSchema, 0, mine);
                if (o == null) {
                    result.put(e.getKey(), e.getValue());
                    continue;
                }
                String clash = collision(mine, entries.keySet());
                if (clash != null) {
                    skipped.add(e.getKey() + ": renamed " + clash + ", which the file also sets; skipped");
                    continue;
                }
                changes.addAll(mine);
                if (o.name() != null) {
                    result.put(o.name(), o.value());
                }
            }
            return result;
        }
    }

    /**
     * The name a chain of renames passes through that the file also sets itself (the file's own
     * entry wins), or null.
     */
    public static String collision(List<Change> chain, java.util.Set<String> namesInFile) {
        for (Change c : chain) {
            if (c.newName() != null && !c.newName().equals(c.oldName()) && namesInFile.contains(c.newName())) {
                return c.newName();
            }
        }
        return null;
    }

    /**
     * The shipped table: the real history of Hoverla's parameters. Schema 1 → 2 gave Hoverla's
     * settings PX4's names and value meanings where PX4 has the same setting
     * (docs/px4-parameters.md); the conversions and their notes are {@link ParamMigrations}'.
     */
    public static final Table TABLE = new Table(CURRENT, List.of(new Step(1, 2, ParamMigrations.schema1To2())));

    private ParamSchema() {
    }

    /** A value as the report writes it: integers without a decimal point. */
    static String fmt(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : Double.toString(v);
    }
}
