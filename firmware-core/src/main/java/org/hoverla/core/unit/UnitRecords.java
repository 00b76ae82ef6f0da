package org.hoverla.core.unit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.ParamType;

/**
 * The unit record: an append-only file of JSON entries per unit (one per self-test,
 * calibration, repair…), each with the unit's identity, firmware version and build hash, the full
 * parameter set, calibration values and dates, the event's own payload and the operator.
 * Earlier entries are never rewritten.
 *
 * <p><b>Format</b> (docs/unit-record.md): JSON Lines, one entry per line, UTF-8, each line ending
 * in {@code \n}. Every entry has {@code "schema":"hoverla-unit-record/1"} first and ends with
 * {@code ,"prev_sha256":"<64 hex>","sha256":"<64 hex>"}: {@code sha256} is the SHA-256 of the
 * line's bytes before {@code ,"sha256":"} (so it covers {@code prev_sha256}), and
 * {@code prev_sha256} is the previous line's {@code sha256} ({@link #GENESIS}, 64 zeros, for the
 * first). An edited, inserted, reordered or removed entry breaks the chain at the line that
 * follows it. This is tamper-evident, not a signature: anyone who can write the file can also
 * recompute every hash after an edit, so a record is only as trustworthy as the last hash kept
 * somewhere else (the export and {@code unit show} print it). Hashing the written bytes, not a
 * re-serialisation, lets any tool check the chain (sha256sum of a line's prefix) with no JSON
 * canonicalisation rules to agree on.
 *
 * <p>Boot and CLI threads; an append holds an exclusive lock on the file (other processes wait up
 * to {@link #LOCK_TIMEOUT_MS} ms) so two writers never interleave.
 */
public final class UnitRecords {
    /** The schema tag every entry starts with; readers accept this major version only. */
    public static final String SCHEMA = "hoverla-unit-record/1";
    /** The record's file name in the state directory. */
    public static final String DEFAULT_FILE_NAME = "unit-record.jsonl";
    /** {@code prev_sha256} of the first entry. */
    public static final String GENESIS = "0".repeat(64);
    /** How long an append waits for another process's lock on the file. */
    public static final long LOCK_TIMEOUT_MS = 5_000;

    static final String HASH_FIELD = "sha256";
    static final String PREV_FIELD = "prev_sha256";
    /** {@code ,"sha256":"} + 64 hex + {@code "}}: the fixed tail of every line. */
    private static final String TAIL_START = ",\"" + HASH_FIELD + "\":\"";
    private static final int TAIL_LENGTH = TAIL_START.length() + 64 + 2;
    private static final Pattern CAL_SLOT = Pattern.compile("CAL_([A-Z]+)(\\d+)_([A-Z0-9_]+)");
    private static final Pattern ESC_RANGE = Pattern.compile("PWM_MAIN_(MIN|MAX|DIS)\\d*");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private UnitRecords() {
    }

    /** {@code STATE_DIR/unit-record.jsonl}: where the vehicle's commands keep the record. */
    public static Path defaultFile(Path stateDir) {
        return stateDir.resolve(DEFAULT_FILE_NAME);
    }

    /**
     * Builds one entry.
     *
     * @param event    what happened: "selftest", "calibration", "note"
     * @param identity the unit's identity (UID, board, serials, chip ids)
     * @param params   the parameters now (all of them go in, with the calibration ones grouped)
     * @param operator who signs it off, "" when not given
     * @param payload  the event's own data (a self-test report, a calibration result)
     */
    public static ObjectNode entry(String event, UnitIdentity identity, org.hoverla.core.param.ParamStore params,
                                   String operator, JsonNode payload) {
        return entry(event, identity, params, operator, payload, Instant.now());
    }

