package org.hoverla.core.param.persist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.ParamType;
import org.hoverla.core.param.SetResult;

/**
 * QGroundControl's {@code .params} text format, the file its parameter editor saves and loads
 * ("Tools → Save to file"): '#' comment lines, then one parameter per line as tab-separated
 * {@code vehicle-id component-id name value type}, where type is the {@code MAV_PARAM_TYPE}
 * code (9 = REAL32, 6 = INT32; ArduPilot files also use 2 = INT8 and 4 = INT16). Values are
 * plain decimal text, so the file is independent of the MAVLink value encoding.
 *
 * <p>Import applies every known parameter it can and reports the rest with line numbers
 * (unknown names, refused values, malformed lines); it never stops at a bad line. The vehicle
 * and component ids of the file are not checked: a file saved from another vehicle of the same
 * kind is the usual way to copy a setup. Any thread except the flight thread.
 */
public final class QgcParamsFormat {

    /** {@code MAV_PARAM_TYPE_INT32}. */
    public static final int MAV_PARAM_TYPE_INT32 = 6;
    /** {@code MAV_PARAM_TYPE_REAL32}. */
    public static final int MAV_PARAM_TYPE_REAL32 = 9;

    private QgcParamsFormat() {
    }

    /** A line that was not applied. */
    public record Problem(int line, String name, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + (name.isEmpty() ? "" : name + ": ") + message;
        }
    }

    /**
     * @param applied   lines whose value was accepted (including values equal to the current one)
     * @param changed   of those, how many changed a value
     * @param problems  lines not applied, in file order
     * @param warnings  lines applied under a new name or with a converted value (older Hoverla
     *                  names, {@link ParamMigrations}), in file order
     */
    public record ImportResult(int applied, int changed, List<Problem> problems, List<Problem> warnings) {
        public ImportResult {
            problems = List.copyOf(problems);
            warnings = List.copyOf(warnings);
        }

        /** A result without warnings. */
        public ImportResult(int applied, int changed, List<Problem> problems) {
            this(applied, changed, problems, List.of());
        }
    }

    /** @return the MAV_PARAM_TYPE code for a parameter type */
    public static int mavType(ParamType type) {
        return type == ParamType.INT ? MAV_PARAM_TYPE_INT32 : MAV_PARAM_TYPE_REAL32;
    }

    /**
     * Renders every parameter of {@code store} (all, not only changed ones: a GCS file is a
     * complete setup).
     *
     * @param systemId    vehicle id column (MAVLink system id), usually 1
     * @param componentId component id column, usually 1 (autopilot)
     * @param version     free text for the "Version" header line
     */
    public static String export(ParamStore store, int systemId, int componentId, String version) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Onboard parameters for Vehicle ").append(systemId).append('\n');
        sb.append("#\n");
        sb.append("# Stack: Hoverla\n");
        sb.append("# Vehicle: Multi-Rotor\n");
        sb.append("# Version: ").append(version).append('\n');
        sb.append("#\n");
        sb.append("# Vehicle-Id Component-Id Name Value Type\n");
        for (int i = 0; i < store.count(); i++) {
            Param p = store.get(i);
            sb.append(systemId).append('\t').append(componentId).append('\t').append(p.name()).append('\t')
                    .append(ParamText.value(p)).append('\t').append(mavType(p.type())).append('\n');
        }
        return sb.toString();
    }

    /**
     * Reads a {@code .params} file and applies its values to {@code store}.
     *
     * @throws IOException only if the reader fails; content problems are in the result
     */
    public static ImportResult importInto(ParamStore store, Reader in) throws IOException {
        BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
        List<Problem> problems = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        List<String> rawLines = new ArrayList<>();
        for (String raw = r.readLine(); raw != null; raw = r.readLine()) {
            rawLines.add(raw);
        }
        // Names the file sets, so an old name is not applied over its new name's own line.
        java.util.Set<String> namesInFile = new java.util.HashSet<>();
        for (String raw : rawLines) {
            String[] f = raw.strip().split("\\s+");
            if (f.length == 5) {
                namesInFile.add(f[2]);
            }
        }
        int applied = 0;
        int changed = 0;
        int lineNo = 0;
        for (String raw : rawLines) {
            lineNo++;
            String line = raw.strip();
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            // QGC writes tabs; accept any whitespace so hand-edited files work too.
            String[] f = line.split(line.indexOf('\t') >= 0 ? "\t+" : "\\s+");
            if (f.length != 5) {
                problems.add(new Problem(lineNo, "", "expected 5 tab-separated fields (vehicle, component, name, value, type), found " + f.length));
                continue;
            }
            String name = f[2].strip();
            int type;
            double value;
            try {
                Integer.parseInt(f[0].strip());
                Integer.parseInt(f[1].strip());
                type = Integer.parseInt(f[4].strip());
            } catch (NumberFormatException e) {
                problems.add(new Problem(lineNo, name, "vehicle id, component id and type must be integers"));
                continue;
            }
            if (type < 1 || type > 10) {
                problems.add(new Problem(lineNo, name, "type " + type + " is not a MAV_PARAM_TYPE"));
                continue;
            }
            try {
                value = Double.parseDouble(f[3].strip());
            } catch (NumberFormatException e) {
                problems.add(new Problem(lineNo, name, "'" + f[3].strip() + "' is not a number"));
                continue;
            }
            ParamMigrations.Migrated m = ParamMigrations.migrate(name, value, ParamMigrations.UNKNOWN_FORMAT);
            if (m != null && m.name() == null) {
                // Removed from the schema (ParamSchema's table): reported, nothing to apply.
                warnings.add(new Problem(lineNo, name, "removed: " + m.note()));
                continue;
            }
            if (m != null) {
                if (!m.name().equals(name) && namesInFile.contains(m.name())) {
                    problems.add(new Problem(lineNo, name, "renamed " + m.name() + ", which the file also sets; skipped"));
                    continue;
                }
                warnings.add(new Problem(lineNo, name, m.note()));
                name = m.name();
                value = m.value();
            }
            Param p = store.find(name);
            if (p == null) {
                problems.add(new Problem(lineNo, name, "unknown parameter"));
                continue;
            }
            double before = p.doubleValue();
            if (p.isReadOnly() && value == before) {
                // A read-only value the file agrees with (an export of this vehicle): nothing to do.
                applied++;
                continue;
            }
            SetResult result = p.set(value);
            if (result != SetResult.OK) {
                problems.add(new Problem(lineNo, name, "refused: " + ParamText.reason(result, p, value)));
                continue;
            }
            applied++;
            if (Double.compare(before, p.doubleValue()) != 0) {
                changed++;
            }
        }
        return new ImportResult(applied, changed, problems, warnings);
    }
}
