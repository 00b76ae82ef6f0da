package org.hoverla.core.param.metadata;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.ParamType;

/**
 * Generates the parameter metadata file ({@code COMP_METADATA_TYPE_PARAMETER}) from the
 * {@link ParamStore} definitions, so what a ground station shows cannot drift from what the
 * vehicle accepts. Format: mavlink's {@code component_metadata/parameter.schema.json}, as QGC's
 * {@code CompInfoParam::setJson} and {@code FactMetaData::createFromJsonObject} read it:
 *
 * <pre>
 * { "version": 1,
 *   "parameters": [ { "name", "type", "shortDesc", "longDesc"?, "units"?, "default", "min", "max",
 *                     "values"?: [ {"value", "description"} ], "readOnly"?, "rebootRequired"?,
 *                     "group" } ] }
 * </pre>
 *
 * <ul>
 *   <li>{@code version} is 1: QGC refuses any other ({@code CompInfoParam.cc}: "Metadata json
 *       unsupported version") and PX4 writes 1, although the schema says {@code minimum: 3}.</li>
 *   <li>{@code type}: {@code Float} for real parameters, {@code Int32} for integer ones (the
 *       MAVLink types the parameter service sends).</li>
 *   <li>{@code shortDesc}: the description's first sentence; {@code longDesc}: the whole
 *       description when it has more than one sentence.</li>
 *   <li>{@code default}/{@code min}/{@code max}: the store's, integers for {@code Int32}.</li>
 *   <li>{@code values}: an enumerated parameter's value → meaning ({@link Param#values()}).</li>
 *   <li>{@code readOnly}: written only when true. QGC's parser of this version ignores the key
 *       (the schema defines it), so read-only parameters stay refused by the vehicle, which
 *       answers PARAM_SET with the old value.</li>
 *   <li>{@code rebootRequired}: true when the description says the change applies after a
 *       reboot (the word "reboot"): the store has no other record of it.</li>
 *   <li>{@code group}: the PX4 group of the name's prefix (text before the first {@code _}),
 *       e.g. {@code MPC} → "Multicopter Position Control" ({@link #GROUPS}); an unknown prefix is
 *       its own group, as QGC groups parameters without metadata.</li>
 * </ul>
 *
 * Output is deterministic (registration order, fixed key order, pretty-printed UTF-8), so equal
 * stores give equal bytes and an equal CRC (the ground station's cache key). Written by hand,
 * not with Jackson: it runs on the boot path, where Jackson's first use cost about 1 s on the
 * 2-core machine (measured: 0.93–1.05 s cold against a few ms for this writer). Pure; any
 * thread that may read the store.
 */
public final class ParamMetadataJson {

    /** Version number QGC accepts for this file. */
    public static final int VERSION = 1;

    /** Name prefix → group, after PX4's parameter groups. */
    public static final Map<String, String> GROUPS = Map.ofEntries(
            Map.entry("BAT", "Battery Calibration"),
            Map.entry("CA", "Geometry"),
            Map.entry("CAL", "Sensor Calibration"),
            Map.entry("COM", "Commander"),
            Map.entry("EKF2", "EKF2"),
            Map.entry("EST", "Estimator"),
            Map.entry("GF", "Geofence"),
            Map.entry("IMU", "Sensors"),
            Map.entry("LNDMC", "Land Detector"),
            Map.entry("MAV", "MAVLink"),
            Map.entry("MC", "Multicopter Attitude Control"),
            Map.entry("MIS", "Mission"),
            Map.entry("MOT", "Motors"),
            Map.entry("MPC", "Multicopter Position Control"),
            Map.entry("NAV", "Mission"),
            Map.entry("RC", "Radio Calibration"),
            Map.entry("RTL", "Return Mode"),
            Map.entry("SENS", "Sensors"),
            Map.entry("SYS", "System"));

    private ParamMetadataJson() {
    }

    /** @return the metadata of every parameter of {@code store}, in registration order, as UTF-8 JSON ending in a newline */
    public static byte[] generate(ParamStore store) {
        StringBuilder b = new StringBuilder(256 * (store.count() + 1));
        b.append("{\n  \"version\": ").append(VERSION).append(",\n  \"parameters\": [");
        for (int i = 0; i < store.count(); i++) {
            b.append(i == 0 ? "\n" : ",\n");
            entry(b, store.get(i));
        }
        b.append(store.count() == 0 ? "]\n}\n" : "\n  ]\n}\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @return the group of a parameter name (see class doc) */
    public static String group(String name) {
        int u = name.indexOf('_');
        String prefix = u > 0 ? name.substring(0, u) : name;
        return GROUPS.getOrDefault(prefix, prefix);
    }

    private static void entry(StringBuilder b, Param p) {
        boolean integer = p.type() == ParamType.INT;
        String description = p.description().strip();
        String shortDesc = firstSentence(description);
        b.append("    {\n");
        field(b, "name", p.name());
        field(b, "type", integer ? "Int32" : "Float");
        field(b, "shortDesc", shortDesc.isEmpty() ? p.name() : shortDesc);
        if (!shortDesc.equals(description)) {
            field(b, "longDesc", description);
        }
        if (!p.unit().isEmpty()) {
            field(b, "units", p.unit());
        }
        number(b, "default", p.defaultValue(), integer);
        number(b, "min", p.min(), integer);
        number(b, "max", p.max(), integer);
        if (!p.values().isEmpty()) {
            b.append("      \"values\": [");
            boolean first = true;
            for (Map.Entry<Integer, String> v : p.values().entrySet()) {
                b.append(first ? "\n" : ",\n").append("        { \"value\": ").append(v.getKey().intValue())
                        .append(", \"description\": ");
                quote(b, v.getValue());
                b.append(" }");
                first = false;
            }
            b.append("\n      ],\n");
        }
        if (p.isReadOnly()) {
            b.append("      \"readOnly\": true,\n");
        }
        if (description.toLowerCase(Locale.ROOT).contains("reboot")) {
            b.append("      \"rebootRequired\": true,\n");
        }
        b.append("      \"group\": ");
        quote(b, group(p.name()));
        b.append("\n    }");
    }

    private static void field(StringBuilder b, String key, String value) {
        b.append("      \"").append(key).append("\": ");
        quote(b, value);
        b.append(",\n");
    }

    private static void number(StringBuilder b, String key, double value, boolean integer) {
        b.append("      \"").append(key).append("\": ");
        if (integer) {
            b.append((long) value);
        } else {
            // The double as registered (0.1, not float32's 0.10000000149…): QGC converts to float.
            // Double.toString of a finite value is a JSON number ("1.0E-4" included).
            b.append(value);
        }
        b.append(",\n");
    }

    /**
     * Appends {@code text} as a JSON string (RFC 8259 §7): quote, backslash and control
     * characters escaped, everything else as is (the file is UTF-8).
     */
    public static void quote(StringBuilder b, String text) {
        b.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** The text up to and including the first ". " (or the whole text). */
    static String firstSentence(String text) {
        int i = text.indexOf(". ");
        return i < 0 ? text : text.substring(0, i + 1);
    }
}
