package org.hoverla.core.param.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * stores give equal bytes and an equal CRC (the ground station's cache key). Pure; any thread
 * that may read the store.
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

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ParamMetadataJson() {
    }

    /** @return the metadata document for every parameter of {@code store}, in registration order */
    public static ObjectNode document(ParamStore store) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", VERSION);
        ArrayNode list = root.putArray("parameters");
        for (int i = 0; i < store.count(); i++) {
            list.add(entry(store.get(i)));
        }
        return root;
    }

    /** @return {@link #document} as UTF-8 JSON text ending in a newline */
    public static byte[] generate(ParamStore store) {
        try {
            return (MAPPER.writeValueAsString(document(store)) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("parameter metadata did not serialise", e);
        }
    }

    /** @return the group of a parameter name (see class doc) */
    public static String group(String name) {
        int u = name.indexOf('_');
        String prefix = u > 0 ? name.substring(0, u) : name;
        return GROUPS.getOrDefault(prefix, prefix);
    }

    private static ObjectNode entry(Param p) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("name", p.name());
        boolean integer = p.type() == ParamType.INT;
        o.put("type", integer ? "Int32" : "Float");
        String description = p.description().strip();
        String shortDesc = firstSentence(description);
        o.put("shortDesc", shortDesc.isEmpty() ? p.name() : shortDesc);
        if (!shortDesc.equals(description)) {
            o.put("longDesc", description);
        }
        if (!p.unit().isEmpty()) {
            o.put("units", p.unit());
        }
        number(o, "default", p.defaultValue(), integer);
        number(o, "min", p.min(), integer);
        number(o, "max", p.max(), integer);
        if (!p.values().isEmpty()) {
            ArrayNode values = o.putArray("values");
            for (Map.Entry<Integer, String> v : p.values().entrySet()) {
                values.addObject().put("value", v.getKey().intValue()).put("description", v.getValue());
            }
        }
        if (p.isReadOnly()) {
            o.put("readOnly", true);
        }
        if (description.toLowerCase(Locale.ROOT).contains("reboot")) {
            o.put("rebootRequired", true);
        }
        o.put("group", group(p.name()));
        return o;
    }

    private static void number(ObjectNode o, String key, double value, boolean integer) {
        if (integer) {
            o.put(key, (long) value);
        } else {
            // The double as registered (0.1, not float32's 0.10000000149…): QGC converts to float.
            o.put(key, value);
        }
    }

    /** The text up to and including the first ". " (or the whole text). */
    static String firstSentence(String text) {
        int i = text.indexOf(". ");
        return i < 0 ? text : text.substring(0, i + 1);
    }
}