    /** As {@link #entry(String, UnitIdentity, ParamStore, String, JsonNode)}, at a given time (tests). */
    public static ObjectNode entry(String event, UnitIdentity identity, ParamStore params, String operator,
                                   JsonNode payload, Instant time) {
        if (event == null || event.isBlank()) {
            throw new IllegalArgumentException("a unit record entry needs an event");
        }
        if (identity == null) {
            throw new IllegalArgumentException("a unit record entry needs the unit's identity");
        }
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("schema", SCHEMA);
        e.put("time", time.truncatedTo(ChronoUnit.MILLIS).toString());
        e.put("event", event);
        e.put("operator", operator == null ? "" : operator.trim());
        e.set("unit", identityJson(identity));
        e.set("firmware", firmwareJson());
        e.set("parameters", parametersJson(params));
        e.set("calibration", calibrationJson(params));
        e.set("payload", payload == null ? JsonNodeFactory.instance.objectNode() : payload.deepCopy());
        return e;
    }

    /** The identity as entries and the export carry it. */
    public static ObjectNode identityJson(UnitIdentity id) {
        ObjectNode u = JsonNodeFactory.instance.objectNode();
        u.put("uid", id.uidHex());
        u.put("uid_source", id.uidFromHostSerial() ? "host serial" : "kept");
        u.put("uid2", id.uid2Hex());
        u.put("board_name", id.boardName());
        u.put("board_file", id.boardFile());
        u.put("host_serial", id.hostSerial());
        ArrayNode chips = u.putArray("chips");
        for (UnitIdentity.ChipIdentity c : id.chips()) {
            ObjectNode o = chips.addObject();
            o.put("device", c.device());
            o.put("chip", c.chip());
            o.put("bus", c.bus());
            o.put("address", c.address());
            o.put("device_id", c.deviceId());
            o.put("device_id_hex", String.format("0x%06x", c.deviceId()));
            o.put("chip_id", c.chipId());
        }
        return u;
    }

    /**
     * An identity back from {@link #identityJson} (the snapshot file, an entry's {@code unit}).
     *
     * @throws IllegalArgumentException when a field is missing or the UID is not hexadecimal
     */
    public static UnitIdentity identityFromJson(JsonNode u) {
        if (u == null || !u.isObject() || !u.path("uid").isTextual()) {
            throw new IllegalArgumentException("not a unit identity (no uid)");
        }
        long uid;
        try {
            uid = Long.parseUnsignedLong(u.path("uid").asText(), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("uid '" + u.path("uid").asText() + "' is not hexadecimal");
        }
        List<UnitIdentity.ChipIdentity> chips = new ArrayList<>();
        for (JsonNode c : u.path("chips")) {
            chips.add(new UnitIdentity.ChipIdentity(c.path("device").asText(), c.path("chip").asText(),
                    c.path("bus").asText(), c.path("address").asText(), c.path("device_id").asInt(),
                    c.path("chip_id").asText()));
        }
        return new UnitIdentity(uid, u.path("board_name").asText(), u.path("board_file").asText(),
                u.path("host_serial").asText(), chips);
    }

    /**
     * This build as AUTOPILOT_VERSION reports it: {@code version} (Hoverla's, the middleware
     * version), {@code git_commit} (40 hex digits, "" unknown), {@code flight_custom_version} (the
     * commit's first 16 hex digits as QGroundControl prints the field, 16 zeros when unknown),
     * {@code flight_sw_version} (the PX4 interface level) and {@code build_time} (null: the build
     * embeds no time, so that the same commit builds the same jar; the commit names the build),
     * {@code signer_key_id} (the release key that signed the installed release, 16 hex digits as
     * minisign shows it, as AUTOPILOT_VERSION.middleware_custom_version carries it; null for an
     * unsigned development build, {@link org.hoverla.core.update.RunningRelease}) and
     * {@code param_schema} (the parameter schema this build reads and writes).
     */
    public static ObjectNode firmwareJson() {
        VehicleIdentity v = VehicleIdentity.fromManifest(1, VehicleIdentity.Frame.QUAD_X, 1);
        ObjectNode f = JsonNodeFactory.instance.objectNode();
        f.put("name", "hoverla");
        f.put("version", v.version());
        f.put("git_commit", v.gitCommit());
        f.put("flight_custom_version", customVersionHex(v.flightCustomVersion()));
        f.put("flight_sw_version", VehicleIdentity.PX4_INTERFACE_VERSION);
        f.putNull("build_time");
        if (v.signerKeyId().isEmpty()) {
            f.putNull("signer_key_id");
        } else {
            f.put("signer_key_id", v.signerKeyId());
        }
        f.put("param_schema", org.hoverla.core.param.persist.ParamSchema.CURRENT);
        return f;
    }

    /** AUTOPILOT_VERSION.flight_custom_version bytes as QGroundControl shows them: bytes 7..0 in hex. */
    public static String customVersionHex(byte[] flightCustomVersion) {
        StringBuilder s = new StringBuilder(16);
        for (int i = 7; i >= 0; i--) {
            s.append(String.format("%02x", flightCustomVersion[i] & 0xFF));
        }
        return s.toString();
    }

    /** Every parameter by name, sorted, as its type: floats as float (shortest text), ints as int. */
    static ObjectNode parametersJson(ParamStore params) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        if (params == null) {
            return p;
        }
        Map<String, Param> sorted = new TreeMap<>();
        for (int i = 0; i < params.count(); i++) {
            Param param = params.get(i);
            sorted.put(param.name(), param);
        }
        for (Param param : sorted.values()) {
            putValue(p, param.name(), param);
        }
        return p;
    }

