package org.hoverla.core.boot;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hoverla.core.boot.BoardConfig.Buses;
import org.hoverla.core.boot.ChipCatalog.BusKind;
import org.hoverla.core.boot.ChipCatalog.Chip;
import org.hoverla.core.boot.DeviceConfig.Bus;
import org.hoverla.core.boot.DeviceConfig.Role;
import org.hoverla.core.sensors.Rotation;

/**
 * Reads a board file (YAML, or JSON when the name ends in {@code .json}) into a {@link BoardConfig}.
 * Every problem is reported with the file and line it is on: syntax errors, unknown keys (with the
 * nearest valid key), unknown chips or roles, a chip on a bus it cannot sit on, duplicate
 * addresses, impossible rotations, options out of range, a board without an IMU.
 *
 * <p>Locations: Jackson's tree model keeps none, so the file is read twice, once as tokens to
 * note the line of every JSON pointer and once as a tree to validate.
 *
 * <p>Shipped profiles (resources {@code boards/NAME.yaml}) are found by name: {@code --board pilotpi}.
 */
public final class BoardFile {
    static final Set<String> TOP_KEYS = Set.of("board", "description", "buses", "simulator", "devices", "mavlink");
    static final Set<String> DEVICE_KEYS = Set.of("role", "chip", "i2c", "spi", "uart", "rotation", "priority", "options",
            "fault");
    /** Serial rates a board may ask for (standard UART rates receivers use). */
    static final List<Integer> BAUD_RATES = List.of(4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600);
    static final Set<String> SIMULATOR_KEYS = Set.of("host", "port");
    /** The profiles shipped inside the artifact, by name. */
    public static final List<String> SHIPPED = List.of("pilotpi", "pilotpi-dual-gnss", "diy-i2c", "bench-fake",
            "bench-fake-faulty", "sitl", "simulator-api");

    /** Board files larger than this are refused before they are read: 1 MiB. */
    public static final long MAX_FILE_BYTES = 1L << 20;

    private final String source;
    private final Map<String, Integer> lines = new HashMap<>();

    private BoardFile(String source) {
        this.source = source;
    }

