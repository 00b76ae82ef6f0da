package org.hoverla.core.param.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.ParamType;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.api.Test;

class ParamMetadataJsonTest {

    /*
     * mavlink component_metadata/parameter.schema.json, checked by hand (no JSON-schema validator
     * is among the project's dependencies): item keys (additionalProperties false), their JSON
     * types, the name pattern and the type enum; root keys and required ones.
     */
    private static final Set<String> ITEM_KEYS = Set.of("name", "type", "shortDesc", "longDesc", "units", "default",
            "decimalPlaces", "min", "max", "increment", "rebootRequired", "group", "category", "volatile", "values",
            "bitmask", "readOnly");
    private static final Set<String> TEXT_KEYS = Set.of("name", "type", "shortDesc", "longDesc", "units", "group",
            "category");
    private static final Set<String> NUMBER_KEYS = Set.of("default", "min", "max", "increment");
    private static final Set<String> FLAG_KEYS = Set.of("rebootRequired", "volatile", "readOnly");
    private static final Set<String> TYPES = Set.of("Uint8", "Int8", "Uint16", "Int16", "Uint32", "Int32", "Float");
    private static final Pattern NAME = Pattern.compile("^[\\.\\-a-zA-Z0-9_\\{\\}]{1,16}$");

    private final ParamStore store = new FlightParams(new ParamStore()).store;

    private JsonNode parse(ParamStore s) throws IOException {
        return new ObjectMapper().readTree(ParamMetadataJson.generate(s));
    }