    /**
     * The calibration parameters grouped: {@code sensors} by PX4 slot ({@code ACC0}, {@code GYRO1},
     * {@code MAG0}, {@code BARO0}, …) with each slot's fields ({@code ID}, offsets, scales,
     * {@code DATE} yyyymmdd, {@code TEMP} °C, …), {@code board} the level horizon and board
     * rotation ({@code SENS_BOARD_*}) and {@code esc} the ESC range per output ({@code PWM_MAIN_MINn},
     * {@code PWM_MAIN_MAXn}, {@code PWM_MAIN_DISn}).
     */
    static ObjectNode calibrationJson(ParamStore params) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        ObjectNode sensors = c.putObject("sensors");
        ObjectNode board = c.putObject("board");
        ObjectNode esc = c.putObject("esc");
        if (params == null) {
            return c;
        }
        Map<String, Map<String, Param>> slots = new TreeMap<>();
        Map<String, Param> boardParams = new TreeMap<>();
        Map<String, Param> escParams = new TreeMap<>();
        for (int i = 0; i < params.count(); i++) {
            Param param = params.get(i);
            Matcher m = CAL_SLOT.matcher(param.name());
            if (m.matches()) {
                slots.computeIfAbsent(m.group(1) + m.group(2), k -> new TreeMap<>()).put(m.group(3), param);
            } else if (param.name().startsWith("SENS_BOARD_")) {
                boardParams.put(param.name(), param);
            } else if (ESC_RANGE.matcher(param.name()).matches()) {
                escParams.put(param.name(), param);
            }
        }
        for (Map.Entry<String, Map<String, Param>> slot : slots.entrySet()) {
            ObjectNode s = sensors.putObject(slot.getKey());
            for (Map.Entry<String, Param> field : slot.getValue().entrySet()) {
                putValue(s, field.getKey(), field.getValue());
            }
        }
        for (Param param : boardParams.values()) {
            putValue(board, param.name(), param);
        }
        for (Param param : escParams.values()) {
            putValue(esc, param.name(), param);
        }
        return c;
    }

    private static void putValue(ObjectNode o, String name, Param param) {
        if (param.type() == ParamType.INT) {
            o.put(name, (int) param.doubleValue());
        } else {
            o.put(name, (float) param.doubleValue());
        }
    }

    // ---------------------------------------------------------------------------------------
    // The file

    /**
     * Appends one entry to the record file, durably (the file and, for a new file, its directory
     * are synced). An earlier entry is never changed.
     *
     * <p>The whole file is checked first ({@link #read}): an unparsable line, an entry that is
     * not a unit record's, or a broken hash chain refuses the append. A torn last line (no end of
     * line: an earlier append was cut off) is cut off first. The entry gets the
     * chain fields ({@code prev_sha256}, {@code sha256}) on a copy; the argument is not changed.
     * A write that fails half-way (a full disk) is cut back to the file's old length.
     *
     * @throws IOException naming the file and the cause when it cannot be written, or when the
     *                     file exists and is not a unit record (nothing is written then)
     * @throws IllegalArgumentException when {@code entry} is not one {@link #entry} built
     */
    public static void append(Path file, ObjectNode entry) throws IOException {
        append(file, entry, FileChannel::open);
    }

    /** How {@link #append} opens the file: a test seam for failing writes. */
    @FunctionalInterface
    interface ChannelOpener {
        FileChannel open(Path file, OpenOption... options) throws IOException;
    }

    static void append(Path file, ObjectNode entry, ChannelOpener opener) throws IOException {
        if (entry == null || !SCHEMA.equals(entry.path("schema").asText(null)) || !entry.path("event").isTextual()) {
            throw new IllegalArgumentException("not a unit record entry (build it with UnitRecords.entry)");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IOException(file + ": cannot write the unit record: directory " + parent + " does not exist"
                    + (parent != null && Files.exists(parent) ? " (it is a file)" : ""));
        }
        boolean existed = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        if (existed && !Files.isRegularFile(file)) {
            throw new IOException(file + ": cannot write the unit record: not a regular file");
        }
        FileChannel ch;
        try {
            ch = opener.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (AccessDeniedException e) {
            throw new IOException(file + ": cannot write the unit record: permission denied", e);
        } catch (FileSystemException e) {
            throw new IOException(file + ": cannot write the unit record: "
                    + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()), e);
        }
        boolean written = false;
        try (ch; FileLock lock = lock(ch, file)) {
            byte[] existing = Files.readAllBytes(file);
            Chain chain = verify(file, existing);
            String prev = chain.lastSha256();
            byte[] line = line(entry, prev);
            if (chain.tornTailBytes() > 0) {
                // The interrupted append's bytes go, so the new line starts on a line of its own.
                ch.truncate(existing.length - chain.tornTailBytes());
                ch.force(true);
            }
            long oldSize = ch.size();
            try {
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            } catch (IOException e) {
                try {
                    ch.truncate(oldSize);
                    ch.force(true);
                } catch (IOException ignored) {
                    // The original error is the one to report; the next read names a torn line if this failed.
                }
                throw new IOException(file + ": could not append the entry: " + describe(e)
                        + " (the file was cut back to its " + oldSize + " bytes)", e);
            }
            written = true;
        } finally {
            if (!written && !existed) {
                Files.deleteIfExists(file);
            }
        }
        if (!existed) {
            syncDirectory(parent);
        }
    }

    private static FileLock lock(FileChannel ch, Path file) throws IOException {
        long deadline = System.nanoTime() + LOCK_TIMEOUT_MS * 1_000_000;
        while (true) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // another thread of this process is appending: wait for it as for a process
            }
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(file + ": cannot write the unit record: locked by another writer for more than "
                        + LOCK_TIMEOUT_MS + " ms");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(file + ": interrupted while waiting for the record's lock", e);
            }
        }
    }

    /** The bytes of one record line, {@code \n} included, chained to {@code prevSha256}. */
    static byte[] line(ObjectNode entry, String prevSha256) throws IOException {
        ObjectNode copy = entry.deepCopy();
        copy.remove(HASH_FIELD);
        copy.remove(PREV_FIELD);
        copy.put(PREV_FIELD, prevSha256);
        String body = JSON.writeValueAsString(copy);
        // body ends with '}'; the hash covers everything before the hash field.
        String covered = body.substring(0, body.length() - 1);
        String hash = sha256Hex(covered.getBytes(StandardCharsets.UTF_8));
        return (covered + TAIL_START + hash + "\"}\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for sync; the entry itself is on disk.
        }
    }

    /** Every entry of the file, oldest first. @throws IOException naming the line of a corrupt entry */
    public static List<ObjectNode> read(Path file) throws IOException {
        return verify(file).entries();
    }

    /**
     * A checked record: its entries and the last entry's {@code sha256} ({@link #GENESIS} for an
     * empty file), the hash to keep elsewhere to notice a truncated record later.
     * {@code tornTailBytes} counts the bytes after the last end of line: an append a kill or a
     * power cut interrupted (never reported written, since an append returns only after the whole
     * line is on disk). They are not an entry; the next append cuts them off.
     */
    public record Chain(List<ObjectNode> entries, String lastSha256, int tornTailBytes) {
        public Chain {
            entries = List.copyOf(entries);
        }

        /** A record with no torn tail. */
        public Chain(List<ObjectNode> entries, String lastSha256) {
            this(entries, lastSha256, 0);
        }
    }

    /**
     * Reads and checks the whole file: every line JSON, a unit record entry, its hash right and
     * chained to the previous one. Bytes after the last end of line are a torn append, counted in
     * {@link Chain#tornTailBytes()} and otherwise ignored.
     *
     * @throws IOException naming the file, the line and what is wrong with it; a missing file is a
     *                     {@link NoSuchFileException}
     */
    public static Chain verify(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no unit record here");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not a unit record (not a regular file)");
        }
        return verify(file, Files.readAllBytes(file));
    }

    static Chain verify(Path file, byte[] bytes) throws IOException {
        List<ObjectNode> entries = new ArrayList<>();
        String prev = GENESIS;
        int start = 0;
        int lineNo = 0;
        while (start < bytes.length) {
            lineNo++;
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            if (end == bytes.length) {
                // An append cut off by a kill or a power cut: never acknowledged, so not an entry.
                return new Chain(entries, prev, bytes.length - start);
            }
            String line = decode(file, lineNo, bytes, start, end);
            ObjectNode entry = parse(file, lineNo, line);
            if (!SCHEMA.equals(entry.path("schema").asText(null))) {
                throw corrupt(file, lineNo, entry.has("schema")
                        ? "schema '" + entry.path("schema").asText() + "' is not " + SCHEMA
                        : "not a unit record entry (no \"schema\": \"" + SCHEMA + "\")");
            }
            if (line.length() < TAIL_LENGTH || !line.startsWith(TAIL_START, line.length() - TAIL_LENGTH)
                    || !entry.path(HASH_FIELD).isTextual()) {
                throw corrupt(file, lineNo, "the entry does not end with its \"sha256\" field");
            }
            String covered = line.substring(0, line.length() - TAIL_LENGTH);
            String stated = entry.path(HASH_FIELD).asText();
            String actual = sha256Hex(covered.getBytes(StandardCharsets.UTF_8));
            if (!actual.equals(stated)) {
                throw corrupt(file, lineNo, "the entry was changed after it was written (sha256 " + shortHash(actual)
                        + "…, recorded " + shortHash(stated) + "…)");
            }
            String statedPrev = entry.path(PREV_FIELD).asText("");
            if (!prev.equals(statedPrev)) {
                throw corrupt(file, lineNo, "broken chain: prev_sha256 " + shortHash(statedPrev) + "… is not the "
                        + (lineNo == 1 ? "first entry's " + shortHash(GENESIS) : "previous entry's sha256 " + shortHash(prev))
                        + "… (an entry before it was removed, inserted or changed)");
            }
            prev = stated;
            entries.add(entry);
            start = end + 1;
        }
        return new Chain(entries, prev);
    }

    private static String decode(Path file, int lineNo, byte[] bytes, int start, int end) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
        } catch (CharacterCodingException e) {
            throw corrupt(file, lineNo, "not UTF-8 text");
        }
    }

    private static ObjectNode parse(Path file, int lineNo, String line) throws IOException {
        if (line.isBlank()) {
            throw corrupt(file, lineNo, "empty line");
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw corrupt(file, lineNo, "not a unit record entry (not JSON: " + e.getOriginalMessage() + ")");
        }
        if (!(node instanceof ObjectNode o)) {
            throw corrupt(file, lineNo, "not a unit record entry (not a JSON object)");
        }
        return o;
    }

    private static IOException corrupt(Path file, int lineNo, String what) {
        return new IOException(file + ":" + lineNo + ": " + what);
    }

    private static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String shortHash(String h) {
        return h.length() > 12 ? h.substring(0, 12) : h;
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