    /**
     * Reads a board: a path to a file, or the name of a shipped profile.
     *
     * @throws BoardFileException naming the file, line and problem
     */
    public static BoardConfig load(String fileOrProfile) throws BoardFileException {
        Path path = Path.of(fileOrProfile);
        if (!Files.exists(path) && SHIPPED.contains(fileOrProfile)) {
            return profile(fileOrProfile);
        }
        byte[] bytes;
        try {
            // Refuse before reading: a board file is a few kB; a wrong path (a log, an image) must
            // not be read whole into memory at boot.
            long size = Files.size(path);
            if (size > MAX_FILE_BYTES) {
                throw new BoardFileException(fileOrProfile + ": file is " + size + " bytes, more than the limit of "
                        + MAX_FILE_BYTES + " (1 MiB) for a board file");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new BoardFileException(fileOrProfile + ": no such file (shipped profiles: "
                    + String.join(", ", SHIPPED) + ")");
        } catch (IOException e) {
            throw new BoardFileException(fileOrProfile + ": cannot read: " + e.getMessage());
        }
        return parse(fileOrProfile, new String(bytes, StandardCharsets.UTF_8), fileOrProfile.endsWith(".json"));
    }

    /** A shipped profile by name. */
    public static BoardConfig profile(String name) throws BoardFileException {
        String resource = "/boards/" + name + ".yaml";
        try (InputStream in = BoardFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new BoardFileException(name + ": no shipped board profile of that name (shipped: "
                        + String.join(", ", SHIPPED) + ")");
            }
            return parse("boards/" + name + ".yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            throw new BoardFileException(resource + ": cannot read: " + e.getMessage());
        }
    }

    /** Parses board text; {@code source} names it in messages. */
    public static BoardConfig parse(String source, String text, boolean json) throws BoardFileException {
        return new BoardFile(source).read(text, json);
    }

    private BoardConfig read(String text, boolean json) throws BoardFileException {
        JsonFactory factory = json ? new JsonFactory() : new YAMLFactory();
        JsonNode root;
        try {
            try (JsonParser p = factory.createParser(text)) {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t == JsonToken.FIELD_NAME) {
                        continue;
                    }
                    String pointer = p.getParsingContext().pathAsPointer().toString();
                    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                        // The container's own pointer is its parent's entry.
                        pointer = p.getParsingContext().getParent() == null ? ""
                                : p.getParsingContext().getParent().pathAsPointer().toString();
                    }
                    lines.putIfAbsent(pointer, p.currentLocation().getLineNr());
                }
            }
            root = new ObjectMapper(factory).readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new BoardFileException(source + ":" + line + ": not valid " + (json ? "JSON" : "YAML") + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BoardFileException(source + ": cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw error("", "a board file is a mapping with at least 'board' and 'buses'");
        }
        checkKeys(root, "", TOP_KEYS);
        String name = requiredText(root, "", "board");
        String description = root.has("description") ? text(root.get("description"), "/description") : "";
        Buses buses = buses(root);
        String simHost = "127.0.0.1";
        int simPort = 4560;
        if (root.has("simulator")) {
            if (buses != Buses.SIMULATOR_API) {
                throw error("/simulator", "'simulator' belongs only to a board with buses: simulator-api");
            }
            JsonNode sim = root.get("simulator");
            if (!sim.isObject()) {
                throw error("/simulator", "expected a mapping with host and port");
            }
            checkKeys(sim, "/simulator", SIMULATOR_KEYS);
            if (sim.has("host")) {
                simHost = text(sim.get("host"), "/simulator/host");
            }
            if (sim.has("port")) {
                simPort = (int) integer(sim.get("port"), "/simulator/port", 1, 65535);
            }
        }
        List<String> mavlink = new ArrayList<>();
        if (root.has("mavlink")) {
            JsonNode links = root.get("mavlink");
            if (!links.isArray()) {
                throw error("/mavlink", "expected a list of link specs, e.g. [\"udp:192.168.1.10:14550\"]");
            }
            for (int i = 0; i < links.size(); i++) {
                String spec = text(links.get(i), "/mavlink/" + i);
                try {
                    org.hoverla.core.mavlink.link.LinkSpec.parse(spec);
                } catch (IllegalArgumentException e) {
                    throw error("/mavlink/" + i, "'" + spec + "': " + e.getMessage());
                }
                mavlink.add(spec);
            }
        }
        List<DeviceConfig> devices = devices(root, buses);
        return new BoardConfig(name, description, source, buses, simHost, simPort, List.copyOf(devices),
                List.copyOf(mavlink));
    }

    private Buses buses(JsonNode root) throws BoardFileException {
        String text = requiredText(root, "", "buses");
        for (Buses b : Buses.values()) {
            if (b.key().equals(text)) {
                return b;
            }
        }
        throw error("/buses", "'" + text + "' is not one of linux, fake, simulation, simulator-api");
    }