    private static List<String> schemaViolations(JsonNode root) {
        List<String> bad = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!Set.of("version", "translation", "parameters").contains(k)) {
                bad.add("root key " + k);
            }
        }
        if (!root.path("version").isIntegralNumber() || !root.path("parameters").isArray()) {
            bad.add("root needs integer version and parameters array");
        }
        for (JsonNode p : root.path("parameters")) {
            String name = p.path("name").asText("?");
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String k = f.getKey();
                JsonNode v = f.getValue();
                if (!ITEM_KEYS.contains(k)
                        || (TEXT_KEYS.contains(k) && !v.isTextual())
                        || (NUMBER_KEYS.contains(k) && !v.isNumber())
                        || (FLAG_KEYS.contains(k) && !v.isBoolean())
                        || (k.equals("decimalPlaces") && !(v.isIntegralNumber() && v.asInt() >= 0))) {
                    bad.add(name + "." + k + "=" + v);
                }
            }
            if (!NAME.matcher(name).matches()) {
                bad.add(name + ": name pattern");
            }
            if (!TYPES.contains(p.path("type").asText())) {
                bad.add(name + ": type " + p.path("type"));
            }
            for (JsonNode e : p.path("values")) {
                if (!e.path("value").isNumber() || !e.path("description").isTextual() || e.size() != 2) {
                    bad.add(name + ": value entry " + e);
                }
            }
        }
        return bad;
    }

    @Test
    void shouldDescribeEveryParameterOfTheStoreInRegistrationOrder() throws IOException {
        // Given the flight parameters
        // When their metadata is generated
        JsonNode root = parse(store);

        // Then there is one entry per parameter, in index order, with name, type, default and range
        JsonNode list = root.path("parameters");
        assertThat(list.size()).isEqualTo(store.count());
        for (int i = 0; i < store.count(); i++) {
            Param p = store.get(i);
            JsonNode e = list.get(i);
            assertThat(e.path("name").asText()).isEqualTo(p.name());
            assertThat(e.path("type").asText()).isEqualTo(p.type() == ParamType.INT ? "Int32" : "Float");
            assertThat(e.path("default").asDouble()).as(p.name()).isEqualTo(p.defaultValue());
            assertThat(e.path("min").asDouble()).as(p.name()).isEqualTo(p.min());
            assertThat(e.path("max").asDouble()).as(p.name()).isEqualTo(p.max());
            assertThat(e.path("units").asText("")).isEqualTo(p.unit());
            assertThat(e.path("shortDesc").asText()).isNotBlank();
            assertThat(e.path("group").asText()).isNotBlank();
            if (p.type() == ParamType.INT) {
                assertThat(e.path("default").isIntegralNumber()).as(p.name()).isTrue();
            }
        }
    }

    @Test
    void shouldFollowTheParameterSchemaWithTheVersionQgcAccepts() throws IOException {
        // Given the flight parameters plus an enumerated, a read-only and a reboot-bound one
        store.addEnum("TST_ENUM", 0, "An enumerated setting.", Map.of(0, "Off", 1, "On", 2, "Auto"));
        store.addInt("TST_READ_ONLY", 3, 0, 255, "", "Board revision.", true);
        store.addInt("TST_REBOOT", 4001, 0, 9999, "", "Airframe id. Applies after a reboot.");

        // When the metadata is generated
        JsonNode root = parse(store);

        // Then nothing breaks the schema, and the version is 1 (CompInfoParam.cc refuses others)
        assertThat(schemaViolations(root)).isEmpty();
        assertThat(root.path("version").asInt()).isEqualTo(1);
    }

    @Test
    void shouldListTheMeaningOfEachEnumeratedValue() throws IOException {
        // Given an enumerated parameter (PX4 would show 0/1/2 as multirotor/fixed-wing/VTOL)
        ParamStore s = new ParamStore();
        s.addEnum("CA_AIRFRAME", 0, "Airframe geometry.", Map.of(2, "Hexarotor X", 0, "Quadrotor X", 1, "Quadrotor +"));

        // When its metadata is generated
        JsonNode e = parse(s).path("parameters").get(0);

        // Then Hoverla's meanings are listed in value order, with the range they span
        assertThat(e.path("values").toString()).isEqualTo("[{\"value\":0,\"description\":\"Quadrotor X\"},"
                + "{\"value\":1,\"description\":\"Quadrotor +\"},{\"value\":2,\"description\":\"Hexarotor X\"}]");
        assertThat(e.path("min").asInt()).isZero();
        assertThat(e.path("max").asInt()).isEqualTo(2);
        assertThat(e.has("units")).isFalse();
    }

    @Test
    void shouldMarkReadOnlyAndRebootRequiredOnlyWhereTheyHold() throws IOException {
        // Given a read-only, a reboot-bound and a plain parameter
        ParamStore s = new ParamStore();
        s.addInt("SYS_HW_REV", 3, 0, 255, "", "Board revision.", true);
        s.addInt("SYS_AUTOSTART", 4001, 0, 9999, "", "Airframe id. Applies after a Reboot.");
        s.addFloat("MPC_XY_VEL_MAX", 12, 0, 20, "m/s", "Maximum horizontal velocity.");

        // When their metadata is generated
        JsonNode list = parse(s).path("parameters");

        // Then each flag appears only where it is true
        assertThat(list.get(0).path("readOnly").asBoolean()).isTrue();
        assertThat(list.get(0).has("rebootRequired")).isFalse();
        assertThat(list.get(1).path("rebootRequired").asBoolean()).isTrue();
        assertThat(list.get(1).has("readOnly")).isFalse();
        assertThat(list.get(2).has("readOnly")).isFalse();
        assertThat(list.get(2).has("rebootRequired")).isFalse();
    }

    @Test
    void shouldSplitShortAndLongDescriptionsAndKeepUnits() throws IOException {
        // Given one- and two-sentence descriptions
        ParamStore s = new ParamStore();
        s.addFloat("MPC_XY_VEL_MAX", 12, 0, 20, "m/s", "Maximum horizontal velocity.");
        s.addFloat("MC_ROLLRATE_P", 0.15, 0, 1, "", "Roll rate P gain. Raise it until the vehicle oscillates, then back off.");

        // When generated
        JsonNode list = parse(s).path("parameters");

        // Then the first sentence is the short description, the whole text the long one
        assertThat(list.get(0).path("shortDesc").asText()).isEqualTo("Maximum horizontal velocity.");
        assertThat(list.get(0).has("longDesc")).isFalse();
        assertThat(list.get(0).path("units").asText()).isEqualTo("m/s");
        assertThat(list.get(1).path("shortDesc").asText()).isEqualTo("Roll rate P gain.");
        assertThat(list.get(1).path("longDesc").asText()).startsWith("Roll rate P gain. Raise");
        assertThat(list.get(1).path("default").asDouble()).isEqualTo(0.15);
    }

    @Test
    void shouldGroupByPx4PrefixAndFallBackToThePrefix() {
        // Given names with known, unknown and no prefix
        // Then they fall into PX4's group names or their own prefix
        assertThat(ParamMetadataJson.group("MPC_XY_VEL_MAX")).isEqualTo("Multicopter Position Control");
        assertThat(ParamMetadataJson.group("RTL_RETURN_ALT")).isEqualTo("Return Mode");
        assertThat(ParamMetadataJson.group("ZZZ_THING")).isEqualTo("ZZZ");
        assertThat(ParamMetadataJson.group("NOPREFIX")).isEqualTo("NOPREFIX");
    }

    @Test
    void shouldGiveEqualBytesForEqualStoresAndIgnoreCurrentValues() {
        // Given two equal stores, one with changed values
        ParamStore other = new FlightParams(new ParamStore()).store;
        for (int i = 0; i < other.count(); i++) {
            Param p = other.get(i);
            p.set(p.max());
        }

        // When both are generated
        // Then the bytes are equal (metadata is static, so the CRC cache key is stable)
        assertThat(ParamMetadataJson.generate(other)).isEqualTo(ParamMetadataJson.generate(store));
    }

    @Test
    void shouldEscapeTextThatIsNotPlainJson() throws IOException {
        // Given a description with quotes, a backslash and non-ASCII text
        ParamStore s = new ParamStore();
        s.addFloat("GF_MAX_HOR_DIST", 0, 0, 1000, "m", "Max \"horizontal\" distance \\ from home, 0 = off (°).");

        // When generated and parsed again
        JsonNode e = parse(s).path("parameters").get(0);

        // Then the text survives unchanged
        assertThat(e.path("shortDesc").asText()).isEqualTo("Max \"horizontal\" distance \\ from home, 0 = off (°).");
    }
}