    private List<DeviceConfig> devices(JsonNode root, Buses buses) throws BoardFileException {
        List<DeviceConfig> out = new ArrayList<>();
        boolean simulated = buses == Buses.SIMULATION || buses == Buses.SIMULATOR_API;
        if (!root.has("devices")) {
            if (simulated) {
                return out;
            }
            throw error("", "a board with buses: " + buses.key() + " needs a 'devices' list with at least one IMU");
        }
        JsonNode list = root.get("devices");
        if (!list.isArray()) {
            throw error("/devices", "expected a list of devices");
        }
        if (simulated && !list.isEmpty()) {
            throw error("/devices", "a board with buses: " + buses.key() + " takes its devices from the simulator; "
                    + "remove the list");
        }
        Map<String, String> taken = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "/devices/" + i;
            JsonNode d = list.get(i);
            if (!d.isObject()) {
                throw error(at, "expected a mapping with role, chip and its bus");
            }
            checkKeys(d, at, DEVICE_KEYS);
            Role role = role(d, at);
            String chipName = requiredText(d, at, "chip").toLowerCase(Locale.ROOT);
            Chip chip = ChipCatalog.chip(chipName);
            if (chip == null) {
                throw error(at + "/chip", "unknown chip '" + chipName + "'; " + role.key() + " chips: "
                        + String.join(", ", ChipCatalog.namesOf(role)));
            }
            if (chip.role() != role) {
                throw error(at + "/chip", chipName + " is a " + chip.role().key() + " chip, not a " + role.key()
                        + " (" + role.key() + " chips: " + String.join(", ", ChipCatalog.namesOf(role)) + ")");
            }
            Bus bus = bus(d, at, chip);
            if (chip.buses().contains(BusKind.NONE) && buses != Buses.FAKE) {
                throw error(at + "/chip", chipName + " exists only on fake boards (buses: fake)");
            }
            if (!(bus instanceof Bus.None)) {
                String key = bus instanceof Bus.Uart u ? "serial port " + u.path() : bus.toString();
                String other = taken.putIfAbsent(key, at);
                if (other != null) {
                    throw error(at, "duplicate address: " + key + " is already taken by the device on line "
                            + lines.getOrDefault(other, 0));
                }
            }
            Rotation rotation = Rotation.NONE;
            if (d.has("rotation")) {
                JsonNode r = d.get("rotation");
                try {
                    rotation = r.isIntegralNumber() ? Rotation.fromId(r.intValue()) : Rotation.parse(r.asText());
                } catch (IllegalArgumentException e) {
                    throw error(at + "/rotation", e.getMessage());
                }
            }
            int priority = d.has("priority") ? (int) integer(d.get("priority"), at + "/priority", 0, 100) : 50;
            Map<String, Double> options = options(d, at, chip);
            FakeFault fault = fault(d, at, chipName, buses);
            out.add(new DeviceConfig(lines.getOrDefault(at, 0), role, chipName, bus, rotation, priority, options, fault));
        }
        if (out.stream().noneMatch(x -> x.role() == Role.IMU)) {
            throw error("/devices", "the board has no IMU: a vehicle cannot fly without one");
        }
        if (out.stream().filter(x -> x.role() == Role.PWM).count() > 1) {
            throw error("/devices", "more than one pwm device: Hoverla drives all motors from one PWM chip");
        }
        if (out.stream().filter(x -> x.role() == Role.BATTERY).count() > 1) {
            throw error("/devices", "more than one battery device: one battery monitor is supported");
        }
        if (out.stream().filter(x -> x.role() == Role.RC).count() > 1) {
            throw error("/devices", "more than one rc device: one RC receiver is supported");
        }
        if (out.stream().filter(x -> x.role() == Role.GNSS).count() > org.hoverla.core.msg.SensorsStatus.MAX_INSTANCES) {
            throw error("/devices", "more than " + org.hoverla.core.msg.SensorsStatus.MAX_INSTANCES
                    + " gnss devices: the GNSS frontend selects among at most that many receivers");
        }
        return out;
    }

    /** A fake device's injected fault ({@link FakeFault}); only on fake boards, only where the chip's fake models it. */
    private FakeFault fault(JsonNode d, String at, String chip, Buses buses) throws BoardFileException {
        if (!d.has("fault")) {
            return null;
        }
        String text = text(d.get("fault"), at + "/fault");
        if (buses != Buses.FAKE) {
            throw error(at + "/fault", "faults are injected into fake devices only (buses: fake)");
        }
        FakeFault fault = FakeFault.parse(text);
        if (fault == null) {
            throw error(at + "/fault", "unknown fault '" + text + "'; faults: " + String.join(", ", FakeFault.keys()));
        }
        if (!fault.supports(chip)) {
            throw error(at + "/fault", "fault " + fault.key() + " is not modelled for " + chip + " (it is for: "
                    + String.join(", ", fault.chips()) + ")");
        }
        return fault;
    }

    private Role role(JsonNode d, String at) throws BoardFileException {
        String text = requiredText(d, at, "role").toLowerCase(Locale.ROOT);
        for (Role r : Role.values()) {
            if (r.key().equals(text)) {
                return r;
            }
        }
        throw error(at + "/role", "unknown role '" + text + "' (imu, baro, mag, gnss, battery, pwm, rc)");
    }

    private Bus bus(JsonNode d, String at, Chip chip) throws BoardFileException {
        boolean i2c = d.has("i2c");
        boolean spi = d.has("spi");
        boolean uart = d.has("uart");
        if ((i2c ? 1 : 0) + (spi ? 1 : 0) + (uart ? 1 : 0) > 1) {
            throw error(at, "a device is on one of i2c, spi or uart, not several");
        }
        if (uart) {
            if (!chip.buses().contains(BusKind.UART)) {
                throw error(at + "/uart", chip.name() + " is not a serial device");
            }
            JsonNode b = d.get("uart");
            if (!b.isObject()) {
                throw error(at + "/uart", "expected {path: /dev/ttyAMA0, baud: 38400}");
            }
            checkKeys(b, at + "/uart", Set.of("path", "baud"));
            String path = text(required(b, at + "/uart", "path"), at + "/uart/path");
            if (path.isEmpty()) {
                throw error(at + "/uart/path", "empty serial port path");
            }
            if (SerialRc.isRcChip(chip.name())) {
                int baud = b.has("baud") ? (int) integer(b.get("baud"), at + "/uart/baud", 1, 4_000_000)
                        : SerialRc.defaultBaud(chip.name());
                String problem = SerialRc.baudProblem(chip.name(), baud);
                if (problem != null) {
                    throw error(at + "/uart/baud", problem);
                }
                return new Bus.Uart(path, baud);
            }
            int baud = (int) integer(required(b, at + "/uart", "baud"), at + "/uart/baud", 1, 4_000_000);
            if (!BAUD_RATES.contains(baud)) {
                throw error(at + "/uart/baud", baud + " is not a standard rate " + BAUD_RATES);
            }
            return new Bus.Uart(path, baud);
        }
        if (!i2c && !spi) {
            if (chip.buses().contains(BusKind.NONE)) {
                return new Bus.None();
            }
            throw error(at, chip.name() + " needs its bus: " + (chip.buses().contains(BusKind.I2C)
                    ? "i2c: {bus: 1, address: 0x" + Integer.toHexString(chip.i2cAddresses().get(0)) + "}"
                    : chip.buses().contains(BusKind.UART) ? "uart: {path: /dev/ttyAMA0, baud: 38400}"
                    : "spi: {bus: 0, cs: 0}"));
        }
        if (i2c) {
            if (!chip.buses().contains(BusKind.I2C)) {
                throw error(at + "/i2c", chip.name() + " is not an I2C chip here (use spi)");
            }
            JsonNode b = d.get("i2c");
            if (!b.isObject()) {
                throw error(at + "/i2c", "expected {bus: N, address: 0xNN}");
            }
            checkKeys(b, at + "/i2c", Set.of("bus", "address"));
            int bus = (int) integer(required(b, at + "/i2c", "bus"), at + "/i2c/bus", 0, 31);
            int address = (int) integer(required(b, at + "/i2c", "address"), at + "/i2c/address", 0x03, 0x77);
            if (!chip.i2cAddresses().isEmpty() && !chip.i2cAddresses().contains(address)) {
                throw error(at + "/i2c/address", chip.name() + " answers only at "
                        + chip.i2cAddresses().stream().map(a -> "0x" + Integer.toHexString(a)).toList()
                        + ", not 0x" + Integer.toHexString(address));
            }
            return new Bus.I2c(bus, address);
        }
        if (!chip.buses().contains(BusKind.SPI)) {
            throw error(at + "/spi", chip.name() + " is not an SPI chip here (use i2c)");
        }
        JsonNode b = d.get("spi");
        if (!b.isObject()) {
            throw error(at + "/spi", "expected {bus: N, cs: N}");
        }
        checkKeys(b, at + "/spi", Set.of("bus", "cs"));
        int bus = (int) integer(required(b, at + "/spi", "bus"), at + "/spi/bus", 0, 31);
        int cs = (int) integer(required(b, at + "/spi", "cs"), at + "/spi/cs", 0, 15);
        return new Bus.Spi(bus, cs);
    }

    private Map<String, Double> options(JsonNode d, String at, Chip chip) throws BoardFileException {
        Map<String, Double> out = new LinkedHashMap<>();
        for (ChipCatalog.Option o : chip.options()) {
            out.put(o.key(), o.fallback());
        }
        if (!d.has("options")) {
            return out;
        }
        JsonNode opts = d.get("options");
        if (!opts.isObject()) {
            throw error(at + "/options", "expected a mapping of option: number");
        }
        Set<String> known = new java.util.TreeSet<>();
        chip.options().forEach(o -> known.add(o.key()));
        if (known.isEmpty()) {
            throw error(at + "/options", chip.name() + " takes no options");
        }
        checkKeys(opts, at + "/options", known);
        Iterator<Map.Entry<String, JsonNode>> it = opts.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            ChipCatalog.Option o = chip.option(e.getKey());
            String where = at + "/options/" + e.getKey();
            if (!e.getValue().isNumber()) {
                throw error(where, "expected a number, not '" + e.getValue().asText() + "'");
            }
            double v = e.getValue().doubleValue();
            if (!(v >= o.min() && v <= o.max())) {
                throw error(where, v + " is outside " + o.min() + " .. " + o.max() + " (" + o.meaning() + ")");
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    private void checkKeys(JsonNode node, String at, Set<String> known) throws BoardFileException {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!known.contains(key)) {
                String near = nearest(key, known);
                throw error(at + "/" + key, "unknown key '" + key + "'" + (near == null ? "" : " (did you mean '"
                        + near + "'?)") + "; valid here: " + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
    }

    private JsonNode required(JsonNode node, String at, String key) throws BoardFileException {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw error(at, "missing '" + key + "'");
        }
        return v;
    }

    private String requiredText(JsonNode node, String at, String key) throws BoardFileException {
        return text(required(node, at, key), at + "/" + key);
    }

    private String text(JsonNode v, String at) throws BoardFileException {
        if (!v.isValueNode() || v.isNull()) {
            throw error(at, "expected a text value");
        }
        return v.asText().trim();
    }

    /** Whole numbers, also written as hex text ("0x77", as YAML 1.2 readers may keep it). */
    private long integer(JsonNode v, String at, long min, long max) throws BoardFileException {
        long value;
        if (v.isIntegralNumber()) {
            value = v.longValue();
        } else if (v.isTextual() && v.asText().trim().toLowerCase(Locale.ROOT).startsWith("0x")) {
            try {
                value = Long.parseLong(v.asText().trim().substring(2), 16);
            } catch (NumberFormatException e) {
                throw error(at, "'" + v.asText() + "' is not a hexadecimal number");
            }
        } else {
            throw error(at, "expected a whole number, not '" + v.asText() + "'");
        }
        if (value < min || value > max) {
            throw error(at, value + " is outside " + min + " .. " + max);
        }
        return value;
    }

    private BoardFileException error(String pointer, String problem) {
        Integer line = lines.get(pointer);
        String p = pointer;
        while (line == null && !p.isEmpty()) {
            p = p.substring(0, p.lastIndexOf('/'));
            line = lines.get(p);
        }
        String path = pointer.isEmpty() ? "" : pointer.substring(1).replaceAll("/(\\d+)", "[$1]").replace('/', '.') + ": ";
        return new BoardFileException(source + ":" + (line == null ? 1 : line) + ": " + path + problem);
    }

    /** The known key within edit distance 2 of a typo, or null. */
    static String nearest(String key, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(key.toLowerCase(Locale.ROOT), k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
